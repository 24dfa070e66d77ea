/** `/api/v1/custom-fields`: admin-defined fields per record type (admins edit; everyone reads). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateCustomFieldBody,
  CustomField,
  CustomFieldListQuery,
  IdParams,
  ReorderCustomFieldsBody,
  UpdateCustomFieldBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import {
  createCustomField,
  listCustomFields,
  reorderCustomFields,
  updateCustomField,
} from './custom-fields.service.js';

const admins = { level: 'org', minRole: 'admin', scope: 'admin' } as const;
const FieldList = z.object({ data: z.array(CustomField) });

export const customFieldRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['custom fields'];

  app.get(
    '/api/v1/custom-fields',
    {
      schema: {
        tags,
        summary: 'Custom field definitions by entity and position',
        querystring: CustomFieldListQuery,
        response: { 200: FieldList },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => ({
      data: await listCustomFields(req.tx, {
        orgId: req.org.orgId,
        entity: req.query.entity,
        includeArchived: req.query.include_archived,
      }),
    }),
  );

  app.post(
    '/api/v1/custom-fields',
    {
      schema: {
        tags,
        summary: 'Define a custom field (admin)',
        description: 'A key already used for the entity (even by an archived field) → 409.',
        body: CreateCustomFieldBody,
        response: { 201: CustomField },
      },
      config: { access: admins },
    },
    async (req, reply) => {
      const actor = await recordActor(req);
      reply.status(201);
      return createCustomField(req.tx, { orgId: actor.orgId, region: actor.region, ...req.body });
    },
  );

  app.patch(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Change, archive or restore a custom field (admin)',
        description:
          'A new `type` or new `options` are applied to the values records hold; when some do not convert → 422 and nothing changes. `If-Match` → 412 when stale.',
        params: IdParams,
        body: UpdateCustomFieldBody,
        response: { 200: CustomField },
      },
      config: { access: admins },
    },
    async (req, reply) => {
      const actor = await recordActor(req);
      const field = await updateCustomField(req.tx, {
        orgId: actor.orgId,
        id: req.params.id,
        region: actor.region,
        expectedVersion: expectedVersion(req),
        ...req.body,
      });
      setEtag(reply, field.version);
      return field;
    },
  );

  app.post(
    '/api/v1/custom-fields/reorder',
    {
      schema: {
        tags,
        summary: "Set the order of an entity's custom fields (admin)",
        body: ReorderCustomFieldsBody,
        response: { 200: FieldList },
      },
      config: { access: admins },
    },
    async (req) => ({ data: await reorderCustomFields(req.tx, { orgId: req.org.orgId, ...req.body }) }),
  );
};
