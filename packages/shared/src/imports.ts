/**
 * Imports (issue 6, DESIGN §2 "Import / export"): a file (CSV, XLSX or vCard) uploaded as the raw
 * request body, inspected, mapped column by column onto the import targets of one entity, validated by
 * a dry run, then written by a background job in chunks (one transaction per chunk with its
 * checkpoint), and revertible. Saved mappings (`/api/v1/import-mappings`) are reusable by header name.
 *
 * Target keys (`mapping` values) are the API's snake_case field names of the entity's Create*Body
 * with relations by name (`owner`, `company`, `company_domain`, `contact_email`, `pipeline`, `stage`,
 * `tags`, `record_external_id`, …) and `cf.<custom field key>`; the catalogue is served by the API
 * (`apps/api/src/modules/imports/fields.ts`). Times are UTC ISO 8601; money is integer minor units.
 * Names are prefixed `Import…` so they never collide with other domains' exports.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { CustomFieldType } from './custom-fields.js';
import { Currency, RecordRef } from './records.js';

/** Record types an import writes. */
export const IMPORT_ENTITY_TYPES = ['companies', 'contacts', 'leads', 'deals', 'activities', 'notes'] as const;
export const ImportEntity = z.enum(IMPORT_ENTITY_TYPES);
export type ImportEntity = z.infer<typeof ImportEntity>;

/** File formats understood. */
export const IMPORT_FORMATS = ['csv', 'xlsx', 'vcf'] as const;
export const ImportFormat = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormat>;

/**
 * Life cycle: `uploaded` → (`dry_running` → `validated`) → `queued` → `running` → `completed` |
 * `failed`; a completed (or failed) import → `reverting` → `reverted`. A dry run is optional but
 * recommended; PATCH is allowed while `uploaded` or `validated` (a PATCH after a dry run returns the
 * import to `uploaded`).
 */
export const IMPORT_STATUSES = [
  'uploaded',
  'dry_running',
  'validated',
  'queued',
  'running',
  'completed',
  'failed',
  'reverting',
  'reverted',
] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** How ambiguous numeric dates are read: day/month/year, month/day/year or year/month/day. */
export const ImportDateOrder = z.enum(['dmy', 'mdy', 'ymd']);
export type ImportDateOrder = z.infer<typeof ImportDateOrder>;

/** Encodings a CSV may be read in (detected, or chosen by the user). */
export const ImportEncoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', 'windows-1252', 'iso-8859-1']);
export type ImportEncoding = z.infer<typeof ImportEncoding>;

/** What to do with an owner (member name or email) that matches no member of the organisation. */
export const ImportUnknownOwners = z.enum(['unassigned', 'create_inactive', 'error']);
export type ImportUnknownOwners = z.infer<typeof ImportUnknownOwners>;

/** A target key: a catalogue key of the entity (`first_name`, `owner`, `stage`) or `cf.<key>`. */
export const ImportTargetKey = z.string().trim().min(1).max(60);

/**
 * The mapping: column index (0-based, as a string: JSON keys) → target key, or null to ignore the
 * column. Columns left out are ignored.
 */
export const ImportColumnMapping = z.record(
  z.string().regex(/^\d{1,4}$/, { error: 'must be a column index' }),
  ImportTargetKey.nullable(),
);
export type ImportColumnMapping = z.infer<typeof ImportColumnMapping>;

/** A custom field the import creates from a column before writing (the column is then mapped to it). */
export const ImportNewCustomField = z.strictObject({
  /** Column index (0-based). */
  column: z.number().int().min(0).max(9999),
  label: z.string().trim().min(1, { error: 'is required' }).max(100),
  type: CustomFieldType,
});
export type ImportNewCustomField = z.infer<typeof ImportNewCustomField>;

/**
 * Upsert key: how a row finds the record it updates. `external_id`; `email` (contacts, leads);
 * `domain` or `name` (companies); `none` (every row creates); or any other mapped target key (e.g.
 * `cf.legacy_id`, `phone`). Rows whose key is empty always create.
 */
export const ImportUpsertKey = z.string().trim().min(1).max(60);

/** Options of an import, as stored (defaults filled in). */
export const ImportOptions = z.object({
  /** Overrides of what inspection detected (null: detected). Changing one re-inspects the file. */
  encoding: ImportEncoding.nullable(),
  delimiter: z.string().nullable(),
  sheet: z.string().nullable(),
  /** Null: the detected order (or ISO only when nothing was detected). */
  date_order: ImportDateOrder.nullable(),
  /** IANA zone that date-times without an offset are read in (default `UTC`). */
  time_zone: z.string(),
  /** Currency of money values without one (default: none → a row with an amount and no currency fails). */
  default_currency: Currency.nullable(),
  /** Pipeline of deals / leads rows without a `pipeline` column (null: the default pipeline). */
  pipeline_id: Id.nullable(),
  upsert_key: ImportUpsertKey,
  create_missing_companies: z.boolean(),
  create_missing_stages: z.boolean(),
  create_missing_tags: z.boolean(),
  unknown_owners: ImportUnknownOwners,
  new_custom_fields: z.array(ImportNewCustomField),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

/** Options of a new import (the API's starting point; PATCH merges onto them). */
export function defaultImportOptions(): ImportOptions {
  return {
    encoding: null,
    delimiter: null,
    sheet: null,
    date_order: null,
    time_zone: 'UTC',
    default_currency: null,
    pipeline_id: null,
    upsert_key: 'none',
    create_missing_companies: false,
    create_missing_stages: false,
    create_missing_tags: true,
    unknown_owners: 'unassigned',
    new_custom_fields: [],
  };
}

/** Options as sent in PATCH (every field optional). */
export const ImportOptionsInput = z.strictObject({
  encoding: ImportEncoding.nullable().optional(),
  delimiter: z.string().min(1).max(4).nullable().optional(),
  sheet: z.string().min(1).max(200).nullable().optional(),
  date_order: ImportDateOrder.nullable().optional(),
  time_zone: z.string().trim().min(1).max(64).optional(),
  default_currency: Currency.nullable().optional(),
  pipeline_id: Id.nullable().optional(),
  upsert_key: ImportUpsertKey.optional(),
  create_missing_companies: z.boolean().optional(),
  create_missing_stages: z.boolean().optional(),
  create_missing_tags: z.boolean().optional(),
  unknown_owners: ImportUnknownOwners.optional(),
  new_custom_fields: z.array(ImportNewCustomField).max(50).optional(),
});
export type ImportOptionsInput = z.infer<typeof ImportOptionsInput>;

/** What inspection found in the file. */
export const ImportFileInfo = z.object({
  name: z.string(),
  size_bytes: z.number().int(),
  format: ImportFormat,
  /** CSV only (null for XLSX). */
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  /** XLSX only: every sheet's name, and the one read. */
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  headers: z.array(z.string()),
  /** Data rows (the header row not counted). */
  row_count: z.number().int(),
});
export type ImportFileInfo = z.infer<typeof ImportFileInfo>;

/** Progress of the last dry run or run (counts of data rows). */
export const ImportProgress = z.object({
  rows_total: z.number().int(),
  rows_done: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  warnings: z.number().int(),
  /**
   * Spreadsheet row number (header = 1, first data row = 2) of the last row of the last committed
   * chunk; 0 before the first. A resumed run continues after it.
   */
  checkpoint: z.number().int(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/** Result of the last dry run (null before one): what a run would do now. */
export const ImportDryRunResult = z.object({
  would_create: z.number().int(),
  would_update: z.number().int(),
  would_skip: z.number().int(),
  failing: z.number().int(),
  warnings: z.number().int(),
  /** What the run would create besides the rows: missing companies, stages, tags, owners by name. */
  would_create_related: z.object({
    companies: z.number().int(),
    stages: z.array(z.string()),
    tags: z.array(z.string()),
    owners: z.array(z.string()),
  }),
  finished_at: Timestamp,
});
export type ImportDryRunResult = z.infer<typeof ImportDryRunResult>;

/** Timings (null until reached). */
export const ImportTimings = z.object({
  dry_run_started_at: Timestamp.nullable(),
  dry_run_finished_at: Timestamp.nullable(),
  started_at: Timestamp.nullable(),
  finished_at: Timestamp.nullable(),
  revert_started_at: Timestamp.nullable(),
  reverted_at: Timestamp.nullable(),
});
export type ImportTimings = z.infer<typeof ImportTimings>;

/** An import as returned. `sample_rows`: the first 5 data rows as read (strings, "" for empty). */
export const Import = z.object({
  id: Id,
  entity: ImportEntity,
  status: ImportStatus,
  file: ImportFileInfo,
  sample_rows: z.array(z.array(z.string())),
  /** The current mapping (starts as the suggestion). */
  mapping: ImportColumnMapping,
  /** What the API suggested from the header names at upload. */
  suggested_mapping: ImportColumnMapping,
  /** Date order detected from the file's date columns (null: ambiguous or none). */
  detected_date_order: ImportDateOrder.nullable(),
  options: ImportOptions,
  progress: ImportProgress,
  dry_run: ImportDryRunResult.nullable(),
  timings: ImportTimings,
  /** Why a run or revert failed (null otherwise). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  created_by: RecordRef.nullable(),
  reverted_by: RecordRef.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  version: z.number().int(),
});
export type Import = z.infer<typeof Import>;

/**
 * `POST /api/v1/imports?entity=…&file_name=…` — the body is the raw file (`application/octet-stream`,
 * `text/csv`, the XLSX type or `text/vcard`), at most `RELATA_IMPORT_MAX_MB` (413 beyond). A malformed
 * file → 400 with the file error's code and message, and nothing is stored.
 */
export const CreateImportQuery = z.strictObject({
  entity: ImportEntity,
  file_name: z.string().trim().min(1, { error: 'is required' }).max(255),
});
export type CreateImportQuery = z.infer<typeof CreateImportQuery>;

/**
 * `PATCH /api/v1/imports/{id}` (`If-Match` honoured) while `uploaded` or `validated`. `mapping`
 * replaces the mapping; `mapping_id` applies a saved mapping (by header name, then its options);
 * `options` are merged. 400 with field paths for an unknown target (`body.mapping.3`), a target used
 * twice, a required target unmapped (`body.mapping`), a bad upsert key (`body.options.upsert_key`).
 */
export const UpdateImportBody = z.strictObject({
  mapping: ImportColumnMapping.optional(),
  mapping_id: Id.optional(),
  options: ImportOptionsInput.optional(),
});
export type UpdateImportBody = z.infer<typeof UpdateImportBody>;

/** `GET /api/v1/imports`: newest first, keyset; optional entity / status filters. */
export const ImportListQuery = z.strictObject({
  entity: ImportEntity.optional(),
  status: ImportStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type ImportListQuery = z.infer<typeof ImportListQuery>;

export const ImportIssueSeverity = z.enum(['error', 'warning']);
export type ImportIssueSeverity = z.infer<typeof ImportIssueSeverity>;

/**
 * One problem of one row. `row` is the spreadsheet row number (header = 1, first data row = 2; a
 * CSV record spanning several lines counts once);
 * `column` the 0-based column index and `column_name` its header (both null for a row-level issue);
 * `value` the cell as read. `phase` says whether the dry run or the run found it.
 */
export const ImportIssue = z.object({
  id: Id,
  row: z.number().int(),
  column: z.number().int().nullable(),
  column_name: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
  severity: ImportIssueSeverity,
  phase: z.enum(['dry_run', 'run']),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

/** `GET /api/v1/imports/{id}/issues`: by row then column, keyset; `severity` filters. */
export const ImportIssueQuery = z.strictObject({
  severity: ImportIssueSeverity.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(512).optional(),
});
export type ImportIssueQuery = z.infer<typeof ImportIssueQuery>;

/** A saved mapping: header name (exact, trimmed, case-insensitive on apply) → target key or null. */
export const ImportMapping = z.object({
  id: Id,
  name: z.string(),
  entity: ImportEntity,
  mapping: z.record(z.string(), ImportTargetKey.nullable()),
  options: ImportOptionsInput,
  created_by: RecordRef.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ImportMapping = z.infer<typeof ImportMapping>;

/**
 * `POST /api/v1/import-mappings` (member+). Names are unique per organisation and entity (409).
 * Either give `mapping` by header name, or `import_id` to save that import's mapping and options.
 */
export const CreateImportMappingBody = z
  .strictObject({
    name: z.string().trim().min(1, { error: 'is required' }).max(100),
    entity: ImportEntity,
    mapping: z.record(z.string().max(255), ImportTargetKey.nullable()).optional(),
    options: ImportOptionsInput.optional(),
    import_id: Id.optional(),
  })
  .refine((b) => b.mapping !== undefined || b.import_id !== undefined, {
    error: 'give mapping or import_id',
    path: ['mapping'],
  });
export type CreateImportMappingBody = z.infer<typeof CreateImportMappingBody>;

/** `GET /api/v1/import-mappings`: oldest first, keyset; optional entity filter. */
export const ImportMappingListQuery = z.strictObject({
  entity: ImportEntity.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: z.string().min(1).max(512).optional(),
});
export type ImportMappingListQuery = z.infer<typeof ImportMappingListQuery>;

/** One target field of the catalogue, as served by `GET /api/v1/imports/targets?entity=`. */
export const ImportTarget = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
});
export type ImportTarget = z.infer<typeof ImportTarget>;

/** `GET /api/v1/imports/targets?entity=` query. */
export const ImportTargetsQuery = z.strictObject({ entity: ImportEntity });
