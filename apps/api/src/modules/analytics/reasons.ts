/**
 * `GET /api/v1/analytics/reasons` (contract `AnalyticsReasons`): deals won (`won_reason`) and lost
 * (`lost_reason`) in the period grouped by reason key — whitespace runs collapsed, trimmed,
 * lower-cased (predicates.ts `reasonKey`; empty = no reason, null) — showing the most frequent spelling
 * (`mode()`, ties to the first in sort order); count and value (converted at the close day's rate).
 * One statement; rows by count desc, then reason (no reason last).
 */
import { sql } from 'drizzle-orm';
import type { AnalyticsReasons } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { fxCte, moneyRollup, MoneyFigures, refDay, type Fx, type MoneyRow } from './money.js';
import type { PeriodWindow } from './period.js';
import { dealLost, dealScope, dealWon, reasonKey, reasonSpelling } from './predicates.js';
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
      closed as (
        select 'won' as outcome, ${reasonKey(sql`d.won_reason`)} as rkey, ${reasonSpelling(sql`d.won_reason`)} as spelling,
               d.currency, ${refDay(fx)} as refday, d.amount
          from deals d where ${dealScope(scope)} and ${dealWon(p.current)}
        union all
        select 'lost', ${reasonKey(sql`d.lost_reason`)}, ${reasonSpelling(sql`d.lost_reason`)},
               d.currency, ${refDay(fx)}, d.amount
          from deals d where ${dealScope(scope)} and ${dealLost(p.current)}),
      spellings as (
        select outcome, rkey, mode() within group (order by spelling) as spelling from closed group by outcome, rkey),
      src as (
        select coalesce(rkey, '') as key, outcome as fig, currency, refday, sum(amount)::numeric as v, count(*) as n
          from closed group by 1, 2, 3, 4),
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
