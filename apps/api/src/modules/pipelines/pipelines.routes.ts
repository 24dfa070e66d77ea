/**
 * `/api/v1/pipelines`: pipelines and their stages (everyone in the organisation reads; managers and
 * above change them), and — registered from here so `app.ts` lists one sales-structure plugin —
 * the Kanban boards under `/api/v1/boards`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreatePipelineBody,
  CreateStageBody,
  DeleteStageQuery,
  IdParams,
  NoContent,
  Pipeline,
  PipelineList,
  PipelineListQuery,
  ReorderStagesBody,
  Stage,
  StageParams,
  UpdatePipelineBody,
  UpdateStageBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { boardRoutes } from '../boards/boards.routes.js';
import {
  addStage,
  createPipeline,
  deletePipeline,
  deleteStage,
  getPipeline,
  listPipelines,
  reorderStages,
  updatePipeline,
  updateStage,
} from './pipelines.service.js';

const readers = { level: 'org' } as const;
const managers = { level: 'org', minRole: 'manager' } as const;

/**
 * Pipeline and stage routes (reads: any member; writes: manager+, 404 for other organisations' ids),
 * plus the board routes. Errors per route in its OpenAPI description.
 */
export const pipelineRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['pipelines'];

  app.get(
    '/api/v1/pipelines',
    {
      schema: {
        tags,
        summary: 'List pipelines with their stages (of one kind with `kind=leads|deals`)',
        description:
          'Defaults first within a kind. Each stage carries `record_count`: its live leads or deals, whatever their status and owner.',
        querystring: PipelineListQuery,
        response: { 200: PipelineList },
      },
      config: { access: readers },
    },
    async (req) => listPipelines(req.tx, { orgId: req.org.orgId, kind: req.query.kind }),
  );

  app.post(
    '/api/v1/pipelines',
    {
      schema: {
        tags,
        summary: 'Create a pipeline with its stages (manager)',
        description:
          'Stages in board order; the pipeline needs at least one open, exactly one won and at least one lost stage (422). Names: pipeline unique per kind, stages unique within the pipeline (409). `is_default: true` (or being the first of its kind) makes it the default of its kind.',
        body: CreatePipelineBody,
        response: { 201: Pipeline },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      const pipeline = await createPipeline(req.tx, { orgId: req.org.orgId, body: req.body });
      reply.status(201);
      setEtag(reply, pipeline.version);
      return pipeline;
    },
  );

  app.get(
    '/api/v1/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'A pipeline with its stages',
        params: IdParams,
        response: { 200: Pipeline },
      },
      config: { access: readers },
    },
    async (req, reply) => {
      const pipeline = await getPipeline(req.tx, { orgId: req.org.orgId, id: req.params.id });
      setEtag(reply, pipeline.version);
      return pipeline;
    },
  );

  app.patch(
    '/api/v1/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Rename a pipeline or make it the default of its kind (manager; `If-Match` → 412 when stale)',
        description:
          'Making a pipeline the default unsets the previous default of its kind in the same transaction; `is_default: false` on the default → 422.',
        params: IdParams,
        body: UpdatePipelineBody,
        response: { 200: Pipeline },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      const pipeline = await updatePipeline(req.tx, {
        orgId: req.org.orgId,
        id: req.params.id,
        name: req.body.name,
        isDefault: req.body.is_default,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, pipeline.version);
      return pipeline;
    },
  );

  app.delete(
    '/api/v1/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Delete a pipeline and its stages (manager)',
        description:
          '409 while it holds any lead or deal, live or in the recycle bin; 422 for the default pipeline of its kind.',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      await deletePipeline(req.tx, { orgId: req.org.orgId, id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  app.post(
    '/api/v1/pipelines/:id/stages',
    {
      schema: {
        tags,
        summary: 'Add a stage (manager)',
        description:
          'At 0-based `position` (the end when omitted); 409 for a name the pipeline already has; 422 when the pipeline would break its rules (e.g. a second won stage).',
        params: IdParams,
        body: CreateStageBody,
        response: { 201: Stage },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      const stage = await addStage(req.tx, { orgId: req.org.orgId, pipelineId: req.params.id, body: req.body });
      reply.status(201);
      setEtag(reply, stage.version);
      return stage;
    },
  );

  app.put(
    '/api/v1/pipelines/:id/stages/order',
    {
      schema: {
        tags,
        summary: "Reorder the pipeline's stages in one call (manager; `If-Match` = the pipeline's version)",
        description: '`stage_ids` must list every stage of the pipeline exactly once (400 otherwise).',
        params: IdParams,
        body: ReorderStagesBody,
        response: { 200: Pipeline },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      const pipeline = await reorderStages(req.tx, {
        orgId: req.org.orgId,
        pipelineId: req.params.id,
        stageIds: req.body.stage_ids,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, pipeline.version);
      return pipeline;
    },
  );

  app.patch(
    '/api/v1/pipelines/:id/stages/:stage_id',
    {
      schema: {
        tags,
        summary: "Change a stage's name, colour, probability or kind (manager; `If-Match` = the stage's version)",
        description:
          'Changing the kind of a stage that holds records (live or deleted) → 409; breaking the pipeline rules → 422.',
        params: StageParams,
        body: UpdateStageBody,
        response: { 200: Stage },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      const stage = await updateStage(req.tx, {
        orgId: req.org.orgId,
        pipelineId: req.params.id,
        stageId: req.params.stage_id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, stage.version);
      return stage;
    },
  );

  app.delete(
    '/api/v1/pipelines/:id/stages/:stage_id',
    {
      schema: {
        tags,
        summary: 'Delete a stage, moving its records to `move_to` (manager)',
        description:
          'A stage holding records (live or in the recycle bin) → 409 with `details.records` unless `move_to` names another stage of the same pipeline and kind (422 otherwise). Moved records go to the bottom of that column in their order, with `stage_entered_at` reset and a stage-history entry each. Deleting the last open or the won stage → 422.',
        params: StageParams,
        querystring: DeleteStageQuery,
        response: { 204: NoContent },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      await deleteStage(req.tx, {
        orgId: req.org.orgId,
        pipelineId: req.params.id,
        stageId: req.params.stage_id,
        moveTo: req.query.move_to,
        userId: req.org.userId,
      });
      reply.status(204);
      return null;
    },
  );

  await app.register(boardRoutes);
};
