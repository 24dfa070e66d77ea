/**
 * `GET /api/v1/notes`: keyset pages of notes, pinned first, then newest first — order
 * `(pinned desc, created_at desc, id desc)`, compared as one row value so a page is one range read.
 * The cursor is the base64url JSON `[pinned, created_at (ISO 8601 UTC), id]` of the last note of
 * the previous page; opaque to clients (a malformed one → 400 `query.cursor`).
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Note, NoteListQuery } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { note_links, notes } from '../../db/schema/index.js';
import { invalid } from '../../lib/errors.js';
import { seesAll, type Actor } from '../records/actor.js';
import { assertLinksVisible, linkColumn } from '../records/linked-records.js';
import { noteVisibleTo } from './notes.links.js';
import { toNotes, type NoteRow } from './notes.service.js';

type Cursor = [boolean, string, string];

const badCursor = () => invalid([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);

function decodeCursor(raw: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (
    Array.isArray(v) &&
    v.length === 3 &&
    typeof v[0] === 'boolean' &&
    typeof v[1] === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v[1]) &&
    !Number.isNaN(Date.parse(v[1])) &&
    typeof v[2] === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v[2])
  ) {
    return v as Cursor;
  }
  throw badCursor();
}

const encodeCursor = (r: NoteRow) =>
  Buffer.from(JSON.stringify([r.pinned, r.created_at.toISOString(), r.id])).toString('base64url');

/** Rows after the cursor in `(pinned, created_at, id)` descending order. */
function afterCursor(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [pinned, createdAt, id] = decodeCursor(cursor);
  return sql`(${notes.pinned}, ${notes.created_at}, ${notes.id}) < (${pinned}::boolean, ${createdAt}::timestamptz, ${id}::uuid)`;
}

/**
 * One page of notes the actor may see. With `record_type` + `record_id`: that record's notes (the
 * record must be a live record the actor may see, 404 naming the type otherwise). Without: every
 * visible note of the organisation — only for actors who see every record (`seesAll`); other
 * members → 400 `query.record_id` (they list notes through their records). `pinned` filters.
 */
export async function listNotes(
  tx: Tx,
  params: { actor: Actor; query: NoteListQuery },
): Promise<{ data: Note[]; next_cursor: string | null }> {
  const { actor, query } = params;
  if (!query.record_type !== !query.record_id) {
    const missing = query.record_type ? 'record_id' : 'record_type';
    throw invalid([{ path: `query.${missing}`, message: 'is required with record_type and record_id' }]);
  }
  let scope: SQL;
  if (query.record_type && query.record_id) {
    await assertLinksVisible(tx, { actor, links: [{ type: query.record_type, id: query.record_id }] });
    const column = linkColumn(note_links, query.record_type);
    // The record is visible, so each of its notes is: no per-note visibility check needed.
    scope = inArray(
      notes.id,
      tx
        .select({ id: note_links.note_id })
        .from(note_links)
        .where(and(eq(note_links.org_id, actor.orgId), eq(column, query.record_id))),
    );
  } else {
    if (!seesAll(actor)) {
      throw invalid([{ path: 'query.record_id', message: 'is required: members list notes through their records' }]);
    }
    scope = noteVisibleTo(actor);
  }
  const rows = await tx
    .select()
    .from(notes)
    .where(
      and(
        eq(notes.org_id, actor.orgId),
        scope,
        query.pinned === undefined ? undefined : eq(notes.pinned, query.pinned),
        afterCursor(query.cursor),
      ),
    )
    .orderBy(desc(notes.pinned), desc(notes.created_at), desc(notes.id))
    .limit(query.limit + 1);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return {
    data: await toNotes(tx, { actor, rows: page }),
    next_cursor: more ? encodeCursor(page[page.length - 1]!) : null,
  };
}
