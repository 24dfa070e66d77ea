/**
 * Pipelines and stages (DESIGN §2): reading them with per-stage record counts, and every change a
 * manager makes — create, rename, make default, delete; add, change, reorder and delete stages.
 *
 * Every write first locks the pipeline row (`FOR UPDATE`), so concurrent changes of one pipeline run
 * one after the other, then re-checks the pipeline's rules after the change in the same transaction
 * (`assertStageRules`, 422 and rollback when broken): at least one open stage, exactly one won stage,
 * at least one lost stage. Stage `position` is kept dense (0…n-1) after every change.
 */
import { and, asc, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import {
  MAX_PIPELINES,
  MAX_STAGES,
  type CreatePipelineBody,
  type CreateStageBody,
  type Pipeline,
  type PipelineKind,
  type Stage,
  type StageKind,
  type UpdateStageBody,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { pipelines, stages } from '../../db/schema/index.js';
import { conflict, invalid, notFound, unprocessable } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import { insertPipeline } from './pipelines.defaults.js';
import { moveStageRecords, recordTableOf } from './stage-moves.js';

const DEFAULT_STAGE_COLOR = '#868e96';

type PipelineRow = typeof pipelines.$inferSelect;
type StageRow = typeof stages.$inferSelect;

const stageOf = (s: StageRow, recordCount: number): Stage => ({
  id: s.id,
  pipeline_id: s.pipeline_id,
  name: s.name,
  position: s.position,
  color: s.color,
  probability: s.probability,
  kind: s.kind as StageKind,
  record_count: recordCount,
  version: s.version,
});

/**
 * Live (not deleted) leads or deals per stage of the given pipelines, whatever their status or owner:
 * one GROUP BY per record table, served by the board index.
 */
export async function liveCountsByStage(
  tx: Tx,
  params: { orgId: string; pipelines: Array<{ id: string; kind: PipelineKind }> },
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const kind of ['leads', 'deals'] as const) {
    const ids = params.pipelines.filter((p) => p.kind === kind).map((p) => p.id);
    if (!ids.length) continue;
    const t = recordTableOf(kind);
    const rows = await tx
      .select({ stage_id: t.stage_id, n: count() })
      .from(t)
      .where(and(eq(t.org_id, params.orgId), inArray(t.pipeline_id, ids), isNull(t.deleted_at)))
      .groupBy(t.stage_id);
    for (const r of rows) out.set(r.stage_id, r.n);
  }
  return out;
}

/**
 * Pipelines with their stages in position order (and, unless `counts` is false, each stage's
 * `record_count`), defaults first within a kind, then by position and creation.
 */
export async function loadPipelines(
  tx: Tx,
  params: { orgId: string; kind?: PipelineKind | undefined; id?: string | undefined; counts?: boolean },
): Promise<Pipeline[]> {
  // One statement: every pipeline has stages (at least one open, one won, one lost).
  const joined = await tx
    .select({ p: pipelines, s: stages })
    .from(pipelines)
    .innerJoin(stages, and(eq(stages.org_id, pipelines.org_id), eq(stages.pipeline_id, pipelines.id)))
    .where(
      and(
        eq(pipelines.org_id, params.orgId),
        params.kind ? eq(pipelines.kind, params.kind) : undefined,
        params.id ? eq(pipelines.id, params.id) : undefined,
      ),
    )
    .orderBy(
      asc(pipelines.kind),
      desc(pipelines.is_default),
      asc(pipelines.position),
      asc(pipelines.id),
      asc(stages.position),
      asc(stages.id),
    );
  if (!joined.length) return [];
  const rows: PipelineRow[] = [];
  const stageRows: StageRow[] = [];
  for (const { p, s } of joined) {
    if (rows.at(-1)?.id !== p.id) rows.push(p);
    stageRows.push(s);
  }
  const counts =
    params.counts === false
      ? new Map<string, number>()
      : await liveCountsByStage(tx, {
          orgId: params.orgId,
          pipelines: rows.map((p) => ({ id: p.id, kind: p.kind as PipelineKind })),
        });
  return rows.map((p) => ({
    id: p.id,
    kind: p.kind as PipelineKind,
    name: p.name,
    is_default: p.is_default,
    stages: stageRows.filter((s) => s.pipeline_id === p.id).map((s) => stageOf(s, counts.get(s.id) ?? 0)),
    created_at: p.created_at,
    updated_at: p.updated_at,
    version: p.version,
  }));
}

/** Every pipeline of the organisation (of `kind` when given) with stages and record counts. */
export async function listPipelines(tx: Tx, params: { orgId: string; kind?: PipelineKind | undefined }) {
  return { data: await loadPipelines(tx, params) };
}

/** One pipeline with stages and record counts; 404 when unknown or another organisation's. */
export async function getPipeline(tx: Tx, params: { orgId: string; id: string; counts?: boolean }): Promise<Pipeline> {
  const [p] = await loadPipelines(tx, params);
  if (!p) throw notFound('Pipeline');
  return p;
}

/** Locks a pipeline row for the rest of the transaction (404 when unknown). */
async function lockPipeline(tx: Tx, params: { orgId: string; id: string }): Promise<PipelineRow> {
  const [row] = await tx
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.org_id, params.orgId), eq(pipelines.id, params.id)))
    .for('update');
  if (!row) throw notFound('Pipeline');
  return row;
}

/** Marks a pipeline as changed: version + 1, updated_at now. */
async function touchPipeline(tx: Tx, params: { orgId: string; id: string }, set: Partial<PipelineRow> = {}) {
  await tx
    .update(pipelines)
    .set({ ...set, version: sql`${pipelines.version} + 1`, updated_at: new Date() })
    .where(and(eq(pipelines.org_id, params.orgId), eq(pipelines.id, params.id)));
}

/**
 * The pipeline's rules, checked after every change (422 `details.rule` otherwise): at least one
 * open stage, exactly one won stage (deals close as won there; leads are converted there) and at
 * least one lost stage.
 */
export async function assertStageRules(tx: Tx, params: { orgId: string; pipeline: PipelineRow }) {
  const rows = await tx
    .select({ kind: stages.kind, n: count() })
    .from(stages)
    .where(and(eq(stages.org_id, params.orgId), eq(stages.pipeline_id, params.pipeline.id)))
    .groupBy(stages.kind);
  const n = (k: StageKind) => rows.find((r) => r.kind === k)?.n ?? 0;
  const what = `A ${params.pipeline.kind} pipeline`;
  if (n('open') < 1) throw unprocessable(`${what} needs at least one open stage`, { rule: 'open_stage' });
  if (n('won') !== 1)
    throw unprocessable(`${what} needs exactly one won stage (it has ${n('won')})`, { rule: 'one_won_stage' });
  if (n('lost') < 1) throw unprocessable(`${what} needs at least one lost stage`, { rule: 'lost_stage' });
}

/** 409 when the pipeline already has a stage of that name (case-insensitive), except `exceptId`. */
async function assertStageNameFree(
  tx: Tx,
  params: { orgId: string; pipelineId: string; name: string; exceptId?: string; path: string },
) {
  const [row] = await tx
    .select({ id: stages.id })
    .from(stages)
    .where(
      and(
        eq(stages.org_id, params.orgId),
        eq(stages.pipeline_id, params.pipelineId),
        sql`lower(${stages.name}) = lower(${params.name})`,
        params.exceptId ? ne(stages.id, params.exceptId) : undefined,
      ),
    )
    .limit(1);
  if (row) {
    throw conflict(`The pipeline already has a stage named "${params.name}"`, {
      existing_id: row.id,
      issues: [{ path: params.path, message: 'is taken by another stage of this pipeline' }],
    });
  }
}

/** 409 when the organisation has a pipeline of that kind and name (case-insensitive). */
async function assertPipelineNameFree(
  tx: Tx,
  params: { orgId: string; kind: string; name: string; exceptId?: string },
) {
  const [row] = await tx
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(
      and(
        eq(pipelines.org_id, params.orgId),
        eq(pipelines.kind, params.kind),
        sql`lower(${pipelines.name}) = lower(${params.name})`,
        params.exceptId ? ne(pipelines.id, params.exceptId) : undefined,
      ),
    )
    .limit(1);
  if (row) {
    throw conflict(`There is already a ${params.kind} pipeline named "${params.name}"`, {
      existing_id: row.id,
      issues: [{ path: 'body.name', message: 'is taken by another pipeline of this kind' }],
    });
  }
}

/** Makes `id` the only default pipeline of its kind (the other default is unset first). */
async function makeDefault(tx: Tx, params: { orgId: string; kind: string; id: string }) {
  await tx
    .update(pipelines)
    .set({ is_default: false, version: sql`${pipelines.version} + 1`, updated_at: new Date() })
    .where(
      and(
        eq(pipelines.org_id, params.orgId),
        eq(pipelines.kind, params.kind),
        eq(pipelines.is_default, true),
        ne(pipelines.id, params.id),
      ),
    );
  await tx
    .update(pipelines)
    .set({ is_default: true })
    .where(and(eq(pipelines.org_id, params.orgId), eq(pipelines.id, params.id)));
}

/**
 * Creates a pipeline with its stages (positions in the given order). 409 for a taken pipeline name
 * or a repeated stage name; 422 when the stages break the rules or the organisation already has
 * {@link MAX_PIPELINES} pipelines. `is_default` (or being the first of its kind) makes it the default.
 */
export async function createPipeline(tx: Tx, params: { orgId: string; body: CreatePipelineBody }): Promise<Pipeline> {
  const { orgId, body } = params;
  await assertPipelineNameFree(tx, { orgId, kind: body.kind, name: body.name });
  const seen = new Map<string, number>();
  body.stages.forEach((s, i) => {
    const key = s.name.toLowerCase();
    if (seen.has(key)) {
      throw conflict(`Stage name "${s.name}" is used twice`, {
        issues: [{ path: `body.stages.${i}.name`, message: 'repeats the name of another stage' }],
      });
    }
    seen.set(key, i);
  });
  const existing = await tx
    .select({ kind: pipelines.kind, is_default: pipelines.is_default })
    .from(pipelines)
    .where(eq(pipelines.org_id, orgId));
  if (existing.length >= MAX_PIPELINES) {
    throw unprocessable(`An organisation can have at most ${MAX_PIPELINES} pipelines`, { limit: MAX_PIPELINES });
  }
  const hasDefault = existing.some((p) => p.kind === body.kind && p.is_default);
  const created = await insertPipeline(tx, {
    orgId,
    kind: body.kind,
    name: body.name,
    isDefault: false,
    stages: body.stages.map((s) => ({ ...s, color: s.color ?? DEFAULT_STAGE_COLOR })),
  });
  const [pos] = await tx
    .select({ next: sql<number>`coalesce(max(${pipelines.position}), -1)::int + 1` })
    .from(pipelines)
    .where(and(eq(pipelines.org_id, orgId), eq(pipelines.kind, body.kind), ne(pipelines.id, created.id)));
  await tx
    .update(pipelines)
    .set({ position: pos?.next ?? 0 })
    .where(and(eq(pipelines.org_id, orgId), eq(pipelines.id, created.id)));
  if (body.is_default || !hasDefault) await makeDefault(tx, { orgId, kind: body.kind, id: created.id });
  const row = await lockPipeline(tx, { orgId, id: created.id });
  await assertStageRules(tx, { orgId, pipeline: row });
  return getPipeline(tx, { orgId, id: created.id });
}

/**
 * Renames a pipeline and/or makes it the default of its kind (the previous default is unset in the
 * same transaction). `is_default: false` on the default → 422 (another pipeline must become the
 * default instead). 409 for a taken name; 412 when `expectedVersion` is stale.
 */
export async function updatePipeline(
  tx: Tx,
  params: {
    orgId: string;
    id: string;
    name?: string | undefined;
    isDefault?: boolean | undefined;
    expectedVersion?: number | undefined;
  },
): Promise<Pipeline> {
  const { orgId, id } = params;
  const row = await lockPipeline(tx, { orgId, id });
  if (params.expectedVersion !== undefined && params.expectedVersion !== row.version) throw staleVersion(row.version);
  if (params.name !== undefined) {
    await assertPipelineNameFree(tx, { orgId, kind: row.kind, name: params.name, exceptId: id });
  }
  if (params.isDefault === false && row.is_default) {
    throw unprocessable(`Each kind needs a default pipeline: make another ${row.kind} pipeline the default instead`, {
      issues: [{ path: 'body.is_default', message: 'cannot be unset on the default pipeline' }],
    });
  }
  if (params.isDefault === true && !row.is_default) await makeDefault(tx, { orgId, kind: row.kind, id });
  await touchPipeline(tx, { orgId, id }, params.name !== undefined ? { name: params.name } : {});
  return getPipeline(tx, { orgId, id });
}

/**
 * Deletes a pipeline and its stages. 409 when it holds any lead or deal (live or in the recycle
 * bin: `details.records`); 422 for the default pipeline of its kind.
 */
export async function deletePipeline(tx: Tx, params: { orgId: string; id: string }): Promise<void> {
  const row = await lockPipeline(tx, params);
  if (row.is_default) {
    throw unprocessable(`The default ${row.kind} pipeline cannot be deleted: make another pipeline the default first`);
  }
  const t = recordTableOf(row.kind as PipelineKind);
  const [held] = await tx
    .select({ n: count() })
    .from(t)
    .where(and(eq(t.org_id, params.orgId), eq(t.pipeline_id, params.id)));
  if (held && held.n > 0) {
    throw conflict(
      `The pipeline holds ${held.n} ${row.kind} (including the recycle bin); move or purge them before deleting it`,
      { records: held.n },
    );
  }
  await tx.delete(pipelines).where(and(eq(pipelines.org_id, params.orgId), eq(pipelines.id, params.id)));
}

/** Renumbers a pipeline's stages 0…n-1 in their current order. */
async function compactPositions(tx: Tx, params: { orgId: string; pipelineId: string }) {
  await tx.execute(sql`
    update ${stages} set position = o.rn - 1
    from (
      select id, row_number() over (order by position, id) as rn
      from ${stages} where org_id = ${params.orgId} and pipeline_id = ${params.pipelineId}
    ) o
    where ${stages.org_id} = ${params.orgId} and ${stages.id} = o.id and ${stages.position} <> o.rn - 1`);
}

/** A stage of the pipeline, or 404. */
async function stageRow(tx: Tx, params: { orgId: string; pipelineId: string; stageId: string }): Promise<StageRow> {
  const [row] = await tx
    .select()
    .from(stages)
    .where(
      and(eq(stages.org_id, params.orgId), eq(stages.pipeline_id, params.pipelineId), eq(stages.id, params.stageId)),
    );
  if (!row) throw notFound('Stage');
  return row;
}

/** Live and deleted records in one stage. */
async function heldByStage(tx: Tx, params: { orgId: string; kind: PipelineKind; stageId: string }) {
  const t = recordTableOf(params.kind);
  const [row] = await tx
    .select({
      live: sql<number>`(count(*) filter (where ${t.deleted_at} is null))::int`,
      deleted: sql<number>`(count(*) filter (where ${t.deleted_at} is not null))::int`,
    })
    .from(t)
    .where(and(eq(t.org_id, params.orgId), eq(t.stage_id, params.stageId)));
  return { live: row?.live ?? 0, deleted: row?.deleted ?? 0 };
}

/** The stage as returned by the API (with its record count). */
async function stageView(tx: Tx, params: { orgId: string; pipelineId: string; stageId: string }): Promise<Stage> {
  const pipeline = await getPipeline(tx, { orgId: params.orgId, id: params.pipelineId });
  const stage = pipeline.stages.find((s) => s.id === params.stageId);
  if (!stage) throw notFound('Stage');
  return stage;
}

/**
 * Adds a stage at 0-based `position` (the end when omitted or beyond it). 409 for a taken name;
 * 422 beyond {@link MAX_STAGES} stages or when the result breaks the pipeline's rules (a second won
 * stage).
 */
export async function addStage(
  tx: Tx,
  params: { orgId: string; pipelineId: string; body: CreateStageBody },
): Promise<Stage> {
  const { orgId, pipelineId, body } = params;
  const pipeline = await lockPipeline(tx, { orgId, id: pipelineId });
  await assertStageNameFree(tx, { orgId, pipelineId, name: body.name, path: 'body.name' });
  const [existing] = await tx
    .select({ n: count() })
    .from(stages)
    .where(and(eq(stages.org_id, orgId), eq(stages.pipeline_id, pipelineId)));
  const n = existing?.n ?? 0;
  if (n >= MAX_STAGES) throw unprocessable(`A pipeline can have at most ${MAX_STAGES} stages`, { limit: MAX_STAGES });
  const position = Math.min(body.position ?? n, n);
  await tx
    .update(stages)
    .set({ position: sql`${stages.position} + 1` })
    .where(and(eq(stages.org_id, orgId), eq(stages.pipeline_id, pipelineId), sql`${stages.position} >= ${position}`));
  const id = uuidv7();
  await tx.insert(stages).values({
    org_id: orgId,
    id,
    pipeline_id: pipelineId,
    name: body.name,
    color: body.color ?? DEFAULT_STAGE_COLOR,
    probability: body.probability,
    kind: body.kind,
    position,
  });
  await compactPositions(tx, { orgId, pipelineId });
  await assertStageRules(tx, { orgId, pipeline });
  await touchPipeline(tx, { orgId, id: pipelineId });
  return stageView(tx, { orgId, pipelineId, stageId: id });
}

/**
 * Changes a stage's name, colour, probability (0–100) or kind. 409 for a taken name, and for a kind
 * change while the stage holds records (live or deleted: their status follows the stage's kind);
 * 422 when the result breaks the pipeline's rules; 412 when `expectedVersion` (the stage's) is stale.
 */
export async function updateStage(
  tx: Tx,
  params: {
    orgId: string;
    pipelineId: string;
    stageId: string;
    body: UpdateStageBody;
    expectedVersion?: number | undefined;
  },
): Promise<Stage> {
  const { orgId, pipelineId, stageId, body } = params;
  const pipeline = await lockPipeline(tx, { orgId, id: pipelineId });
  const stage = await stageRow(tx, { orgId, pipelineId, stageId });
  if (params.expectedVersion !== undefined && params.expectedVersion !== stage.version) {
    throw staleVersion(stage.version);
  }
  if (body.name !== undefined) {
    await assertStageNameFree(tx, { orgId, pipelineId, name: body.name, exceptId: stageId, path: 'body.name' });
  }
  if (body.kind !== undefined && body.kind !== stage.kind) {
    const held = await heldByStage(tx, { orgId, kind: pipeline.kind as PipelineKind, stageId });
    const records = held.live + held.deleted;
    if (records > 0) {
      throw conflict(
        `The stage holds ${records} record(s) whose status follows its kind; move them to another stage before changing the kind`,
        { records, live: held.live, deleted: held.deleted },
      );
    }
  }
  await tx
    .update(stages)
    .set({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.color !== undefined ? { color: body.color } : {}),
      ...(body.probability !== undefined ? { probability: body.probability } : {}),
      ...(body.kind !== undefined ? { kind: body.kind } : {}),
      version: sql`${stages.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(stages.org_id, orgId), eq(stages.id, stageId)));
  await assertStageRules(tx, { orgId, pipeline });
  await touchPipeline(tx, { orgId, id: pipelineId });
  return stageView(tx, { orgId, pipelineId, stageId });
}

/**
 * Puts the pipeline's stages in the order of `stageIds`, which must name every stage of the pipeline
 * exactly once (400 naming `body.stage_ids` otherwise). 412 when `expectedVersion` (the pipeline's)
 * is stale. Returns the pipeline.
 */
export async function reorderStages(
  tx: Tx,
  params: { orgId: string; pipelineId: string; stageIds: string[]; expectedVersion?: number | undefined },
): Promise<Pipeline> {
  const { orgId, pipelineId, stageIds } = params;
  const pipeline = await lockPipeline(tx, { orgId, id: pipelineId });
  if (params.expectedVersion !== undefined && params.expectedVersion !== pipeline.version) {
    throw staleVersion(pipeline.version);
  }
  const current = await tx
    .select({ id: stages.id })
    .from(stages)
    .where(and(eq(stages.org_id, orgId), eq(stages.pipeline_id, pipelineId)));
  const known = new Set(current.map((s) => s.id));
  const issues: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  stageIds.forEach((id, i) => {
    if (!known.has(id)) issues.push({ path: `body.stage_ids.${i}`, message: 'is not a stage of this pipeline' });
    else if (seen.has(id)) issues.push({ path: `body.stage_ids.${i}`, message: 'is listed twice' });
    seen.add(id);
  });
  const missing = current.filter((s) => !seen.has(s.id)).length;
  if (missing) {
    issues.push({ path: 'body.stage_ids', message: `must list every stage of the pipeline (${missing} missing)` });
  }
  if (issues.length) throw invalid(issues);
  await tx.execute(sql`
    update ${stages} set position = o.ord - 1, updated_at = now()
    from unnest(${`{${stageIds.join(',')}}`}::uuid[]) with ordinality as o(id, ord)
    where ${stages.org_id} = ${orgId} and ${stages.pipeline_id} = ${pipelineId} and ${stages.id} = o.id`);
  await touchPipeline(tx, { orgId, id: pipelineId });
  return getPipeline(tx, { orgId, id: pipelineId });
}

/**
 * Deletes a stage. When it holds records (live or in the recycle bin) `moveTo` must name another
 * stage of the same pipeline with the same kind (so the records' status stays right): they move
 * there — appended below that column's cards in their order, `stage_entered_at` reset, one
 * `stage_history` row each by `userId`. Errors: 404 unknown stage; 409 records held and no `moveTo`
 * (`details.records`); 422 `moveTo` not another stage of this pipeline, of another kind, or the
 * deletion breaking the pipeline's rules (e.g. its only won or open stage).
 */
export async function deleteStage(
  tx: Tx,
  params: { orgId: string; pipelineId: string; stageId: string; moveTo?: string | undefined; userId: string },
): Promise<{ moved: number }> {
  const { orgId, pipelineId, stageId, moveTo } = params;
  const pipeline = await lockPipeline(tx, { orgId, id: pipelineId });
  const kind = pipeline.kind as PipelineKind;
  const stage = await stageRow(tx, { orgId, pipelineId, stageId });
  let target: StageRow | undefined;
  if (moveTo !== undefined) {
    const bad = (message: string) =>
      unprocessable(`move_to ${message}`, { issues: [{ path: 'query.move_to', message }] });
    if (moveTo === stageId) throw bad('must be another stage than the one deleted');
    [target] = await tx
      .select()
      .from(stages)
      .where(and(eq(stages.org_id, orgId), eq(stages.pipeline_id, pipelineId), eq(stages.id, moveTo)));
    if (!target) throw bad('must be another stage of the same pipeline');
    if (target.kind !== stage.kind) {
      throw bad(`must be a stage of the same kind (${stage.kind}) so the records keep their status`);
    }
  }
  const held = await heldByStage(tx, { orgId, kind, stageId });
  const records = held.live + held.deleted;
  let moved = 0;
  if (records > 0) {
    if (!target) {
      throw conflict(
        `The stage holds ${records} record(s) (${held.deleted} in the recycle bin); give move_to to move them to another stage`,
        { records, live: held.live, deleted: held.deleted },
      );
    }
    moved = await moveStageRecords(tx, {
      orgId,
      kind,
      pipelineId,
      fromStageId: stageId,
      toStageId: target.id,
      userId: params.userId,
    });
  }
  await tx.delete(stages).where(and(eq(stages.org_id, orgId), eq(stages.id, stageId)));
  await compactPositions(tx, { orgId, pipelineId });
  await assertStageRules(tx, { orgId, pipeline });
  await touchPipeline(tx, { orgId, id: pipelineId });
  return { moved };
}
