/**
 * XLSX rows streamed with exceljs's WorkbookReader (bounded memory: shared strings and styles are
 * cached, rows are not). Cells become strings: dates as ISO 8601 (`2021-04-15` when the time is
 * midnight, else `2021-04-15T10:30:00.000Z` — Excel times carry no zone, they are read as UTC),
 * numbers as JavaScript prints them (`1234.5`, no locale grouping), formulas as their cached
 * result, rich text and hyperlinks as their text, booleans as `true` / `false`, errors as `#N/A`….
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ImportFileError } from './errors.js';

export interface XlsxRow {
  /** The sheet's own row number (1-based). */
  row: number;
  cells: string[];
}

/** ISO 8601 text of an Excel date (read as UTC wall time). */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** The text of one cell value as exceljs gives it. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if ('hyperlink' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
    if ('text' in o) return cellText(o.text);
  }
  return '';
}

/** Cells 1..n of a row's sparse `values` array as strings (trailing empties dropped). */
function rowCells(values: unknown): string[] {
  const arr = Array.isArray(values) ? (values as unknown[]) : [];
  const out: string[] = [];
  for (let i = 1; i < arr.length; i++) out.push(cellText(arr[i]));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

const notXlsx = () => new ImportFileError('not_xlsx', 'This file cannot be read as an Excel workbook (.xlsx).');

interface SheetMeta {
  name: string;
}

/**
 * The rows of one sheet (`sheet`, else the workbook's first), and at the end the sheet names.
 * Yields `{ row, cells }` for every row exceljs reports (rows never written are skipped by it);
 * returns the list of sheet names. Throws `sheet_not_found` (after the scan) for an unknown sheet,
 * `not_xlsx` for a ZIP that is not a workbook or a damaged file.
 */
export async function* xlsxRows(open: () => Readable, sheet?: string): AsyncGenerator<XlsxRow, string[]> {
  const source = open();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const model = () => (reader as unknown as { model?: { sheets?: SheetMeta[] } }).model;
  let found = false;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name;
      const wanted = sheet ?? model()?.sheets?.[0]?.name ?? name;
      if (found || name === undefined || name !== wanted) {
        // Read a skipped sheet through: when a workbook stores its sheets before the shared strings,
        // exceljs parks each sheet in a temp file, opens a read stream on it lazily and deletes the
        // file as soon as the sheet is passed over — a sheet left unread then fails its deferred
        // open with ENOENT on a stream nobody listens to, an uncaught exception (seen in CI).
        for await (const _row of ws as unknown as AsyncIterable<unknown>) void _row;
        continue;
      }
      found = true;
      for await (const row of ws as unknown as AsyncIterable<{ number: number; values: unknown }>) {
        yield { row: row.number, cells: rowCells(row.values) };
      }
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw notXlsx();
  } finally {
    source.destroy();
  }
  const sheets = (model()?.sheets ?? []).map((s) => s.name);
  if (sheets.length === 0) throw notXlsx();
  if (!found) {
    throw new ImportFileError(
      'sheet_not_found',
      sheet === undefined
        ? 'The workbook has no readable sheet.'
        : `The workbook has no sheet named "${sheet}" (sheets: ${sheets.join(', ')}).`,
    );
  }
  return sheets;
}
