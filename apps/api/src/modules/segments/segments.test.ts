/**
 * Segments over HTTP: CRUD with If-Match, duplicate, the cached count, preview, bounds (400 with
 * paths), the `segment_id` filter of the four lists (another organisation's → 404, another entity's →
 * 400), permissions, and the field catalogue with custom fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  idsOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';

let t: TestApp;
let owner: Awaited<ReturnType<typeof ownerWithOrg>>['user'];
let api: ReturnType<typeof as>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  ({ user: owner } = await ownerWithOrg(t.app));
  api = as(t.app, owner);
  const co = await api.post('/api/v1/companies', { name: 'Acme', industry: 'Software' });
  const co2 = await api.post('/api/v1/companies', { name: 'Bolt', industry: 'Retail' });
  ids.acme = co.json().id;
  ids.bolt = co2.json().id;
  for (const [name, company] of [
    ['Ada', ids.acme],
    ['Bea', ids.acme],
    ['Cy', ids.bolt],
    ['Dee', null],
  ] as const) {
    const r = await api.post('/api/v1/contacts', { first_name: name, company_id: company });
    expect(r.statusCode, r.body).toBe(201);
    ids[name] = r.json().id;
  }
});
afterAll(async () => t.close());

const software = { match: 'and', conditions: [{ field: 'company.industry', operator: 'equals', value: 'Software' }] };

describe('segments CRUD', () => {
  it('creates with a count, reads, updates with If-Match, duplicates and deletes', async () => {
    const created = await api.post('/api/v1/segments', {
      name: 'Software people',
      entity: 'contacts',
      criteria: software,
    });
    expect(created.statusCode, created.body).toBe(201);
    const seg = created.json();
    expect(seg).toMatchObject({
      name: 'Software people',
      entity: 'contacts',
      count: 2,
      count_capped: false,
      version: 1,
    });
    expect(seg.counted_at).toEqual(expect.any(String));
    expect(created.headers.etag).toBe('"1"');

    const list = await api.get('/api/v1/segments?entity=contacts');
    expect(idsOf(list)).toContain(seg.id);
    expect((await api.get('/api/v1/segments?entity=deals')).json().data).toEqual([]);

    const stale = await api.patch(`/api/v1/segments/${seg.id}`, { name: 'x' }, { 'if-match': '"9"' });
    expect(stale.statusCode).toBe(412);
    const renamed = await api.patch(
      `/api/v1/segments/${seg.id}`,
      {
        name: 'Retail people',
        criteria: { match: 'and', conditions: [{ field: 'company.industry', operator: 'equals', value: 'Retail' }] },
      },
      { 'if-match': '"1"' },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Retail people', version: 2, count: 1 });

    const copy = await api.post(`/api/v1/segments/${seg.id}/duplicate`);
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ name: 'Retail people (copy)', entity: 'contacts', count: 1 });
    expect(copy.json().id).not.toBe(seg.id);

    expect((await api.del(`/api/v1/segments/${seg.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/segments/${seg.id}`)).statusCode).toBe(404);
  });

  it('refreshes the cached count on demand', async () => {
    const seg = (
      await api.post('/api/v1/segments', { name: 'Refresh', entity: 'contacts', criteria: software })
    ).json();
    expect(seg.count).toBe(2);
    await api.post('/api/v1/contacts', { first_name: 'Eve', company_id: ids.acme });
    expect((await api.get(`/api/v1/segments/${seg.id}`)).json().count).toBe(2); // fresh cache
    expect((await api.get(`/api/v1/segments/${seg.id}?refresh=true`)).json().count).toBe(3);
  });

  it('only the creator or a manager+ changes a segment', async () => {
    const member = await addMember(t.app, owner, 'member');
    const seg = (
      await api.post('/api/v1/segments', { name: 'Owner only', entity: 'contacts', criteria: software })
    ).json();
    const res = await as(t.app, member).patch(`/api/v1/segments/${seg.id}`, { name: 'mine' });
    expect(res.statusCode).toBe(403);
    expect((await as(t.app, member).del(`/api/v1/segments/${seg.id}`)).statusCode).toBe(403);
    const own = await as(t.app, member).post('/api/v1/segments', {
      name: 'Member seg',
      entity: 'companies',
      criteria: { match: 'and' },
    });
    expect(own.statusCode).toBe(201);
    expect((await as(t.app, member).patch(`/api/v1/segments/${own.json().id}`, { name: 'Renamed' })).statusCode).toBe(
      200,
    );
  });
});

describe('preview and validation', () => {
  it('previews unsaved criteria with count and records', async () => {
    const res = await api.post('/api/v1/segments/preview', {
      entity: 'companies',
      criteria: { match: 'and', conditions: [{ field: 'industry', operator: 'in', value: ['Software', 'Retail'] }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().count).toBe(2);
    expect(
      res
        .json()
        .records.map((r: { name: string }) => r.name)
        .sort(),
    ).toEqual(['Acme', 'Bolt']);
  });

  it('400 with paths for unknown fields, wrong operators and bad values', async () => {
    const res = await api.post('/api/v1/segments/preview', {
      entity: 'contacts',
      criteria: {
        match: 'and',
        conditions: [
          { field: 'password', operator: 'equals', value: 'x' },
          { field: 'email', operator: 'gte', value: 'x' },
        ],
        groups: [{ match: 'or', conditions: [{ field: 'created_at', operator: 'last_n_days', value: 'ten' }] }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(issuePaths(res)).toEqual([
      'body.criteria.conditions.0.field',
      'body.criteria.conditions.1.operator',
      'body.criteria.groups.0.conditions.0.value',
    ]);
  });

  it('400 beyond the bounds: depth, condition count, IN list size, time zone', async () => {
    let deep: Record<string, unknown> = { match: 'and' };
    for (let i = 0; i < 6; i++) deep = { match: 'or', groups: [deep] };
    const tooDeep = await api.post('/api/v1/segments/preview', { entity: 'contacts', criteria: deep });
    expect(tooDeep.statusCode).toBe(400);
    expect(errorOf(tooDeep).message).toMatch(/nest at most 5/);
    expect(issuePaths(tooDeep)[0]).toBe('body.criteria.groups.0.groups.0.groups.0.groups.0.groups.0');

    const many = {
      match: 'and',
      conditions: Array.from({ length: 51 }, () => ({ field: 'email', operator: 'is_empty' })),
    };
    expect((await api.post('/api/v1/segments/preview', { entity: 'contacts', criteria: many })).statusCode).toBe(400);

    const bigIn = {
      match: 'and',
      conditions: [
        { field: 'email', operator: 'is_empty' },
        { field: 'email', operator: 'is_empty' },
        { field: 'email', operator: 'is_empty' },
        { field: 'email', operator: 'in', value: Array.from({ length: 1001 }, (_, i) => `a${i}`) },
      ],
    };
    const inRes = await api.post('/api/v1/segments/preview', { entity: 'contacts', criteria: bigIn });
    expect(inRes.statusCode).toBe(400);
    expect(issuePaths(inRes)).toContain('body.criteria.conditions.3.value');

    const tz = await api.post('/api/v1/segments/preview', {
      entity: 'contacts',
      criteria: { match: 'and', time_zone: "UTC'; drop table x; --" },
    });
    expect(tz.statusCode).toBe(400);
    expect(issuePaths(tz)).toEqual(['body.criteria.time_zone']);
    const paris = await api.post('/api/v1/segments/preview', {
      entity: 'contacts',
      criteria: {
        match: 'and',
        time_zone: 'Europe/Paris',
        conditions: [{ field: 'created_at', operator: 'after', value: '2000-01-01' }],
      },
    });
    expect(paris.statusCode).toBe(200);
    expect(paris.json().count).toBeGreaterThanOrEqual(4);
  });

  it('lists the fields of an entity with custom fields', async () => {
    await api.post('/api/v1/custom-fields', {
      entity: 'contact',
      key: 'tier',
      label: 'Tier',
      type: 'select',
      options: ['a', 'b'],
    });
    const res = await api.get('/api/v1/segments/fields?entity=contacts');
    expect(res.statusCode).toBe(200);
    const fields = res.json().fields as Array<{ key: string; group: string; type: string }>;
    expect(fields.find((f) => f.key === 'cf.tier')).toMatchObject({ group: 'custom_fields', type: 'enum' });
    expect(fields.find((f) => f.key === 'company.industry')).toMatchObject({ group: 'related' });
  });
});

describe('segment_id on the record lists', () => {
  it('filters each list by a segment of its entity', async () => {
    const contactSeg = (
      await api.post('/api/v1/segments', { name: 'S1', entity: 'contacts', criteria: software })
    ).json();
    const list = await api.get(`/api/v1/contacts?segment_id=${contactSeg.id}&limit=100`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.every((c: { company: { id: string } | null }) => c.company?.id === ids.acme)).toBe(true);
    expect(idsOf(list)).toEqual(expect.arrayContaining([ids.Ada, ids.Bea]));
    expect(idsOf(list)).not.toContain(ids.Cy);
    const count = await api.get(`/api/v1/contacts/count?segment_id=${contactSeg.id}&q=ad`);
    expect(count.json()).toMatchObject({ total: 1 });

    const coSeg = (
      await api.post('/api/v1/segments', {
        name: 'S2',
        entity: 'companies',
        criteria: { match: 'and', conditions: [{ field: 'name', operator: 'starts_with', value: 'b' }] },
      })
    ).json();
    expect(idsOf(await api.get(`/api/v1/companies?segment_id=${coSeg.id}`))).toEqual([ids.bolt]);
    const dealSeg = (
      await api.post('/api/v1/segments', { name: 'S3', entity: 'deals', criteria: { match: 'or' } })
    ).json();
    expect((await api.get(`/api/v1/deals?segment_id=${dealSeg.id}`)).json().data).toEqual([]);
    const leadSeg = (
      await api.post('/api/v1/segments', { name: 'S4', entity: 'leads', criteria: { match: 'and' } })
    ).json();
    expect((await api.get(`/api/v1/leads?segment_id=${leadSeg.id}`)).statusCode).toBe(200);
  });

  it("another entity's segment → 400, another organisation's → 404", async () => {
    const coSeg = (
      await api.post('/api/v1/segments', { name: 'Co', entity: 'companies', criteria: { match: 'and' } })
    ).json();
    const wrong = await api.get(`/api/v1/contacts?segment_id=${coSeg.id}`);
    expect(wrong.statusCode).toBe(400);
    expect(issuePaths(wrong)).toEqual(['query.segment_id']);

    const other = await ownerWithOrg(t.app);
    const foreign = (
      await as(t.app, other.user).post('/api/v1/segments', {
        name: 'B',
        entity: 'contacts',
        criteria: { match: 'and' },
      })
    ).json();
    expect((await api.get(`/api/v1/contacts?segment_id=${foreign.id}`)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/segments/${foreign.id}`)).statusCode).toBe(404);
    expect((await api.post(`/api/v1/segments/${foreign.id}/duplicate`)).statusCode).toBe(404);
  });
});
