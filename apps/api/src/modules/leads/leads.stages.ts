/**
 * The lead pipelines and stages a lead is placed in, read for the leads module (the pipelines
 * module owns their CRUD). A lead pipeline has kind `leads`; its stages are ordered by `position`
 * and each is `open`, `won` or `lost`.
 */
import type { Tx } from '../../db/client.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import {
  defaultPipelineId,
  firstStageOfKind,
  pipelineKindOf,
  stagesById,
  type StageInfo,
} from '../pipelines/stage-lookup.js';

export { firstStageOfKind, stagesById, type StageInfo, type StageKind } from '../pipelines/stage-lookup.js';

/** A lead pipeline of the organisation: 404 when unknown, 422 naming `path` when it is a deal pipeline. */
async function leadPipeline(tx: Tx, orgId: string, id: string, path: string): Promise<string> {
  const row = await pipelineKindOf(tx, { orgId, id });
  if (!row) throw notFound('Pipeline');
  if (row.kind !== 'leads') {
    throw unprocessable('This is a deal pipeline; leads go through a lead pipeline', { path });
  }
  return row.id;
}

/** The organisation's default lead pipeline (every organisation gets one when it is created). */
async function defaultLeadPipeline(tx: Tx, orgId: string): Promise<string> {
  const id = await defaultPipelineId(tx, { orgId, kind: 'leads' });
  if (!id) throw unprocessable('The organisation has no default lead pipeline; create one first');
  return id;
}

/**
 * Where a lead goes from `pipeline_id` / `stage_id` as given in a request body (both optional):
 * the stage's pipeline (or the given one, else the default lead pipeline) and the stage (else that
 * pipeline's first open stage). Errors: 404 for an unknown pipeline or stage (other organisations'
 * included), 422 for a deal pipeline, a stage of another pipeline (`body.stage_id`), or a won/lost
 * stage (leads are qualified by converting and lost through `/lose`).
 */
export async function resolvePlacement(
  tx: Tx,
  params: { orgId: string; pipelineId?: string | undefined; stageId?: string | undefined },
): Promise<StageInfo> {
  const { orgId } = params;
  let stage: StageInfo | undefined;
  if (params.stageId) {
    stage = (await stagesById(tx, { orgId, ids: [params.stageId] })).get(params.stageId);
    if (!stage) throw notFound('Stage');
  }
  const pipelineId = params.pipelineId
    ? await leadPipeline(tx, orgId, params.pipelineId, 'body.pipeline_id')
    : stage
      ? await leadPipeline(tx, orgId, stage.pipeline_id, 'body.stage_id')
      : await defaultLeadPipeline(tx, orgId);
  if (stage) {
    if (stage.pipeline_id !== pipelineId) {
      throw unprocessable('The stage belongs to another pipeline', { path: 'body.stage_id' });
    }
    assertOpenStage(stage, 'body.stage_id');
    return stage;
  }
  const first = await firstStageOfKind(tx, { orgId, pipelineId, kind: 'open' });
  if (!first) throw unprocessable('The pipeline has no open stage', { path: 'body.pipeline_id' });
  return first;
}

/** 422 unless `stage` is an open stage: won → "convert the lead", lost → "use /lose". */
export function assertOpenStage(stage: StageInfo, path: string): void {
  if (stage.kind === 'won') {
    throw unprocessable(`"${stage.name}" is a won stage: convert the lead to qualify it`, { path });
  }
  if (stage.kind === 'lost') {
    throw unprocessable(`"${stage.name}" is a lost stage: mark the lead lost (POST /leads/{id}/lose) with a reason`, {
      path,
    });
  }
}
