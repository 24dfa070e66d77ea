/**
 * The sales core (DESIGN §2, §4): pipelines and their stages, leads and deals that move through
 * them, the contacts linked to each, and `stage_history` (every stage or status change).
 *
 * Integrity the database keeps by itself:
 *  - a lead's / deal's stage belongs to its pipeline: composite FK `(org_id, pipeline_id, stage_id)`
 *    → `stages (org_id, pipeline_id, id)`;
 *  - one default pipeline per kind, one primary contact per lead / deal (partial uniques);
 *  - board totals: `stage_totals` holds count and money per stage, owner, currency and status of the
 *    live leads and deals, kept by statement triggers (migration 0010), so a board's column figures
 *    never scan the pipeline;
 *  - board order: `position` is a fractional-indexing key (npm `fractional-indexing`) compared
 *    byte-wise (`COLLATE "C"`), so a move writes one row instead of renumbering the column;
 *  - money in integer minor units + ISO 4217 currency, never negative.
 * A stage that holds records cannot be deleted (`ON DELETE RESTRICT`); the API moves them first.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customType } from 'drizzle-orm/pg-core';
import { tenantKeys, timestamps, tstz } from '../columns.js';
import { users } from './auth.js';
import { companies, contacts, orgFk, recordColumns, searchKey, tagLinks } from './records.js';
import { memberships } from './tenancy.js';

/** Text compared byte-wise (`COLLATE "C"`), as fractional-indexing keys require. */
const positionKey = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

export const pipelines = pgTable(
  'pipelines',
  {
    ...tenantKeys(),
    /** `leads` | `deals`. */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    is_default: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    unique('pipelines_org_kind_name_key').on(t.org_id, t.kind, t.name),
    uniqueIndex('pipelines_one_default_per_kind')
      .on(t.org_id, t.kind)
      .where(sql`${t.is_default}`),
    check('pipelines_kind_check', sql`${t.kind} in ('leads', 'deals')`),
  ],
);

export const stages = pgTable(
  'stages',
  {
    ...tenantKeys(),
    pipeline_id: uuid('pipeline_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    color: text('color').notNull().default('#868e96'),
    /** 0–100: a deal's probability unless the deal overrides it. */
    probability: integer('probability').notNull().default(0),
    /** `open` | `won` | `lost`. */
    kind: text('kind').notNull().default('open'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('stages_pipeline_id_key').on(t.org_id, t.pipeline_id, t.id),
    unique('stages_pipeline_name_key').on(t.org_id, t.pipeline_id, t.name),
    foreignKey({
      name: 'stages_pipeline_fk',
      columns: [t.org_id, t.pipeline_id],
      foreignColumns: [pipelines.org_id, pipelines.id],
    }).onDelete('cascade'),
    check('stages_probability_check', sql`${t.probability} between 0 and 100`),
    check('stages_kind_check', sql`${t.kind} in ('open', 'won', 'lost')`),
  ],
);

/** Pipeline, stage and board position of a lead or deal, with their foreign keys. */
const placement = () => ({
  pipeline_id: uuid('pipeline_id').notNull(),
  stage_id: uuid('stage_id').notNull(),
  /** Fractional-indexing key: order within the stage's board column. */
  position: positionKey('position').notNull(),
  /** When the record entered its current stage (days in stage). */
  stage_entered_at: tstz('stage_entered_at').notNull().defaultNow(),
});

export const leads = pgTable(
  'leads',
  {
    ...tenantKeys(),
    title: text('title').notNull(),
    company_name: text('company_name'),
    tax_id: text('tax_id'),
    /** Lower-cased on write. */
    email: text('email'),
    /** E.164 numbers. */
    phones: text('phones')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    segment: text('segment'),
    source: text('source'),
    /** low | medium | high | urgent. */
    priority: text('priority'),
    /** cold | warm | hot. */
    rating: text('rating'),
    score: integer('score'),
    /** Minor units of `expected_revenue_currency`. */
    expected_revenue_amount: bigint('expected_revenue_amount', { mode: 'number' }),
    expected_revenue_currency: text('expected_revenue_currency'),
    probability: integer('probability'),
    external_id: text('external_id'),
    location: text('location'),
    next_follow_up_at: tstz('next_follow_up_at'),
    notes: text('notes'),
    /** open | converted | lost. */
    status: text('status').notNull().default('open'),
    lost_reason: text('lost_reason'),
    lost_at: tstz('lost_at'),
    converted_at: tstz('converted_at'),
    converted_company_id: uuid('converted_company_id'),
    converted_deal_id: uuid('converted_deal_id'),
    ...placement(),
    search_key: text('search_key').generatedAlwaysAs(
      searchKey(
        `coalesce(title, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(tax_id, '') || ' ' || relata_immutable_join(phones)`,
      ),
    ),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'leads_stage_fk',
      columns: [t.org_id, t.pipeline_id, t.stage_id],
      foreignColumns: [stages.org_id, stages.pipeline_id, stages.id],
    }),
    foreignKey({
      name: 'leads_pipeline_fk',
      columns: [t.org_id, t.pipeline_id],
      foreignColumns: [pipelines.org_id, pipelines.id],
    }),
    foreignKey({
      name: 'leads_owner_fk',
      columns: [t.org_id, t.owner_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }),
    foreignKey({
      name: 'leads_converted_company_fk',
      columns: [t.org_id, t.converted_company_id],
      foreignColumns: [companies.org_id, companies.id],
    }),
    uniqueIndex('leads_external_id_key')
      .on(t.org_id, t.external_id)
      .where(sql`${t.external_id} is not null`),
    index('leads_stage_position_idx')
      .on(t.org_id, t.stage_id, t.position, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('leads_live_updated_idx')
      .on(t.org_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('leads_live_owner_updated_idx')
      .on(t.org_id, t.owner_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('leads_live_title_idx')
      .on(t.org_id, t.title, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('leads_deleted_idx')
      .on(t.org_id, t.deleted_at, t.id)
      .where(sql`${t.deleted_at} is not null`),
    // Analytics (migration 0021): leads created in a period, leads converted in a period. Migration
    // 0025 adds INCLUDE (converted_at, owner_id, pipeline_id) to the first (no INCLUDE in drizzle).
    index('leads_live_created_idx')
      .on(t.org_id, t.created_at)
      .where(sql`${t.deleted_at} is null`),
    index('leads_live_converted_idx')
      .on(t.org_id, t.converted_at)
      .where(sql`${t.deleted_at} is null and ${t.converted_at} is not null`),
    index('leads_search_key_trgm_idx').using('gin', sql`${t.search_key} gin_trgm_ops`),
    check('leads_status_check', sql`${t.status} in ('open', 'converted', 'lost')`),
    check('leads_revenue_check', sql`${t.expected_revenue_amount} >= 0`),
    check('leads_probability_check', sql`${t.probability} between 0 and 100`),
  ],
);

export const deals = pgTable(
  'deals',
  {
    ...tenantKeys(),
    name: text('name').notNull(),
    company_id: uuid('company_id'),
    /** Minor units of `currency`. */
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    /** 0–100 when overridden; null = the stage's probability. */
    probability: integer('probability'),
    expected_close_date: date('expected_close_date', { mode: 'string' }),
    /** open | won | lost | abandoned. */
    status: text('status').notNull().default('open'),
    /** new_business | renewal | upsell. */
    type: text('type'),
    priority: text('priority'),
    lost_reason: text('lost_reason'),
    /** Why the deal was won (optional, given when winning; migration 0021). */
    won_reason: text('won_reason'),
    won_at: tstz('won_at'),
    closed_at: tstz('closed_at'),
    /**
     * The earliest `changed_at` of the deal's `stage_history` (null without any), kept by the
     * stage_history trigger (migration 0025); the sales cycle starts at the earlier of it and
     * `created_at`. Never written by the application.
     */
    first_history_at: tstz('first_history_at'),
    source_lead_id: uuid('source_lead_id'),
    /** Id in the system an import came from (migration 0017); unique among live deals. */
    external_id: text('external_id'),
    ...placement(),
    search_key: text('search_key').generatedAlwaysAs(searchKey(`coalesce(name, '')`)),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'deals_stage_fk',
      columns: [t.org_id, t.pipeline_id, t.stage_id],
      foreignColumns: [stages.org_id, stages.pipeline_id, stages.id],
    }),
    foreignKey({
      name: 'deals_pipeline_fk',
      columns: [t.org_id, t.pipeline_id],
      foreignColumns: [pipelines.org_id, pipelines.id],
    }),
    foreignKey({
      name: 'deals_owner_fk',
      columns: [t.org_id, t.owner_id],
      foreignColumns: [memberships.org_id, memberships.id],
    }),
    foreignKey({
      name: 'deals_company_fk',
      columns: [t.org_id, t.company_id],
      foreignColumns: [companies.org_id, companies.id],
    }),
    foreignKey({
      name: 'deals_source_lead_fk',
      columns: [t.org_id, t.source_lead_id],
      foreignColumns: [leads.org_id, leads.id],
    }),
    uniqueIndex('deals_live_external_id_key')
      .on(t.org_id, t.external_id)
      .where(sql`${t.external_id} is not null and ${t.deleted_at} is null`),
    index('deals_stage_position_idx')
      .on(t.org_id, t.stage_id, t.position, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('deals_live_updated_idx')
      .on(t.org_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('deals_live_owner_updated_idx')
      .on(t.org_id, t.owner_id, t.updated_at, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('deals_live_name_idx')
      .on(t.org_id, t.name, t.id)
      .where(sql`${t.deleted_at} is null`),
    index('deals_company_idx').on(t.org_id, t.company_id),
    index('deals_source_lead_idx').on(t.org_id, t.source_lead_id),
    index('deals_deleted_idx')
      .on(t.org_id, t.deleted_at, t.id)
      .where(sql`${t.deleted_at} is not null`),
    // Analytics (migration 0021): closed deals by close time, deals by creation time, open deals by
    // expected close date — the period scans of the dashboard, forecast and rep reports.
    index('deals_live_closed_idx')
      .on(t.org_id, t.closed_at)
      .where(sql`${t.deleted_at} is null and ${t.closed_at} is not null`),
    index('deals_live_created_idx')
      .on(t.org_id, t.created_at)
      .where(sql`${t.deleted_at} is null`),
    // Won in a period (migration 0022): imported deals may have a closed_at other than won_at.
    // Migration 0025 adds INCLUDE (created_at, first_history_at, closed_at, status, owner_id,
    // pipeline_id, amount, currency) for index-only scans (drizzle's index builder has no INCLUDE).
    index('deals_live_won_idx')
      .on(t.org_id, t.won_at)
      .where(sql`${t.deleted_at} is null and ${t.status} = 'won'`),
    // Lost in a period (migration 0023): the dashboard's lost count scanned the table without it.
    index('deals_live_lost_idx')
      .on(t.org_id, t.closed_at)
      .where(sql`${t.deleted_at} is null and ${t.status} = 'lost'`),
    index('deals_open_expected_close_idx')
      .on(t.org_id, t.expected_close_date)
      .where(sql`${t.deleted_at} is null and ${t.status} = 'open'`),
    index('deals_search_key_trgm_idx').using('gin', sql`${t.search_key} gin_trgm_ops`),
    check('deals_status_check', sql`${t.status} in ('open', 'won', 'lost', 'abandoned')`),
    check('deals_amount_check', sql`${t.amount} >= 0`),
    check('deals_probability_check', sql`${t.probability} between 0 and 100`),
  ],
);

/** Contacts linked to a lead or a deal (decision makers), at most one primary per record. */
function recordContacts<R extends typeof leads | typeof deals>(name: string, recordCol: string, record: R) {
  return pgTable(
    name,
    {
      ...tenantKeys(),
      record_id: uuid(recordCol).notNull(),
      contact_id: uuid('contact_id').notNull(),
      is_primary: boolean('is_primary').notNull().default(false),
      created_at: tstz('created_at').notNull().defaultNow(),
    },
    (t) => [
      primaryKey({ columns: [t.org_id, t.id] }),
      unique(`${name}_record_contact_key`).on(t.org_id, t.record_id, t.contact_id),
      uniqueIndex(`${name}_one_primary`)
        .on(t.org_id, t.record_id)
        .where(sql`${t.is_primary}`),
      index(`${name}_contact_idx`).on(t.org_id, t.contact_id),
      foreignKey({
        name: `${name}_record_fk`,
        columns: [t.org_id, t.record_id],
        foreignColumns: [record.org_id, record.id],
      }).onDelete('cascade'),
      foreignKey({
        name: `${name}_contact_fk`,
        columns: [t.org_id, t.contact_id],
        foreignColumns: [contacts.org_id, contacts.id],
      }).onDelete('cascade'),
    ],
  );
}

export const lead_contacts = recordContacts('lead_contacts', 'lead_id', leads);
export const deal_contacts = recordContacts('deal_contacts', 'deal_id', deals);
export const lead_tags = tagLinks('lead_tags', 'lead_id', leads);
export const deal_tags = tagLinks('deal_tags', 'deal_id', deals);

/**
 * Every stage or status change of a lead or deal, written in the transaction that made it: the
 * source of funnel, days-in-stage and velocity figures. Exactly one of `lead_id` / `deal_id`.
 * `from_stage_id` is null for the record's creation; statuses are those of the record's type.
 */
export const stage_history = pgTable(
  'stage_history',
  {
    ...tenantKeys(),
    lead_id: uuid('lead_id'),
    deal_id: uuid('deal_id'),
    pipeline_id: uuid('pipeline_id').notNull(),
    from_stage_id: uuid('from_stage_id'),
    to_stage_id: uuid('to_stage_id').notNull(),
    from_status: text('from_status'),
    to_status: text('to_status').notNull(),
    changed_at: tstz('changed_at').notNull().defaultNow(),
    changed_by: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
    /*
     * Derived from the record's whole history and kept by statement-level triggers (migration
     * 0025, `relata_stage_history_spans`) whoever writes the table; never written by the application.
     */
    /** `changed_at` of the record's next entry (order `changed_at`, `id`); null for its latest. */
    next_changed_at: tstz('next_changed_at'),
    /** `changed_at` of the record's previous entry into the same `to_stage_id`; null for its first. */
    prior_same_stage_at: tstz('prior_same_stage_at'),
    /** Distinct `to_stage_id`s of the record's entries at least 1 ms later, sorted. */
    later_stage_ids: uuid('later_stage_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    foreignKey({
      name: 'stage_history_lead_fk',
      columns: [t.org_id, t.lead_id],
      foreignColumns: [leads.org_id, leads.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'stage_history_deal_fk',
      columns: [t.org_id, t.deal_id],
      foreignColumns: [deals.org_id, deals.id],
    }).onDelete('cascade'),
    index('stage_history_lead_idx')
      .on(t.org_id, t.lead_id, t.changed_at)
      .where(sql`${t.lead_id} is not null`),
    index('stage_history_deal_idx')
      .on(t.org_id, t.deal_id, t.changed_at)
      .where(sql`${t.deal_id} is not null`),
    // The funnel's per-stage range (migration 0025; INCLUDE deal_id, lead_id, next_changed_at,
    // prior_same_stage_at, later_stage_ids there: drizzle's index builder has no INCLUDE).
    index('stage_history_stage_idx').on(t.org_id, t.to_stage_id, t.changed_at),
    check('stage_history_one_record', sql`num_nonnulls(${t.lead_id}, ${t.deal_id}) = 1`),
  ],
);

/**
 * Live leads and deals summed per (stage, owner, currency, status), maintained by statement-level
 * triggers on `leads` and `deals` (migration 0010: `relata_stage_totals_*`) in the writing
 * transaction. `amount_sum` = Σ amount; the probability-weighted sum of a group is
 * `(override_weighted + stage probability × default_amount) / 100`, where `override_weighted` =
 * Σ amount × own probability over records that override it and `default_amount` = Σ amount over
 * those that do not. Money in integer minor units of `currency` (null: leads without revenue).
 */
export const stage_totals = pgTable(
  'stage_totals',
  {
    org_id: uuid('org_id').notNull(),
    id: uuid('id')
      .notNull()
      .default(sql`gen_random_uuid()`),
    pipeline_id: uuid('pipeline_id').notNull(),
    stage_id: uuid('stage_id').notNull(),
    owner_id: uuid('owner_id'),
    currency: text('currency'),
    status: text('status').notNull(),
    n: integer('n').notNull().default(0),
    amount_sum: numeric('amount_sum').notNull().default('0'),
    override_weighted: numeric('override_weighted').notNull().default('0'),
    default_amount: numeric('default_amount').notNull().default('0'),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('stage_totals_group_key').on(t.org_id, t.stage_id, t.owner_id, t.currency, t.status).nullsNotDistinct(),
    index('stage_totals_pipeline_idx').on(t.org_id, t.pipeline_id),
    foreignKey({
      name: 'stage_totals_stage_fk',
      columns: [t.org_id, t.pipeline_id, t.stage_id],
      foreignColumns: [stages.org_id, stages.pipeline_id, stages.id],
    }).onDelete('cascade'),
  ],
);
