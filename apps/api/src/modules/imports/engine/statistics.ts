/**
 * Planner statistics during a bulk import.
 *
 * PostgreSQL plans the foreign-key check of an inserted row (`SELECT 1 FROM companies WHERE org_id =
 * $1 AND id = $2 FOR KEY SHARE`) once per connection and keeps that plan until the referenced
 * table's statistics change. On a new installation the statistics say the tables are empty, so the
 * plan made at the first chunk can be a scan of the organisation's rows, and every later check pays
 * for it — bench/import, 100,000 contacts into a new database: the `contacts_company_fk` check went
 * from 111 to 290 µs a row while the import ran at 1,863 rows/s; with one ANALYZE after the first
 * chunks the same import ran at 4,269 rows/s. The PostgreSQL manual (§14.4.9 "Run ANALYZE
 * Afterwards") prescribes ANALYZE after a bulk load; an import does it during the load, for the
 * tables its rows reference, whenever one has grown to at least twice its size at its last
 * statistics (so at most about log2(size) times per table; autovacuum would wait for its next round).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import type { ImportEntity } from '../fields.js';

/** The tables an import of each entity looks up or references (foreign keys) while it writes. */
export const REFERENCED_TABLES: Record<ImportEntity, string[]> = {
  companies: ['companies'],
  contacts: ['contacts', 'companies'],
  deals: ['deals', 'companies', 'contacts'],
  leads: ['leads', 'contacts'],
  activities: ['activities', 'contacts', 'companies', 'deals', 'leads'],
  notes: ['notes', 'contacts', 'companies', 'deals', 'leads'],
};

/** Below this many 8 kB pages (a few hundred rows) a table's statistics are left to autovacuum. */
const MIN_PAGES = 16;

/**
 * Runs ANALYZE on those of `tables` whose heap now has at least twice the pages it had at its last
 * ANALYZE or VACUUM (`pg_class.relpages`, 0 when never analysed) and at least {@link MIN_PAGES} —
 * the file size is exact at once, where the statistics collector's row counts lag by up to seconds.
 * Runs outside any tenant transaction, as the database user that owns the tables (for another user
 * PostgreSQL only warns and skips). Returns the tables analysed.
 */
export async function refreshStatistics(db: Db, tables: string[]): Promise<string[]> {
  const stale = await queryRows<{ relname: string }>(
    db,
    sql`select c.relname from pg_class c, pg_relation_size(c.oid) as size
        where c.relnamespace = 'public'::regnamespace and c.relname = any(${sql.param(tables)}::text[])
          and size >= ${MIN_PAGES} * current_setting('block_size')::bigint
          and size >= 2 * current_setting('block_size')::bigint * c.relpages`,
  );
  const names = stale.map((r) => r.relname);
  if (names.length) await db.execute(sql.raw(`analyze ${names.map((n) => `"${n}"`).join(', ')}`));
  return names;
}
