/**
 * The list machinery of record types: whitelisted sorts (fixed columns or `cf.<key>`), keyset pages,
 * and counts exact up to TOTAL_CAP — asked for separately (`/count`), never computed with a page
 * (DESIGN §7: no full count of a huge table on every page).
 */
import { and, eq, getTableColumns, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { TOTAL_CAP, type CustomField, type RecordCount } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { invalid } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort, type SortKind } from '../../lib/pagination.js';
import { fieldExpression } from '../custom-fields/custom-values.js';
import { visibleTo, type Actor } from './actor.js';
import type { RecordTable } from './entities.js';

export interface SortColumn {
  column: AnyPgColumn | SQL;
  kind: SortKind;
  nullable?: boolean;
}

/**
 * Reads `sort` (`name`, `-updated_at`, `cf.size`…): a whitelisted column or an active custom field;
 * anything else → 400 naming `query.sort`.
 */
export function parseSort(params: {
  sort: string;
  columns: Record<string, SortColumn>;
  table: RecordTable;
  defs: CustomField[];
}): KeysetSort {
  const desc = params.sort.startsWith('-');
  const name = desc ? params.sort.slice(1) : params.sort;
  const direction = desc ? 'desc' : 'asc';
  const fixed = Object.hasOwn(params.columns, name) ? params.columns[name] : undefined;
  if (fixed) return { ...fixed, id: params.table.id, direction };
  const cf = /^cf\.([a-z][a-z0-9_]{0,39})$/.exec(name);
  const def = cf && params.defs.find((d) => d.key === cf[1] && !d.archived);
  if (def) {
    const { expr, kind } = fieldExpression(params.table.custom_fields, def);
    return { column: expr, kind, nullable: true, id: params.table.id, direction };
  }
  throw invalid([
    {
      path: 'query.sort',
      message: `must be one of ${Object.keys(params.columns).join(', ')} or cf.<custom field key>, with - for descending`,
    },
  ]);
}

/** Live (not deleted) records of the organisation that the actor may see. */
export function liveVisible(table: RecordTable, actor: Actor): SQL {
  return and(eq(table.org_id, actor.orgId), isNull(table.deleted_at), visibleTo(actor, table.owner_id))!;
}

/** One page of `table` rows matching `where`, in `sort` order after `cursor`. */
export async function pageOfRecords<T extends RecordTable>(
  tx: Tx,
  params: { table: T; where: SQL | undefined; sort: KeysetSort; limit: number; cursor?: string | undefined },
) {
  const { table, sort } = params;
  const rows = (await tx
    .select({
      ...getTableColumns(table as RecordTable),
      sort_key: sql<string | null>`to_json(${sort.column}) #>> '{}'`,
    })
    .from(table as RecordTable)
    .where(and(params.where, afterCursor(sort, params.cursor)))
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1)) as Array<T['$inferSelect'] & { sort_key: string | null }>;
  const page = toPage(rows, params.limit, (r) => [cursorValue(r.sort_key, sort.kind), r.id]);
  return { rows: page.data, next_cursor: page.next_cursor };
}

/**
 * How many rows match `where`: exact up to `cap` (default TOTAL_CAP, 10,000), `total_capped` when
 * there are more. Counts a sub-select limited to `cap + 1` rows, so the cost grows with the cap, not
 * with the organisation.
 */
export async function countRecords(
  tx: Tx,
  params: { table: RecordTable; where: SQL | undefined; cap?: number },
): Promise<RecordCount> {
  const cap = params.cap ?? TOTAL_CAP;
  const sub = tx
    .select({ one: sql`1` })
    .from(params.table)
    .where(params.where)
    .limit(cap + 1)
    .as('s');
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(sub);
  const n = row?.n ?? 0;
  return { total: Math.min(n, cap), total_capped: n > cap };
}

/** The sort key as it travels in a cursor (it was read as text: ISO 8601 for times, JSON otherwise). */
function cursorValue(v: string | null, kind: SortKind): string | boolean | null {
  if (v === null) return null;
  if (kind === 'boolean') return v === 'true';
  return v;
}
