/**
 * `/api/v1/deals`: deals (opportunities) with board moves, status transitions, recycle bin and bulk
 * actions. Money in integer minor units + ISO 4217 currency; times UTC (ISO 8601); dates
 * `YYYY-MM-DD`. Deals of other organisations — and, under the private rule, other members' deals —
 * answer 404. Writes honour `If-Match` (412 when stale) and return the deal's `ETag`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  BulkBody,
  BulkResult,
  CreateDealBody,
  Deal,
  DealFilter,
  DealListQuery,
  IdParams,
  LoseDealBody,
  MoveDealBody,
  NoContent,
  Page,
  RecordCount,
  RecycleBinQuery,
  UpdateDealBody,
  WinDealBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { bulkDeals, countDeals, dealRecycleBin, listDeals } from './deals.list.js';
import { createDeal, deleteDeal, getDeal, restoreDeal, updateDeal } from './deals.service.js';
import { abandonDeal, loseDeal, moveDeal, reopenDeal, winDeal } from './deals.transitions.js';

const org = { level: 'org' } as const;

export const dealRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['deals'];

  /** `GET /deals`: a keyset page of deals matching the filters. */
  app.get(
    '/api/v1/deals',
    {
      schema: {
        tags,
        summary: 'List deals: filters, name search, sort, keyset pages',
        description:
          '`q` matches the name. Filters: owner, tag, pipeline, stage, status, company, contact, type, priority, currency, amount range (minor units), expected close range, created/updated ranges, `cf.*`. `sort`: name, amount, expected_close_date, created_at, updated_at or cf.<key>; `-` for descending. Counts come from `/count`.',
        querystring: DealListQuery,
        response: { 200: Page(Deal) },
      },
      config: { access: org },
    },
    async (req) => listDeals(req.tx, { actor: await recordActor(req), query: req.query }),
  );

  /** `POST /deals`: creates a deal (201 + ETag). */
  app.post(
    '/api/v1/deals',
    {
      schema: {
        tags,
        summary: 'Create a deal',
        description:
          "Defaults: the organisation's default deals pipeline and its first open stage (a stage alone implies its pipeline), amount 0 USD, the caller as owner, the first contact as primary. A stage of another pipeline → 422; another organisation's pipeline, stage, company or contact → 404; amount with a fraction of a minor unit, negative, or an unknown currency → 400. Writes the first stage-history row and places the deal at the top of its column.",
        body: CreateDealBody,
        response: { 201: Deal },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const deal = await createDeal(req.tx, { actor: await recordActor(req), body: req.body });
      reply.status(201);
      setEtag(reply, deal.version);
      return deal;
    },
  );

  /** `GET /deals/count`: the capped count of the list filters. */
  app.get(
    '/api/v1/deals/count',
    {
      schema: {
        tags,
        summary: 'How many deals match the list filters, exact up to 10,000 (`total_capped` beyond)',
        querystring: DealFilter,
        response: { 200: RecordCount },
      },
      config: { access: org },
    },
    async (req) => countDeals(req.tx, { actor: await recordActor(req), filter: req.query }),
  );

  /** `GET /deals/deleted`: the recycle bin. */
  app.get(
    '/api/v1/deals/deleted',
    {
      schema: {
        tags,
        summary: 'The recycle bin: deals deleted in the last 30 days, most recent first',
        querystring: RecycleBinQuery,
        response: { 200: Page(Deal) },
      },
      config: { access: org },
    },
    async (req) => dealRecycleBin(req.tx, { actor: await recordActor(req), ...req.query }),
  );

  /** `POST /deals/bulk`: one action on many deals. */
  app.post(
    '/api/v1/deals/bulk',
    {
      schema: {
        tags,
        summary: 'One action on many deals, in one transaction, with a result per deal',
        description: 'assign_owner, add_tags, remove_tags, delete, restore — on `ids` or on the list `filter`.',
        body: BulkBody(DealFilter),
        response: { 200: BulkResult },
      },
      config: { access: org },
    },
    async (req) => bulkDeals(req.tx, { actor: await recordActor(req), input: req.body }),
  );

  /** `GET /deals/{id}`. */
  app.get(
    '/api/v1/deals/:id',
    {
      schema: { tags, summary: 'A deal', params: IdParams, response: { 200: Deal } },
      config: { access: org },
    },
    async (req, reply) => {
      const deal = await getDeal(req.tx, { actor: await recordActor(req), id: req.params.id });
      setEtag(reply, deal.version);
      return deal;
    },
  );

  /** `PATCH /deals/{id}`. */
  app.patch(
    '/api/v1/deals/:id',
    {
      schema: {
        tags,
        summary: 'Change a deal (`If-Match` → 412 when stale)',
        description:
          '`tag_ids` and `contact_ids` replace their sets; `custom_fields` merges (null removes). `stage_id` moves the deal within its pipeline (with `pipeline_id` to another pipeline; `pipeline_id` alone → its first open stage), to the top of the column, the status following the stage kind. `status`, `won_at`, `closed_at` are read-only: use the transitions.',
        params: IdParams,
        body: UpdateDealBody,
        response: { 200: Deal },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const deal = await updateDeal(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, deal.version);
      return deal;
    },
  );

  /** `DELETE /deals/{id}`: soft delete. */
  app.delete(
    '/api/v1/deals/:id',
    {
      schema: {
        tags,
        summary: 'Move a deal to the recycle bin (restorable for 30 days)',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteDeal(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  /** `POST /deals/{id}/restore`. */
  app.post(
    '/api/v1/deals/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a deal from the recycle bin (to the top of its stage column)',
        params: IdParams,
        response: { 200: Deal },
      },
      config: { access: org },
    },
    async (req) => restoreDeal(req.tx, { actor: await recordActor(req), id: req.params.id }),
  );

  /** `POST /deals/{id}/move`: board drag within or across the columns of the deal's pipeline. */
  app.post(
    '/api/v1/deals/:id/move',
    {
      schema: {
        tags,
        summary: "Move a deal on its pipeline's board (`If-Match` honoured)",
        description:
          'To `stage_id` of the same pipeline (another pipeline → 422), before `before_id` or after `after_id` (a deal of that stage) or at the top. The status follows the stage kind: won stage → won (+ won_at, closed_at, optional `won_reason`), lost → lost (+ closed_at, optional `lost_reason`), open → open (clears them). A stage change writes stage history and resets days in stage; a reorder does not.',
        params: IdParams,
        body: MoveDealBody,
        response: { 200: Deal },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const deal = await moveDeal(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, deal.version);
      return deal;
    },
  );

  const transition = (path: string, summary: string, description: string, run: typeof abandonDeal) =>
    app.post(
      `/api/v1/deals/:id/${path}`,
      {
        schema: { tags, summary, description, params: IdParams, response: { 200: Deal } },
        config: { access: org },
      },
      async (req, reply) => {
        const deal = await run(req.tx, {
          actor: await recordActor(req),
          id: req.params.id,
          expectedVersion: expectedVersion(req),
        });
        setEtag(reply, deal.version);
        return deal;
      },
    );

  /** `POST /deals/{id}/won {reason?}`. */
  app.post(
    '/api/v1/deals/:id/won',
    {
      schema: {
        tags,
        summary: 'Mark an open deal won, optionally with a reason (1–500 characters)',
        description:
          "Moves it to the pipeline's won stage: status won, won_at and closed_at now (UTC), won_reason = reason (null without one). The body may be omitted. 422 when already won, when lost or abandoned (reopen first), or when the pipeline has no won stage.",
        params: IdParams,
        body: WinDealBody.nullish(),
        response: { 200: Deal },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const deal = await winDeal(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        reason: req.body?.reason,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, deal.version);
      return deal;
    },
  );

  /** `POST /deals/{id}/lost {reason}`. */
  app.post(
    '/api/v1/deals/:id/lost',
    {
      schema: {
        tags,
        summary: 'Mark an open deal lost, with a reason (1–500 characters)',
        description:
          "Moves it to the pipeline's first lost stage: status lost, closed_at now (UTC), lost_reason. 422 when not open or the pipeline has no lost stage.",
        params: IdParams,
        body: LoseDealBody,
        response: { 200: Deal },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const deal = await loseDeal(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        reason: req.body.reason,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, deal.version);
      return deal;
    },
  );

  /** `POST /deals/{id}/abandon`. */
  transition(
    'abandon',
    'Abandon an open deal',
    'Status abandoned, closed_at now (UTC); the deal stays in its stage. 422 unless open.',
    abandonDeal,
  );

  /** `POST /deals/{id}/reopen`. */
  transition(
    'reopen',
    'Reopen a won, lost or abandoned deal',
    "Status open; clears won_at, closed_at, lost_reason and won_reason. From a won or lost stage the deal moves to the pipeline's last open stage; an abandoned deal stays where it is. 422 when already open.",
    reopenDeal,
  );
};
