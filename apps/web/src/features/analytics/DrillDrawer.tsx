import { Anchor, Drawer, Group, ScrollArea, Skeleton, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { RECORDS_CSV_MAX } from '@relata/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/format';
import { flatten, LoadMore } from '../../components/pagination';
import { formatMoney } from '../../components/records/money';
import { type AnalyticsRecordWire, type DrillTarget, downloadRecordsCsv, useAnalyticsRecords } from './analytics-api';
import { formatFigure, formatRange } from './analytics-format';
import type { AnalyticsParams } from './analytics-params';
import { ExportCsvButton } from './ExportCsvButton';

const pathOf = (r: AnalyticsRecordWire) => `/${r.entity === 'deal' ? 'deals' : 'leads'}/${r.id}`;

/**
 * The records behind a figure (`GET /api/v1/analytics/records`, same period and filters as the page,
 * narrowed by the target): the total (which equals the figure), then pages of 50 with "Load more";
 * each name opens the deal or lead page. "Export CSV" downloads the same records (`format=csv`: all of
 * them, up to the newest `RECORDS_CSV_MAX`, said so when there are more).
 */
export function DrillDrawer({
  params,
  target,
  onClose,
}: {
  params: AnalyticsParams;
  target: DrillTarget | null;
  onClose: () => void;
}) {
  const records = useAnalyticsRecords(params, target);
  const first = records.data?.pages[0];
  const rows = flatten(records.data);
  const isDeal = (rows[0]?.entity ?? (target?.metric.startsWith('deals') ? 'deal' : 'lead')) === 'deal';
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={target?.title ?? 'Records'}
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {records.isPending ? (
        <Stack>
          <Skeleton h={20} w="40%" />
          <Skeleton h={200} />
        </Stack>
      ) : records.error ? (
        <ErrorAlert error={records.error} title="Could not load the records" onRetry={() => void records.refetch()} />
      ) : (
        <Stack gap="sm">
          <Group justify="space-between">
            <Text size="sm" data-testid="drill-total">
              <b>{formatFigure(first?.total ?? 0, 'count')}</b> {first?.total === 1 ? 'record' : 'records'}
            </Text>
            <Group gap="sm">
              {first && target && !target.metric.endsWith('_open') && target.metric !== 'leads_unassigned' && (
                <Text size="xs" c="dimmed">
                  {formatRange(first.period.from, first.period.to)}
                </Text>
              )}
              {target && rows.length > 0 && (
                <Group gap={6}>
                  {(first?.total ?? 0) > RECORDS_CSV_MAX && (
                    <Text size="xs" c="dimmed" data-testid="drill-csv-note">
                      CSV: the newest {RECORDS_CSV_MAX.toLocaleString()}
                    </Text>
                  )}
                  <ExportCsvButton
                    download={() => downloadRecordsCsv(params, target)}
                    label={`Export the records as CSV: ${target.title}`}
                  />
                </Group>
              )}
            </Group>
          </Group>
          {rows.length === 0 ? (
            <Text c="dimmed" size="sm">
              No records behind this figure.
            </Text>
          ) : (
            <ScrollArea>
              <Table striped highlightOnHover aria-label={`Records: ${target?.title ?? ''}`} miw={560}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{isDeal ? 'Deal' : 'Lead'}</Table.Th>
                    {isDeal && <Table.Th ta="right">Amount</Table.Th>}
                    <Table.Th>Stage</Table.Th>
                    <Table.Th>Owner</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>{isDeal ? 'Closed / expected' : 'Created'}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Anchor component={Link} to={pathOf(r)} size="sm">
                          {r.name}
                        </Anchor>
                      </Table.Td>
                      {isDeal && (
                        <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                          {formatMoney(r.amount)}
                        </Table.Td>
                      )}
                      <Table.Td>{r.stage?.name ?? '—'}</Table.Td>
                      <Table.Td>{r.owner?.name ?? 'Unassigned'}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c={statusColor(r.status)} fw={500} tt="capitalize">
                          {r.status}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {isDeal
                          ? r.closed_at
                            ? formatDate(r.closed_at)
                            : r.expected_close_date
                              ? formatDate(`${r.expected_close_date}T12:00:00Z`)
                              : '—'
                          : formatDate(r.created_at)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
          <LoadMore
            hasNextPage={records.hasNextPage}
            isFetchingNextPage={records.isFetchingNextPage}
            fetchNextPage={() => records.fetchNextPage()}
          />
        </Stack>
      )}
    </Drawer>
  );
}

function statusColor(status: string): string {
  if (status === 'won' || status === 'converted') return 'teal.7';
  if (status === 'lost') return 'red.7';
  if (status === 'open') return 'blue.7';
  return 'dimmed';
}
