/**
 * Test helpers shared by the imports test files: upload a file as the API receives it, and run the
 * import job the last request enqueued (tests register a no-op job handler and run the job here, so a
 * test decides when a dry run, run or revert happens).
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from '../../../test/helpers.js';
import { IMPORT_JOB, processImportJob } from './imports.jobs.js';
import type { ImportJobPayload } from './imports.runner.js';

/** `POST /api/v1/imports?entity=&file_name=` with `body` as text/csv, signed in by `cookie`. */
export function uploadImport(
  app: TestApp['app'],
  cookie: string,
  entity: string,
  body: string | Buffer,
  name = 'file.csv',
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}&file_name=${encodeURIComponent(name)}`,
    headers: { cookie, 'content-type': 'text/csv' },
    payload: body,
  });
}

/** The payload of the job last enqueued for `importId` (as the request wrote it). */
export async function lastImportJob(t: TestApp, importId: string): Promise<ImportJobPayload> {
  const res = await t.database.db.execute(sql`select data from pgboss.job where name = ${IMPORT_JOB}
    and data->>'importId' = ${importId} order by created_on desc limit 1`);
  const [job] = (res as unknown as { rows: Array<{ data: ImportJobPayload }> }).rows;
  expect(job).toBeDefined();
  return job!.data;
}

/** Runs the job last enqueued for `importId` (its payload as the request wrote it); returns the payload. */
export async function runImportJob(t: TestApp, importId: string): Promise<ImportJobPayload> {
  const job = await lastImportJob(t, importId);
  await processImportJob(t.database.db, job);
  return job;
}
