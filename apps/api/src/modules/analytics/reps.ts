/**
 * `GET /api/v1/analytics/reps` (contract `AnalyticsReps`/`RepFigures`). One statement reads the deals in
 * scope created, won or lost in the period once (`base`), expands them to three levels — per owner
 * (`o`), per team of the owner (`t`: every deal owned by a member of the team; a member of two teams
 * counts in both) and the scope total (`a`) — and aggregates:
 *  - created / won / lost counts; win_rate = won / (won + lost), null when none closed;
 *  - created_value (Σ amount of those created), won_value, average_deal_size (mean won amount);
 *  - avg_days_to_close = mean sales cycle of those won (predicates.ts `salesCycleDays`);
 *  - velocity = won / (days in period / 7).
 * Money: money.ts. Reps are the owners with any deal created, won or lost in the period.
 */
import { sql } from 'drizzle-orm';
import type { AnalyticsReps, RepFigures } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { ownerRefs } from '../records/refs.js';
import { fxCte, moneyRollup, MoneyFigures, refDay, type Fx, type MoneyRow } from './money.js';
import type { PeriodWindow } from './period.js';
import { dealCreated, dealLost, dealScope, dealWon, salesCycleDays } from './predicates.js';
import type { Scope } from './scope.js';

interface CountRow {
  key: string;
  created: number;
  won: number;
  lost: number;
  avg_days: number | null;
}

/** Teams shown: the scope's teams (all of the organisation's when null), with names and member ids. */
async function teamsOf(tx: Tx, scope: Scope) {
  return queryRows<{ id: string; name: string; members: string[] }>(
    tx,
    sql`select t.id, t.name::text as name,
               coalesce(array_agg(tm.membership_id::text) filter (where tm.membership_id is not null), '{}') as members
          from teams t left join team_members tm on tm.org_id = t.org_id and tm.team_id = t.id
         where t.org_id = ${scope.orgId}::uuid
           ${scope.teamIds === null ? sql`` : sql`and t.id = any(${sql.param(scope.teamIds)}::uuid[])`}
         group by t.id, t.name order by t.name`,
  );
}

/** Rep performance of `scope` in the period. */
export async function reps(tx: Tx, params: { scope: Scope; period: PeriodWindow; fx: Fx }): Promise<AnalyticsReps> {
  const { scope, period: p, fx } = params;
  const teams = await teamsOf(tx, scope);
  const teamIds = teams.map((t) => t.id);
  const base = sql`base as (
      select d.id, d.owner_id, d.currency, d.amount::numeric as amount, ${refDay(fx)} as refday,
             (${dealCreated(p.current)}) as c, (${dealWon(p.current)}) as w, (${dealLost(p.current)}) as l,
             case when ${dealWon(p.current)} then ${salesCycleDays()} end as days
        from deals d
       where ${dealScope(scope)} and ((${dealCreated(p.current)}) or (${dealWon(p.current)}) or (${dealLost(p.current)}))),
    levels as (
      select 'o|' || coalesce(b.owner_id::text, '') as key, b.* from base b
      union all
      select 't|' || tm.team_id::text, b.* from base b
        join team_members tm on tm.org_id = ${scope.orgId}::uuid and tm.membership_id = b.owner_id
       where tm.team_id = any(${sql.param(teamIds)}::uuid[])
      union all
      select 'a|', b.* from base b)`;
  // One statement: money per (level, fig) and, on each row, the level's counts and mean cycle. Every
  // level with a deal has a row: each deal is created, won or lost in the period (fig of the same name).
  const rows = await queryRows<MoneyRow & CountRow>(
    tx,
    sql`with ${fxCte(fx)}, ${base},
      counts as materialized (
        select key, count(*) filter (where c)::int as created, count(*) filter (where w)::int as won,
               count(*) filter (where l)::int as lost, (avg(days) filter (where w))::float8 as avg_days
          from levels group by key),
      src as (
        select key, 'created' as fig, currency, refday, amount as v, 1::bigint as n from levels where c
        union all
        select key, 'won', currency, refday, amount, 1 from levels where w
        union all
        select key, 'lost', currency, refday, amount, 1 from levels where l),
      ${moneyRollup(fx)}
      select mout.*, counts.created, counts.won, counts.lost, counts.avg_days from mout join counts using (key)`,
  );
  const money = new MoneyFigures(rows, fx.reportingCurrency);
  const counts = [...new Map(rows.map((r) => [r.key, r])).values()];
  const byKey = new Map(counts.map((c) => [c.key, c]));
  const weeks = p.period.days / 7;
  const figures = (key: string): RepFigures => {
    const c = byKey.get(key) ?? { key, created: 0, won: 0, lost: 0, avg_days: null };
    return {
      created: c.created,
      won: c.won,
      lost: c.lost,
      win_rate: c.won + c.lost === 0 ? null : c.won / (c.won + c.lost),
      created_value: money.get(key, 'created'),
      won_value: money.get(key, 'won'),
      average_deal_size: money.get(key, 'won', 'mean'),
      avg_days_to_close: c.avg_days,
      velocity: c.won / weeks,
    };
  };
  const ownerIds = counts.filter((c) => c.key.startsWith('o|')).map((c) => c.key.slice(2));
  const names = await ownerRefs(tx, { orgId: scope.orgId, ids: ownerIds.filter(Boolean) });
  const repRows = ownerIds.map((id) => ({
    ...figures(`o|${id}`),
    owner: { id: id || null, name: id ? (names.get(id)?.name ?? '') : 'Unassigned' },
    team_ids: teams.filter((t) => id && t.members.includes(id)).map((t) => t.id),
  }));
  repRows.sort(
    (a, b) =>
      b.won_value.total.amount - a.won_value.total.amount ||
      a.owner.name.localeCompare(b.owner.name) ||
      String(a.owner.id).localeCompare(String(b.owner.id)),
  );
  return {
    period: p.period,
    reporting_currency: fx.reportingCurrency,
    reps: repRows,
    teams: teams.map((t) => ({
      ...figures(`t|${t.id}`),
      team: { id: t.id, name: t.name },
      member_count: t.members.length,
    })),
    total: figures('a|'),
  };
}
