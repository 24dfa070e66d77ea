/**
 * What bench/analytics prints besides the timings: the data size of the organisation, and checks
 * that the API answered real figures over the whole data set — each response parsed with its
 * contract (packages/shared/src/analytics.ts), and a few figures recounted directly in SQL (as the
 * superuser, for the caller's scope: everything, or the deals the member owns under the private rule).
 */
import type pg from 'pg';
import type { z } from 'zod';

const n = (v: unknown) => Number(v).toLocaleString('en-US');

/** Prints row counts and on-disk sizes of the tables the reports read. */
export async function printDataSize(client: pg.Client, orgId: string) {
  const { rows } = await client.query<Record<string, string>>(
    `SELECT
       (SELECT count(*) FROM deals WHERE org_id = $1) AS deals,
       (SELECT count(*) FROM deals WHERE org_id = $1 AND deleted_at IS NULL) AS deals_live,
       (SELECT count(*) FROM deals WHERE org_id = $1 AND deleted_at IS NULL AND status = 'open') AS deals_open,
       (SELECT count(*) FROM deals WHERE org_id = $1 AND deleted_at IS NULL AND status = 'won') AS deals_won,
       (SELECT count(*) FROM deals WHERE org_id = $1 AND deleted_at IS NULL AND status = 'lost') AS deals_lost,
       (SELECT count(*) FROM deals WHERE org_id = $1 AND deleted_at IS NULL AND status = 'abandoned') AS deals_abandoned,
       (SELECT count(*) FROM leads WHERE org_id = $1) AS leads,
       (SELECT count(*) FROM leads WHERE org_id = $1 AND deleted_at IS NULL AND status = 'open') AS leads_open,
       (SELECT count(*) FROM leads WHERE org_id = $1 AND deleted_at IS NULL AND status = 'converted') AS leads_converted,
       (SELECT count(*) FROM stage_history WHERE org_id = $1 AND deal_id IS NOT NULL) AS history_deals,
       (SELECT count(*) FROM stage_history WHERE org_id = $1 AND lead_id IS NOT NULL) AS history_leads,
       (SELECT count(*) FROM pipelines WHERE org_id = $1) AS pipelines,
       (SELECT count(*) FROM currency_rates WHERE org_id = $1) AS rates,
       (SELECT count(*) FROM memberships WHERE org_id = $1) AS members,
       (SELECT count(*) FROM activities WHERE org_id = $1) AS activities,
       (SELECT string_agg(currency || ' ' || c, ', ' ORDER BY currency) FROM
          (SELECT currency, count(*) AS c FROM deals WHERE org_id = $1 GROUP BY 1) x) AS currencies,
       (SELECT record_visibility FROM organizations WHERE id = $1) AS visibility,
       (SELECT reporting_currency FROM organizations WHERE id = $1) AS reporting,
       pg_size_pretty(pg_total_relation_size('deals')) AS deals_size,
       pg_size_pretty(pg_total_relation_size('leads')) AS leads_size,
       pg_size_pretty(pg_total_relation_size('stage_history')) AS history_size,
       pg_size_pretty(pg_database_size(current_database())) AS db_size`,
    [orgId],
  );
  const r = rows[0]!;
  console.log('\ndata size (one organisation; the whole database holds only it)');
  console.log(
    `  deals ${n(r.deals)} (${n(r.deals_live)} live: ${n(r.deals_open)} open, ${n(r.deals_won)} won, ` +
      `${n(r.deals_lost)} lost, ${n(r.deals_abandoned)} abandoned) in ${r.pipelines} pipelines (incl. the leads pipeline); ` +
      `currencies ${r.currencies}`,
  );
  console.log(`  leads ${n(r.leads)} (${n(r.leads_open)} open, ${n(r.leads_converted)} converted)`);
  console.log(`  stage_history ${n(r.history_deals)} deal rows + ${n(r.history_leads)} lead rows`);
  console.log(
    `  ${r.members} members, ${r.rates} currency rates (reporting ${r.reporting}), ${n(r.activities)} activities; ` +
      `record visibility: ${r.visibility}`,
  );
  console.log(
    `  on disk: deals ${r.deals_size}, leads ${r.leads_size}, stage_history ${r.history_size} (with indexes); database ${r.db_size}`,
  );
}

/** Parses `body` with `schema`; returns an empty string or the first issues (path: message). */
export function contractIssues(schema: z.ZodType, body: string): string {
  const parsed = schema.safeParse(JSON.parse(body));
  if (parsed.success) return '';
  return parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');
}

/** The scope of a caller's figures in SQL: all deals, or those owned by one membership. */
export type Scope = { kind: 'all' } | { kind: 'owner'; membershipId: string };

/**
 * Recounts in SQL what the dashboard and the drill-down report for `scope` between `from` and `to`
 * (inclusive UTC days): open deals now, deals won and lost in the period.
 */
export async function recount(client: pg.Client, orgId: string, scope: Scope, from: string, to: string) {
  const owner = scope.kind === 'owner' ? scope.membershipId : null;
  const { rows } = await client.query<{ open: string; won: string; lost: string }>(
    `SELECT count(*) FILTER (WHERE status = 'open') AS open,
            count(*) FILTER (WHERE status = 'won' AND won_at >= $3::date::timestamp AT TIME ZONE 'UTC'
                                                  AND won_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC') AS won,
            count(*) FILTER (WHERE status = 'lost' AND closed_at >= $3::date::timestamp AT TIME ZONE 'UTC'
                                                   AND closed_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC') AS lost
       FROM deals WHERE org_id = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR owner_id = $2)`,
    [orgId, owner, from, to],
  );
  return { open: Number(rows[0]!.open), won: Number(rows[0]!.won), lost: Number(rows[0]!.lost) };
}
