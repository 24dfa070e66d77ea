import { BarChart } from '@mantine/charts';
import { Group, ScrollArea, SegmentedControl, Table } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { formatMoney } from '../../components/records/money';
import { type DrillTarget, type ForecastGroupBy, type ForecastWire, useForecast } from './analytics-api';
import { formatMonth, majorTotal } from './analytics-format';
import type { AnalyticsParams } from './analytics-params';
import { clickedRow, moneyFormatter } from './chart-format';
import { ExportCsvButton } from './ExportCsvButton';
import { MoneyNote } from './MoneyNote';
import { CountButton } from './CountButton';
import { ReportFrame } from './ReportFrame';

type Row = ForecastWire['rows'][number];
type Measure = 'total' | 'weighted' | 'won' | 'lost';
const MEASURES: Array<{ value: Measure; label: string }> = [
  { value: 'total', label: 'Open total' },
  { value: 'weighted', label: 'Weighted' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
];
const COLORS = [
  'blue.6',
  'teal.6',
  'grape.6',
  'orange.6',
  'cyan.6',
  'pink.6',
  'lime.7',
  'indigo.6',
  'yellow.7',
  'red.6',
];

/** First and last day of a month `YYYY-MM`. */
function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The drill filter of a row's group: the owner (`none` when unassigned) or the pipeline. */
function groupFilter(groupBy: ForecastGroupBy, row: Row): Partial<DrillTarget> {
  if (!row.group || groupBy === 'none') return {};
  if (groupBy === 'owner') return { owner_id: row.group.id ?? 'none' };
  return row.group.id ? { pipeline_id: row.group.id } : {};
}

/**
 * Forecast by expected close month (`GET /api/v1/analytics/forecast?group_by=owner|pipeline|none`):
 * stacked bars per month of the chosen measure (open total, weighted, won, lost; converted into the
 * reporting currency) by group, and the table of every month × group. A bar or a count opens its
 * deals: open ones expected to close in the month (`deals_forecast`), or those won / lost in that
 * calendar month (`deals_won` / `deals_lost` over the month).
 */
export function ForecastReport({ params, onDrill }: { params: AnalyticsParams; onDrill: (t: DrillTarget) => void }) {
  const [search, setSearch] = useSearchParams();
  const groupBy = (
    ['owner', 'pipeline', 'none'].includes(search.get('group_by') ?? '') ? search.get('group_by') : 'owner'
  ) as ForecastGroupBy;
  const measure = (
    MEASURES.some((m) => m.value === search.get('measure')) ? search.get('measure') : 'total'
  ) as Measure;
  const setParam = (k: string, v: string) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      next.set(k, v);
      return next;
    });
  const forecast = useForecast(params, groupBy);
  const data = forecast.data;
  const groupName = (r: Row) => r.group?.name ?? 'All deals';

  const drill = (row: Row, kind: Measure) => {
    const who = row.group ? ` · ${row.group.name}` : '';
    const month = formatMonth(row.month);
    if (kind === 'won' || kind === 'lost')
      onDrill({
        metric: kind === 'won' ? 'deals_won' : 'deals_lost',
        title: `Deals ${kind} in ${month}${who}`,
        period: 'custom',
        ...monthRange(row.month),
        ...groupFilter(groupBy, row),
      });
    else
      onDrill({
        metric: 'deals_forecast',
        title: `Open deals expected to close in ${month}${who}`,
        month: row.month,
        ...groupFilter(groupBy, row),
      });
  };

  const groups = [...new Set((data?.rows ?? []).map(groupName))];
  const chartData = (data?.months ?? []).map((month) => {
    const entry: Record<string, string | number> = { month: formatMonth(month), key: month };
    for (const r of data!.rows.filter((x) => x.month === month)) entry[groupName(r)] = majorTotal(r[measure]);
    return entry;
  });
  const currency = data?.reporting_currency ?? 'USD';

  return (
    <ReportFrame
      title="Forecast"
      description="Open deals by expected close month (total and weighted by probability), and deals won and lost in each month."
      actions={
        <>
          <SegmentedControl
            size="xs"
            aria-label="Group by"
            data={[
              { value: 'owner', label: 'By owner' },
              { value: 'pipeline', label: 'By pipeline' },
              { value: 'none', label: 'All' },
            ]}
            value={groupBy}
            onChange={(v) => setParam('group_by', v)}
          />
          <ExportCsvButton
            report="forecast"
            params={params}
            extra={{ group_by: groupBy }}
            label="Export the forecast as CSV"
          />
        </>
      }
      query={forecast}
      isEmpty={!!data && data.rows.every((r) => r.open_count + r.won_count + r.lost_count === 0)}
      emptyText="No deals expected to close, won or lost in the months of this period."
    >
      {data && (
        <>
          <Group>
            <SegmentedControl
              size="xs"
              aria-label="Measure"
              data={MEASURES}
              value={measure}
              onChange={(v) => setParam('measure', v)}
            />
          </Group>
          <BarChart
            h={300}
            data={chartData}
            dataKey="month"
            type="stacked"
            series={groups.map((g, i) => ({ name: g, color: COLORS[i % COLORS.length]! }))}
            withLegend={groups.length > 1}
            valueFormatter={moneyFormatter(currency)}
            yAxisProps={{ tickFormatter: moneyFormatter(currency, true), width: 70 }}
            barProps={(series) => ({
              cursor: 'pointer',
              onClick: (d: unknown) => {
                const month = clickedRow<{ key: string }>(d)?.key;
                const row = data.rows.find((r) => r.month === month && groupName(r) === series.name);
                if (row) drill(row, measure);
              },
            })}
            aria-hidden
          />
          <MoneyNote figures={data.rows.flatMap((r) => [r.total, r.won, r.lost])} withAmounts={false} />
          <ScrollArea>
            <Table striped highlightOnHover aria-label="Forecast by month" miw={860}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Month</Table.Th>
                  {groupBy !== 'none' && <Table.Th>{groupBy === 'owner' ? 'Owner' : 'Pipeline'}</Table.Th>}
                  <Table.Th ta="right">Open deals</Table.Th>
                  <Table.Th ta="right">Total</Table.Th>
                  <Table.Th ta="right">Weighted</Table.Th>
                  <Table.Th ta="right">Won</Table.Th>
                  <Table.Th ta="right">Won value</Table.Th>
                  <Table.Th ta="right">Lost</Table.Th>
                  <Table.Th ta="right">Lost value</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((r) => {
                  const label = `${formatMonth(r.month)}${r.group ? `, ${r.group.name}` : ''}`;
                  const count = (n: number, kind: Measure, what: string) => (
                    <CountButton
                      count={n}
                      onOpen={() => drill(r, kind)}
                      label={`Show the ${n} ${what} deals of ${label}`}
                    />
                  );
                  return (
                    <Table.Tr key={`${r.month}-${r.group?.id ?? r.group?.name ?? ''}`}>
                      <Table.Td>{formatMonth(r.month)}</Table.Td>
                      {groupBy !== 'none' && <Table.Td>{r.group?.name}</Table.Td>}
                      <Table.Td ta="right">{count(r.open_count, 'total', 'open')}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.total.total)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.weighted.total)}</Table.Td>
                      <Table.Td ta="right">{count(r.won_count, 'won', 'won')}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.won.total)}</Table.Td>
                      <Table.Td ta="right">{count(r.lost_count, 'lost', 'lost')}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.lost.total)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </>
      )}
    </ReportFrame>
  );
}
