/**
 * buildApp(): the Fastify application with every plugin and module, without listen() — tests call
 * it and drive it with `app.inject()`; server.ts adds the listener and process lifecycle.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ErrorBody } from '@relata/shared';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import { WEB_DIST_DIR } from './lib/paths.js';
import { type Auth, createAuth } from './modules/auth/better-auth.js';
import { errorsPlugin } from './plugins/errors.js';
import type { Jobs } from './plugins/jobs.js';
import { openapiPlugin } from './plugins/openapi.js';
import { securityPlugin } from './plugins/security.js';
import { tenancyPlugin } from './plugins/tenancy.js';
import { webPlugin } from './plugins/web.js';
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { invitationRoutes } from './modules/invitations/invitations.routes.js';
import { meRoutes } from './modules/me/me.routes.js';
import { memberRoutes } from './modules/members/members.routes.js';
import { orgRoutes } from './modules/orgs/orgs.routes.js';
import { teamRoutes } from './modules/teams/teams.routes.js';
import { companyRoutes } from './modules/companies/companies.routes.js';
import { contactRoutes } from './modules/contacts/contacts.routes.js';
import { customFieldRoutes } from './modules/custom-fields/custom-fields.routes.js';
import { tagRoutes } from './modules/tags/tags.routes.js';
import { pipelineRoutes } from './modules/pipelines/pipelines.routes.js';
import { leadRoutes } from './modules/leads/leads.routes.js';
import { dealRoutes } from './modules/deals/deals.routes.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { calendarFeedRoutes } from './modules/calendar-feed/calendar-feed.routes.js';
import { activityRoutes } from './modules/activities/activities.routes.js';
import { timelineRoutes } from './modules/timeline/timeline.routes.js';
import { noteRoutes } from './modules/notes/notes.routes.js';
import { exportRoutes } from './modules/exports/exports.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { duplicateRoutes } from './modules/duplicates/duplicates.routes.js';
import { mergeRoutes } from './modules/merge/merge.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { segmentRoutes } from './modules/segments/segments.routes.js';
import { viewRoutes } from './modules/views/views.routes.js';
import { vcardRoutes } from './modules/vcard/vcard.routes.js';
import { importRoutes } from './modules/imports/imports.routes.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { currencyRoutes } from './modules/currencies/currencies.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    /** Drizzle on the owner connection: global tables only (tenant data goes through req.tx). */
    db: Db;
    /** The better-auth instance, created on first use. */
    auth: () => Promise<Auth>;
    /** Background jobs; null when the app was built without them (most tests). */
    jobs: Jobs | null;
  }
}

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** Secret for session cookies (lib/secret.ts). */
  authSecret: string;
  jobs?: Jobs | null;
  /** A pino logger; none (silent) when absent. */
  logger?: FastifyBaseLogger;
  /** Directory of the built web app; defaults to apps/web/dist. */
  webDistDir?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(opts: BuildAppOptions) {
  const { config, database } = opts;
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Reuse a caller's X-Request-Id when it is well-formed, so logs join up across services.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised by the router before any route or hook runs, in the standard error shape.
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body: ErrorBody = {
        error: tooLong
          ? { code: 'uri_too_long', message: 'A path parameter is too long' }
          : { code: 'bad_request', message: 'The URL is malformed' },
      };
      void reply.status(tooLong ? 414 : 400).send(body);
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  // better-auth loads on first use (sign-in, session check), not at start-up.
  let auth: Promise<Auth> | null = null;
  app.decorate(
    'auth',
    () =>
      (auth ??= createAuth({
        db: database.db,
        secret: opts.authSecret,
        baseUrl: config.baseUrl,
        trustedOrigins: config.trustedOrigins,
        log: app.log,
      })),
  );
  app.decorate('jobs', opts.jobs ?? null);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(errorsPlugin);
  await app.register(securityPlugin, { config });
  await app.register(openapiPlugin);
  await app.register(tenancyPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(orgRoutes);
  await app.register(memberRoutes);
  await app.register(invitationRoutes);
  await app.register(teamRoutes);
  await app.register(apiKeyRoutes);
  await app.register(tagRoutes);
  await app.register(customFieldRoutes);
  await app.register(companyRoutes);
  await app.register(contactRoutes);
  await app.register(pipelineRoutes);
  await app.register(leadRoutes);
  await app.register(dealRoutes);
  await app.register(activityRoutes);
  await app.register(notificationRoutes);
  await app.register(calendarFeedRoutes);
  await app.register(timelineRoutes);
  await app.register(noteRoutes);
  await app.register(exportRoutes);
  await app.register(auditRoutes);
  await app.register(duplicateRoutes);
  await app.register(mergeRoutes);
  await app.register(searchRoutes);
  await app.register(segmentRoutes);
  await app.register(viewRoutes);
  await app.register(vcardRoutes);
  await app.register(importRoutes);
  await app.register(analyticsRoutes);
  await app.register(currencyRoutes);

  await app.register(webPlugin, { distDir: opts.webDistDir ?? WEB_DIST_DIR });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
