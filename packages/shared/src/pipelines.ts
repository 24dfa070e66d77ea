/**
 * Pipelines and their stages (DESIGN §2 "Pipelines & stages"): several pipelines per kind (`leads`
 * boards leads, `deals` boards deals), exactly one default per kind. A stage has a position, a colour,
 * a probability 0–100 (a deal's or lead's probability unless the record overrides it) and a kind
 * (`open`, `won`, `lost`: a record in a won stage is won, in a lost stage lost).
 *
 * Rules every pipeline keeps (422 otherwise): at least one open stage, exactly one won stage and at
 * least one lost stage; stage names are unique within a pipeline, case-insensitively (409). Only
 * managers and above change pipelines; every member reads them.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { TagColor } from './tags.js';

export const PIPELINE_KINDS = ['leads', 'deals'] as const;
/** What a pipeline boards: `leads` or `deals`. */
export const PipelineKind = z.enum(PIPELINE_KINDS);
export type PipelineKind = z.infer<typeof PipelineKind>;

export const PIPELINE_STAGE_KINDS = ['open', 'won', 'lost'] as const;
/** `open` (in progress), `won` or `lost`: a record's status follows the kind of its stage. */
export const StageKind = z.enum(PIPELINE_STAGE_KINDS);
export type StageKind = z.infer<typeof StageKind>;

/** Most stages one pipeline may have. */
export const MAX_STAGES = 50;
/** Most pipelines one organisation may have (both kinds together). */
export const MAX_PIPELINES = 100;

export const PipelineName = z.string().trim().min(1, { error: 'is required' }).max(80);
export const StageName = z.string().trim().min(1, { error: 'is required' }).max(50);
/** Stage colour: a CSS hex colour `#rrggbb` (lower-cased), like a tag's. */
export const StageColor = TagColor;
/** A probability in percent, 0–100. */
export const Probability = z
  .number({ error: 'must be a whole number from 0 to 100' })
  .int({ error: 'must be a whole number from 0 to 100' })
  .min(0, { error: 'must be at least 0' })
  .max(100, { error: 'must be at most 100' });

/**
 * A stage as returned by the API. `position` is its 0-based place in the pipeline; `record_count`
 * the number of live (not deleted) leads or deals in it, whatever their status and owner.
 */
export const Stage = z.object({
  id: Id,
  pipeline_id: Id,
  name: z.string(),
  position: z.number().int(),
  color: z.string(),
  probability: z.number().int(),
  kind: StageKind,
  record_count: z.number().int(),
  version: z.number().int(),
});
export type Stage = z.infer<typeof Stage>;

/** A pipeline with its stages in board order (`position`). */
export const Pipeline = z.object({
  id: Id,
  kind: PipelineKind,
  name: z.string(),
  is_default: z.boolean(),
  stages: z.array(Stage),
  created_at: Timestamp,
  updated_at: Timestamp,
  version: z.number().int(),
});
export type Pipeline = z.infer<typeof Pipeline>;

/** `GET /api/v1/pipelines`: every pipeline (of `kind` when given), defaults first, then by creation. */
export const PipelineListQuery = z.strictObject({ kind: PipelineKind.optional() });
export const PipelineList = z.object({ data: z.array(Pipeline) });
export type PipelineList = z.infer<typeof PipelineList>;

/** A stage to create: `color` defaults to grey (#868e96). */
export const StageInput = z.strictObject({
  name: StageName,
  color: StageColor.optional(),
  probability: Probability,
  kind: StageKind,
});
export type StageInput = z.infer<typeof StageInput>;

/**
 * `POST /api/v1/pipelines` (manager+): a pipeline with its stages in order. `is_default: true` makes
 * it the default of its kind (the previous default stops being one).
 */
export const CreatePipelineBody = z.strictObject({
  kind: PipelineKind,
  name: PipelineName,
  is_default: z.boolean().default(false),
  stages: z.array(StageInput).min(1).max(MAX_STAGES),
});
export type CreatePipelineBody = z.infer<typeof CreatePipelineBody>;

/**
 * `PATCH /api/v1/pipelines/{id}` (manager+; `If-Match` honoured): rename, or make it the default
 * of its kind (`is_default: false` on the default → 422: make another pipeline the default instead).
 */
export const UpdatePipelineBody = z.strictObject({
  name: PipelineName.optional(),
  is_default: z.boolean().optional(),
});
export type UpdatePipelineBody = z.infer<typeof UpdatePipelineBody>;

/**
 * `POST /api/v1/pipelines/{id}/stages` (manager+): a new stage at 0-based `position` (the stages
 * from there move down one), at the end when omitted.
 */
export const CreateStageBody = StageInput.extend({
  position: z.number().int().min(0).max(MAX_STAGES).optional(),
});
export type CreateStageBody = z.infer<typeof CreateStageBody>;

/**
 * `PATCH /api/v1/pipelines/{id}/stages/{stage_id}` (manager+; `If-Match` = the stage's version).
 * Changing the `kind` of a stage that holds records → 409 (their status follows the stage's kind).
 */
export const UpdateStageBody = z.strictObject({
  name: StageName.optional(),
  color: StageColor.optional(),
  probability: Probability.optional(),
  kind: StageKind.optional(),
});
export type UpdateStageBody = z.infer<typeof UpdateStageBody>;

/**
 * `PUT /api/v1/pipelines/{id}/stages/order` (manager+; `If-Match` = the pipeline's version): every
 * stage id of the pipeline exactly once, in the new order.
 */
export const ReorderStagesBody = z.strictObject({
  stage_ids: z.array(Id).min(1).max(MAX_STAGES),
});
export type ReorderStagesBody = z.infer<typeof ReorderStagesBody>;

/** Path of a route addressing one stage of one pipeline. */
export const StageParams = z.strictObject({ id: Id, stage_id: Id });

/**
 * `DELETE /api/v1/pipelines/{id}/stages/{stage_id}?move_to=`: a stage holding records (live or in
 * the recycle bin) is deleted only when `move_to` names another stage of the same pipeline and of the
 * same kind; its records move there (appended at the bottom of that column, order kept).
 */
export const DeleteStageQuery = z.strictObject({ move_to: Id.optional() });
