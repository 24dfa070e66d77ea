/**
 * The caller's personal iCalendar feed: `/api/v1/calendar-feed` manages the secret URL (status,
 * create/regenerate, revoke; every member, viewers included, for their own feed) and the public
 * `GET /ical/{token}.ics` serves it to calendar apps, authenticated by the token alone.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CalendarFeedParams, CalendarFeedStatus, CreatedCalendarFeed, NoContent } from '@relata/shared';
import {
  FEED_MAX_AGE_SECONDS,
  createOrRegenerateFeed,
  getFeedStatus,
  renderFeed,
  revokeFeed,
} from './calendar-feed.service.js';
import { FeedCache } from './calendar-feed.cache.js';

const own = { level: 'org', minRole: 'viewer' } as const;

export const calendarFeedRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['calendar feed'];
  /** Rendered feed items and documents of this process, bounded by `RELATA_FEED_CACHE_MB`. */
  const feedCache = new FeedCache(app.config.feedCacheMb * 1024 * 1024);

  /** `GET /calendar-feed`: `{ active, created_at }` of the caller's feed; never the token. */
  app.get(
    '/api/v1/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Whether you have a calendar feed URL, and since when (the token is never shown again)',
        response: { 200: CalendarFeedStatus },
      },
      config: { access: own },
    },
    async (req) => getFeedStatus(req.tx, { orgId: req.org.orgId, membershipId: req.org.membershipId }),
  );

  /** `POST /calendar-feed`: creates or regenerates the caller's feed; `{ url, token, created_at }` once. */
  app.post(
    '/api/v1/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Create or regenerate your secret calendar feed URL (shown only in this response)',
        description:
          'Regenerating replaces the token: the previous URL answers 404 at once. Subscribe to `url` in Google Calendar, Outlook or Apple Calendar.',
        response: { 201: CreatedCalendarFeed },
      },
      config: { access: own, secretResponse: true },
    },
    async (req, reply) => {
      reply.status(201);
      return createOrRegenerateFeed(req.tx, {
        orgId: req.org.orgId,
        membershipId: req.org.membershipId,
        baseUrl: app.config.baseUrl,
      });
    },
  );

  /** `DELETE /calendar-feed`: revokes the caller's feed URL (204, idempotent). */
  app.delete(
    '/api/v1/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Revoke your calendar feed URL (it answers 404 from then on)',
        response: { 204: NoContent },
      },
      config: { access: own },
    },
    async (req, reply) => {
      await revokeFeed(req.tx, { orgId: req.org.orgId, membershipId: req.org.membershipId });
      reply.status(204);
      return null;
    },
  );

  /**
   * `GET /ical/{token}.ics`: the feed document (`text/calendar; charset=utf-8`, cacheable privately
   * for 5 minutes, with an ETag; `If-None-Match` with the current tag → 304 without a body, RFC 9110
   * §13.1.2 — weak comparison). The token is the only credential; malformed, unknown, revoked or
   * replaced → 404.
   */
  app.get(
    '/ical/:token.ics',
    {
      schema: {
        tags,
        summary: 'iCalendar feed of a member’s activities (secret URL `/ical/{token}.ics`, no other authentication)',
        description:
          'Activities assigned to the feed owner, due from 90 days ago to 365 days ahead: tasks as VTODO, other activities as VEVENT; UID `<activity id>@relata`; all times UTC. A malformed, unknown, revoked or regenerated token → 404.',
        params: CalendarFeedParams,
        produces: ['text/calendar'],
      },
    },
    async (req, reply) => {
      const doc = await renderFeed(app.db, { token: req.params.token, now: new Date(), cache: feedCache });
      reply.header('etag', doc.etag).header('cache-control', `private, max-age=${FEED_MAX_AGE_SECONDS}`);
      // A calendar app that kept the document asks with If-None-Match: unchanged → 304, no body.
      const known = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
      if (known.includes(doc.etag) || known.includes('*')) return reply.status(304).send();
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="relata.ics"')
        .send(doc.body);
    },
  );
};
