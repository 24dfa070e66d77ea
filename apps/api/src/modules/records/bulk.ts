/**
 * Bulk actions on records (`POST /api/v1/<records>/bulk`): assign owner, add/remove tags, delete,
 * restore — on listed ids or on every record matching a list filter — in the request's single
 * transaction, with one result per record. Set-based statements, never a loop of single updates.
 */
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { BULK_MAX, type BulkAction, type BulkResult, type CustomFieldEntity } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { memberships } from '../../db/schema/index.js';
import { invalid, unprocessable } from '../../lib/errors.js';
import { assertTagsExist, linkTags, unlinkTags } from '../tags/tags.service.js';
import { visibleTo, type Actor } from './actor.js';
import { RECORD_TABLES, type RecordTable } from './entities.js';
import { restorableSince, restoreRecords, softDeleteRecords } from './lifecycle.js';
import { allOf } from './filters.js';

export interface BulkInput {
  action: BulkAction;
  ids?: string[] | undefined;
  owner_id?: string | null | undefined;
  tag_ids?: string[] | undefined;
}

type Outcome = BulkResult['results'][number];

/** 400 unless `ownerId` is a member of the organisation. */
export async function assertOwner(tx: Tx, params: { orgId: string; ownerId: string; path: string }) {
  const [m] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.org_id, params.orgId), eq(memberships.id, params.ownerId)));
  if (!m) throw invalid([{ path: params.path, message: 'is not a member of this organisation' }]);
}

/**
 * Runs one bulk action. `filterWhere` is the condition of the bulk `filter` (the same as the list's)
 * when no ids are given; it selects at most BULK_MAX records (more → 422, nothing done).
 */
export async function runBulk(
  tx: Tx,
  params: { entity: CustomFieldEntity; actor: Actor; input: BulkInput; filterWhere?: SQL | undefined },
): Promise<BulkResult> {
  const { entity, actor, input } = params;
  const t = RECORD_TABLES[entity].table as RecordTable;
  const restoring = input.action === 'restore';
  const stateCond = restoring
    ? sql`${t.deleted_at} > ${restorableSince().toISOString()}::timestamptz`
    : isNull(t.deleted_at);
  const visible = allOf([eq(t.org_id, actor.orgId), visibleTo(actor, t.owner_id)]);

  let ids: string[];
  if (input.ids) {
    ids = [...new Set(input.ids)];
  } else {
    const rows = await tx
      .select({ id: t.id })
      .from(t)
      .where(allOf([visible, stateCond, params.filterWhere]))
      .limit(BULK_MAX + 1);
    if (rows.length > BULK_MAX) {
      throw unprocessable(`The filter matches more than ${BULK_MAX.toLocaleString('en')} records; narrow it down`, {
        limit: BULK_MAX,
      });
    }
    ids = rows.map((r) => r.id);
  }
  if (input.action === 'assign_owner' && input.owner_id) {
    await assertOwner(tx, { orgId: actor.orgId, ownerId: input.owner_id, path: 'body.owner_id' });
  }
  if (input.tag_ids) await assertTagsExist(tx, { orgId: actor.orgId, ids: input.tag_ids, path: 'body.tag_ids' });

  const results = new Map<string, Outcome>();
  let targets: string[] = [];
  if (ids.length && !restoring) {
    const found = await tx
      .select({ id: t.id })
      .from(t)
      .where(allOf([visible, stateCond, inArray(t.id, ids)]));
    targets = found.map((r) => r.id);
  }
  const touch = async (targetIds: string[], set: Record<string, unknown> = {}) => {
    if (!targetIds.length) return;
    await tx
      .update(t)
      .set({ ...set, version: sql`${t.version} + 1`, updated_at: new Date() })
      .where(and(eq(t.org_id, actor.orgId), inArray(t.id, targetIds)));
  };
  switch (input.action) {
    case 'assign_owner':
      await touch(targets, { owner_id: input.owner_id ?? null });
      break;
    case 'add_tags':
      await linkTags(tx, { orgId: actor.orgId, entity, recordIds: targets, tagIds: input.tag_ids! });
      await touch(targets);
      break;
    case 'remove_tags':
      await unlinkTags(tx, { orgId: actor.orgId, entity, recordIds: targets, tagIds: input.tag_ids! });
      await touch(targets);
      break;
    case 'delete':
      targets = await softDeleteRecords(tx, { entity, actor, ids: targets });
      break;
    case 'restore':
      for (const o of await restoreRecords(tx, { entity, actor, ids })) {
        results.set(
          o.id,
          o.ok ? { id: o.id, ok: true } : { id: o.id, ok: false, error: { code: o.code, message: o.message } },
        );
      }
      break;
  }
  if (!restoring) {
    const done = new Set(targets);
    for (const id of ids) {
      results.set(
        id,
        done.has(id)
          ? { id, ok: true }
          : { id, ok: false, error: { code: 'not_found', message: `${RECORD_TABLES[entity].label} not found` } },
      );
    }
  }
  const list = ids.map((id) => results.get(id)!);
  const succeeded = list.filter((r) => r.ok).length;
  return { action: input.action, succeeded, failed: list.length - succeeded, results: list };
}
