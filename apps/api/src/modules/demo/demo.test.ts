import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../../../test/helpers.js';
import { DEMO_PASSWORD, seedDemo } from './demo.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('seeds an organisation the demo user can sign in to, once', async () => {
    const tag = randomUUID().slice(0, 8);
    const options = { domain: `demo-${tag}.test`, slug: `demo-${tag}`, name: 'Demo Company' };
    const orgId = await seedDemo(t.database.db, t.app.auth, options);
    expect(orgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await seedDemo(t.database.db, t.app.auth, options)).toBeNull();

    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `demo@${options.domain}`, password: DEMO_PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = sessionCookie(signIn);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ org: { id: orgId, name: 'Demo Company', slug: options.slug }, role: 'owner' });
    const members = await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: { cookie } });
    expect(
      members
        .json()
        .data.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['admin', 'manager', 'member', 'member', 'owner', 'viewer']);
    const teams = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: { cookie } });
    expect(teams.json().data.map((x: { name: string; member_count: number }) => [x.name, x.member_count])).toEqual([
      ['Enterprise', 2],
      ['Inbound', 3],
    ]);
    const invitations = await t.app.inject({ method: 'GET', url: '/api/v1/invitations', headers: { cookie } });
    expect(invitations.json().data).toEqual([
      expect.objectContaining({ email: `taylor@${options.domain}`, status: 'pending' }),
    ]);
    // Seeding opened no sessions for the demo people.
    const colleague = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `alex@${options.domain}`, password: DEMO_PASSWORD },
    });
    expect(colleague.statusCode).toBe(200);
  });
});
