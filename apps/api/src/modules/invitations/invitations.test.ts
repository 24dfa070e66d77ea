import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createTestApp,
  errorOf,
  ownerWithOrg,
  signUp,
  uniqueEmail,
  type TestApp,
  type TestUser,
} from '../../../test/helpers.js';
import { withTenant } from '../../db/tenant.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function invite(owner: TestUser, payload: object) {
  return t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: { cookie: owner.cookie }, payload });
}
const accept = (user: TestUser, token: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    headers: { cookie: user.cookie },
    payload: { token },
  });
const lookup = (token: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/invitations/lookup?token=${encodeURIComponent(token)}` });

describe('invitations', () => {
  it('invites by link; the invitee previews, accepts and joins with the invited role', async () => {
    const { user: owner, org } = await ownerWithOrg(t.app, 'Invite Co');
    const email = uniqueEmail('invitee');
    const res = await invite(owner, { email, role: 'manager' });
    expect(res.statusCode).toBe(201);
    const inv = res.json();
    expect(inv).toMatchObject({ email, role: 'manager', status: 'pending', invited_by: { id: owner.id } });
    expect(inv.url).toBe(`${t.config.baseUrl}/invite/${encodeURIComponent(inv.token)}`);
    expect(new Date(inv.expires_at).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const preview = await lookup(inv.token);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      org_name: 'Invite Co',
      email,
      role: 'manager',
      invited_by_name: 'Test User',
      status: 'pending',
    });

    const invitee = await signUp(t.app, { email });
    const joined = await accept(invitee, inv.token);
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ org: { id: org.id }, role: 'manager' });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/invitations', headers: { cookie: owner.cookie } });
    expect(list.json().data[0]).toMatchObject({ id: inv.id, status: 'accepted' });
    expect(JSON.stringify(list.json())).not.toContain(inv.token);
    expect((await accept(invitee, inv.token)).statusCode).toBe(409);
  });

  it('only the invited email may accept (403)', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const inv = (await invite(owner, { email: uniqueEmail('right') })).json();
    const wrong = await signUp(t.app);
    const res = await accept(wrong, inv.token);
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).message).toContain(inv.email);
  });

  it('an expired invitation is a clear 410 for preview and accept', async () => {
    const { user: owner, org } = await ownerWithOrg(t.app, 'Expiring Org');
    const email = uniqueEmail('late');
    const inv = (await invite(owner, { email, expires_in_days: 1 })).json();
    await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      tx.execute(sql`update invitations set expires_at = now() - interval '1 hour' where id = ${inv.id}`),
    );
    const preview = await lookup(inv.token);
    expect(preview.statusCode).toBe(410);
    expect(errorOf(preview).message).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
    const invitee = await signUp(t.app, { email });
    const res = await accept(invitee, inv.token);
    expect(res.statusCode).toBe(410);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/invitations', headers: { cookie: owner.cookie } });
    expect(list.json().data[0].status).toBe('expired');
    // Resending gives a fresh link that works.
    const resent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${inv.id}/resend`,
      headers: { cookie: owner.cookie },
    });
    expect(resent.statusCode).toBe(200);
    expect((await lookup(inv.token)).statusCode).toBe(404);
    expect((await accept(invitee, resent.json().token)).statusCode).toBe(200);
  });

  it('a revoked invitation is 410; unknown or malformed tokens are 404', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const inv = (await invite(owner, { email: uniqueEmail() })).json();
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${inv.id}`,
      headers: { cookie: owner.cookie },
    });
    expect(del.json().status).toBe('revoked');
    expect((await lookup(inv.token)).statusCode).toBe(410);
    expect((await lookup(inv.token.slice(0, -4) + 'AAAA')).statusCode).toBe(404);
    expect((await lookup('ri_' + 'x'.repeat(40))).statusCode).toBe(404);
  });

  it('refuses to invite an existing member or a second pending invitation (409 with ids)', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const member = await addMember(t.app, owner, 'member');
    const again = await invite(owner, { email: member.email });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).details?.existing_member_id).toBe(member.membershipId);
    const email = uniqueEmail();
    const first = (await invite(owner, { email })).json();
    const dup = await invite(owner, { email: email.toUpperCase() });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details?.existing_invitation_id).toBe(first.id);
  });

  it('only admins invite, and only owners invite owners', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const admin = await addMember(t.app, owner, 'admin');
    const manager = await addMember(t.app, owner, 'manager');
    expect((await invite(manager, { email: uniqueEmail() })).statusCode).toBe(403);
    expect((await invite(admin, { email: uniqueEmail(), role: 'owner' })).statusCode).toBe(403);
    expect((await invite(admin, { email: uniqueEmail(), role: 'admin' })).statusCode).toBe(201);
    expect((await invite(owner, { email: uniqueEmail(), role: 'owner' })).statusCode).toBe(201);
  });

  it('validates the invitation body', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const res = await invite(owner, { email: 'nope', role: 'king', expires_in_days: 90 });
    expect(res.statusCode).toBe(400);
    expect(
      errorOf(res)
        .details!.issues!.map((i) => i.path)
        .sort(),
    ).toEqual(['body.email', 'body.expires_in_days', 'body.role']);
  });
});
