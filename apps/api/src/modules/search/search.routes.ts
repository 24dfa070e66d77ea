/**
 * `GET /api/v1/search` (issue 7): global search across companies, contacts, leads, deals, notes and
 * activities — see search.service.ts for matching and ranking. Results respect record visibility
 * (records/actor.ts; activities and notes by their own rules) and never include soft-deleted
 * records. At start-up a warning is logged when pg_trgm's operators are not LEAKPROOF (migration
 * 0018 needs a superuser for that): search stays correct but scans the organisation's rows.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SearchQuery, SearchResult } from '@relata/shared';
import { recordActor } from '../records/actor.js';
import { search } from './search.service.js';

/** True when the trigram operators the search statement uses are LEAKPROOF (index scans under RLS). */
export async function trigramIsLeakproof(query: (text: string) => Promise<{ rows: unknown[] }>): Promise<boolean> {
  const { rows } = await query(
    `SELECT coalesce(bool_and(proleakproof), false) AS ok FROM pg_proc
      WHERE oid IN ('public.word_similarity_op(text, text)'::regprocedure,
                    'public.word_similarity_commutator_op(text, text)'::regprocedure)`,
  );
  return (rows[0] as { ok?: boolean } | undefined)?.ok === true;
}

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onReady', async () => {
    if (!(await trigramIsLeakproof((text) => app.database.query(text)))) {
      app.log.warn(
        'global search cannot use its trigram indexes under row-level security (pg_trgm operators are not LEAKPROOF; ' +
          'migration 0018 needs a superuser for that): searches scan the organisation. A superuser can fix it with: ' +
          'ALTER FUNCTION public.word_similarity_op(text, text) LEAKPROOF; ALTER FUNCTION public.word_similarity_commutator_op(text, text) LEAKPROOF;',
      );
    }
  });

  /** `GET /search`: grouped hits with snippets and highlight ranges, and facets. */
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search companies, contacts, leads, deals, activities and notes',
        description:
          "`q` (trimmed, 1–200 characters, else 400 `query.q`) matches names, e-mails, domains, phones (any format of the E.164 number, read in the organisation's default region), tax ids, deal names, activity subjects and descriptions and note text — case- and accent-insensitive, by prefix and with typos. Exact e-mail, phone and domain hits come first. `types` (comma-separated) limits the groups; `limit` (1–50, default 5) is per type. `owner_id` / `stage_id` / `tag_id` filter (types without that attribute are left out). Each hit has a plain-text `snippet` of its `field` and `highlights` (offsets into the snippet). Counts are of the matches the caller may see, at most 500 per type (`capped`).",
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => search(req.tx, { actor: await recordActor(req), query: req.query }),
  );
};
