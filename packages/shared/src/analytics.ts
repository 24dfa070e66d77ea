/**
 * Analytics (issue 8, DESIGN §2 "Analytics"): dashboard KPIs, funnel per pipeline, forecast by
 * expected close month, pipeline distribution by stage, rep performance and won/lost reasons, each
 * with the list of records behind every figure (`/api/v1/analytics/records`) and a CSV export
 * (`format=csv`). Also the organisation's currencies (`/api/v1/currencies`).
 *
 * ## Periods
 * `period` = `week` (ISO 8601: Monday–Sunday) | `month` | `quarter` | `year` — the calendar period that
 * contains `date` (default: today) — or `custom` with `from` and `to` (both inclusive calendar dates).
 * Days are calendar days in `time_zone` (IANA, default `UTC`): a period runs from 00:00 of its first
 * day to 00:00 of the day after its last day, in that zone; instants compare half-open
 * (`from ≤ t < end`). The previous period is the calendar period before (week/month/quarter/year) or
 * the same number of days just before `from` (custom).
 *
 * ## Scope
 * Members see their own figures (deals and leads they own; activities assigned to them), or the whole
 * organisation's under the `shared` visibility rule; managers their own plus those of every member of
 * the teams they belong to; admins, owners and viewers all. `owner_id`, `team_id` and `pipeline_id`
 * narrow within that scope; an owner or team outside it → 404.
 *
 * ## Definitions (the SQL in modules/analytics implements exactly these; docs/ANALYTICS.md repeats them)
 * Deals are live (not in the recycle bin); "in the period" uses the instant named.
 * - won in period: `status = won` and `won_at` in the period; lost: `status = lost` and `closed_at`
 *   in the period; abandoned deals count in neither.
 * - win rate = won / (won + lost) over deals closed in the period; null when none closed.
 * - average deal size = mean amount of deals won in the period (per currency; the converted figure is
 *   the mean of the converted amounts).
 * - sales cycle (days) = (`won_at` − start) / 86,400 s for deals won in the period, where start is the
 *   deal's first `stage_history` entry when that is earlier than `created_at` (imported history), else
 *   `created_at`; median and mean, not rounded.
 * - weighted pipeline = Σ amount × effective probability / 100 over open deals (the deal's own
 *   probability, else its stage's), now.
 * - velocity = deals won in the period / (days in the period / 7).
 * - lead → deal conversion = leads converted in the period (`converted_at`) / leads created in the
 *   period (`created_at`), null when none created; cohort conversion = of the leads created in the
 *   period, those converted by now / those created.
 * - new leads: created in the period; open leads: `status = open` now; unassigned leads: open with no
 *   owner, now.
 * - activities due today / overdue: open tasks and events (not done) assigned in scope, due today (in
 *   `time_zone`) / due before now.
 * - funnel, forecast, distribution, reps, reasons: see each contract below.
 *
 * ## Money
 * Amounts are integer minor units. A money figure lists each currency's amount and, converted into the
 * reporting currency (Settings → Currencies), their total: each deal's amount is converted at the rate
 * in effect on its reference date — won: `won_at`'s day; lost: `closed_at`'s day; open: today — i.e.
 * the rate with the latest `valid_from` ≤ that day (UTC). Converted minor units =
 * amount × rate × 10^(digits(reporting) − digits(currency)) (ISO 4217 minor-unit digits), summed
 * exactly and rounded half away from zero once per figure. Currencies without a rate on that day are
 * left out of the total and named in `missing_rates`.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { isTimeZone } from './segments.js';
import { Currency, OwnerFilter } from './records.js';

export const ANALYTICS_PERIODS = ['week', 'month', 'quarter', 'year', 'custom'] as const;
export const AnalyticsPeriod = z.enum(ANALYTICS_PERIODS);
export type AnalyticsPeriod = z.infer<typeof AnalyticsPeriod>;

const TimeZone = z.string().trim().refine(isTimeZone, { error: 'is not an IANA time zone name (e.g. Europe/Paris)' });

const periodShape = {
  period: AnalyticsPeriod.default('month'),
  /** A day inside the wanted week/month/quarter/year (default today in `time_zone`). */
  date: z.iso.date().optional(),
  /** `custom` only: first and last day (inclusive), at most 3,700 days apart. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  time_zone: TimeZone.default('UTC'),
  /** `me`, a member id, or `none` (unassigned). */
  owner_id: OwnerFilter.optional(),
  team_id: Id.optional(),
  pipeline_id: Id.optional(),
  /** `csv`: the report as RFC 4180 CSV (text/csv, one row per table row) instead of JSON. */
  format: z.enum(['json', 'csv']).default('json'),
};

function checkPeriod(q: { period: string; from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  if (q.period === 'custom') {
    if (!q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required for a custom period' });
    if (!q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required for a custom period' });
    if (q.from && q.to) {
      const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
      if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      else if (days > 3_700)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be within 3,700 days of from' });
    }
  } else {
    if (q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'only goes with period=custom' });
    if (q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'only goes with period=custom' });
  }
}

/** Query of every analytics report: the period, the time zone, the filters and the output format. */
export const AnalyticsQuery = z.strictObject(periodShape).superRefine(checkPeriod);
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

/** The resolved period: first and last day (inclusive) and the previous period's, in `time_zone`. */
export const ResolvedPeriod = z.object({
  period: AnalyticsPeriod,
  from: z.iso.date(),
  to: z.iso.date(),
  previous_from: z.iso.date(),
  previous_to: z.iso.date(),
  time_zone: z.string(),
  /** Days in the period (`to` − `from` + 1). */
  days: z.number().int(),
});
export type ResolvedPeriod = z.infer<typeof ResolvedPeriod>;

/** An amount in one currency (integer minor units). */
export const CurrencyAmount = z.object({ currency: z.string(), amount: z.number().int() });
export type CurrencyAmount = z.infer<typeof CurrencyAmount>;

/**
 * A money figure: `by_currency` (sorted by currency code, zero-amount currencies left out) and the
 * converted `total` in the reporting currency (see "Money" above). `converted` is true when any
 * other currency was converted into it; `missing_rates` lists currencies left out for want of a rate.
 */
export const MoneyFigure = z.object({
  by_currency: z.array(CurrencyAmount),
  total: z.object({
    currency: z.string(),
    amount: z.number().int(),
    converted: z.boolean(),
    missing_rates: z.array(z.string()),
  }),
});
export type MoneyFigure = z.infer<typeof MoneyFigure>;

/** A count or ratio now and in the previous period (`previous` null for point-in-time figures). */
export const Compared = z.object({ current: z.number().nullable(), previous: z.number().nullable() });
export type Compared = z.infer<typeof Compared>;

export const ComparedMoney = z.object({ current: MoneyFigure, previous: MoneyFigure.nullable() });
export type ComparedMoney = z.infer<typeof ComparedMoney>;

/**
 * `GET /api/v1/analytics/dashboard`: the KPIs of the period beside the previous period's. Ratios are
 * fractions 0–1 (win rate, conversion, cohort conversion); days are decimal days; `velocity` deals won
 * per week. Point-in-time figures (open leads, unassigned leads, open deals, weighted pipeline,
 * activities due today / overdue) are as of now and carry `previous: null`.
 */
export const AnalyticsDashboard = z.object({
  period: ResolvedPeriod,
  reporting_currency: z.string(),
  open_leads: Compared,
  new_leads: Compared,
  unassigned_leads: Compared,
  open_deals: Compared,
  open_deals_value: ComparedMoney,
  weighted_pipeline: ComparedMoney,
  won_deals: Compared,
  won_value: ComparedMoney,
  lost_deals: Compared,
  win_rate: Compared,
  conversion: Compared,
  cohort_conversion: Compared,
  average_deal_size: ComparedMoney,
  sales_cycle_median_days: Compared,
  sales_cycle_mean_days: Compared,
  velocity: Compared,
  activities_due_today: Compared,
  activities_overdue: Compared,
});
export type AnalyticsDashboard = z.infer<typeof AnalyticsDashboard>;

/**
 * One stage of a funnel, in the pipeline's stage order (open stages by position, then the won stage,
 * then the lost stage). `entered` = distinct records with a `stage_history` entry into the stage
 * (`to_stage_id`) in the period. `advanced` = of those, the records with a later entry (any time
 * after that entry) into a stage further on — a later open stage by position or the won stage;
 * `conversion` = advanced / entered (null when none entered; null for won and lost stages);
 * `drop_off` = entered − advanced (null for won and lost stages). Days in stage: for each entry in the
 * period that has ended (the record's next `stage_history` entry), (next entry − entry) / 86,400 s;
 * `avg_days` and `median_days` over them (null when none ended).
 */
export const FunnelStage = z.object({
  stage_id: Id,
  name: z.string(),
  kind: z.enum(['open', 'won', 'lost']),
  position: z.number().int(),
  entered: z.number().int(),
  advanced: z.number().int().nullable(),
  conversion: z.number().nullable(),
  drop_off: z.number().int().nullable(),
  avg_days: z.number().nullable(),
  median_days: z.number().nullable(),
});
export type FunnelStage = z.infer<typeof FunnelStage>;

/** `GET /api/v1/analytics/funnel?pipeline_id=` (default: the default deals pipeline); leads or deals by the pipeline's kind. */
export const AnalyticsFunnel = z.object({
  period: ResolvedPeriod,
  pipeline: z.object({ id: Id, name: z.string(), kind: z.enum(['lead', 'deal']) }),
  stages: z.array(FunnelStage),
});
export type AnalyticsFunnel = z.infer<typeof AnalyticsFunnel>;

export const FORECAST_GROUPS = ['none', 'owner', 'pipeline'] as const;
export const ForecastGroup = z.enum(FORECAST_GROUPS);

/** Query of the forecast: {@link AnalyticsQuery} plus `group_by` (default `owner`). */
export const ForecastQuery = z
  .strictObject({ ...periodShape, group_by: ForecastGroup.default('owner') })
  .superRefine(checkPeriod);
export type ForecastQuery = z.infer<typeof ForecastQuery>;

/**
 * One month × group of the forecast. Months (`YYYY-MM`) are the calendar months that meet the period,
 * in `time_zone`. `open_count`, `total` = open deals whose `expected_close_date` falls in the month
 * (Σ amount); `weighted` = Σ amount × effective probability / 100 of those; `won_count`, `won` =
 * deals won in the month (`won_at`); `lost_count`, `lost` = deals lost in the month (`closed_at`).
 * `group` is the owner (null id = unassigned) or the pipeline; null when `group_by=none`.
 */
export const ForecastRow = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  group: z.object({ id: Id.nullable(), name: z.string() }).nullable(),
  open_count: z.number().int(),
  total: MoneyFigure,
  weighted: MoneyFigure,
  won_count: z.number().int(),
  won: MoneyFigure,
  lost_count: z.number().int(),
  lost: MoneyFigure,
});
export type ForecastRow = z.infer<typeof ForecastRow>;

/** `GET /api/v1/analytics/forecast`: rows by month then group name. */
export const AnalyticsForecast = z.object({
  period: ResolvedPeriod,
  reporting_currency: z.string(),
  group_by: ForecastGroup,
  months: z.array(z.string()),
  rows: z.array(ForecastRow),
});
export type AnalyticsForecast = z.infer<typeof AnalyticsForecast>;

/**
 * `GET /api/v1/analytics/distribution?pipeline_id=`: open deals now per stage of the pipeline
 * (open stages by position): count, Σ amount and weighted amount. The period is not used.
 */
export const AnalyticsDistribution = z.object({
  reporting_currency: z.string(),
  pipeline: z.object({ id: Id, name: z.string(), kind: z.enum(['lead', 'deal']) }),
  stages: z.array(
    z.object({ stage_id: Id, name: z.string(), count: z.number().int(), value: MoneyFigure, weighted: MoneyFigure }),
  ),
});
export type AnalyticsDistribution = z.infer<typeof AnalyticsDistribution>;

/**
 * Rep performance figures of one owner, one team (every deal owned by a member of the team; a member
 * of two teams counts in both) or the whole scope: `created` deals created in the period, `won` /
 * `lost` in the period (as the dashboard), `win_rate`, `created_value` (Σ amount of those created),
 * `won_value`, `average_deal_size` (mean won amount), `avg_days_to_close` (mean sales cycle of those
 * won, see above), `velocity` (won per week).
 */
export const RepFigures = z.object({
  created: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  win_rate: z.number().nullable(),
  created_value: MoneyFigure,
  won_value: MoneyFigure,
  average_deal_size: MoneyFigure,
  avg_days_to_close: z.number().nullable(),
  velocity: z.number(),
});
export type RepFigures = z.infer<typeof RepFigures>;

/**
 * `GET /api/v1/analytics/reps`: one row per owner with figures in scope (null id = unassigned), one per
 * team (`teams`) and the scope's `total`. Rows ordered by won value (converted) desc, then name.
 */
export const AnalyticsReps = z.object({
  period: ResolvedPeriod,
  reporting_currency: z.string(),
  reps: z.array(
    RepFigures.extend({
      owner: z.object({ id: Id.nullable(), name: z.string() }),
      team_ids: z.array(Id),
    }),
  ),
  teams: z.array(RepFigures.extend({ team: z.object({ id: Id, name: z.string() }), member_count: z.number().int() })),
  total: RepFigures,
});
export type AnalyticsReps = z.infer<typeof AnalyticsReps>;

/**
 * `GET /api/v1/analytics/reasons`: deals won (`won_reason`) and lost (`lost_reason`) in the period,
 * grouped by reason compared case- and space-insensitively (the most frequent spelling shown; null =
 * no reason given), ordered by count desc.
 */
export const ReasonRow = z.object({ reason: z.string().nullable(), count: z.number().int(), value: MoneyFigure });
export const AnalyticsReasons = z.object({
  period: ResolvedPeriod,
  reporting_currency: z.string(),
  won: z.array(ReasonRow),
  lost: z.array(ReasonRow),
});
export type AnalyticsReasons = z.infer<typeof AnalyticsReasons>;

/**
 * The figure a drill-down lists the records of (`GET /api/v1/analytics/records?metric=`), with the
 * same predicate as the figure: `deals_open` (now; with `stage_id`, one stage's — the distribution's
 * count), `deals_created`, `deals_won`, `deals_lost` (in the
 * period), `deals_entered_stage` (`stage_id`: entered in the period — the funnel's `entered`),
 * `deals_forecast` (`month`, open deals expected to close then), `deals_won_reason` /
 * `deals_lost_reason` (`reason`; omit for none), `leads_open` (`stage_id` as for deals), `leads_new`, `leads_unassigned`,
 * `leads_converted`, `leads_entered_stage`. Forecast drills also take `owner_id`/`pipeline_id`.
 */
export const ANALYTICS_METRICS = [
  'deals_open',
  'deals_created',
  'deals_won',
  'deals_lost',
  'deals_entered_stage',
  'deals_forecast',
  'deals_won_reason',
  'deals_lost_reason',
  'leads_open',
  'leads_new',
  'leads_unassigned',
  'leads_converted',
  'leads_entered_stage',
] as const;
export const AnalyticsMetric = z.enum(ANALYTICS_METRICS);
export type AnalyticsMetric = z.infer<typeof AnalyticsMetric>;

/**
 * Most records in a drill-down's CSV (`GET /analytics/records?format=csv`): the export reads every
 * page from `cursor` on, newest first, up to this many.
 */
export const RECORDS_CSV_MAX = 50_000;

export const AnalyticsRecordsQuery = z
  .strictObject({
    ...periodShape,
    metric: AnalyticsMetric,
    stage_id: Id.optional(),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month YYYY-MM' })
      .optional(),
    reason: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(512).optional(),
  })
  .superRefine((q, ctx) => {
    checkPeriod(q, ctx);
    if (q.metric.endsWith('_entered_stage') && !q.stage_id)
      ctx.addIssue({ code: 'custom', path: ['stage_id'], message: 'is required for this metric' });
    if (q.metric === 'deals_forecast' && !q.month)
      ctx.addIssue({ code: 'custom', path: ['month'], message: 'is required for this metric' });
  });
export type AnalyticsRecordsQuery = z.infer<typeof AnalyticsRecordsQuery>;

/** A record behind a figure: a deal (amount, stage, dates) or a lead (title as `name`). */
export const AnalyticsRecord = z.object({
  id: Id,
  entity: z.enum(['deal', 'lead']),
  name: z.string(),
  amount: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
  status: z.string(),
  stage: z.object({ id: Id, name: z.string() }).nullable(),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  created_at: Timestamp,
  closed_at: Timestamp.nullable(),
  expected_close_date: z.iso.date().nullable(),
});
export type AnalyticsRecord = z.infer<typeof AnalyticsRecord>;

/** The page of records behind a figure: `total` = the figure's count (same predicate). */
export const AnalyticsRecords = z.object({
  metric: AnalyticsMetric,
  period: ResolvedPeriod,
  total: z.number().int(),
  data: z.array(AnalyticsRecord),
  next_cursor: z.string().nullable(),
});
export type AnalyticsRecords = z.infer<typeof AnalyticsRecords>;

// ── Currencies (Settings → Currencies) ──────────────────────────────────────────────────────────

/** A rate as an exact decimal string: > 0, at most 12 decimals (`"1.0825"`). */
export const CurrencyRateValue = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, { error: 'must be a positive decimal number such as 1.0825', abort: true })
  .refine((s) => Number(s) > 0, { error: 'must be greater than 0' })
  .meta({ examples: ['1.0825'] });

/**
 * One rate: 1 unit of `currency` = `rate` units of the reporting currency, from `valid_from` (UTC day)
 * until the next rate of the same currency.
 */
export const CurrencyRate = z.object({
  id: Id,
  currency: z.string(),
  rate: z.string(),
  valid_from: z.iso.date(),
  version: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type CurrencyRate = z.infer<typeof CurrencyRate>;

/** `GET /api/v1/currencies`: the reporting currency, every rate (by currency, then valid_from desc), the currencies deals use. */
export const CurrencySettings = z.object({
  reporting_currency: z.string(),
  rates: z.array(CurrencyRate),
  currencies_in_use: z.array(z.string()),
});
export type CurrencySettings = z.infer<typeof CurrencySettings>;

/** `PUT /api/v1/currencies/reporting` (admin): a new reporting currency; existing rates → 409 unless `clear_rates`. */
export const SetReportingCurrencyBody = z.strictObject({ currency: Currency, clear_rates: z.boolean().default(false) });
export type SetReportingCurrencyBody = z.infer<typeof SetReportingCurrencyBody>;

/** `POST /api/v1/currencies/rates` (admin); `PATCH /api/v1/currencies/rates/{id}` takes the same fields, optional, with If-Match. */
export const CreateCurrencyRateBody = z.strictObject({
  currency: Currency,
  rate: CurrencyRateValue,
  valid_from: z.iso.date(),
});
export type CreateCurrencyRateBody = z.infer<typeof CreateCurrencyRateBody>;
export const UpdateCurrencyRateBody = CreateCurrencyRateBody.partial();
export type UpdateCurrencyRateBody = z.infer<typeof UpdateCurrencyRateBody>;
