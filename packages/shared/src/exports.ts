/**
 * Exports of record lists (issue 6 "Export"): `GET /api/v1/exports/{entity}` streams a CSV or XLSX
 * file of the records the entity's list would show for the same filters and sort.
 *
 * Header cells are the import target keys (modules/imports/fields.ts, shared with the import
 * engineers), so an exported file re-imports with every column mapped: snake_case field names of the
 * Create*Body contracts, relations as `company`, `owner`, `tags`, `pipeline`, `stage`, money as
 * `amount` / `expected_revenue` / `annual_revenue` (decimal in major units) + `currency`, custom
 * fields as `cf.<key>`. Values: times ISO 8601 UTC, dates `YYYY-MM-DD`, booleans `true` / `false`,
 * tags joined by `; `, owners by email.
 */
import { z } from 'zod';
import { CompanyListQuery } from './companies.js';
import { ContactListQuery } from './contacts.js';
import { DealListQuery } from './deals.js';
import { LeadListQuery } from './leads.js';
import { withCustomFilters } from './records.js';

export const EXPORT_ENTITIES = ['companies', 'contacts', 'leads', 'deals'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The fixed columns of each entity's export in their default order (custom fields `cf.<key>` follow,
 * in the definitions' order). The default export has all of them except `updated_at` (not an import
 * target); `columns=` picks and orders any of them, `updated_at` and `cf.<key>` included.
 */
export const EXPORT_COLUMNS = {
  companies: [
    'name',
    'domain',
    'website',
    'phone',
    'industry',
    'type',
    'rating',
    'size_band',
    'employees',
    'annual_revenue',
    'currency',
    'tax_id',
    'parent',
    'billing_street',
    'billing_city',
    'billing_region',
    'billing_postal_code',
    'billing_country',
    'external_id',
    'owner',
    'tags',
    'created_at',
    'updated_at',
  ],
  contacts: [
    'first_name',
    'last_name',
    'email',
    'phone',
    'mobile',
    'job_title',
    'department',
    'company',
    'company_domain',
    'is_primary',
    'do_not_call',
    'email_opt_out',
    'sms_opt_out',
    'unsubscribed_at',
    'source',
    'external_id',
    'owner',
    'tags',
    'created_at',
    'updated_at',
  ],
  leads: [
    'title',
    'company_name',
    'email',
    'phones',
    'pipeline',
    'stage',
    'status',
    'expected_revenue',
    'currency',
    'probability',
    'priority',
    'rating',
    'score',
    'source',
    'segment',
    'tax_id',
    'location',
    'external_id',
    'notes',
    'lost_reason',
    'converted_at',
    'lost_at',
    'owner',
    'tags',
    'created_at',
    'updated_at',
  ],
  deals: [
    'name',
    'company',
    'company_domain',
    'contact_email',
    'pipeline',
    'stage',
    'status',
    'amount',
    'currency',
    'probability',
    'expected_close_date',
    'type',
    'priority',
    'lost_reason',
    'won_reason',
    'stage_entered_at',
    'won_at',
    'closed_at',
    'external_id',
    'owner',
    'tags',
    'created_at',
    'updated_at',
  ],
} as const satisfies Record<ExportEntity, readonly string[]>;

/**
 * List-view column ids (apps/web list pages) that stand for other or more export columns: a
 * contact's `name` is `first_name` + `last_name`, a stage needs its pipeline, money needs its
 * currency; `[]` = a display-only column (a company's contact count), left out. The API expands
 * these in `columns=` too (a column named twice is written once).
 */
export const EXPORT_COLUMN_ALIASES: Record<ExportEntity, Record<string, readonly string[]>> = {
  companies: { annual_revenue: ['annual_revenue', 'currency'], contacts: [] },
  contacts: { name: ['first_name', 'last_name'] },
  leads: { stage: ['pipeline', 'stage'], expected_revenue: ['expected_revenue', 'currency'] },
  deals: { stage: ['pipeline', 'stage'], amount: ['amount', 'currency'] },
};

/** Most columns one export may name. */
export const EXPORT_MAX_COLUMNS = 200;

const exportOptions = {
  /** `csv` (UTF-8 with BOM, RFC 4180) or `xlsx` (one sheet). */
  format: z.enum(EXPORT_FORMATS).default('csv'),
  /**
   * Comma-separated export columns in the file's order (`first_name,email,cf.size`); list-view
   * aliases ({@link EXPORT_COLUMN_ALIASES}) expand in place. Default: every column but `updated_at`,
   * then the custom fields. An unknown column → 400 `query.columns`.
   */
  columns: z.string().trim().min(1).max(4000).optional(),
};

/** Drops the paging keys of a list query: an export has every matching record. */
function exportQuery<S extends z.ZodRawShape & { limit: unknown; cursor: unknown }>(shape: S) {
  const { limit: _limit, cursor: _cursor, ...rest } = shape;
  return withCustomFilters({ ...rest, ...exportOptions });
}

/**
 * The query of `GET /api/v1/exports/{entity}`: the entity's list filters and `sort` (same names,
 * same validation, same default `-updated_at`) plus `format` and `columns`.
 */
export const EXPORT_QUERIES = {
  companies: exportQuery(CompanyListQuery.shape),
  contacts: exportQuery(ContactListQuery.shape),
  leads: exportQuery(LeadListQuery.shape),
  deals: exportQuery(DealListQuery.shape),
};
export type ExportQuery = z.infer<(typeof EXPORT_QUERIES)['contacts']>;
