import { BarChart } from '@mantine/charts';
import { Badge, ScrollArea, Table, Text } from '@mantine/core';
import type { DrillTarget, FunnelWire } from './analytics-api';
import { useFunnel } from './analytics-api';
import { formatFigure } from './analytics-format';
import type { AnalyticsParams } from './analytics-params';
import { clickedRow } from './chart-format';
import { ExportCsvButton } from './ExportCsvButton';
import { CountButton } from './CountButton';
import { ReportFrame } from './ReportFrame';

type Stage = FunnelWire['stages'][number];
const KIND_COLOR = { open: 'blue', won: 'teal', lost: 'red' } as const;

/**
 * Funnel of one pipeline (the filter's, else the default deals pipeline) from
 * `GET /api/v1/analytics/funnel`: a bar per stage (entered, advanced) and the table (entered,
 * advanced, conversion, drop-off, average and median days in stage). A bar or the "entered" button
 * opens the records that entered the stage in the period (`*_entered_stage`, whose total is `entered`).
 */
export function FunnelReport({ params, onDrill }: { params: AnalyticsParams; onDrill: (t: DrillTarget) => void }) {
  const funnel = useFunnel(params);
  const data = funnel.data;
  const noun = data?.pipeline.kind === 'lead' ? 'leads' : 'deals';
  const drill = (s: Stage) =>
    onDrill({
      metric: data?.pipeline.kind === 'lead' ? 'leads_entered_stage' : 'deals_entered_stage',
      title: `${noun[0]!.toUpperCase()}${noun.slice(1)} that entered ${s.name}`,
      stage_id: s.stage_id,
    });
  return (
    <ReportFrame
      title="Funnel"
      description={
        data
          ? `${data.pipeline.name}: ${noun} that entered each stage in the period, and how many moved further on.`
          : 'Records that entered each stage in the period, and how many moved further on.'
      }
      actions={<ExportCsvButton report="funnel" params={params} label="Export the funnel as CSV" />}
      query={funnel}
      isEmpty={!!data && data.stages.every((s) => s.entered === 0)}
      emptyText={`No ${noun} entered a stage of this pipeline in the period.`}
    >
      {data && (
        <>
          <BarChart
            h={280}
            data={data.stages.map((s) => ({
              stage: s.name,
              stage_id: s.stage_id,
              Entered: s.entered,
              Advanced: s.advanced ?? 0,
            }))}
            dataKey="stage"
            series={[
              { name: 'Entered', color: 'blue.6' },
              { name: 'Advanced', color: 'teal.6' },
            ]}
            withLegend
            tickLine="y"
            barProps={{
              cursor: 'pointer',
              onClick: (d: unknown) => {
                const row = clickedRow<{ stage_id: string }>(d);
                const stage = data.stages.find((s) => s.stage_id === row?.stage_id);
                if (stage) drill(stage);
              },
            }}
            aria-hidden
          />
          <ScrollArea>
            <Table striped highlightOnHover aria-label="Funnel stages" miw={720}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th ta="right">Entered</Table.Th>
                  <Table.Th ta="right">Advanced</Table.Th>
                  <Table.Th ta="right">Conversion</Table.Th>
                  <Table.Th ta="right">Drop-off</Table.Th>
                  <Table.Th ta="right">Avg days in stage</Table.Th>
                  <Table.Th ta="right">Median days</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.stages.map((s) => (
                  <Table.Tr key={s.stage_id} data-stage-id={s.stage_id}>
                    <Table.Td>
                      <Text size="sm" span fw={500}>
                        {s.name}
                      </Text>
                      {s.kind !== 'open' && (
                        <Badge size="xs" variant="light" color={KIND_COLOR[s.kind]} ml={6}>
                          {s.kind}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <CountButton
                        count={s.entered}
                        onOpen={() => drill(s)}
                        label={`Show the ${s.entered} ${noun} that entered ${s.name}`}
                        testId="funnel-entered"
                      />
                    </Table.Td>
                    <Table.Td ta="right">{formatFigure(s.advanced, 'count')}</Table.Td>
                    <Table.Td ta="right">{formatFigure(s.conversion, 'ratio')}</Table.Td>
                    <Table.Td ta="right">{formatFigure(s.drop_off, 'count')}</Table.Td>
                    <Table.Td ta="right">{formatFigure(s.avg_days, 'days')}</Table.Td>
                    <Table.Td ta="right">{formatFigure(s.median_days, 'days')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </>
      )}
    </ReportFrame>
  );
}
