import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob } from '../../plugins/jobs.js';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { IMPORT_JOB, processImportJob } from '../imports/imports.jobs.js';
import type { ImportJobPayload } from '../imports/imports.runner.js';

// Issue 6 "Export → import round-trips to the same records": export, delete, import the file as
// uploaded (suggested mapping, no manual change), compare field by field. The import queue exists
// so the run is enqueued for real; the test runs the job handler itself (as imports.test.ts does).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

type Api = ReturnType<typeof as>;
type Rec = Record<string, unknown>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function runJob(importId: string) {
  const res = await t.database.db.execute(sql`select data from pgboss.job where name = ${IMPORT_JOB}
    and data->>'importId' = ${importId} order by created_on desc limit 1`);
  const [job] = (res as unknown as { rows: Array<{ data: ImportJobPayload }> }).rows;
  expect(job).toBeDefined();
  await processImportJob(t.database.db, job!.data);
}

/** Every record of a list, all pages. */
async function listAll(api: Api, entity: string): Promise<Rec[]> {
  const out: Rec[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(`/api/v1/${entity}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { data: Rec[]; next_cursor: string | null };
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

/** A record without what a re-import cannot keep (its id, versions, deletion and link ids). */
function comparable(r: Rec, key: string): Rec {
  const {
    id: _id,
    version: _v,
    updated_at: _u,
    deleted_at: _d,
    purge_at: _p,
    contacts: _c,
    stage_entered_at: _s,
    ...rest
  } = r;
  return { ...rest, _key: r[key] };
}
const byKey = (rows: Rec[], key: string) =>
  rows.map((r) => comparable(r, key)).sort((a, b) => String(a._key).localeCompare(String(b._key)));

/** Exports `entity` in `format`, deletes its records, imports the file unchanged, returns before/after. */
async function roundTrip(api: Api, cookie: string, entity: 'contacts' | 'deals', format: 'csv' | 'xlsx') {
  const before = await listAll(api, entity);
  const file = await api.get(`/api/v1/exports/${entity}?format=${format}`);
  expect(file.statusCode, file.body.slice(0, 300)).toBe(200);
  for (const r of before) expect((await api.del(`/api/v1/${entity}/${r.id as string}`)).statusCode).toBe(204);
  expect(await listAll(api, entity)).toEqual([]);
  const up = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}&file_name=${entity}.${format}`,
    headers: { cookie, 'content-type': format === 'csv' ? 'text/csv' : XLSX },
    payload: file.rawPayload,
  });
  expect(up.statusCode, up.body).toBe(201);
  const imp = up.json() as { id: string; mapping: unknown };
  const run = await api.post(`/api/v1/imports/${imp.id}/run`);
  expect(run.statusCode, run.body).toBe(202);
  await runJob(imp.id);
  const done = (await api.get(`/api/v1/imports/${imp.id}`)).json() as { status: string; progress: Rec };
  const issues = (await api.get(`/api/v1/imports/${imp.id}/issues`)).json() as { data: unknown[] };
  expect({ progress: done.progress, issues: issues.data }).toMatchObject({
    progress: { created: before.length, failed: 0 },
    issues: [],
  });
  return { before, after: await listAll(api, entity) };
}

async function seed(api: Api) {
  for (const [key, type, options] of [
    ['nickname', 'text', []],
    ['size', 'number', []],
    ['budget', 'money', []],
    ['interests', 'multi_select', ['golf', 'chess']],
    ['since', 'date', []],
    ['vip', 'boolean', []],
  ] as const) {
    const res = await api.post('/api/v1/custom-fields', { entity: 'contact', key, label: key, type, options });
    expect(res.statusCode, res.body).toBe(201);
  }
  const company = (await api.post('/api/v1/companies', { name: 'Acme, "Ltd"', domain: 'acme.example' })).json();
  const vip = (await api.post('/api/v1/tags', { name: 'VIP' })).json();
  const zurich = (await api.post('/api/v1/tags', { name: 'Zürich' })).json();
  const contacts = [
    {
      first_name: 'Zoë',
      last_name: 'Ñúñez-李',
      email: 'zoe@example.com',
      phone: '+1 415 555 2671',
      mobile: '+44 20 7946 0958',
      job_title: 'Head of "R&D", Labs',
      department: 'line one\nline two',
      company_id: company.id,
      email_opt_out: true,
      do_not_call: true,
      source: 'Web',
      tag_ids: [vip.id, zurich.id],
      custom_fields: {
        nickname: 'Zo, "Z"',
        size: -5,
        budget: { amount: 123456, currency: 'EUR' },
        interests: ['golf', 'chess'],
        since: '2021-04-15',
        vip: true,
      },
    },
    { first_name: 'Bob', email: 'bob@example.com', custom_fields: { size: 3.5, vip: false } },
  ];
  for (const body of contacts) {
    const res = await api.post('/api/v1/contacts', body);
    expect(res.statusCode, res.body).toBe(201);
  }
  const pipelines = (await api.get('/api/v1/pipelines?kind=deals')).json() as {
    data: Array<{ id: string; stages: Array<{ id: string; kind: string }> }>;
  };
  const pipeline = pipelines.data[0]!;
  const deals = [
    {
      name: 'Deal, "big"\nsecond line',
      company_id: company.id,
      pipeline_id: pipeline.id,
      stage_id: pipeline.stages.filter((s) => s.kind === 'open')[1]!.id,
      amount: { amount: 123456, currency: 'EUR' },
      expected_close_date: '2027-01-31',
      tag_ids: [vip.id],
    },
    { name: 'Yen deal', amount: { amount: 500, currency: 'JPY' }, probability: 40 },
  ];
  for (const body of deals) {
    const res = await api.post('/api/v1/deals', body);
    expect(res.statusCode, res.body).toBe(201);
  }
}

describe('export → import round trip', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`re-imports exported contacts and deals (${format}) as the same records, field by field`, async () => {
      const { user } = await ownerWithOrg(t.app);
      const api = as(t.app, user);
      await seed(api);
      const contacts = await roundTrip(api, user.cookie, 'contacts', format);
      expect(contacts.after).toHaveLength(2);
      expect(byKey(contacts.after, 'email')).toEqual(byKey(contacts.before, 'email'));
      const deals = await roundTrip(api, user.cookie, 'deals', format);
      expect(deals.after).toHaveLength(2);
      expect(byKey(deals.after, 'name')).toEqual(byKey(deals.before, 'name'));
    });
  }
});
