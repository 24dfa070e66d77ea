/**
 * Parallel chunk writers (imports.runner.ts `writers`, the PostgreSQL job settings for contacts): the
 * same file imported with two writers and with one gives the same records, relations, change log and
 * timeline — with emails repeated in the next chunk (it waits for the earlier chunk's commit), new
 * companies and tags in every chunk (committed one chunk after another before the records), and a
 * crash mid-run resumed from the checkpoint. On PGlite (one connection) the runner must not be given
 * two writers, so there both imports run with one and the test checks the serial path.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { defineJob } from '../../plugins/jobs.js';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { IMPORT_JOB } from './imports.jobs.js';
import { lastImportJob, uploadImport } from './imports.fixtures.js';
import { runImport, SimulatedCrash, type ImportJobPayload } from './imports.runner.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
const q = <T>(orgId: string, query: ReturnType<typeof sql>) =>
  withTenant(t.database.db, { orgId }, async (tx) => rows<T>(await tx.execute(query)));

/**
 * 40 rows: emails e1–e24, then rows 25–28 repeat e21–e24 (the chunk of 4 right before them) with a
 * new first name, then e29–e40. Every row names a company of its own and one of three shared ones
 * every third row; tags "T<row mod 5>" — new tags keep appearing in later chunks.
 */
function file(): string {
  const lines = ['First name,Email,Company,Tags'];
  for (let i = 1; i <= 40; i++) {
    const repeat = i >= 25 && i <= 28;
    const email = `e${repeat ? i - 4 : i}@example.com`;
    const company = i % 3 === 0 ? `Shared ${i % 9}` : `Firm ${i}`;
    lines.push(`${repeat ? 'Updated' : 'Person'} ${i},${email},${company},T${i % 5};T${Math.ceil(i / 8) + 5}`);
  }
  return lines.join('\n');
}

/** Uploads and configures the file in a new organisation; returns the org id and the run's job payload. */
async function prepared(): Promise<{ orgId: string; job: ImportJobPayload }> {
  const { user, org } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const up = await uploadImport(t.app, user.cookie, 'contacts', file());
  expect(up.statusCode, up.body).toBe(201);
  const imp = up.json();
  const patched = await api.patch(`/api/v1/imports/${imp.id}`, {
    mapping: { '0': 'first_name', '1': 'email', '2': 'company', '3': 'tags' },
    options: { upsert_key: 'email', create_missing_companies: true, create_missing_tags: true },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  expect((await api.post(`/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
  return { orgId: org.id, job: await lastImportJob(t, imp.id) };
}

/** Everything the import wrote, in terms that do not depend on ids or timing. */
async function snapshot(orgId: string, importId: string) {
  const [progress] = await q<Record<string, number>>(
    orgId,
    sql`select rows_done, created, updated, skipped, failed, checkpoint from imports where id = ${importId}::uuid`,
  );
  const contacts = await q<{ line: string }>(
    orgId,
    sql`select c.email || ' ' || c.first_name || ' @' || coalesce(co.name, '-') || ' [' ||
               coalesce((select string_agg(tg.name, ';' order by tg.name) from contact_tags ct
                          join tags tg on tg.id = ct.tag_id where ct.contact_id = c.id), '') || ']' as line
          from contacts c left join companies co on co.id = c.company_id order by c.email`,
  );
  const [counts] = await q<Record<string, number>>(
    orgId,
    sql`select (select count(*)::int from companies) as companies,
          (select count(distinct name_key)::int from companies) as company_names,
          (select count(*)::int from tags) as tags,
          (select count(*)::int from timeline_entries where type = 'created' and contact_id is not null) as timeline,
          (select count(*)::int from import_changes where import_id = ${importId}::uuid and entity = 'contacts'
            and action = 'created') as logged_created,
          (select count(*)::int from import_changes where import_id = ${importId}::uuid and entity = 'contacts'
            and action = 'updated') as logged_updated,
          (select count(*)::int from import_changes where import_id = ${importId}::uuid and entity = 'companies')
            as logged_companies`,
  );
  return { progress, contacts: contacts.map((c) => c.line), counts };
}

describe('contacts import with parallel chunk writers (the PostgreSQL job settings)', () => {
  it('gives what one writer gives: repeated emails become updates, companies and tags made once, across a crash', async () => {
    const writers = t.database.kind === 'postgres' ? 2 : 1;
    const serial = await prepared();
    await runImport(t.database.db, serial.job, { chunkRows: 4, overlap: true });
    const expected = await snapshot(serial.orgId, serial.job.importId);
    expect(expected.progress).toMatchObject({ rows_done: 40, created: 36, updated: 4, failed: 0, checkpoint: 41 });
    expect(expected.contacts).toHaveLength(36);
    expect(expected.contacts).toContain('e21@example.com Updated 25 @Firm 25 [T0;T1;T8;T9]');
    expect(expected.counts).toMatchObject({
      companies: 30,
      company_names: 30,
      tags: 10,
      timeline: 36,
      logged_companies: 30,
    });

    const parallel = await prepared();
    // The chunk of rows 21–24 (spreadsheet rows 22–25) holds its transaction open a moment, so the next chunk (rows 25–28, the same
    // emails) is written meanwhile — it must wait for that commit, then update what it created.
    const hold = (lastRow: number) => new Promise<void>((resolve) => setTimeout(resolve, lastRow === 25 ? 300 : 0));
    const opts = { chunkRows: 4, overlap: true, writers, beforeCommit: hold };
    // "Killed" after three committed chunks: the fourth (in flight with two writers) must not commit.
    await expect(runImport(t.database.db, parallel.job, { ...opts, stopAfterChunks: 3 })).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    const mid = await snapshot(parallel.orgId, parallel.job.importId);
    expect(mid.progress).toMatchObject({ rows_done: 12, created: 12, checkpoint: 13 });
    expect(mid.contacts).toHaveLength(12);
    await q(
      parallel.orgId,
      sql`update imports set lease_expires_at = now() - interval '1 second' where id = ${parallel.job.importId}::uuid`,
    );
    await runImport(t.database.db, parallel.job, opts);
    expect(await snapshot(parallel.orgId, parallel.job.importId)).toEqual(expected);
  });
});
