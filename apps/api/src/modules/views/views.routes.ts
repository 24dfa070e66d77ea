/**
 * `/api/v1/views` (issue 7): saved list views — filters or a segment, columns, sort, list or board —
 * private to their owner or shared with the organisation, and a default view per entity per member.
 * A custom field removed since a view was saved is dropped from it on read with a `notices` entry.
 * Other organisations' ids and other members' private views → 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateViewBody,
  IdParams,
  NoContent,
  SavedView,
  UpdateViewBody,
  ViewList,
  ViewListQuery,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { createView, deleteView, getView, listViews, setDefaultView, updateView } from './views.service.js';

const org = { level: 'org' } as const;
const RULES =
  "A shared view is changed or deleted by its owner or an admin/owner (others → 403); a private view is its owner's alone. `filters` are the list's query parameters (checked against the entity's list filters → 400 `body.filters.<key>`); `segment_id` a segment of the same entity (404 unknown, 400 another entity); custom fields in filters, columns and sort must be active.";

export const viewRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['views'];

  /** `GET /views?entity=`. */
  app.get(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: "The caller's views and the organisation's shared views of an entity, by name",
        querystring: ViewListQuery,
        response: { 200: ViewList },
      },
      config: { access: org },
    },
    async (req) => ({ data: await listViews(req.tx, { actor: await recordActor(req), entity: req.query.entity }) }),
  );

  /** `POST /views` (201 + ETag). */
  app.post(
    '/api/v1/views',
    {
      schema: { tags, summary: 'Save a view', description: RULES, body: CreateViewBody, response: { 201: SavedView } },
      config: { access: org },
    },
    async (req, reply) => {
      const view = await createView(req.tx, { actor: await recordActor(req), body: req.body });
      reply.status(201);
      setEtag(reply, view.version);
      return view;
    },
  );

  /** `GET /views/{id}`. */
  app.get(
    '/api/v1/views/:id',
    {
      schema: { tags, summary: 'A view', params: IdParams, response: { 200: SavedView } },
      config: { access: org },
    },
    async (req, reply) => {
      const view = await getView(req.tx, { actor: await recordActor(req), id: req.params.id });
      setEtag(reply, view.version);
      return view;
    },
  );

  /** `PATCH /views/{id}`. */
  app.patch(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: 'Change a view (`If-Match` → 412 when stale)',
        description: RULES,
        params: IdParams,
        body: UpdateViewBody,
        response: { 200: SavedView },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const view = await updateView(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, view.version);
      return view;
    },
  );

  /** `DELETE /views/{id}`. */
  app.delete(
    '/api/v1/views/:id',
    {
      schema: { tags, summary: 'Delete a view', description: RULES, params: IdParams, response: { 204: NoContent } },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteView(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  /** `PUT /views/{id}/default`: the caller's default view of its entity (viewers too: it is their own setting). */
  app.put(
    '/api/v1/views/:id/default',
    {
      schema: {
        tags,
        summary: 'Make a view your default for its entity',
        params: IdParams,
        response: { 200: SavedView },
      },
      config: { access: { level: 'org', minRole: 'viewer' } },
    },
    async (req) => setDefaultView(req.tx, { actor: await recordActor(req), id: req.params.id, on: true }),
  );

  /** `DELETE /views/{id}/default`. */
  app.delete(
    '/api/v1/views/:id/default',
    {
      schema: { tags, summary: 'Stop using a view as your default', params: IdParams, response: { 200: SavedView } },
      config: { access: { level: 'org', minRole: 'viewer' } },
    },
    async (req) => setDefaultView(req.tx, { actor: await recordActor(req), id: req.params.id, on: false }),
  );
};
