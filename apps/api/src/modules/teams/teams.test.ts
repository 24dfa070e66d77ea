import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTestApp, errorOf, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('teams', () => {
  it('creates, lists, renames and deletes teams; members with a lead flag', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const manager = await addMember(t.app, owner, 'manager');
    const rep = await addMember(t.app, owner, 'member');
    const h = { cookie: manager.cookie };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: h,
      payload: { name: 'Inbound', description: 'Web leads' },
    });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ name: 'Inbound', member_count: 0, members: [], version: 1 });

    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: h, payload: { name: 'INBOUND' } });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details?.existing_id).toBe(team.id);

    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${team.id}/members/${rep.membershipId}`,
      headers: h,
      payload: { is_lead: true },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      member_count: 1,
      members: [{ membership_id: rep.membershipId, email: rep.email, is_lead: true }],
    });
    const again = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${team.id}/members/${rep.membershipId}`,
      headers: h,
      payload: { is_lead: false },
    });
    expect(again.json().members).toEqual([expect.objectContaining({ is_lead: false })]);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: { cookie: rep.cookie } });
    expect(list.json().data).toEqual([expect.objectContaining({ id: team.id, member_count: 1 })]);

    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${team.id}`,
      headers: { ...h, 'if-match': '"1"' },
      payload: { name: 'Inbound EMEA' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Inbound EMEA', version: 2 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${team.id}`,
      headers: { ...h, 'if-match': '"1"' },
      payload: { name: 'X' },
    });
    expect(stale.statusCode).toBe(412);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/teams/${team.id}/members/${rep.membershipId}`,
      headers: h,
    });
    expect(removed.json().members).toEqual([]);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/teams/${team.id}/members/${rep.membershipId}`,
          headers: h,
        })
      ).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/teams/${team.id}`, headers: h })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/teams/${team.id}`, headers: h })).statusCode).toBe(404);
  });

  it('members read teams but cannot change them', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const rep = await addMember(t.app, owner, 'member');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: rep.cookie },
      payload: { name: 'Mine' },
    });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).details?.required_role).toBe('manager');
  });

  it('removing a member from the organisation removes them from its teams', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const rep = await addMember(t.app, owner, 'member');
    const team = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: { cookie: owner.cookie },
        payload: { name: 'Pod' },
      })
    ).json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${team.id}/members/${rep.membershipId}`,
      headers: { cookie: owner.cookie },
      payload: {},
    });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/members/${rep.membershipId}`,
      headers: { cookie: owner.cookie },
    });
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/v1/teams/${team.id}`,
      headers: { cookie: owner.cookie },
    });
    expect(after.json()).toMatchObject({ member_count: 0, members: [] });
  });
});
