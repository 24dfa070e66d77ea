/**
 * The record an imported activity or note belongs to (issue 6 "Import activities and notes"),
 * found set-based per chunk (at most one query per record type).
 *
 * A row names its record by `record_external_id`, `record_email` and/or `record_name`, optionally
 * with `record_type` (company | contact | lead | deal). Lookup order (documented for the wizard):
 * 1. keys, most specific first: external id, then email, then name — the first key that finds a
 *    record decides;
 * 2. within a key, record types: the row's `record_type` only when given; else inferred in the order
 *    contact → company → lead → deal (the first type with a match wins);
 * 3. matching: external ids and emails exactly (emails are lower-cased by the parser); names exactly
 *    as written — a contact's full name (`first last`), a lead's title, a deal's name — except
 *    companies, whose names match case-insensitively (`name_key`). Emails exist on contacts and
 *    leads only.
 * Only live records (not in the recycle bin) the importing member may see (records/actor.ts
 * `visibleTo`: private visibility → own or unassigned records) are found. Several records for one
 * key → the oldest (smallest UUIDv7) with a warning. No record → the row fails ("not found"), which
 * the dry run reports.
 */
import { sql } from 'drizzle-orm';
import type { LinkedRecordInput } from '@relata/shared';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import type { RunContext } from './context.js';
import { addIssue, type ParsedRow } from './parse.js';

type LinkType = LinkedRecordInput['type'];

/** Types tried when a row gives no `record_type`, in this order. */
export const INFERRED_TYPE_ORDER: LinkType[] = ['contact', 'company', 'lead', 'deal'];

const TABLES: Record<LinkType, { table: string; name: string; email: string | null }> = {
  contact: { table: 'contacts', name: 'full_name', email: 'email' },
  company: { table: 'companies', name: 'name_key', email: null },
  lead: { table: 'leads', name: 'title', email: 'email' },
  deal: { table: 'deals', name: 'name', email: null },
};

interface Found {
  id: string;
  external_id: string | null;
  email: string | null;
  name: string | null;
}

const KEYS = [
  { key: 'record_external_id', col: 'external_id' as const, label: 'external ID' },
  { key: 'record_email', col: 'email' as const, label: 'email' },
  { key: 'record_name', col: 'name' as const, label: 'name' },
];

/** The lookup value of `key` in a row (company names lower-cased). */
function valueOf(r: ParsedRow, key: string, type: LinkType): string | null {
  const v = r.values[key];
  if (typeof v !== 'string' || !v) return null;
  return key === 'record_name' && type === 'company' ? v.toLowerCase() : v;
}

/**
 * The linked record of each live row (by row number); rows without one get an error issue (see the
 * module comment).
 */
export async function resolveRecordLinks(
  tx: Tx,
  ctx: RunContext,
  rows: ParsedRow[],
): Promise<Map<number, LinkedRecordInput>> {
  const out = new Map<number, LinkedRecordInput>();
  const seesAll = ctx.actor.role !== 'member' || ctx.actor.visibility === 'shared';
  const typesOf = (r: ParsedRow) => {
    const given = r.values.record_type as LinkType | undefined;
    return given ? [given] : INFERRED_TYPE_ORDER;
  };
  const found = new Map<LinkType, Found[]>();
  for (const type of INFERRED_TYPE_ORDER) {
    const wanted = rows.filter((r) => typesOf(r).includes(type));
    if (!wanted.length) continue;
    const t = TABLES[type];
    const collect = (key: string) => [
      ...new Set(wanted.map((r) => valueOf(r, key, type)).filter((v): v is string => !!v)),
    ];
    const ext = collect('record_external_id');
    const emails = t.email ? collect('record_email') : [];
    const names = collect('record_name');
    if (!ext.length && !emails.length && !names.length) continue;
    const conds = [
      ext.length ? sql`t.external_id = any(${sql.param(ext)}::text[])` : null,
      emails.length ? sql`t.${sql.raw(t.email!)} = any(${sql.param(emails)}::text[])` : null,
      names.length ? sql`t.${sql.raw(t.name)} = any(${sql.param(names)}::text[])` : null,
    ].filter((c) => c !== null);
    found.set(
      type,
      await queryRows<Found>(
        tx,
        sql`select t.id, t.external_id, ${t.email ? sql.raw(`t.${t.email}::text`) : sql`null`} as email,
              t.${sql.raw(t.name)} as name
            from ${sql.raw(t.table)} t
            where t.org_id = ${ctx.orgId}::uuid and t.deleted_at is null
              ${seesAll ? sql`` : sql`and (t.owner_id = ${ctx.actor.membershipId}::uuid or t.owner_id is null)`}
              and (${sql.join(conds, sql` or `)})
            order by t.id`,
      ),
    );
  }
  for (const r of rows) {
    const given = KEYS.filter((k) => r.values[k.key] !== undefined);
    if (!given.length) {
      addIssue(r, null, 'No record external ID, email or name: the record to attach to cannot be found');
      continue;
    }
    let hit: LinkedRecordInput | null = null;
    for (const k of given) {
      for (const type of typesOf(r)) {
        const v = valueOf(r, k.key, type);
        const matches = v ? (found.get(type) ?? []).filter((f) => f[k.col] === v) : [];
        if (!matches.length) continue;
        hit = { type, id: matches[0]!.id };
        if (matches.length > 1) {
          addIssue(
            r,
            k.key,
            `${matches.length} ${type} records have this ${k.label}: attached to the oldest`,
            'warning',
          );
        }
        break;
      }
      if (hit) break;
    }
    if (hit) out.set(r.row, hit);
    else {
      const what = (r.values.record_type as string | undefined) ?? 'record';
      const desc = given.map((k) => `${k.label} "${String(r.values[k.key])}"`).join(', ');
      addIssue(r, given[0]!.key, `No ${what} found with ${desc}`);
    }
  }
  return out;
}
