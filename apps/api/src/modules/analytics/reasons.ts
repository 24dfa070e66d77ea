/**
 * `GET /api/v1/analytics/reasons` (contract `AnalyticsReasons`): deals won (`won_reason`) and lost
 * (`lost_reason`) in the period grouped by reason key — whitespace runs collapsed, trimmed,
 * lower-cased (predicates.ts `reasonKey`; empty = no reason, null) — showing the most frequent spelling
 * (the one on most deals, ties to the first in sort order, like `mode()`); count and value (converted
 * at the close day's rate). One statement: the deals are first summed per raw reason, currency and
 * close day, so the key and spelling are computed once per distinct reason text, not per deal. Rows by
 * count desc, then reason (no reason last).
 */
import { sql } from 'drizzle-orm';
import type { AnalyticsReasons } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { fxCte, moneyRollup, MoneyFigures, refDay, type Fx, type MoneyRow } from './money.js';
import type { PeriodWindow } from './period.js';
import { dealLost, dealScope, dealWon, reasonSpelling } from './predicates.js';
import type { Scope } from './scope.js';

/** Won and lost reasons of `scope` in the period. */
export async function reasons(
  tx: Tx,
  params: { scope: Scope; period: PeriodWindow; fx: Fx },
): Promise<AnalyticsReasons> {
  const { scope, period: p, fx } = params;
  const rows = await queryRows<MoneyRow & { spelling: string | null }>(
    tx,
    sql`with ${fxCte(fx)},
      raw as (
        select 'won' as outcome, d.won_reason as reason, d.currency, ${refDay(fx)} as refday,
               sum(d.amount)::numeric as v, count(*) as n
          from deals d where ${dealScope(scope)} and ${dealWon(p.current)} group by 2, 3, 4
        union all
        select 'lost', d.lost_reason, d.currency, ${refDay(fx)}, sum(d.amount)::numeric, count(*)
          from deals d where ${dealScope(scope)} and ${dealLost(p.current)} group by 2, 3, 4),
      spelled as (select outcome, ${reasonSpelling(sql`reason`)} as spelling, currency, refday, v, n from raw),
      keyed as (select outcome, lower(spelling) as rkey, spelling, currency, refday, v, n from spelled),
      spellings as (
        select distinct on (outcome, rkey) outcome, rkey, spelling
          from (select outcome, rkey, spelling, sum(n) as c from keyed group by 1, 2, 3) s
         order by outcome, rkey, c desc, spelling),
      src as (
        select coalesce(rkey, '') as key, outcome as fig, currency, refday, sum(v) as v, sum(n) as n
          from keyed group by 1, 2, 3, 4),
      ${moneyRollup(fx)}
      select mout.*, sp.spelling from mout
        left join spellings sp on sp.outcome = mout.fig and coalesce(sp.rkey, '') = mout.key`,
  );
  const figures = new MoneyFigures(rows, fx.reportingCurrency);
  const spelling = new Map(rows.map((r) => [`${r.fig}|${r.key}`, r.spelling]));
  const list = (outcome: 'won' | 'lost') =>
    [...new Set(rows.filter((r) => r.fig === outcome).map((r) => r.key))]
      .map((key) => ({
        reason: key === '' ? null : (spelling.get(`${outcome}|${key}`) ?? key),
        count: figures.count(key, outcome),
        value: figures.get(key, outcome),
      }))
      .sort(
        (a, b) =>
          b.count - a.count || (a.reason === null ? 1 : b.reason === null ? -1 : a.reason.localeCompare(b.reason)),
      );
  return { period: p.period, reporting_currency: fx.reportingCurrency, won: list('won'), lost: list('lost') };
}
