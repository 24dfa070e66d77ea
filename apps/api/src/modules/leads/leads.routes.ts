/**
 * `/api/v1/leads`: leads with their contacts, board moves, assignment, conversion, lose / reopen,
 * recycle bin, bulk actions, counts and statistics. Money in integer minor units + ISO 4217; times
 * in UTC. Other organisations' ids — and, under the private rule, other members' leads — answer 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AddLeadContactBody,
  AssignLeadBody,
  BulkBody,
  BulkResult,
  ConvertLeadBody,
  ConvertLeadResult,
  CreateLeadBody,
  IdParams,
  Lead,
  LeadContactParams,
  LeadFilter,
  LeadListQuery,
  LeadStats,
  LoseLeadBody,
  MoveLeadBody,
  NoContent,
  Page,
  RecordCount,
  RecycleBinQuery,
  UpdateLeadBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { convertLead } from './leads.convert.js';
import { bulkLeads, countLeads, leadRecycleBin, leadStats, listLeads } from './leads.list.js';
import {
  addLeadContact,
  assignLead,
  createLead,
  deleteLead,
  getLead,
  loseLead,
  makePrimaryLeadContact,
  moveLead,
  removeLeadContact,
  reopenLead,
  restoreLead,
  updateLead,
} from './leads.service.js';

const org = { level: 'org' } as const;

/** Registers the lead routes (thin: validation by the shared contracts, rules in the services). */
export const leadRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['leads'];

  app.get(
    '/api/v1/leads',
    {
      schema: {
        tags,
        summary: 'List leads: filters, text search, sort, keyset pages',
        description:
          '`q` matches title, company name, email, tax id and phones (any format). Filters: owner_id (id, `me`, `none`), tag_id, pipeline_id, stage_id, status, priority, rating, source, segment, created/updated ranges, `cf.*`. `sort`: title, score, created_at, updated_at, next_follow_up_at or cf.<key>; `-` for descending. Counts come from `/count`. Members under the private rule see their own and unassigned leads.',
        querystring: LeadListQuery,
        response: { 200: Page(Lead) },
      },
      config: { access: org },
    },
    async (req) => listLeads(req.tx, { actor: await recordActor(req), query: req.query }),
  );

  app.post(
    '/api/v1/leads',
    {
      schema: {
        tags,
        summary: 'Create a lead',
        description:
          "Placed in `stage_id` (an open stage) / `pipeline_id` (default: the default lead pipeline's first open stage) at the top of the board column, with its first stage-history row. `phones`: an array or one comma-separated string, each normalised to E.164 with the organisation region (400 naming `body.phones.<i>`). `expected_revenue` in integer minor units + ISO 4217. `external_id` unique per organisation (409 with `details.existing_id`). A stage of another pipeline → 422; another organisation's pipeline, stage or contact → 404. The owner defaults to the caller; members may only pick themselves or nobody (403).",
        body: CreateLeadBody,
        response: { 201: Lead },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const lead = await createLead(req.tx, { actor: await recordActor(req), body: req.body });
      reply.status(201);
      setEtag(reply, lead.version);
      return lead;
    },
  );

  app.get(
    '/api/v1/leads/count',
    {
      schema: {
        tags,
        summary: 'How many leads match the list filters, exact up to 10,000 (`total_capped` beyond)',
        querystring: LeadFilter,
        response: { 200: RecordCount },
      },
      config: { access: org },
    },
    async (req) => countLeads(req.tx, { actor: await recordActor(req), filter: req.query }),
  );

  app.get(
    '/api/v1/leads/stats',
    {
      schema: {
        tags,
        summary: 'Statistics cards: total, new in the last 7 days, qualified, unassigned',
        description:
          'Over the live leads the caller sees that match the list filters. `new_this_week`: created in the last 7 × 24 h (UTC); `qualified`: converted or in a won stage.',
        querystring: LeadFilter,
        response: { 200: LeadStats },
      },
      config: { access: org },
    },
    async (req) => leadStats(req.tx, { actor: await recordActor(req), filter: req.query }),
  );

  app.get(
    '/api/v1/leads/deleted',
    {
      schema: {
        tags,
        summary: 'The recycle bin: leads deleted in the last 30 days, most recent first',
        querystring: RecycleBinQuery,
        response: { 200: Page(Lead) },
      },
      config: { access: org },
    },
    async (req) => leadRecycleBin(req.tx, { actor: await recordActor(req), ...req.query }),
  );

  app.post(
    '/api/v1/leads/bulk',
    {
      schema: {
        tags,
        summary: 'One action on many leads, in one transaction, with a result per lead',
        description: '`assign_owner` needs the manager role (members take leads one at a time with `/assign`).',
        body: BulkBody(LeadFilter),
        response: { 200: BulkResult },
      },
      config: { access: org },
    },
    async (req) => bulkLeads(req.tx, { actor: await recordActor(req), input: req.body }),
  );

  app.get(
    '/api/v1/leads/:id',
    {
      schema: { tags, summary: 'A lead', params: IdParams, response: { 200: Lead } },
      config: { access: org },
    },
    async (req, reply) => {
      const lead = await getLead(req.tx, { actor: await recordActor(req), id: req.params.id });
      setEtag(reply, lead.version);
      return lead;
    },
  );

  app.patch(
    '/api/v1/leads/:id',
    {
      schema: {
        tags,
        summary: 'Change a lead (`If-Match` → 412 when stale)',
        description:
          '`tag_ids` and `contact_ids` replace their sets; `custom_fields` merges (null removes); `pipeline_id` / `stage_id` move an open lead to the top of that column (history written; won / lost stages → 422). Members may only take unassigned leads or unassign their own (403).',
        params: IdParams,
        body: UpdateLeadBody,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const lead = await updateLead(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, lead.version);
      return lead;
    },
  );

  app.delete(
    '/api/v1/leads/:id',
    {
      schema: {
        tags,
        summary: 'Move a lead to the recycle bin (restorable for 30 days)',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteLead(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  app.post(
    '/api/v1/leads/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a lead from the recycle bin',
        params: IdParams,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) => restoreLead(req.tx, { actor: await recordActor(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/leads/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign a lead: `me`, `none` or a membership id',
        description:
          'Managers and above assign to anyone. A member may take an unassigned lead (`me`) or unassign their own; anything else → 403. An unknown member → 404.',
        params: IdParams,
        body: AssignLeadBody,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) => assignLead(req.tx, { actor: await recordActor(req), id: req.params.id, to: req.body.to }),
  );

  app.post(
    '/api/v1/leads/:id/move',
    {
      schema: {
        tags,
        summary: 'Board drag: move a lead to a stage of its pipeline, before / after another card',
        description:
          'Within the same stage only the order changes. A new stage writes stage history and restarts days-in-stage. A won stage → 422 (convert the lead to qualify it); a lost stage → 422 (use `/lose`); a stage of another pipeline → 422; a lost or converted lead cannot change stage (422).',
        params: IdParams,
        body: MoveLeadBody,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) =>
      moveLead(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        stageId: req.body.stage_id,
        beforeId: req.body.before_id ?? null,
        afterId: req.body.after_id ?? null,
      }),
  );

  app.post(
    '/api/v1/leads/:id/convert',
    {
      schema: {
        tags,
        summary: 'Qualify a lead: link or create its company, link its contacts, optionally create a deal',
        description:
          "One transaction. `company`: `{ id }`, `{ create: { name?, domain? } }`, or omitted → a live company matching the email's domain (free-mail domains ignored) or the company name (case-insensitive), else a new one. `contact_ids`: which of the lead's contacts to link (default all; they get the company when they have none). `deal: { create: true, pipeline_id?, name?, amount?, expected_close_date? }` creates a deal (amount in minor units + ISO 4217, default the expected revenue). The lead becomes `converted` in its pipeline's won stage. Already converted → 409; lost → 422 (reopen first).",
        params: IdParams,
        body: ConvertLeadBody,
        response: { 200: ConvertLeadResult },
      },
      config: { access: org },
    },
    async (req) => convertLead(req.tx, { actor: await recordActor(req), id: req.params.id, body: req.body }),
  );

  app.post(
    '/api/v1/leads/:id/lose',
    {
      schema: {
        tags,
        summary: 'Mark a lead lost with a reason (moved to its pipeline’s lost stage)',
        description: 'Already lost → 409; converted → 422.',
        params: IdParams,
        body: LoseLeadBody,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) => loseLead(req.tx, { actor: await recordActor(req), id: req.params.id, reason: req.body.reason }),
  );

  app.post(
    '/api/v1/leads/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a lost lead in its pipeline’s first open stage (lost reason cleared)',
        description: 'An open or converted lead → 409.',
        params: IdParams,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) => reopenLead(req.tx, { actor: await recordActor(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/leads/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Link a contact to a lead (a decision maker)',
        description:
          'The contact becomes the primary one when `is_primary` is true or the lead has none yet (the previous primary is unset in the same transaction). A contact the caller cannot see → 404.',
        params: IdParams,
        body: AddLeadContactBody,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) =>
      addLeadContact(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        contactId: req.body.contact_id,
        isPrimary: req.body.is_primary,
      }),
  );

  app.delete(
    '/api/v1/leads/:id/contacts/:contact_id',
    {
      schema: {
        tags,
        summary: 'Unlink a contact from a lead (404 when not linked)',
        params: LeadContactParams,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) =>
      removeLeadContact(req.tx, { actor: await recordActor(req), id: req.params.id, contactId: req.params.contact_id }),
  );

  app.post(
    '/api/v1/leads/:id/contacts/:contact_id/primary',
    {
      schema: {
        tags,
        summary: "Make a linked contact the lead's primary contact (the previous one is unset)",
        params: LeadContactParams,
        response: { 200: Lead },
      },
      config: { access: org },
    },
    async (req) =>
      makePrimaryLeadContact(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        contactId: req.params.contact_id,
      }),
  );
};
