/**
 * Imports of activities and notes (attached to records found by external id / email / name), and
 * leads from a Salesforce person-style export (title built, status words, primary contact) —
 * issue 6. Upload → mapping → dry run → run → revert at the HTTP boundary, jobs driven by the test.
 */
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { testdata } from '../../../test/testdata.js';
import { defineJob } from '../../plugins/jobs.js';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { IMPORT_JOB, processImportJob } from './imports.jobs.js';
import { lastImportJob } from './imports.fixtures.js';
import { runImport, SimulatedCrash, type ImportJobPayload } from './imports.runner.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

type Api = ReturnType<typeof as>;
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
const q = <T>(orgId: string, query: ReturnType<typeof sql>) =>
  withTenant(t.database.db, { orgId }, async (tx) => rows<T>(await tx.execute(query)));

async function upload(cookie: string, entity: string, body: string | Buffer, name = 'file.csv') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}&file_name=${encodeURIComponent(name)}`,
    headers: { cookie, 'content-type': 'text/csv' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(api: Api, id: string, action: 'dry-run' | 'run' | 'revert') {
  const res = await api.post(`/api/v1/imports/${id}/${action}`);
  expect(res.statusCode, res.body).toBe(202);
  const job = await t.database.db.execute(sql`select data from pgboss.job where name = ${IMPORT_JOB}
    and data->>'importId' = ${id} order by created_on desc limit 1`);
  await processImportJob(t.database.db, rows<{ data: ImportJobPayload }>(job)[0]!.data);
  return (await api.get(`/api/v1/imports/${id}`)).json();
}

const issuesOf = async (api: Api, id: string) =>
  (await api.get(`/api/v1/imports/${id}/issues`)).json().data as Array<{
    row: number;
    message: string;
    severity: string;
  }>;

/** A company (external id ACC-1), a contact (ada@example.com) and a lead (external id L-9). */
async function records(api: Api, orgId: string) {
  const company = (await api.post('/api/v1/companies', { name: 'Acme GmbH' })).json();
  const contact = (
    await api.post('/api/v1/contacts', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' })
  ).json();
  const lead = (await api.post('/api/v1/leads', { title: 'Globex inbound' })).json();
  for (const r of [company, contact, lead]) expect(r.id, JSON.stringify(r)).toBeTruthy();
  // External ids come from imports only (the API does not set them).
  await q(orgId, sql`update companies set external_id = 'ACC-1' where id = ${company.id}::uuid`);
  await q(orgId, sql`update leads set external_id = 'L-9' where id = ${lead.id}::uuid`);
  return { company, contact, lead };
}

describe('activities import', () => {
  it('attaches activities to records found by external id, email or name, keeps history, and reverts', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const { company, contact, lead } = await records(api, org.id);
    const csv = [
      'Type,Subject,Status,Due,Completed,Record type,Record ID,Record email,Record name,Location,Assigned to',
      'call,Intro call,,2021-03-01 09:00,2021-03-01 09:30,,,ada@example.com,,,',
      'meeting,Kick-off,completed,2021-04-02 10:00,,company,,,acme gmbh,Berlin office,',
      'task,Send offer,Not Started,2031-01-10,,,L-9,,,,',
      'task,Lost cause,,,,,NOPE-1,,,,',
      'email,Follow-up,,,,,ACC-1,,,Somewhere,nobody@nowhere.example',
    ].join('\n');
    const imp = await upload(user.cookie, 'activities', csv, 'activities.csv');
    const mapping = {
      '0': 'type',
      '1': 'subject',
      '2': 'status',
      '3': 'due_at',
      '4': 'completed_at',
      '5': 'record_type',
      '6': 'record_external_id',
      '7': 'record_email',
      '8': 'record_name',
      '9': 'location',
      '10': 'owner',
    };
    expect((await api.patch(`/api/v1/imports/${imp.id}`, { mapping })).statusCode).toBe(200);

    const dry = await step(api, imp.id, 'dry-run');
    expect(dry.status, JSON.stringify(dry)).toBe('validated');
    expect(dry.dry_run).toMatchObject({ would_create: 4, failing: 1 });
    const dryIssues = await issuesOf(api, imp.id);
    expect(dryIssues.find((i) => i.row === 5)).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('No record found with external ID "NOPE-1"'),
    });
    expect((await q<{ n: number }>(org.id, sql`select count(*)::int as n from activities`))[0]!.n).toBe(0);

    const done = await step(api, imp.id, 'run');
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ created: 4, failed: 1 });
    const acts = await q<Record<string, unknown>>(
      org.id,
      sql`select a.subject, a.status, a.completed_at, a.location, a.assignee_id is not null as assigned,
            coalesce(l.contact_id, l.company_id, l.lead_id) as record, e.type as entry, e.occurred_at, e.event_id = a.id as same
          from activities a join activity_links l on l.activity_id = a.id
          left join timeline_entries e on e.activity_id = a.id order by a.subject`,
    );
    const bySubject = new Map(acts.map((a) => [a.subject, a]));
    expect(acts).toHaveLength(4);
    expect(bySubject.get('Intro call')).toMatchObject({ status: 'completed', record: contact.id, entry: 'activity' });
    expect(new Date(bySubject.get('Intro call')!.completed_at as string).toISOString()).toBe(
      '2021-03-01T09:30:00.000Z',
    );
    expect(new Date(bySubject.get('Intro call')!.occurred_at as string).toISOString()).toBe('2021-03-01T09:30:00.000Z');
    // Completed without a completion time: completed at its due time (history, not now).
    expect(new Date(bySubject.get('Kick-off')!.completed_at as string).toISOString()).toBe('2021-04-02T10:00:00.000Z');
    expect(bySubject.get('Kick-off')).toMatchObject({ record: company.id, location: 'Berlin office', same: true });
    expect(bySubject.get('Send offer')).toMatchObject({ status: 'planned', completed_at: null, record: lead.id });
    // Unknown owner → unassigned; a location on an email is dropped.
    expect(bySubject.get('Follow-up')).toMatchObject({ assigned: false, location: null, record: company.id });
    // The lead's follow-up is the open task's due time, as the activities service keeps it.
    const fu = (await api.get(`/api/v1/leads/${lead.id}`)).json();
    expect(new Date(fu.next_follow_up_at).toISOString()).toBe('2031-01-10T00:00:00.000Z');
    const tl = (await api.get(`/api/v1/timeline?record_type=contact&record_id=${contact.id}`)).json();
    expect(JSON.stringify(tl)).toContain('Intro call');

    const reverted = await step(api, imp.id, 'revert');
    expect(reverted.status).toBe('reverted');
    const left = await q<{ a: number; l: number; e: number }>(
      org.id,
      sql`select (select count(*)::int from activities) as a, (select count(*)::int from activity_links) as l,
            (select count(*)::int from timeline_entries where type = 'activity') as e`,
    );
    expect(left[0]).toEqual({ a: 0, l: 0, e: 0 });
    expect((await api.get(`/api/v1/leads/${lead.id}`)).json().next_follow_up_at).toBeNull();
  });
});

describe('notes import', () => {
  it('stores plain text and HTML bodies sanitised as the notes service does, on their records', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const { contact, lead } = await records(api, org.id);
    const csv = [
      'Note,Record,Lead ID,Created,Pinned',
      `"Called Ada.\nShe wants <b>a quote</b> & a demo.\n\nSecond paragraph",ada@example.com,,2020-05-06 07:08,yes`,
      `"<p onclick=""x()"">Rich <strong>text</strong><script>alert(1)</script></p>",,L-9,,`,
      '"<script>only()</script>",,L-9,,',
    ].join('\n');
    const imp = await upload(user.cookie, 'notes', csv, 'notes.csv');
    const mapping = { '0': 'body', '1': 'record_email', '2': 'record_external_id', '3': 'created_at', '4': 'pinned' };
    expect((await api.patch(`/api/v1/imports/${imp.id}`, { mapping })).statusCode).toBe(200);
    const done = await step(api, imp.id, 'run');
    expect(done.progress).toMatchObject({ created: 2, failed: 1 });
    const notes = (await api.get(`/api/v1/notes?record_type=contact&record_id=${contact.id}`)).json();
    const list = (notes.data ?? notes) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      body: '<p>Called Ada.<br />She wants &lt;b&gt;a quote&lt;/b&gt; &amp; a demo.</p><p>Second paragraph</p>',
      pinned: true,
      created_at: '2020-05-06T07:08:00.000Z',
    });
    const leadNotes = await q<{ body: string; excerpt: string; at: string }>(
      org.id,
      sql`select n.body, e.data->>'excerpt' as excerpt, e.occurred_at::text as at from notes n
          join note_links l on l.note_id = n.id and l.lead_id = ${lead.id}::uuid
          join timeline_entries e on e.note_id = n.id`,
    );
    expect(leadNotes).toHaveLength(1);
    expect(leadNotes[0]!.body).toBe('<p>Rich <strong>text</strong></p>');
    expect(leadNotes[0]!.excerpt).toBe('Rich text');
    expect((await issuesOf(api, imp.id)).find((i) => i.row === 4)?.message).toContain('empty');

    await step(api, imp.id, 'revert');
    const left = await q<{ n: number; e: number }>(
      org.id,
      sql`select (select count(*)::int from notes) as n, (select count(*)::int from timeline_entries where type = 'note') as e`,
    );
    expect(left[0]).toEqual({ n: 0, e: 0 });
  });
});

const SF = testdata('crm_export_layouts', 'salesforce_lead_sample_DE_org_TRANSCRIBED.csv');

describe('leads from a Salesforce export', () => {
  it('imports all 22 rows with no manual mapping: statuses, titles, primary contacts; revert removes them', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const imp = await upload(user.cookie, 'leads', await readFile(SF), 'leads.csv');
    const done = await step(api, imp.id, 'run');
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ rows_total: 22, created: 22, failed: 0 });
    const leads = await q<{ status: string; n: number }>(
      org.id,
      sql`select status, count(*)::int as n from leads group by status order by status`,
    );
    // 12 "Working - Contacted" + 3 "Open - Not Contacted" → open; 3 "Closed - Converted"; 4 "Closed - Not Converted".
    expect(leads).toEqual([
      { status: 'converted', n: 3 },
      { status: 'lost', n: 4 },
      { status: 'open', n: 15 },
    ]);
    const betty = await q<Record<string, unknown>>(
      org.id,
      sql`select l.title, l.phones, c.first_name, c.last_name, c.email, c.job_title, c.phone, lc.is_primary
          from leads l join lead_contacts lc on lc.lead_id = l.id join contacts c on c.id = lc.contact_id
          where l.external_id = '00Q5i00000GAqYyEAL'`,
    );
    expect(betty).toEqual([
      {
        title: 'Betty Bair',
        phones: ['+16102659100'],
        first_name: 'Betty',
        last_name: 'Bair',
        email: 'bblair@abankingco.com',
        job_title: 'VP, Administration',
        phone: '+16102659100',
        is_primary: true,
      },
    ]);
    const counts = await q<{ links: number; contacts: number }>(
      org.id,
      sql`select (select count(*)::int from lead_contacts where is_primary) as links,
            (select count(*)::int from contacts) as contacts`,
    );
    expect(counts[0]).toEqual({ links: 22, contacts: 22 });

    await step(api, imp.id, 'revert');
    const left = await q<{ l: number; c: number }>(
      org.id,
      sql`select (select count(*)::int from leads) as l, (select count(*)::int from contacts) as c`,
    );
    expect(left[0]).toEqual({ l: 0, c: 0 });
  });

  it('builds the title from name and company when no title column is mapped', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const csv = ['First,Last,Company,Email', 'Grace,Hopper,Navy,grace@navy.example', ',,Initech,'].join('\n');
    const imp = await upload(user.cookie, 'leads', csv);
    const mapping = { '0': 'first_name', '1': 'last_name', '2': 'company_name', '3': 'email' };
    const patched = await api.patch(`/api/v1/imports/${imp.id}`, { mapping });
    expect(patched.statusCode, patched.body).toBe(200);
    const done = await step(api, imp.id, 'run');
    expect(done.progress).toMatchObject({ created: 2, failed: 0 });
    const titles = await q<{ title: string; contact: string | null }>(
      org.id,
      sql`select l.title, c.full_name as contact from leads l left join lead_contacts lc on lc.lead_id = l.id
          left join contacts c on c.id = lc.contact_id order by l.title`,
    );
    expect(titles).toEqual([
      { title: 'Grace Hopper — Navy', contact: 'Grace Hopper' },
      { title: 'Initech', contact: null },
    ]);
  });
});

describe('dry-run duplicate warnings', () => {
  it('warns about contacts rows that likely duplicate existing contacts, and writes nothing', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const ada = await api.post('/api/v1/contacts', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      phone: '+14155550100',
    });
    expect(ada.statusCode, ada.body).toBe(201);
    const csv = [
      'First name,Last name,Email,Phone',
      'Augusta Ada,King,countess@example.com,+1 415 555 0100',
      'Charles,Babbage,charles@example.com,',
    ].join('\n');
    const imp = await upload(user.cookie, 'contacts', csv);
    const mapping = { '0': 'first_name', '1': 'last_name', '2': 'email', '3': 'phone' };
    expect((await api.patch(`/api/v1/imports/${imp.id}`, { mapping })).statusCode).toBe(200);
    const dry = await step(api, imp.id, 'dry-run');
    expect(dry.dry_run).toMatchObject({ would_create: 2, failing: 0 });
    const warnings = (await issuesOf(api, imp.id)).filter((i) => i.severity === 'warning');
    expect(warnings).toEqual([
      expect.objectContaining({ row: 2, message: 'Likely duplicate of Ada Lovelace (phone)' }),
    ]);
    expect((await q<{ n: number }>(org.id, sql`select count(*)::int as n from contacts`))[0]!.n).toBe(1);
  });
});

describe('contacts import with overlapping chunks (the PostgreSQL job settings)', () => {
  it('writes chunks in order while the next is parsed: relations, log and timeline exact across a crash and revert', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const lines = ['First name,Email,Company,Tags'];
    // Company names repeat across chunks of 4 rows: a later chunk must find what an earlier one created.
    for (let i = 1; i <= 13; i++) lines.push(`Person ${i},p${i}@example.com,Firm ${i % 3},${i % 2 ? 'Gold' : ''}`);
    lines.push('Bad,not-an-email,Firm 0,');
    const imp = await upload(user.cookie, 'contacts', lines.join('\n'));
    const patched = await api.patch(`/api/v1/imports/${imp.id}`, {
      mapping: { '0': 'first_name', '1': 'email', '2': 'company', '3': 'tags' },
      options: { upsert_key: 'email', create_missing_companies: true, create_missing_tags: true },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await api.post(`/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
    const job = await lastImportJob(t, imp.id);
    const opts = { overlap: true, chunkRows: 4 };
    // "Killed" after two committed chunks, with the third already parsed: it must not be written.
    await expect(runImport(t.database.db, job, { ...opts, stopAfterChunks: 2 })).rejects.toBeInstanceOf(SimulatedCrash);
    const mid = (await api.get(`/api/v1/imports/${imp.id}`)).json();
    expect(mid.progress).toMatchObject({ rows_done: 8, created: 8, checkpoint: 9 });
    expect((await q<{ n: number }>(org.id, sql`select count(*)::int as n from contacts`))[0]!.n).toBe(8);
    await q(org.id, sql`update imports set lease_expires_at = now() - interval '1 second' where id = ${imp.id}::uuid`);
    await runImport(t.database.db, job, opts);
    const done = (await api.get(`/api/v1/imports/${imp.id}`)).json();
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ rows_done: 14, created: 13, failed: 1, checkpoint: 15 });
    const [counts] = await q<Record<string, number>>(
      org.id,
      sql`select (select count(*)::int from contacts) as contacts,
            (select count(distinct email)::int from contacts) as emails,
            (select count(*)::int from companies) as companies,
            (select count(*)::int from contact_tags) as tag_links,
            (select count(*)::int from timeline_entries where type = 'created' and contact_id is not null) as timeline,
            (select count(*)::int from timeline_entries t join contacts c on c.id = t.contact_id
              where t.type = 'created' and t.data->>'name' = c.full_name and t.occurred_at = c.created_at) as named,
            (select count(*)::int from import_changes where import_id = ${imp.id}::uuid and entity = 'contacts'
              and action = 'created') as logged`,
    );
    expect(counts).toEqual({
      contacts: 13,
      emails: 13,
      companies: 3,
      tag_links: 7,
      timeline: 13,
      named: 13,
      logged: 13,
    });
    const reverted = await step(api, imp.id, 'revert');
    expect(reverted.status).toBe('reverted');
    const [after] = await q<Record<string, number>>(
      org.id,
      sql`select (select count(*)::int from contacts) as contacts, (select count(*)::int from companies) as companies`,
    );
    expect(after).toEqual({ contacts: 0, companies: 0 });
  });
});
