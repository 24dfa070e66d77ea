/**
 * Segments and saved views (issue 7, DESIGN §2 "Search, segments, saved views").
 *
 *  - `segments`: an entity type plus criteria (JSON tree, compiled to SQL when used — dynamic), with a
 *    cached count and the time it was taken.
 *  - `saved_views`: a member's list setup (filters or a segment, columns, sort, layout), private or
 *    shared with the organisation. The owner is a membership (a removed member's views go with them).
 *    A deleted segment leaves its views without one: `ON DELETE SET NULL (segment_id)`, written in
 *    migration 0019 because drizzle-kit cannot express a column list (a plain SET NULL would null
 *    `org_id` too).
 *  - `view_defaults`: each member's default view per entity (theirs or a shared one).
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
} from 'drizzle-orm/pg-core';
import { tenantKeys, timestamps, tstz } from '../columns.js';
import { users } from './auth.js';
import { orgFk } from './records.js';
import { memberships } from './tenancy.js';

const ENTITY_CHECK = `in ('contacts', 'companies', 'leads', 'deals')`;

export const segments = pgTable(
  'segments',
  {
    ...tenantKeys(),
    name: text('name').notNull(),
    description: text('description'),
    /** contacts | companies | leads | deals. */
    entity: text('entity').notNull(),
    /** The criteria tree as accepted by `SegmentCriteria` (@relata/shared). */
    criteria: jsonb('criteria').$type<Record<string, unknown>>().notNull(),
    cached_count: integer('cached_count'),
    count_capped: boolean('count_capped').notNull().default(false),
    counted_at: tstz('counted_at'),
    created_by: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    index('segments_entity_name_idx').on(t.org_id, t.entity, t.name, t.id),
    check('segments_entity_check', sql`${t.entity} ${sql.raw(ENTITY_CHECK)}`),
  ],
);

export const saved_views = pgTable(
  'saved_views',
  {
    ...tenantKeys(),
    /** Membership id of the member who made the view. */
    owner_id: uuid('owner_id').notNull(),
    name: text('name').notNull(),
    entity: text('entity').notNull(),
    /** The list's query parameters (strings by name). */
    filters: jsonb('filters').$type<Record<string, string>>().notNull().default({}),
    segment_id: uuid('segment_id'),
    columns: jsonb('columns').$type<string[]>().notNull().default([]),
    sort: text('sort'),
    /** list | board. */
    layout: text('layout').notNull().default('list'),
    shared: boolean('shared').notNull().default(false),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'saved_views_owner_fk',
      columns: [t.org_id, t.owner_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'saved_views_segment_fk',
      columns: [t.org_id, t.segment_id],
      foreignColumns: [segments.org_id, segments.id],
    }),
    unique('saved_views_owner_name_key').on(t.org_id, t.owner_id, t.entity, t.name),
    index('saved_views_entity_shared_idx').on(t.org_id, t.entity, t.shared),
    index('saved_views_segment_idx').on(t.org_id, t.segment_id),
    check('saved_views_entity_check', sql`${t.entity} ${sql.raw(ENTITY_CHECK)}`),
    check('saved_views_layout_check', sql`${t.layout} in ('list', 'board')`),
  ],
);

export const view_defaults = pgTable(
  'view_defaults',
  {
    ...tenantKeys(),
    membership_id: uuid('membership_id').notNull(),
    entity: text('entity').notNull(),
    view_id: uuid('view_id').notNull(),
    created_at: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    unique('view_defaults_member_entity_key').on(t.org_id, t.membership_id, t.entity),
    foreignKey({
      name: 'view_defaults_member_fk',
      columns: [t.org_id, t.membership_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'view_defaults_view_fk',
      columns: [t.org_id, t.view_id],
      foreignColumns: [saved_views.org_id, saved_views.id],
    }).onDelete('cascade'),
    index('view_defaults_view_idx').on(t.org_id, t.view_id),
  ],
);
