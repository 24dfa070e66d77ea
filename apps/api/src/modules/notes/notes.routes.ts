/**
 * `/api/v1/notes`: sanitised rich-text notes on leads, deals, contacts and companies (issue 5,
 * DESIGN §2 "Notes"). Times UTC (ISO 8601). A note is visible through at least one linked live
 * record the caller may see; other notes — and other organisations' ids — answer 404. The author or
 * a manager/admin/owner may change or delete a note (other members 403; viewers write nothing).
 * Writes honour `If-Match` (412 when stale) and return the note's `ETag`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateNoteBody, IdParams, NoContent, Note, NoteListQuery, Page, UpdateNoteBody } from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { listNotes } from './notes.list.js';
import { createNote, deleteNote, getNote, updateNote } from './notes.service.js';

const org = { level: 'org' } as const;

export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notes'];

  /** `GET /notes`: a keyset page of a record's notes (pinned first, then newest first). */
  app.get(
    '/api/v1/notes',
    {
      schema: {
        tags,
        summary: "List a record's notes: pinned first, then newest first, keyset pages",
        description:
          '`record_type` (lead, deal, contact, company) + `record_id` select the record (a record the caller may not see, or of another organisation → 404 naming the type). Without them, every visible note of the organisation — managers and above, or everyone under the shared visibility rule; other members → 400 `query.record_id`. `pinned=true|false` filters.',
        querystring: NoteListQuery,
        response: { 200: Page(Note) },
      },
      config: { access: org },
    },
    async (req) => listNotes(req.tx, { actor: await recordActor(req), query: req.query }),
  );

  /** `POST /notes`: creates a note by the caller (201 + ETag). */
  app.post(
    '/api/v1/notes',
    {
      schema: {
        tags,
        summary: 'Write a note on one or more records',
        description:
          '`body`: 1–10,000 characters of HTML as submitted (more → 400 `body.body`), stored after sanitising with an allow-list: p, br, strong, b, em, i, u, s, mark, code, pre, blockquote, ul, ol[start], li, h1–h4, hr, sub, sup, a[href http/https/mailto, target=_blank; rel forced to "noopener noreferrer nofollow"]. Scripts, styles, event handlers, `javascript:`/`data:` URLs, iframes, SVG and MathML are dropped; nothing but whitespace left → 400 `body.body`. `links`: 1–20 records (`{ type, id }`); one the caller may not see or of another organisation → 404 naming the type. Writes the note on each linked record\'s timeline.',
        body: CreateNoteBody,
        response: { 201: Note },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const note = await createNote(req.tx, { actor: await recordActor(req), body: req.body });
      reply.status(201);
      setEtag(reply, note.version);
      return note;
    },
  );

  /** `GET /notes/{id}`. */
  app.get(
    '/api/v1/notes/:id',
    {
      schema: { tags, summary: 'A note', params: IdParams, response: { 200: Note } },
      config: { access: org },
    },
    async (req, reply) => {
      const note = await getNote(req.tx, { actor: await recordActor(req), id: req.params.id });
      setEtag(reply, note.version);
      return note;
    },
  );

  /** `PATCH /notes/{id}`. */
  app.patch(
    '/api/v1/notes/:id',
    {
      schema: {
        tags,
        summary: 'Change a note (`If-Match` → 412 when stale)',
        description:
          "The author or a manager, admin or owner only (other members → 403). `body` is sanitised as on create; `links` replaces the linked records the caller can see (links to records hidden from the caller stay); `pinned` toggles. A body or link change sets `edited_by` / `edited_at` (pinning does not). The note's timeline entries follow its links.",
        params: IdParams,
        body: UpdateNoteBody,
        response: { 200: Note },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const note = await updateNote(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, note.version);
      return note;
    },
  );

  /** `DELETE /notes/{id}`: hard delete. */
  app.delete(
    '/api/v1/notes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a note for good (with its timeline entries)',
        description: 'The author or a manager, admin or owner only (other members → 403). Not restorable.',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteNote(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );
};
