/**
 * OpenAPI 3.1 generated from the same Zod contracts the routes validate with
 * (fastify-type-provider-zod): served at `/api/openapi.json`, browsable at `/api/docs`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Relata API',
        version: '1',
        description:
          'Multi-tenant CRM API. Authenticate with a session cookie (POST /api/v1/auth/sign-in) or ' +
          '`Authorization: Bearer <API key>`. Errors are `{ error: { code, message, details } }`; ' +
          'ids of other organisations answer 404. Timestamps are ISO 8601 UTC.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'Organisation API key (rk_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'relata.session_token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets a few inline styles of its own.
    transformStaticCSP: (header) =>
      header.replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline' https:"),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
