/**
 * Saved segments (issue 7): CRUD, duplicate, the cached count, and the preview of unsaved criteria.
 *
 * Rules:
 * - Criteria are compiled on every write (400 with `body.criteria…` paths when a field, operator or
 *   value does not hold) and on every use: segments are dynamic.
 * - The cached count (`count`, `counted_at`) is refreshed on read when older than
 *   SEGMENT_COUNT_TTL_MINUTES or when asked (`refresh`). It is stored only when counted by someone
 *   who sees every record; a member under the private rule gets their own count, never stored, so
 *   nobody reads a count of records they may not see.
 * - Who may change or delete a segment: its creator, or a manager, admin or owner (403 otherwise).
 * - Other organisations' ids → 404.
 */
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import {
  roleAtLeast,
  SEGMENT_COUNT_TTL_MINUTES,
  type CreateSegmentBody,
  type Segment,
  type SegmentCriteria,
  type SegmentEntity,
  type UpdateSegmentBody,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { segments } from '../../db/schema/index.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { staleVersion } from '../../lib/versioning.js';
import { seesAll, type Actor } from '../records/actor.js';
import { countMatching, criteriaWhere } from './segments.where.js';

type Row = typeof segments.$inferSelect;

function toSegment(row: Row, live?: { total: number; total_capped: boolean; at: Date }): Segment {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    entity: row.entity as SegmentEntity,
    criteria: row.criteria as unknown as SegmentCriteria,
    count: live ? live.total : row.cached_count,
    count_capped: live ? live.total_capped : row.count_capped,
    counted_at: live ? live.at : row.counted_at,
    created_by: row.created_by,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

async function getRow(tx: Tx, orgId: string, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(segments)
    .where(and(eq(segments.org_id, orgId), eq(segments.id, id)));
  if (!row) throw notFound('Segment');
  return row;
}

/**
 * Counts the segment now; stores the count when the actor sees every record. `where`: its criteria
 * already compiled for `actor` (by a write that checked them), else compiled here.
 */
async function recount(tx: Tx, actor: Actor, row: Row, where?: SQL): Promise<Segment> {
  const entity = row.entity as SegmentEntity;
  where ??= await criteriaWhere(tx, {
    actor,
    entity,
    criteria: row.criteria as unknown as SegmentCriteria,
    path: 'segment.criteria',
  });
  const count = await countMatching(tx, { actor, entity, where });
  const at = new Date();
  if (!seesAll(actor)) return toSegment(row, { ...count, at });
  const [updated] = await tx
    .update(segments)
    .set({ cached_count: count.total, count_capped: count.total_capped, counted_at: at })
    .where(and(eq(segments.org_id, actor.orgId), eq(segments.id, row.id)))
    .returning();
  return toSegment(updated!);
}

const fresh = (row: Row) =>
  row.counted_at !== null && Date.now() - row.counted_at.getTime() < SEGMENT_COUNT_TTL_MINUTES * 60_000;

/** `GET /segments`: the organisation's segments by name (keyset pages), optionally of one entity. */
export async function listSegments(
  tx: Tx,
  params: { actor: Actor; entity?: SegmentEntity | undefined; limit: number; cursor?: string | undefined },
) {
  const sort: KeysetSort = { column: segments.name, kind: 'text', id: segments.id, direction: 'asc' };
  const rows = await tx
    .select({ ...getTableColumns(segments), sort_key: segments.name })
    .from(segments)
    .where(
      and(
        eq(segments.org_id, params.actor.orgId),
        params.entity ? eq(segments.entity, params.entity) : undefined,
        afterCursor(sort, params.cursor),
      ),
    )
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1);
  const page = toPage(rows, params.limit, (r) => [r.sort_key, r.id]);
  const hidden = !seesAll(params.actor);
  return {
    data: page.data.map((r) => {
      const s = toSegment(r);
      // A cached count may include records this member may not see: not shown in lists.
      return hidden ? { ...s, count: null, count_capped: false, counted_at: null } : s;
    }),
    next_cursor: page.next_cursor,
  };
}

/** `GET /segments/{id}`: with its count, recounted when stale, asked for, or private to the caller. */
export async function getSegment(tx: Tx, params: { actor: Actor; id: string; refresh?: boolean }): Promise<Segment> {
  const row = await getRow(tx, params.actor.orgId, params.id);
  if (params.refresh || !fresh(row) || !seesAll(params.actor)) return recount(tx, params.actor, row);
  return toSegment(row);
}

/** `POST /segments`: validates the criteria by compiling them, then counts. */
export async function createSegment(tx: Tx, params: { actor: Actor; body: CreateSegmentBody }): Promise<Segment> {
  const { actor, body } = params;
  const criteria = body.criteria as SegmentCriteria;
  const where = await criteriaWhere(tx, { actor, entity: body.entity, criteria, path: 'body.criteria' });
  const [row] = await tx
    .insert(segments)
    .values({
      org_id: actor.orgId,
      id: uuidv7(),
      name: body.name,
      description: body.description ?? null,
      entity: body.entity,
      criteria: criteria as unknown as Record<string, unknown>,
      created_by: actor.userId,
    })
    .returning();
  return recount(tx, actor, row!, where);
}

function assertMayChange(actor: Actor, row: Row) {
  if (row.created_by !== actor.userId && !roleAtLeast(actor.role, 'manager')) {
    throw forbidden('Only the creator of a segment or a manager, admin or owner may change it');
  }
}

/** `PATCH /segments/{id}` (If-Match → 412 when stale). */
export async function updateSegment(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateSegmentBody; expectedVersion?: number | undefined },
): Promise<Segment> {
  const { actor, body } = params;
  const row = await getRow(tx, actor.orgId, params.id);
  assertMayChange(actor, row);
  if (params.expectedVersion !== undefined && params.expectedVersion !== row.version) throw staleVersion(row.version);
  const criteria = body.criteria as SegmentCriteria | undefined;
  const where = criteria
    ? await criteriaWhere(tx, { actor, entity: row.entity as SegmentEntity, criteria, path: 'body.criteria' })
    : undefined;
  const [updated] = await tx
    .update(segments)
    .set({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(criteria ? { criteria: criteria as unknown as Record<string, unknown>, counted_at: null } : {}),
      version: sql`${segments.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(segments.org_id, actor.orgId), eq(segments.id, row.id)))
    .returning();
  return where ? recount(tx, actor, updated!, where) : toSegment(updated!);
}

/** `DELETE /segments/{id}`: saved views that used it keep their other settings (segment_id → null). */
export async function deleteSegment(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const row = await getRow(tx, params.actor.orgId, params.id);
  assertMayChange(params.actor, row);
  await tx.delete(segments).where(and(eq(segments.org_id, params.actor.orgId), eq(segments.id, row.id)));
}

/** `POST /segments/{id}/duplicate`: a copy named "<name> (copy)" created by the caller. */
export async function duplicateSegment(tx: Tx, params: { actor: Actor; id: string }): Promise<Segment> {
  const row = await getRow(tx, params.actor.orgId, params.id);
  return createSegment(tx, {
    actor: params.actor,
    body: {
      name: `${row.name} (copy)`.slice(0, 120),
      description: row.description,
      entity: row.entity as SegmentEntity,
      criteria: row.criteria as unknown as SegmentCriteria,
    },
  });
}
