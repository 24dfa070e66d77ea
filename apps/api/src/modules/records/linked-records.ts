/**
 * Links from activities and notes to the CRM records they concern (DESIGN §2 Activities, Notes):
 * one implementation for `activity_links` and `note_links`, which have the same shape
 * (db/schema/activities.ts) — `org_id`, `id`, the owner (`activity_id` / `note_id`), exactly one of
 * `lead_id`, `deal_id`, `contact_id`, `company_id`, and `created_at`, which orders an owner's links
 * (the order they were submitted in).
 *
 * Here: de-duplicating `LinkedRecordInput`s, checking that linked records are visible (404 naming
 * the type), records' display names, reading and replacing an owner's links. What an owner's
 * visibility means (activities: assignee / creator; notes: through their records) stays in its
 * module. Every query filters by `org_id` (RLS is the second line) and takes id lists as one array
 * parameter (`anyId`); names cost one query per record type present, never one per record.
 */
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { uuidv7 } from '../../lib/ids.js';
import { LinkedRecordType, type LinkedRecord, type LinkedRecordInput } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { companies, contacts, deals, leads, type activity_links, type note_links } from '../../db/schema/index.js';
import { anyId } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import type { Actor } from './actor.js';
import { RECORD_TABLES } from './entities.js';
import { liveVisible } from './list.js';

/** A table of links from an owner to records: `activity_links` (owner `activity_id`) or `note_links` (`note_id`). */
export type LinkTable = typeof activity_links | typeof note_links;

/** The four record columns of a link row (or a timeline entry): exactly one is set. */
export interface LinkColumns {
  lead_id: string | null;
  deal_id: string | null;
  contact_id: string | null;
  company_id: string | null;
}

const TYPES = LinkedRecordType.options;

/** `type:id`, the identity of a link (`deal:0190…`). */
export const linkKey = (link: LinkedRecordInput) => `${link.type}:${link.id}`;

/** `links` without repeats (same type and id), in the order of their first occurrence. */
export function distinctLinks(links: LinkedRecordInput[]): LinkedRecordInput[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(linkKey(l)) && seen.add(linkKey(l)));
}

/** The column of `table` that holds links to records of `type` (`note_links.deal_id` for `deal`). */
export const linkColumn = (table: LinkTable, type: LinkedRecordType): AnyPgColumn => table[`${type}_id`];

/** The owner column of `table`: `activity_links.activity_id` or `note_links.note_id`. */
const ownerColumn = (table: LinkTable): AnyPgColumn => ('activity_id' in table ? table.activity_id : table.note_id);

/** `link` as the four record columns of a row (the other three null). */
export function linkColumns(link: LinkedRecordInput): LinkColumns {
  return {
    lead_id: link.type === 'lead' ? link.id : null,
    deal_id: link.type === 'deal' ? link.id : null,
    contact_id: link.type === 'contact' ? link.id : null,
    company_id: link.type === 'company' ? link.id : null,
  };
}

/** The record a row's four record columns point at (the first one set; the schema sets exactly one). */
export function linkOfRow(row: LinkColumns): LinkedRecordInput {
  const type = TYPES.find((t) => row[`${t}_id`] !== null) ?? 'company';
  return { type, id: row[`${type}_id`]! };
}

/** The distinct ids of `links` per record type, types in the order they first appear. */
function idsByType(links: LinkedRecordInput[]): Map<LinkedRecordType, string[]> {
  const out = new Map<LinkedRecordType, Set<string>>();
  for (const l of links) out.set(l.type, (out.get(l.type) ?? new Set<string>()).add(l.id));
  return new Map([...out].map(([type, ids]) => [type, [...ids]]));
}

/** The display name of each record type: lead title, deal name, contact full name, company name. */
const NAME = {
  lead: leads.title,
  deal: deals.name,
  contact: sql<string>`coalesce(${contacts.full_name}, ${contacts.first_name})`,
  company: companies.name,
} as const;

/**
 * 404 naming a type (`Lead not found`, `Deal not found`, `Contact not found`, `Company not found`)
 * unless every record of `links` is a live record (not in the recycle bin) of the actor's
 * organisation that the actor may see (DESIGN §2 "Record visibility") — another organisation's id
 * reads as unknown. Types are checked in the order they first appear in `links`, one query each; the
 * first type with a missing record is named. Nothing to check → no query.
 */
export async function assertLinksVisible(tx: Tx, params: { actor: Actor; links: LinkedRecordInput[] }): Promise<void> {
  for (const [type, ids] of idsByType(params.links)) {
    const { table, label } = RECORD_TABLES[type];
    const found = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(liveVisible(table, params.actor), anyId(table.id, ids)));
    if (found.length < ids.length) throw notFound(label);
  }
}

/**
 * Display names of `records`, keyed by {@link linkKey}; one query per record type present. Without
 * `visibleTo`: every record of the organisation `orgId`, those in the recycle bin included. With
 * `visibleTo`: only live records that actor may see (its organisation; `orgId` must be the same) —
 * the others are absent from the map.
 */
export async function recordNames(
  tx: Tx,
  params: { orgId: string; records: LinkedRecordInput[]; visibleTo?: Actor | undefined },
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [type, ids] of idsByType(params.records)) {
    const { table } = RECORD_TABLES[type];
    const scope = params.visibleTo ? liveVisible(table, params.visibleTo) : eq(table.org_id, params.orgId);
    const rows = await tx
      .select({ id: table.id, name: NAME[type] })
      .from(table)
      .where(and(scope, anyId(table.id, ids)));
    for (const r of rows) out.set(`${type}:${r.id}`, r.name);
  }
  return out;
}

/**
 * The links of the owners `ownerIds` (activity or note ids, by `table`) as `{ ownerId, link }`, in
 * link order (`created_at`, then id). One query; none for an empty list.
 */
export async function linkRowsOf(
  tx: Tx,
  params: { table: LinkTable; orgId: string; ownerIds: string[] },
): Promise<Array<{ ownerId: string; link: LinkedRecordInput }>> {
  const { table } = params;
  if (!params.ownerIds.length) return [];
  const rows = await tx
    .select({
      ownerId: sql<string>`${ownerColumn(table)}`,
      lead_id: table.lead_id,
      deal_id: table.deal_id,
      contact_id: table.contact_id,
      company_id: table.company_id,
    })
    .from(table)
    .where(and(eq(table.org_id, params.orgId), anyId(ownerColumn(table), params.ownerIds)))
    .orderBy(table.created_at, table.id);
  return rows.map((r) => ({ ownerId: r.ownerId, link: linkOfRow(r) }));
}

/** Every record one owner (activity or note, by `table`) is linked to, in link order. One query. */
export async function linksOf(
  tx: Tx,
  params: { table: LinkTable; orgId: string; ownerId: string },
): Promise<LinkedRecordInput[]> {
  const rows = await linkRowsOf(tx, { table: params.table, orgId: params.orgId, ownerIds: [params.ownerId] });
  return rows.map((r) => r.link);
}

/**
 * The links of each owner in `ownerIds` with the records' names, in link order; every owner id has
 * an entry (`[]` without links). Without `visibleTo`, all links (records in the recycle bin included:
 * a link lives until its record is purged). With `visibleTo`, only links to live records that actor
 * may see — the others are left out, so no name leaks. One query for the links, then one per record
 * type present.
 */
export async function namedLinksOf(
  tx: Tx,
  params: { table: LinkTable; orgId: string; ownerIds: string[]; visibleTo?: Actor | undefined },
): Promise<Map<string, LinkedRecord[]>> {
  const rows = await linkRowsOf(tx, params);
  const names = await recordNames(tx, {
    orgId: params.orgId,
    records: rows.map((r) => r.link),
    visibleTo: params.visibleTo,
  });
  const out = new Map<string, LinkedRecord[]>(params.ownerIds.map((id) => [id, []]));
  for (const { ownerId, link } of rows) {
    const name = names.get(linkKey(link));
    if (name === undefined && params.visibleTo) continue;
    out.get(ownerId)?.push({ ...link, name: name ?? '' });
  }
  return out;
}

/**
 * Makes `links` (distinct) the link set of one owner (activity or note, by `table`), `existing` being
 * its current set: links no longer wanted are deleted (one statement), new ones inserted (one
 * statement, `created_at` now + their index in ms so they list in the submitted order); links kept
 * keep their row and creation time. Nothing changed → no statement.
 */
export async function writeLinks(
  tx: Tx,
  params: {
    table: LinkTable;
    orgId: string;
    ownerId: string;
    links: LinkedRecordInput[];
    existing: LinkedRecordInput[];
  },
): Promise<void> {
  const { table, orgId, ownerId } = params;
  const wanted = new Set(params.links.map(linkKey));
  const had = new Set(params.existing.map(linkKey));
  const removed = params.existing.filter((l) => !wanted.has(linkKey(l)));
  if (removed.length) {
    const byType: SQL[] = [...idsByType(removed)].map(([type, ids]) => anyId(linkColumn(table, type), ids));
    await tx.delete(table).where(and(eq(table.org_id, orgId), eq(ownerColumn(table), ownerId), or(...byType)));
  }
  const added = params.links.filter((l) => !had.has(linkKey(l)));
  if (!added.length) return;
  const base = Date.now();
  const rows = added.map((l, i) => ({
    org_id: orgId,
    id: uuidv7(),
    ...linkColumns(l),
    created_at: new Date(base + i),
  }));
  if ('activity_id' in table) {
    await tx.insert(table).values(rows.map((r) => ({ ...r, activity_id: ownerId })));
  } else {
    await tx.insert(table).values(rows.map((r) => ({ ...r, note_id: ownerId })));
  }
}
