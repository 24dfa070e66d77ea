/**
 * Imports (issue 6, migration 0017): an uploaded file and its life cycle, the file's bytes in 1 MiB
 * rows (any instance can read them; a restart finds them), the per-row issues of the dry run and the
 * run, the change log a revert replays (one row per record the import created or first updated, with
 * the updated fields' values before), and saved mappings.
 *
 * Resumability: the run writes each chunk of rows in ONE transaction together with `checkpoint` (the
 * spreadsheet row number of the last row done) and the counters; `lease_token` / `lease_expires_at`
 * say which worker runs the import (renewed per chunk; a stale lease is taken over).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
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

/** `bytea` as a Node Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const imports = pgTable(
  'imports',
  {
    ...tenantKeys(),
    /** companies | contacts | leads | deals | activities | notes. */
    entity: text('entity').notNull(),
    /** uploaded | dry_running | validated | queued | running | completed | failed | reverting | reverted. */
    status: text('status').notNull().default('uploaded'),
    file_name: text('file_name').notNull(),
    file_size: bigint('file_size', { mode: 'number' }).notNull(),
    /** csv | xlsx | vcf. */
    file_format: text('file_format').notNull(),
    /** What inspection found: encoding, delimiter, sheets, sheet, headers, rowCount. */
    file_info: jsonb('file_info').$type<Record<string, unknown>>().notNull(),
    sample_rows: jsonb('sample_rows').$type<string[][]>().notNull().default([]),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull().default({}),
    suggested_mapping: jsonb('suggested_mapping').$type<Record<string, string | null>>().notNull().default({}),
    detected_date_order: text('detected_date_order'),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    rows_total: integer('rows_total').notNull().default(0),
    rows_done: integer('rows_done').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    warnings: integer('warnings').notNull().default(0),
    /** Spreadsheet row number (header = 1) of the last row of the last committed chunk; 0 = none. */
    checkpoint: integer('checkpoint').notNull().default(0),
    dry_run: jsonb('dry_run').$type<Record<string, unknown>>(),
    error: jsonb('error').$type<{ code: string; message: string }>(),
    dry_run_started_at: tstz('dry_run_started_at'),
    dry_run_finished_at: tstz('dry_run_finished_at'),
    started_at: tstz('started_at'),
    finished_at: tstz('finished_at'),
    revert_started_at: tstz('revert_started_at'),
    reverted_at: tstz('reverted_at'),
    /** The worker running the import (random per job run) and until when its claim holds. */
    lease_token: text('lease_token'),
    lease_expires_at: tstz('lease_expires_at'),
    created_by: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    reverted_by: uuid('reverted_by').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    index('imports_org_created_idx').on(t.org_id, t.created_at, t.id),
    check(
      'imports_status_check',
      sql`${t.status} in ('uploaded', 'dry_running', 'validated', 'queued', 'running', 'completed', 'failed', 'reverting', 'reverted')`,
    ),
  ],
);

export const import_file_chunks = pgTable(
  'import_file_chunks',
  {
    ...tenantKeys(),
    import_id: uuid('import_id').notNull(),
    /** 0-based order of the chunk in the file. */
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    unique('import_file_chunks_seq_key').on(t.org_id, t.import_id, t.seq),
    foreignKey({
      name: 'import_file_chunks_import_fk',
      columns: [t.org_id, t.import_id],
      foreignColumns: [imports.org_id, imports.id],
    }).onDelete('cascade'),
  ],
);

export const import_issues = pgTable(
  'import_issues',
  {
    ...tenantKeys(),
    import_id: uuid('import_id').notNull(),
    /** dry_run | run. */
    phase: text('phase').notNull(),
    /** Spreadsheet row number (header = 1, first data row = 2). */
    row: integer('row').notNull(),
    /** 0-based column index; null for a row-level issue. */
    column: integer('column'),
    column_name: text('column_name'),
    value: text('value'),
    message: text('message').notNull(),
    /** error | warning. */
    severity: text('severity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    index('import_issues_import_row_idx').on(t.org_id, t.import_id, t.row, t.id),
    foreignKey({
      name: 'import_issues_import_fk',
      columns: [t.org_id, t.import_id],
      foreignColumns: [imports.org_id, imports.id],
    }).onDelete('cascade'),
    check('import_issues_severity_check', sql`${t.severity} in ('error', 'warning')`),
  ],
);

export const import_changes = pgTable(
  'import_changes',
  {
    ...tenantKeys(),
    import_id: uuid('import_id').notNull(),
    /** companies | contacts | leads | deals | activities | notes | tags | stages. */
    entity: text('entity').notNull(),
    record_id: uuid('record_id').notNull(),
    /** created | updated. */
    action: text('action').notNull(),
    /** For `updated`: the changed columns' values before the import (column name → value). */
    before: jsonb('before').$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    // The first change of a record by an import is the one a revert restores.
    unique('import_changes_record_key').on(t.org_id, t.import_id, t.entity, t.record_id),
    foreignKey({
      name: 'import_changes_import_fk',
      columns: [t.org_id, t.import_id],
      foreignColumns: [imports.org_id, imports.id],
    }).onDelete('cascade'),
    check('import_changes_action_check', sql`${t.action} in ('created', 'updated')`),
  ],
);

export const import_mappings = pgTable(
  'import_mappings',
  {
    ...tenantKeys(),
    name: text('name').notNull(),
    entity: text('entity').notNull(),
    /** Header name → target key (null = ignore). */
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    created_by: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    unique('import_mappings_name_key').on(t.org_id, t.entity, t.name),
  ],
);
