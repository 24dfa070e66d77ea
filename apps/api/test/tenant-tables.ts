/**
 * Discovers the tenant tables (schema public, with an `org_id` column) from the catalog, so the
 * RLS gate and the isolation harness cover tables added by later migrations without edits.
 */
import type { Database } from '../src/db/client.js';

export async function tenantTables(database: Database): Promise<string[]> {
  const { rows } = await database.query<{ table_name: string }>(
    `SELECT c.relname AS table_name
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}
