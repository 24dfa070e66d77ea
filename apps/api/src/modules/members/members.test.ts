import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, createTestApp, errorOf, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const req = (method: 'GET' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('members', () => {
  it('lists, searches and pages members', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    for (const role of ['admin', 'member', 'viewer']) await addMember(t.app, owner, role);
    const all = await req('GET', '/api/v1/members?sort=created_at', owner.cookie);
    expect(all.json().data.map((m: { role: string }) => m.role)).toEqual(['owner', 'admin', 'member', 'viewer']);
    const page1 = await req('GET', '/api/v1/members?sort=created_at&limit=3', owner.cookie);
    expect(page1.json().data).toHaveLength(3);
    const page2 = await req(
      'GET',
      `/api/v1/members?sort=created_at&limit=3&cursor=${page1.json().next_cursor}`,
      owner.cookie,
    );
    expect(page2.json().data.map((m: { role: string }) => m.role)).toEqual(['viewer']);
    expect(page2.json().next_cursor).toBeNull();
    const found = await req('GET', '/api/v1/members?q=viewer-', owner.cookie);
    expect(found.json().data).toHaveLength(1);
    const bad = await req('GET', '/api/v1/members?cursor=garbage', owner.cookie);
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.issues?.[0]?.path).toBe('query.cursor');
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const res = await req('GET', '/api/v1/members?q=%25', owner.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toHaveLength(0);
  });

  it('enforces the role rules: only owners touch owner, the last owner stays', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const admin = await addMember(t.app, owner, 'admin');
    const member = await addMember(t.app, owner, 'member');
    const ownerMembership = (
      await req('GET', '/api/v1/members?q=' + encodeURIComponent(owner.email), owner.cookie)
    ).json().data[0];

    expect(
      (await req('PATCH', `/api/v1/members/${member.membershipId}`, admin.cookie, { role: 'owner' })).statusCode,
    ).toBe(403);
    expect(
      (await req('PATCH', `/api/v1/members/${ownerMembership.id}`, admin.cookie, { role: 'member' })).statusCode,
    ).toBe(403);
    const memberTry = await req('PATCH', `/api/v1/members/${member.membershipId}`, member.cookie, { role: 'admin' });
    expect(memberTry.statusCode).toBe(403);
    const lastOwner = await req('PATCH', `/api/v1/members/${ownerMembership.id}`, owner.cookie, { role: 'admin' });
    expect(lastOwner.statusCode).toBe(422);

    const promoted = await req('PATCH', `/api/v1/members/${member.membershipId}`, admin.cookie, { role: 'manager' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: 'manager', version: 2 });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: member.cookie } });
    expect(me.json().role).toBe('manager');
  });

  it('PATCH with a stale If-Match is 412', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const m = await addMember(t.app, owner, 'member');
    await req('PATCH', `/api/v1/members/${m.membershipId}`, owner.cookie, { role: 'viewer' });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/members/${m.membershipId}`,
      headers: { cookie: owner.cookie, 'if-match': '"1"' },
      payload: { role: 'admin' },
    });
    expect(stale.statusCode).toBe(412);
  });

  it('a member cannot make itself admin by sending extra fields (no mass assignment)', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const m = await addMember(t.app, owner, 'member');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: m.cookie },
      payload: { name: 'Me', role: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details?.issues?.[0]).toMatchObject({ path: 'body.role', message: 'unknown field' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: m.cookie } });
    expect(me.json()).toMatchObject({ role: 'member', user: { name: 'Test User' } });
  });

  it('a removed member loses access at once: session and API keys', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const m = await addMember(t.app, owner, 'member');
    const key = await createApiKey(t.app, m, ['read']);
    expect((await req('GET', '/api/v1/members', m.cookie)).statusCode).toBe(200);
    const del = await req('DELETE', `/api/v1/members/${m.membershipId}`, owner.cookie);
    expect(del.statusCode).toBe(204);
    const after = await req('GET', '/api/v1/members', m.cookie);
    expect(after.statusCode).toBe(403);
    expect(errorOf(after).details?.reason).toBe('no_active_organization');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: m.cookie } });
    expect(me.json()).toMatchObject({ org: null, role: null, memberships: [] });
    const viaKey = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(viaKey.statusCode).toBe(401);
  });

  it('anyone may leave; the last owner may not; members cannot remove others', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const a = await addMember(t.app, owner, 'member');
    const b = await addMember(t.app, owner, 'member');
    expect((await req('DELETE', `/api/v1/members/${b.membershipId}`, a.cookie)).statusCode).toBe(403);
    expect((await req('DELETE', `/api/v1/members/${a.membershipId}`, a.cookie)).statusCode).toBe(204);
    const ownerMembership = (
      await req('GET', '/api/v1/members?q=' + encodeURIComponent(owner.email), owner.cookie)
    ).json().data[0];
    expect((await req('DELETE', `/api/v1/members/${ownerMembership.id}`, owner.cookie)).statusCode).toBe(422);
  });

  it('viewers read but do not write', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const viewer = await addMember(t.app, owner, 'viewer');
    expect((await req('GET', '/api/v1/members', viewer.cookie)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: viewer.cookie },
      payload: { name: 'Nope' },
    });
    expect(res.statusCode).toBe(403);
  });
});
