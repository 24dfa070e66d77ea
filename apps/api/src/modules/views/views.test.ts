/**
 * Saved views over HTTP: CRUD with If-Match, mine + shared listing, sharing rules (owner or admin
 * edits a shared view; a private view is invisible to others), the default view per entity, write
 * validation (filters, custom fields, segment), and the removed-custom-field notice on read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, as, createTestApp, issuePaths, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
let owner: Awaited<ReturnType<typeof ownerWithOrg>>['user'];
let api: ReturnType<typeof as>;
let alice: Awaited<ReturnType<typeof addMember>>;
let bob: Awaited<ReturnType<typeof addMember>>;
let admin: Awaited<ReturnType<typeof addMember>>;

beforeAll(async () => {
  t = await createTestApp();
  ({ user: owner } = await ownerWithOrg(t.app));
  api = as(t.app, owner);
  alice = await addMember(t.app, owner, 'member');
  bob = await addMember(t.app, owner, 'member');
  admin = await addMember(t.app, owner, 'admin');
});
afterAll(async () => t.close());

const put = (user: { cookie: string }, url: string) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie: user.cookie } });
const names = (res: { json(): unknown }) => (res.json() as { data: Array<{ name: string }> }).data.map((v) => v.name);

describe('saved views', () => {
  it('creates, reads, updates with If-Match and deletes a private view', async () => {
    const created = await as(t.app, alice).post('/api/v1/views', {
      name: 'Hot',
      entity: 'contacts',
      filters: { q: 'ann', has_email: 'true' },
      columns: ['name', 'email'],
      sort: '-updated_at',
    });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({
      name: 'Hot',
      entity: 'contacts',
      filters: { q: 'ann', has_email: 'true' },
      columns: ['name', 'email'],
      sort: '-updated_at',
      layout: 'list',
      shared: false,
      owner_id: alice.membershipId,
      is_default: false,
      editable: true,
      notices: [],
      version: 1,
    });
    expect(
      (await as(t.app, alice).patch(`/api/v1/views/${view.id}`, { name: 'x' }, { 'if-match': '"7"' })).statusCode,
    ).toBe(412);
    const upd = await as(t.app, alice).patch(
      `/api/v1/views/${view.id}`,
      { layout: 'board', columns: ['name'] },
      { 'if-match': '"1"' },
    );
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ layout: 'board', columns: ['name'], version: 2 });
    // Private: nobody else sees it, not even the owner of the organisation.
    expect((await as(t.app, bob).get(`/api/v1/views/${view.id}`)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/views/${view.id}`)).statusCode).toBe(404);
    expect(names(await as(t.app, bob).get('/api/v1/views?entity=contacts'))).not.toContain('Hot');
    expect((await as(t.app, alice).del(`/api/v1/views/${view.id}`)).statusCode).toBe(204);
    expect((await as(t.app, alice).get(`/api/v1/views/${view.id}`)).statusCode).toBe(404);
  });

  it('lists mine and shared views; only the owner or an admin edits a shared one', async () => {
    const shared = (
      await as(t.app, alice).post('/api/v1/views', { name: 'Team list', entity: 'deals', shared: true })
    ).json();
    await as(t.app, bob).post('/api/v1/views', { name: 'Bob private', entity: 'deals' });
    const bobList = await as(t.app, bob).get('/api/v1/views?entity=deals');
    expect(names(bobList)).toEqual(['Bob private', 'Team list']);
    expect(bobList.json().data.find((v: { name: string }) => v.name === 'Team list').editable).toBe(false);
    expect(names(await as(t.app, alice).get('/api/v1/views?entity=deals'))).toEqual(['Team list']);
    expect(names(await as(t.app, alice).get('/api/v1/views?entity=contacts'))).toEqual([]);

    expect((await as(t.app, bob).patch(`/api/v1/views/${shared.id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await as(t.app, bob).del(`/api/v1/views/${shared.id}`)).statusCode).toBe(403);
    const byAdmin = await as(t.app, admin).patch(`/api/v1/views/${shared.id}`, { name: 'Team deals' });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json()).toMatchObject({ name: 'Team deals', owner_id: alice.membershipId, editable: true });
    expect((await as(t.app, admin).del(`/api/v1/views/${shared.id}`)).statusCode).toBe(204);
  });

  it('keeps one default view per entity per member', async () => {
    const a = (await as(t.app, bob).post('/api/v1/views', { name: 'A', entity: 'leads' })).json();
    const b = (await as(t.app, alice).post('/api/v1/views', { name: 'B', entity: 'leads', shared: true })).json();
    expect((await put(bob, `/api/v1/views/${a.id}/default`)).json().is_default).toBe(true);
    expect((await put(bob, `/api/v1/views/${b.id}/default`)).json().is_default).toBe(true);
    const list = (await as(t.app, bob).get('/api/v1/views?entity=leads')).json().data as Array<{
      name: string;
      is_default: boolean;
    }>;
    expect(list.filter((v) => v.is_default).map((v) => v.name)).toEqual(['B']);
    // Alice's default is her own business.
    expect((await as(t.app, alice).get(`/api/v1/views/${b.id}`)).json().is_default).toBe(false);
    expect((await as(t.app, bob).del(`/api/v1/views/${b.id}/default`)).json().is_default).toBe(false);
  });

  it('refuses bad filters, inactive custom fields, duplicate names and foreign segments', async () => {
    const bad = await api.post('/api/v1/views', {
      name: 'Bad',
      entity: 'contacts',
      filters: { has_email: 'maybe', evil: 'x', 'cf.nope': '1' },
      columns: ['cf.nope'],
    });
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(
      expect.arrayContaining(['body.filters.has_email', 'body.filters.cf.nope', 'body.columns.0']),
    );
    const unknown = await api.post('/api/v1/views', { name: 'Bad', entity: 'contacts', filters: { evil: 'x' } });
    expect(issuePaths(unknown)).toEqual(['body.filters.evil']);
    await api.post('/api/v1/views', { name: 'Same', entity: 'companies' });
    expect((await api.post('/api/v1/views', { name: 'Same', entity: 'companies' })).statusCode).toBe(409);

    const seg = (
      await api.post('/api/v1/segments', { name: 'Co seg', entity: 'companies', criteria: { match: 'and' } })
    ).json();
    const wrongEntity = await api.post('/api/v1/views', { name: 'W', entity: 'contacts', segment_id: seg.id });
    expect(issuePaths(wrongEntity)).toEqual(['body.segment_id']);
    const other = await ownerWithOrg(t.app);
    const foreign = (
      await as(t.app, other.user).post('/api/v1/segments', {
        name: 'F',
        entity: 'contacts',
        criteria: { match: 'and' },
      })
    ).json();
    expect(
      (await api.post('/api/v1/views', { name: 'F', entity: 'contacts', segment_id: foreign.id })).statusCode,
    ).toBe(404);
    const ok = await api.post('/api/v1/views', { name: 'By segment', entity: 'companies', segment_id: seg.id });
    expect(ok.statusCode).toBe(201);
    // Deleting the segment leaves the view without one.
    await api.del(`/api/v1/segments/${seg.id}`);
    expect((await api.get(`/api/v1/views/${ok.json().id}`)).json().segment_id).toBeNull();
  });

  it('drops a removed custom field from the view on read, with a notice', async () => {
    const cf = await api.post('/api/v1/custom-fields', {
      entity: 'contact',
      key: 'region',
      label: 'Region',
      type: 'text',
    });
    expect(cf.statusCode, cf.body).toBe(201);
    const view = (
      await api.post('/api/v1/views', {
        name: 'Regional',
        entity: 'contacts',
        filters: { 'cf.region': 'north', q: 'x' },
        columns: ['name', 'cf.region'],
        sort: '-cf.region',
      })
    ).json();
    expect(view.notices).toEqual([]);
    // Archiving is how a custom field is removed (its values stay, it is no longer in use).
    const archived = await api.patch(`/api/v1/custom-fields/${cf.json().id}`, { archived: true });
    expect(archived.statusCode, archived.body).toBe(200);
    const read = await api.get(`/api/v1/views/${view.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ filters: { q: 'x' }, columns: ['name'], sort: null });
    expect(read.json().notices).toHaveLength(3);
    expect(read.json().notices[0]).toMatch(/region/);
    const listed = (await api.get('/api/v1/views?entity=contacts'))
      .json()
      .data.find((v: { id: string }) => v.id === view.id);
    expect(listed.notices).toHaveLength(3);
  });
});
