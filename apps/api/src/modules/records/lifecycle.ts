/**
 * Soft delete, restore and the recycle bin, shared by the record types (DESIGN §4: restorable for
 * 30 days, then purged by the `records.purge` job). Restoring a record whose unique value (a
 * contact's email, a company's domain) is now used by a live record is refused (409 naming it).
 */
import { and, eq, getTableName, gt, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { RESTORE_DAYS, type CustomFieldEntity } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { seesAll, visibleTo, type Actor } from './actor.js';
import { RECORD_TABLES, type RecordTable } from './entities.js';
import { allOf, textSearch } from './filters.js';

const DAY_MS = 86_400_000;

/** The oldest `deleted_at` still restorable. */
export const restorableSince = () => new Date(Date.now() - RESTORE_DAYS * DAY_MS);

/** When a record deleted at `deletedAt` is purged. */
export const purgeAt = (deletedAt: Date | null) =>
  deletedAt ? new Date(deletedAt.getTime() + RESTORE_DAYS * DAY_MS) : null;

const tableOf = (entity: CustomFieldEntity) => RECORD_TABLES[entity].table as RecordTable;

/**
 * The unique-among-live-records value a restore must not collide with, per record type. Leads and
 * deals have none (a lead's external id is unique among all its rows, deleted ones included).
 */
const UNIQUE: Partial<Record<CustomFieldEntity, { column: SQL; label: string }>> = {
  company: { column: sql.raw('domain'), label: 'domain' },
  contact: { column: sql.raw('email'), label: 'email' },
};

/** Moves live, visible records to the recycle bin; returns the ids it deleted. */
export async function softDeleteRecords(
  tx: Tx,
  params: { entity: CustomFieldEntity; actor: Actor; ids: string[] },
): Promise<string[]> {
  if (!params.ids.length) return [];
  const t = tableOf(params.entity);
  const rows = await tx
    .update(t)
    .set({
      deleted_at: new Date(),
      deleted_by: params.actor.userId,
      version: sql`${t.version} + 1`,
      // A deleted contact stops being its company's primary contact.
      ...(params.entity === 'contact' ? { is_primary: false } : {}),
    })
    .where(
      allOf([
        eq(t.org_id, params.actor.orgId),
        inArray(t.id, params.ids),
        sql`${t.deleted_at} is null`,
        visibleTo(params.actor, t.owner_id),
      ]),
    )
    .returning({ id: t.id });
  return rows.map((r) => r.id);
}

export type RestoreOutcome =
  | { id: string; ok: true }
  | { id: string; ok: false; code: 'not_found' | 'conflict'; message: string; existing_id?: string };

/**
 * Restores records from the recycle bin (deleted within 30 days, visible to the actor). Per id:
 * ok, not_found (not in the bin), or conflict (its email/domain is taken by a live record, or by
 * another record restored in the same call).
 */
export async function restoreRecords(
  tx: Tx,
  params: { entity: CustomFieldEntity; actor: Actor; ids: string[] },
): Promise<RestoreOutcome[]> {
  const t = tableOf(params.entity);
  const unique = UNIQUE[params.entity];
  const name = sql.raw(`"${getTableName(t)}"`);
  const value = unique ? sql`d.${unique.column}` : sql`null::text`;
  const live = unique
    ? sql`left join ${name} l on l.org_id = d.org_id and l.${unique.column} = d.${unique.column} and l.deleted_at is null`
    : sql`left join (select null::uuid as id) l on false`;
  const candidates = params.ids.length
    ? (
        (await tx.execute(sql`
          select d.id, ${value} as value, l.id as existing_id
            from ${name} d
            ${live}
           where d.org_id = ${params.actor.orgId}::uuid and d.id = any(${`{${params.ids.join(',')}}`}::uuid[])
             and d.deleted_at > ${restorableSince().toISOString()}::timestamptz
             and ${seesAll(params.actor) ? sql`true` : sql`(d.owner_id = ${params.actor.membershipId}::uuid or d.owner_id is null)`}
           order by d.deleted_at desc`)) as unknown as {
          rows: Array<{ id: string; value: string | null; existing_id: string | null }>;
        }
      ).rows
    : [];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const claimed = new Map<string, string>();
  const outcomes = new Map<string, RestoreOutcome>();
  for (const c of candidates) {
    if (c.existing_id) {
      outcomes.set(c.id, {
        id: c.id,
        ok: false,
        code: 'conflict',
        message: `Its ${unique?.label} ${c.value} is used by another ${params.entity}`,
        existing_id: c.existing_id,
      });
    } else if (c.value !== null && claimed.has(c.value.toLowerCase())) {
      outcomes.set(c.id, {
        id: c.id,
        ok: false,
        code: 'conflict',
        message: `Its ${unique?.label} ${c.value} is used by another restored ${params.entity}`,
        existing_id: claimed.get(c.value.toLowerCase())!,
      });
    } else {
      if (c.value !== null) claimed.set(c.value.toLowerCase(), c.id);
      outcomes.set(c.id, { id: c.id, ok: true });
    }
  }
  const okIds = [...outcomes.values()].filter((o) => o.ok).map((o) => o.id);
  if (okIds.length) {
    await tx
      .update(t)
      .set({ deleted_at: null, deleted_by: null, version: sql`${t.version} + 1`, updated_at: new Date() })
      .where(and(eq(t.org_id, params.actor.orgId), inArray(t.id, okIds)));
  }
  return params.ids.map(
    (id) =>
      outcomes.get(id) ??
      (byId.has(id) ? { id, ok: true } : { id, ok: false, code: 'not_found', message: 'Not in the recycle bin' }),
  );
}

/** The recycle bin: deleted records the actor may see, most recently deleted first. */
export async function recycleBinPage<T extends RecordTable>(
  tx: Tx,
  params: {
    entity: CustomFieldEntity;
    actor: Actor;
    q?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const t = tableOf(params.entity) as T;
  const sort: KeysetSort = { column: t.deleted_at, id: t.id, direction: 'desc', kind: 'timestamp' };
  const rows = (await tx
    .select()
    .from(t as RecordTable)
    .where(
      allOf([
        eq(t.org_id, params.actor.orgId),
        isNotNull(t.deleted_at),
        gt(t.deleted_at, restorableSince()),
        visibleTo(params.actor, t.owner_id),
        params.q ? textSearch(t.search_key, params.q) : undefined,
        afterCursor(sort, params.cursor),
      ]),
    )
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1)) as Array<T['$inferSelect']>;
  return toPage(rows, params.limit, (r) => [r.deleted_at, r.id]);
}

/** Hard-deletes records of one organisation deleted more than 30 days ago; returns how many. */
export async function purgeExpired(tx: Tx, params: { orgId: string; entity: CustomFieldEntity }): Promise<number> {
  const t = tableOf(params.entity);
  const rows = await tx
    .delete(t)
    .where(and(eq(t.org_id, params.orgId), isNotNull(t.deleted_at), lt(t.deleted_at, restorableSince())))
    .returning({ id: t.id });
  return rows.length;
}
