/**
 * What the caller may see of notes through their links (`note_links`; reading and writing links is
 * records/linked-records.ts).
 *
 * Visibility (DESIGN §2 "Record visibility", records/actor.ts): a note is visible when the caller
 * may see at least one of its linked records that is live (not in the recycle bin); a note whose
 * records are all hidden or deleted answers 404, and comes back when a record is restored. Links to
 * records the caller may not see are never shown (no names leak) and are kept when the caller
 * replaces the links. Every query filters by `org_id` (RLS is the second line).
 */
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { LinkedRecordType } from '@relata/shared';
import { note_links, notes } from '../../db/schema/index.js';
import { visibleTo, type Actor } from '../records/actor.js';
import { RECORD_TABLES } from '../records/entities.js';
import { linkColumn } from '../records/linked-records.js';

/**
 * SQL condition on `notes`: the note has a link to a live record the actor may see. Used for
 * reads by id and for lists without a record (one EXISTS per record type, each an index lookup).
 */
export function noteVisibleTo(actor: Actor): SQL {
  const perType = LinkedRecordType.options.map((type) => {
    const { table } = RECORD_TABLES[type];
    return sql`exists (select 1 from ${table} where ${and(
      eq(table.org_id, note_links.org_id),
      eq(table.id, linkColumn(note_links, type)),
      isNull(table.deleted_at),
      visibleTo(actor, table.owner_id),
    )})`;
  });
  return sql`exists (select 1 from ${note_links} where ${and(
    eq(note_links.org_id, notes.org_id),
    eq(note_links.note_id, notes.id),
    or(...perType),
  )})`;
}
