/**
 * CRM records: companies and contacts, with tags and custom field definitions. DESIGN §4: tenant
 * keys `(org_id, id)`, composite foreign keys, uniques that include `org_id`; soft delete through
 * `deleted_at` (uniques and list indexes cover live rows only); `version` for If-Match.
 *
 * `owner_id` is a membership id. Its foreign key is `ON DELETE SET NULL (owner_id)` (a removed
 * member's records become unassigned) — written in migration 0005 because drizzle-kit cannot express
 * a column list on SET NULL, and a plain SET NULL would null `org_id` too.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
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
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { citext, tenantKeys, timestamps, tstz } from '../columns.js';
import { users } from './auth.js';
import { memberships, organizations } from './tenancy.js';

export const orgFk = (t: { org_id: AnyPgColumn }) =>
  foreignKey({ columns: [t.org_id], foreignColumns: [organizations.id] }).onDelete('cascade');

/** Columns every CRM record has besides its own fields. */
export const recordColumns = () => ({
  owner_id: uuid('owner_id'),
  custom_fields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
  created_by: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  deleted_at: tstz('deleted_at'),
  deleted_by: uuid('deleted_by').references(() => users.id, { onDelete: 'set null' }),
  version: integer('version').notNull().default(1),
  ...timestamps(),
});

/**
 * `public.relata_unaccent(lower(expr))`: a record's search key (migration 0018), accent-folded so
 * "José" and "Jose" match; pg_trgm GIN-indexed. Global search (modules/search) and the `q` filter of
 * record lists (records/filters.ts) both match it. Until migration 0028 lists matched a second,
 * unfolded `search_text` column with its own GIN index, which cost a quarter of a contact insert.
 */
export const searchKey = (expr: string): SQL => sql.raw(`public.relata_unaccent(lower(${expr}))`);

export const tags = pgTable(
  'tags',
  {
    ...tenantKeys(),
    name: citext('name').notNull(),
    color: text('color').notNull().default('#868e96'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.org_id, t.id] }), unique('tags_org_name_key').on(t.org_id, t.name), orgFk(t)],
);

export const custom_fields = pgTable(
  'custom_fields',
  {
    ...tenantKeys(),
    /** company | contact (later lead, deal). */
    entity: text('entity').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    default_value: jsonb('default_value').$type<unknown>(),
    position: integer('position').notNull().default(0),
    archived_at: tstz('archived_at'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('custom_fields_org_entity_key_key').on(t.org_id, t.entity, t.key),
    orgFk(t),
  ],
);

export const companies = pgTable(
  'companies',
  {
    ...tenantKeys(),
    name: text('name').notNull(),
    /** Normalised: lower-case host without scheme, `www.` or path. */
    domain: text('domain'),
    website: text('website'),
    /** E.164. */
    phone: text('phone'),
    industry: text('industry'),
    size_band: text('size_band'),
    employees: integer('employees'),
    /** Minor units of `annual_revenue_currency`. */
    annual_revenue_amount: bigint('annual_revenue_amount', { mode: 'number' }),
    annual_revenue_currency: text('annual_revenue_currency'),
    type: text('type'),
    rating: text('rating'),
    billing_street: text('billing_street'),
    billing_city: text('billing_city'),
    billing_state: text('billing_state'),
    billing_postal_code: text('billing_postal_code'),
    /** ISO 3166-1 alpha-2. */
    billing_country: text('billing_country'),
    tax_id: text('tax_id'),
    /** Id in the system an import came from (migration 0017); unique among live companies. */
    external_id: text('external_id'),
    parent_id: uuid('parent_id'),
    /** Set when a lead was converted into this company (leads arrive with a later migration). */
    qualified_from_lead_id: uuid('qualified_from_lead_id'),
    /** `lower(name)`, for case-insensitive equality lookups. */
    name_key: text('name_key').generatedAlwaysAs(sql`lower(name)`),
    search_key: text('search_key').generatedAlwaysAs(
      searchKey(
        `coalesce(name, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(tax_id, '')`,
      ),
    ),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({ name: 'companies_parent_fk', columns: [t.org_id, t.parent_id], foreignColumns: [t.org_id, t.id] }),
    foreignKey({
      name: 'companies_owner_fk',
      columns: [t.org_id, t.owner_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }),
    uniqueIndex('companies_live_external_id_key')
      .on(t.org_id, t.external_id)
      .where(sql`${t.external_id} is not null and ${t.deleted_at} is null`),
    uniqueIndex('companies_live_domain_key')
      .on(t.org_id, t.domain)
      .where(sql`${t.deleted_at} is null and ${t.domain} is not null`),
    index('companies_live_updated_idx')
      .on(t.org_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('companies_live_owner_updated_idx')
      .on(t.org_id, t.owner_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('companies_live_name_idx')
      .on(t.org_id, t.name, t.id)
      .where(sql`${t.deleted_at} is null`),
    /**
     * Case-insensitive name lookups (a lead's conversion matches its company by name). On a plain
     * column: an index on `lower(name)` cannot serve queries under RLS, lower() not being LEAKPROOF.
     */
    index('companies_live_name_key_idx')
      .on(t.org_id, t.name_key)
      .where(sql`${t.deleted_at} is null`),
    index('companies_parent_idx').on(t.org_id, t.parent_id),
    index('companies_deleted_idx')
      .on(t.org_id, t.deleted_at, t.id)
      .where(sql`${t.deleted_at} is not null`),
    index('companies_search_key_trgm_idx').using('gin', sql`${t.search_key} gin_trgm_ops`),
    index('companies_live_phone_idx')
      .on(t.org_id, t.phone)
      .where(sql`${t.deleted_at} is null and ${t.phone} is not null`),
    // Duplicate finder (migration 0020) and segments (0019).
    index('companies_live_website_key_idx')
      .on(t.org_id, sql`relata_domain_key(${t.website})`)
      .where(sql`${t.deleted_at} is null and ${t.website} is not null`),
    index('companies_live_name_trgm_idx')
      .using('gin', sql`${t.name} gin_trgm_ops`)
      .where(sql`${t.deleted_at} is null`),
    // Segments' related-company conditions (0019; 0026 adds id and INCLUDEs owner_id, which drizzle
    // cannot declare, for index-only previews).
    index('companies_live_industry_idx')
      .on(t.org_id, t.industry, t.id)
      .where(sql`${t.deleted_at} is null`),
    check('companies_employees_check', sql`${t.employees} >= 0`),
    check('companies_revenue_check', sql`${t.annual_revenue_amount} >= 0`),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    ...tenantKeys(),
    first_name: text('first_name').notNull(),
    last_name: text('last_name'),
    /** `first_name last_name`: display and sort key. */
    full_name: text('full_name').generatedAlwaysAs(sql`trim(first_name || ' ' || coalesce(last_name, ''))`),
    /** Lower-cased on write. */
    email: text('email'),
    /** E.164. */
    phone: text('phone'),
    /** E.164. */
    mobile: text('mobile'),
    job_title: text('job_title'),
    department: text('department'),
    company_id: uuid('company_id'),
    is_primary: boolean('is_primary').notNull().default(false),
    do_not_call: boolean('do_not_call').notNull().default(false),
    email_opt_out: boolean('email_opt_out').notNull().default(false),
    sms_opt_out: boolean('sms_opt_out').notNull().default(false),
    unsubscribed_at: tstz('unsubscribed_at'),
    source: text('source'),
    /** Id in the system an import came from (migration 0017); unique among live contacts. */
    external_id: text('external_id'),
    search_key: text('search_key').generatedAlwaysAs(
      searchKey(
        `coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(mobile, '')`,
      ),
    ),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'contacts_company_fk',
      columns: [t.org_id, t.company_id],
      foreignColumns: [companies.org_id, companies.id],
    }),
    foreignKey({
      name: 'contacts_owner_fk',
      columns: [t.org_id, t.owner_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }),
    uniqueIndex('contacts_live_external_id_key')
      .on(t.org_id, t.external_id)
      .where(sql`${t.external_id} is not null and ${t.deleted_at} is null`),
    uniqueIndex('contacts_live_email_key')
      .on(t.org_id, t.email)
      .where(sql`${t.deleted_at} is null and ${t.email} is not null`),
    uniqueIndex('contacts_one_primary_per_company')
      .on(t.org_id, t.company_id)
      .where(sql`${t.is_primary} and ${t.deleted_at} is null`),
    index('contacts_live_updated_idx')
      .on(t.org_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('contacts_live_owner_updated_idx')
      .on(t.org_id, t.owner_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('contacts_live_name_idx')
      .on(t.org_id, t.full_name, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('contacts_company_idx').on(t.org_id, t.company_id),
    index('contacts_deleted_idx')
      .on(t.org_id, t.deleted_at, t.id)
      .where(sql`${t.deleted_at} is not null`),
    index('contacts_search_key_trgm_idx').using('gin', sql`${t.search_key} gin_trgm_ops`),
    // Duplicate finder (migration 0020); company_name also INCLUDEs full_name (drizzle has no INCLUDE).
    index('contacts_live_email_norm_idx')
      .on(t.org_id, sql`relata_email_key(${t.email})`)
      .where(sql`${t.deleted_at} is null and ${t.email} is not null`),
    index('contacts_live_phone_idx')
      .on(t.org_id, t.phone)
      .where(sql`${t.deleted_at} is null and ${t.phone} is not null`),
    index('contacts_live_mobile_idx')
      .on(t.org_id, t.mobile)
      .where(sql`${t.deleted_at} is null and ${t.mobile} is not null`),
    index('contacts_live_company_name_idx')
      .on(t.org_id, t.company_id, t.id)
      .where(sql`${t.deleted_at} is null and ${t.company_id} is not null`),
    // Segment previews through the related company (0026; also INCLUDEs email and owner_id).
    index('contacts_live_company_created_idx')
      .on(t.org_id, t.company_id, t.created_at)
      .where(sql`${t.deleted_at} is null`),
  ],
);

/** A tag on a record: one table per record type so both sides have real foreign keys. */
export function tagLinks<R extends { org_id: AnyPgColumn; id: AnyPgColumn }>(
  name: string,
  recordCol: string,
  record: R,
) {
  return pgTable(
    name,
    {
      ...tenantKeys(),
      record_id: uuid(recordCol).notNull(),
      tag_id: uuid('tag_id').notNull(),
      created_at: tstz('created_at').notNull().defaultNow(),
    },
    (t) => [
      primaryKey({ columns: [t.org_id, t.id] }),
      unique(`${name}_record_tag_key`).on(t.org_id, t.record_id, t.tag_id),
      index(`${name}_tag_idx`).on(t.org_id, t.tag_id, t.record_id),
      foreignKey({
        name: `${name}_record_fk`,
        columns: [t.org_id, t.record_id],
        foreignColumns: [record.org_id, record.id],
      }).onDelete('cascade'),
      foreignKey({
        name: `${name}_tag_fk`,
        columns: [t.org_id, t.tag_id],
        foreignColumns: [tags.org_id, tags.id],
      }).onDelete('cascade'),
    ],
  );
}

export const company_tags = tagLinks('company_tags', 'company_id', companies);
export const contact_tags = tagLinks('contact_tags', 'contact_id', contacts);
