/**
 * Sales work and what happened to a record (DESIGN §2 Activities, Notes, Unified timeline):
 * activities (calls, meetings, tasks, …) and notes linked to leads, deals, contacts and companies,
 * the per-record timeline, in-app notifications (activity reminders) and personal calendar feeds.
 *
 * Integrity the database keeps by itself:
 *  - a link row points at exactly one record of the same organisation (`num_nonnulls(...) = 1`,
 *    composite FKs, `ON DELETE CASCADE`: purging a record drops its links and timeline entries);
 *  - an activity's status is one of the machine's states and `completed_at` is set exactly when it is
 *    completed (the API's state machine sets it, never the client);
 *  - one timeline entry per (event, record): the entries of one event (an activity linked to a deal
 *    and its company, say) share `event_id`, which is how a roll-up timeline de-duplicates them;
 *  - one notification per `dedupe_key` and recipient (a reminder job run twice after a restart
 *    inserts nothing the second time);
 *  - one calendar feed token per membership, stored as a SHA-256 hex digest (the token itself is
 *    shown once).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { tenantKeys, timestamps, tstz } from '../columns.js';
import { users } from './auth.js';
import { companies, contacts, orgFk, searchKey } from './records.js';
import { deals, leads } from './sales.js';
import { memberships } from './tenancy.js';

/** `lead_id`, `deal_id`, `contact_id`, `company_id`: exactly one set per link / entry row. */
const recordRefs = () => ({
  lead_id: uuid('lead_id'),
  deal_id: uuid('deal_id'),
  contact_id: uuid('contact_id'),
  company_id: uuid('company_id'),
});

type RecordRefCols = {
  org_id: AnyPgColumn;
  lead_id: AnyPgColumn;
  deal_id: AnyPgColumn;
  contact_id: AnyPgColumn;
  company_id: AnyPgColumn;
};

/** Composite FKs (cascade) and lookup indexes for the four record columns of `name`. */
function recordRefConstraints(name: string, t: RecordRefCols) {
  const targets = [
    ['lead_id', t.lead_id, leads],
    ['deal_id', t.deal_id, deals],
    ['contact_id', t.contact_id, contacts],
    ['company_id', t.company_id, companies],
  ] as const;
  return [
    check(`${name}_one_record`, sql`num_nonnulls(${t.lead_id}, ${t.deal_id}, ${t.contact_id}, ${t.company_id}) = 1`),
    ...targets.flatMap(([col, c, target]) => [
      foreignKey({
        name: `${name}_${col.replace('_id', '')}_fk`,
        columns: [t.org_id, c],
        foreignColumns: [target.org_id, target.id],
      }).onDelete('cascade'),
      index(`${name}_${col.replace('_id', '')}_idx`)
        .on(t.org_id, c)
        .where(sql`${c} is not null`),
    ]),
  ];
}

export const activities = pgTable(
  'activities',
  {
    ...tenantKeys(),
    /** call | meeting | email | task | note | sms | other. */
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    description: text('description'),
    /** planned | in_progress | completed | cancelled. */
    status: text('status').notNull().default('planned'),
    /** Scheduled start (meetings, calls) or due time (tasks), UTC. All-day: midnight UTC of the day. */
    due_at: tstz('due_at'),
    duration_minutes: integer('duration_minutes'),
    all_day: boolean('all_day').notNull().default(false),
    /** low | medium | high | urgent. */
    priority: text('priority').notNull().default('medium'),
    outcome: text('outcome'),
    /** Calls: inbound | outbound. */
    call_direction: text('call_direction'),
    recording_url: text('recording_url'),
    /** Meetings. */
    location: text('location'),
    /** Membership id; null = unassigned. */
    assignee_id: uuid('assignee_id'),
    created_by: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    completed_at: tstz('completed_at'),
    /** When the assignee's reminder is due (due_at − their lead time) while the activity is open. */
    remind_at: tstz('remind_at'),
    version: integer('version').notNull().default(1),
    /** Global-search key (migration 0018). */
    search_key: text('search_key').generatedAlwaysAs(
      searchKey(`coalesce(subject, '') || ' ' || coalesce(description, '')`),
    ),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'activities_assignee_fk',
      columns: [t.org_id, t.assignee_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }),
    index('activities_assignee_due_idx').on(t.org_id, t.assignee_id, t.due_at, t.id),
    index('activities_open_assignee_due_idx')
      .on(t.org_id, t.assignee_id, t.due_at, t.id)
      .where(sql`${t.status} in ('planned', 'in_progress')`),
    index('activities_due_idx').on(t.org_id, t.due_at, t.id),
    // Lists sorted by `-due_at` order `due_at desc nulls last, id desc` (lib/pagination.ts: undated
    // last either way); a backward scan of the two indexes above gives nulls first, so without these
    // a "Done" list sorted all of a member's activities (205 ms at 2M activities, bench/activities).
    index('activities_assignee_due_desc_idx').on(
      t.org_id,
      t.assignee_id,
      t.due_at.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    index('activities_due_desc_idx').on(t.org_id, t.due_at.desc().nullsLast(), t.id.desc().nullsFirst()),
    index('activities_created_idx').on(t.org_id, t.created_at, t.id),
    index('activities_search_key_trgm_idx').using('gin', sql`${t.search_key} gin_trgm_ops`),
    check('activities_type_check', sql`${t.type} in ('call', 'meeting', 'email', 'task', 'note', 'sms', 'other')`),
    check('activities_status_check', sql`${t.status} in ('planned', 'in_progress', 'completed', 'cancelled')`),
    check('activities_priority_check', sql`${t.priority} in ('low', 'medium', 'high', 'urgent')`),
    check('activities_direction_check', sql`${t.call_direction} in ('inbound', 'outbound')`),
    check('activities_duration_check', sql`${t.duration_minutes} between 0 and 1440`),
    check('activities_completed_check', sql`(${t.status} = 'completed') = (${t.completed_at} is not null)`),
  ],
);

export const activity_links = pgTable(
  'activity_links',
  {
    ...tenantKeys(),
    activity_id: uuid('activity_id').notNull(),
    ...recordRefs(),
    created_at: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    foreignKey({
      name: 'activity_links_activity_fk',
      columns: [t.org_id, t.activity_id],
      foreignColumns: [activities.org_id, activities.id],
    }).onDelete('cascade'),
    unique('activity_links_record_key')
      .on(t.org_id, t.activity_id, t.lead_id, t.deal_id, t.contact_id, t.company_id)
      .nullsNotDistinct(),
    ...recordRefConstraints('activity_links', t),
  ],
);

export const notes = pgTable(
  'notes',
  {
    ...tenantKeys(),
    /** Sanitised HTML (sanitize-html allow-list), 1–10,000 characters as submitted. */
    body: text('body').notNull(),
    pinned: boolean('pinned').notNull().default(false),
    author_id: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Last editor and time of the last edit (null until edited). */
    edited_by: uuid('edited_by').references(() => users.id, { onDelete: 'set null' }),
    edited_at: tstz('edited_at'),
    version: integer('version').notNull().default(1),
    /** Global-search key of the body's text (tags stripped, entities decoded; migration 0018). */
    search_key: text('search_key').generatedAlwaysAs(
      searchKey(
        `replace(replace(replace(replace(replace(replace(regexp_replace(body, '<[^>]*>', ' ', 'g'), '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')`,
      ),
    ),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    index('notes_created_idx').on(t.org_id, t.created_at, t.id),
    index('notes_search_key_trgm_idx').using('gin', sql`${t.search_key} gin_trgm_ops`),
  ],
);

export const note_links = pgTable(
  'note_links',
  {
    ...tenantKeys(),
    note_id: uuid('note_id').notNull(),
    ...recordRefs(),
    created_at: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    foreignKey({
      name: 'note_links_note_fk',
      columns: [t.org_id, t.note_id],
      foreignColumns: [notes.org_id, notes.id],
    }).onDelete('cascade'),
    unique('note_links_record_key')
      .on(t.org_id, t.note_id, t.lead_id, t.deal_id, t.contact_id, t.company_id)
      .nullsNotDistinct(),
    ...recordRefConstraints('note_links', t),
  ],
);

/**
 * The unified timeline: one row per (event, record it appears on), newest first by
 * `(occurred_at, event_id)`. `record_id` is generated from the one record column that is set, so a
 * record's page is one index range whatever its type. Entry `type`:
 * created | stage_changed | status_changed | field_changed | converted | activity | note.
 * `data` holds the change (`{ from, to }`, field names, reasons) — shapes in @relata/shared timeline.
 */
export const timeline_entries = pgTable(
  'timeline_entries',
  {
    ...tenantKeys(),
    event_id: uuid('event_id').notNull(),
    ...recordRefs(),
    record_id: uuid('record_id')
      .notNull()
      .generatedAlwaysAs(sql`coalesce(lead_id, deal_id, contact_id, company_id)`),
    type: text('type').notNull(),
    occurred_at: tstz('occurred_at').notNull(),
    actor_id: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    activity_id: uuid('activity_id'),
    note_id: uuid('note_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('timeline_entries_event_record_key').on(t.org_id, t.event_id, t.record_id),
    // Migration 0016 recreates it with INCLUDE (type), which drizzle's builder cannot say: a timeline
    // filtered by entry type is then read from the index alone.
    index('timeline_entries_record_idx').on(t.org_id, t.record_id, t.occurred_at.desc(), t.event_id.desc()),
    foreignKey({
      name: 'timeline_entries_activity_fk',
      columns: [t.org_id, t.activity_id],
      foreignColumns: [activities.org_id, activities.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'timeline_entries_note_fk',
      columns: [t.org_id, t.note_id],
      foreignColumns: [notes.org_id, notes.id],
    }).onDelete('cascade'),
    index('timeline_entries_activity_idx')
      .on(t.org_id, t.activity_id)
      .where(sql`${t.activity_id} is not null`),
    index('timeline_entries_note_idx')
      .on(t.org_id, t.note_id)
      .where(sql`${t.note_id} is not null`),
    check(
      'timeline_entries_type_check',
      sql`${t.type} in ('created', 'stage_changed', 'status_changed', 'field_changed', 'converted', 'activity', 'note', 'merged')`,
    ),
    ...recordRefConstraints('timeline_entries', t),
  ],
);

/** In-app notifications of a member (activity reminders for now). */
export const notifications = pgTable(
  'notifications',
  {
    ...tenantKeys(),
    /** Recipient membership. */
    membership_id: uuid('membership_id').notNull(),
    /** activity_reminder. */
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    activity_id: uuid('activity_id'),
    /** Same key, same recipient → one notification (e.g. `reminder:{activity_id}:{remind_at}`). */
    dedupe_key: text('dedupe_key').notNull(),
    read_at: tstz('read_at'),
    created_at: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'notifications_membership_fk',
      columns: [t.org_id, t.membership_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'notifications_activity_fk',
      columns: [t.org_id, t.activity_id],
      foreignColumns: [activities.org_id, activities.id],
    }).onDelete('cascade'),
    unique('notifications_dedupe_key').on(t.org_id, t.membership_id, t.dedupe_key),
    index('notifications_recipient_idx').on(t.org_id, t.membership_id, t.created_at, t.id),
    index('notifications_unread_idx')
      .on(t.org_id, t.membership_id)
      .where(sql`${t.read_at} is null`),
    index('notifications_activity_idx')
      .on(t.org_id, t.activity_id)
      .where(sql`${t.activity_id} is not null`),
  ],
);

/**
 * A member's secret iCalendar feed (`/ical/{token}.ics`): the SHA-256 hex of the token. Regenerating
 * replaces the digest, so the old URL stops working at once. The token carries its organisation's id
 * (as API keys do), so the lookup is by `(org_id, token_hash)` — uniques include `org_id` (DESIGN §4).
 */
export const calendar_feeds = pgTable(
  'calendar_feeds',
  {
    ...tenantKeys(),
    membership_id: uuid('membership_id').notNull(),
    token_hash: text('token_hash').notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'calendar_feeds_membership_fk',
      columns: [t.org_id, t.membership_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }).onDelete('cascade'),
    unique('calendar_feeds_membership_key').on(t.org_id, t.membership_id),
    unique('calendar_feeds_token_key').on(t.org_id, t.token_hash),
  ],
);
