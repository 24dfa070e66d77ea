/**
 * CSV records streamed with bounded memory: bytes → iconv-lite decoder (BOM dropped) → csv-parse
 * (RFC 4180 quoting, fields spanning lines, CRLF/LF/CR, any one-character delimiter). A quote inside
 * an unquoted field (`5" monitor`) is kept as text (csv-parse `relax_quotes`); a quote that is never
 * closed, or a record longer than {@link MAX_RECORD_CHARS}, is `unbalanced_quotes`.
 */
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { ImportFileError } from './errors.js';
import type { TextEncoding } from './types.js';

/** Longest record accepted (characters); a longer one is almost always an unclosed quote. */
export const MAX_RECORD_CHARS = 1_000_000;

export interface CsvRecord {
  /** 1-based record number (= spreadsheet row; the header is 1). */
  row: number;
  cells: string[];
}

/**
 * A pass-through that notes whether invalid UTF-8 occurred (iconv-lite then puts U+FFFD in its
 * place); the record loop turns the first record holding U+FFFD after that into `bad_encoding`.
 */
function utf8Check(state: { invalid: boolean }): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const check = (fn: () => void) => {
    if (state.invalid) return;
    try {
      fn();
    } catch {
      state.invalid = true;
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      check(() => decoder.decode(chunk, { stream: true }));
      done(null, chunk);
    },
    flush(done) {
      check(() => decoder.decode());
      done();
    },
  });
}

const badUtf8 = (row?: number) =>
  new ImportFileError(
    'bad_encoding',
    `The file is not valid UTF-8${row ? ` (row ${row})` : ''}: choose its encoding, e.g. Windows-1252 or Windows-1251.`,
    row,
  );

/** The ImportFileError for a csv-parse error at record `row`. */
function csvFailure(err: CsvError, row: number): ImportFileError {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportFileError('unbalanced_quotes', `Row ${row} opens a quoted value (") that is never closed.`, row);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new ImportFileError(
        'unbalanced_quotes',
        `Row ${row} has a quoted value followed by other characters before the next delimiter.`,
        row,
      );
    default:
      return new ImportFileError('bad_record', `Row ${row} cannot be read: ${err.message}`, row);
  }
}

/**
 * Every record of a CSV file, the header included, in order. An empty line is a record of one empty
 * cell (it keeps the row numbering of a spreadsheet). With `validateUtf8` (and a UTF-8 encoding)
 * invalid byte sequences raise `bad_encoding` instead of being replaced.
 */
export async function* csvRecords(
  open: () => Readable,
  encoding: TextEncoding,
  delimiter: string,
  opts: { validateUtf8?: boolean } = {},
): AsyncGenerator<CsvRecord> {
  let row = 0;
  const parser = parse({
    delimiter,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  const utf8 = { invalid: false };
  const stages: NodeJS.ReadWriteStream[] = [];
  if (opts.validateUtf8 && encoding === 'utf-8') stages.push(utf8Check(utf8));
  stages.push(iconv.decodeStream(encoding === 'iso-8859-1' ? 'latin1' : encoding));
  const source = open();
  // Errors of the source and decoders reach the parser (pipeline destroys it with them).
  const done = pipeline([source, ...stages, parser] as unknown as [Readable, NodeJS.WritableStream]).catch(
    () => undefined,
  );
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (utf8.invalid && record.some((c) => c.includes('\uFFFD'))) throw badUtf8(row);
      yield { row, cells: record };
    }
    if (utf8.invalid) throw badUtf8();
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    if (err instanceof CsvError) throw csvFailure(err, (typeof err.records === 'number' ? err.records : row) + 1);
    throw err;
  } finally {
    if (!parser.destroyed) parser.destroy();
    source.destroy();
    await done;
  }
}
