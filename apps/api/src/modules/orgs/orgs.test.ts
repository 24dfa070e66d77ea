import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTestApp, errorOf, ownerWithOrg, signUp, type TestApp } from '../../../test/helpers.js';
import { slugify } from './orgs.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('organisations', () => {
  it('creates an organisation with the caller as owner and switches to it', async () => {
    const user = await signUp(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: user.cookie },
      payload: { name: 'Acme Rockets' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Acme Rockets', role: 'owner', version: 1 });
    expect(res.json().slug).toMatch(/^acme-rockets/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } });
    expect(me.json()).toMatchObject({ org: { id: res.json().id }, role: 'owner' });
  });

  it('refuses a handle that is taken (409) but derives a free one from a taken name', async () => {
    const { user, org } = await ownerWithOrg(t.app, 'Same Name Inc');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: user.cookie },
      payload: { name: 'Other', slug: org.slug },
    });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details?.issues?.[0]?.path).toBe('body.slug');
    const derived = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: user.cookie },
      payload: { name: 'Same Name Inc' },
    });
    expect(derived.statusCode).toBe(201);
    expect(derived.json().slug).not.toBe(org.slug);
  });

  it('switches between organisations; a non-member switch is 404', async () => {
    const { user, org: first } = await ownerWithOrg(t.app);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: user.cookie },
      payload: { name: 'Second' },
    });
    const back = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/active-org',
      headers: { cookie: user.cookie },
      payload: { org_id: first.id },
    });
    expect(back.statusCode).toBe(200);
    expect(back.json().org.id).toBe(first.id);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/org', headers: { cookie: user.cookie } })).json().id,
    ).toBe(first.id);
    const stranger = await ownerWithOrg(t.app);
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/active-org',
      headers: { cookie: stranger.user.cookie },
      payload: { org_id: second.json().id },
    });
    expect(denied.statusCode).toBe(404);
  });

  it('org routes need an active organisation', async () => {
    const loner = await signUp(t.app);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/org', headers: { cookie: loner.cookie } });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).details?.reason).toBe('no_active_organization');
  });

  it('updates name and handle with If-Match; a stale version is 412 and changes nothing', async () => {
    const { user } = await ownerWithOrg(t.app);
    const cookie = user.cookie;
    const get = await t.app.inject({ method: 'GET', url: '/api/v1/org', headers: { cookie } });
    expect(get.headers.etag).toBe('"1"');
    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/org',
      headers: { cookie, 'if-match': '"1"' },
      payload: { name: 'Renamed Ltd' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Renamed Ltd', version: 2 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/org',
      headers: { cookie, 'if-match': '"1"' },
      payload: { name: 'Lost Update' },
    });
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale).details?.current_version).toBe(2);
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/org',
      headers: { cookie, 'if-match': 'yesterday' },
      payload: { name: 'X Y' },
    });
    expect(bad.statusCode).toBe(400);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/org', headers: { cookie } });
    expect(after.json()).toMatchObject({ name: 'Renamed Ltd', version: 2 });
  });

  it('only admins and owners change organisation settings', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const manager = await addMember(t.app, owner, 'manager');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/org',
      headers: { cookie: manager.cookie },
      payload: { name: 'Coup' },
    });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).details?.required_role).toBe('admin');
  });

  it('derives handles from names', () => {
    expect(slugify('Café Société GmbH')).toBe('cafe-societe-gmbh');
    expect(slugify('  ** A **')).toMatch(/^org-a$/);
    expect(slugify('x'.repeat(80))).toHaveLength(40);
  });
});

describe('organisation stats', () => {
  it('counts members, teams, pending invitations (admins only) and visible API keys', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const member = await addMember(t.app, owner, 'member');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: owner.cookie },
      payload: { name: 'Stats team' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { cookie: owner.cookie },
      payload: { email: 'pending@example.com' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: owner.cookie },
      payload: { name: 'k', scopes: ['read'] },
    });
    const asOwner = await t.app.inject({ method: 'GET', url: '/api/v1/org/stats', headers: { cookie: owner.cookie } });
    // The member's invitation was accepted, so one invitation is pending.
    expect(asOwner.json()).toEqual({ members: 2, teams: 1, pending_invitations: 1, api_keys: 1 });
    const asMember = await t.app.inject({
      method: 'GET',
      url: '/api/v1/org/stats',
      headers: { cookie: member.cookie },
    });
    expect(asMember.json()).toEqual({ members: 2, teams: 1, pending_invitations: null, api_keys: 0 });
    const pending = await t.app.inject({
      method: 'GET',
      url: '/api/v1/invitations?status=pending',
      headers: { cookie: owner.cookie },
    });
    expect(pending.json().data.map((i: { email: string }) => i.email)).toEqual(['pending@example.com']);
    const accepted = await t.app.inject({
      method: 'GET',
      url: '/api/v1/invitations?status=accepted',
      headers: { cookie: owner.cookie },
    });
    expect(accepted.json().data.map((i: { email: string }) => i.email)).toEqual([member.email]);
  });
});
