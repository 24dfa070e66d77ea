/**
 * `/api/v1/segments` (issue 7): saved, dynamic groups of contacts, companies, leads or deals defined
 * by nested AND/OR criteria, a live preview of unsaved criteria, and the field catalogue the builder
 * offers. Lists of the four record types accept `segment_id` (records/filters.ts). Times UTC (ISO
 * 8601); money in integer minor units. Other organisations' ids → 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateSegmentBody,
  IdParams,
  NoContent,
  Page,
  Segment,
  SegmentFields,
  SegmentFieldsQuery,
  SegmentGetQuery,
  SegmentListQuery,
  SegmentPreview,
  SegmentPreviewBody,
  UpdateSegmentBody,
  type SegmentCriteria,
} from '@relata/shared';
import { sendPlainJson } from '../../lib/serialize.js';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { previewSegment, segmentFields } from './segments.preview.js';
import {
  createSegment,
  deleteSegment,
  duplicateSegment,
  getSegment,
  listSegments,
  updateSegment,
} from './segments.service.js';

const org = { level: 'org' } as const;
const CRITERIA_DOC =
  'Criteria: `{ match: "and"|"or", conditions: [{ field, operator, value }], groups: [ …same… ], time_zone? }`. Fields: `GET /segments/fields?entity=` (fixed fields, `cf.<key>` custom fields, related: `company.*`, `open_deal_stage`, `deal_amount`, `last_activity_at`). Operators by field type (equals, not_equals, in, not_in, contains, starts_with, ends_with, is_empty, is_not_empty, gte, lte, between, before, after, last_n_days, next_n_days, more_than_n_days_ago); not_equals / not_in / is_empty also match records without a value. Values: strings, numbers (money in minor units), `YYYY-MM-DD` dates (day boundaries in `time_zone`, default UTC) or ISO 8601 times, UUIDs (`me` for owner), `[from, to]` for between, a list (≤ 1,000) for in / not_in, a whole number of days 1–36,500. Bounds: nesting ≤ 5 levels, ≤ 50 conditions, ≤ 50 groups → 400 with the path (e.g. `body.criteria.groups.0.conditions.3.value`).';

export const segmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['segments'];

  /** `GET /segments`: the organisation's segments by name. */
  app.get(
    '/api/v1/segments',
    {
      schema: {
        tags,
        summary: 'List segments (by name, keyset pages)',
        description:
          '`entity` filters by record type. Cached counts are shown to callers who see every record (others read a count on `GET /segments/{id}`).',
        querystring: SegmentListQuery,
        response: { 200: Page(Segment) },
      },
      config: { access: org },
    },
    async (req) => listSegments(req.tx, { actor: await recordActor(req), ...req.query }),
  );

  /** `GET /segments/fields`: what conditions of an entity may name. */
  app.get(
    '/api/v1/segments/fields',
    {
      schema: {
        tags,
        summary: 'Fields a segment of an entity may filter on, with their types',
        querystring: SegmentFieldsQuery,
        response: { 200: SegmentFields },
      },
      config: { access: org },
    },
    async (req) => ({
      entity: req.query.entity,
      fields: await segmentFields(req.tx, { actor: await recordActor(req), entity: req.query.entity }),
    }),
  );

  /** `POST /segments/preview`: count and first records of unsaved criteria (read-only). */
  app.post(
    '/api/v1/segments/preview',
    {
      schema: {
        tags,
        summary:
          'Preview unsaved criteria: count (exact up to 1,000, or 10,000 with exact_count) and the first records',
        description: `Records are the live ones the caller may see, newest update first, in their entity's list shape. ${CRITERIA_DOC}`,
        body: SegmentPreviewBody,
        response: { 200: SegmentPreview },
      },
      config: { access: { level: 'org', minRole: 'viewer', scope: 'read' } },
    },
    async (req, reply) => {
      sendPlainJson(reply);
      return previewSegment(req.tx, {
        actor: await recordActor(req),
        entity: req.body.entity,
        criteria: req.body.criteria as SegmentCriteria,
        limit: req.body.limit,
        exactCount: req.body.exact_count,
      });
    },
  );

  /** `POST /segments`: saves a segment (201 + ETag). */
  app.post(
    '/api/v1/segments',
    {
      schema: {
        tags,
        summary: 'Save a segment',
        description: `The criteria are checked now and evaluated whenever the segment is used. ${CRITERIA_DOC}`,
        body: CreateSegmentBody,
        response: { 201: Segment },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const segment = await createSegment(req.tx, { actor: await recordActor(req), body: req.body });
      reply.status(201);
      setEtag(reply, segment.version);
      return segment;
    },
  );

  /** `GET /segments/{id}`: the segment with its count. */
  app.get(
    '/api/v1/segments/:id',
    {
      schema: {
        tags,
        summary: 'A segment with its count',
        description:
          'The cached count is refreshed when older than 10 minutes, or now with `refresh=true`. A member under the private visibility rule always gets a fresh count of the records they may see.',
        params: IdParams,
        querystring: SegmentGetQuery,
        response: { 200: Segment },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const segment = await getSegment(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        refresh: req.query.refresh === 'true',
      });
      setEtag(reply, segment.version);
      return segment;
    },
  );

  /** `PATCH /segments/{id}`. */
  app.patch(
    '/api/v1/segments/:id',
    {
      schema: {
        tags,
        summary: 'Change a segment (`If-Match` → 412 when stale)',
        description: `Its creator or a manager, admin or owner (others → 403). New criteria are recounted. ${CRITERIA_DOC}`,
        params: IdParams,
        body: UpdateSegmentBody,
        response: { 200: Segment },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const segment = await updateSegment(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, segment.version);
      return segment;
    },
  );

  /** `DELETE /segments/{id}`. */
  app.delete(
    '/api/v1/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment',
        description:
          'Its creator or a manager, admin or owner (others → 403). Saved views using it keep their other settings.',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteSegment(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  /** `POST /segments/{id}/duplicate`. */
  app.post(
    '/api/v1/segments/:id/duplicate',
    {
      schema: {
        tags,
        summary: 'Duplicate a segment ("<name> (copy)", created by the caller)',
        params: IdParams,
        response: { 201: Segment },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const segment = await duplicateSegment(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(201);
      setEtag(reply, segment.version);
      return segment;
    },
  );
};
