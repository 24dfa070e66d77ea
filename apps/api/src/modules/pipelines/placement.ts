/**
 * Where a lead or deal sits on its board, and the record of every stage or status change.
 *
 * Board order within a stage column is `(position, id)` ascending, `position` being a
 * fractional-indexing key (npm `fractional-indexing`, compared byte-wise: `COLLATE "C"`). Placing a
 * card computes one key strictly between its new neighbours, so a move writes one row and never
 * renumbers the column. A card placed without an anchor goes to the top of the column.
 */
import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { generateKeyBetween } from 'fractional-indexing';
import { uuidv7 } from '../../lib/ids.js';
import type { Tx } from '../../db/client.js';
import { deals, leads, stage_history } from '../../db/schema/index.js';
import { unprocessable } from '../../lib/errors.js';
import { logTimelineBatch, type TimelineEvent } from '../timeline/timeline.writer.js';

export type BoardEntity = 'lead' | 'deal';

const tableOf = (entity: BoardEntity) => (entity === 'lead' ? leads : deals);

/**
 * A position key for a card in stage `stageId`: just before `beforeId`, just after `afterId`, or at
 * the top of the column when neither is given. The anchor must be a live card of that same stage
 * (else 422 naming `body.before_id` / `body.after_id`). `excludeId` is the card being moved (never
 * its own neighbour).
 */
export async function boardPosition(
  tx: Tx,
  params: {
    entity: BoardEntity;
    orgId: string;
    stageId: string;
    beforeId?: string | null | undefined;
    afterId?: string | null | undefined;
    excludeId?: string | undefined;
  },
): Promise<string> {
  const t = tableOf(params.entity);
  const column = and(eq(t.org_id, params.orgId), eq(t.stage_id, params.stageId), isNull(t.deleted_at));
  const others = params.excludeId ? sql`${t.id} <> ${params.excludeId}` : undefined;
  const anchorId = params.beforeId ?? params.afterId;
  if (!anchorId) {
    const [first] = await tx
      .select({ position: t.position })
      .from(t)
      .where(and(column, others))
      .orderBy(asc(t.position), asc(t.id))
      .limit(1);
    return generateKeyBetween(null, first?.position ?? null);
  }
  const path = params.beforeId ? 'body.before_id' : 'body.after_id';
  const [anchor] = await tx
    .select({ position: t.position })
    .from(t)
    .where(and(column, eq(t.id, anchorId)));
  if (!anchor || anchorId === params.excludeId) {
    throw unprocessable(`${path} must be another card in the target stage`, { field: path });
  }
  if (params.beforeId) {
    const [prev] = await tx
      .select({ position: t.position })
      .from(t)
      .where(and(column, others, lt(t.position, anchor.position)))
      .orderBy(desc(t.position))
      .limit(1);
    return generateKeyBetween(prev?.position ?? null, anchor.position);
  }
  const [next] = await tx
    .select({ position: t.position })
    .from(t)
    .where(and(column, others, gt(t.position, anchor.position)))
    .orderBy(asc(t.position))
    .limit(1);
  return generateKeyBetween(anchor.position, next?.position ?? null);
}

/**
 * Writes one `stage_history` row (in the caller's transaction): a lead's or deal's move from one
 * stage/status to another. `fromStageId`/`fromStatus` are null when the record is created.
 *
 * This is the one place every single-record stage or status change passes through, so it also
 * auto-logs the timeline (DESIGN §2) in the same transaction: `stage_changed` when the stage changes
 * (data `{ pipeline_id, from_pipeline_id?, from: {id,name}, to: {id,name} }`, names as they are now)
 * and `status_changed` when the status changes (`{ from, to, reason? }`; not for a lead becoming
 * `converted`, which its `converted` event says). Nothing for a creation (the caller logs `created`).
 * `events` (e.g. `created`, `field_changed`, `converted` of the same operation) are written in the
 * same single insert.
 */
export async function recordStageChange(
  tx: Tx,
  params: {
    entity: BoardEntity;
    orgId: string;
    recordId: string;
    pipelineId: string;
    fromStageId: string | null;
    toStageId: string;
    fromStatus: string | null;
    toStatus: string;
    userId: string | null;
    at?: Date | undefined;
    /** The reason of a move into `lost` or `won` (goes into `status_changed`). */
    reason?: string | null | undefined;
    /** Other timeline events of the same operation, written in the same insert. */
    events?: TimelineEvent[] | undefined;
  },
): Promise<void> {
  // The stage names for the timeline come back with the history row (sub-selects in RETURNING):
  // one round trip for both.
  const stageOf = (id: string | null, col: 'name' | 'pipeline_id') =>
    id
      ? sql<string | null>`(select ${sql.raw(col)}::text from stages where org_id = ${params.orgId} and id = ${id})`
      : sql<string | null>`null::text`;
  const [names] = await tx
    .insert(stage_history)
    .values({
      org_id: params.orgId,
      id: uuidv7(),
      lead_id: params.entity === 'lead' ? params.recordId : null,
      deal_id: params.entity === 'deal' ? params.recordId : null,
      pipeline_id: params.pipelineId,
      from_stage_id: params.fromStageId,
      to_stage_id: params.toStageId,
      from_status: params.fromStatus,
      to_status: params.toStatus,
      changed_by: params.userId,
      ...(params.at ? { changed_at: params.at } : {}),
    })
    .returning({
      from_name: stageOf(params.fromStageId, 'name'),
      to_name: stageOf(params.toStageId, 'name'),
      from_pipeline_id: stageOf(params.fromStageId, 'pipeline_id'),
    });
  const record = { type: params.entity, id: params.recordId };
  const base = { actorId: params.userId, records: [record], occurredAt: params.at ?? new Date() };
  const events: TimelineEvent[] = [];
  if (params.fromStageId && params.fromStageId !== params.toStageId) {
    const fromPipeline = names?.from_pipeline_id;
    events.push({
      ...base,
      type: 'stage_changed',
      data: {
        pipeline_id: params.pipelineId,
        ...(fromPipeline && fromPipeline !== params.pipelineId ? { from_pipeline_id: fromPipeline } : {}),
        from: { id: params.fromStageId, name: names?.from_name ?? '' },
        to: { id: params.toStageId, name: names?.to_name ?? '' },
      },
    });
  }
  if (params.fromStatus && params.fromStatus !== params.toStatus && params.toStatus !== 'converted') {
    events.push({
      ...base,
      type: 'status_changed',
      data: {
        from: params.fromStatus,
        to: params.toStatus,
        ...((params.toStatus === 'lost' || params.toStatus === 'won') && params.reason
          ? { reason: params.reason }
          : {}),
      },
    });
  }
  events.push(...(params.events ?? []));
  if (events.length) await logTimelineBatch(tx, { orgId: params.orgId, events });
}
