/**
 * `/api/v1/audit`: the organisation's audit log, for admins and owners (DESIGN §2 "Audit log …
 * visible to admins"). Entries are written by the changes themselves (`recordAudit`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntry, AuditListQuery, Page } from '@relata/shared';
import { listAudit } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  /** `GET /audit`: keyset pages, newest first; filters `record_type`, `record_id`, `action`. */
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log: who changed what, with the record before and after (admins and owners)',
        description:
          'Newest first by time, keyset pages (`limit` 1–100, default 20; `cursor` of the previous page). `record_type` (+ `record_id`) or `action` filter. `actor` is the member (membership id, user name) or API key that made the change, null for the system. Managers, members and viewers → 403.',
        querystring: AuditListQuery,
        response: { 200: Page(AuditEntry) },
      },
      config: { access: { level: 'org', minRole: 'admin' } },
    },
    async (req) => listAudit(req.tx, { orgId: req.org.orgId, query: req.query }),
  );
};
