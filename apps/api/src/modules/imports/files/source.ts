/**
 * Import sources (issue 6 "Files"): CSV and XLSX files read as streams with bounded memory, and
 * vCard files (vcf.ts) read whole.
 * {@link inspectSource} validates the whole file once, before anything is written; {@link readRows}
 * streams the data rows, resumable after a row number. The file's bytes come from `open()`, which
 * gives a fresh Readable on each call (the upload lives in database chunks).
 *
 * Column-count policy: a row with fewer cells than the header is padded with '' (spreadsheets and
 * many exporters drop trailing empty cells); extra cells are dropped when empty (trailing
 * delimiters) and otherwise fail with `too_many_columns` naming the row. Blank rows (every cell
 * empty) are skipped but keep the spreadsheet numbering.
 */
import type { Readable } from 'node:stream';
import { csvRecords } from './csv.js';
import { bomEncoding, decodeSample, detectEncoding, isZip, readHead, sniffDelimiter } from './detect.js';
import { ImportFileError } from './errors.js';
import { fitRow, isBlank, shapeHeader } from './shape.js';
import type { SourceInfo, SourceOptions, SourceRow, TextEncoding } from './types.js';
import { vcfTable } from './vcf.js';
import { xlsxRows } from './xlsx.js';

export { ImportFileError } from './errors.js';
export type { ImportFileErrorCode } from './errors.js';
export { detectFormat } from './detect.js';
export type { FileFormat, SourceInfo, SourceOptions, SourceRow, TextEncoding } from './types.js';
export { TEXT_ENCODINGS } from './types.js';

/** Header row + data rows of a source, not yet fitted (shared by inspect and read). */
type RawRows = AsyncGenerator<{ row: number; cells: string[] }, unknown>;

async function csvSetup(open: () => Readable, opts: SourceOptions) {
  const head = await readHead(open);
  const afterBom = head.subarray(bomEncoding(head) ? (bomEncoding(head) === 'utf-8' ? 3 : 2) : 0);
  if (afterBom.toString('latin1').trim() === '') {
    throw new ImportFileError('empty_file', 'The file is empty.');
  }
  if (isZip(head) && !opts.encoding) {
    throw new ImportFileError('binary_file', 'This is a spreadsheet (XLSX) file, not a CSV text file: choose XLSX.');
  }
  const encoding: TextEncoding = opts.encoding ?? detectEncoding(head);
  if (opts.delimiter !== undefined && [...opts.delimiter].length !== 1) {
    throw new ImportFileError('bad_record', 'The delimiter must be a single character.');
  }
  const delimiter = opts.delimiter ?? sniffDelimiter(decodeSample(head, encoding));
  return { encoding, delimiter };
}

/**
 * Reads the whole file once and describes it: encoding (explicit option, else BOM, else detected),
 * delimiter (explicit, else sniffed among `, ; \t |`), sheets, header and data-row count. Throws
 * {@link ImportFileError} for a malformed file: `empty_file`, `binary_file`, `bad_encoding`,
 * `no_header`, `duplicate_headers`, `too_many_columns`, `no_rows`, `unbalanced_quotes`,
 * `bad_record` (CSV); `not_xlsx`, `sheet_not_found` (XLSX) — with `row` when one row is at fault.
 */
export async function inspectSource(open: () => Readable, opts: SourceOptions): Promise<SourceInfo> {
  if (opts.format === 'vcf') {
    const { headers, rows } = await vcfTable(open);
    return { format: 'vcf', encoding: null, delimiter: null, sheets: [], sheet: null, headers, rowCount: rows.length };
  }
  if (opts.format === 'csv') {
    const { encoding, delimiter } = await csvSetup(open, opts);
    const { headers, rowCount } = await scan(csvRecords(open, encoding, delimiter, { validateUtf8: true }));
    return { format: 'csv', encoding, delimiter, sheets: [], sheet: null, headers, rowCount };
  }
  const head = await readHead(open, 4);
  if (head.length === 0) throw new ImportFileError('empty_file', 'The file is empty.');
  if (!isZip(head)) {
    throw new ImportFileError('not_xlsx', 'This file is not an Excel workbook (.xlsx); for a CSV file choose CSV.');
  }
  const rows = xlsxRows(open, opts.sheet);
  const { headers, rowCount, result } = await scan(rows);
  const sheets = result as string[];
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheets,
    sheet: opts.sheet ?? sheets[0] ?? null,
    headers,
    rowCount,
  };
}

/** A .vcf's table as raw rows: the header (row 1), then card n as row n + 1. */
async function* vcfRows(open: () => Readable): RawRows {
  const { headers, rows } = await vcfTable(open);
  yield { row: 1, cells: headers };
  for (const [i, cells] of rows.entries()) yield { row: i + 2, cells };
  return null;
}

/** Header + counted, validated data rows; the generator's return value is passed on. */
async function scan(rows: RawRows): Promise<{ headers: string[]; rowCount: number; result: unknown }> {
  let headers: string[] | null = null;
  let rowCount = 0;
  for (;;) {
    const next = await rows.next();
    if (next.done) {
      if (headers === null) throw new ImportFileError('empty_file', 'The file (or sheet) holds no rows.');
      if (rowCount === 0) {
        throw new ImportFileError('no_rows', 'The file has a header row but no data rows.');
      }
      return { headers, rowCount, result: next.value };
    }
    const { row, cells } = next.value;
    if (headers === null) {
      if (isBlank(cells)) continue;
      if (row !== 1) throw new ImportFileError('no_header', `Row 1 is empty: it must hold the column names.`, 1);
      headers = shapeHeader(cells);
      continue;
    }
    if (isBlank(cells)) continue;
    fitRow(cells, headers.length, row);
    rowCount++;
  }
}

/**
 * The data rows in file order: `row` = spreadsheet row number (header = 1, first data row = 2; a CSV
 * record spanning lines is one row; blank rows skipped), `cells` = exactly `info.headers.length`
 * strings ('' for empty, as in the file), only rows after `after` (resume after a checkpoint).
 * Errors as {@link inspectSource} (a file that passed inspection raises none unless it changed).
 */
export async function* readRows(
  open: () => Readable,
  info: SourceInfo,
  opts: { after?: number } = {},
): AsyncGenerator<SourceRow> {
  const after = opts.after ?? 1;
  const width = info.headers.length;
  const rows: RawRows =
    info.format === 'csv'
      ? csvRecords(open, info.encoding ?? 'utf-8', info.delimiter ?? ',')
      : info.format === 'vcf'
        ? vcfRows(open)
        : xlsxRows(open, info.sheet ?? undefined);
  let header = true;
  for await (const { row, cells } of rows) {
    if (header) {
      if (!isBlank(cells)) header = false;
      continue;
    }
    if (row <= after || isBlank(cells)) continue;
    yield { row, cells: fitRow(cells, width, row) };
  }
}
