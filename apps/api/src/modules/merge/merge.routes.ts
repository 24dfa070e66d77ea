/**
 * `POST /api/v1/merge`: merges 2–5 records of one type into a survivor (issue 6). Rules and errors
 * in merge.service.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CompanyDetail, Contact, Deal, Lead, MergeBody } from '@relata/shared';
import { z } from 'zod';
import { auditActorOf } from '../audit/audit.service.js';
import { recordActor } from '../records/actor.js';
import { mergeRecords } from './merge.service.js';

export const mergeRoutes: FastifyPluginAsyncZod = async (app) => {
  /** `POST /merge` → 200 with the survivor (its type's shape, as `GET /<type>/{id}` returns it). */
  app.post(
    '/api/v1/merge',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'Merge 2–5 records of one type into a survivor, moving everything related to it',
        description:
          'One transaction: the survivor takes, per field, the value of the record named in `fields` (`{ email: <id> }`, custom fields as `custom_fields.<key>`), else its own, or when its own is empty the first non-empty value of `merged_ids` in order. Activities, notes, timeline entries, tags (union), lead/deal contacts (one primary kept), deals, contacts, child companies and lead links move to the survivor; stage history stays with its record. Merged records go to the recycle bin. Writes a `merged` timeline entry on the survivor and a `merge` audit entry. Errors: 400 `body.fields.<field>` (not mergeable, or an id outside the merge); 404 for ids of another organisation or not visible; 409 when a record changed meanwhile; 412 when `versions` is stale; 422 survivor in `merged_ids`, a repeated id, or records of another type.',
        body: MergeBody,
        response: { 200: z.union([Contact, CompanyDetail, Lead, Deal]) },
      },
      config: { access: { level: 'org' } },
    },
    async (req) =>
      mergeRecords(req.tx, { actor: await recordActor(req), auditActor: auditActorOf(req), body: req.body }),
  );
};
