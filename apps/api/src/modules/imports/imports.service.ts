/**
 * Imports: upload (store + inspect + suggest), read, list, change mapping/options. The dry run, run
 * and revert are jobs (imports.jobs.ts). Every function takes the request transaction and works in
 * the caller's organisation; other organisations' ids answer 404.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import {
  CUSTOM_FIELD_TYPES,
  customFieldKeyOf,
  defaultImportOptions,
  type Import,
  type ImportEntity,
  type ImportListQuery,
  type ImportOptions,
  type UpdateImportBody,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { import_mappings, imports } from '../../db/schema/index.js';
import { AppError, invalid, notFound, unprocessable } from '../../lib/errors.js';
import { afterCursor, toPage } from '../../lib/pagination.js';
import { staleVersion } from '../../lib/versioning.js';
import { customFieldTarget, type ImportField } from './fields.js';
import {
  detectFormat,
  type FileFormat,
  ImportFileError,
  inspectSource,
  readRows,
  type SourceInfo,
} from './files/source.js';
import { openInTx, storeFile } from './imports.files.js';
import { checkMapping, defaultUpsertKey, mergeOptions, targetsOf } from './imports.mapping.js';
import { fileInfoOf, optionsOf, toImports, type ImportRow } from './imports.view.js';
import { suggestMapping } from './mapping/suggest.js';
import { detectDateOrder } from './values/index.js';

/** 400 carrying the file error's code (`details.file_error`) and row. */
export function fileError(err: ImportFileError): AppError {
  return new AppError('bad_request', err.message, {
    file_error: err.code,
    ...(err.row !== undefined ? { row: err.row } : {}),
  });
}

/**
 * The one place that turns a detected format into a readable source format (CSV, XLSX or vCard);
 * other binaries (legacy .xls, images, PDFs) → `binary_file`.
 */
function sourceFormat(fileName: string, head: Buffer): FileFormat {
  const format = detectFormat(fileName, head);
  if (format) return format;
  throw new AppError(
    'bad_request',
    'This is not a CSV, Excel (.xlsx) or vCard (.vcf) file: save it as one of those and upload it again',
    { file_error: 'binary_file' },
  );
}

/** Inspects the stored file with the import's overrides; a malformed file → 400. */
async function inspect(tx: Tx, row: Pick<ImportRow, 'org_id' | 'id' | 'file_format'>, options: ImportOptions) {
  try {
    return await inspectSource(openInTx(tx, { orgId: row.org_id, importId: row.id }), {
      format: row.file_format as FileFormat,
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
      ...(options.sheet ? { sheet: options.sheet } : {}),
    });
  } catch (err) {
    if (err instanceof ImportFileError) throw fileError(err);
    throw err;
  }
}

/** The first `n` data rows, and per column up to 200 sample values (date-order detection). */
async function samples(tx: Tx, row: Pick<ImportRow, 'org_id' | 'id'>, info: SourceInfo) {
  const first: string[][] = [];
  const byColumn: string[][] = info.headers.map(() => []);
  let n = 0;
  for await (const r of readRows(openInTx(tx, { orgId: row.org_id, importId: row.id }), info)) {
    if (first.length < 5) first.push(r.cells);
    r.cells.forEach((c, i) => {
      if (c.trim()) byColumn[i]!.push(c.trim());
    });
    if (++n >= 200) break;
  }
  return { first, byColumn };
}

const DATE_TYPES = new Set(['date', 'datetime']);

/** Date order detected from the sample values of the columns mapped to date targets. */
function dateOrderOf(mapping: Record<string, string | null>, fields: ImportField[], byColumn: string[][]) {
  const values: string[] = [];
  for (const [col, target] of Object.entries(mapping)) {
    const f = fields.find((x) => x.key === target);
    if (f && DATE_TYPES.has(f.type)) values.push(...(byColumn[Number(col)] ?? []));
  }
  return values.length ? detectDateOrder(values) : null;
}

const storedInfo = (info: SourceInfo) => ({
  encoding: info.encoding,
  delimiter: info.delimiter,
  sheets: info.sheets,
  sheet: info.sheet,
  headers: info.headers,
  rowCount: info.rowCount,
});

/**
 * `POST /imports`: stores the body in 1 MiB chunks, inspects it (400 + nothing kept when malformed;
 * 413 beyond `maxMb`), suggests a mapping from the headers and detects the date order. Status
 * `uploaded`.
 */
export async function createImport(
  tx: Tx,
  params: {
    orgId: string;
    userId: string;
    entity: ImportEntity;
    fileName: string;
    body: AsyncIterable<Buffer | string>;
    maxMb: number;
  },
): Promise<Import> {
  const { orgId } = params;
  const id = uuidv7();
  const options = defaultImportOptions();
  await tx.insert(imports).values({
    org_id: orgId,
    id,
    entity: params.entity,
    file_name: params.fileName,
    file_size: 0,
    file_format: 'csv',
    file_info: {},
    options,
    created_by: params.userId,
  });
  const { size, head } = await storeFile(tx, { orgId, importId: id, body: params.body, maxMb: params.maxMb });
  if (size === 0) throw new AppError('bad_request', 'The file is empty.', { file_error: 'empty_file' });
  const format = sourceFormat(params.fileName, head);
  const info = await inspect(tx, { org_id: orgId, id, file_format: format }, options);
  const { first, byColumn } = await samples(tx, { org_id: orgId, id }, info);
  const { fields, customFields } = await targetsOf(tx, { orgId, entity: params.entity });
  const suggested: Record<string, string | null> = {};
  for (const s of suggestMapping({ entity: params.entity, headers: info.headers, customFields })) {
    suggested[String(s.column)] = s.target;
  }
  const detected = dateOrderOf(suggested, fields, byColumn);
  const [row] = await tx
    .update(imports)
    .set({
      file_size: size,
      file_format: format,
      file_info: storedInfo(info),
      sample_rows: first,
      mapping: suggested,
      suggested_mapping: suggested,
      detected_date_order: detected,
      options: { ...options, upsert_key: defaultUpsertKey(params.entity, suggested) },
      rows_total: info.rowCount,
    })
    .where(and(eq(imports.org_id, orgId), eq(imports.id, id)))
    .returning();
  return (await toImports(tx, orgId, [row!]))[0]!;
}

/** The import row, or 404. `forUpdate` locks it. */
export async function importRow(tx: Tx, params: { orgId: string; id: string; forUpdate?: boolean }) {
  const q = tx
    .select()
    .from(imports)
    .where(and(eq(imports.org_id, params.orgId), eq(imports.id, params.id)));
  const [row] = params.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Import');
  return row;
}

export async function getImport(tx: Tx, params: { orgId: string; id: string }): Promise<Import> {
  return (await toImports(tx, params.orgId, [await importRow(tx, params)]))[0]!;
}

/** `GET /imports`: newest first, keyset by (created_at, id). */
export async function listImports(tx: Tx, params: { orgId: string; query: ImportListQuery }) {
  const { query } = params;
  const sort = { column: imports.created_at, id: imports.id, direction: 'desc' as const, kind: 'timestamp' as const };
  const rows = await tx
    .select()
    .from(imports)
    .where(
      and(
        eq(imports.org_id, params.orgId),
        query.entity ? eq(imports.entity, query.entity) : undefined,
        query.status ? eq(imports.status, query.status) : undefined,
        afterCursor(sort, query.cursor),
      ),
    )
    .orderBy(desc(imports.created_at), desc(imports.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => [r.created_at, r.id]);
  return { data: await toImports(tx, params.orgId, page.data), next_cursor: page.next_cursor };
}

/** A custom-field key from a label (`Lead score` → `lead_score`): {@link customFieldKeyOf} of @relata/shared. */
export const keyOfLabel = customFieldKeyOf;

/** The catalogue plus the fields the import will create (`options.new_custom_fields`). */
export function withNewFields(fields: ImportField[], options: ImportOptions): ImportField[] {
  const extra = options.new_custom_fields.map((n) =>
    customFieldTarget({ key: keyOfLabel(n.label), label: n.label, type: n.type }),
  );
  return [...fields, ...extra.filter((e) => !fields.some((f) => f.key === e.key))];
}

const EDITABLE = new Set(['uploaded', 'validated']);
const CHOICE = new Set(['select', 'multi_select']);

/**
 * `PATCH /imports/{id}` while `uploaded` or `validated` (else 409): applies a saved mapping
 * (`mapping_id`, by header name, case-insensitive), then `mapping`, then `options`; a changed
 * encoding / delimiter / sheet re-inspects the file (400 when it no longer reads). Checks the result
 * (imports.mapping.ts `checkMapping`). A validated import returns to `uploaded` (its dry run is
 * stale).
 */
export async function updateImport(
  tx: Tx,
  params: { orgId: string; id: string; body: UpdateImportBody; expectedVersion?: number | undefined },
): Promise<Import> {
  const row = await importRow(tx, { ...params, forUpdate: true });
  if (params.expectedVersion !== undefined && params.expectedVersion !== row.version) throw staleVersion(row.version);
  if (!EDITABLE.has(row.status)) {
    throw new AppError('conflict', `The import is ${row.status}: its mapping can no longer change`);
  }
  const entity = row.entity as ImportEntity;
  let info = fileInfoOf(row);
  let mapping = { ...row.mapping };
  let options = optionsOf(row);
  const body = params.body;
  if (body.mapping_id) {
    const [saved] = await tx
      .select()
      .from(import_mappings)
      .where(and(eq(import_mappings.org_id, params.orgId), eq(import_mappings.id, body.mapping_id)));
    if (!saved) throw notFound('Import mapping');
    if (saved.entity !== entity) {
      throw unprocessable(`The saved mapping is for ${saved.entity}, not ${entity}`, { path: 'body.mapping_id' });
    }
    const byHeader = new Map(Object.entries(saved.mapping).map(([h, t]) => [h.trim().toLowerCase(), t]));
    mapping = {};
    info.headers.forEach((h, i) => {
      const t = byHeader.get(h.trim().toLowerCase());
      if (t !== undefined) mapping[String(i)] = t;
    });
    options = mergeOptions(options, saved.options);
  }
  if (body.mapping) mapping = { ...body.mapping };
  const before = options;
  options = mergeOptions(options, body.options);
  options.new_custom_fields.forEach((n, i) => {
    if (CHOICE.has(n.type) || !CUSTOM_FIELD_TYPES.includes(n.type)) {
      throw invalid([
        { path: `body.options.new_custom_fields.${i}.type`, message: 'select fields cannot be created by an import' },
      ]);
    }
    mapping[String(n.column)] = `cf.${keyOfLabel(n.label)}`;
  });
  const reinspect =
    before.encoding !== options.encoding || before.delimiter !== options.delimiter || before.sheet !== options.sheet;
  let sampleRows = row.sample_rows;
  let rowsTotal = row.rows_total;
  let detected = row.detected_date_order;
  const { fields } = await targetsOf(tx, { orgId: params.orgId, entity });
  const all = withNewFields(fields, options);
  if (reinspect) {
    const next = await inspect(tx, row, options);
    const s = await samples(tx, row, next);
    info = storedInfo(next);
    sampleRows = s.first;
    rowsTotal = next.rowCount;
    detected = dateOrderOf(mapping, all, s.byColumn);
  }
  if (body.mapping && body.options?.upsert_key === undefined && !mappedKeyStillThere(options.upsert_key, mapping)) {
    options.upsert_key = defaultUpsertKey(entity, mapping);
  }
  checkMapping({ entity, mapping, options, fields: all, columns: info.headers.length });
  const [updated] = await tx
    .update(imports)
    .set({
      mapping,
      options,
      file_info: info as unknown as Record<string, unknown>,
      sample_rows: sampleRows,
      rows_total: rowsTotal,
      detected_date_order: detected,
      status: 'uploaded',
      dry_run: null,
      version: sql`${imports.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(imports.org_id, params.orgId), eq(imports.id, params.id)))
    .returning();
  return (await toImports(tx, params.orgId, [updated!]))[0]!;
}

const mappedKeyStillThere = (key: string, mapping: Record<string, string | null>) =>
  key === 'none' || Object.values(mapping).includes(key);
