/**
 * The dashboard's cards, in sections: which field of `AnalyticsDashboard` each shows, how it reads,
 * whether a rise is good news, whether it is a point-in-time figure, and the drill-down metric
 * (`/api/v1/analytics/records?metric=`) or page that explains it.
 */
import type { AnalyticsMetric } from '@relata/shared';
import type { DashboardWire } from './analytics-api';
import type { FigureKind } from './analytics-format';

type Field = Exclude<keyof DashboardWire, 'period' | 'reporting_currency'>;

export interface KpiDef {
  field: Field;
  label: string;
  kind: FigureKind;
  higherIsBetter?: boolean;
  pointInTime?: boolean;
  metric?: AnalyticsMetric;
  to?: string;
  /**
   * Why the figure can be undefined ("—"), shown under it then: ratios and days are null from the API
   * when their denominator is empty; a mean of money (`meanOf`) comes as 0 and is shown as undefined
   * when the count it averages over is 0.
   */
  emptyHint?: string;
  /** A money mean: the count field it averages over (0 → undefined, not "$0.00"). */
  meanOf?: Field;
}

const NO_WON = 'No deals won in the period';

/** `cols`: cards per row on a wide screen. */
export const KPI_SECTIONS: Array<{ title: string; cols: number; kpis: KpiDef[] }> = [
  {
    title: 'Leads',
    cols: 5,
    kpis: [
      { field: 'open_leads', label: 'Open leads', kind: 'count', pointInTime: true, metric: 'leads_open' },
      { field: 'new_leads', label: 'New leads', kind: 'count', metric: 'leads_new' },
      {
        field: 'unassigned_leads',
        label: 'Unassigned leads',
        kind: 'count',
        pointInTime: true,
        higherIsBetter: false,
        metric: 'leads_unassigned',
      },
      {
        field: 'conversion',
        label: 'Lead → deal conversion',
        kind: 'ratio',
        metric: 'leads_converted',
        emptyHint: 'No leads created in the period',
      },
      {
        field: 'cohort_conversion',
        label: 'Cohort conversion',
        kind: 'ratio',
        metric: 'leads_new',
        emptyHint: 'No leads created in the period',
      },
    ],
  },
  {
    title: 'Pipeline',
    cols: 3,
    kpis: [
      { field: 'open_deals', label: 'Open deals', kind: 'count', pointInTime: true, metric: 'deals_open' },
      { field: 'open_deals_value', label: 'Open deals value', kind: 'money', pointInTime: true, metric: 'deals_open' },
      {
        field: 'weighted_pipeline',
        label: 'Weighted pipeline',
        kind: 'money',
        pointInTime: true,
        metric: 'deals_open',
      },
    ],
  },
  {
    title: 'Results',
    cols: 4,
    kpis: [
      { field: 'won_deals', label: 'Deals won', kind: 'count', metric: 'deals_won' },
      { field: 'won_value', label: 'Won value', kind: 'money', metric: 'deals_won' },
      { field: 'lost_deals', label: 'Deals lost', kind: 'count', higherIsBetter: false, metric: 'deals_lost' },
      { field: 'win_rate', label: 'Win rate', kind: 'ratio', emptyHint: 'No deals won or lost in the period' },
      {
        field: 'average_deal_size',
        label: 'Average deal size',
        kind: 'money',
        metric: 'deals_won',
        meanOf: 'won_deals',
        emptyHint: NO_WON,
      },
      {
        field: 'sales_cycle_median_days',
        label: 'Sales cycle (median)',
        kind: 'days',
        higherIsBetter: false,
        metric: 'deals_won',
        emptyHint: NO_WON,
      },
      {
        field: 'sales_cycle_mean_days',
        label: 'Sales cycle (mean)',
        kind: 'days',
        higherIsBetter: false,
        metric: 'deals_won',
        emptyHint: NO_WON,
      },
      { field: 'velocity', label: 'Velocity', kind: 'rate', metric: 'deals_won' },
    ],
  },
  {
    title: 'Activities',
    cols: 4,
    kpis: [
      {
        field: 'activities_due_today',
        label: 'Due today',
        kind: 'count',
        pointInTime: true,
        to: '/activities?tab=today',
      },
      {
        field: 'activities_overdue',
        label: 'Overdue',
        kind: 'count',
        pointInTime: true,
        higherIsBetter: false,
        to: '/activities?tab=overdue',
      },
    ],
  },
];
