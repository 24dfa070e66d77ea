import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCoins, IconLock, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useMemo, useState } from 'react';
import { confirmDanger } from '../../components/confirm';
import { DataTable } from '../../components/DataTable';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { ListBody } from '../../components/ListBody';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { useRole } from '../../components/session';
import { type CurrencyRateWire, useCurrencySettings, useDeleteRate, useSetReportingCurrency } from './currencies-api';
import { RateModal } from './RateModal';

/** Every ISO 4217 code the browser knows (ICU), labelled "EUR · Euro"; a short list without ICU data. */
function currencyOptions(extra: string[]) {
  let codes: string[];
  try {
    codes = Intl.supportedValuesOf('currency');
  } catch {
    codes = ['AUD', 'CAD', 'CHF', 'CNY', 'EUR', 'GBP', 'JPY', 'SEK', 'USD'];
  }
  const names = new Intl.DisplayNames(undefined, { type: 'currency', fallback: 'code' });
  return [...new Set([...codes, ...extra])].sort().map((c) => ({ value: c, label: `${c} · ${names.of(c) ?? c}` }));
}

/** Rates grouped by currency (the API sorts by currency, then newest `valid_from` first). */
function groupByCurrency(rates: CurrencyRateWire[]) {
  const groups = new Map<string, CurrencyRateWire[]>();
  for (const r of rates) groups.set(r.currency, [...(groups.get(r.currency) ?? []), r]);
  return [...groups.entries()];
}

/**
 * Settings → Currencies: the reporting currency every converted analytics total is in (changing it
 * while rates exist asks to confirm that they are deleted), the rate table grouped by currency
 * ("1 EUR = 1.0825 USD" from a UTC day; the rate in effect today is marked), a warning naming the
 * currencies deals or leads use that have no rate, and add / edit / delete for admins and owners
 * (everyone else reads).
 */
export function CurrenciesPage() {
  const role = useRole();
  const canEdit = role !== null && roleAtLeast(role, 'admin');
  const settings = useCurrencySettings();
  const setReporting = useSetReportingCurrency();
  const del = useDeleteRate();
  const [editing, setEditing] = useState<CurrencyRateWire | { currency?: string } | null>(null);
  const data = settings.data;
  const reporting = data?.reporting_currency ?? 'USD';
  const rates = useMemo(() => data?.rates ?? [], [data]);
  const options = useMemo(() => currencyOptions([reporting]), [reporting]);
  const today = new Date().toISOString().slice(0, 10);
  const missing = (data?.currencies_in_use ?? []).filter(
    (c) => c !== reporting && !rates.some((r) => r.currency === c && r.valid_from <= today),
  );

  const changeReporting = (currency: string | null) => {
    if (!currency || currency === reporting) return;
    const run = (clear: boolean) =>
      setReporting.mutate(
        { currency, clear_rates: clear },
        {
          onSuccess: () => notifySuccess(`Reporting currency is now ${currency}`),
          onError: (err) => notifyError(err, 'Could not change the reporting currency'),
        },
      );
    if (!rates.length) return run(false);
    confirmDanger({
      title: `Change the reporting currency to ${currency}?`,
      message: `The ${rates.length} rate${rates.length === 1 ? '' : 's'} into ${reporting} will be deleted; add rates into ${currency} afterwards.`,
      confirmLabel: 'Change and delete rates',
      onConfirm: () => run(true),
    });
  };
  const onDelete = (r: CurrencyRateWire) =>
    confirmDanger({
      title: `Delete the ${r.currency} rate from ${formatDate(r.valid_from)}?`,
      message: `1 ${r.currency} = ${r.rate} ${reporting}. Figures on and after that day use the previous rate, if any.`,
      confirmLabel: 'Delete rate',
      onConfirm: () =>
        del.mutate(r.id, {
          onSuccess: () => notifySuccess(`${r.currency} rate deleted`),
          onError: (err) => notifyError(err, 'Could not delete the rate'),
        }),
    });
  const addButton = canEdit && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({})}>
      Add rate
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Currencies"
        description="Money figures are shown per currency; totals across currencies convert into the reporting currency with these rates."
      />
      {!canEdit && (
        <Alert variant="light" color="gray" icon={<IconLock size={18} />} mb="md">
          Only admins and owners can change currencies and rates.
        </Alert>
      )}
      <ListBody query={settings} isEmpty={false} empty={null} errorTitle="Could not load the currencies">
        <Stack gap="lg">
          <Paper withBorder radius="md" p="lg">
            <Select
              label="Reporting currency"
              description="Converted totals on the dashboard and in reports are in this currency"
              data={options}
              value={reporting}
              onChange={changeReporting}
              searchable
              allowDeselect={false}
              disabled={!canEdit || setReporting.isPending}
              maw={360}
            />
          </Paper>

          {missing.length > 0 && (
            <Alert
              color="yellow"
              icon={<IconAlertTriangle size={18} />}
              title="Currencies without a rate"
              role="status"
            >
              <Stack gap="xs">
                <Text size="sm">
                  Deals or leads use {missing.join(', ')}, which {missing.length === 1 ? 'has' : 'have'} no rate into{' '}
                  {reporting} today: converted totals leave {missing.length === 1 ? 'it' : 'them'} out.
                </Text>
                {canEdit && (
                  <Group gap="xs">
                    {missing.map((c) => (
                      <Button key={c} size="xs" variant="white" onClick={() => setEditing({ currency: c })}>
                        Add a {c} rate
                      </Button>
                    ))}
                  </Group>
                )}
              </Stack>
            </Alert>
          )}

          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h4">
                Exchange rates
              </Title>
              {rates.length > 0 && addButton}
            </Group>
            {rates.length === 0 ? (
              <EmptyBlock
                icon={<IconCoins size={24} />}
                title="No exchange rates"
                description={`Add a rate for each other currency your deals use, with the day it applies from, to see totals in ${reporting}.`}
                action={addButton || undefined}
              />
            ) : (
              <DataTable
                label="Exchange rates"
                minWidth={640}
                columns={['Currency', 'Rate', 'Valid from', { label: 'Actions', width: 100, hidden: true }]}
              >
                {groupByCurrency(rates).flatMap(([currency, list]) => {
                  const current = list.find((r) => r.valid_from <= today);
                  return list.map((r, i) => (
                    <Table.Tr key={r.id}>
                      {i === 0 && (
                        <Table.Td rowSpan={list.length} style={{ verticalAlign: 'top' }}>
                          <Text fw={600} size="sm">
                            {currency}
                          </Text>
                        </Table.Td>
                      )}
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Text size="sm">
                            1 {r.currency} = {r.rate} {reporting}
                          </Text>
                          {r === current && (
                            <Badge size="xs" variant="light" color="teal" tt="none">
                              In effect
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(r.valid_from)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {canEdit && (
                          <Group gap={2} wrap="nowrap" justify="flex-end">
                            <Tooltip label="Edit rate" withArrow>
                              <ActionIcon
                                variant="subtle"
                                aria-label={`Edit ${r.currency} rate from ${r.valid_from}`}
                                onClick={() => setEditing(r)}
                              >
                                <IconPencil size={16} />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip label="Delete rate" withArrow>
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={`Delete ${r.currency} rate from ${r.valid_from}`}
                                onClick={() => onDelete(r)}
                                loading={del.isPending && del.variables === r.id}
                              >
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Tooltip>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ));
                })}
              </DataTable>
            )}
          </Stack>
        </Stack>
      </ListBody>
      <RateModal
        opened={editing !== null}
        rate={editing && 'id' in editing ? editing : undefined}
        currency={editing && !('id' in editing) ? editing.currency : undefined}
        reporting={reporting}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
