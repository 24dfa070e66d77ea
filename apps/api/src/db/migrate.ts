import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { MIGRATIONS_DIR } from '../lib/paths.js';
import type { Database } from './client.js';

/** Arbitrary constant key of the advisory lock that serialises migrators of several instances. */
const MIGRATION_LOCK_KEY = 727_165_001;

/** How many migrations the database has recorded (Drizzle's journal table; 0 before the first run). */
async function appliedCount(query: Database['query']): Promise<number> {
  const exists = await query<{ t: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const { rows } = await query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
  return rows[0]?.n ?? 0;
}

/**
 * Applies the committed SQL migrations (`src/db/migrations`, Drizzle journal) and, when any ran,
 * re-applies the tenant rules (`relata_apply_tenant_rls()`) so every table with `org_id` has forced
 * RLS, its policy and its grants. On PostgreSQL an advisory lock keeps concurrent start-ups from
 * racing. Returns the number of migrations applied.
 */
export async function runMigrations(database: Database): Promise<number> {
  if (database.kind === 'pglite') {
    const before = await appliedCount(database.query);
    await migratePglite(database.db as unknown as PgliteDatabase<Record<string, never>>, {
      migrationsFolder: MIGRATIONS_DIR,
    });
    const applied = (await appliedCount(database.query)) - before;
    if (applied > 0) await database.query('SELECT relata_apply_tenant_rls()');
    return applied;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const query: Database['query'] = async (text, params) => client.query(text, params as unknown[]) as never;
    const before = await appliedCount(query);
    await migratePg(database.db as unknown as NodePgDatabase<Record<string, never>>, {
      migrationsFolder: MIGRATIONS_DIR,
    });
    const applied = (await appliedCount(query)) - before;
    if (applied > 0) await client.query('SELECT relata_apply_tenant_rls()');
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}

/**
 * True when LIKE / ILIKE are LEAKPROOF (migration 0006 marks them when it runs as a superuser), so
 * text search can use the pg_trgm indexes under row-level security. False means every `q` search
 * scans the organisation's rows: correct, but slow on large tables.
 */
export async function likeIsLeakproof(database: Database): Promise<boolean> {
  const { rows } = await database.query<{ ok: boolean }>(
    `SELECT bool_and(proleakproof) AS ok FROM pg_proc
      WHERE oid IN ('pg_catalog.textlike(text, text)'::regprocedure, 'pg_catalog.texticlike(text, text)'::regprocedure)`,
  );
  return rows[0]?.ok === true;
}
