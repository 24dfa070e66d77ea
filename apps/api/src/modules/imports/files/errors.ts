/**
 * The error a malformed import file raises (issue 6 "Limits": a clear error before anything is
 * written). `code` is stable for the API / UI; `row` is the spreadsheet row number (header = 1) when
 * the problem is in one record.
 */
export type ImportFileErrorCode =
  | 'empty_file'
  | 'binary_file'
  | 'no_header'
  | 'no_rows'
  | 'unbalanced_quotes'
  | 'bad_encoding'
  | 'bad_record'
  | 'not_xlsx'
  | 'sheet_not_found'
  | 'duplicate_headers'
  | 'too_many_columns';

export class ImportFileError extends Error {
  readonly code: ImportFileErrorCode;
  readonly row?: number;
  constructor(code: ImportFileErrorCode, message: string, row?: number) {
    super(message);
    this.name = 'ImportFileError';
    this.code = code;
    if (row !== undefined) this.row = row;
  }
}
