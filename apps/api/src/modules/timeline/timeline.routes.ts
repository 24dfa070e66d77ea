/**
 * `/api/v1/timeline`: the unified timeline of a lead, deal, contact or company (DESIGN §2), newest
 * first, keyset-paginated. Records of other organisations — and, under the private rule, other
 * members' records — answer 404; a company's roll-up leaves out the contacts and deals the caller
 * may not see. Times UTC (ISO 8601).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Page, TimelineEntry, TimelineQuery } from '@relata/shared';
import { recordActor } from '../records/actor.js';
import { timelinePage } from './timeline.service.js';

export const timelineRoutes: FastifyPluginAsyncZod = async (app) => {
  /** `GET /timeline?record_type=&record_id=`: one page of a record's timeline. */
  app.get(
    '/api/v1/timeline',
    {
      schema: {
        tags: ['timeline'],
        summary: "A record's timeline: activities, notes, stage/status changes, conversion, field changes",
        description:
          "Newest first by `(occurred_at, id)`; `cursor` from the previous page. A company's timeline includes its live contacts' and deals' entries (an event on several of them appears once, `record` naming where it happened). `types`: comma-separated entry types (created, stage_changed, status_changed, field_changed, converted, activity, note); `from` / `to`: inclusive bounds on `occurred_at` (a bare date = its whole day, UTC). 404 when the record is unknown, deleted, of another organisation or not visible to the caller.",
        querystring: TimelineQuery,
        response: { 200: Page(TimelineEntry) },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => timelinePage(req.tx, { actor: await recordActor(req), query: req.query }),
  );
};
