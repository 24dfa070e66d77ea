/**
 * Issues of an import's last dry run or run: a keyset page by (row, id), and the whole list as CSV
 * (csv-stringify, streamed in pages of 1,000; formula-injection safe: a cell starting with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading `'`).
 */
import { stringify } from 'csv-stringify';
import { sql } from 'drizzle-orm';
import type { ImportIssue, ImportIssueQuery } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { invalid } from '../../lib/errors.js';
import { toPage } from '../../lib/pagination.js';

interface IssueRow {
  id: string;
  row: number;
  column: number | null;
  column_name: string | null;
  value: string | null;
  message: string;
  severity: 'error' | 'warning';
  phase: 'dry_run' | 'run';
}

function decodeCursor(cursor: string | undefined): [number, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && Number.isInteger(v[0]) && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1])) {
      return [v[0] as number, v[1]];
    }
  } catch {
    // fall through
  }
  throw invalid([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);
}

async function pageOf(
  tx: Tx,
  p: { orgId: string; importId: string; severity?: string | undefined; after: [number, string] | null; limit: number },
) {
  return queryRows<IssueRow>(
    tx,
    sql`select id, "row", "column", column_name, value, message, severity, phase from import_issues
        where org_id = ${p.orgId}::uuid and import_id = ${p.importId}::uuid
          ${p.severity ? sql`and severity = ${p.severity}` : sql``}
          ${p.after ? sql`and ("row", id) > (${p.after[0]}, ${p.after[1]}::uuid)` : sql``}
        order by "row", id limit ${p.limit}`,
  );
}

/** `GET /imports/{id}/issues` (the import must exist: the caller checks). */
export async function listIssues(
  tx: Tx,
  params: { orgId: string; importId: string; query: ImportIssueQuery },
): Promise<{ data: ImportIssue[]; next_cursor: string | null }> {
  const { query } = params;
  const rows = await pageOf(tx, {
    orgId: params.orgId,
    importId: params.importId,
    severity: query.severity,
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  return toPage(rows, query.limit, (r) => [r.row, r.id]);
}

/** A cell made safe for spreadsheets (formula injection, OWASP "CSV Injection"). */
export function safeCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * Every issue as CSV (header first), read page by page from `tx` and collected before the request
 * transaction ends (a stream read after the commit would find the transaction gone).
 */
export async function issuesCsv(tx: Tx, params: { orgId: string; importId: string }): Promise<Buffer> {
  const out = stringify({
    header: true,
    columns: ['row', 'column', 'column_name', 'value', 'severity', 'phase', 'message'],
  });
  const pump = async () => {
    let after: [number, string] | null = null;
    for (;;) {
      const rows = await pageOf(tx, { ...params, after, limit: 1000 });
      for (const r of rows) {
        const ok = out.write([
          r.row,
          r.column === null ? '' : r.column + 1,
          safeCell(r.column_name),
          safeCell(r.value),
          r.severity,
          r.phase,
          safeCell(r.message),
        ]);
        if (!ok) await new Promise((resolve) => out.once('drain', resolve));
      }
      if (rows.length < 1000) break;
      const last = rows[rows.length - 1]!;
      after = [last.row, last.id];
    }
    out.end();
  };
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await pump();
  await done;
  return Buffer.concat(parts);
}
