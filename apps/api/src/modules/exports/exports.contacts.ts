/**
 * The contacts export's read: ONE statement per keyset batch that produces the export's columns
 * directly — company name and domain by a left join on the company's primary key, the tag ids by
 * an index-only sub-select (names mapped in the process, in PostgreSQL's `order by name` order as
 * the API's tag lists), owner emails mapped from the organisation's members read once, times as
 * ISO 8601 UTC text made by PostgreSQL, JIT off — instead of the list function's five statements
 * and API-shaped objects per batch (bench/export measured 6,900–8,300 rows/s that way against
 * COPY's 37,000–53,000). EXPLAIN ANALYZE of one 5,000-row batch on the 1M-contact bench database:
 * 520 ms with per-row owner/tag-name sub-selects and JIT, 172 ms as written.
 *
 * The rows are exactly the list's: the WHERE is the contact list's own condition builder
 * (contacts.list.ts `filterConditions`: base filters, `segment_id`, custom-field filters, contact
 * filters) on top of `liveVisible` (org, not deleted, records/actor.ts `visibleTo`), the ORDER BY and
 * cursor are the list's `parseSort` + lib/pagination keyset, so order and visibility cannot drift.
 * Batches of CONTACT_EXPORT_BATCH rows bound memory; the route's REPEATABLE READ snapshot keeps
 * batches consistent.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { companies, contacts, memberships, users } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';
import { afterCursor, orderBy, toPage } from '../../lib/pagination.js';
import { filterConditions, SORTS } from '../contacts/contacts.list.js';
import type { Actor } from '../records/actor.js';
import { liveVisible, parseSort } from '../records/list.js';
import type { ExportColumn } from './exports.columns.js';
import { guardSql } from './exports.copy.js';
import type { RawCell } from './exports.format.js';

/** Rows per statement: 5,000 amortises the round trip; ~a few MB of cells at most. */
export const CONTACT_EXPORT_BATCH = 5000;

const c = contacts;
/** The outer table, qualified by hand: drizzle writes a select list's columns unqualified. */
const C = sql.raw('"contacts"');
/** ISO 8601 UTC with milliseconds, as `Date#toISOString()` writes it (what the API returns). */
const iso = (col: SQL | typeof c.created_at | typeof c.unsubscribed_at) =>
  sql<string | null>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * SQL of each fixed contact column and the kind its value arrives as: times as ISO text (kind
 * `date`, written as is), booleans as booleans, everything else text (guarded against formulas).
 */
type Expr = SQL | AnyPgColumn;
const EXPRS: Record<string, { expr: Expr; kind?: ExportColumn['kind'] }> = {
  first_name: { expr: c.first_name },
  last_name: { expr: c.last_name },
  email: { expr: c.email },
  phone: { expr: c.phone },
  mobile: { expr: c.mobile },
  job_title: { expr: c.job_title },
  department: { expr: c.department },
  company: { expr: companies.name },
  company_domain: { expr: companies.domain },
  is_primary: { expr: c.is_primary },
  do_not_call: { expr: c.do_not_call },
  email_opt_out: { expr: c.email_opt_out },
  sms_opt_out: { expr: c.sms_opt_out },
  unsubscribed_at: { expr: iso(c.unsubscribed_at), kind: 'date' },
  source: { expr: c.source },
  external_id: { expr: c.external_id },
  // Owner email and tag names are mapped in the process from the organisation's members and tags
  // (read once): per-row sub-selects cost ~3× the whole rest of the statement (EXPLAIN on 1M rows).
  owner: { expr: c.owner_id },
  tags: {
    expr: sql`array_to_string(array(select l.tag_id from contact_tags l where l.org_id = ${C}.org_id and l.contact_id = ${C}.id), ',')`,
  },
  created_at: { expr: iso(c.created_at), kind: 'date' },
  updated_at: { expr: iso(c.updated_at), kind: 'date' },
};

/** The columns as the fast read writes them (time columns arrive as ISO text). */
export function contactColumns(columns: ExportColumn[]): ExportColumn[] {
  return columns.map((col) => {
    const fixed = EXPRS[col.key];
    return fixed?.kind ? { ...col, kind: fixed.kind } : col;
  });
}

/** Each field aliased by its key, so a statement can run as plain SQL (rows keyed by the aliases). */
const aliased = (fields: Record<string, Expr>) =>
  Object.fromEntries(Object.entries(fields).map(([k, e]) => [k, sql`${e}`.as(k)]));

/**
 * The contact list's condition (visibility, list filters; 400s naming `query.*`, as the list) and
 * sort for an export's `filter` — shared by the batch reader and the COPY select, so both read the
 * same rows in the same order.
 */
async function listShape(tx: Tx, actor: Actor, filter: Record<string, unknown>) {
  const { where, defs } = await filterConditions(tx, actor, filter as Parameters<typeof filterConditions>[2], 'query');
  const sort = parseSort({ sort: filter.sort as string, columns: SORTS, table: contacts, defs });
  return { where: and(liveVisible(contacts, actor), where), sort };
}

/** A member as an export writes an owner: the user's e-mail, else an inactive member's own e-mail or name. */
const memberAddress = sql`coalesce(${users.email}::text, ${memberships.email}::text, ${memberships.name})`;

/**
 * Prepares the batch reader of a contacts export: validates filters and sort (400s naming
 * `query.*`, as the list) and returns `read(cursor)` → one batch of cell rows in `columns` order
 * plus the next cursor (null after the last batch).
 */
export async function contactReader(
  tx: Tx,
  params: { actor: Actor; filter: Record<string, unknown>; columns: ExportColumn[]; batchSize?: number },
) {
  const { actor, filter, columns } = params;
  const { where, sort } = await listShape(tx, actor, filter);
  const limit = params.batchSize ?? CONTACT_EXPORT_BATCH;
  const fields: Record<string, Expr> = {
    id: c.id,
    sort_key: sql<string | null>`to_json(${sort.column}) #>> '{}'`,
  };
  const custom = columns.some((col) => !EXPRS[col.key]);
  if (custom) fields.custom_fields = c.custom_fields;
  columns.forEach((col, i) => {
    const fixed = EXPRS[col.key];
    if (fixed) fields[`c${i}`] = fixed.expr;
  });
  const keys = new Set(columns.map((col) => col.key));
  const owners = keys.has('owner') ? await ownerEmails(tx, actor.orgId) : new Map<string, string>();
  const tags = keys.has('tags') ? await tagsByName(tx, actor.orgId) : new Map<string, [number, string]>();
  // JIT compilation cost ~100 ms per 5,000-row statement (EXPLAIN ANALYZE) and buys nothing here.
  await tx.execute(sql`set local jit = off`);
  // Per column: where its value comes from (a selected field, a lookup, or the custom-field getter).
  const getters = columns.map((col, i): ((r: Record<string, unknown>) => RawCell) => {
    const f = `c${i}`;
    if (col.key === 'owner') return (r) => (r[f] ? (owners.get(r[f] as string) ?? null) : null);
    if (col.key === 'tags') return (r) => tagNames(tags, r[f] as string | null);
    if (EXPRS[col.key]) return (r) => r[f] as RawCell;
    return (r) => (col.get as (row: unknown) => RawCell)(r);
  });
  const selected = aliased(fields);
  return async (cursor: string | undefined) => {
    const q = tx
      .select(selected)
      .from(contacts)
      .leftJoin(companies, and(eq(companies.org_id, contacts.org_id), eq(companies.id, contacts.company_id)))
      .where(and(where, afterCursor(sort, cursor)))
      .orderBy(...orderBy(sort))
      .limit(limit + 1);
    // Run as plain SQL: the driver's rows keyed by the aliases are what the getters read. Awaiting the
    // builder instead maps every value of every row through drizzle's column decoders — a quarter of
    // the export's CPU at 1M contacts (bench/export, --cpu-prof).
    const rows = await queryRows<Record<string, unknown> & { id: string; sort_key: string | null }>(tx, q.getSQL());
    const page = toPage(rows, limit, (r) => [
      sort.kind === 'boolean' && r.sort_key !== null ? r.sort_key === 'true' : r.sort_key,
      r.id,
    ]);
    return { cells: page.data.map((r) => getters.map((g) => g(r))), next: page.next_cursor };
  };
}

/** Custom-field types whose cells SQL writes exactly as exports.columns.ts `customColumn` does. */
const COPY_CF_TYPES = new Set(['text', 'long_text', 'select', 'url', 'email', 'phone', 'number', 'date', 'boolean']);

/**
 * The SELECT of a contacts CSV export for PostgreSQL's COPY (exports.copy.ts): the same rows, order
 * and cells as {@link contactReader} writes, every cell formatted in SQL — text through the formula
 * guard, booleans `true`/`false`, times ISO 8601 UTC, owner e-mail (or an inactive member's name),
 * tag names by name joined by `; `, custom fields as typed (multi-select options joined by `; `).
 * The inner query is the reader's (list filters, visibility, sort) with `offset 0`, so it is planned
 * on its own and the outer projection keeps its order. Null when a column has no SQL form here (money
 * and date-time custom fields): the export then reads batches.
 */
export async function contactCopySelect(
  tx: Tx,
  params: { actor: Actor; filter: Record<string, unknown>; columns: ExportColumn[] },
): Promise<SQL | null> {
  const { actor, filter, columns } = params;
  const inner: Record<string, Expr> = {};
  const outer: SQL[] = [];
  for (const [i, col] of columns.entries()) {
    const name = `c${i}`;
    const ref = sql.raw(`x."${name}"`);
    const fixed = EXPRS[col.key];
    if (col.key === 'owner') {
      inner[name] = memberAddress;
      outer.push(guardSql(ref));
    } else if (col.key === 'tags') {
      inner[name] = sql`(select string_agg(t.name, '; ' order by t.name) from contact_tags l
        join tags t on t.org_id = l.org_id and t.id = l.tag_id where l.org_id = ${C}.org_id and l.contact_id = ${C}.id)`;
      outer.push(guardSql(ref));
    } else if (fixed) {
      inner[name] = fixed.expr;
      if (fixed.kind === 'date') outer.push(ref);
      else if (col.kind === 'boolean') outer.push(sql`(case when ${ref} then 'true' when not ${ref} then 'false' end)`);
      else outer.push(guardSql(ref));
    } else {
      const key = col.key.slice(3);
      const type = col.cfType;
      const v = sql`${c.custom_fields} -> ${key}::text`;
      if (type === 'multi_select') {
        inner[name] = sql`(case when jsonb_typeof(${v}) = 'array'
          then (select string_agg(e, '; ') from jsonb_array_elements_text(${v}) e) else ${v} #>> '{}' end)`;
      } else if (type && COPY_CF_TYPES.has(type)) inner[name] = sql`${v} #>> '{}'`;
      else return null;
      outer.push(col.kind === 'text' ? guardSql(ref) : ref);
    }
  }
  const { where, sort } = await listShape(tx, actor, filter);
  const q = tx
    .select(aliased(inner))
    .from(contacts)
    .leftJoin(companies, and(eq(companies.org_id, contacts.org_id), eq(companies.id, contacts.company_id)))
    .leftJoin(memberships, and(eq(memberships.org_id, contacts.org_id), eq(memberships.id, contacts.owner_id)))
    .leftJoin(users, eq(users.id, memberships.user_id))
    .where(where)
    .orderBy(...orderBy(sort));
  return sql`select ${sql.join(outer, sql`, `)} from (${q.getSQL()} offset 0) x`;
}

/**
 * Every member of the organisation: membership id → email (owners are written by email; an inactive
 * member without one by name — the import maps owners by email or name, so the file re-imports onto
 * the same member).
 */
export async function ownerEmails(tx: Tx, orgId: string) {
  const rows = await queryRows<{ id: string; email: string }>(
    tx,
    sql`select ${memberships.id} as id, ${memberAddress} as email
          from ${memberships} left join ${users} on ${users.id} = ${memberships.user_id}
         where ${memberships.org_id} = ${orgId}`,
  );
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** The organisation's tags: id → [rank in PostgreSQL's `order by name` (the API's tag order), name]. */
async function tagsByName(tx: Tx, orgId: string) {
  const rows = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name from tags where org_id = ${orgId} order by name`,
  );
  return new Map(rows.map((r, i) => [r.id, [i, r.name] as [number, string]]));
}

/** A record's tag ids (comma-separated) as names in the API's order joined by `; `, or null. */
function tagNames(tags: Map<string, [number, string]>, ids: string | null): string | null {
  if (!ids) return null;
  const found = ids
    .split(',')
    .map((id) => tags.get(id))
    .filter((t): t is [number, string] => t !== undefined);
  if (found.length === 0) return null;
  if (found.length === 1) return found[0]![1];
  return found
    .sort((a, b) => a[0] - b[0])
    .map((t) => t[1])
    .join('; ');
}
