import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, errorOf, issuePaths, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('tags', () => {
  it('creates, counts, renames, recolours, merges and deletes tags', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const vip = (await api.post('/api/v1/tags', { name: 'VIP', color: '#FAB005' })).json();
    expect(vip).toMatchObject({ name: 'VIP', color: '#fab005', usage: { companies: 0, contacts: 0 } });
    const dup = await api.post('/api/v1/tags', { name: 'vip' });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details?.existing_id).toBe(vip.id);
    expect(issuePaths(await api.post('/api/v1/tags', { name: 'X', color: 'red' }))).toEqual(['body.color']);
    const key = (await api.post('/api/v1/tags', { name: 'Key account' })).json();

    const co = (await api.post('/api/v1/companies', { name: 'Acme', tag_ids: [vip.id] })).json();
    const a = (await api.post('/api/v1/contacts', { first_name: 'A', tag_ids: [vip.id, key.id] })).json();
    const b = (await api.post('/api/v1/contacts', { first_name: 'B', tag_ids: [key.id] })).json();
    expect(a.tags.map((x: { name: string }) => x.name)).toEqual(['Key account', 'VIP']);
    await api.del(`/api/v1/contacts/${b.id}`);
    const listed = (await api.get('/api/v1/tags')).json().data;
    expect(listed.map((x: { name: string; usage: unknown }) => [x.name, x.usage])).toEqual([
      ['Key account', { companies: 0, contacts: 1 }],
      ['VIP', { companies: 1, contacts: 1 }],
    ]);

    const renamed = await api.patch(`/api/v1/tags/${key.id}`, { name: 'Key', color: '#228be6' });
    expect(renamed.json()).toMatchObject({ name: 'Key', color: '#228be6', version: 2 });
    expect((await api.patch(`/api/v1/tags/${key.id}`, { name: 'VIP' })).statusCode).toBe(409);

    expect((await api.post(`/api/v1/tags/${key.id}/merge`, { into_id: key.id })).statusCode).toBe(400);
    const merged = await api.post(`/api/v1/tags/${key.id}/merge`, { into_id: vip.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().usage).toEqual({ companies: 1, contacts: 1 });
    expect((await api.get(`/api/v1/tags/${key.id}`)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/contacts/${a.id}`)).json().tags.map((x: { name: string }) => x.name)).toEqual([
      'VIP',
    ]);

    expect((await api.del(`/api/v1/tags/${vip.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/companies/${co.id}`)).json().tags).toEqual([]);
    expect((await api.get('/api/v1/tags?q=vi')).json().data).toEqual([]);
  });
});
