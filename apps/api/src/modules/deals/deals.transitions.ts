/**
 * How a deal moves: across or within the columns of its pipeline's board, and through its status
 * machine. Every change is one transaction (the request's), bumps `version` (optional `If-Match` →
 * 412) and — when the stage or the status changes — writes one `stage_history` row with from/to
 * stage and status.
 *
 * Status rules:
 *  - a move (board drag, or a PATCH of `stage_id`) sets the status from the target stage's kind:
 *    won stage → `won` (+ `won_at`, `closed_at`, optional `won_reason`), lost stage → `lost` (+
 *    `closed_at`, optional `lost_reason`), open stage → `open` (clears `won_at`, `closed_at`,
 *    `lost_reason`, `won_reason`). A reorder
 *    within the same stage changes neither stage nor status and writes no history;
 *  - the explicit transitions are a state machine: `won`, `lost` and `abandon` only from `open`;
 *    `reopen` only from `won` / `lost` / `abandoned`. Anything else → 422 naming both states.
 * Stage changes reset `stage_entered_at`; a deal entering a column goes to its top unless anchored.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { generateNKeysBetween } from 'fractional-indexing';
import type { Deal, MoveDealBody } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { deals } from '../../db/schema/index.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import type { Actor } from '../records/actor.js';
import { liveVisible } from '../records/list.js';
import { boardPosition, recordStageChange } from '../pipelines/placement.js';
import { fieldChangedEvent, logTimelineBatch, type TrackedFields } from '../timeline/timeline.writer.js';
import { dealStage, stagesOf, type StageInfo } from './deals.stages.js';
import { toDeals, type DealRow } from './deals.view.js';

/** A live deal the actor may see, or 404 (other organisations' and invisible deals alike). */
export async function dealRow(tx: Tx, params: { actor: Actor; id: string }): Promise<DealRow> {
  const [row] = await tx
    .select()
    .from(deals)
    .where(and(liveVisible(deals, params.actor), eq(deals.id, params.id)));
  if (!row) throw notFound('Deal');
  return row;
}

/** 412 when the client's `If-Match` version is not the deal's. */
export function assertVersion(current: DealRow, expected: number | undefined) {
  if (expected !== undefined && expected !== current.version) throw staleVersion(current.version);
}

type StatusColumns = 'status' | 'won_at' | 'closed_at' | 'lost_reason' | 'won_reason';

/**
 * The status and timestamps of a deal entering `stage` from its current state. A reason left
 * undefined keeps the current one when the status does not change, else null.
 */
export function statusColumns(
  current: Pick<DealRow, StatusColumns> | null,
  stage: StageInfo,
  now: Date,
  lostReason?: string | null,
  wonReason?: string | null,
): Pick<DealRow, StatusColumns> {
  if (stage.kind === 'won') {
    const was = current?.status === 'won';
    return {
      status: 'won',
      won_at: was ? current.won_at : now,
      closed_at: was ? current.closed_at : now,
      lost_reason: null,
      won_reason: wonReason !== undefined ? wonReason : was ? current.won_reason : null,
    };
  }
  if (stage.kind === 'lost') {
    const was = current?.status === 'lost';
    return {
      status: 'lost',
      won_at: null,
      closed_at: was ? current.closed_at : now,
      lost_reason: lostReason !== undefined ? lostReason : was ? current.lost_reason : null,
      won_reason: null,
    };
  }
  return { status: 'open', won_at: null, closed_at: null, lost_reason: null, won_reason: null };
}

/** The columns of moving `current` into `stage` (another stage) at `position`. */
export function stageChange(
  current: DealRow,
  stage: StageInfo,
  position: string,
  now: Date,
  lostReason?: string,
  wonReason?: string,
) {
  return {
    pipeline_id: stage.pipeline_id,
    stage_id: stage.id,
    position,
    stage_entered_at: now,
    ...statusColumns(current, stage, now, lostReason, wonReason),
  };
}

/**
 * Writes `set` on `current` (version + 1, `updated_at` = `now`) guarded by its version, and a
 * `stage_history` row when the stage or the status changes. Every deal change passes here, so this
 * also auto-logs the timeline in one insert: `stage_changed` / `status_changed` (via
 * `recordStageChange`, with the lost reason) and `field_changed` for owner, amount/currency and
 * expected close date. Returns the updated row.
 */
export async function saveDeal(
  tx: Tx,
  params: { actor: Actor; current: DealRow; set: Partial<DealRow>; now: Date },
): Promise<DealRow> {
  const { actor, current, set, now } = params;
  const [row] = await tx
    .update(deals)
    .set({ ...set, version: sql`${deals.version} + 1`, updated_at: now })
    .where(and(eq(deals.org_id, actor.orgId), eq(deals.id, current.id), eq(deals.version, current.version)))
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  const fieldEvent = await fieldChangedEvent(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    record: { type: 'deal', id: row.id },
    before: trackedFields(current),
    after: trackedFields(row),
    occurredAt: now,
  });
  const events = fieldEvent ? [fieldEvent] : [];
  if (row.stage_id !== current.stage_id || row.status !== current.status) {
    await recordStageChange(tx, {
      entity: 'deal',
      orgId: actor.orgId,
      recordId: row.id,
      pipelineId: row.pipeline_id,
      fromStageId: current.stage_id,
      toStageId: row.stage_id,
      fromStatus: current.status,
      toStatus: row.status,
      userId: actor.userId,
      at: now,
      reason: row.status === 'won' ? row.won_reason : row.lost_reason,
      events,
    });
  } else if (events.length) {
    await logTimelineBatch(tx, { orgId: actor.orgId, events });
  }
  return row;
}

/** The deal fields whose changes go on the timeline (owner, amount + currency, expected close date). */
const trackedFields = (d: DealRow): TrackedFields => ({
  owner_id: d.owner_id,
  amount: { amount: d.amount, currency: d.currency },
  expected_close_date: d.expected_close_date,
});

const one = async (tx: Tx, actor: Actor, row: DealRow) => (await toDeals(tx, actor.orgId, [row]))[0]!;

interface TransitionParams {
  actor: Actor;
  id: string;
  expectedVersion?: number | undefined;
}

/**
 * `POST /deals/{id}/move`: to `stage_id` of the deal's pipeline (another pipeline's stage → 422,
 * unknown → 404), before `before_id` / after `after_id` (a visible live deal of that stage, else
 * 422) or at the top. Status follows the stage's kind (see the module doc); `lost_reason` only with
 * a lost stage, `won_reason` only with a won stage (else 422).
 */
export async function moveDeal(tx: Tx, params: TransitionParams & { body: MoveDealBody }): Promise<Deal> {
  const { actor, body } = params;
  const current = await dealRow(tx, params);
  assertVersion(current, params.expectedVersion);
  const stage = await dealStage(tx, {
    orgId: actor.orgId,
    id: body.stage_id,
    pipelineId: current.pipeline_id,
    path: 'body.stage_id',
  });
  if (body.lost_reason !== undefined && stage.kind !== 'lost') {
    throw unprocessable('body.lost_reason goes only with a move to a lost stage', { field: 'body.lost_reason' });
  }
  if (body.won_reason !== undefined && stage.kind !== 'won') {
    throw unprocessable('body.won_reason goes only with a move to a won stage', { field: 'body.won_reason' });
  }
  for (const [path, anchorId] of [
    ['body.before_id', body.before_id],
    ['body.after_id', body.after_id],
  ] as const) {
    if (!anchorId) continue;
    const [anchor] = await tx
      .select({ id: deals.id })
      .from(deals)
      .where(and(liveVisible(deals, actor), eq(deals.id, anchorId), eq(deals.stage_id, stage.id)));
    if (!anchor) throw unprocessable(`${path} must be another card in the target stage`, { field: path });
  }
  const position = await boardPosition(tx, {
    entity: 'deal',
    orgId: actor.orgId,
    stageId: stage.id,
    beforeId: body.before_id,
    afterId: body.after_id,
    excludeId: current.id,
  });
  const now = new Date();
  const set =
    stage.id === current.stage_id
      ? { position }
      : stageChange(current, stage, position, now, body.lost_reason, body.won_reason);
  return one(tx, actor, await saveDeal(tx, { actor, current, set, now }));
}

const article = (status: string) => (status === 'open' || status === 'abandoned' ? 'An' : 'A');

/** 422 unless the deal is open: `A won deal cannot be abandoned; reopen it first`. */
function assertOpen(current: DealRow, verb: string, target: string) {
  if (current.status === target) throw unprocessable(`The deal is already ${target}`, { status: current.status });
  if (current.status !== 'open') {
    throw unprocessable(`${article(current.status)} ${current.status} deal cannot be ${verb}; reopen it first`, {
      status: current.status,
    });
  }
}

/** Moves `current` to the top of `stage` with the status of its kind (the closing transitions). */
async function closeInto(
  tx: Tx,
  actor: Actor,
  current: DealRow,
  stage: StageInfo,
  reasons: { lost?: string; won?: string | undefined } = {},
) {
  const position = await boardPosition(tx, {
    entity: 'deal',
    orgId: actor.orgId,
    stageId: stage.id,
    excludeId: current.id,
  });
  const now = new Date();
  return one(
    tx,
    actor,
    await saveDeal(tx, {
      actor,
      current,
      set: stageChange(current, stage, position, now, reasons.lost, reasons.won),
      now,
    }),
  );
}

/**
 * `POST /deals/{id}/won {reason?}`: an open deal moves to its pipeline's (first) won stage: status
 * `won`, `won_at` = `closed_at` = now (UTC), `won_reason` = reason (null without one). 422 when
 * already won, lost or abandoned, or when the pipeline has no won stage.
 */
export async function winDeal(tx: Tx, params: TransitionParams & { reason?: string | undefined }): Promise<Deal> {
  const current = await dealRow(tx, params);
  assertVersion(current, params.expectedVersion);
  assertOpen(current, 'won', 'won');
  const stage = (await stagesOf(tx, { orgId: params.actor.orgId, pipelineId: current.pipeline_id })).find(
    (s) => s.kind === 'won',
  );
  if (!stage) throw unprocessable('The pipeline has no won stage');
  return closeInto(tx, params.actor, current, stage, { won: params.reason ?? undefined });
}

/**
 * `POST /deals/{id}/lost {reason}`: an open deal moves to its pipeline's first lost stage: status
 * `lost`, `closed_at` = now, `lost_reason` = reason. 422 when not open or the pipeline has no lost stage.
 */
export async function loseDeal(tx: Tx, params: TransitionParams & { reason: string }): Promise<Deal> {
  const current = await dealRow(tx, params);
  assertVersion(current, params.expectedVersion);
  assertOpen(current, 'marked lost', 'lost');
  const stage = (await stagesOf(tx, { orgId: params.actor.orgId, pipelineId: current.pipeline_id })).find(
    (s) => s.kind === 'lost',
  );
  if (!stage) throw unprocessable('The pipeline has no lost stage');
  return closeInto(tx, params.actor, current, stage, { lost: params.reason });
}

/**
 * `POST /deals/{id}/abandon`: an open deal stops being pursued: status `abandoned`, `closed_at` =
 * now; it stays in its stage and place. 422 unless open.
 */
export async function abandonDeal(tx: Tx, params: TransitionParams): Promise<Deal> {
  const current = await dealRow(tx, params);
  assertVersion(current, params.expectedVersion);
  assertOpen(current, 'abandoned', 'abandoned');
  const now = new Date();
  const set = { status: 'abandoned', closed_at: now, won_at: null, lost_reason: null, won_reason: null };
  return one(tx, params.actor, await saveDeal(tx, { actor: params.actor, current, set, now }));
}

/**
 * `POST /deals/{id}/reopen`: a won, lost or abandoned deal becomes open again. From a won or lost
 * stage it moves to the top of the pipeline's last open stage (422 when there is none); an abandoned
 * deal stays where it is. Clears `won_at`, `closed_at`, `lost_reason` and `won_reason`. 422 when already open.
 */
export async function reopenDeal(tx: Tx, params: TransitionParams): Promise<Deal> {
  const { actor } = params;
  const current = await dealRow(tx, params);
  assertVersion(current, params.expectedVersion);
  if (current.status === 'open')
    throw unprocessable('An open deal cannot be reopened; it is not closed', { status: 'open' });
  const pipelineStages = await stagesOf(tx, { orgId: actor.orgId, pipelineId: current.pipeline_id });
  const here = pipelineStages.find((s) => s.id === current.stage_id);
  const now = new Date();
  if (here?.kind === 'open') {
    const set = { status: 'open', won_at: null, closed_at: null, lost_reason: null, won_reason: null };
    return one(tx, actor, await saveDeal(tx, { actor, current, set, now }));
  }
  const target = pipelineStages.filter((s) => s.kind === 'open').pop();
  if (!target) throw unprocessable('The pipeline has no open stage to reopen the deal in');
  const position = await boardPosition(tx, {
    entity: 'deal',
    orgId: actor.orgId,
    stageId: target.id,
    excludeId: current.id,
  });
  return one(tx, actor, await saveDeal(tx, { actor, current, set: stageChange(current, target, position, now), now }));
}

/**
 * Puts restored deals back at the top of their columns (keeping their relative order), so a
 * restored card never shares its old position key with a card placed there meanwhile. One UPDATE
 * per call; the keys of each column are computed together.
 */
export async function placeAtTop(tx: Tx, params: { orgId: string; ids: string[] }): Promise<void> {
  if (!params.ids.length) return;
  const rows = await tx
    .select({ id: deals.id, stage_id: deals.stage_id })
    .from(deals)
    .where(and(eq(deals.org_id, params.orgId), inArray(deals.id, params.ids), isNull(deals.deleted_at)))
    .orderBy(deals.position, deals.id);
  const byStage = new Map<string, string[]>();
  for (const r of rows) byStage.set(r.stage_id, [...(byStage.get(r.stage_id) ?? []), r.id]);
  const values: Array<{ id: string; position: string }> = [];
  for (const [stageId, ids] of byStage) {
    const [first] = await tx
      .select({ position: deals.position })
      .from(deals)
      .where(
        and(
          eq(deals.org_id, params.orgId),
          eq(deals.stage_id, stageId),
          isNull(deals.deleted_at),
          sql`${deals.id} <> all(${`{${ids.join(',')}}`}::uuid[])`,
        ),
      )
      .orderBy(deals.position, deals.id)
      .limit(1);
    const keys = generateNKeysBetween(null, first?.position ?? null, ids.length);
    ids.forEach((id, i) => values.push({ id, position: keys[i]! }));
  }
  if (!values.length) return;
  const list = sql.join(
    values.map((v) => sql`(${v.id}::uuid, ${v.position})`),
    sql`, `,
  );
  await tx.execute(sql`update deals d set position = v.position collate "C"
    from (values ${list}) as v(id, position)
    where d.org_id = ${params.orgId}::uuid and d.id = v.id`);
}
