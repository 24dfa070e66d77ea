/**
 * Keyset (cursor) pagination (DESIGN §5, §7): pages are read with a row-value comparison on
 * `(sort column, id)`, which an index on the same columns serves without OFFSET scans. A cursor is
 * the base64url JSON of the last row's `[sort value, id]`; it is opaque to clients.
 */
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { invalid } from './errors.js';

export interface KeysetSort {
  column: AnyPgColumn;
  /** Secondary key making the order total (the row id). */
  id: AnyPgColumn;
  direction: 'asc' | 'desc';
  /** How the sort value travels in the cursor. */
  kind: 'text' | 'timestamp';
}

type CursorValue = [string | null, string];

function decode(cursor: string): CursorValue {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || v[0] === null) && typeof v[1] === 'string') {
      return v as CursorValue;
    }
  } catch {
    // fall through
  }
  throw invalid([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);
}

/** The WHERE fragment selecting rows after `cursor` (undefined on the first page). */
export function afterCursor(sort: KeysetSort, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [value, id] = decode(cursor);
  if (!/^[0-9a-f-]{36}$/i.test(id))
    throw invalid([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);
  const v = sort.kind === 'timestamp' ? sql`${value}::timestamptz` : sql`${value}`;
  return sort.direction === 'asc'
    ? sql`(${sort.column}, ${sort.id}) > (${v}, ${id}::uuid)`
    : sql`(${sort.column}, ${sort.id}) < (${v}, ${id}::uuid)`;
}

/** ORDER BY for the sort (sort column, then id, same direction). */
export function orderBy(sort: KeysetSort): SQL[] {
  const dir = sort.direction === 'asc' ? asc : desc;
  return [dir(sort.column), dir(sort.id)];
}

/**
 * Cuts a result fetched with `limit + 1` rows down to `limit` and makes the next cursor from the
 * last row kept (null when there is no further row).
 */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => [string | Date | null, string]) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  let next_cursor: string | null = null;
  if (more) {
    const [v, id] = key(data[data.length - 1]!);
    const value = v instanceof Date ? v.toISOString() : v;
    next_cursor = Buffer.from(JSON.stringify([value, id])).toString('base64url');
  }
  return { data, next_cursor };
}
