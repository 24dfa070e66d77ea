/** `/api/v1/tags`: labels on records; rename, recolour, merge and delete (members and above). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateTagBody,
  IdParams,
  MergeTagBody,
  NoContent,
  Page,
  Tag,
  TagListQuery,
  UpdateTagBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { createTag, deleteTag, getTag, listTags, mergeTag, updateTag } from './tags.service.js';

export const tagRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['tags'];

  app.get(
    '/api/v1/tags',
    {
      schema: {
        tags,
        summary: 'Tags by name, each with the number of live companies and contacts using it',
        querystring: TagListQuery,
        response: { 200: Page(Tag) },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => listTags(req.tx, { orgId: req.org.orgId, ...req.query }),
  );

  app.post(
    '/api/v1/tags',
    {
      schema: {
        tags,
        summary: 'Create a tag (a name already used, case-insensitively → 409)',
        body: CreateTagBody,
        response: { 201: Tag },
      },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      reply.status(201);
      return createTag(req.tx, { orgId: req.org.orgId, ...req.body });
    },
  );

  app.get(
    '/api/v1/tags/:id',
    {
      schema: { tags, summary: 'A tag with its usage counts', params: IdParams, response: { 200: Tag } },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      const tag = await getTag(req.tx, { orgId: req.org.orgId, id: req.params.id });
      setEtag(reply, tag.version);
      return tag;
    },
  );

  app.patch(
    '/api/v1/tags/:id',
    {
      schema: {
        tags,
        summary: 'Rename or recolour a tag (`If-Match` → 412 when stale)',
        params: IdParams,
        body: UpdateTagBody,
        response: { 200: Tag },
      },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      const tag = await updateTag(req.tx, {
        orgId: req.org.orgId,
        id: req.params.id,
        ...req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, tag.version);
      return tag;
    },
  );

  app.delete(
    '/api/v1/tags/:id',
    {
      schema: {
        tags,
        summary: 'Delete a tag and remove it from every record',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      await deleteTag(req.tx, { orgId: req.org.orgId, id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  app.post(
    '/api/v1/tags/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge this tag into another: its records get the other tag, then this tag is deleted',
        params: IdParams,
        body: MergeTagBody,
        response: { 200: Tag },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => mergeTag(req.tx, { orgId: req.org.orgId, id: req.params.id, intoId: req.body.into_id }),
  );
};
