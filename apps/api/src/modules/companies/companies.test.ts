import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('companies', () => {
  it('creates a company with normalised domain and phone, money in minor units and an address', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const res = await api.post('/api/v1/companies', {
      name: ' Acme Corp ',
      domain: 'HTTPS://www.Acme.COM/',
      website: 'https://acme.com',
      phone: '(415) 555-2671',
      industry: 'Software',
      size_band: '51-200',
      employees: 120,
      annual_revenue: { amount: 1_250_000_00, currency: 'usd' },
      type: 'customer',
      rating: 'hot',
      billing_address: { street: '1 Market St', city: 'San Francisco', country: 'us', postal_code: '94105' },
      tax_id: 'US-123',
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const c = res.json();
    expect(c).toMatchObject({
      name: 'Acme Corp',
      domain: 'acme.com',
      phone: '+14155552671',
      annual_revenue: { amount: 125000000, currency: 'USD' },
      billing_address: { city: 'San Francisco', country: 'US', state: null },
      owner: { name: user.name },
      tags: [],
      ancestors: [],
      child_count: 0,
      contact_count: 0,
      deleted_at: null,
      version: 1,
    });
    const got = await api.get(`/api/v1/companies/${c.id}`);
    expect(got.json()).toEqual(c);
  });

  it('refuses bad values with field paths and writes nothing', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'A', domain: 'acme.com/about' }, 'body.domain'],
      [{ name: 'A', domain: 'not a domain' }, 'body.domain'],
      [{ name: 'A', employees: -5 }, 'body.employees'],
      [{ name: 'A', phone: '12' }, 'body.phone'],
      [{ name: 'A', website: 'javascript:alert(1)' }, 'body.website'],
      [{ name: 'A', annual_revenue: { amount: 10.5, currency: 'EUR' } }, 'body.annual_revenue.amount'],
      [{ name: 'A', annual_revenue: { amount: 10, currency: 'EURO' } }, 'body.annual_revenue.currency'],
      [{ name: 'A', billing_address: { country: 'XX' } }, 'body.billing_address.country'],
      [{ name: '' }, 'body.name'],
      [{ name: 'A', type: 'friend' }, 'body.type'],
      [{ name: 'A', custom_fields: { nope: 1 } }, 'body.custom_fields.nope'],
    ];
    for (const [payload, path] of cases) {
      const res = await api.post('/api/v1/companies', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(issuePaths(res)).toContain(path);
    }
    const list = await api.get('/api/v1/companies');
    expect(list.json()).toMatchObject({ data: [], next_cursor: null });
    expect((await api.get('/api/v1/companies/count')).json()).toEqual({ total: 0, total_capped: false });
  });

  it('keeps domains unique among live companies (409 with the existing id) and frees them on delete', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const first = (await api.post('/api/v1/companies', { name: 'Acme', domain: 'acme.io' })).json();
    const dup = await api.post('/api/v1/companies', { name: 'Acme 2', domain: 'WWW.ACME.IO' });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details).toMatchObject({ existing_id: first.id, issues: [{ path: 'body.domain' }] });

    const second = (await api.post('/api/v1/companies', { name: 'Other', domain: 'other.io' })).json();
    const clash = await api.patch(`/api/v1/companies/${second.id}`, { domain: 'acme.io' });
    expect(clash.statusCode).toBe(409);

    expect((await api.del(`/api/v1/companies/${first.id}`)).statusCode).toBe(204);
    const again = await api.post('/api/v1/companies', { name: 'Acme reborn', domain: 'acme.io' });
    expect(again.statusCode).toBe(201);
    const restore = await api.post(`/api/v1/companies/${first.id}/restore`);
    expect(restore.statusCode).toBe(409);
    expect(errorOf(restore).details?.existing_id).toBe(again.json().id);
  });

  it('builds a hierarchy: children, ancestors, cycles refused (422), parents of other organisations 404', async () => {
    const { user } = await ownerWithOrg(t.app);
    const { user: stranger } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const root = (await api.post('/api/v1/companies', { name: 'Holding' })).json();
    const mid = (await api.post('/api/v1/companies', { name: 'Europe', parent_id: root.id })).json();
    const leaf = (await api.post('/api/v1/companies', { name: 'Germany', parent_id: mid.id })).json();
    expect(leaf.ancestors.map((a: { name: string }) => a.name)).toEqual(['Holding', 'Europe']);
    expect(leaf.parent).toEqual({ id: mid.id, name: 'Europe' });
    const rootNow = (await api.get(`/api/v1/companies/${root.id}`)).json();
    expect(rootNow.child_count).toBe(1);
    const children = (await api.get(`/api/v1/companies/${mid.id}/children`)).json();
    expect(children.data.map((c: { id: string }) => c.id)).toEqual([leaf.id]);

    const cycle = await api.patch(`/api/v1/companies/${root.id}`, { parent_id: leaf.id });
    expect(cycle.statusCode).toBe(422);
    const self = await api.patch(`/api/v1/companies/${root.id}`, { parent_id: root.id });
    expect(self.statusCode).toBe(422);

    const foreign = (await as(t.app, stranger).post('/api/v1/companies', { name: 'Not yours' })).json();
    const cross = await api.post('/api/v1/companies', { name: 'Sneaky', parent_id: foreign.id });
    expect(cross.statusCode).toBe(404);
    expect((await api.get(`/api/v1/companies/${foreign.id}`)).statusCode).toBe(404);
    expect((await api.get('/api/v1/companies/count')).json().total).toBe(3);
  });

  it('honours If-Match (412 when stale) and bumps the version', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const c = (await api.post('/api/v1/companies', { name: 'Versioned' })).json();
    const ok = await api.patch(`/api/v1/companies/${c.id}`, { industry: 'Retail' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ industry: 'Retail', version: 2 });
    const stale = await api.patch(`/api/v1/companies/${c.id}`, { industry: 'Food' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale).details?.current_version).toBe(2);
    expect((await api.get(`/api/v1/companies/${c.id}`)).json().industry).toBe('Retail');
  });

  it('lets viewers read but not write (403)', async () => {
    const { user } = await ownerWithOrg(t.app);
    const viewer = await addMember(t.app, user, 'viewer');
    const c = (await as(t.app, user).post('/api/v1/companies', { name: 'Seen' })).json();
    const v = as(t.app, viewer);
    expect((await v.get(`/api/v1/companies/${c.id}`)).statusCode).toBe(200);
    expect((await v.post('/api/v1/companies', { name: 'Nope' })).statusCode).toBe(403);
    expect((await v.patch(`/api/v1/companies/${c.id}`, { name: 'Nope' })).statusCode).toBe(403);
    expect((await v.del(`/api/v1/companies/${c.id}`)).statusCode).toBe(403);
  });

  it('soft-deletes into the recycle bin and restores', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const c = (await api.post('/api/v1/companies', { name: 'Binned', domain: 'binned.io' })).json();
    expect((await api.del(`/api/v1/companies/${c.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/companies/${c.id}`)).statusCode).toBe(404);
    expect((await api.del(`/api/v1/companies/${c.id}`)).statusCode).toBe(404);
    const bin = (await api.get('/api/v1/companies/deleted')).json();
    expect(bin.data).toHaveLength(1);
    const purgeAt = Date.parse(bin.data[0].purge_at) - Date.parse(bin.data[0].deleted_at);
    expect(purgeAt).toBe(30 * 86_400_000);
    const restored = await api.post(`/api/v1/companies/${c.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ deleted_at: null, purge_at: null, domain: 'binned.io' });
    expect((await api.post(`/api/v1/companies/${c.id}/restore`)).statusCode).toBe(404);
    expect((await api.get('/api/v1/companies/deleted')).json().data).toEqual([]);
  });

  it('filters, searches and sorts the list', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const mk = async (body: Record<string, unknown>) => (await api.post('/api/v1/companies', body)).json();
    const a = await mk({
      name: 'Alpha Software',
      domain: 'alpha.dev',
      type: 'customer',
      industry: 'Software',
      employees: 50,
    });
    const b = await mk({
      name: 'Beta Foods',
      type: 'prospect',
      industry: 'Food',
      employees: 500,
      phone: '+44 20 7946 0958',
    });
    const c = await mk({ name: 'Gamma Tools', type: 'customer', industry: 'software', owner_id: null });
    const ids = async (q: string) =>
      (await api.get(`/api/v1/companies?${q}`)).json().data.map((x: { id: string }) => x.id);
    expect(await ids('type=customer&sort=name')).toEqual([a.id, c.id]);
    expect(await ids('industry=SOFTWARE&sort=-name')).toEqual([c.id, a.id]);
    expect(await ids('q=alpha.d')).toEqual([a.id]);
    expect(await ids('q=7946 0958')).toEqual([b.id]);
    expect(await ids('has_domain=true')).toEqual([a.id]);
    expect(await ids('owner_id=none')).toEqual([c.id]);
    expect(await ids('owner_id=me&sort=-employees')).toEqual([b.id, a.id]);
    expect(await ids('sort=employees')).toEqual([a.id, b.id, c.id]);
    const bad = await api.get('/api/v1/companies?sort=password');
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(['query.sort']);
    const unknown = await api.get('/api/v1/companies?colour=red');
    expect(unknown.statusCode).toBe(400);
  });
});
