import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  ownerWithOrg,
  sessionCookie,
  type TestApp,
} from '../../../test/helpers.js';
import { DEMO_PASSWORD, seedDemo } from '../demo/demo.service.js';
import { findDuplicatesOf } from './duplicates.match.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

interface Group {
  score: number;
  records: Array<{ id: string; name: string; fields: Record<string, unknown> }>;
  reasons: Array<{ kind: string; value: string; record_ids: string[]; score: number }>;
}

async function post(api: ReturnType<typeof as>, url: string, body: unknown) {
  const res = await api.post(url, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name?: string };
}

async function contactsFixture() {
  const { user, org } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const globex = await post(api, '/api/v1/companies', { name: 'Globex Corporation' });
  const c = {
    a: await post(api, '/api/v1/contacts', {
      first_name: 'John',
      last_name: 'Smith',
      email: 'John.Smith+crm@GMail.com',
    }),
    b: await post(api, '/api/v1/contacts', {
      first_name: 'Johnny',
      last_name: 'Smyth',
      email: 'johnsmith@googlemail.com',
    }),
    c: await post(api, '/api/v1/contacts', { first_name: 'Carla', last_name: 'Diaz', phone: '+1 (415) 555-0100' }),
    d: await post(api, '/api/v1/contacts', { first_name: 'Dmitri', last_name: 'Volkov', mobile: '415.555.0100' }),
    e: await post(api, '/api/v1/contacts', { first_name: 'Katherine', last_name: 'Johnson', company_id: globex.id }),
    f: await post(api, '/api/v1/contacts', { first_name: 'Katharine', last_name: 'Johnson', company_id: globex.id }),
    g: await post(api, '/api/v1/contacts', { first_name: 'Zed', last_name: 'Zulu', email: 'zed@zulu.example' }),
    // Same name as e/f but at no company: not a duplicate by name.
    h: await post(api, '/api/v1/contacts', { first_name: 'Katherine', last_name: 'Johnson' }),
  };
  return { user, org, api, globex, c };
}

const idSet = (g: Group) => g.records.map((r) => r.id).sort();

describe('duplicate finder', () => {
  it('groups contacts by email key, phone in either field and similar names at one company, best first', async () => {
    const { api, c } = await contactsFixture();
    const res = await api.get('/api/v1/duplicates?type=contacts');
    expect(res.statusCode, res.body).toBe(200);
    const groups = res.json().data as Group[];
    expect(groups.map(idSet)).toEqual(
      expect.arrayContaining([[c.a.id, c.b.id].sort(), [c.c.id, c.d.id].sort(), [c.e.id, c.f.id].sort()]),
    );
    expect(groups).toHaveLength(3);
    const scores = groups.map((g) => g.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const [email, phone, name] = [c.a, c.c, c.e].map((x) => groups.find((g) => idSet(g).includes(x.id))!);
    expect(email!.reasons).toEqual([
      { kind: 'email', value: 'johnsmith@gmail.com', record_ids: [c.a.id, c.b.id].sort(), score: 90 },
    ]);
    expect(phone!.reasons[0]).toMatchObject({ kind: 'phone', value: '+14155550100', score: 80 });
    expect(name!.reasons[0]!.kind).toBe('name');
    expect(name!.score).toBeGreaterThanOrEqual(50);
    expect(name!.score).toBeLessThan(90);
    expect(email!.score).toBe(90);
    // Nothing mentions the non-duplicates.
    const all = groups.flatMap(idSet);
    expect(all).not.toContain(c.g.id);
    expect(all).not.toContain(c.h.id);
    // The merge dialog's values come with the records.
    expect(email!.records.find((r) => r.id === c.a.id)!.fields).toMatchObject({
      first_name: 'John',
      email: 'john.smith+crm@gmail.com',
    });
  });

  it('counts a number a contact has as both phone and mobile once', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const both = { phone: '+49 30 901820', mobile: '+49 30 901820' };
    const solo = await post(api, '/api/v1/contacts', { first_name: 'Paula', last_name: 'Both', ...both });
    expect((await api.get('/api/v1/duplicates?type=contacts')).json().data).toEqual([]);
    const other = await post(api, '/api/v1/contacts', {
      first_name: 'Otto',
      last_name: 'Else',
      mobile: '+49 (30) 901820',
    });
    const groups = (await api.get('/api/v1/duplicates?type=contacts')).json().data as Group[];
    expect(groups.map(idSet)).toEqual([[solo.id, other.id].sort()]);
    expect(groups[0]!.reasons).toEqual([
      { kind: 'phone', value: '+4930901820', record_ids: [solo.id, other.id].sort(), score: 80 },
    ]);
  });

  it('pages groups with a cursor, refuses a foreign cursor, ignores deleted records', async () => {
    const { api, c } = await contactsFixture();
    const first = await api.get('/api/v1/duplicates?type=contacts&limit=2');
    const second = await api.get(`/api/v1/duplicates?type=contacts&limit=2&cursor=${first.json().next_cursor}`);
    expect(first.json().data).toHaveLength(2);
    expect(second.json()).toMatchObject({ next_cursor: null });
    expect(second.json().data).toHaveLength(1);
    expect(errorOf(await api.get('/api/v1/duplicates?type=contacts&cursor=bm9wZQ')).code).toBe('validation_error');
    expect((await api.del(`/api/v1/contacts/${c.d.id}`)).statusCode).toBe(204);
    const after = (await api.get('/api/v1/duplicates?type=contacts')).json().data as Group[];
    expect(after).toHaveLength(2);
    expect(after.flatMap(idSet)).not.toContain(c.c.id);
  });

  it('groups companies by domain (www. website vs bare domain) and by similar names', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const i1 = await post(api, '/api/v1/companies', { name: 'Initech', website: 'https://www.initech.io/about' });
    const i2 = await post(api, '/api/v1/companies', { name: 'Initrode Software', domain: 'initech.io' });
    const u1 = await post(api, '/api/v1/companies', { name: 'Umbrella Corporation' });
    const u2 = await post(api, '/api/v1/companies', { name: 'Umbrella Corporation Ltd' });
    await post(api, '/api/v1/companies', { name: 'Hooli' });
    const groups = (await api.get('/api/v1/duplicates?type=companies')).json().data as Group[];
    expect(groups.map(idSet)).toEqual([[i1.id, i2.id].sort(), [u1.id, u2.id].sort()]);
    expect(groups[0]!.reasons[0]).toMatchObject({ kind: 'domain', value: 'initech.io', score: 90 });
    expect(groups[1]!.reasons[0]).toMatchObject({
      kind: 'name',
      value: 'Umbrella Corporation ~ Umbrella Corporation Ltd',
    });
    expect(groups[0]!.score).toBeGreaterThan(groups[1]!.score);
  });

  it('shows a member only the records they may see', async () => {
    const { user, api } = await contactsFixture();
    // Private visibility: members see their own and unassigned records.
    expect((await api.patch('/api/v1/org', { record_visibility: 'private' })).statusCode).toBeLessThan(300);
    const member = await addMember(t.app, user, 'member');
    const mapi = as(t.app, member);
    expect((await mapi.get('/api/v1/duplicates?type=contacts')).json().data).toEqual([]);
    const x = await post(mapi, '/api/v1/contacts', {
      first_name: 'Own',
      last_name: 'Person',
      phone: '+44 20 7946 0000',
    });
    const y = await post(mapi, '/api/v1/contacts', {
      first_name: 'Other',
      last_name: 'Human',
      mobile: '+442079460000',
    });
    const groups = (await mapi.get('/api/v1/duplicates?type=contacts')).json().data as Group[];
    expect(groups.map(idSet)).toEqual([[x.id, y.id].sort()]);
    expect(errorOf(await mapi.get('/api/v1/duplicates?type=leads')).code).toBe('validation_error');
  });

  it('findDuplicatesOf matches a chunk of import candidates in one go', async () => {
    const { org, c, globex } = await contactsFixture();
    const matches = await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      findDuplicatesOf(tx, {
        orgId: org.id,
        type: 'contacts',
        candidates: [
          { email: ' JOHN.SMITH+crm@gmail.com ' },
          { phone: '+14155550100' },
          { name: 'Katherine Johnson', company_name: 'GLOBEX corporation' },
          { email: 'nobody@example.com', name: 'Katherine Johnson' },
        ],
      }),
    );
    expect(matches[0]!.map((m) => m.id).sort()).toEqual([c.a.id, c.b.id].sort());
    expect(matches[0]!.find((m) => m.id === c.a.id)!.score).toBe(99);
    expect(matches[1]!.map((m) => m.id).sort()).toEqual([c.c.id, c.d.id].sort());
    expect(matches[2]!.map((m) => m.id).sort()).toEqual([c.e.id, c.f.id].sort());
    expect(matches[2]![0]!.reasons).toEqual(['name']);
    expect(matches[3]).toEqual([]);
    const companies = await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      findDuplicatesOf(tx, {
        orgId: org.id,
        type: 'companies',
        candidates: [{ name: 'Globex Corporation Inc' }, { domain: 'www.nothing.example' }],
      }),
    );
    expect(companies[0]!.map((m) => m.id)).toEqual([globex.id]);
    expect(companies[1]).toEqual([]);
  });
});

describe('demo duplicates', () => {
  it('gives a fresh demo organisation duplicate groups of contacts and companies to review', async () => {
    const tag = randomUUID().slice(0, 8);
    const options = { domain: `dups-${tag}.test`, slug: `dups-${tag}`, name: 'Demo Company' };
    expect(await seedDemo(t.database.db, t.app.auth, options)).not.toBeNull();
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `demo@${options.domain}`, password: DEMO_PASSWORD },
    });
    const cookie = sessionCookie(signIn);
    const groups = async (type: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/duplicates?type=${type}`, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { data: Group[] }).data;
    };
    const kinds = (gs: Group[]) => new Set(gs.flatMap((g) => g.reasons.map((r) => r.kind)));
    const contacts = await groups('contacts');
    expect(contacts.length).toBeGreaterThanOrEqual(2);
    expect([...kinds(contacts)]).toEqual(expect.arrayContaining(['email', 'phone', 'name']));
    const companies = await groups('companies');
    expect(companies.length).toBeGreaterThanOrEqual(2);
    expect([...kinds(companies)]).toEqual(expect.arrayContaining(['domain', 'name']));
  });
});
