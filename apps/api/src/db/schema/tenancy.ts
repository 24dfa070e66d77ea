/**
 * Organisations and the tenant tables of people and access. Every tenant table follows DESIGN §4:
 * primary key `(org_id, id)`, composite foreign keys, unique constraints that include `org_id`, and
 * row-level security applied by `relata_apply_tenant_rls()` (see migrations/0000_platform.sql).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext, tenantKeys, timestamps, tstz } from '../columns.js';
import { users } from './auth.js';

const ROLE_CHECK = sql`in ('owner', 'admin', 'manager', 'member', 'viewer')`;

/** The tenant root. Not itself a tenant table: its `id` is every other row's `org_id`. */
export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: citext('slug').notNull().unique(),
  /** ISO 3166-1 alpha-2 region for phone numbers typed without a country code. */
  default_region: text('default_region').notNull().default('US'),
  /** `private` | `shared` (see RecordVisibility in @relata/shared). */
  record_visibility: text('record_visibility').notNull().default('private'),
  /** ISO 4217 code analytics convert money figures into (Settings → Currencies; migration 0021). */
  reporting_currency: text('reporting_currency').notNull().default('USD'),
  version: integer('version').notNull().default(1),
  ...timestamps(),
});

export const memberships = pgTable(
  'memberships',
  {
    ...tenantKeys(),
    /** The member's user; null while the member is inactive (created by an import, not yet invited in). */
    user_id: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** `active` (has a user) | `inactive` (no user, cannot sign in; migration 0024). */
    status: text('status').notNull().default('active'),
    /** Only while inactive: the display name and (optional) address given by the import. */
    name: text('name'),
    email: citext('email'),
    /** Minutes before an activity's due time that its assignee's reminder fires (0 = at the time). */
    reminder_minutes: integer('reminder_minutes').notNull().default(15),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('memberships_org_user_key').on(t.org_id, t.user_id),
    index('memberships_user_idx').on(t.user_id),
    foreignKey({ columns: [t.org_id], foreignColumns: [organizations.id] }).onDelete('cascade'),
    check('memberships_role_check', sql`${t.role} ${ROLE_CHECK}`),
    check('memberships_reminder_minutes_check', sql`${t.reminder_minutes} between 0 and 10080`),
    check(
      'memberships_status_check',
      sql`(${t.status} = 'active' and ${t.user_id} is not null and ${t.name} is null and ${t.email} is null)
        or (${t.status} = 'inactive' and ${t.user_id} is null and ${t.name} is not null
            and length(btrim(${t.name})) between 1 and 200)`,
    ),
    uniqueIndex('memberships_inactive_email_key')
      .on(t.org_id, t.email)
      .where(sql`${t.status} = 'inactive' and ${t.email} is not null`),
    uniqueIndex('memberships_inactive_name_key')
      .on(t.org_id, sql`lower(${t.name})`)
      .where(sql`${t.status} = 'inactive' and ${t.email} is null`),
  ],
);

export const teams = pgTable(
  'teams',
  {
    ...tenantKeys(),
    name: citext('name').notNull(),
    description: text('description'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('teams_org_name_key').on(t.org_id, t.name),
    foreignKey({ columns: [t.org_id], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

export const team_members = pgTable(
  'team_members',
  {
    ...tenantKeys(),
    team_id: uuid('team_id').notNull(),
    membership_id: uuid('membership_id').notNull(),
    is_lead: boolean('is_lead').notNull().default(false),
    created_at: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('team_members_team_member_key').on(t.org_id, t.team_id, t.membership_id),
    index('team_members_membership_idx').on(t.org_id, t.membership_id),
    foreignKey({ columns: [t.org_id, t.team_id], foreignColumns: [teams.org_id, teams.id] }).onDelete('cascade'),
    foreignKey({
      columns: [t.org_id, t.membership_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }).onDelete('cascade'),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    ...tenantKeys(),
    email: citext('email').notNull(),
    role: text('role').notNull(),
    token_hash: text('token_hash').notNull(),
    /** pending | accepted | revoked (expiry is read from `expires_at`). */
    status: text('status').notNull().default('pending'),
    invited_by: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    accepted_by: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    accepted_at: tstz('accepted_at'),
    expires_at: tstz('expires_at').notNull(),
    /**
     * The inactive member this invitation activates on acceptance (null: the invitee's address is
     * matched against inactive members instead). Foreign key `ON DELETE SET NULL (membership_id)`
     * in migration 0024 (drizzle cannot write the column list).
     */
    membership_id: uuid('membership_id'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('invitations_org_token_key').on(t.org_id, t.token_hash),
    uniqueIndex('invitations_one_pending_per_email')
      .on(t.org_id, t.email)
      .where(sql`${t.status} = 'pending'`),
    foreignKey({ columns: [t.org_id], foreignColumns: [organizations.id] }).onDelete('cascade'),
    check('invitations_role_check', sql`${t.role} ${ROLE_CHECK}`),
    check('invitations_status_check', sql`${t.status} in ('pending', 'accepted', 'revoked')`),
  ],
);

export const api_keys = pgTable(
  'api_keys',
  {
    ...tenantKeys(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the whole key; the key itself is never stored. */
    key_hash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    created_by: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    last_used_at: tstz('last_used_at'),
    expires_at: tstz('expires_at'),
    revoked_at: tstz('revoked_at'),
    created_at: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('api_keys_org_hash_key').on(t.org_id, t.key_hash),
    foreignKey({ columns: [t.org_id], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);
