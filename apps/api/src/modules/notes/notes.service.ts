/**
 * Notes (DESIGN §2 "Notes", issue 5): sanitised rich text on one or more leads, deals, contacts or
 * companies, with a pinned flag, the author and the last edit (editor and time).
 *
 * Rules:
 * - Body: 1–10,000 characters as submitted (400 `body.body` beyond, from the contract), stored as the
 *   allow-listed HTML of notes.sanitize.ts; nothing but whitespace left → 400 `body.body`.
 * - Links: 1–20 live records of the caller's organisation that the caller may see (404 naming the
 *   type otherwise — also for another organisation's id); repeats are ignored.
 * - Visibility: notes.links.ts (a note is visible through at least one visible live record; 404
 *   otherwise).
 * - Who may change or delete a note: its author, or a manager, admin or owner (403 for other
 *   members; viewers are refused by the tenancy plugin). Checked before the version (412).
 * - Edit history: `edited_by` / `edited_at` follow changes of the body or the links; pinning alone
 *   is not an edit. Every change bumps `version` and `updated_at`.
 * - Timeline: after every write the note's entries are synced (`syncSourceEntries`) — one `note`
 *   entry per linked record at `created_at`, actor the author, `data.excerpt` the first 200
 *   characters of its plain text — in the same transaction. A delete removes them by cascade.
 */
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import {
  NOTE_LINKS_MAX,
  roleAtLeast,
  type CreateNoteBody,
  type LinkedRecordInput,
  type Note,
  type UpdateNoteBody,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { userRefs } from '../records/refs.js';
import { note_links, notes } from '../../db/schema/index.js';
import { forbidden, invalid, notFound } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import type { Actor } from '../records/actor.js';
import {
  assertLinksVisible,
  distinctLinks,
  linkKey,
  linksOf,
  namedLinksOf,
  writeLinks,
} from '../records/linked-records.js';
import { syncSourceEntries } from '../timeline/timeline.writer.js';
import { noteVisibleTo } from './notes.links.js';
import { excerptOf, plainText, sanitizeNoteHtml } from './notes.sanitize.js';

export type NoteRow = typeof notes.$inferSelect;

/** The stored HTML of a submitted body; 400 `body.body` when no text survives sanitising. */
function safeBody(raw: string): string {
  const html = sanitizeNoteHtml(raw);
  if (!plainText(html)) throw invalid([{ path: 'body.body', message: 'is empty after removing disallowed HTML' }]);
  return html;
}

/**
 * The links of each note that the actor may see, with record names, in link order — one query for
 * the links of a whole page, then one per record type.
 */
const visibleLinksOf = (tx: Tx, actor: Actor, noteIds: string[]) =>
  namedLinksOf(tx, { table: note_links, orgId: actor.orgId, ownerIds: noteIds, visibleTo: actor });

/** Maps rows to the `Note` contract: visible links with names, author and editor names. */
export async function toNotes(tx: Tx, params: { actor: Actor; rows: NoteRow[] }): Promise<Note[]> {
  const { actor, rows } = params;
  const links = await visibleLinksOf(
    tx,
    actor,
    rows.map((r) => r.id),
  );
  const people = await userRefs(tx, { ids: rows.flatMap((r) => [r.author_id, r.edited_by]) });
  const ref = (id: string | null) => (id ? (people.get(id) ?? null) : null);
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    pinned: r.pinned,
    links: links.get(r.id) ?? [],
    author: ref(r.author_id),
    edited_by: ref(r.edited_by),
    edited_at: r.edited_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  }));
}

/** A note the actor may see (404 `Note not found` otherwise). */
async function noteRow(tx: Tx, params: { actor: Actor; id: string }): Promise<NoteRow> {
  const [row] = await tx
    .select()
    .from(notes)
    .where(and(eq(notes.org_id, params.actor.orgId), eq(notes.id, params.id), noteVisibleTo(params.actor)));
  if (!row) throw notFound('Note');
  return row;
}

/** 403 unless the actor wrote the note or is a manager, admin or owner. */
function assertMayChange(actor: Actor, row: NoteRow, verb: 'edit' | 'delete') {
  if (row.author_id === actor.userId || roleAtLeast(actor.role, 'manager')) return;
  throw forbidden(`Only the note's author or a manager, admin or owner can ${verb} it`);
}

/** Rewrites the note's timeline entries from its links and body (same transaction). */
async function syncTimeline(tx: Tx, params: { row: NoteRow; links: LinkedRecordInput[] }) {
  const { row } = params;
  await syncSourceEntries(tx, {
    orgId: row.org_id,
    source: { type: 'note', id: row.id },
    records: params.links,
    occurredAt: row.created_at,
    actorId: row.author_id,
    data: { excerpt: excerptOf(row.body) },
  });
}

/** A note the actor may see, in the API shape; 404 otherwise. */
export async function getNote(tx: Tx, params: { actor: Actor; id: string }): Promise<Note> {
  const row = await noteRow(tx, params);
  return (await toNotes(tx, { actor: params.actor, rows: [row] }))[0]!;
}

/**
 * Creates a note by the actor on `body.links` (1–20 visible live records; 404 naming the type
 * otherwise), with its timeline entries. 400 `body.body` when nothing allowed remains of the body.
 */
export async function createNote(tx: Tx, params: { actor: Actor; body: CreateNoteBody }): Promise<Note> {
  const { actor, body } = params;
  const html = safeBody(body.body);
  const links = distinctLinks(body.links);
  await assertLinksVisible(tx, { actor, links });
  const now = new Date();
  const [row] = await tx
    .insert(notes)
    .values({
      org_id: actor.orgId,
      id: uuidv7(),
      body: html,
      pinned: body.pinned ?? false,
      author_id: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning();
  await writeLinks(tx, { table: note_links, orgId: actor.orgId, ownerId: row!.id, links, existing: [] });
  await syncTimeline(tx, { row: row!, links });
  return (await toNotes(tx, { actor, rows: [row!] }))[0]!;
}

/**
 * Changes the fields present in `body`. `links` replaces the links the actor can see (new ones must
 * be visible live records, 404 naming the type); links to records hidden from the actor stay.
 * 404 when the note is not visible, 403 when the actor may not edit it, 412 when `expectedVersion`
 * (If-Match) is stale, 400 `body.body` for a body with no text left. A body or link change records
 * the actor and time as the last edit. Nothing to change → the note as it is (version unchanged).
 */
export async function updateNote(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateNoteBody; expectedVersion?: number | undefined },
): Promise<Note> {
  const { actor, body } = params;
  const current = await noteRow(tx, params);
  assertMayChange(actor, current, 'edit');
  if (params.expectedVersion !== undefined && params.expectedVersion !== current.version) {
    throw staleVersion(current.version);
  }
  const set: Partial<NoteRow> = {};
  if (body.body !== undefined) {
    const html = safeBody(body.body);
    if (html !== current.body) set.body = html;
  }
  if (body.pinned !== undefined && body.pinned !== current.pinned) set.pinned = body.pinned;

  // Every record the note is linked to, visible or not: what its timeline entries cover.
  const existing = await linksOf(tx, { table: note_links, orgId: actor.orgId, ownerId: current.id });
  let links = existing;
  if (body.links) {
    const requested = distinctLinks(body.links);
    const seen = new Set(((await visibleLinksOf(tx, actor, [current.id])).get(current.id) ?? []).map(linkKey));
    await assertLinksVisible(tx, { actor, links: requested.filter((l) => !seen.has(linkKey(l))) });
    links = distinctLinks([...existing.filter((l) => !seen.has(linkKey(l))), ...requested]);
    if (links.length > NOTE_LINKS_MAX) {
      // Only possible with links the caller cannot see, which count towards the limit too.
      throw invalid([{ path: 'body.links', message: `must have at most ${NOTE_LINKS_MAX} linked records in all` }]);
    }
  }
  const before = new Set(existing.map(linkKey));
  const linksChanged = links.length !== before.size || links.some((l) => !before.has(linkKey(l)));
  if (set.body === undefined && set.pinned === undefined && !linksChanged) {
    return (await toNotes(tx, { actor, rows: [current] }))[0]!;
  }
  const now = new Date();
  if (set.body !== undefined || linksChanged) {
    set.edited_by = actor.userId;
    set.edited_at = now;
  }
  const [row] = await tx
    .update(notes)
    .set({ ...set, version: sql`${notes.version} + 1`, updated_at: now })
    .where(and(eq(notes.org_id, actor.orgId), eq(notes.id, current.id), eq(notes.version, current.version)))
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  if (linksChanged) await writeLinks(tx, { table: note_links, orgId: actor.orgId, ownerId: row.id, links, existing });
  await syncTimeline(tx, { row, links });
  return (await toNotes(tx, { actor, rows: [row] }))[0]!;
}

/**
 * Deletes a note for good (the UI asks for confirmation); its links and timeline entries go with it
 * (foreign keys `ON DELETE CASCADE`). 404 when not visible, 403 when the actor may not delete it.
 */
export async function deleteNote(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const current = await noteRow(tx, params);
  assertMayChange(params.actor, current, 'delete');
  await tx.delete(notes).where(and(eq(notes.org_id, params.actor.orgId), eq(notes.id, current.id)));
}
