/** Shapes of import sources (see source.ts). */
export type FileFormat = 'csv' | 'xlsx' | 'vcf';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251' | 'windows-1252' | 'iso-8859-1';
export const TEXT_ENCODINGS: readonly TextEncoding[] = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1251',
  'windows-1252',
  'iso-8859-1',
];

/** How to read a file: its format, and overrides of what is otherwise detected (CSV) or the sheet (XLSX). */
export interface SourceOptions {
  format: FileFormat;
  encoding?: TextEncoding;
  delimiter?: string;
  sheet?: string;
}

/** What {@link inspectSource} found; pass it back to `readRows`. */
export interface SourceInfo {
  format: FileFormat;
  /** CSV: the text encoding used; XLSX: null. */
  encoding: TextEncoding | null;
  /** CSV: the field delimiter; XLSX: null. */
  delimiter: string | null;
  /** XLSX: the sheet names in workbook order; CSV: []. */
  sheets: string[];
  /** XLSX: the sheet read; CSV: null. */
  sheet: string | null;
  /** Header cells, trimmed; an empty header cell is named `Column <n>` (1-based). */
  headers: string[];
  /** Data rows, header excluded; blank rows (every cell empty) are not counted. */
  rowCount: number;
}

/** One data row. */
export interface SourceRow {
  /** Spreadsheet row number: header = 1, first data row = 2 (a CSV record spanning lines is one row). */
  row: number;
  /** Exactly `headers.length` strings as in the file ('' for empty; not trimmed). */
  cells: string[];
}
