import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { seedDemoNotifications } from '../demo/demo-notifications.js';
import { activities, activity_links, notifications } from '../../db/schema/index.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  idsOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
  type TestUser,
} from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** The membership id of `user` in their active organisation. */
async function membershipOf(user: TestUser): Promise<string> {
  const res = await as(t.app, user).get('/api/v1/members?q=' + encodeURIComponent(user.email));
  return res.json().data[0].id as string;
}

/**
 * Test fixture: an activity written straight to the tables (with one company link), for tests that
 * need activities independently of the activities API.
 */
async function insertActivity(
  orgId: string,
  values: { companyId: string; assigneeId: string; subject: string; dueAt: Date; remindAt?: Date | null },
): Promise<string> {
  const id = uuidv7();
  await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx.insert(activities).values({
      org_id: orgId,
      id,
      type: 'meeting',
      subject: values.subject,
      due_at: values.dueAt,
      duration_minutes: 30,
      assignee_id: values.assigneeId,
      remind_at: values.remindAt ?? null,
    });
    await tx
      .insert(activity_links)
      .values({ org_id: orgId, id: uuidv7(), activity_id: id, company_id: values.companyId });
  });
  return id;
}

/** Test fixture: a notification for `membershipId`, as the reminder job would write it. */
async function insertNotification(
  orgId: string,
  values: { membershipId: string; title: string; activityId?: string; createdAt?: Date; readAt?: Date | null },
): Promise<string> {
  const id = uuidv7();
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.insert(notifications).values({
      org_id: orgId,
      id,
      membership_id: values.membershipId,
      type: 'activity_reminder',
      title: values.title,
      body: 'Due soon',
      activity_id: values.activityId ?? null,
      dedupe_key: `test:${id}`,
      read_at: values.readAt ?? null,
      ...(values.createdAt ? { created_at: values.createdAt } : {}),
    }),
  );
  return id;
}

async function setup() {
  const { user, org } = await ownerWithOrg(t.app);
  const membershipId = await membershipOf(user);
  const company = (await as(t.app, user).post('/api/v1/companies', { name: 'Acme' })).json() as { id: string };
  return { user, org, membershipId, companyId: company.id, api: as(t.app, user) };
}

const minutesBefore = (d: Date, minutes: number) => new Date(d.getTime() - minutes * 60_000);

describe('notifications', () => {
  it("lists the caller's notifications newest first in keyset pages, with the activity summary", async () => {
    const { user, org, membershipId, companyId, api } = await setup();
    const colleague = await addMember(t.app, user, 'member');
    const due = new Date(Date.now() + 3 * 86_400_000);
    due.setUTCMilliseconds(0);
    const activityId = await insertActivity(org.id, {
      companyId,
      assigneeId: membershipId,
      subject: 'Demo call',
      dueAt: due,
    });
    const base = Date.now() - 60_000;
    const n1 = await insertNotification(org.id, { membershipId, title: 'First', createdAt: new Date(base) });
    const n2 = await insertNotification(org.id, {
      membershipId,
      title: 'Second',
      activityId,
      createdAt: new Date(base + 1000),
      readAt: new Date(base + 2000),
    });
    const n3 = await insertNotification(org.id, { membershipId, title: 'Third', createdAt: new Date(base + 3000) });
    // Someone else's notification in the same organisation never shows up.
    await insertNotification(org.id, { membershipId: colleague.membershipId, title: 'Not yours' });

    const page1 = await api.get('/api/v1/notifications?limit=2');
    expect(page1.statusCode).toBe(200);
    expect(idsOf(page1)).toEqual([n3, n2]);
    const second = page1.json().data[1];
    expect(second).toMatchObject({
      id: n2,
      type: 'activity_reminder',
      title: 'Second',
      body: 'Due soon',
      activity_id: activityId,
      activity: { id: activityId, subject: 'Demo call', due_at: due.toISOString() },
      read_at: new Date(base + 2000).toISOString(),
      created_at: new Date(base + 1000).toISOString(),
    });
    expect(page1.json().data[0]).toMatchObject({ activity_id: null, activity: null, read_at: null });
    expect(page1.json().next_cursor).toEqual(expect.any(String));

    const page2 = await api.get(`/api/v1/notifications?limit=2&cursor=${page1.json().next_cursor}`);
    expect(idsOf(page2)).toEqual([n1]);
    expect(page2.json().next_cursor).toBeNull();

    const unread = await api.get('/api/v1/notifications?unread=true');
    expect(idsOf(unread)).toEqual([n3, n1]);
  });

  it('counts unread, marks one read (idempotently) and all read', async () => {
    const { user, org, membershipId, api } = await setup();
    const colleague = await addMember(t.app, user, 'member');
    const a = await insertNotification(org.id, { membershipId, title: 'A' });
    await insertNotification(org.id, { membershipId, title: 'B' });
    await insertNotification(org.id, { membershipId, title: 'C', readAt: new Date() });
    const theirs = await insertNotification(org.id, { membershipId: colleague.membershipId, title: 'Theirs' });

    expect((await api.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 2 });

    const read = await api.post(`/api/v1/notifications/${a}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: a, title: 'A' });
    const readAt = read.json().read_at as string;
    expect(Date.parse(readAt)).toBeGreaterThan(Date.now() - 60_000);
    // Reading again keeps the first read time.
    const again = await api.post(`/api/v1/notifications/${a}/read`);
    expect(again.json().read_at).toBe(readAt);
    expect((await api.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });

    const all = await api.post('/api/v1/notifications/read-all');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ updated: 1 });
    expect((await api.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 0 });
    expect((await api.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 0 });
    expect(idsOf(await api.get('/api/v1/notifications?unread=true'))).toEqual([]);

    // The colleague's notification was not touched by the caller's read-all.
    const colleagueApi = as(t.app, colleague);
    expect((await colleagueApi.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });
    expect(idsOf(await colleagueApi.get('/api/v1/notifications'))).toEqual([theirs]);
  });

  it("answers 404 for another member's or organisation's notification and changes nothing", async () => {
    const { user, org, api } = await setup();
    const colleague = await addMember(t.app, user, 'member');
    const theirs = await insertNotification(org.id, { membershipId: colleague.membershipId, title: 'Theirs' });
    const other = await setup();
    const foreign = await insertNotification(other.org.id, { membershipId: other.membershipId, title: 'Foreign' });

    for (const id of [theirs, foreign, uuidv7()]) {
      const res = await api.post(`/api/v1/notifications/${id}/read`);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
    }
    expect((await as(t.app, colleague).get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });
    expect((await other.api.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });
    expect(idsOf(await api.get('/api/v1/notifications'))).toEqual([]);
  });

  it('refuses bad ids, cursors and filters with 400 and field paths', async () => {
    const { api } = await setup();
    const badId = await api.post('/api/v1/notifications/not-a-uuid/read');
    expect(badId.statusCode).toBe(400);
    expect(issuePaths(badId)).toContain('params.id');
    const badCursor = await api.get('/api/v1/notifications?cursor=nonsense');
    expect(badCursor.statusCode).toBe(400);
    expect(issuePaths(badCursor)).toContain('query.cursor');
    const badUnread = await api.get('/api/v1/notifications?unread=yes');
    expect(badUnread.statusCode).toBe(400);
    // The validator names the part `querystring`; service-level checks say `query`.
    expect(issuePaths(badUnread)).toEqual([expect.stringMatching(/^query(string)?\.unread$/)]);
    const unknown = await api.get('/api/v1/notifications?colour=red');
    expect(unknown.statusCode).toBe(400);
    expect(issuePaths(unknown)).toEqual([expect.stringMatching(/^query(string)?\.colour$/)]);
  });

  it('needs a signed-in member', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/unread-count' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('unauthorized');
  });
});

describe('reminder settings', () => {
  it('reads the default, changes it, and validates 0–10080 whole minutes', async () => {
    const { user, api } = await setup();
    expect((await api.get('/api/v1/notifications/settings')).json()).toEqual({ reminder_minutes: 15 });

    for (const bad of [-1, 10081, 1.5, '30', null]) {
      const res = await api.patch('/api/v1/notifications/settings', { reminder_minutes: bad });
      expect(res.statusCode, String(bad)).toBe(400);
      expect(issuePaths(res)).toEqual(['body.reminder_minutes']);
    }
    const missing = await api.patch('/api/v1/notifications/settings', {});
    expect(missing.statusCode).toBe(400);
    expect(issuePaths(missing)).toContain('body.reminder_minutes');
    const extra = await api.patch('/api/v1/notifications/settings', { reminder_minutes: 5, sound: true });
    expect(extra.statusCode).toBe(400);
    expect(issuePaths(extra)).toContain('body.sound');
    expect((await api.get('/api/v1/notifications/settings')).json()).toEqual({ reminder_minutes: 15 });

    for (const ok of [0, 10080, 45]) {
      const res = await api.patch('/api/v1/notifications/settings', { reminder_minutes: ok });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ reminder_minutes: ok });
    }
    expect((await api.get('/api/v1/notifications/settings')).json()).toEqual({ reminder_minutes: 45 });

    // Personal: a viewer sets their own, and nobody else's setting changes.
    const viewer = await addMember(t.app, user, 'viewer');
    const viewerApi = as(t.app, viewer);
    expect((await viewerApi.patch('/api/v1/notifications/settings', { reminder_minutes: 120 })).statusCode).toBe(200);
    expect((await viewerApi.get('/api/v1/notifications/settings')).json()).toEqual({ reminder_minutes: 120 });
    expect((await api.get('/api/v1/notifications/settings')).json()).toEqual({ reminder_minutes: 45 });
  });

  it("moves the reminders of the member's open activities to the new lead time", async () => {
    const { user, org, membershipId, companyId, api } = await setup();
    const colleague = await addMember(t.app, user, 'member');
    const due = new Date(Date.now() + 2 * 86_400_000);
    due.setUTCMilliseconds(0);
    const mine = await insertActivity(org.id, {
      companyId,
      assigneeId: membershipId,
      subject: 'Mine',
      dueAt: due,
      remindAt: minutesBefore(due, 15),
    });
    const theirs = await insertActivity(org.id, {
      companyId,
      assigneeId: colleague.membershipId,
      subject: 'Theirs',
      dueAt: due,
      remindAt: minutesBefore(due, 15),
    });

    expect((await api.patch('/api/v1/notifications/settings', { reminder_minutes: 60 })).statusCode).toBe(200);

    const rows = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      const res = await tx.execute(
        sql`select id, remind_at from activities where org_id = ${org.id}::uuid order by subject`,
      );
      return (res as unknown as { rows: Array<{ id: string; remind_at: string | Date }> }).rows;
    });
    const remindAt = new Map(rows.map((r) => [r.id, new Date(r.remind_at).toISOString()]));
    expect(remindAt.get(mine)).toBe(minutesBefore(due, 60).toISOString());
    expect(remindAt.get(theirs)).toBe(minutesBefore(due, 15).toISOString());
  });
});

describe('demo notifications', () => {
  it('seeds read and unread reminders (linked to the member’s activities when there are some) and a feed', async () => {
    const { user, org, membershipId, companyId, api } = await setup();
    const colleague = await addMember(t.app, user, 'member');
    // An open activity that was due yesterday: its reminder has fired.
    const due = new Date(Date.now() - 86_400_000);
    due.setUTCMilliseconds(0);
    const activityId = await insertActivity(org.id, {
      companyId,
      assigneeId: membershipId,
      subject: 'Kick-off',
      dueAt: due,
    });
    await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      seedDemoNotifications(tx, {
        orgId: org.id,
        members: new Map([
          ['owner', membershipId],
          ['sam', colleague.membershipId],
        ]),
        now: new Date(),
      }),
    );

    const mine = (await api.get('/api/v1/notifications')).json().data as Array<Record<string, unknown>>;
    expect(mine).toHaveLength(4);
    expect(mine.filter((n) => n.read_at === null)).toHaveLength(3);
    // The oldest links the owner's activity and is the read one.
    expect(mine[3]).toMatchObject({
      title: 'Reminder: Kick-off',
      activity: { id: activityId, subject: 'Kick-off', due_at: due.toISOString() },
      read_at: expect.any(String),
    });
    expect((await api.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 3 });
    const theirs = as(t.app, colleague);
    expect((await theirs.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 2 });
    expect((await theirs.get('/api/v1/notifications')).json().data[0]).toMatchObject({ activity: null });

    expect((await api.get('/api/v1/calendar-feed')).json()).toMatchObject({ active: true });
    expect((await theirs.get('/api/v1/calendar-feed')).json()).toEqual({ active: false, created_at: null });
  });
});
