/**
 * Read-only lookups of pipelines and stages for the record types that live in them (leads, deals):
 * the pipelines module owns their CRUD. Ids of other organisations read as unknown.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { pipelines, stages } from '../../db/schema/index.js';
import { anyId } from '../../db/sql.js';

export type StageKind = 'open' | 'won' | 'lost';
export type PipelineKind = 'leads' | 'deals';

/** A stage as the record rules need it. */
export interface StageInfo {
  id: string;
  pipeline_id: string;
  name: string;
  kind: StageKind;
  probability: number;
  position: number;
}

const stageColumns = {
  id: stages.id,
  pipeline_id: stages.pipeline_id,
  name: stages.name,
  kind: stages.kind,
  probability: stages.probability,
  position: stages.position,
};

/** A pipeline's id and kind, or undefined when the organisation has no such pipeline. */
export async function pipelineKindOf(tx: Tx, params: { orgId: string; id: string }) {
  const [row] = await tx
    .select({ id: pipelines.id, kind: pipelines.kind })
    .from(pipelines)
    .where(and(eq(pipelines.org_id, params.orgId), eq(pipelines.id, params.id)));
  return row as { id: string; kind: PipelineKind } | undefined;
}

/** The organisation's default pipeline of `kind` (every organisation gets one of each), or undefined. */
export async function defaultPipelineId(tx: Tx, params: { orgId: string; kind: PipelineKind }) {
  const [row] = await tx
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(and(eq(pipelines.org_id, params.orgId), eq(pipelines.kind, params.kind), eq(pipelines.is_default, true)));
  return row?.id;
}

/** A stage of the organisation with its pipeline's kind, or undefined. */
export async function stageWithPipelineKind(tx: Tx, params: { orgId: string; id: string }) {
  const [row] = await tx
    .select({ ...stageColumns, pipeline_kind: pipelines.kind })
    .from(stages)
    .innerJoin(pipelines, and(eq(pipelines.org_id, stages.org_id), eq(pipelines.id, stages.pipeline_id)))
    .where(and(eq(stages.org_id, params.orgId), eq(stages.id, params.id)));
  return row as (StageInfo & { pipeline_kind: PipelineKind }) | undefined;
}

/** The stages of a pipeline in board order (position, id). */
export async function stagesOf(tx: Tx, params: { orgId: string; pipelineId: string }): Promise<StageInfo[]> {
  return (await tx
    .select(stageColumns)
    .from(stages)
    .where(and(eq(stages.org_id, params.orgId), eq(stages.pipeline_id, params.pipelineId)))
    .orderBy(asc(stages.position), asc(stages.id))) as StageInfo[];
}

/** The stages with these ids (any pipeline of the organisation), keyed by id. */
export async function stagesById(tx: Tx, params: { orgId: string; ids: string[] }): Promise<Map<string, StageInfo>> {
  const ids = [...new Set(params.ids)];
  const out = new Map<string, StageInfo>();
  if (!ids.length) return out;
  const rows = await tx
    .select(stageColumns)
    .from(stages)
    .where(and(eq(stages.org_id, params.orgId), anyId(stages.id, ids)));
  for (const r of rows) out.set(r.id, r as StageInfo);
  return out;
}

/** The first stage of `kind` (lowest position) in a pipeline, or null when it has none. */
export async function firstStageOfKind(
  tx: Tx,
  params: { orgId: string; pipelineId: string; kind: StageKind },
): Promise<StageInfo | null> {
  const [row] = await tx
    .select(stageColumns)
    .from(stages)
    .where(
      and(eq(stages.org_id, params.orgId), eq(stages.pipeline_id, params.pipelineId), eq(stages.kind, params.kind)),
    )
    .orderBy(asc(stages.position), asc(stages.id))
    .limit(1);
  return (row as StageInfo | undefined) ?? null;
}
