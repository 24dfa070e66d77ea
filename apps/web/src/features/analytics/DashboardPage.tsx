import { Alert, Button, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { IconChartBar, IconInfoCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { type DashboardWire, useDashboard } from './analytics-api';
import { useAnalyticsParams } from './analytics-params';
import { KPI_SECTIONS, type KpiDef } from './dashboard-kpis';
import { DrillDrawer } from './DrillDrawer';
import { useDrill } from './drill';
import { ExportCsvButton } from './ExportCsvButton';
import { KpiCard, type KpiValue } from './KpiCard';
import { PeriodControls } from './PeriodControls';

/**
 * A card's value from the dashboard; a money mean (`meanOf`) over no records is undefined (null),
 * in either period, as the API's ratios and days are.
 */
function valueOf(data: DashboardWire | undefined, def: KpiDef): KpiValue | undefined {
  if (!data) return undefined;
  const v = data[def.field];
  if (def.kind !== 'money') return { kind: def.kind, ...v } as KpiValue;
  const m = v as DashboardWire['won_value'];
  const over = def.meanOf ? (data[def.meanOf] as { current: unknown; previous: unknown }) : null;
  return {
    kind: 'money',
    current: over && !over.current ? null : m.current,
    previous: over && !over.previous ? null : m.previous,
  };
}

/** True when nothing happened in the period (no new leads, no deal won or lost). */
const quietPeriod = (d: DashboardWire) =>
  !d.new_leads.current && !d.won_deals.current && !d.lost_deals.current && !d.conversion.current;

/**
 * `/dashboard`: the KPIs of the period (URL `period`, `date`, `from`/`to`, in the browser's time zone)
 * and filters (`owner_id`, `team_id`, `pipeline_id`) beside the previous period's, from
 * `GET /api/v1/analytics/dashboard`. Each figure opens the records behind it in a drawer; activity
 * figures open the Activities page. Skeletons while loading, an error with retry, a note when nothing
 * happened in the period, CSV export.
 */
export function DashboardPage() {
  const { params, update } = useAnalyticsParams();
  const dashboard = useDashboard(params);
  const drill = useDrill();
  const data = dashboard.data;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Where the period stands, compared with the period before. Click a figure to see the records behind it."
        actions={
          <>
            <ExportCsvButton report="dashboard" params={params} label="Export the dashboard as CSV" />
            <Button component={Link} to="/reports" variant="light" size="xs" leftSection={<IconChartBar size={14} />}>
              Reports
            </Button>
          </>
        }
      />
      <PeriodControls params={params} update={update} resolved={data?.period} />
      {data && quietPeriod(data) && (
        <Alert color="gray" variant="light" mb="lg" icon={<IconInfoCircle size={18} />} data-testid="quiet-period">
          No leads created and no deals won or lost in this period. Figures marked “As of now” still apply; try a longer
          period for the rest.
        </Alert>
      )}
      {dashboard.error && !data ? (
        <ErrorAlert
          error={dashboard.error}
          title="Could not load the dashboard"
          onRetry={() => void dashboard.refetch()}
        />
      ) : (
        <Stack gap="lg" style={{ opacity: dashboard.isPlaceholderData ? 0.6 : 1 }} aria-busy={dashboard.isFetching}>
          {KPI_SECTIONS.map((section) => (
            <Stack key={section.title} gap="xs" component="section" aria-label={section.title}>
              <Group justify="space-between">
                <Title order={2} size="h4">
                  {section.title}
                </Title>
              </Group>
              <SimpleGrid
                cols={{ base: 1, xs: 2, md: Math.min(section.cols, 4), lg: section.cols }}
                spacing="md"
                role="list"
                aria-label={`${section.title} figures`}
              >
                {section.kpis.map((def) => (
                  <KpiCard
                    key={def.field}
                    label={def.label}
                    value={valueOf(data, def)}
                    higherIsBetter={def.higherIsBetter}
                    pointInTime={def.pointInTime}
                    emptyHint={def.emptyHint}
                    to={def.to}
                    onOpen={def.metric ? () => drill.open({ metric: def.metric!, title: def.label }) : undefined}
                  />
                ))}
              </SimpleGrid>
            </Stack>
          ))}
        </Stack>
      )}
      <DrillDrawer params={params} target={drill.target} onClose={drill.close} />
    </>
  );
}
