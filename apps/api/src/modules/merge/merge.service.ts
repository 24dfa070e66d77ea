/**
 * `POST /api/v1/merge` (issue 6): merges 1–4 records into a survivor of the same type, in ONE
 * transaction (the request's):
 *  1. checks — 422 survivor among `merged_ids` or repeated ids; 400 `body.fields.<field>` for a field
 *     that is not mergeable or an id not in the merge; 404 for ids of another organisation or that
 *     the caller may not see (422 when the id is a live record of another type: mixed types);
 *     412 when `versions` names a version a record is no longer at;
 *  2. the records are locked (`FOR UPDATE`), so a concurrent change waits or — when it committed
 *     between the read and the write — the version-guarded writes answer 409;
 *  3. merged records go to the recycle bin first (frees unique emails / domains / external ids for
 *     the survivor), then every related row moves (merge.relations.ts), then the survivor gets the
 *     chosen values (version + 1);
 *  4. a `merged` timeline entry on the survivor and an audit entry (`merge`: before = every record,
 *     after = the survivor, details = merged ids, field choices, moved row counts).
 */
import { sql } from 'drizzle-orm';
import type { FieldIssue, MergeBody, MergeType } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { AppError, conflict, invalid, notFound, unprocessable } from '../../lib/errors.js';
import { recordAudit, type AuditActorRef } from '../audit/audit.service.js';
import { getCompany } from '../companies/companies.service.js';
import { getContact } from '../contacts/contacts.service.js';
import { getDeal } from '../deals/deals.service.js';
import { getLead } from '../leads/leads.service.js';
import { visibleOwner, type Actor } from '../records/actor.js';
import { softDeleteRecords } from '../records/lifecycle.js';
import { columnsOf } from './merge.values.js';
import { MERGE_TYPES, isMergeField } from './merge.fields.js';
import { moveRelated } from './merge.relations.js';
import { logTimeline } from '../timeline/timeline.writer.js';

type Row = Record<string, unknown> & { id: string; version: number; owner_id: string | null };

const visible = (actor: Actor) => visibleOwner(actor, sql.raw('owner_id'));

/** 400 for unknown fields and ids outside the merge; 422 for a survivor among the merged / repeats. */
function check(body: MergeBody): void {
  if (body.merged_ids.includes(body.survivor_id))
    throw unprocessable('The survivor cannot also be one of the merged records', {
      issues: [{ path: 'body.merged_ids', message: 'must not contain survivor_id' }],
    });
  if (new Set(body.merged_ids).size !== body.merged_ids.length)
    throw unprocessable('A record is listed twice in merged_ids', {
      issues: [{ path: 'body.merged_ids', message: 'must not repeat an id' }],
    });
  const all = new Set([body.survivor_id, ...body.merged_ids]);
  const issues: FieldIssue[] = [];
  for (const [field, id] of Object.entries(body.fields ?? {})) {
    if (!isMergeField(body.type, field))
      issues.push({ path: `body.fields.${field}`, message: `is not a mergeable field of ${body.type}` });
    else if (!all.has(id))
      issues.push({ path: `body.fields.${field}`, message: 'must be the id of the survivor or of a merged record' });
  }
  for (const id of Object.keys(body.versions ?? {})) {
    if (!all.has(id)) issues.push({ path: `body.versions.${id}`, message: 'is not a record of this merge' });
  }
  if (issues.length) throw invalid(issues);
}

/** The live, visible records of the merge, locked; 404 / 422 (mixed types) for missing ones. */
async function lockRecords(tx: Tx, actor: Actor, type: MergeType, ids: string[]): Promise<Map<string, Row>> {
  const { table, label } = MERGE_TYPES[type];
  const rows = await queryRows<Row>(
    tx,
    sql`select * from ${sql.raw(table)}
         where org_id = ${actor.orgId}::uuid and id = any(${sql.param(ids)}::uuid[]) and deleted_at is null
           and ${visible(actor)}
         order by id for update`,
  );
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    const others = (Object.keys(MERGE_TYPES) as MergeType[]).filter((t) => t !== type);
    const elsewhere = await queryRows<{ t: string }>(
      tx,
      sql.join(
        others.map(
          (t) =>
            sql`select ${t} as t from ${sql.raw(t)} where org_id = ${actor.orgId}::uuid and id = any(${sql.param(missing)}::uuid[])
                  and deleted_at is null and ${visible(actor)}`,
        ),
        sql` union all `,
      ),
    );
    if (elsewhere.length)
      throw unprocessable(
        `Only records of one type can be merged: an id is one of the ${elsewhere[0]!.t}, not ${type}`,
      );
    throw notFound(label);
  }
  return found;
}

/** The survivor as the API returns it for its type. */
function view(tx: Tx, actor: Actor, type: MergeType, id: string) {
  switch (type) {
    case 'contacts':
      return getContact(tx, { actor, id });
    case 'companies':
      return getCompany(tx, { actor, id });
    case 'leads':
      return getLead(tx, { actor, id });
    case 'deals':
      return getDeal(tx, { actor, id });
  }
}

/**
 * Merges `body.merged_ids` into `body.survivor_id` (see the file comment for rules and errors) and
 * returns the survivor in its type's API shape. `auditActor`: who is recorded in the audit log.
 */
export async function mergeRecords(tx: Tx, params: { actor: Actor; auditActor: AuditActorRef; body: MergeBody }) {
  const { actor, body } = params;
  check(body);
  const { table, entity, label } = MERGE_TYPES[body.type];
  const locked = await lockRecords(tx, actor, body.type, [body.survivor_id, ...body.merged_ids]);
  for (const [id, version] of Object.entries(body.versions ?? {})) {
    const record = locked.get(id)!;
    if (record.version !== version)
      throw new AppError(
        'precondition_failed',
        `${label} “${displayName(body.type, record)}” was changed by someone else (now version ${record.version}); reload and retry`,
        { id, current_version: record.version },
      );
  }
  const survivor = locked.get(body.survivor_id)!;
  const losers = body.merged_ids.map((id) => locked.get(id)!);
  const { set, custom } = columnsOf({ type: body.type, survivor, losers, fields: body.fields ?? {} });

  // Unique values the survivor takes over: the losers let go of them first.
  if (body.type === 'leads' && set.external_id && set.external_id !== survivor.external_id) {
    await tx.execute(sql`update leads set external_id = null
      where org_id = ${actor.orgId}::uuid and id = any(${sql.param(body.merged_ids)}::uuid[]) and external_id = ${set.external_id as string}`);
  }
  const deleted = await softDeleteRecords(tx, { entity, actor, ids: body.merged_ids });
  if (deleted.length !== body.merged_ids.length)
    throw conflict(`A ${label.toLowerCase()} of the merge changed meanwhile; retry`);
  const moved = await moveRelated(tx, {
    orgId: actor.orgId,
    type: body.type,
    survivor: survivor.id,
    losers: body.merged_ids,
  });
  if (body.type === 'contacts') {
    // Primary contact of its (possibly new) company when any merged contact was primary there.
    set.is_primary = [survivor, ...losers].some(
      (r) => r.is_primary && r.company_id === set.company_id && !!set.company_id,
    );
  }
  if (
    body.type === 'companies' &&
    set.parent_id &&
    [survivor.id, ...body.merged_ids].includes(set.parent_id as string)
  ) {
    set.parent_id = null;
  }
  const assignments = Object.entries(set).map(([col, v]) => sql`${sql.identifier(col)} = ${toParam(v)}`);
  const updated = await queryRows<Row>(
    tx,
    sql`update ${sql.raw(table)}
           set ${sql.join(assignments, sql`, `)}${assignments.length ? sql`, ` : sql``}
               custom_fields = ${JSON.stringify(custom)}::jsonb, version = version + 1, updated_at = now()
         where org_id = ${actor.orgId}::uuid and id = ${survivor.id}::uuid and version = ${survivor.version}
         returning *`,
  );
  if (!updated.length) throw conflict(`The ${label.toLowerCase()} changed meanwhile; retry`);
  if (body.type === 'companies') await breakParentCycle(tx, actor.orgId, survivor.id);

  const names = losers.map((r) => ({ id: r.id, name: displayName(body.type, r) }));
  await logTimeline(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    type: 'merged',
    records: [{ type: entity, id: survivor.id }],
    data: { count: losers.length, merged: names },
  });
  await recordAudit(tx, {
    orgId: actor.orgId,
    actor: params.auditActor,
    action: 'merge',
    recordType: entity,
    recordId: survivor.id,
    before: { survivor, merged: losers },
    after: updated[0],
    details: { type: body.type, merged_ids: body.merged_ids, fields: body.fields ?? {}, moved },
  });
  return view(tx, actor, body.type, survivor.id);
}

/** Arrays (a lead's phones) go as `text[]`, the rest as plain parameters (Postgres casts by column type). */
function toParam(v: unknown) {
  if (Array.isArray(v)) return sql`${sql.param(v)}::text[]`;
  return v;
}

const displayName = (type: MergeType, r: Row) =>
  String((type === 'contacts' ? r.full_name : type === 'leads' ? r.title : r.name) ?? '');

/**
 * A merged company's children now have the survivor as parent; when that closes a loop (the
 * survivor was below one of them), the survivor's own parent is cleared — the hierarchy has no cycles.
 */
async function breakParentCycle(tx: Tx, orgId: string, id: string): Promise<void> {
  const [row] = await queryRows<{ cycle: boolean }>(
    tx,
    sql`with recursive up(id, depth) as (
          select parent_id, 1 from companies where org_id = ${orgId}::uuid and id = ${id}::uuid and parent_id is not null
          union all
          select c.parent_id, up.depth + 1 from companies c join up on c.org_id = ${orgId}::uuid and c.id = up.id
           where c.parent_id is not null and up.depth < 1000)
        select exists (select 1 from up where id = ${id}::uuid) as cycle`,
  );
  if (row?.cycle)
    await tx.execute(sql`update companies set parent_id = null where org_id = ${orgId}::uuid and id = ${id}::uuid`);
}
