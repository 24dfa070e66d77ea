import { BarChart } from '@mantine/charts';
import { Button, ScrollArea, Table } from '@mantine/core';
import { formatMoney } from '../../components/records/money';
import { type DrillTarget, useDistribution } from './analytics-api';
import { formatFigure, majorTotal } from './analytics-format';
import type { AnalyticsParams } from './analytics-params';
import { clickedRow, moneyFormatter } from './chart-format';
import { CountButton } from './CountButton';
import { ExportCsvButton } from './ExportCsvButton';
import { MoneyNote } from './MoneyNote';
import { ReportFrame } from './ReportFrame';

/**
 * Open deals now per open stage of the pipeline (`GET /api/v1/analytics/distribution`): value and
 * weighted value as bars, count / value / weighted in the table, and the total count. A bar or a
 * stage's count opens that stage's open records (`deals_open` / `leads_open` with `stage_id`); the
 * total opens the pipeline's. The period does not apply.
 */
export function DistributionReport({
  params,
  onDrill,
}: {
  params: AnalyticsParams;
  onDrill: (t: DrillTarget) => void;
}) {
  const distribution = useDistribution(params);
  const data = distribution.data;
  const currency = data?.reporting_currency ?? 'USD';
  const metric = data?.pipeline.kind === 'lead' ? 'leads_open' : 'deals_open';
  const noun = data?.pipeline.kind === 'lead' ? 'leads' : 'deals';
  const drill = (stage?: { stage_id: string; name: string }) =>
    data &&
    onDrill({
      metric,
      title: stage ? `Open ${noun} in ${stage.name}` : `Open ${noun} in ${data.pipeline.name}`,
      pipeline_id: data.pipeline.id,
      ...(stage ? { stage_id: stage.stage_id } : {}),
    });
  const total = (data?.stages ?? []).reduce((n, s) => n + s.count, 0);
  return (
    <ReportFrame
      title="Pipeline distribution"
      description={`${data ? `${data.pipeline.name}: ` : ''}open deals in each stage right now (the period does not apply).`}
      actions={<ExportCsvButton report="distribution" params={params} label="Export the distribution as CSV" />}
      query={distribution}
      isEmpty={!!data && data.stages.every((s) => s.count === 0)}
      emptyText="No open deals in this pipeline."
    >
      {data && (
        <>
          <BarChart
            h={280}
            data={data.stages.map((s) => ({
              stage: s.name,
              stage_id: s.stage_id,
              Value: majorTotal(s.value),
              Weighted: majorTotal(s.weighted),
            }))}
            dataKey="stage"
            series={[
              { name: 'Value', color: 'blue.6' },
              { name: 'Weighted', color: 'violet.5' },
            ]}
            withLegend
            valueFormatter={moneyFormatter(currency)}
            yAxisProps={{ tickFormatter: moneyFormatter(currency, true), width: 70 }}
            barProps={{
              cursor: 'pointer',
              onClick: (d: unknown) => {
                const row = clickedRow<{ stage_id: string }>(d);
                drill(data.stages.find((s) => s.stage_id === row?.stage_id));
              },
            }}
            aria-hidden
          />
          <MoneyNote figures={data.stages.flatMap((s) => [s.value, s.weighted])} withAmounts={false} />
          <ScrollArea>
            <Table striped highlightOnHover aria-label="Open deals by stage" miw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th ta="right">Open {noun}</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                  <Table.Th ta="right">Weighted</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.stages.map((s) => (
                  <Table.Tr key={s.stage_id}>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td ta="right">
                      <CountButton
                        count={s.count}
                        label={`Show the ${s.count} open ${noun} in ${s.name}`}
                        onOpen={() => drill(s)}
                      />
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(s.value.total)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(s.weighted.total)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th>All stages</Table.Th>
                  <Table.Td ta="right">
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => drill()}
                      aria-label={`Show the ${total} open ${noun} of ${data.pipeline.name}`}
                    >
                      {formatFigure(total, 'count')}
                    </Button>
                  </Table.Td>
                  <Table.Td colSpan={2} />
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollArea>
        </>
      )}
    </ReportFrame>
  );
}
