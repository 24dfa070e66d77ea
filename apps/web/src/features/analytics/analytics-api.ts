/**
 * Analytics reads (`/api/v1/analytics/*`, contracts in @relata/shared `analytics.ts`): dashboard KPIs,
 * funnel, forecast, distribution, rep performance, won/lost reasons, the records behind a figure, and
 * each report's CSV (`format=csv`, downloaded with the session cookie). Every query carries the
 * page's period, time zone and filters ({@link AnalyticsParams}).
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  AnalyticsDashboard,
  AnalyticsDistribution,
  AnalyticsForecast,
  AnalyticsFunnel,
  AnalyticsMetric,
  AnalyticsReasons,
  AnalyticsRecords,
  AnalyticsReps,
  FORECAST_GROUPS,
  Team,
  Wire,
} from '@relata/shared';
import { api, query } from '../../components/api';
import { downloadFile } from '../../components/download';
import { nextCursor, type PageOf } from '../../components/pagination';
import type { AnalyticsParams } from './analytics-params';

export type DashboardWire = Wire<typeof AnalyticsDashboard>;
export type FunnelWire = Wire<typeof AnalyticsFunnel>;
export type ForecastWire = Wire<typeof AnalyticsForecast>;
export type DistributionWire = Wire<typeof AnalyticsDistribution>;
export type RepsWire = Wire<typeof AnalyticsReps>;
export type ReasonsWire = Wire<typeof AnalyticsReasons>;
export type RecordsWire = Wire<typeof AnalyticsRecords>;
export type AnalyticsRecordWire = RecordsWire['data'][number];
export type MoneyFigureWire = DashboardWire['won_value']['current'];
export type ForecastGroupBy = (typeof FORECAST_GROUPS)[number];

/** The reports with a JSON and a CSV form, by URL segment. */
export type ReportName = 'dashboard' | 'funnel' | 'forecast' | 'distribution' | 'reps' | 'reasons';

type Extra = Record<string, string | undefined>;

/** `/api/v1/analytics/{report}?…` with the params (and `extra`, e.g. `group_by`, `format=csv`). */
export function reportUrl(report: ReportName | 'records', params: AnalyticsParams, extra: Extra = {}): string {
  return `/api/v1/analytics/${report}${query({ ...params, ...extra })}`;
}

const KEY = ['analytics'] as const;

function useReport<T>(report: ReportName, params: AnalyticsParams, extra: Extra = {}, enabled = true) {
  return useQuery({
    queryKey: [...KEY, report, params, extra],
    queryFn: ({ signal }) => api<T>(reportUrl(report, params, extra), { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}

/** `GET /api/v1/analytics/dashboard`: the period's KPIs beside the previous period's. */
export const useDashboard = (p: AnalyticsParams) => useReport<DashboardWire>('dashboard', p);

/** `GET /api/v1/analytics/funnel` (the filter's pipeline, else the default deals pipeline). */
export const useFunnel = (p: AnalyticsParams, enabled = true) => useReport<FunnelWire>('funnel', p, {}, enabled);

/** `GET /api/v1/analytics/forecast?group_by=`: months × owner or pipeline. */
export const useForecast = (p: AnalyticsParams, groupBy: ForecastGroupBy, enabled = true) =>
  useReport<ForecastWire>('forecast', p, { group_by: groupBy }, enabled);

/** `GET /api/v1/analytics/distribution`: open deals now per stage (the period is not used). */
export const useDistribution = (p: AnalyticsParams, enabled = true) =>
  useReport<DistributionWire>('distribution', p, {}, enabled);

/** `GET /api/v1/analytics/reps`: one row per owner, per team, and the total. */
export const useReps = (p: AnalyticsParams, enabled = true) => useReport<RepsWire>('reps', p, {}, enabled);

/** `GET /api/v1/analytics/reasons`: won and lost deals by reason. */
export const useReasons = (p: AnalyticsParams, enabled = true) => useReport<ReasonsWire>('reasons', p, {}, enabled);

/**
 * What a drill-down lists: the figure's metric and its narrowing (`stage_id`, `month`, `reason`, or
 * an owner/team/pipeline that overrides the page filter), with a title for the drawer.
 */
export interface DrillTarget {
  metric: AnalyticsMetric;
  title: string;
  stage_id?: string;
  month?: string;
  reason?: string;
  owner_id?: string;
  team_id?: string;
  pipeline_id?: string;
  /** A period of its own (a forecast month's won or lost deals): `custom` with `from`/`to`. */
  period?: 'custom';
  from?: string;
  to?: string;
}

/**
 * The query of a drill-down: the page's params overridden by the target's narrowing (its own owner,
 * team, pipeline or custom period — `date` dropped then), without the drawer's title.
 */
export function drillQuery(params: AnalyticsParams, target: DrillTarget | null): Record<string, string | undefined> {
  const { title: _title, ...narrowing } = target ?? ({} as Partial<DrillTarget>);
  const merged = { ...params, ...narrowing } as Record<string, string | undefined>;
  if (narrowing.period === 'custom') delete merged.date;
  return merged;
}

/**
 * `GET /api/v1/analytics/records?metric=…` with the page's params, pages of 50 (keyset `cursor`);
 * `total` is the figure the drill was opened from.
 */
export function useAnalyticsRecords(params: AnalyticsParams, target: DrillTarget | null) {
  const merged = drillQuery(params, target);
  return useInfiniteQuery({
    queryKey: [...KEY, 'records', merged],
    queryFn: ({ pageParam, signal }) =>
      api<RecordsWire>(`/api/v1/analytics/records${query({ ...merged, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: PageOf<AnalyticsRecordWire>) => nextCursor(last),
    enabled: target !== null,
  });
}

/** `GET /api/v1/teams` (the first 100 by name) for the team filter. */
export function useTeamOptions() {
  return useQuery({
    queryKey: ['teams', 'analytics-options'],
    queryFn: ({ signal }) => api<PageOf<Wire<typeof Team>>>(`/api/v1/teams${query({ limit: 100 })}`, { signal }),
    select: (r) => r.data,
    staleTime: 60_000,
  });
}

/**
 * Fetches `report` as CSV (`format=csv`) with the session cookie and saves it under the server's
 * `Content-Disposition` name (else `<report>.csv`); throws ApiError with the server's message.
 */
export async function downloadCsv(report: ReportName, params: AnalyticsParams, extra: Extra = {}): Promise<void> {
  await downloadFile(reportUrl(report, params, { ...extra, format: 'csv' }), `${report}.csv`);
}

/**
 * Fetches the records behind a drill-down as CSV (`GET /api/v1/analytics/records?format=csv`, the
 * drawer's query, {@link drillQuery}: every record, newest first, up to `RECORDS_CSV_MAX` of
 * @relata/shared) and saves it under the server's name (`relata-records-<metric>-<period>.csv`),
 * else `records-<metric>.csv`.
 */
export async function downloadRecordsCsv(params: AnalyticsParams, target: DrillTarget): Promise<void> {
  const q = drillQuery(params, target);
  await downloadFile(`/api/v1/analytics/records${query({ ...q, format: 'csv' })}`, `records-${target.metric}.csv`);
}
