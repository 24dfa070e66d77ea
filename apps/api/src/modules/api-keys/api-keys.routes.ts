/** `/api/v1/api-keys`: organisation API keys with scopes, shown once, stored hashed, revocable. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiKey, ApiKeyListQuery, CreateApiKeyBody, CreatedApiKey, IdParams, Page } from '@relata/shared';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['api keys'];

  app.get(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'List API keys (admins: all; others: their own)',
        querystring: ApiKeyListQuery,
        response: { 200: Page(ApiKey) },
      },
      config: { access: { level: 'org' } },
    },
    async (req) =>
      listApiKeys(req.tx, {
        ctx: req.org,
        includeRevoked: req.query.include_revoked,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );

  app.post(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key acting as you; the secret is returned only in this response',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey },
      },
      config: { access: { level: 'org', minRole: 'viewer', scope: 'admin' }, secretResponse: true },
    },
    async (req, reply) => {
      reply.status(201);
      return createApiKey(req.tx, { ctx: req.org, ...req.body });
    },
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key (your own, or any as admin)',
        params: IdParams,
        response: { 200: ApiKey },
      },
      config: { access: { level: 'org', minRole: 'viewer', scope: 'admin' } },
    },
    async (req) => revokeApiKey(req.tx, { ctx: req.org, id: req.params.id }),
  );
};
