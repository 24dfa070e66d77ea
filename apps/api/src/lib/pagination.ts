/**
 * Keyset (cursor) pagination (DESIGN §5, §7): pages are read with a comparison on `(sort value, id)`,
 * which an index on the same columns serves without OFFSET scans. A cursor is the base64url JSON of
 * the last row's `[sort value, id]`; it is opaque to clients.
 *
 * Non-null sort keys use a row-value comparison (index-friendly). Nullable keys (e.g. a custom field)
 * sort NULLS LAST in both directions and use the expanded comparison.
 */
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { invalid } from './errors.js';

export type SortKind = 'text' | 'timestamp' | 'number' | 'date' | 'boolean';

export interface KeysetSort {
  /** A column, or an expression such as `(custom_fields->>'size')::numeric`. */
  column: AnyPgColumn | SQL;
  /** Secondary key making the order total (the row id). */
  id: AnyPgColumn;
  direction: 'asc' | 'desc';
  /** How the sort value travels in the cursor (and is cast back in SQL). */
  kind: SortKind;
  /** The sort key can be NULL: nulls sort last. */
  nullable?: boolean;
}

type CursorValue = [string | number | boolean | null, string];

const badCursor = () => invalid([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);

function decode(cursor: string): CursorValue {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      (v[0] === null || ['string', 'number', 'boolean'].includes(typeof v[0])) &&
      typeof v[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(v[1])
    ) {
      return v as CursorValue;
    }
  } catch {
    // fall through
  }
  throw badCursor();
}

function typed(kind: SortKind, value: string | number | boolean): SQL {
  switch (kind) {
    case 'timestamp':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw badCursor();
      return sql`${value}::timestamptz`;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw badCursor();
      return sql`${value}::date`;
    case 'number':
      if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)))
        throw badCursor();
      return sql`${String(value)}::numeric`;
    case 'boolean':
      if (typeof value !== 'boolean') throw badCursor();
      return sql`${value}::boolean`;
    default:
      if (typeof value !== 'string') throw badCursor();
      return sql`${value}`;
  }
}

/** The WHERE fragment selecting rows after `cursor` (undefined on the first page). */
export function afterCursor(sort: KeysetSort, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [value, id] = decode(cursor);
  const cmp = sort.direction === 'asc' ? sql.raw('>') : sql.raw('<');
  if (!sort.nullable) {
    if (value === null) throw badCursor();
    return sql`(${sort.column}, ${sort.id}) ${cmp} (${typed(sort.kind, value)}, ${id}::uuid)`;
  }
  if (value === null) return sql`(${sort.column} is null and ${sort.id} ${cmp} ${id}::uuid)`;
  const v = typed(sort.kind, value);
  return sql`(${sort.column} ${cmp} ${v} or (${sort.column} = ${v} and ${sort.id} ${cmp} ${id}::uuid) or ${sort.column} is null)`;
}

/** ORDER BY for the sort (sort key, then id, same direction; nulls last for nullable keys). */
export function orderBy(sort: KeysetSort): SQL[] {
  if (sort.nullable) {
    const dir = sql.raw(sort.direction === 'asc' ? 'asc' : 'desc');
    return [sql`${sort.column} ${dir} nulls last`, sql`${sort.id} ${dir}`];
  }
  const dir = sort.direction === 'asc' ? asc : desc;
  return [dir(sort.column as AnyPgColumn), dir(sort.id)];
}

type KeyValue = string | number | boolean | Date | null;

/**
 * Cuts a result fetched with `limit + 1` rows down to `limit` and makes the next cursor from the
 * last row kept (null when there is no further row).
 */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => [KeyValue, string]) {
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
