/**
 * Notes (DESIGN §2 "Notes"): 1–10,000 characters of rich text, sanitised on the server with an
 * allow-list (scripts, event handlers, `javascript:` / `data:` URLs, iframes and SVG/MathML are
 * dropped), a pinned flag, the author, the last editor and time of the last edit, and links to one
 * or more leads, deals, contacts or companies of the same organisation. Times are UTC (ISO 8601).
 * Names are prefixed `Note…` so they never collide with the other domains' exports.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { LinkedRecord, LinkedRecordInput, LinkedRecordType } from './linked-records.js';
import { RecordRef } from './records.js';

/** Longest note body accepted, in characters (UTF-16 code units) as submitted, before sanitising. */
export const NOTE_BODY_MAX = 10_000;
/** Most records one note may be linked to. */
export const NOTE_LINKS_MAX = 20;

/**
 * A note body as submitted: HTML from a rich-text editor (or plain text), 1–10,000 characters.
 * The server keeps only its allow-listed formatting; a body with no text left → 400 `body.body`.
 */
export const NoteBody = z
  .string()
  .min(1, { error: 'is required' })
  .max(NOTE_BODY_MAX, { error: `must be at most ${NOTE_BODY_MAX.toLocaleString('en')} characters` });

/** The records a note is linked to: 1–20 (repeats are ignored). */
export const NoteLinks = z
  .array(LinkedRecordInput)
  .min(1, { error: 'needs at least one linked record' })
  .max(NOTE_LINKS_MAX, { error: `must have at most ${NOTE_LINKS_MAX} linked records` });

/**
 * A note as returned. `body` is the sanitised HTML (safe to render as HTML). `links` lists the
 * linked records the caller may see (others stay linked but are not shown). `author` and
 * `edited_by` are users (`id` = user id; null when removed, or never edited); `edited_at` is the
 * time of the last change of the body or links (null until then; pinning is not an edit).
 */
export const Note = z.object({
  id: Id,
  body: z.string(),
  pinned: z.boolean(),
  links: z.array(LinkedRecord),
  author: RecordRef.nullable(),
  edited_by: RecordRef.nullable(),
  edited_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  version: z.number().int(),
});
export type Note = z.infer<typeof Note>;

/** `POST /api/v1/notes`. `pinned` defaults to false; the caller becomes the author. */
export const CreateNoteBody = z.strictObject({
  body: NoteBody,
  pinned: z.boolean().optional(),
  links: NoteLinks,
});
export type CreateNoteBody = z.infer<typeof CreateNoteBody>;

/**
 * `PATCH /api/v1/notes/{id}` (`If-Match` → 412 when stale). `links` replaces the linked records the
 * caller may see (links to records hidden from the caller are kept).
 */
export const UpdateNoteBody = z.strictObject({
  body: NoteBody.optional(),
  pinned: z.boolean().optional(),
  links: NoteLinks.optional(),
});
export type UpdateNoteBody = z.infer<typeof UpdateNoteBody>;

const QueryBoolean = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

/**
 * `GET /api/v1/notes`: the notes of one record (`record_type` + `record_id`, both or neither, else
 * 400 from the server), pinned first, then newest first; keyset `cursor`, `limit` 1–100 (default
 * 20). Without a record only callers who see every record (managers and above, or everyone under
 * the shared rule) may list; `pinned` filters by the flag.
 */
export const NoteListQuery = z.strictObject({
  record_type: LinkedRecordType.optional(),
  record_id: Id.optional(),
  pinned: QueryBoolean.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type NoteListQuery = z.infer<typeof NoteListQuery>;
