import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, createTestApp, errorOf, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { withTenant } from '../../db/tenant.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  it('creates a key shown once, stored hashed, that authenticates as its creator', async () => {
    const { user, org } = await ownerWithOrg(t.app, 'Keys Org');
    const created = await createApiKey(t.app, user, ['read'], 'Reporting script');
    expect(created.key).toMatch(/^rk_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.key) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: user.id },
      org: { id: org.id, name: 'Keys Org' },
      role: 'owner',
      auth: { kind: 'api_key', scopes: ['read'] },
    });

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie: user.cookie } });
    expect(list.json().data[0]).toMatchObject({
      id: created.id,
      name: 'Reporting script',
      prefix: created.key.slice(0, 10),
    });
    expect(list.json().data[0].last_used_at).not.toBeNull();
    expect(JSON.stringify(list.json())).not.toContain(created.key);

    const stored = await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      tx.execute(sql`select key_hash from api_keys where id = ${created.id}`),
    );
    const hash = (stored as unknown as { rows: { key_hash: string }[] }).rows[0]!.key_hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(created.key.slice(-20));
  });

  it('enforces scopes: read keys only read, write keys cannot administer', async () => {
    const { user } = await ownerWithOrg(t.app);
    const read = await createApiKey(t.app, user, ['read']);
    const write = await createApiKey(t.app, user, ['write']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: bearer(read.key) })).statusCode).toBe(
      200,
    );
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: bearer(read.key),
      payload: { name: 'T1' },
    });
    expect(denied.statusCode).toBe(403);
    expect(errorOf(denied).details?.required_scope).toBe('write');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/teams',
          headers: bearer(write.key),
          payload: { name: 'T2' },
        })
      ).statusCode,
    ).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: bearer(write.key) })).statusCode).toBe(
      200,
    );
    const admin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(write.key),
      payload: { email: 'x@example.com' },
    });
    expect(admin.statusCode).toBe(403);
    // API keys cannot act as a signed-in user (e.g. create organisations).
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/orgs',
          headers: bearer(write.key),
          payload: { name: 'Via key' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses scopes above what the role allows', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const viewer = await addMember(t.app, owner, 'viewer');
    const member = await addMember(t.app, owner, 'member');
    const tooHigh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: viewer.cookie },
      payload: { name: 'v', scopes: ['write'] },
    });
    expect(tooHigh.statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers: { cookie: viewer.cookie },
          payload: { name: 'v', scopes: ['read'] },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers: { cookie: member.cookie },
          payload: { name: 'm', scopes: ['admin'] },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('revoking a key makes its next request 401; members see and revoke only their own keys', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const member = await addMember(t.app, owner, 'member');
    const ownerKey = await createApiKey(t.app, owner, ['read']);
    const memberKey = await createApiKey(t.app, member, ['read']);
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie: member.cookie } });
    expect(mine.json().data.map((k: { id: string }) => k.id)).toEqual([memberKey.id]);
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie: owner.cookie } });
    expect(all.json().data).toHaveLength(2);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/api-keys/${ownerKey.id}`,
          headers: { cookie: member.cookie },
        })
      ).statusCode,
    ).toBe(404);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${memberKey.id}`,
      headers: { cookie: owner.cookie },
    });
    expect(revoked.json().revoked_at).not.toBeNull();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(memberKey.key) });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('unauthorized');
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys?include_revoked=true',
      headers: { cookie: owner.cookie },
    });
    expect(listed.json().data).toHaveLength(2);
  });

  it('expired keys, malformed headers and unknown keys are 401', async () => {
    const { user } = await ownerWithOrg(t.app);
    const past = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: user.cookie },
      payload: { name: 'old', scopes: ['read'], expires_at: '2020-01-01T00:00:00Z' },
    });
    expect(past.statusCode).toBe(400);
    expect(errorOf(past).details?.issues?.[0]?.path).toBe('body.expires_at');
    const soon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: user.cookie },
      payload: { name: 'soon', scopes: ['read'], expires_at: new Date(Date.now() + 1500).toISOString() },
    });
    const key = soon.json().key as string;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(key) })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(key) })).statusCode).toBe(401);

    for (const header of ['Bearer', 'Basic abc', 'Bearer rk_nope', `Bearer ${key.slice(0, -1)}X`]) {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: header } });
      expect(r.statusCode).toBe(401);
    }
  });
});
