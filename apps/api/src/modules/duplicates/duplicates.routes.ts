/**
 * `/api/v1/duplicates`: candidate groups of likely duplicate contacts or companies (issue 6), to
 * review and merge (`POST /api/v1/merge`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DuplicateGroup, DuplicateQuery, Page } from '@relata/shared';
import { recordActor } from '../records/actor.js';
import { listDuplicates } from './duplicates.service.js';

export const duplicateRoutes: FastifyPluginAsyncZod = async (app) => {
  /** `GET /duplicates?type=contacts|companies`: groups of 2–5 records, highest score first. */
  app.get(
    '/api/v1/duplicates',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'Candidate groups of likely duplicate contacts or companies, with a score and the reasons',
        description:
          'Among the live records the caller may see. Contacts: the same email key (lower-cased, `+tag` dropped, dots ignored at gmail.com), the same E.164 number in phone or mobile, a similar name (pg_trgm similarity ≥ 0.6) at the same company. Companies: the same domain (or website host, without `www.`), a similar name. Each reason has its own score (email 90, or 99 when the emails are equal once lower-cased; phone 80; domain 90; similar names 50–90 for contacts at one company and 40–85 for companies, by similarity); a pair combines its reasons as 1 − Π(1 − s), a group (2–5 records linked by any reason) scores its best pair. Highest score first; keyset `cursor`, `limit` 1–100 (default 20). `fields` of each record are the values a merge can choose from.',
        querystring: DuplicateQuery,
        response: { 200: Page(DuplicateGroup) },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => listDuplicates(req.tx, { actor: await recordActor(req), query: req.query }),
  );
};
