/**
 * Issue 6: `unknown_owners: create_inactive` — unknown owners of an import become inactive members
 * (no user), who own the imported records, are listed as members, cannot sign in, and are activated
 * (same membership, records keep their owner) when their address is invited and the invitee accepts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { defineJob } from '../../plugins/jobs.js';
import {
  as,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  PASSWORD,
  signUpAndAccept,
  uniqueEmail,
  type TestApp,
} from '../../../test/helpers.js';
import { IMPORT_JOB } from './imports.jobs.js';
import { runImportJob, uploadImport } from './imports.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
type Api = ReturnType<typeof as>;
interface MemberWire {
  id: string;
  user_id: string | null;
  name: string;
  email: string | null;
  status: 'active' | 'inactive';
  role: string;
}

const upload = (cookie: string, entity: string, body: string) =>
  uploadImport(t.app, cookie, entity, body, 'owners.csv');
const runJob = (importId: string) => runImportJob(t, importId);

async function step(api: Api, id: string, action: 'dry-run' | 'run' | 'revert') {
  const res = await api.post(`/api/v1/imports/${id}/${action}`);
  expect(res.statusCode, res.body).toBe(202);
  await runJob(id);
  return (await api.get(`/api/v1/imports/${id}`)).json();
}

/** Uploads `csv` as contacts mapped first name, email, owner; upsert by email; unknown owners created. */
async function contactsImport(api: Api, cookie: string, csv: string) {
  const up = await upload(cookie, 'contacts', csv);
  expect(up.statusCode, up.body).toBe(201);
  const id = up.json().id as string;
  const patched = await api.patch(`/api/v1/imports/${id}`, {
    mapping: { '0': 'first_name', '1': 'email', '2': 'owner' },
    options: { upsert_key: 'email', unknown_owners: 'create_inactive' },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  return id;
}

async function members(api: Api, query = ''): Promise<MemberWire[]> {
  const res = await api.get(`/api/v1/members?limit=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

async function contactByEmail(api: Api, email: string) {
  const res = await api.get(`/api/v1/contacts?q=${encodeURIComponent(email)}`);
  expect(res.statusCode, res.body).toBe(200);
  const [c] = res.json().data as Array<{
    id: string;
    owner_id: string | null;
    owner: { id: string; name: string } | null;
  }>;
  expect(c, email).toBeDefined();
  return c!;
}

describe('import: unknown owners created as inactive members', () => {
  it('dry run warns, run creates and reuses, members list shows them, invite + accept activates them', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const api = as(t.app, owner);
    const jane = uniqueEmail('jane.doe');
    const csv = [
      'First name,Email,Owner',
      `Ada,ada@example.com,${jane}`,
      `Ben,ben@example.com,${jane.toUpperCase()}`,
      'Cy,cy@example.com,Bob Builder',
      `Di,di@example.com,${owner.email}`,
    ].join('\n');
    const first = await contactsImport(api, owner.cookie, csv);

    // Dry run: warnings name the members it would create; nothing is written.
    const dry = await step(api, first, 'dry-run');
    expect(dry.status).toBe('validated');
    expect(dry.dry_run).toMatchObject({ would_create: 4, failing: 0 });
    expect([...dry.dry_run.would_create_related.owners].sort()).toEqual(['Bob Builder', jane].sort());
    const warnings = (await api.get(`/api/v1/imports/${first}/issues?severity=warning`)).json().data as Array<{
      row: number;
      message: string;
    }>;
    const localName = jane
      .split('@')[0]!
      .split(/[._+-]+/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' ');
    expect(warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        `Owner "${jane}" is not a member of this organisation: will create inactive member "${localName}" <${jane}>`,
        'Owner "Bob Builder" is not a member of this organisation: will create inactive member "Bob Builder"',
      ]),
    );
    expect(await members(api)).toHaveLength(1);
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(0);

    // Run: one inactive member per distinct owner (the address matched case-insensitively).
    const done = await step(api, first, 'run');
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const inactive = await members(api, '&status=inactive');
    expect(inactive).toHaveLength(2);
    const janeM = inactive.find((m) => m.email === jane)!;
    const bobM = inactive.find((m) => m.name === 'Bob Builder')!;
    expect(janeM).toMatchObject({ name: localName, status: 'inactive', user_id: null, role: 'member' });
    expect(bobM).toMatchObject({ email: null, status: 'inactive', user_id: null });
    expect((await members(api)).map((m) => m.status).sort()).toEqual(['active', 'inactive', 'inactive']);
    expect((await members(api, `&q=${encodeURIComponent('bob build')}`)).map((m) => m.id)).toEqual([bobM.id]);
    expect((await contactByEmail(api, 'ada@example.com')).owner).toEqual({ id: janeM.id, name: localName });
    expect((await contactByEmail(api, 'ben@example.com')).owner_id).toBe(janeM.id);
    expect((await contactByEmail(api, 'cy@example.com')).owner).toEqual({ id: bobM.id, name: 'Bob Builder' });
    const audit = (await api.get('/api/v1/audit?action=member.create_inactive')).json().data as Array<{
      record_id: string;
      details: { import_id: string };
    }>;
    expect(audit.map((a) => a.record_id).sort()).toEqual([janeM.id, bobM.id].sort());
    expect(audit.every((a) => a.details.import_id === first)).toBe(true);
    // The organisation's member count is of active members (people who can sign in).
    expect((await api.get('/api/v1/org/stats')).json()).toMatchObject({ members: 1 });

    // Re-running the same file reuses them: no duplicates, same owners.
    const second = await contactsImport(api, owner.cookie, csv);
    const again = await step(api, second, 'run');
    expect(again.status).toBe('completed');
    expect((await members(api, '&status=inactive')).map((m) => m.id).sort()).toEqual([janeM.id, bobM.id].sort());
    expect((await contactByEmail(api, 'ada@example.com')).owner_id).toBe(janeM.id);

    // An inactive member cannot sign in: there is no user; the address stays free to sign up.
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: jane, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(401);
    const users = await t.database.db.execute(sql`select count(*)::int as n from users where email = ${jane}`);
    expect(rows<{ n: number }>(users)[0]!.n).toBe(0);
    // Nor join a team or be given a role before activation.
    expect((await api.patch(`/api/v1/members/${janeM.id}`, { role: 'admin' })).statusCode).toBe(422);

    // Invite by address; accepting activates the SAME membership with the invitation's role.
    const inv = await api.post('/api/v1/invitations', { email: jane, role: 'manager' });
    expect(inv.statusCode, inv.body).toBe(201);
    const janeUser = await signUpAndAccept(t.app, { email: jane, name: 'Jane Real', token: inv.json().token });
    const activated = (await api.get(`/api/v1/members/${janeM.id}`)).json() as MemberWire;
    expect(activated).toMatchObject({
      id: janeM.id,
      user_id: janeUser.id,
      status: 'active',
      role: 'manager',
      name: 'Jane Real',
      email: jane,
    });
    expect((await contactByEmail(api, 'ada@example.com')).owner).toEqual({ id: janeM.id, name: 'Jane Real' });
    expect((await members(api, '&status=inactive')).map((m) => m.id)).toEqual([bobM.id]);
    // The activated member signs in and sees their records as their own.
    const mine = await as(t.app, janeUser).get(`/api/v1/contacts?owner_id=${janeM.id}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(
      mine
        .json()
        .data.map((c: { email: string }) => c.email)
        .sort(),
    ).toEqual(['ada@example.com', 'ben@example.com']);

    // An admin removes an inactive member like any other; their records become unassigned.
    expect((await api.del(`/api/v1/members/${bobM.id}`)).statusCode).toBe(204);
    expect((await contactByEmail(api, 'cy@example.com')).owner_id).toBeNull();
    expect((await api.get(`/api/v1/members/${bobM.id}`)).statusCode).toBe(404);
  });

  it('invites a name-only inactive member by id; assigns imported activities to one; refuses active or foreign ids and notes', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const { user: stranger } = await ownerWithOrg(t.app);
    const api = as(t.app, owner);
    const id = await contactsImport(api, owner.cookie, 'First name,Email,Owner\nEve,eve@example.com,Eve Owner');
    expect((await step(api, id, 'run')).status).toBe('completed');
    const [eve] = await members(api, '&status=inactive');
    expect(eve).toMatchObject({ name: 'Eve Owner', email: null });

    expect(
      (await as(t.app, stranger).post('/api/v1/invitations', { email: uniqueEmail(), member_id: eve!.id })).statusCode,
    ).toBe(404);
    const me = (await members(api, '&status=active'))[0]!;
    const activeRes = await api.post('/api/v1/invitations', { email: uniqueEmail(), member_id: me.id });
    expect(activeRes.statusCode).toBe(409);
    expect(issuePaths(activeRes)).toEqual(['body.member_id']);

    const address = uniqueEmail('eve');
    const inv = await api.post('/api/v1/invitations', { email: address, member_id: eve!.id });
    expect(inv.statusCode, inv.body).toBe(201);
    expect(inv.json().member_id).toBe(eve!.id);
    const eveUser = await signUpAndAccept(t.app, { email: address, name: 'Eve Signed', token: inv.json().token });
    expect((await api.get(`/api/v1/members/${eve!.id}`)).json()).toMatchObject({
      user_id: eveUser.id,
      status: 'active',
      role: 'member',
      name: 'Eve Signed',
    });
    expect((await contactByEmail(api, 'eve@example.com')).owner).toEqual({ id: eve!.id, name: 'Eve Signed' });
    const joined = (await api.get('/api/v1/audit?action=member.join')).json().data;
    expect(joined[0]).toMatchObject({ record_id: eve!.id, details: { activated: true } });

    // Activities: an unknown assignee becomes an inactive member too (created before the activity).
    const acts = await upload(
      owner.cookie,
      'activities',
      'Type,Subject,Record email,Owner\ntask,Call back,eve@example.com,Ivy Assignee',
    );
    expect(acts.statusCode, acts.body).toBe(201);
    const actsPatched = await api.patch(`/api/v1/imports/${acts.json().id}`, {
      mapping: { '0': 'type', '1': 'subject', '2': 'record_email', '3': 'owner' },
      options: { unknown_owners: 'create_inactive' },
    });
    expect(actsPatched.statusCode, actsPatched.body).toBe(200);
    expect((await step(api, acts.json().id, 'run')).status).toBe('completed');
    const ivy = (await members(api, '&status=inactive')).find((m) => m.name === 'Ivy Assignee');
    expect(ivy).toBeDefined();
    const task = (await api.get('/api/v1/activities?limit=10'))
      .json()
      .data.find((x: { subject: string }) => x.subject === 'Call back');
    expect(task?.assignee_id).toBe(ivy!.id);

    // Notes' owners are their authors (users), which an inactive member is not: 400.
    const notes = await upload(owner.cookie, 'notes', 'Body,Owner\nHello,Someone');
    expect(notes.statusCode, notes.body).toBe(201);
    const refused = await api.patch(`/api/v1/imports/${notes.json().id}`, {
      mapping: { '0': 'body', '1': 'owner' },
      options: { unknown_owners: 'create_inactive' },
    });
    expect(refused.statusCode).toBe(400);
    expect(issuePaths(refused)).toContain('body.options.unknown_owners');
    expect(errorOf(refused).details?.issues?.[0]?.message).toMatch(/not available for notes/);
  });

  it('revert removes the inactive members it created unless something else references them', async () => {
    const { user: owner, org } = await ownerWithOrg(t.app);
    const api = as(t.app, owner);
    const id = await contactsImport(
      api,
      owner.cookie,
      'First name,Email,Owner\nGus,gus@example.com,Carol Keep\nHal,hal@example.com,Dave Drop',
    );
    expect((await step(api, id, 'run')).status).toBe('completed');
    const created = await members(api, '&status=inactive');
    const carol = created.find((m) => m.name === 'Carol Keep')!;
    const dave = created.find((m) => m.name === 'Dave Drop')!;
    // Carol also owns a company created by hand: she must survive the revert.
    const company = await api.post('/api/v1/companies', { name: 'Kept Co', owner_id: carol.id });
    expect(company.statusCode, company.body).toBe(201);

    const reverted = await step(api, id, 'revert');
    expect(reverted.status).toBe('reverted');
    expect((await members(api, '&status=inactive')).map((m) => m.id)).toEqual([carol.id]);
    expect((await api.get(`/api/v1/members/${dave.id}`)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/companies/${company.json().id}`)).json().owner_id).toBe(carol.id);
    const left = await withTenant(t.database.db, { orgId: org.id }, async (tx) =>
      rows<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from import_changes where org_id = ${org.id}::uuid`),
      ),
    );
    expect(left[0]!.n).toBe(0);
  });
});
