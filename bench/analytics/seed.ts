/**
 * The analytics bench's organisation: seedLargeOrg() on a throw-away PostgreSQL database with its own
 * deal and lead counts (`--deals`, `--leads`; lib/seeded.ts ties them to `--contacts`), plus what the
 * reports need that the generic seed does not make (prepareAnalytics): currency rates, won reasons,
 * two teams, and API keys of an admin and of a member. Kept with `--keep` (URL, seed and keys in
 * `bench/.tmp/analytics-state.json`), measured again with `--reuse` (migrations added since applied).
 */
import pg from 'pg';
import { hashToken, issueOrgToken } from '@relata/api/src/lib/tokens.js';
import { seededDatabase } from '../lib/seeded.js';
import { uuidv7, type SeedMember, type SeedResult } from '../seed-large-org/seed.js';

/** A member the bench requests as: their API key (write scope) and membership. */
export interface BenchCaller {
  key: string;
  member: SeedMember;
}

/** What prepareAnalytics() added: callers, teams and how many rates / reasons it wrote. */
export interface AnalyticsExtra {
  admin: BenchCaller;
  /** A `member` under the private visibility rule: the member owning the most live deals. */
  member: BenchCaller;
  teams: { id: string; name: string; members: number }[];
  rates: number;
  wonReasons: number;
}

/** Won reasons, some spelt two ways (the report groups case- and space-insensitively). */
const WON_REASONS = ['Price', 'price', 'Product fit', 'Product  fit', 'Relationship', 'Time to value', 'Support'];

/**
 * Adds to the seeded organisation, in one transaction as the connecting superuser (tenant setting
 * for FORCE RLS): monthly EUR and GBP → USD rates (reporting currency USD) from 4 years back, so
 * conversion looks up a rate per deal day; `won_reason` on 80 % of won deals (none for the rest);
 * teams "East" (members 3–11, led by the first manager) and "West" (10–19, the second manager; 10 and
 * 11 in both); API keys of the admin and of the member with the most live deals. Then ANALYZE.
 */
export async function prepareAnalytics(url: string, seed: SeedResult): Promise<AnalyticsExtra> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const org = seed.orgId;
  try {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.org_id', $1, true)`, [org]);
    await c.query(`UPDATE organizations SET reporting_currency = 'USD' WHERE id = $1`, [org]);
    const months = 49;
    const ids = Array.from({ length: months * 2 }, () => uuidv7());
    const rateRows = await c.query(
      `INSERT INTO currency_rates (org_id, id, currency, rate, valid_from)
       SELECT $1, ($2::uuid[])[1 + m * 2 + k], (ARRAY['EUR', 'GBP'])[1 + k],
              round((CASE k WHEN 0 THEN 1.08 ELSE 1.27 END + 0.04 * sin(m / 3.0))::numeric, 6),
              (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => m))::date
         FROM generate_series(0, $3::int - 1) AS m, generate_series(0, 1) AS k
       ON CONFLICT (org_id, currency, valid_from) DO NOTHING`,
      [org, ids, months],
    );
    const reasons = await c.query(
      `UPDATE deals SET won_reason = ($2::text[])[1 + abs(hashtext(id::text)) % $3]
        WHERE org_id = $1 AND status = 'won' AND won_reason IS NULL AND abs(hashtext(id::text || 'r')) % 5 <> 0`,
      [org, WON_REASONS, WON_REASONS.length],
    );
    const m = seed.members;
    const teamDefs = [
      { name: 'East', members: m.slice(2, 3).concat(m.slice(4, 12)), lead: m[2]! },
      { name: 'West', members: m.slice(3, 4).concat(m.slice(10, 20)), lead: m[3]! },
    ];
    const teams: AnalyticsExtra['teams'] = [];
    for (const t of teamDefs) {
      const existing = await c.query<{ id: string }>(`SELECT id FROM teams WHERE org_id = $1 AND name = $2`, [
        org,
        t.name,
      ]);
      let id = existing.rows[0]?.id;
      if (!id) {
        id = uuidv7();
        await c.query(`INSERT INTO teams (org_id, id, name) VALUES ($1, $2, $3)`, [org, id, t.name]);
        await c.query(
          `INSERT INTO team_members (org_id, id, team_id, membership_id, is_lead)
           SELECT $1, x.id, $2, x.mid, x.mid = $5 FROM unnest($3::uuid[], $4::uuid[]) AS x(id, mid)`,
          [org, id, t.members.map(() => uuidv7()), t.members.map((x) => x.membershipId), t.lead.membershipId],
        );
      }
      teams.push({ id, name: t.name, members: t.members.length });
    }
    const { rows: top } = await c.query<{ owner_id: string }>(
      `SELECT d.owner_id FROM deals d JOIN memberships ms ON ms.org_id = d.org_id AND ms.id = d.owner_id
        WHERE d.org_id = $1 AND d.deleted_at IS NULL AND ms.role = 'member'
        GROUP BY d.owner_id ORDER BY count(*) DESC LIMIT 1`,
      [org],
    );
    const caller = async (who: SeedMember): Promise<BenchCaller> => {
      const key = issueOrgToken('rk', org);
      await c.query(
        `INSERT INTO api_keys (org_id, id, name, key_hash, prefix, scopes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [org, uuidv7(), `bench-analytics ${who.role}`, hashToken(key), key.slice(0, 10), ['write'], who.userId],
      );
      return { key, member: who };
    };
    const admin = await caller(m.find((x) => x.role === 'admin')!);
    const member = await caller(m.find((x) => x.membershipId === top[0]!.owner_id)!);
    await c.query('COMMIT');
    for (const t of ['deals', 'currency_rates', 'teams', 'team_members', 'api_keys', 'organizations'])
      await c.query(`VACUUM (ANALYZE) ${t}`);
    return { admin, member, teams, rates: rateRows.rowCount ?? 0, wonReasons: reasons.rowCount ?? 0 };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await c.end();
  }
}

/**
 * Seeds (or with `reuse` reads from `stateFile`) the organisation: `contacts`, a fifth as many
 * companies, `deals`, `leads`, no activities (lib/seeded.ts); then prepareAnalytics(). `drop` removes the
 * database unless it is kept or reused.
 */
export async function analyticsDatabase(params: {
  stateFile: string;
  args: { keep: boolean; reuse: boolean; contacts: string; deals: string; leads: string };
}): Promise<{ url: string; seed: SeedResult; extra: AnalyticsExtra; drop: () => Promise<void> }> {
  return seededDatabase({
    prefix: 'relata_analytics',
    stateFile: params.stateFile,
    args: params.args,
    deals: Number(params.args.deals),
    leads: Number(params.args.leads),
    prepare: async (url, seed) => {
      const extra = await prepareAnalytics(url, seed);
      console.log(
        `prepared: ${extra.rates} currency rates, ${extra.wonReasons.toLocaleString('en-US')} won reasons, ` +
          `teams ${extra.teams.map((t) => `${t.name} (${t.members})`).join(', ')}, keys of ${extra.admin.member.name} (admin) ` +
          `and ${extra.member.member.name} (member)`,
      );
      return extra;
    },
  });
}
