/**
 * Demo import: one finished import of a small contacts CSV (its file chunk, change log, one row issue
 * and the contacts and companies it created) and a saved mapping, written through the real import pipeline — inspection,
 * parsing, relations, set-based writes — inside the demo transaction (no job).
 */
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Tx } from '../../db/client.js';
import { import_mappings, imports } from '../../db/schema/index.js';
import { processChunk } from '../imports/engine/chunk.js';
import { loadContext } from '../imports/engine/context.js';
import { inspectSource, readRows, type SourceRow } from '../imports/files/source.js';
import { openInTx, storeFile } from '../imports/imports.files.js';
import { defaultImportOptions } from '@relata/shared';
import type { Actor } from '../records/actor.js';

const CSV = [
  'First name,Last name,Email,Company,Tags',
  'Grace,Hopper,grace.hopper@cobol.example,Cobol Systems,imported;conference',
  'Alan,Turing,alan.turing@enigma.example,Enigma Analytics,imported',
  'Katherine,Johnson,katherine.johnson@orbit.example,Orbit Labs,imported',
  'Tim,Berners-Lee,not-an-email,Web Foundation,imported',
].join('\r\n');

/** Seeds the demo import (see the module comment); returns its id. */
export async function seedDemoImports(tx: Tx, params: { actor: Actor; now: Date }): Promise<string> {
  const { actor, now } = params;
  const orgId = actor.orgId;
  const id = uuidv7();
  const options = { ...defaultImportOptions(), upsert_key: 'email', create_missing_companies: true };
  const mapping = { '0': 'first_name', '1': 'last_name', '2': 'email', '3': 'company', '4': 'tags' };
  await tx.insert(imports).values({
    org_id: orgId,
    id,
    entity: 'contacts',
    file_name: 'conference-leads.csv',
    file_size: 0,
    file_format: 'csv',
    file_info: {},
    options,
    mapping,
    suggested_mapping: mapping,
    created_by: actor.userId,
  });
  const { size } = await storeFile(tx, { orgId, importId: id, body: [Buffer.from(CSV)], maxMb: 1 });
  const open = openInTx(tx, { orgId, importId: id });
  const info = await inspectSource(open, { format: 'csv' });
  const rows: SourceRow[] = [];
  for await (const r of readRows(open, info)) rows.push(r);
  const [row] = await tx
    .update(imports)
    .set({
      file_size: size,
      file_info: { ...info },
      sample_rows: rows.slice(0, 5).map((r) => r.cells),
      rows_total: info.rowCount,
      status: 'running',
      started_at: now,
    })
    .where(and(eq(imports.org_id, orgId), eq(imports.id, id)))
    .returning();
  const ctx = await loadContext(tx, { row: row!, actor, dryRun: false });
  const res = await processChunk(tx, ctx, rows);
  for (const issue of res.issues) {
    await tx.execute(
      sql`insert into import_issues (org_id, id, import_id, phase, "row", "column", column_name, value, message, severity)
        values (${orgId}::uuid, ${uuidv7()}::uuid, ${id}::uuid, 'run', ${issue.row}, ${issue.column},
                ${issue.column === null ? null : (info.headers[issue.column] ?? null)}, ${issue.value}, ${issue.message}, ${issue.severity})`,
    );
  }
  await tx
    .update(imports)
    .set({
      status: 'completed',
      rows_done: rows.length,
      created: res.created,
      updated: res.updated,
      skipped: res.skipped,
      failed: res.failed,
      warnings: res.warnings,
      checkpoint: rows[rows.length - 1]?.row ?? 0,
      finished_at: new Date(now.getTime() + 1500),
    })
    .where(and(eq(imports.org_id, orgId), eq(imports.id, id)));
  await tx.insert(import_mappings).values({
    org_id: orgId,
    id: uuidv7(),
    name: 'Conference lead lists',
    entity: 'contacts',
    mapping: { 'First name': 'first_name', 'Last name': 'last_name', Email: 'email', Company: 'company', Tags: 'tags' },
    options: { upsert_key: 'email', create_missing_companies: true },
    created_by: actor.userId,
  });
  return id;
}
