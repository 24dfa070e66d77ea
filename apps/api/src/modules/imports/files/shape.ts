/**
 * Header and row shaping common to CSV and XLSX: header validation (present, unique, not too wide)
 * and fitting data rows to the header's width.
 */
import { ImportFileError } from './errors.js';

/** Widest file accepted. */
export const MAX_COLUMNS = 1000;

const looksLikeData = (s: string) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) || // an email address
  /^[-+(]?[\d\s.,:/()%$€£¥-]+$/.test(s); // a number, amount, date or phone

/**
 * The header of a file from its first row's cells: trimmed, trailing empty cells dropped, empty
 * cells named `Column <n>`. Throws `no_header` when the row is empty or every cell looks like a value
 * (numbers, dates, emails), `duplicate_headers` when two columns share a name (case-insensitively),
 * `too_many_columns` beyond {@link MAX_COLUMNS}.
 */
export function shapeHeader(cells: string[]): string[] {
  const trimmed = cells.map((c) => c.trim());
  let width = trimmed.length;
  while (width > 0 && trimmed[width - 1] === '') width--;
  if (width === 0) {
    throw new ImportFileError('no_header', 'The first row is empty: it must hold the column names.', 1);
  }
  if (width > MAX_COLUMNS) {
    throw new ImportFileError(
      'too_many_columns',
      `The file has ${width} columns; at most ${MAX_COLUMNS} are supported.`,
      1,
    );
  }
  const headers = trimmed.slice(0, width).map((h, i) => (h === '' ? `Column ${i + 1}` : h));
  const named = trimmed.slice(0, width).filter((h) => h !== '');
  if (named.every(looksLikeData)) {
    throw new ImportFileError(
      'no_header',
      `The first row (${named.slice(0, 3).join(', ')}) looks like data, not column names: add a header row.`,
      1,
    );
  }
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = h.toLowerCase();
    const first = seen.get(k);
    if (first !== undefined) {
      throw new ImportFileError(
        'duplicate_headers',
        `Column names must be unique: "${h}" is the name of columns ${first + 1} and ${i + 1}.`,
        1,
      );
    }
    seen.set(k, i);
  });
  return headers;
}

/** Every cell empty (after trimming). */
export const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * A data row fitted to `width` cells: short rows are padded with '' (spreadsheets drop trailing
 * empty cells); extra cells are dropped when empty (trailing delimiters), else `too_many_columns`.
 */
export function fitRow(cells: string[], width: number, row: number): string[] {
  if (cells.length === width) return cells;
  if (cells.length < width) return cells.concat(Array<string>(width - cells.length).fill(''));
  const extra = cells.slice(width);
  if (extra.some((c) => c.trim() !== '')) {
    throw new ImportFileError(
      'too_many_columns',
      `Row ${row} has ${cells.length} values but the header has ${width} columns (a delimiter or quote may be misplaced).`,
      row,
    );
  }
  return cells.slice(0, width);
}
