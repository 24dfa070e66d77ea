import { BarChart } from '@mantine/charts';
import { Button, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatMoney } from '../../components/records/money';
import { type DrillTarget, type ReasonsWire, useReasons } from './analytics-api';
import { formatFigure } from './analytics-format';
import type { AnalyticsParams } from './analytics-params';
import { clickedRow } from './chart-format';
import { ExportCsvButton } from './ExportCsvButton';
import { MoneyNote } from './MoneyNote';
import { ReportFrame } from './ReportFrame';

type Reason = ReasonsWire['won'][number];
const NO_REASON = 'No reason given';

/** One side (won or lost): bars of the count per reason and the table; a bar or count opens the deals. */
function ReasonsSide({ side, rows, onDrill }: { side: 'won' | 'lost'; rows: Reason[]; onDrill: (r: Reason) => void }) {
  const title = side === 'won' ? 'Why deals were won' : 'Why deals were lost';
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No deals {side} in the period.
        </Text>
      ) : (
        <>
          <BarChart
            h={Math.max(120, rows.length * 36)}
            data={rows.map((r, i) => ({ reason: r.reason ?? NO_REASON, i, Deals: r.count }))}
            dataKey="reason"
            orientation="vertical"
            series={[{ name: 'Deals', color: side === 'won' ? 'teal.6' : 'red.6' }]}
            yAxisProps={{ width: 140 }}
            barProps={{
              cursor: 'pointer',
              onClick: (d: unknown) => {
                const i = clickedRow<{ i: number }>(d)?.i;
                if (i !== undefined && rows[i]) onDrill(rows[i]);
              },
            }}
            aria-hidden
          />
          <Table striped highlightOnHover aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reason</Table.Th>
                <Table.Th ta="right">Deals</Table.Th>
                <Table.Th ta="right">Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.reason ?? ''}>
                  <Table.Td c={r.reason ? undefined : 'dimmed'}>{r.reason ?? NO_REASON}</Table.Td>
                  <Table.Td ta="right">
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => onDrill(r)}
                      aria-label={`Show the ${r.count} deals ${side}: ${r.reason ?? NO_REASON}`}
                    >
                      {formatFigure(r.count, 'count')}
                    </Button>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(r.value.total)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <MoneyNote figures={rows.map((r) => r.value)} withAmounts={false} />
        </>
      )}
    </Stack>
  );
}

/**
 * Won and lost reasons of the period (`GET /api/v1/analytics/reasons`): per side, the reasons by
 * count with their value; a reason opens its deals (`deals_won_reason` / `deals_lost_reason`,
 * `reason` omitted for "no reason given").
 */
export function ReasonsReport({ params, onDrill }: { params: AnalyticsParams; onDrill: (t: DrillTarget) => void }) {
  const reasons = useReasons(params);
  const data = reasons.data;
  const drill = (side: 'won' | 'lost') => (r: Reason) =>
    onDrill({
      metric: side === 'won' ? 'deals_won_reason' : 'deals_lost_reason',
      title: `Deals ${side}: ${r.reason ?? NO_REASON}`,
      ...(r.reason === null ? {} : { reason: r.reason }),
    });
  return (
    <ReportFrame
      title="Won and lost reasons"
      description="Deals won and lost in the period, grouped by the reason given."
      actions={<ExportCsvButton report="reasons" params={params} label="Export the reasons as CSV" />}
      query={reasons}
      isEmpty={!!data && data.won.length === 0 && data.lost.length === 0}
      emptyText="No deals won or lost in the period."
    >
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <ReasonsSide side="won" rows={data.won} onDrill={drill('won')} />
          <ReasonsSide side="lost" rows={data.lost} onDrill={drill('lost')} />
        </SimpleGrid>
      )}
    </ReportFrame>
  );
}
