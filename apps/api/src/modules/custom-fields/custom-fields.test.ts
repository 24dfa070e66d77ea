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
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const ids = idsOf; // short name for the many list assertions below

async function setup() {
  const { user } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const field = async (body: Record<string, unknown>) => {
    const res = await api.post('/api/v1/custom-fields', { entity: 'contact', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  return { user, api, field };
}

describe('custom fields', () => {
  it('validates every type on write, naming the field key, and stores normalised values', async () => {
    const { api, field } = await setup();
    await field({ key: 'nickname', label: 'Nickname', type: 'text' });
    await field({ key: 'bio', label: 'Bio', type: 'long_text' });
    await field({ key: 'score', label: 'Score', type: 'number' });
    await field({ key: 'budget', label: 'Budget', type: 'money' });
    await field({ key: 'birthday', label: 'Birthday', type: 'date' });
    await field({ key: 'met_at', label: 'Met at', type: 'datetime' });
    await field({ key: 'vip', label: 'VIP', type: 'boolean' });
    await field({ key: 'size', label: 'Size', type: 'select', options: ['Small', 'Large'] });
    await field({ key: 'topics', label: 'Topics', type: 'multi_select', options: ['AI', 'Cloud', 'Data'] });
    await field({ key: 'site', label: 'Site', type: 'url' });
    await field({ key: 'alt_email', label: 'Other email', type: 'email' });
    await field({ key: 'fax', label: 'Fax', type: 'phone' });
    const good = await api.post('/api/v1/contacts', {
      first_name: 'Typed',
      custom_fields: {
        nickname: ' T ',
        bio: 'Long story',
        score: 4.5,
        budget: { amount: 150000, currency: 'eur' },
        birthday: '1990-02-28',
        met_at: '2026-11-01T10:00:00+02:00',
        vip: true,
        size: 'large',
        topics: ['ai', 'Data', 'AI'],
        site: 'https://example.org/x',
        alt_email: 'T@Example.org',
        fax: '(212) 555-0187',
      },
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().custom_fields).toEqual({
      nickname: 'T',
      bio: 'Long story',
      score: 4.5,
      budget: { amount: 150000, currency: 'EUR' },
      birthday: '1990-02-28',
      met_at: '2026-11-01T08:00:00.000Z',
      vip: true,
      size: 'Large',
      topics: ['AI', 'Data'],
      site: 'https://example.org/x',
      alt_email: 't@example.org',
      fax: '+12125550187',
    });
    const wrong: Array<[string, unknown]> = [
      ['score', 'ten'],
      ['budget', 12.5],
      ['birthday', '28/02/1990'],
      ['met_at', 'yesterday'],
      ['vip', 'yes'],
      ['size', 'Medium'],
      ['topics', ['AI', 'Nope']],
      ['site', 'ftp://example.org'],
      ['alt_email', 'nope'],
      ['fax', '12'],
      ['unknown_key', 1],
    ];
    for (const [key, value] of wrong) {
      const res = await api.post('/api/v1/contacts', { first_name: 'Bad', custom_fields: { [key]: value } });
      expect(res.statusCode, key).toBe(400);
      expect(issuePaths(res)).toEqual([`body.custom_fields.${key}`]);
    }
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(1);
  });

  it('applies defaults, enforces required fields and merges values on update (null removes)', async () => {
    const { api, field } = await setup();
    await field({ key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'], default_value: 'Silver' });
    await field({ key: 'region', label: 'Region', type: 'text', required: true });
    const missing = await api.post('/api/v1/contacts', { first_name: 'A' });
    expect(missing.statusCode).toBe(400);
    expect(issuePaths(missing)).toEqual(['body.custom_fields.region']);
    const c = (await api.post('/api/v1/contacts', { first_name: 'A', custom_fields: { region: 'EMEA' } })).json();
    expect(c.custom_fields).toEqual({ tier: 'Silver', region: 'EMEA' });
    const cleared = await api.patch(`/api/v1/contacts/${c.id}`, { custom_fields: { tier: null } });
    expect(cleared.json().custom_fields).toEqual({ region: 'EMEA' });
    const requiredNull = await api.patch(`/api/v1/contacts/${c.id}`, { custom_fields: { region: null } });
    expect(requiredNull.statusCode).toBe(400);
    const badDefault = await api.post('/api/v1/custom-fields', {
      entity: 'contact',
      key: 'n',
      label: 'N',
      type: 'number',
      default_value: 'x',
    });
    expect(issuePaths(badDefault)).toEqual(['body.default_value']);
  });

  it('filters and sorts lists by custom fields of each kind', async () => {
    const { api, field } = await setup();
    await field({ key: 'score', label: 'Score', type: 'number' });
    await field({ key: 'since', label: 'Since', type: 'date' });
    await field({ key: 'topics', label: 'Topics', type: 'multi_select', options: ['AI', 'Cloud'] });
    await field({ key: 'vip', label: 'VIP', type: 'boolean' });
    await field({ key: 'note', label: 'Note', type: 'text' });
    const mk = async (name: string, cf: Record<string, unknown>) =>
      (await api.post('/api/v1/contacts', { first_name: name, custom_fields: cf })).json().id;
    const a = await mk('A', { score: 10, since: '2024-01-01', topics: ['AI'], vip: true, note: 'Met at Expo' });
    const b = await mk('B', { score: 2, since: '2025-06-01', topics: ['Cloud', 'AI'], vip: false });
    const c = await mk('C', {});
    const q = async (s: string) => ids(await api.get(`/api/v1/contacts?${s}`));
    expect(await q('cf.score.gte=5')).toEqual([a]);
    expect(await q('cf.score.lte=5&cf.score.gte=1')).toEqual([b]);
    expect(await q('cf.since.gte=2025-01-01')).toEqual([b]);
    expect(await q('cf.topics=ai&sort=name')).toEqual([a, b]);
    expect(await q('cf.vip=true')).toEqual([a]);
    expect(await q('cf.note=expo')).toEqual([a]);
    expect(await q('cf.score.empty=true')).toEqual([c]);
    expect(await q('sort=cf.score')).toEqual([b, a, c]);
    expect(await q('sort=-cf.score')).toEqual([a, b, c]);
    // Keyset over a nullable custom-field sort visits every record once.
    const first = (await api.get('/api/v1/contacts?sort=cf.score&limit=2')).json();
    const second = (await api.get(`/api/v1/contacts?sort=cf.score&limit=2&cursor=${first.next_cursor}`)).json();
    expect([...first.data, ...second.data].map((x: { id: string }) => x.id)).toEqual([b, a, c]);
    for (const bad of ['cf.nope=1', 'cf.score.gte=abc', 'cf.topics=Nope', 'cf.vip.gte=1', 'sort=cf.nope']) {
      const res = await api.get(`/api/v1/contacts?${bad}`);
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('changes a type only when stored values convert (422 otherwise, nothing changed)', async () => {
    const { api, field } = await setup();
    const f = await field({ key: 'code', label: 'Code', type: 'text' });
    const a = (await api.post('/api/v1/contacts', { first_name: 'A', custom_fields: { code: '42' } })).json();
    const b = (await api.post('/api/v1/contacts', { first_name: 'B', custom_fields: { code: 'abc' } })).json();
    const refused = await api.patch(`/api/v1/custom-fields/${f.id}`, { type: 'number' });
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused).details).toMatchObject({ failing_count: 1 });
    expect((await api.get(`/api/v1/contacts/${a.id}`)).json().custom_fields.code).toBe('42');
    await api.patch(`/api/v1/contacts/${b.id}`, { custom_fields: { code: '7' } });
    const changed = await api.patch(`/api/v1/custom-fields/${f.id}`, { type: 'number' }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ type: 'number', version: 2 });
    expect((await api.get(`/api/v1/contacts/${a.id}`)).json().custom_fields.code).toBe(42);
    const stale = await api.patch(`/api/v1/custom-fields/${f.id}`, { label: 'x' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);

    const s = await field({ key: 'size', label: 'Size', type: 'select', options: ['S', 'M'] });
    await api.post('/api/v1/contacts', { first_name: 'C', custom_fields: { size: 'M' } });
    expect((await api.patch(`/api/v1/custom-fields/${s.id}`, { options: ['S', 'L'] })).statusCode).toBe(422);
    expect((await api.patch(`/api/v1/custom-fields/${s.id}`, { type: 'multi_select' })).statusCode).toBe(200);
    const multi = (await api.get('/api/v1/contacts?cf.size=m')).json().data;
    expect(multi.map((x: { custom_fields: { size: string[] } }) => x.custom_fields.size)).toEqual([['M']]);
  });

  it('lists by position, reorders, archives; keys are unique per entity; only admins define fields', async () => {
    const { user, api, field } = await setup();
    const a = await field({ key: 'a', label: 'A', type: 'text' });
    const b = await field({ key: 'b', label: 'B', type: 'text' });
    await api.post('/api/v1/custom-fields', { entity: 'company', key: 'a', label: 'Company A', type: 'text' });
    const dup = await api.post('/api/v1/custom-fields', {
      entity: 'contact',
      key: 'a',
      label: 'Again',
      type: 'number',
    });
    expect(dup.statusCode).toBe(409);
    const sel = await api.post('/api/v1/custom-fields', { entity: 'contact', key: 's', label: 'S', type: 'select' });
    expect(issuePaths(sel)).toEqual(['body.options']);
    const reordered = await api.post('/api/v1/custom-fields/reorder', { entity: 'contact', ids: [b.id, a.id] });
    expect(reordered.json().data.map((f: { key: string }) => f.key)).toEqual(['b', 'a']);
    await api.patch(`/api/v1/custom-fields/${b.id}`, { archived: true });
    const active = (await api.get('/api/v1/custom-fields?entity=contact')).json().data;
    expect(active.map((f: { key: string }) => f.key)).toEqual(['a']);
    const all = (await api.get('/api/v1/custom-fields?entity=contact&include_archived=true')).json().data;
    expect(all.map((f: { key: string; archived: boolean }) => [f.key, f.archived])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    const write = await api.post('/api/v1/contacts', { first_name: 'X', custom_fields: { b: 'x' } });
    expect(issuePaths(write)).toEqual(['body.custom_fields.b']);
    const manager = await addMember(t.app, user, 'manager');
    const denied = await as(t.app, manager).post('/api/v1/custom-fields', {
      entity: 'contact',
      key: 'm',
      label: 'M',
      type: 'text',
    });
    expect(denied.statusCode).toBe(403);
    expect((await as(t.app, manager).get('/api/v1/custom-fields')).statusCode).toBe(200);
  });
});
