import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCircleCheck } from '@tabler/icons-react';
import type { Pipeline, Wire } from '@relata/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CompanySelect } from '../../components/records/CompanySelect';
import { DEFAULT_CURRENCY } from '../../components/records/custom-values';
import { toMajor, toMinor } from '../../components/records/money';
import { useCompanyOptions } from '../../components/records/records-api';
import { type ConvertLeadResultWire, type LeadWire, useConvertLead, useLead } from './leads-api';

export type PipelineWire = Wire<typeof Pipeline>;

/** Free-mail domains never name a company. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'aol.com',
]);

/** The company domain of a lead's email (null for none or free mail). */
export function emailDomain(email: string | null): string | null {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  return domain && !FREE_MAIL.has(domain) ? domain : null;
}

interface ConvertValues {
  companyMode: 'existing' | 'new';
  companyId: string | null;
  companyName: string;
  companyDomain: string;
  contactIds: string[];
  withDeal: boolean;
  pipelineId: string | null;
  dealName: string;
  amount: number | string;
  currency: string;
  closeDate: string | null;
}

/** The `POST /leads/{id}/convert` body for the dialog's values. */
export function convertBody(v: ConvertValues) {
  const currency = v.currency.trim().toUpperCase() || DEFAULT_CURRENCY;
  return {
    company:
      v.companyMode === 'existing' && v.companyId
        ? { id: v.companyId }
        : {
            create: {
              ...(v.companyName.trim() ? { name: v.companyName.trim() } : {}),
              ...(v.companyDomain.trim() ? { domain: v.companyDomain.trim() } : {}),
            },
          },
    contact_ids: v.contactIds,
    ...(v.withDeal
      ? {
          deal: {
            create: true as const,
            ...(v.pipelineId ? { pipeline_id: v.pipelineId } : {}),
            ...(v.dealName.trim() ? { name: v.dealName.trim() } : {}),
            ...(v.amount !== '' ? { amount: { amount: toMinor(Number(v.amount), currency), currency } } : {}),
            ...(v.closeDate ? { expected_close_date: v.closeDate } : {}),
          },
        }
      : {}),
  };
}

function Converted({
  result,
  companyName,
  onOpenDeal,
  onClose,
}: {
  result: ConvertLeadResultWire;
  companyName: string;
  onOpenDeal: (dealId: string) => void;
  onClose: () => void;
}) {
  return (
    <Stack gap="md">
      <Alert color="teal" icon={<IconCircleCheck size={18} />} title="Lead converted" role="status">
        <Stack gap={4}>
          <Text size="sm">
            Company ({result.company_created ? 'created' : 'linked'}):{' '}
            <Anchor component={Link} to={`/companies/${result.company_id}`} onClick={onClose} fw={600}>
              {companyName}
            </Anchor>
          </Text>
          <Text size="sm">
            {result.contact_ids.length} {result.contact_ids.length === 1 ? 'contact' : 'contacts'} linked to the
            company.
          </Text>
          {result.deal_id && (
            <Text size="sm">
              Deal:{' '}
              <Anchor component={Link} to={`/deals/${result.deal_id}`} onClick={onClose} fw={600}>
                open the new deal
              </Anchor>
            </Text>
          )}
        </Stack>
      </Alert>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Stay here
        </Button>
        {result.deal_id && <Button onClick={() => onOpenDeal(result.deal_id!)}>Go to the deal</Button>}
      </Group>
    </Stack>
  );
}

function ConvertForm({
  lead,
  dealPipelines,
  onClose,
  onDone,
}: {
  lead: LeadWire;
  dealPipelines: PipelineWire[];
  onClose: () => void;
  onDone: (result: ConvertLeadResultWire, companyName: string) => void;
}) {
  const convert = useConvertLead();
  const domain = emailDomain(lead.email);
  const matchQ = lead.company_name ?? domain ?? '';
  const matches = useCompanyOptions(matchQ, matchQ !== '');
  const match =
    (matches.data ?? []).find(
      (c) =>
        (lead.company_name && c.name.toLowerCase() === lead.company_name.toLowerCase()) ||
        (domain && c.domain === domain),
    ) ?? null;
  const defaultPipeline = dealPipelines.find((p) => p.is_default) ?? dealPipelines[0] ?? null;
  const [v, setV] = useState<ConvertValues>(() => ({
    companyMode: 'new',
    companyId: null,
    companyName: lead.company_name ?? lead.title,
    companyDomain: domain ?? '',
    contactIds: lead.contacts.map((c) => c.id),
    withDeal: true,
    pipelineId: defaultPipeline?.id ?? null,
    dealName: lead.title,
    amount: lead.expected_revenue ? toMajor(lead.expected_revenue.amount, lead.expected_revenue.currency) : '',
    currency: lead.expected_revenue?.currency ?? DEFAULT_CURRENCY,
    closeDate: null,
  }));
  // A matching company, once found, is proposed (the person can still create a new one).
  const [proposed, setProposed] = useState<string | null>(null);
  if (match && proposed !== match.id && v.companyId === null) {
    setProposed(match.id);
    setV((cur) => ({ ...cur, companyMode: 'existing', companyId: match.id }));
  }
  const [companyLabel, setCompanyLabel] = useState<string | null>(null);
  const set = (patch: Partial<ConvertValues>) => setV((cur) => ({ ...cur, ...patch }));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (v.companyMode === 'existing' && !v.companyId) errs.company = 'Pick a company, or create a new one';
    if (v.companyMode === 'new' && !v.companyName.trim()) errs.companyName = 'Is required';
    if (v.withDeal && v.currency.trim().length !== 3) errs.currency = 'Three letters';
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    const name = v.companyMode === 'existing' ? (companyLabel ?? match?.name ?? 'the company') : v.companyName.trim();
    convert.mutate({ id: lead.id, body: convertBody(v) }, { onSuccess: (result) => onDone(result, name) });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={convert.error} title="Could not convert the lead" />
        <Title order={3} size="h6">
          Company
        </Title>
        <Radio.Group
          value={v.companyMode}
          onChange={(mode) => set({ companyMode: mode as ConvertValues['companyMode'] })}
          aria-label="Company"
        >
          <Group gap="lg">
            <Radio value="existing" label={match ? `Existing company (match: ${match.name})` : 'Existing company'} />
            <Radio value="new" label="Create a new company" />
          </Group>
        </Radio.Group>
        {v.companyMode === 'existing' ? (
          <CompanySelect
            label="Company"
            current={match}
            value={v.companyId}
            error={errors.company}
            onChange={(id, name) => {
              set({ companyId: id });
              setCompanyLabel(name);
            }}
          />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label="Company name"
              required
              value={v.companyName}
              error={errors.companyName}
              onChange={(e) => set({ companyName: e.currentTarget.value })}
            />
            <TextInput
              label="Domain"
              placeholder="acme.com"
              value={v.companyDomain}
              onChange={(e) => set({ companyDomain: e.currentTarget.value })}
            />
          </SimpleGrid>
        )}

        <Title order={3} size="h6">
          Contacts
        </Title>
        {lead.contacts.length === 0 ? (
          <Text size="sm" c="dimmed">
            This lead has no contacts: only the company (and the deal) will be created.
          </Text>
        ) : (
          <Checkbox.Group
            value={v.contactIds}
            onChange={(ids) => set({ contactIds: ids })}
            label="Link to the company"
            description="Contacts without a company get this one"
          >
            <Stack gap={6} mt={6}>
              {lead.contacts.map((c) => (
                <Checkbox
                  key={c.id}
                  value={c.id}
                  label={c.email ? `${c.name} (${c.email})${c.is_primary ? ' · primary' : ''}` : c.name}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        )}

        <Switch
          label="Also create a deal"
          checked={v.withDeal}
          onChange={(e) => set({ withDeal: e.currentTarget.checked })}
        />
        {v.withDeal && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <Select
              label="Deal pipeline"
              data={dealPipelines.map((p) => ({ value: p.id, label: p.name }))}
              value={v.pipelineId}
              onChange={(id) => set({ pipelineId: id })}
              allowDeselect={false}
            />
            <TextInput
              label="Deal name"
              value={v.dealName}
              onChange={(e) => set({ dealName: e.currentTarget.value })}
            />
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <NumberInput
                label="Amount"
                min={0}
                decimalScale={3}
                thousandSeparator
                style={{ flex: 1 }}
                value={v.amount}
                onChange={(n) => set({ amount: n })}
              />
              <TextInput
                label="Currency"
                w={90}
                maxLength={3}
                value={v.currency}
                error={errors.currency}
                onChange={(e) => set({ currency: e.currentTarget.value.toUpperCase() })}
              />
            </Group>
            <DatePickerInput
              label="Expected close date"
              clearable
              valueFormat="D MMM YYYY"
              placeholder="Pick a date"
              value={v.closeDate}
              onChange={(d) => set({ closeDate: d })}
            />
          </SimpleGrid>
        )}

        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="teal" loading={convert.isPending}>
            Convert lead
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * "Convert lead": pick or create the company, choose which contacts to link (all by default) and
 * optionally create a deal; on success links to the company and the deal, and `onOpenDeal`.
 */
export function ConvertLeadDialog({
  leadId,
  dealPipelines,
  onClose,
  onOpenDeal,
}: {
  /** The lead to convert; null closes the dialog. */
  leadId: string | null;
  dealPipelines: PipelineWire[];
  onClose: () => void;
  onOpenDeal: (dealId: string) => void;
}) {
  const lead = useLead(leadId ?? '', leadId !== null);
  const [done, setDone] = useState<{ result: ConvertLeadResultWire; companyName: string } | null>(null);
  const close = () => {
    setDone(null);
    onClose();
  };
  return (
    <Modal
      opened={leadId !== null}
      onClose={close}
      title={lead.data ? `Convert ${lead.data.title}` : 'Convert lead'}
      size="lg"
    >
      {done ? (
        <Converted
          result={done.result}
          companyName={done.companyName}
          onClose={close}
          onOpenDeal={(id) => {
            close();
            onOpenDeal(id);
          }}
        />
      ) : lead.isPending ? (
        <Stack>
          <Skeleton h={56} />
          <Skeleton h={56} />
        </Stack>
      ) : lead.error ? (
        <ErrorAlert error={lead.error} title="Could not load the lead" onRetry={() => lead.refetch()} />
      ) : (
        <ConvertForm
          key={lead.data.id}
          lead={lead.data}
          dealPipelines={dealPipelines}
          onClose={close}
          onDone={(result, companyName) => setDone({ result, companyName })}
        />
      )}
    </Modal>
  );
}
