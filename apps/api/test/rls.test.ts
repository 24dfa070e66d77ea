/**
 * RLS gate (DESIGN §4): every tenant table has row-level security enabled AND forced with a policy
 * that has both USING and WITH CHECK on app.org_id; the request role is neither superuser nor
 * owner nor BYPASSRLS; with no organisation set it sees 0 rows; it cannot write into another
 * organisation. Tables added later are found from the catalog.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { likeIsLeakproof } from '../src/db/migrate.js';
import { withTenant } from '../src/db/tenant.js';
import { seedDemo } from '../src/modules/demo/demo.service.js';
import { createTestApp, type TestApp } from './helpers.js';
import { tenantTables } from './tenant-tables.js';

let t: TestApp;
let tables: string[];
let orgA: string;
let orgB: string;
beforeAll(async () => {
  t = await createTestApp();
  const tag = uuidv7().slice(-8);
  orgA = (await seedDemo(t.database.db, t.app.auth, {
    domain: `rls-a-${tag}.test`,
    slug: `rls-a-${tag}`,
    name: 'RLS A',
  }))!;
  orgB = (await seedDemo(t.database.db, t.app.auth, {
    domain: `rls-b-${tag}.test`,
    slug: `rls-b-${tag}`,
    name: 'RLS B',
  }))!;
  tables = await tenantTables(t.database);
});
afterAll(async () => t.close());

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe('row-level security gate', () => {
  it('finds the tenant tables', () => {
    expect(tables).toEqual(expect.arrayContaining(['memberships', 'teams', 'team_members', 'invitations', 'api_keys']));
  });

  it('every tenant table has RLS enabled and forced, with USING and WITH CHECK on app.org_id', async () => {
    for (const table of tables) {
      const { rows } = await t.database.query<{ enabled: boolean; forced: boolean }>(
        `SELECT relrowsecurity AS enabled, relforcerowsecurity AS forced FROM pg_class WHERE oid = $1::regclass`,
        [`public.${table}`],
      );
      expect({ table, ...rows[0] }).toEqual({ table, enabled: true, forced: true });
      const policies = await t.database.query<{ qual: string | null; with_check: string | null; cmd: string }>(
        `SELECT qual, with_check, cmd FROM pg_policies WHERE schemaname = 'public' AND tablename = $1`,
        [table],
      );
      const isolating = policies.rows.filter(
        (p) => p.cmd === 'ALL' && p.qual?.includes('app.org_id') && p.with_check?.includes('app.org_id'),
      );
      expect(isolating, `${table} needs a USING + WITH CHECK policy on app.org_id`).toHaveLength(1);
      for (const p of policies.rows) {
        // Any extra policy may only widen reads to the caller's own rows, never writes.
        if (p !== isolating[0]) expect(p.cmd, `${table}: extra policies must be SELECT-only`).toBe('SELECT');
      }
    }
  });

  it('the request role is not superuser, not BYPASSRLS and owns no table', async () => {
    const role = await t.database.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'relata_app'`,
    );
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owned = await t.database.query(`SELECT tablename FROM pg_tables WHERE tableowner = 'relata_app'`);
    expect(owned.rows).toEqual([]);
    const who = await withTenant(t.database.db, { orgId: null }, (tx) => tx.execute(sql`select current_user as u`));
    expect(rowsOf<{ u: string }>(who)[0]!.u).toBe('relata_app');
  });

  it('with no organisation set, the request role sees 0 rows of any tenant table', async () => {
    for (const table of tables) {
      const total = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM public."${table}"`);
      expect(total.rows[0]!.n, `${table} should hold seeded rows for this check to mean anything`).toBeGreaterThan(0);
      const seen = await withTenant(t.database.db, { orgId: null }, (tx) =>
        tx.execute(sql.raw(`select count(*)::int as n from public."${table}"`)),
      );
      expect({ table, n: rowsOf<{ n: number }>(seen)[0]!.n }).toEqual({ table, n: 0 });
    }
  });

  it('scoped to one organisation, the request role sees only its rows', async () => {
    for (const table of tables) {
      const seen = await withTenant(t.database.db, { orgId: orgA }, (tx) =>
        tx.execute(
          sql.raw(
            `select count(*)::int as n, count(*) filter (where org_id <> '${orgA}')::int as other from public."${table}"`,
          ),
        ),
      );
      const row = rowsOf<{ n: number; other: number }>(seen)[0]!;
      expect(row.n, `${table}: org A has seeded rows`).toBeGreaterThan(0);
      expect({ table, other: row.other }).toEqual({ table, other: 0 });
    }
  });

  it('refuses to write a row into another organisation (WITH CHECK)', async () => {
    const attempt = withTenant(t.database.db, { orgId: orgA }, (tx) =>
      tx.execute(sql`insert into teams (org_id, id, name) values (${orgB}, ${uuidv7()}, 'Smuggled')`),
    );
    await expect(attempt).rejects.toThrow();
    const moved = withTenant(t.database.db, { orgId: orgA }, (tx) =>
      tx.execute(sql`update teams set org_id = ${orgB} where org_id = ${orgA}`),
    );
    await expect(moved).rejects.toThrow();
    const teamsB = await withTenant(t.database.db, { orgId: orgB }, (tx) =>
      tx.execute(sql`select name from teams order by name`),
    );
    expect(rowsOf<{ name: string }>(teamsB).map((r) => r.name)).toEqual(['Enterprise', 'Inbound']);
  });

  it('keeps credentials and installation secrets out of the request role’s reach', async () => {
    for (const table of ['accounts', 'verifications', 'system_settings']) {
      const err = await withTenant(t.database.db, { orgId: orgA }, (tx) =>
        tx.execute(sql.raw(`select count(*) from public."${table}"`)),
      ).catch((e: Error & { cause?: Error }) => e);
      expect(err, table).toBeInstanceOf(Error);
      expect(String((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message), table).toMatch(
        /permission denied/,
      );
    }
  });

  it('lets text search use its trigram index under RLS (LIKE is leakproof, migration 0006)', async () => {
    // A non-leakproof operator is never evaluated before the policy, so no index scan can serve it
    // (bench/lists: ≈1 s per search at 1M contacts without this, ≈15 ms with it).
    expect(await likeIsLeakproof(t.database)).toBe(true);
  });
});
