/**
 * Opens the database: embedded PGlite (default) or PostgreSQL through a `pg` Pool when a connection
 * string is given. Both are exposed as one Drizzle `Db` plus a raw `query()` for statements that
 * must run outside a transaction (VACUUM, health checks).
 */
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';

/**
 * A Drizzle database on either driver. Opened without the schema: the code builds queries from the
 * table objects (`db.select().from(contacts)`, `sql` templates) and never uses the relational API
 * (`db.query.<table>`), and with a schema Drizzle builds one relational query builder per table for
 * every transaction it opens — ~25 µs of CPU per request (profile of bench/analytics, distribution).
 */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A Drizzle transaction on either driver. */
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** Anything queries can run on. */
export type Executor = Db | Tx;

export interface QueryResultRows<T = Record<string, unknown>> {
  rows: T[];
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** One statement as the connecting (owner) role, outside any request transaction. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResultRows<T>>;
  /** The PGlite instance (embedded mode only), for pg-boss's `fromPglite`. */
  pglite: PGlite | null;
  /** The `pg` Pool (PostgreSQL mode only). */
  pool: pg.Pool | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `null` keeps the database in memory (tests). */
  pgliteDir?: string | null;
  /** A PGlite data-directory tarball to start from (tests load a migrated template). */
  pgliteLoad?: Blob;
  /** Pool size for PostgreSQL (default 10). */
  poolMax?: number;
}

// bigint (int8) as JS number would lose precision past 2^53; money columns are bigint minor units.
// Keep them as strings at the driver and convert explicitly where a number is safe.
pg.types.setTypeParser(20, (v) => v);

/** Opens the database selected by `url` (PostgreSQL) or `pgliteDir` (PGlite). */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolMax ?? 10,
      application_name: 'relata',
    });
    // A broken idle client must not crash the process; the next checkout reconnects.
    pool.on('error', () => {});
    const db = drizzlePg({ client: pool }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      pglite: null,
      pool,
      query: async (text, params) => pool.query(text, params as unknown[]) as never,
      close: () => pool.end(),
    };
  }
  const pglite = new PGlite({
    ...(opts.pgliteDir ? { dataDir: opts.pgliteDir } : {}),
    ...(opts.pgliteLoad ? { loadDataDir: opts.pgliteLoad } : {}),
    extensions: { pg_trgm, citext, unaccent },
  });
  await pglite.waitReady;
  const db = drizzlePglite({ client: pglite }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite,
    pool: null,
    query: async (text, params) => {
      if (params?.length) return (await pglite.query(text, params)) as never;
      const results = await pglite.exec(text);
      return { rows: results.flatMap((r) => r.rows) } as never;
    },
    close: () => pglite.close(),
  };
}
