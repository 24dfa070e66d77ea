import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { MIGRATIONS_DIR } from '../lib/paths.js';
import type { Database } from './client.js';

/** Arbitrary constant key of the advisory lock that serialises migrators of several instances. */
const MIGRATION_LOCK_KEY = 727_165_001;

/**
 * Applies the committed SQL migrations (`src/db/migrations`, Drizzle journal) and then re-applies
 * the tenant rules (`relata_apply_tenant_rls()`) so every table with `org_id` has forced RLS, its
 * policy and its grants. On PostgreSQL an advisory lock keeps concurrent start-ups from racing.
 */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase<Record<string, never>>, {
      migrationsFolder: MIGRATIONS_DIR,
    });
    await database.query('SELECT relata_apply_tenant_rls()');
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(database.db as unknown as NodePgDatabase<Record<string, never>>, {
      migrationsFolder: MIGRATIONS_DIR,
    });
    await client.query('SELECT relata_apply_tenant_rls()');
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}
