/**
 * Writes an export's batches to the HTTP response as they are read, inside the request transaction.
 *
 * Why the handler writes the body itself (plugins/tenancy.ts): a route's handler runs between BEGIN
 * and COMMIT, and a reply sent from it is held by an onSend hook until the commit. A stream handed
 * to `reply.send()` would only be read AFTER the handler returned — after COMMIT, when its
 * transaction (and on PGlite the one connection) is gone. So the export handler takes the response
 * over (`reply.hijack()`), writes the status, the headers Fastify prepared (request id, security
 * headers) and the file to `reply.raw`, awaiting `drain` whenever the socket's buffer is full —
 * memory stays at about one batch whatever the file's size — and returns only when the last byte is
 * written; then the (read-only) transaction commits. Errors before the first byte (bad column,
 * sort, filter) are ordinary 400s: the plan reads its first batch before the response is taken
 * over. An error after it destroys the connection, so the client sees a failed download, never a
 * complete-looking truncated file. A client that goes away ends the export at the next write.
 *
 * CSV: UTF-8 with a BOM (spreadsheets otherwise guess the encoding), RFC 4180 quoting and CRLF
 * (exports.format.ts `csvRecord`, see there why not csv-stringify) — or, for a plan with `copy`, the
 * bytes of PostgreSQL's COPY after the header (exports.copy.ts). XLSX: exceljs's streaming WorkbookWriter, one worksheet, rows committed as written,
 * no shared strings or styles (both would be held in memory until the end).
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';
import type { SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { ExportFormat } from '@relata/shared';
import type { ExportColumn } from './exports.columns.js';
import { copyCsv } from './exports.copy.js';
import { csvCell, csvRecord, xlsxCell, type RawCell } from './exports.format.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows of one XLSX worksheet (Excel's limit), header included. */
const XLSX_MAX_ROWS = 1_048_576;

const gone = () => new Error('the client closed the connection during the export');

/** The next `drain` of `out`; rejects on `close` or `error` first. Removes its listeners either way. */
function drainOf(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(gone());
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onClose);
  });
}

/**
 * Back-pressure on the response, from `write()`'s return value (what Node documents; the
 * `writableNeedDrain` getter is not kept by every response implementation, e.g. light-my-request).
 */
function sinkOf(out: Writable) {
  let blocked = false;
  let closed = false;
  out.on('drain', () => (blocked = false));
  out.once('close', () => (closed = true));
  return {
    /** Writes a chunk; true when the response can take more now. */
    write(chunk: string | Buffer): boolean {
      if (closed || out.destroyed) throw gone();
      if (!out.write(chunk)) blocked = true;
      return !blocked;
    },
    /** Resolves once the response has room again; rejects when the client went away. */
    async room(): Promise<void> {
      if (closed || out.destroyed) throw gone();
      if (blocked) await drainOf(out);
    },
  };
}

/** Waits until the zip stream has taken what exceljs wrote (a Node PassThrough keeps the flag). */
async function roomIn(zip: PassThrough): Promise<void> {
  if (zip.destroyed) throw gone();
  if (zip.writableNeedDrain) await drainOf(zip);
}

/**
 * Streams `batches` as a `format` file named `filename` to the client, returning the number of data
 * rows written. Takes the response over (see the module doc).
 */
export async function streamExport(
  reply: FastifyReply,
  params: {
    format: ExportFormat;
    filename: string;
    columns: ExportColumn[];
    batches: AsyncIterable<RawCell[][]>;
    /** CSV written by PostgreSQL's COPY of `select` instead of `batches` (exports.copy.ts). */
    copy?: { client: pg.ClientBase; select: SQL } | undefined;
  },
): Promise<number> {
  const { format, columns, batches } = params;
  reply.hijack();
  const raw = reply.raw;
  const prepared = Object.entries(reply.getHeaders()).filter(
    (e): e is [string, string | number | string[]] => e[1] !== undefined,
  );
  raw.writeHead(200, {
    ...Object.fromEntries(prepared),
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${params.filename}"`,
    'cache-control': 'no-store',
  });
  try {
    const rows =
      format === 'xlsx'
        ? await writeXlsx(raw, columns, batches)
        : params.copy
          ? await writeCopy(raw, columns, params.copy)
          : await writeCsv(raw, columns, batches);
    await new Promise<void>((resolve, reject) => {
      raw.once('error', reject);
      raw.end(resolve);
    });
    return rows;
  } catch (err) {
    raw.destroy(err as Error);
    throw err;
  }
}

async function writeCsv(out: Writable, columns: ExportColumn[], batches: AsyncIterable<RawCell[][]>) {
  const sink = sinkOf(out);
  const kinds = columns.map((c) => c.kind);
  sink.write(`\ufeff${csvRecord(columns.map((c) => c.key))}`);
  let count = 0;
  for await (const batch of batches) {
    if (!batch.length) continue;
    let chunk = '';
    for (const cells of batch) chunk += csvRecord(cells.map((v, i) => csvCell(kinds[i]!, v)));
    sink.write(chunk);
    count += batch.length;
    await sink.room(); // before reading the next batch
  }
  return count;
}

async function writeCopy(out: Writable, columns: ExportColumn[], copy: { client: pg.ClientBase; select: SQL }) {
  const sink = sinkOf(out);
  sink.write(`\ufeff${csvRecord(columns.map((c) => c.key))}`);
  return copyCsv(copy.client, copy.select, async (chunk) => {
    if (!sink.write(chunk)) await sink.room();
  });
}

async function writeXlsx(out: Writable, columns: ExportColumn[], batches: AsyncIterable<RawCell[][]>) {
  const sink = sinkOf(out);
  const zip = new PassThrough();
  zip.on('data', (chunk: Buffer) => {
    if (!out.destroyed && !sink.write(chunk)) zip.pause();
  });
  out.on('drain', () => zip.resume());
  out.once('close', () => zip.destroy());
  const ended = once(zip, 'end');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useSharedStrings: false, useStyles: false });
  // A worksheet holds at most 1,048,576 rows: a longer export continues on "Export 2", … (header repeated).
  let sheet = workbook.addWorksheet('Export');
  sheet.addRow(columns.map((c) => c.key)).commit();
  let inSheet = 0;
  let sheets = 1;
  let count = 0;
  for await (const batch of batches) {
    for (const cells of batch) {
      if (inSheet === XLSX_MAX_ROWS - 1) {
        sheet.commit();
        sheet = workbook.addWorksheet(`Export ${++sheets}`);
        sheet.addRow(columns.map((c) => c.key)).commit();
        inSheet = 0;
      }
      sheet.addRow(cells.map((v, i) => xlsxCell(columns[i]!.kind, v))).commit();
      inSheet++;
    }
    count += batch.length;
    // Back-pressure: let the compressed bytes reach the socket before reading the next batch.
    await sink.room();
    await roomIn(zip);
  }
  sheet.commit();
  await workbook.commit();
  await ended;
  return count;
}
