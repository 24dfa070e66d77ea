import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Case-insensitive text (PostgreSQL `citext` extension, loaded by the first migration). */
export const citext = customType<{ data: string }>({ dataType: () => 'citext' });

/**
 * `timestamptz(3)` read and written as a JS `Date` (UTC on the wire). Millisecond precision matches
 * JS dates and ISO strings exactly, so a timestamp that went to the client and back (keyset cursors,
 * If-Unmodified-Since style checks) compares equal to the stored one.
 */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/** `created_at` / `updated_at`, both `timestamptz not null default now()`. */
export const timestamps = () => ({
  created_at: tstz('created_at').notNull().defaultNow(),
  updated_at: tstz('updated_at').notNull().defaultNow(),
});

/**
 * The tenant key and the row id of every tenant table. Primary key `(org_id, id)` is declared in each
 * table's extra config (DESIGN §4); ids are UUIDv7 generated in the application (no SQL `uuidv7()`).
 */
export const tenantKeys = () => ({
  org_id: uuid('org_id').notNull(),
  id: uuid('id').notNull(),
});
