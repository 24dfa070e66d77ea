/** `/api/v1/contacts`: contacts (people) with recycle bin and bulk actions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  BulkBody,
  BulkResult,
  Contact,
  ContactFilter,
  ContactListQuery,
  CreateContactBody,
  IdParams,
  NoContent,
  Page,
  RecordCount,
  RecycleBinQuery,
  UpdateContactBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { bulkContacts, countContacts, contactRecycleBin, listContacts } from './contacts.list.js';
import { createContact, deleteContact, getContact, restoreContact, updateContact } from './contacts.service.js';

const org = { level: 'org' } as const;

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['contacts'];

  app.get(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts: filters, text search, sort, keyset pages',
        description:
          '`q` matches first and last name, email and phones (any format). `sort`: name, last_name, email, created_at, updated_at or cf.<key>; `-` for descending. Counts come from `/count`. Members under the private rule see their own and unassigned contacts.',
        querystring: ContactListQuery,
        response: { 200: Page(Contact) },
      },
      config: { access: org },
    },
    async (req) => listContacts(req.tx, { actor: await recordActor(req), query: req.query }),
  );

  app.post(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact',
        description:
          "Email unique among live contacts (409 with `details.existing_id`); phone and mobile normalised to E.164 with the organisation region (400 naming the field); a company of another organisation → 404; `is_primary` unsets the company's other primary contact. The owner defaults to the caller.",
        body: CreateContactBody,
        response: { 201: Contact },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const contact = await createContact(req.tx, { actor: await recordActor(req), body: req.body });
      reply.status(201);
      setEtag(reply, contact.version);
      return contact;
    },
  );

  app.get(
    '/api/v1/contacts/count',
    {
      schema: {
        tags,
        summary: 'How many contacts match the list filters, exact up to 10,000 (`total_capped` beyond)',
        querystring: ContactFilter,
        response: { 200: RecordCount },
      },
      config: { access: org },
    },
    async (req) => countContacts(req.tx, { actor: await recordActor(req), filter: req.query }),
  );

  app.get(
    '/api/v1/contacts/deleted',
    {
      schema: {
        tags,
        summary: 'The recycle bin: contacts deleted in the last 30 days, most recent first',
        querystring: RecycleBinQuery,
        response: { 200: Page(Contact) },
      },
      config: { access: org },
    },
    async (req) => contactRecycleBin(req.tx, { actor: await recordActor(req), ...req.query }),
  );

  app.post(
    '/api/v1/contacts/bulk',
    {
      schema: {
        tags,
        summary: 'One action on many contacts, in one transaction, with a result per contact',
        body: BulkBody(ContactFilter),
        response: { 200: BulkResult },
      },
      config: { access: org },
    },
    async (req) => bulkContacts(req.tx, { actor: await recordActor(req), input: req.body }),
  );

  app.get(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'A contact',
        params: IdParams,
        response: { 200: Contact },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const contact = await getContact(req.tx, { actor: await recordActor(req), id: req.params.id });
      setEtag(reply, contact.version);
      return contact;
    },
  );

  app.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Change a contact (`If-Match` → 412 when stale)',
        description:
          "`tag_ids` replaces the tags; `custom_fields` merges (null removes); `is_primary: true` unsets the company's other primary contact.",
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: Contact },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const contact = await updateContact(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, contact.version);
      return contact;
    },
  );

  app.delete(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Move a contact to the recycle bin (restorable for 30 days; it stops being primary)',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteContact(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  app.post(
    '/api/v1/contacts/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a contact from the recycle bin (409 when its email is taken meanwhile)',
        params: IdParams,
        response: { 200: Contact },
      },
      config: { access: org },
    },
    async (req) => restoreContact(req.tx, { actor: await recordActor(req), id: req.params.id }),
  );
};
