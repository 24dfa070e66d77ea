import { Button, Tabs } from '@mantine/core';
import { IconGauge } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useFunnel } from './analytics-api';
import { useAnalyticsParams } from './analytics-params';
import { DistributionReport } from './DistributionReport';
import { DrillDrawer } from './DrillDrawer';
import { useDrill } from './drill';
import { ForecastReport } from './ForecastReport';
import { FunnelReport } from './FunnelReport';
import { PeriodControls } from './PeriodControls';
import { ReasonsReport } from './ReasonsReport';
import { RepsReport } from './RepsReport';

const REPORTS = [
  { value: 'funnel', label: 'Funnel' },
  { value: 'forecast', label: 'Forecast' },
  { value: 'distribution', label: 'Distribution' },
  { value: 'reps', label: 'Rep performance' },
  { value: 'reasons', label: 'Won / lost reasons' },
] as const;
type Report = (typeof REPORTS)[number]['value'];

/**
 * `/reports?report=funnel|forecast|distribution|reps|reasons`: one tab per report, sharing the period
 * and filters of the URL (as the dashboard); every figure opens the records behind it in a drawer
 * and every report exports to CSV. Only the open tab's report is fetched.
 */
export function ReportsPage() {
  const { params, update } = useAnalyticsParams();
  const [search, setSearch] = useSearchParams();
  const drill = useDrill();
  const report: Report = REPORTS.some((r) => r.value === search.get('report'))
    ? (search.get('report') as Report)
    : 'funnel';
  // The resolved period for the controls comes from the funnel (cached; the same for every report).
  const period = useFunnel(params, report !== 'distribution').data?.period;
  const props = { params, onDrill: drill.open };
  return (
    <>
      <PageHeader
        title="Reports"
        description="Funnel, forecast, pipeline distribution, rep performance and won/lost reasons. Click a bar or a figure to see its records."
        actions={
          <Button component={Link} to="/dashboard" variant="light" size="xs" leftSection={<IconGauge size={14} />}>
            Dashboard
          </Button>
        }
      />
      <PeriodControls params={params} update={update} resolved={period} />
      <Tabs
        value={report}
        onChange={(v) =>
          setSearch((prev) => {
            const next = new URLSearchParams(prev);
            next.set('report', v ?? 'funnel');
            return next;
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {REPORTS.map((r) => (
            <Tabs.Tab key={r.value} value={r.value}>
              {r.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="funnel">
          <FunnelReport {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="forecast">
          <ForecastReport {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="distribution">
          <DistributionReport {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="reps">
          <RepsReport {...props} />
        </Tabs.Panel>
        <Tabs.Panel value="reasons">
          <ReasonsReport {...props} />
        </Tabs.Panel>
      </Tabs>
      <DrillDrawer params={params} target={drill.target} onClose={drill.close} />
    </>
  );
}
