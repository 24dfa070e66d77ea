/**
 * Where a deal may go: deals pipelines and their stages, read for the deal rules (default pipeline,
 * first open stage, the won / lost / last open stage of a pipeline). Read-only; pipelines and stages
 * are managed by the pipelines module. Ids of other organisations read as unknown (404).
 */
import type { Tx } from '../../db/client.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import {
  defaultPipelineId,
  pipelineKindOf,
  stagesOf,
  stageWithPipelineKind,
  type StageInfo,
} from '../pipelines/stage-lookup.js';

export { stagesOf, type StageInfo, type StageKind } from '../pipelines/stage-lookup.js';

/** A deals pipeline of the organisation: 404 when unknown, 422 when it is a leads pipeline. */
export async function dealPipeline(tx: Tx, params: { orgId: string; id: string; path: string }) {
  const row = await pipelineKindOf(tx, params);
  if (!row) throw notFound('Pipeline');
  if (row.kind !== 'deals')
    throw unprocessable(`${params.path} is a leads pipeline, not a deals pipeline`, { field: params.path });
  return row;
}

/**
 * A stage the deal may be placed in: a stage of a deals pipeline (unknown or another
 * organisation's → 404; a leads stage → 422) and, when `pipelineId` is given, of that pipeline
 * (another pipeline's → 422 naming `path`).
 */
export async function dealStage(
  tx: Tx,
  params: { orgId: string; id: string; pipelineId?: string | undefined; path: string },
): Promise<StageInfo> {
  const row = await stageWithPipelineKind(tx, params);
  if (!row) throw notFound('Stage');
  if (row.pipeline_kind !== 'deals')
    throw unprocessable(`${params.path} is a stage of a leads pipeline`, { field: params.path });
  if (params.pipelineId && row.pipeline_id !== params.pipelineId) {
    throw unprocessable(`${params.path} is a stage of another pipeline`, {
      field: params.path,
      pipeline_id: row.pipeline_id,
    });
  }
  const { pipeline_kind: _, ...stage } = row;
  return stage;
}

/** The first open stage of a pipeline (where new deals go), or 422. */
export async function firstOpenStage(tx: Tx, params: { orgId: string; pipelineId: string }): Promise<StageInfo> {
  const stage = (await stagesOf(tx, params)).find((s) => s.kind === 'open');
  if (!stage) throw unprocessable('The pipeline has no open stage');
  return stage;
}

/** The organisation's default deals pipeline id (every organisation gets one when created). */
export async function defaultDealPipelineId(tx: Tx, params: { orgId: string }): Promise<string> {
  const id = await defaultPipelineId(tx, { orgId: params.orgId, kind: 'deals' });
  if (!id) throw unprocessable('The organisation has no default deals pipeline; give pipeline_id');
  return id;
}

/**
 * Resolves `pipeline_id` / `stage_id` of a create or update body to a stage:
 * stage given → that stage (of `pipeline_id` when given, else of `currentPipelineId` on update,
 * else of any deals pipeline); only a pipeline → its first open stage; neither → the default
 * pipeline's first open stage.
 */
export async function resolveStage(
  tx: Tx,
  params: {
    orgId: string;
    pipelineId?: string | undefined;
    stageId?: string | undefined;
    currentPipelineId?: string | undefined;
  },
): Promise<StageInfo> {
  const { orgId } = params;
  if (params.pipelineId) await dealPipeline(tx, { orgId, id: params.pipelineId, path: 'body.pipeline_id' });
  if (params.stageId) {
    return dealStage(tx, {
      orgId,
      id: params.stageId,
      pipelineId: params.pipelineId ?? params.currentPipelineId,
      path: 'body.stage_id',
    });
  }
  const pipelineId = params.pipelineId ?? (await defaultDealPipelineId(tx, { orgId }));
  return firstOpenStage(tx, { orgId, pipelineId });
}
