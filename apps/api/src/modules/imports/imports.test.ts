import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { defineJob } from '../../plugins/jobs.js';
import { as, createTestApp, errorOf, issuePaths, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { IMPORT_JOB } from './imports.jobs.js';
import { runImportJob, uploadImport } from './imports.fixtures.js';
import { LeaseBusy, runImport, SimulatedCrash, type ImportJobPayload } from './imports.runner.js';

// Jobs run in this file: the import queue exists so requests enqueue for real (the payload is read
// back from pg-boss); the worker is a no-op and the tests call the handler themselves.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
type Api = ReturnType<typeof as>;

const upload = uploadImport;
const runJob = (importId: string) => runImportJob(t, importId);

async function q<T>(orgId: string, query: ReturnType<typeof sql>) {
  return withTenant(t.database.db, { orgId }, async (tx) => rows<T>(await tx.execute(query)));
}

async function step(api: Api, id: string, action: 'dry-run' | 'run' | 'revert') {
  const res = await api.post(`/api/v1/imports/${id}/${action}`);
  expect(res.statusCode, res.body).toBe(202);
  await runJob(id);
  return (await api.get(`/api/v1/imports/${id}`)).json();
}

const CONTACTS_CSV = (ownerEmail: string) =>
  [
    'External ID,First name,Last name,Email,Company,Owner,Tags,Lead score,Created',
    `c1,Ada,Lovelace,ada@example.com,Analytical Engines,${ownerEmail},VIP;imported,42,2021-04-15 10:00`,
    'c2,Bob,Smith,old@example.com,Analytical Engines,,imported,7,2020-01-01',
    'c3,Carl,,not-an-email,,,,,',
    'c4,Dana,White,dana@example.com,Nowhere Inc,nobody@nowhere.example,,abc,',
  ].join('\n');

const CONTACT_MAPPING = {
  '0': 'external_id',
  '1': 'first_name',
  '2': 'last_name',
  '3': 'email',
  '4': 'company',
  '5': 'owner',
  '6': 'tags',
  '7': 'cf.lead_score',
  '8': 'created_at',
};

describe('contacts import: upload → mapping → dry run → run → re-run → revert', () => {
  it('imports, upserts without duplicates and reverts exactly', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    expect(
      (
        await api.post('/api/v1/custom-fields', {
          entity: 'contact',
          key: 'lead_score',
          label: 'Lead score',
          type: 'number',
        })
      ).statusCode,
    ).toBe(201);
    const existing = (await api.post('/api/v1/contacts', { first_name: 'Robert', email: 'old@example.com' })).json();

    const up = await upload(t.app, user.cookie, 'contacts', CONTACTS_CSV(user.email));
    expect(up.statusCode, up.body).toBe(201);
    const imp = up.json();
    expect(imp.status).toBe('uploaded');
    expect(imp.file).toMatchObject({ format: 'csv', delimiter: ',', row_count: 4, name: 'file.csv' });
    expect(imp.file.headers[1]).toBe('First name');
    expect(imp.sample_rows).toHaveLength(4);
    expect(imp.sample_rows[0][1]).toBe('Ada');

    // Mapping checks: unknown target, a target twice, a required target missing.
    const bad = await api.patch(`/api/v1/imports/${imp.id}`, { mapping: { '0': 'nope', '1': 'email', '3': 'email' } });
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(expect.arrayContaining(['body.mapping.0', 'body.mapping.3', 'body.mapping']));
    const patched = await api.patch(
      `/api/v1/imports/${imp.id}`,
      {
        mapping: CONTACT_MAPPING,
        options: { upsert_key: 'email', create_missing_companies: true, date_order: 'ymd' },
      },
      { 'if-match': `"${imp.version}"` },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().options.upsert_key).toBe('email');

    // Dry run: counts and issues, nothing written.
    const dry = await step(api, imp.id, 'dry-run');
    expect(dry.status).toBe('validated');
    expect(dry.dry_run).toMatchObject({ would_create: 1, would_update: 1, failing: 2 });
    expect(dry.dry_run.would_create_related.companies).toBe(1);
    const issues = (await api.get(`/api/v1/imports/${imp.id}/issues?severity=error`)).json().data;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, column: 3, column_name: 'Email', value: 'not-an-email', severity: 'error' }),
        expect.objectContaining({ row: 5, column: 7, value: 'abc', severity: 'error' }),
      ]),
    );
    const csv = await api.get(`/api/v1/imports/${imp.id}/issues.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\n')[0]).toBe('row,column,column_name,value,severity,phase,message');
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(1);
    expect((await api.get('/api/v1/companies/count')).json().total).toBe(0);

    // Run.
    const done = await step(api, imp.id, 'run');
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({
      rows_total: 4,
      rows_done: 4,
      created: 1,
      updated: 1,
      failed: 2,
      checkpoint: 5,
    });
    const [ada] = await q<{
      id: string;
      owner_id: string;
      custom_fields: Record<string, unknown>;
      created_at: string | Date;
      company: string;
      external_id: string;
      tags: string[];
    }>(
      org.id,
      sql`select c.id, c.owner_id, c.custom_fields, c.created_at, c.external_id, co.name as company,
            array(select t.name::text from contact_tags l join tags t on t.id = l.tag_id where l.contact_id = c.id order by 1) as tags
          from contacts c left join companies co on co.id = c.company_id where c.email = 'ada@example.com'`,
    );
    expect(ada).toBeDefined();
    expect(ada!.company).toBe('Analytical Engines');
    expect(ada!.custom_fields).toEqual({ lead_score: 42 });
    expect(new Date(ada!.created_at).toISOString()).toBe('2021-04-15T10:00:00.000Z');
    expect(ada!.external_id).toBe('c1');
    expect([...ada!.tags].sort()).toEqual(['VIP', 'imported'].sort());
    const [member] = await q<{ id: string }>(org.id, sql`select id from memberships where user_id = ${user.id}::uuid`);
    expect(ada!.owner_id).toBe(member!.id);
    const bob = (await api.get(`/api/v1/contacts/${existing.id}`)).json();
    expect(bob).toMatchObject({ first_name: 'Bob', last_name: 'Smith' });
    const timeline = await q<{ n: number }>(
      org.id,
      sql`select count(*)::int as n from timeline_entries where contact_id = ${ada!.id}::uuid and type = 'created'`,
    );
    expect(timeline[0]!.n).toBe(1);

    // Re-run of the same file: nothing created, nothing duplicated.
    const again = (await upload(t.app, user.cookie, 'contacts', CONTACTS_CSV(user.email))).json();
    await api.patch(`/api/v1/imports/${again.id}`, {
      mapping: CONTACT_MAPPING,
      options: { upsert_key: 'email', create_missing_companies: true, date_order: 'ymd' },
    });
    const rerun = await step(api, again.id, 'run');
    expect(rerun.progress).toMatchObject({ created: 0, updated: 0, skipped: 2, failed: 2 });
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(2);
    expect((await api.get('/api/v1/companies/count')).json().total).toBe(1);

    // Revert the first import: its contact and company are gone, Bob is Robert again.
    const reverted = await step(api, imp.id, 'revert');
    expect(reverted.status).toBe('reverted');
    expect(reverted.reverted_by?.id).toBe(user.id);
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(1);
    expect((await api.get('/api/v1/companies/count')).json().total).toBe(0);
    const restored = (await api.get(`/api/v1/contacts/${existing.id}`)).json();
    expect(restored.first_name).toBe('Robert');
    expect(restored.last_name).toBeNull();
    expect((await api.post(`/api/v1/imports/${imp.id}/revert`)).statusCode).toBe(409);

    // Another organisation sees none of it.
    const other = await ownerWithOrg(t.app);
    const otherApi = as(t.app, other.user);
    expect((await otherApi.get(`/api/v1/imports/${imp.id}`)).statusCode).toBe(404);
    expect((await otherApi.get(`/api/v1/imports/${imp.id}/issues`)).statusCode).toBe(404);
    expect((await otherApi.post(`/api/v1/imports/${again.id}/revert`)).statusCode).toBe(404);
    expect((await otherApi.get('/api/v1/imports')).json().data).toEqual([]);
  });
});

describe('malformed files', () => {
  it('answer 400 with the file error and store nothing', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const cases: Array<[string | Buffer, string]> = [
      ['', 'empty_file'],
      ['Name,Email\n', 'no_rows'],
      ['Name,Email\n"Ada,ada@example.com\n', 'unbalanced_quotes'],
      [Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7, 8, 0, 0, 0]), 'binary_file'],
    ];
    for (const [body, code] of cases) {
      const res = await upload(t.app, user.cookie, 'contacts', body);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(400);
      expect(errorOf(res).details?.file_error).toBe(code);
    }
    expect((await api.get('/api/v1/imports')).json().data).toEqual([]);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=contacts&file_name=x.csv',
      headers: { cookie: user.cookie },
      payload: { not: 'a file' },
    });
    expect(json.statusCode).toBe(415);
  });

  it('refuses a file over RELATA_IMPORT_MAX_MB with 413 and keeps nothing', async () => {
    const small = await createTestApp({ env: { RELATA_IMPORT_MAX_MB: '1' } });
    try {
      const { user } = await ownerWithOrg(small.app);
      const big = 'Name\n' + 'x'.repeat(100).concat('\n').repeat(11_000);
      const res = await upload(small.app, user.cookie, 'contacts', big);
      expect(res.statusCode).toBe(413);
      expect(errorOf(res).message).toMatch(/1 MB/);
      expect((await as(small.app, user).get('/api/v1/imports')).json().data).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('resume after a crash', () => {
  it('continues after the last committed chunk: exact counts, no duplicates', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const lines = ['First name,Email'];
    for (let i = 1; i <= 25; i++) lines.push(`Person ${i},p${i}@example.com`);
    const imp = (await upload(t.app, user.cookie, 'contacts', lines.join('\n'))).json();
    await api.patch(`/api/v1/imports/${imp.id}`, {
      mapping: { '0': 'first_name', '1': 'email' },
      options: { upsert_key: 'email' },
    });
    expect((await api.post(`/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
    const [job] = rows<{ data: ImportJobPayload }>(
      await t.database.db.execute(
        sql`select data from pgboss.job where name = ${IMPORT_JOB} and data->>'importId' = ${imp.id}`,
      ),
    );
    // "Killed" after two chunks of 10 rows: the lease stays behind, as after kill -9.
    await expect(runImport(t.database.db, job!.data, { chunkRows: 10, stopAfterChunks: 2 })).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    const mid = (await api.get(`/api/v1/imports/${imp.id}`)).json();
    expect(mid.status).toBe('running');
    expect(mid.progress).toMatchObject({ rows_done: 20, created: 20, checkpoint: 21 });
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(20);
    // A second worker while the lease is live backs off (pg-boss retries it later).
    await expect(runImport(t.database.db, job!.data, { chunkRows: 10 })).rejects.toBeInstanceOf(LeaseBusy);
    await q(org.id, sql`update imports set lease_expires_at = now() - interval '1 second' where id = ${imp.id}::uuid`);
    await runImport(t.database.db, job!.data, { chunkRows: 10 });
    const done = (await api.get(`/api/v1/imports/${imp.id}`)).json();
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ rows_done: 25, created: 25, updated: 0, failed: 0, checkpoint: 26 });
    const counts = await q<{ n: number; d: number }>(
      org.id,
      sql`select count(*)::int as n, count(distinct email)::int as d from contacts`,
    );
    expect(counts[0]).toEqual({ n: 25, d: 25 });
  });
});

describe('deals import keeps history', () => {
  it('dates stage history, won_at and close values from the file; re-run and revert', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const csv = [
      'Deal ID,Deal name,Company,Stage,Amount,Currency,Owner,Created,Close date',
      `d1,Big deal,Acme,Closed Won,"22,700.00",USD,${user.email},2021-01-10 09:00,2021-03-15 12:00`,
      'd2,Small deal,Acme,Proposal,1000,EUR,,2021-02-01 00:00,',
      'd3,Lost deal,Beta,Lost,500,USD,,2021-02-05 00:00,2021-02-20 00:00',
    ].join('\n');
    const mapping = {
      '0': 'external_id',
      '1': 'name',
      '2': 'company',
      '3': 'stage',
      '4': 'amount',
      '5': 'currency',
      '6': 'owner',
      '7': 'created_at',
      '8': 'closed_at',
    };
    const options = { upsert_key: 'external_id', create_missing_companies: true, date_order: 'ymd' };
    const imp = (await upload(t.app, user.cookie, 'deals', csv, 'deals.csv')).json();
    expect((await api.patch(`/api/v1/imports/${imp.id}`, { mapping, options })).statusCode).toBe(200);
    const done = await step(api, imp.id, 'run');
    expect(done.progress).toMatchObject({ created: 3, failed: 0 });
    const deals = await q<{
      id: string;
      external_id: string;
      status: string;
      amount: string;
      currency: string;
      won_at: string | null;
      closed_at: string | null;
      created_at: string;
      stage: string;
      company: string;
    }>(
      org.id,
      sql`select d.id, d.external_id, d.status, d.amount::text, d.currency, d.won_at, d.closed_at, d.created_at,
            s.name as stage, c.name as company
          from deals d join stages s on s.id = d.stage_id left join companies c on c.id = d.company_id
          order by d.external_id`,
    );
    expect(deals.map((d) => [d.external_id, d.status, d.stage, d.amount, d.currency, d.company])).toEqual([
      ['d1', 'won', 'Won', '2270000', 'USD', 'Acme'],
      ['d2', 'open', 'Proposal', '100000', 'EUR', 'Acme'],
      ['d3', 'lost', 'Lost', '50000', 'USD', 'Beta'],
    ]);
    expect(new Date(deals[0]!.won_at!).toISOString()).toBe('2021-03-15T12:00:00.000Z');
    expect(new Date(deals[0]!.created_at).toISOString()).toBe('2021-01-10T09:00:00.000Z');
    const history = await q<{ to_status: string; to_stage: string; changed_at: string }>(
      org.id,
      sql`select h.to_status, s.name as to_stage, h.changed_at from stage_history h join stages s on s.id = h.to_stage_id
          where h.deal_id = ${deals[0]!.id}::uuid order by h.changed_at`,
    );
    expect(history.map((h) => [h.to_stage, h.to_status, new Date(h.changed_at).toISOString()])).toEqual([
      ['Qualification', 'open', '2021-01-10T09:00:00.000Z'],
      ['Won', 'won', '2021-03-15T12:00:00.000Z'],
    ]);
    const board = await api.get(
      `/api/v1/boards/${(await q<{ p: string }>(org.id, sql`select pipeline_id as p from deals limit 1`))[0]!.p}`,
    );
    expect(board.statusCode).toBe(200);

    const again = (await upload(t.app, user.cookie, 'deals', csv, 'deals.csv')).json();
    await api.patch(`/api/v1/imports/${again.id}`, { mapping, options });
    expect((await step(api, again.id, 'run')).progress).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect((await q<{ n: number }>(org.id, sql`select count(*)::int as n from deals`))[0]!.n).toBe(3);

    const reverted = await step(api, imp.id, 'revert');
    expect(reverted.status).toBe('reverted');
    expect((await q<{ n: number }>(org.id, sql`select count(*)::int as n from deals`))[0]!.n).toBe(0);
    expect((await q<{ n: number }>(org.id, sql`select count(*)::int as n from companies`))[0]!.n).toBe(0);
    const audit = await q<{ action: string }>(
      org.id,
      sql`select action from audit_entries where record_id = ${imp.id}::uuid`,
    );
    expect(audit.map((a) => a.action)).toEqual(['import.revert']);
  });
});

describe('deals import updates history', () => {
  it('a re-import that moves a matched deal to another stage records the move in stage_history, dated from the file', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const mapping = { '0': 'external_id', '1': 'name', '2': 'stage', '3': 'created_at', '4': 'closed_at' };
    const options = { upsert_key: 'external_id', date_order: 'ymd' };
    const run = async (csv: string) => {
      const imp = (await upload(t.app, user.cookie, 'deals', csv, 'deals.csv')).json();
      expect((await api.patch(`/api/v1/imports/${imp.id}`, { mapping, options })).statusCode).toBe(200);
      return (await step(api, imp.id, 'run')).progress;
    };
    const header = 'Deal ID,Deal name,Stage,Created,Close date';
    expect(await run(`${header}\nd9,Moving deal,Proposal,2021-02-01 00:00,\n`)).toMatchObject({ created: 1 });
    expect(await run(`${header}\nd9,Moving deal,Closed Won,2021-02-01 00:00,2021-04-01 10:00\n`)).toMatchObject({
      updated: 1,
    });
    const history = await q<{ from_stage: string | null; to_stage: string; to_status: string; changed_at: string }>(
      org.id,
      sql`select f.name as from_stage, s.name as to_stage, h.to_status, h.changed_at from stage_history h
          join stages s on s.id = h.to_stage_id left join stages f on f.id = h.from_stage_id
          order by h.changed_at, h.id`,
    );
    expect(history.map((h) => [h.from_stage, h.to_stage, h.to_status, new Date(h.changed_at).toISOString()])).toEqual([
      // Created in Proposal at once (no stage-entry time of its own): one entry; then the move.
      [null, 'Proposal', 'open', '2021-02-01T00:00:00.000Z'],
      ['Proposal', 'Won', 'won', '2021-04-01T10:00:00.000Z'],
    ]);
  });
});

describe('saved mappings', () => {
  it('saves an import mapping by header name and applies it to another import', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const csv = 'First,Mail\nAda,ada@example.com\n';
    const a = (await upload(t.app, user.cookie, 'contacts', csv)).json();
    await api.patch(`/api/v1/imports/${a.id}`, { mapping: { '0': 'first_name', '1': 'email' } });
    const saved = await api.post('/api/v1/import-mappings', { name: 'Mine', entity: 'contacts', import_id: a.id });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().mapping).toEqual({ First: 'first_name', Mail: 'email' });
    expect(
      (await api.post('/api/v1/import-mappings', { name: 'Mine', entity: 'contacts', mapping: {} })).statusCode,
    ).toBe(409);
    const b = (await upload(t.app, user.cookie, 'contacts', 'Mail,First\nbob@example.com,Bob\n')).json();
    const applied = await api.patch(`/api/v1/imports/${b.id}`, { mapping_id: saved.json().id });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().mapping).toEqual({ '0': 'email', '1': 'first_name' });
    expect((await api.get('/api/v1/import-mappings')).json().data).toHaveLength(1);
    expect((await api.del(`/api/v1/import-mappings/${saved.json().id}`)).statusCode).toBe(204);
  });
});
