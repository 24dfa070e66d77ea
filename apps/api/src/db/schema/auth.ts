/**
 * Global (non-tenant) identity tables used by better-auth's Drizzle adapter. Property names are the
 * project's snake_case; `auth/auth.ts` maps better-auth's field names onto them.
 */
import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { citext, timestamps, tstz } from '../columns.js';

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: citext('email').notNull().unique(),
  email_verified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  /** The organisation a new session opens in (the last one the user switched to). */
  default_org_id: uuid('default_org_id'),
  ...timestamps(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    token: text('token').notNull().unique(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires_at: tstz('expires_at').notNull(),
    ip_address: text('ip_address'),
    user_agent: text('user_agent'),
    /** The organisation this session works in; checked against memberships on every request. */
    active_org_id: uuid('active_org_id'),
    ...timestamps(),
  },
  (t) => [index('sessions_user_id_idx').on(t.user_id)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    account_id: text('account_id').notNull(),
    provider_id: text('provider_id').notNull(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    access_token: text('access_token'),
    refresh_token: text('refresh_token'),
    id_token: text('id_token'),
    access_token_expires_at: tstz('access_token_expires_at'),
    refresh_token_expires_at: tstz('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    ...timestamps(),
  },
  (t) => [index('accounts_user_id_idx').on(t.user_id)],
);

export const verifications = pgTable(
  'verifications',
  {
    id: uuid('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expires_at: tstz('expires_at').notNull(),
    ...timestamps(),
  },
  (t) => [index('verifications_identifier_idx').on(t.identifier)],
);
