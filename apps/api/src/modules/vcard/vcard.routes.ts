/** `/api/v1/contacts/vcard`: selected contacts as a vCard 4.0 download (import: modules/imports). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { VcardExportBody, VcardExportQuery } from '@relata/shared';
import { recordActor } from '../records/actor.js';
import { exportVcard } from './vcard.service.js';

const description =
  'One vCard 4.0 card (RFC 6350) per contact, in the order given: UID `urn:uuid:<contact id>`, FN, N, ORG (company; department), TITLE, EMAIL, TEL `tel:` URIs (TYPE=work: phone, TYPE=cell: mobile), CATEGORIES (tags), REV. `text/vcard; charset=utf-8`, downloaded as `contacts.vcf`. Any id that is not a live contact the caller can see (another organisation, deleted, private to another member) → 404 naming none; a malformed id → 400. Re-importing the file gives the same contacts.';

/** Sets the download headers; the handler returns the document (sent after the commit). */
const send = (reply: FastifyReply, body: string) => {
  reply.type('text/vcard; charset=utf-8').header('content-disposition', 'attachment; filename="contacts.vcf"');
  return body;
};

export const vcardRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['contacts'];

  app.get(
    '/api/v1/contacts/vcard',
    {
      schema: {
        tags,
        summary: 'Export contacts as vCard 4.0 (`ids`: 1–1,000 comma-separated contact ids)',
        description,
        querystring: VcardExportQuery,
        produces: ['text/vcard'],
      },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => send(reply, await exportVcard(req.tx, { actor: await recordActor(req), ids: req.query.ids })),
  );

  app.post(
    '/api/v1/contacts/vcard',
    {
      schema: {
        tags,
        summary: 'Export contacts as vCard 4.0, the ids in a JSON body (for lists too long for a URL)',
        description,
        body: VcardExportBody,
        produces: ['text/vcard'],
      },
      // A read: viewers may export, and API keys need only the read scope.
      config: { access: { level: 'org', minRole: 'viewer', scope: 'read' } },
    },
    async (req, reply) => send(reply, await exportVcard(req.tx, { actor: await recordActor(req), ids: req.body.ids })),
  );
};
