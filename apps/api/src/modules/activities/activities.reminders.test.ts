import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { defineJob } from '../../plugins/jobs.js';
import {
  addMember,
  as,
  createTestApp,
  ownerWithOrg,
  signUpAndAccept,
  uniqueEmail,
  type TestApp,
} from '../../../test/helpers.js';
import { REMINDER_JOB, rescheduleMemberReminders, sendActivityReminder } from './activities.reminders.js';

// Jobs run in this file: the reminder queue exists, so writes enqueue for real. The worker is a
// no-op (reminders are due hours from now anyway); the handler is called directly below.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: REMINDER_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

const MIN = 60_000;
const inMinutes = (m: number) => new Date(Date.now() + m * MIN).toISOString();
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** The reminder jobs enqueued for an activity (pg-boss's job table), oldest first. */
async function jobsOf(activityId: string) {
  const res = await t.database.db.execute(sql`select data, start_after from pgboss.job
    where name = ${REMINDER_JOB} and data->>'activityId' = ${activityId} order by created_on`);
  return rows<{ data: { orgId: string; activityId: string; remindAt: string }; start_after: string | Date }>(res);
}

async function notificationsOf(orgId: string, activityId: string) {
  return withTenant(t.database.db, { orgId }, async (tx) =>
    rows<{ membership_id: string; title: string; body: string; dedupe_key: string; type: string }>(
      await tx.execute(sql`select membership_id, title, body, dedupe_key, type from notifications
        where org_id = ${orgId}::uuid and activity_id = ${activityId}::uuid`),
    ),
  );
}

async function setup() {
  const { user, org } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const deal = (await api.post('/api/v1/deals', { name: 'Deal' })).json();
  const create = async (extra: Record<string, unknown> = {}) =>
    (
      await api.post('/api/v1/activities', {
        type: 'meeting',
        subject: 'Kick-off',
        due_at: inMinutes(120),
        links: [{ type: 'deal', id: deal.id }],
        ...extra,
      })
    ).json();
  return { user, org, api, create };
}

describe('activity reminders', () => {
  it('enqueues a job at remind_at in the write transaction; the handler notifies the assignee once', async () => {
    const { org, create } = await setup();
    const a = await create();
    expect(Date.parse(a.remind_at)).toBe(Date.parse(a.due_at) - 15 * MIN);
    const jobs = await jobsOf(a.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ orgId: org.id, activityId: a.id, remindAt: a.remind_at });
    expect(new Date(jobs[0]!.start_after).toISOString()).toBe(a.remind_at);
    const payload = jobs[0]!.data;
    expect(await sendActivityReminder(t.database.db, payload)).toBe(true);
    expect(await sendActivityReminder(t.database.db, payload)).toBe(false);
    const sent = await notificationsOf(org.id, a.id);
    expect(sent).toEqual([
      {
        membership_id: a.assignee_id,
        type: 'activity_reminder',
        title: 'Reminder: Kick-off',
        body: `Due at ${a.due_at} (UTC)`,
        dedupe_key: `reminder:${a.id}:${a.remind_at}`,
      },
    ]);
    // An unassigned, an undated or an overdue activity gets no reminder and no job.
    for (const extra of [{ assignee_id: null }, { due_at: null }, { due_at: inMinutes(-5) }]) {
      const b = await create(extra);
      expect(b.remind_at).toBeNull();
      expect(await jobsOf(b.id)).toEqual([]);
    }
  });

  it('reminds at once, and once, an activity scheduled inside the lead time', async () => {
    const { org, api, create } = await setup();
    const before = Date.now();
    const soon = await create({ due_at: inMinutes(10) });
    const after = Date.now();
    const at = Date.parse(soon.remind_at);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(after + 1000);
    const jobs = await jobsOf(soon.id);
    expect(jobs.map((j) => j.data.remindAt)).toEqual([soon.remind_at]);
    expect(await sendActivityReminder(t.database.db, jobs[0]!.data)).toBe(true);
    // Editing it (even moving it within the lead time) does not remind again.
    const renamed = (await api.patch(`/api/v1/activities/${soon.id}`, { subject: 'Renamed' })).json();
    const moved = (await api.patch(`/api/v1/activities/${soon.id}`, { due_at: inMinutes(12) })).json();
    expect([renamed.remind_at, moved.remind_at]).toEqual([soon.remind_at, soon.remind_at]);
    expect(await jobsOf(soon.id)).toHaveLength(1);
    expect(await notificationsOf(org.id, soon.id)).toHaveLength(1);
  });

  it('rescheduling moves the reminder: the old job does nothing, the new one notifies; an edit of other fields enqueues nothing', async () => {
    const { org, api, create } = await setup();
    const a = await create();
    const old = (await jobsOf(a.id))[0]!.data;
    await api.patch(`/api/v1/activities/${a.id}`, { subject: 'Renamed' });
    expect(await jobsOf(a.id)).toHaveLength(1);
    const moved = (await api.patch(`/api/v1/activities/${a.id}`, { due_at: inMinutes(240) })).json();
    expect(Date.parse(moved.remind_at)).toBe(Date.parse(moved.due_at) - 15 * MIN);
    const jobs = await jobsOf(a.id);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]!.data.remindAt).toBe(moved.remind_at);
    expect(await sendActivityReminder(t.database.db, old)).toBe(false);
    expect(await notificationsOf(org.id, a.id)).toEqual([]);
    expect(await sendActivityReminder(t.database.db, jobs[1]!.data)).toBe(true);
    expect((await notificationsOf(org.id, a.id)).map((n) => n.title)).toEqual(['Reminder: Renamed']);
  });

  it('completing or cancelling silences the reminder; reopening schedules it again', async () => {
    const { org, api, create } = await setup();
    const a = await create();
    const payload = (await jobsOf(a.id))[0]!.data;
    const done = (await api.post(`/api/v1/activities/${a.id}/complete`, { outcome: 'Went well' })).json();
    expect(done.remind_at).toBeNull();
    expect(await sendActivityReminder(t.database.db, payload)).toBe(false);
    const b = await create();
    const bPayload = (await jobsOf(b.id))[0]!.data;
    await api.post(`/api/v1/activities/${b.id}/cancel`);
    expect(await sendActivityReminder(t.database.db, bPayload)).toBe(false);
    expect(await notificationsOf(org.id, a.id)).toEqual([]);
    expect(await notificationsOf(org.id, b.id)).toEqual([]);
    // Reopened: same remind_at as before, so a fresh job is enqueued for it and it counts again.
    const reopened = (await api.post(`/api/v1/activities/${b.id}/reopen`)).json();
    expect(reopened.remind_at).toBe(bPayload.remindAt);
    expect(await jobsOf(b.id)).toHaveLength(2);
    expect(await sendActivityReminder(t.database.db, bPayload)).toBe(true);
    // A payload for another organisation finds nothing.
    const other = await ownerWithOrg(t.app);
    expect(await sendActivityReminder(t.database.db, { ...bPayload, orgId: other.org.id })).toBe(false);
  });

  it('reassigning uses the new assignee’s lead time; rescheduleMemberReminders follows a changed setting', async () => {
    const { user, org, api, create } = await setup();
    const m = await addMember(t.app, user, 'member');
    await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      tx.execute(
        sql`update memberships set reminder_minutes = 30 where org_id = ${org.id}::uuid and id = ${m.membershipId}::uuid`,
      ),
    );
    const a = await create();
    const moved = (await api.patch(`/api/v1/activities/${a.id}`, { assignee_id: m.membershipId })).json();
    expect(Date.parse(moved.remind_at)).toBe(Date.parse(a.due_at) - 30 * MIN);
    expect((await jobsOf(a.id)).map((j) => j.data.remindAt)).toEqual([a.remind_at, moved.remind_at]);
    const changed = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      await tx.execute(
        sql`update memberships set reminder_minutes = 60 where org_id = ${org.id}::uuid and id = ${m.membershipId}::uuid`,
      );
      return rescheduleMemberReminders(tx, { orgId: org.id, membershipId: m.membershipId, jobs: t.app.jobs });
    });
    expect(changed).toBe(1);
    const now = (await api.get(`/api/v1/activities/${a.id}`)).json();
    expect(Date.parse(now.remind_at)).toBe(Date.parse(a.due_at) - 60 * MIN);
    const jobs = await jobsOf(a.id);
    expect(jobs.at(-1)!.data.remindAt).toBe(now.remind_at);
    expect(await sendActivityReminder(t.database.db, jobs[1]!.data)).toBe(false);
    expect(await sendActivityReminder(t.database.db, jobs.at(-1)!.data)).toBe(true);
    const sent = await notificationsOf(org.id, a.id);
    expect(sent.map((n) => n.membership_id)).toEqual([m.membershipId]);
    // A lead time reaching into the past sends the reminder now (once: a longer one changes nothing).
    const setLead = (minutes: number) =>
      withTenant(t.database.db, { orgId: org.id }, async (tx) => {
        await tx.execute(
          sql`update memberships set reminder_minutes = ${minutes} where org_id = ${org.id}::uuid and id = ${m.membershipId}::uuid`,
        );
        return rescheduleMemberReminders(tx, { orgId: org.id, membershipId: m.membershipId, jobs: t.app.jobs });
      });
    const before = Date.now();
    expect(await setLead(600)).toBe(1);
    const atOnce = Date.parse((await api.get(`/api/v1/activities/${a.id}`)).json().remind_at);
    expect(atOnce).toBeGreaterThanOrEqual(before - 1000);
    expect(atOnce).toBeLessThanOrEqual(Date.now() + 1000);
    expect(Date.parse((await jobsOf(a.id)).at(-1)!.data.remindAt)).toBe(atOnce);
    expect(await setLead(700)).toBe(0);
  });

  it('a refused write enqueues nothing; complete without a body works', async () => {
    const { user, api, create } = await setup();
    const a = await create();
    const stale = await api.patch(`/api/v1/activities/${a.id}`, { due_at: inMinutes(300), version: 9 });
    expect(stale.statusCode).toBe(412);
    expect(await jobsOf(a.id)).toHaveLength(1);
    const bare = await t.app.inject({
      method: 'POST',
      url: `/api/v1/activities/${a.id}/complete`,
      headers: { cookie: user.cookie },
    });
    expect(bare.statusCode).toBe(200);
    expect(bare.json().status).toBe('completed');
  });

  it('an inactive member is not reminded; accepting the invitation schedules their open activities', async () => {
    const { org, api, create } = await setup();
    const inactiveId = randomUUID();
    await t.database.db.execute(sql`insert into memberships (org_id, id, role, status, name)
      values (${org.id}::uuid, ${inactiveId}::uuid, 'member', 'inactive', 'Imported Rep')`);
    const a = await create({ assignee_id: inactiveId });
    expect(a.assignee).toEqual({ id: inactiveId, name: 'Imported Rep' });
    expect(a.remind_at).toBeNull();
    expect(await jobsOf(a.id)).toHaveLength(0);

    const address = uniqueEmail('rep');
    const inv = await api.post('/api/v1/invitations', { email: address, member_id: inactiveId });
    expect(inv.statusCode, inv.body).toBe(201);
    await signUpAndAccept(t.app, { email: address, name: 'Rep Signed', token: inv.json().token });
    const after = (await api.get(`/api/v1/activities/${a.id}`)).json();
    expect(Date.parse(after.remind_at)).toBe(Date.parse(a.due_at) - 15 * MIN);
    const jobs = await jobsOf(a.id);
    expect(jobs.map((j) => j.data)).toEqual([{ orgId: org.id, activityId: a.id, remindAt: after.remind_at }]);
  });
});
