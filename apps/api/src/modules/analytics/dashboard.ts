/**
 * `GET /api/v1/analytics/dashboard` (contract `AnalyticsDashboard`): the period's KPIs beside the
 * previous period's, in three statements — lead and activity counts, deal counts and sales cycle,
 * money figures. Open-deal and open-lead figures are read from `stage_totals` (the board totals kept
 * by triggers, migration 0010), everything else from period index scans. Formulas: contract
 * "Definitions"; money: money.ts.
 */
import { sql } from 'drizzle-orm';
import type { AnalyticsDashboard, Compared } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { fxCte, moneyRollup, MoneyFigures, refDay, type Fx, type MoneyRow } from './money.js';
import type { PeriodWindow } from './period.js';
import {
  dealLost,
  dealScope,
  dealWon,
  inRange,
  leadConverted,
  leadNew,
  leadScope,
  salesCycleDays,
} from './predicates.js';
import { ownerCondition, type Scope } from './scope.js';

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const cmp = (current: number | null, previous: number | null = null): Compared => ({ current, previous });

/** Live open leads and deals from `stage_totals` (scope: owner and pipeline). */
function stageTotalsWhere(scope: Scope) {
  return sql`t.org_id = ${scope.orgId}::uuid and t.status = 'open'
    ${scope.pipelineId ? sql`and t.pipeline_id = ${scope.pipelineId}::uuid` : sql``}
    ${ownerCondition(scope.owners, sql`t.owner_id`) ? sql`and ${ownerCondition(scope.owners, sql`t.owner_id`)}` : sql``}`;
}

interface Counts {
  open_leads: number;
  unassigned_leads: number;
  open_deals: number;
  new_cur: number;
  new_prev: number;
  conv_cur: number;
  conv_prev: number;
  cohort_cur: number;
  cohort_prev: number;
  due_today: number;
  overdue: number;
  won_cur: number;
  won_prev: number;
  lost_cur: number;
  lost_prev: number;
  med_cur: number | null;
  med_prev: number | null;
  mean_cur: number | null;
  mean_prev: number | null;
}

/** One statement: every count and the sales-cycle statistics. */
async function counts(tx: Tx, scope: Scope, p: PeriodWindow): Promise<Counts> {
  const span = { start: p.previous.start, end: p.current.end };
  const assignee = ownerCondition(scope.owners, sql`a.assignee_id`);
  const [row] = await queryRows<Counts>(
    tx,
    sql`with st as (
        select coalesce(sum(t.n) filter (where pl.kind = 'leads'), 0)::int as open_leads,
               coalesce(sum(t.n) filter (where pl.kind = 'leads' and t.owner_id is null), 0)::int as unassigned_leads,
               coalesce(sum(t.n) filter (where pl.kind = 'deals'), 0)::int as open_deals
          from stage_totals t join pipelines pl on pl.org_id = t.org_id and pl.id = t.pipeline_id
         where ${stageTotalsWhere(scope)}),
      created as (
        select count(*) filter (where l.created_at >= ${p.current.start}::timestamptz)::int as new_cur,
               count(*) filter (where l.created_at < ${p.current.start}::timestamptz)::int as new_prev,
               count(*) filter (where l.created_at >= ${p.current.start}::timestamptz and l.converted_at is not null)::int as cohort_cur,
               count(*) filter (where l.created_at < ${p.current.start}::timestamptz and l.converted_at is not null)::int as cohort_prev
          from leads l where ${leadScope(scope)} and ${leadNew(span)}),
      converted as (
        select count(*) filter (where l.converted_at >= ${p.current.start}::timestamptz)::int as conv_cur,
               count(*) filter (where l.converted_at < ${p.current.start}::timestamptz)::int as conv_prev
          from leads l where ${leadScope(scope)} and ${leadConverted(span)}),
      acts as (
        select count(*) filter (where ${inRange(sql`a.due_at`, p.today)})::int as due_today,
               count(*) filter (where a.due_at < ${p.now}::timestamptz)::int as overdue
          from activities a
         where a.org_id = ${scope.orgId}::uuid and a.status in ('planned', 'in_progress')
           and a.due_at < greatest(${p.today.end}::timestamptz, ${p.now}::timestamptz)
           ${assignee ? sql`and ${assignee}` : sql``}),
      won as materialized (
        select d.won_at >= ${p.current.start}::timestamptz as cur, ${salesCycleDays()} as days
          from deals d where ${dealScope(scope)} and ${dealWon(span)}),
      won_stats as (
        select count(*) filter (where cur)::int as won_cur, count(*) filter (where not cur)::int as won_prev,
               (percentile_cont(0.5) within group (order by days) filter (where cur))::float8 as med_cur,
               (percentile_cont(0.5) within group (order by days) filter (where not cur))::float8 as med_prev,
               (avg(days) filter (where cur))::float8 as mean_cur,
               (avg(days) filter (where not cur))::float8 as mean_prev
          from won),
      lost as (
        select count(*) filter (where d.closed_at >= ${p.current.start}::timestamptz)::int as lost_cur,
               count(*) filter (where d.closed_at < ${p.current.start}::timestamptz)::int as lost_prev
          from deals d where ${dealScope(scope)} and ${dealLost(span)})
      select * from st, created, converted, acts, won_stats, lost`,
  );
  return row!;
}

/** One statement: open value, weighted pipeline (from stage_totals), won value current and previous. */
async function money(tx: Tx, scope: Scope, p: PeriodWindow, fx: Fx): Promise<MoneyFigures> {
  const rows = await queryRows<MoneyRow>(
    tx,
    sql`with ${fxCte(fx)},
      src as (
        select '' as key, f.fig, t.currency, ${fx.todayUtc}::date as refday,
               case f.fig when 'open' then t.amount_sum
                 else (t.override_weighted + s.probability * t.default_amount) / 100 end as v,
               t.n::bigint as n
          from stage_totals t
          join pipelines pl on pl.org_id = t.org_id and pl.id = t.pipeline_id and pl.kind = 'deals'
          join stages s on s.org_id = t.org_id and s.id = t.stage_id
          cross join (values ('open'), ('weighted')) as f(fig)
         where ${stageTotalsWhere(scope)} and t.n > 0
        union all
        select '', case when d.won_at >= ${p.current.start}::timestamptz then 'won_cur' else 'won_prev' end,
               d.currency, ${refDay(fx)}, d.amount::numeric, 1
          from deals d where ${dealScope(scope)} and ${dealWon({ start: p.previous.start, end: p.current.end })}),
      ${moneyRollup(fx)}
      select * from mout`,
  );
  return new MoneyFigures(rows, fx.reportingCurrency);
}

/** The dashboard of `scope` for the period. */
export async function dashboard(
  tx: Tx,
  params: { scope: Scope; period: PeriodWindow; fx: Fx },
): Promise<AnalyticsDashboard> {
  const { scope, period: p, fx } = params;
  const c = await counts(tx, scope, p);
  const m = await money(tx, scope, p, fx);
  const weeks = p.period.days / 7;
  const prevWeeks = p.previousDays / 7;
  return {
    period: p.period,
    reporting_currency: fx.reportingCurrency,
    open_leads: cmp(c.open_leads),
    new_leads: cmp(c.new_cur, c.new_prev),
    unassigned_leads: cmp(c.unassigned_leads),
    open_deals: cmp(c.open_deals),
    open_deals_value: { current: m.get('', 'open'), previous: null },
    weighted_pipeline: { current: m.get('', 'weighted'), previous: null },
    won_deals: cmp(c.won_cur, c.won_prev),
    won_value: { current: m.get('', 'won_cur'), previous: m.get('', 'won_prev') },
    lost_deals: cmp(c.lost_cur, c.lost_prev),
    win_rate: cmp(ratio(c.won_cur, c.won_cur + c.lost_cur), ratio(c.won_prev, c.won_prev + c.lost_prev)),
    conversion: cmp(ratio(c.conv_cur, c.new_cur), ratio(c.conv_prev, c.new_prev)),
    cohort_conversion: cmp(ratio(c.cohort_cur, c.new_cur), ratio(c.cohort_prev, c.new_prev)),
    average_deal_size: { current: m.get('', 'won_cur', 'mean'), previous: m.get('', 'won_prev', 'mean') },
    sales_cycle_median_days: cmp(c.med_cur, c.med_prev),
    sales_cycle_mean_days: cmp(c.mean_cur, c.mean_prev),
    velocity: cmp(c.won_cur / weeks, c.won_prev / prevWeeks),
    activities_due_today: cmp(c.due_today),
    activities_overdue: cmp(c.overdue),
  };
}
