/**
 * Tags: coloured labels on companies and contacts (later leads and deals). Names are unique per
 * organisation, case-insensitively. Also the helpers record services use to read and write the
 * tags of their records (one statement per operation, whatever the number of records).
 */
import { and, eq, getTableName, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { CustomFieldEntity, PageQuery, Tag, TagRef } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { tags } from '../../db/schema/index.js';
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { staleVersion } from '../../lib/versioning.js';
import { RECORD_TABLES } from '../records/entities.js';
import { anyId, queryRows } from '../../db/sql.js';

// Written out: Drizzle renders outer columns unqualified inside a select.
const usage = (links: string, table: string, fk: string) =>
  sql<number>`(select count(*)::int from ${sql.raw(links)} l join ${sql.raw(table)} r on r.org_id = l.org_id and r.id = l.${sql.raw(fk)} where l.org_id = tags.org_id and l.tag_id = tags.id and r.deleted_at is null)`;

const tagColumns = {
  id: tags.id,
  name: tags.name,
  color: tags.color,
  companies: usage('company_tags', 'companies', 'company_id'),
  contacts: usage('contact_tags', 'contacts', 'contact_id'),
  created_at: tags.created_at,
  version: tags.version,
};

type TagRow = {
  id: string;
  name: string;
  color: string;
  companies: number;
  contacts: number;
  created_at: Date;
  version: number;
};
const toTag = ({ companies, contacts, ...t }: TagRow): Tag => ({ ...t, usage: { companies, contacts } });

/** Tags by name (case-insensitive `q` filter), each with the number of live records using it. */
export async function listTags(tx: Tx, params: { orgId: string; q?: string | undefined } & PageQuery) {
  const sort: KeysetSort = { column: tags.name, id: tags.id, direction: 'asc', kind: 'text' };
  const rows = await tx
    .select(tagColumns)
    .from(tags)
    .where(
      and(
        eq(tags.org_id, params.orgId),
        params.q ? sql`${tags.name}::text ilike ${`%${params.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
        afterCursor(sort, params.cursor),
      ),
    )
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1);
  const page = toPage(rows as TagRow[], params.limit, (t) => [t.name, t.id]);
  return { data: page.data.map(toTag), next_cursor: page.next_cursor };
}

export async function getTag(tx: Tx, params: { orgId: string; id: string }): Promise<Tag> {
  const [row] = await tx
    .select(tagColumns)
    .from(tags)
    .where(and(eq(tags.org_id, params.orgId), eq(tags.id, params.id)));
  if (!row) throw notFound('Tag');
  return toTag(row as TagRow);
}

async function assertNameFree(tx: Tx, orgId: string, name: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.org_id, orgId), eq(tags.name, name)));
  if (row && row.id !== exceptId) {
    throw conflict(`A tag named "${name}" already exists`, {
      existing_id: row.id,
      issues: [{ path: 'body.name', message: 'is already used by another tag (merge them instead)' }],
    });
  }
}

export async function createTag(tx: Tx, params: { orgId: string; name: string; color: string }): Promise<Tag> {
  await assertNameFree(tx, params.orgId, params.name);
  const id = uuidv7();
  await tx.insert(tags).values({ org_id: params.orgId, id, name: params.name, color: params.color });
  return getTag(tx, { orgId: params.orgId, id });
}

/** Renames or recolours a tag; a taken name → 409; `expectedVersion` → 412 when stale. */
export async function updateTag(
  tx: Tx,
  params: {
    orgId: string;
    id: string;
    name?: string | undefined;
    color?: string | undefined;
    expectedVersion?: number | undefined;
  },
): Promise<Tag> {
  const tag = await getTag(tx, params);
  if (params.expectedVersion !== undefined && params.expectedVersion !== tag.version) throw staleVersion(tag.version);
  if (params.name !== undefined) await assertNameFree(tx, params.orgId, params.name, params.id);
  await tx
    .update(tags)
    .set({
      ...(params.name !== undefined ? { name: params.name } : {}),
      ...(params.color !== undefined ? { color: params.color } : {}),
      version: sql`${tags.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(tags.org_id, params.orgId), eq(tags.id, params.id)));
  return getTag(tx, params);
}

/** Deletes a tag and removes it from every record. */
export async function deleteTag(tx: Tx, params: { orgId: string; id: string }): Promise<void> {
  const deleted = await tx
    .delete(tags)
    .where(and(eq(tags.org_id, params.orgId), eq(tags.id, params.id)))
    .returning({ id: tags.id });
  if (!deleted.length) throw notFound('Tag');
}

/**
 * Merges tag `id` into `intoId`: every record tagged with `id` gets `intoId` (once), then `id` is
 * deleted. Merging a tag into itself → 422.
 */
export async function mergeTag(tx: Tx, params: { orgId: string; id: string; intoId: string }): Promise<Tag> {
  if (params.id === params.intoId) throw invalid([{ path: 'body.into_id', message: 'must be another tag' }]);
  await getTag(tx, params);
  await getTag(tx, { orgId: params.orgId, id: params.intoId });
  for (const [entity, { tagLinks: links }] of Object.entries(RECORD_TABLES)) {
    const tagged = await tx
      .select({ id: links.record_id })
      .from(links)
      .where(and(eq(links.org_id, params.orgId), eq(links.tag_id, params.id)));
    await linkTags(tx, {
      orgId: params.orgId,
      entity: entity as CustomFieldEntity,
      recordIds: tagged.map((r) => r.id),
      tagIds: [params.intoId],
    });
  }
  await deleteTag(tx, params);
  return getTag(tx, { orgId: params.orgId, id: params.intoId });
}

/** 400 naming `path.<i>` for tag ids that are not tags of the organisation. */
export async function assertTagsExist(tx: Tx, params: { orgId: string; ids: string[]; path: string }) {
  if (!params.ids.length) return;
  const found = await tx
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.org_id, params.orgId), anyId(tags.id, params.ids)));
  const ok = new Set(found.map((r) => r.id));
  const bad = params.ids.map((id, i) => (ok.has(id) ? null : i)).filter((i) => i !== null);
  if (bad.length)
    throw invalid(bad.map((i) => ({ path: `${params.path}.${i}`, message: 'is not a tag of this organisation' })));
}

/** Adds each of `tagIds` to each of `recordIds` (existing links are kept). */
export async function linkTags(
  tx: Tx,
  params: { orgId: string; entity: CustomFieldEntity; recordIds: string[]; tagIds: string[] },
) {
  if (!params.recordIds.length || !params.tagIds.length) return;
  const links = RECORD_TABLES[params.entity].tagLinks;
  const values = params.recordIds.flatMap((r) =>
    params.tagIds.map((t) => ({ org_id: params.orgId, id: uuidv7(), record_id: r, tag_id: t })),
  );
  for (let i = 0; i < values.length; i += 5000) {
    await tx
      .insert(links)
      .values(values.slice(i, i + 5000))
      .onConflictDoNothing();
  }
}

/** Removes each of `tagIds` (all tags when omitted) from each of `recordIds`. */
export async function unlinkTags(
  tx: Tx,
  params: { orgId: string; entity: CustomFieldEntity; recordIds: string[]; tagIds?: string[] },
) {
  if (!params.recordIds.length) return;
  const links = RECORD_TABLES[params.entity].tagLinks;
  await tx
    .delete(links)
    .where(
      and(
        eq(links.org_id, params.orgId),
        anyId(links.record_id, params.recordIds),
        params.tagIds ? anyId(links.tag_id, params.tagIds) : undefined,
      ),
    );
}

/** Replaces the tag set of one record. */
export async function setRecordTags(
  tx: Tx,
  params: { orgId: string; entity: CustomFieldEntity; recordId: string; tagIds: string[] },
) {
  const links = RECORD_TABLES[params.entity].tagLinks;
  await tx
    .delete(links)
    .where(
      and(
        eq(links.org_id, params.orgId),
        eq(links.record_id, params.recordId),
        params.tagIds.length ? sql`${links.tag_id} <> all(${`{${params.tagIds.join(',')}}`}::uuid[])` : undefined,
      ),
    );
  await linkTags(tx, { ...params, recordIds: [params.recordId] });
}

/** The tags of each record (by name), keyed by record id. */
export async function tagsOfRecords(
  tx: Tx,
  params: { orgId: string; entity: CustomFieldEntity; recordIds: string[] },
): Promise<Map<string, TagRef[]>> {
  const out = new Map<string, TagRef[]>();
  if (!params.recordIds.length) return out;
  const links = RECORD_TABLES[params.entity].tagLinks;
  // Table and column names come from the schema, never from input.
  const table = sql.raw(`"${getTableName(links)}"`);
  const recordCol = sql.raw(`"${links.record_id.name}"`);
  const rows = await queryRows<{ record_id: string; id: string; name: string; color: string }>(
    tx,
    sql`select l.${recordCol} as record_id, t.id, t.name, t.color
          from ${table} l join tags t on t.org_id = l.org_id and t.id = l.tag_id
         where l.org_id = ${params.orgId} and l.${recordCol} = any(${sql.param(params.recordIds)}::uuid[])
         order by t.name`,
  );
  for (const r of rows) {
    const list = out.get(r.record_id) ?? [];
    list.push({ id: r.id, name: r.name, color: r.color });
    out.set(r.record_id, list);
  }
  return out;
}
