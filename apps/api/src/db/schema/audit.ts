/**
 * The audit log (DESIGN §2 "Audit log of every change (actor, action, record, before/after), visible
 * to admins"), migration 0020. One row per audited change, written by `recordAudit()`
 * (modules/audit) in the transaction of the change.
 *
 * The actor is a membership (`actor_membership_id`) or an API key (`actor_api_key_id`), both null for
 * the system. They carry no foreign key on purpose: an entry keeps naming its actor after the member
 * or key is removed. `before` / `after` are the record as it was and became (JSON, API-shaped or row
 * shaped as the writer documents); `details` holds action-specific data (e.g. a merge's field choices).
 */
import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tenantKeys, tstz } from '../columns.js';
import { orgFk } from './records.js';

export const audit_entries = pgTable(
  'audit_entries',
  {
    ...tenantKeys(),
    /** When the change was made (UTC). */
    at: tstz('at').notNull().defaultNow(),
    actor_membership_id: uuid('actor_membership_id'),
    actor_api_key_id: uuid('actor_api_key_id'),
    /** What was done, `<domain>.<verb>`: e.g. `merge`, `import.revert`. */
    action: text('action').notNull(),
    /** company | contact | lead | deal | … (null for organisation-wide actions). */
    record_type: text('record_type'),
    record_id: uuid('record_id'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    index('audit_entries_at_idx').on(t.org_id, t.at.desc(), t.id.desc()),
    index('audit_entries_record_idx').on(t.org_id, t.record_type, t.record_id, t.at.desc(), t.id.desc()),
    index('audit_entries_action_idx').on(t.org_id, t.action, t.at.desc(), t.id.desc()),
  ],
);
