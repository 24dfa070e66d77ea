import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob } from '../../plugins/jobs.js';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { REFERENCED_TABLES, refreshStatistics } from './engine/statistics.js';
import { IMPORT_JOB } from './imports.jobs.js';
import { runImportJob, uploadImport } from './imports.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

/** Heap pages now and at the last ANALYZE of `table` (relpages: 0 when never analysed). */
async function pagesOf(table: string) {
  const res = await t.database.db.execute(sql`select relpages::int as analysed,
      (pg_relation_size(oid) / current_setting('block_size')::int)::int as now
    from pg_class where relname = ${table} and relnamespace = 'public'::regnamespace`);
  return (res as unknown as { rows: Array<{ analysed: number; now: number }> }).rows[0]!;
}

describe('planner statistics during an import (engine/statistics.ts)', () => {
  it('a run leaves the statistics of the tables its rows reference at most half stale', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const lines = ['First name,Last name,Email,Company'];
    for (let i = 0; i < 1500; i++) lines.push(`Ann${i},Lee,ann.${i}@stats.example,Company ${i % 150}`);
    const up = await uploadImport(t.app, user.cookie, 'contacts', lines.join('\n'));
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    const patched = await api.patch(`/api/v1/imports/${id}`, {
      mapping: { '0': 'first_name', '1': 'last_name', '2': 'email', '3': 'company' },
      options: { upsert_key: 'email', create_missing_companies: true },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await api.post(`/api/v1/imports/${id}/run`)).statusCode).toBe(202);
    await runImportJob(t, id);
    expect((await api.get(`/api/v1/imports/${id}`)).json().progress).toMatchObject({ created: 1500, failed: 0 });

    // 1,500 contacts fill well over the 16 pages below which statistics are left to autovacuum.
    const contacts = await pagesOf('contacts');
    expect(contacts.now).toBeGreaterThanOrEqual(16);
    expect(contacts.analysed * 2).toBeGreaterThan(contacts.now);
    // Statistics that are fresh are left alone.
    expect(await refreshStatistics(t.database.db, REFERENCED_TABLES.contacts)).not.toContain('contacts');
  });
});
