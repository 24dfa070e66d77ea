import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { uuidv7 } from '../../lib/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { activities, activity_links } from '../../db/schema/index.js';
import { issueOrgToken } from '../../lib/tokens.js';
import { FeedCache } from './calendar-feed.cache.js';
import { renderCalendar } from './calendar-feed.ical.js';
import { FEED_MAX_AGE_SECONDS, feedActivities } from './calendar-feed.service.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  ownerWithOrg,
  type TestApp,
  type TestUser,
} from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { RELATA_BASE_URL: 'https://crm.example.test' } });
});
afterAll(async () => t.close());

const DAY = 86_400_000;
/** A UTC instant `days` from now, whole seconds (iCalendar has no milliseconds). */
function daysFromNow(days: number, at = '10:00:00'): Date {
  const d = new Date(Date.now() + days * DAY);
  return new Date(`${d.toISOString().slice(0, 10)}T${at}.000Z`);
}

async function membershipOf(user: TestUser): Promise<string> {
  const res = await as(t.app, user).get('/api/v1/members?q=' + encodeURIComponent(user.email));
  return res.json().data[0].id as string;
}

type ActivityValues = Partial<typeof activities.$inferInsert> & { type: string; subject: string };

/**
 * Test fixture: an activity written straight to the tables with one company link (the feed only
 * reads activities; their API is tested in modules/activities).
 */
async function insertActivity(orgId: string, companyId: string, values: ActivityValues): Promise<string> {
  const id = uuidv7();
  await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx.insert(activities).values({ ...values, org_id: orgId, id });
    await tx.insert(activity_links).values({ org_id: orgId, id: uuidv7(), activity_id: id, company_id: companyId });
  });
  return id;
}

async function setup() {
  const { user, org } = await ownerWithOrg(t.app);
  const membershipId = await membershipOf(user);
  const company = (await as(t.app, user).post('/api/v1/companies', { name: 'Acme' })).json() as { id: string };
  return { user, org, membershipId, companyId: company.id, api: as(t.app, user) };
}

async function createFeed(user: TestUser) {
  const res = await as(t.app, user).post('/api/v1/calendar-feed');
  expect(res.statusCode).toBe(201);
  return res.json() as { url: string; token: string; created_at: string };
}

const fetchFeed = (token: string) => t.app.inject({ method: 'GET', url: `/ical/${token}.ics` });

/** The feed parsed with ical.js: the calendar and its components by UID. */
function parseFeed(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const byUid = new Map<string, ICAL.Component>();
  for (const c of cal.getAllSubcomponents()) byUid.set(String(c.getFirstPropertyValue('uid')), c);
  return { cal, byUid };
}

/** A date-time property as an ISO string, asserting it is UTC (not floating, no TZID). */
function utcValue(c: ICAL.Component, name: string): string {
  const prop = c.getFirstProperty(name);
  expect(prop, name).toBeTruthy();
  const v = prop!.getFirstValue() as ICAL.Time;
  expect(v.isDate, `${name} is a date-time`).toBe(false);
  expect(v.zone?.tzid, `${name} is UTC`).toBe('UTC');
  expect(prop!.getParameter('tzid')).toBeUndefined();
  return v.toJSDate().toISOString();
}

/** A DATE property (`VALUE=DATE`) as `YYYY-MM-DD`. */
function dateValue(c: ICAL.Component, name: string): string {
  const v = c.getFirstPropertyValue(name) as ICAL.Time;
  expect(v.isDate, `${name} is a date`).toBe(true);
  return v.toString();
}

const text = (c: ICAL.Component, name: string) => c.getFirstPropertyValue(name) as string | null;
const iso = (d: Date) => d.toISOString();

describe('calendar feed URL', () => {
  it('creates a token shown once and stored as its SHA-256, reports status, regenerates and revokes', async () => {
    const { org, membershipId, api } = await setup();
    expect((await api.get('/api/v1/calendar-feed')).json()).toEqual({ active: false, created_at: null });

    const feed = await createFeed((await setup()).user); // another member's feed must not interfere
    expect(feed.token).toMatch(/^rc_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);

    const created = await api.post('/api/v1/calendar-feed');
    expect(created.statusCode).toBe(201);
    const { url, token, created_at } = created.json() as { url: string; token: string; created_at: string };
    expect(token).toMatch(/^rc_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`https://crm.example.test/ical/${token}.ics`);

    const status = await api.get('/api/v1/calendar-feed');
    expect(status.json()).toEqual({ active: true, created_at });
    expect(status.body).not.toContain(token.slice(-43));

    const stored = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      const res = await tx.execute(
        sql`select token_hash from calendar_feeds where org_id = ${org.id}::uuid and membership_id = ${membershipId}::uuid`,
      );
      return (res as unknown as { rows: Array<{ token_hash: string }> }).rows;
    });
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

    expect((await fetchFeed(token)).statusCode).toBe(200);

    // Regenerate: the old token is dead at once, the new one works; still one row per member.
    const regenerated = (await api.post('/api/v1/calendar-feed')).json() as { token: string };
    expect(regenerated.token).not.toBe(token);
    const old = await fetchFeed(token);
    expect(old.statusCode).toBe(404);
    expect(errorOf(old).code).toBe('not_found');
    expect((await fetchFeed(regenerated.token)).statusCode).toBe(200);

    // Revoke: 204, the token answers 404, status inactive; revoking again is harmless.
    const revoked = await api.del('/api/v1/calendar-feed');
    expect(revoked.statusCode).toBe(204);
    expect(revoked.body).toBe('');
    const gone = await fetchFeed(regenerated.token);
    expect(gone.statusCode).toBe(404);
    expect(errorOf(gone)).toMatchObject({ code: 'not_found', message: 'Calendar feed not found' });
    expect(gone.body).not.toMatch(/at .*\.ts|stack/i);
    expect((await api.get('/api/v1/calendar-feed')).json()).toEqual({ active: false, created_at: null });
    expect((await api.del('/api/v1/calendar-feed')).statusCode).toBe(204);

    // The other member's feed was never affected.
    expect((await fetchFeed(feed.token)).statusCode).toBe(200);
  });

  it('lets every role, viewers included, manage their own feed; needs sign-in', async () => {
    const { user } = await setup();
    const viewer = await addMember(t.app, user, 'viewer');
    const feed = await createFeed(viewer);
    expect((await fetchFeed(feed.token)).statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/calendar-feed' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is documented in the OpenAPI document as a public text/calendar route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: unknown }>>;
    };
    expect(Object.keys(doc.paths)).toContain('/ical/{token}.ics');
    expect(Object.keys(doc.paths['/api/v1/calendar-feed']!).sort()).toEqual(['delete', 'get', 'post']);
  });

  it('answers 404 for malformed, unknown and wrong-organisation tokens', async () => {
    const a = await setup();
    const b = await setup();
    const feed = await createFeed(a.user);
    const secret = feed.token.slice(feed.token.length - 43);
    const otherOrgPrefix = issueOrgToken('rc', b.org.id).slice(0, 3 + 22 + 1);
    const apiKeyShaped = `rk_${feed.token.slice(3)}`;
    for (const path of [
      '/ical/garbage.ics',
      '/ical/.ics',
      `/ical/${feed.token}`, // no .ics
      `/ical/${feed.token}.ics.ics`,
      `/ical/${apiKeyShaped}.ics`,
      `/ical/${otherOrgPrefix}${secret}.ics`, // the same secret under another organisation
      `/ical/${issueOrgToken('rc', a.org.id)}.ics`, // well-formed, never issued
      `/ical/rc_${'A'.repeat(22)}_${secret}.ics`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(404);
      expect(errorOf(res).code, path).toBe('not_found');
    }
  });
});

describe('calendar feed document', () => {
  it('lists meetings, calls and all-day events as VEVENT and tasks as VTODO with every field', async () => {
    const { user, org, membershipId, companyId } = await setup();
    const created = new Date(Date.now() - 7 * DAY);
    created.setUTCMilliseconds(0);
    const updated = new Date(Date.now() - 2 * DAY);
    updated.setUTCMilliseconds(0);
    const stamps = { created_at: created, updated_at: updated, created_by: user.id, assignee_id: membershipId };

    const meetingDue = daysFromNow(3, '14:30:00');
    const meeting = await insertActivity(org.id, companyId, {
      ...stamps,
      type: 'meeting',
      subject: 'Quarterly review, Acme; Q3',
      description: 'Agenda:\n1. Numbers\n2. Next steps',
      location: 'Room 4, HQ',
      due_at: meetingDue,
      duration_minutes: 90,
      priority: 'high',
      version: 3,
    });
    const callDue = daysFromNow(-5, '09:15:00');
    const call = await insertActivity(org.id, companyId, {
      ...stamps,
      type: 'call',
      subject: 'Follow-up call',
      due_at: callDue,
      duration_minutes: 15,
      priority: 'urgent',
      status: 'completed',
      completed_at: daysFromNow(-5, '09:31:00'),
      outcome: 'Agreed on a trial',
      call_direction: 'outbound',
    });
    const allDayDue = daysFromNow(10, '00:00:00');
    const allDay = await insertActivity(org.id, companyId, {
      ...stamps,
      type: 'meeting',
      subject: 'Offsite',
      due_at: allDayDue,
      all_day: true,
      priority: 'low',
    });
    const cancelledMeeting = await insertActivity(org.id, companyId, {
      ...stamps,
      type: 'meeting',
      subject: 'Cancelled lunch',
      due_at: daysFromNow(4, '12:00:00'),
      status: 'cancelled',
    });
    const email = await insertActivity(org.id, companyId, {
      ...stamps,
      type: 'email',
      subject: 'Send the proposal',
      due_at: daysFromNow(1, '08:00:00'),
    });

    const taskDue = daysFromNow(2, '17:00:00');
    const completedAt = daysFromNow(-1, '11:45:00');
    const tasks = {
      planned: await insertActivity(org.id, companyId, {
        ...stamps,
        type: 'task',
        subject: 'Prepare quote',
        due_at: taskDue,
      }),
      in_progress: await insertActivity(org.id, companyId, {
        ...stamps,
        type: 'task',
        subject: 'Draft contract',
        description: 'Clauses:\n- liability, capped; 1×\n- term',
        location: 'Legal, 3rd floor',
        due_at: taskDue,
        status: 'in_progress',
        priority: 'high',
      }),
      completed: await insertActivity(org.id, companyId, {
        ...stamps,
        type: 'task',
        subject: 'Send NDA',
        due_at: daysFromNow(-2, '10:00:00'),
        status: 'completed',
        completed_at: completedAt,
        outcome: 'Signed',
      }),
      cancelled: await insertActivity(org.id, companyId, {
        ...stamps,
        type: 'task',
        subject: 'Old idea',
        due_at: taskDue,
        status: 'cancelled',
        priority: 'low',
      }),
    };
    const allDayTaskDue = daysFromNow(6, '00:00:00');
    const allDayTask = await insertActivity(org.id, companyId, {
      ...stamps,
      type: 'task',
      subject: 'Renewal deadline',
      due_at: allDayTaskDue,
      all_day: true,
      description: 'Contract renews',
    });
    // Not in the feed: notes, activities without a due time, outside the window.
    const excluded = [
      await insertActivity(org.id, companyId, { ...stamps, type: 'note', subject: 'A note', due_at: taskDue }),
      await insertActivity(org.id, companyId, { ...stamps, type: 'task', subject: 'Someday' }),
      await insertActivity(org.id, companyId, { ...stamps, type: 'meeting', subject: 'Old', due_at: daysFromNow(-91) }),
      await insertActivity(org.id, companyId, { ...stamps, type: 'task', subject: 'Far', due_at: daysFromNow(366) }),
    ];

    const feed = await createFeed(user);
    const res = await fetchFeed(feed.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expect(res.body).toMatch(/\r\n/);

    const { cal, byUid } = parseFeed(res.body);
    expect(cal.name).toBe('vcalendar');
    expect(text(cal, 'version')).toBe('2.0');
    expect(text(cal, 'prodid')).toContain('Relata');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toMatch(/^Relata – Org /);
    expect(cal.getAllSubcomponents('vtimezone')).toEqual([]);
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(5);
    expect(cal.getAllSubcomponents('vtodo')).toHaveLength(5);
    for (const id of excluded) expect(byUid.has(`${id}@relata`)).toBe(false);

    const common = (c: ICAL.Component, id: string, version = 1) => {
      expect(c.getFirstPropertyValue('uid')).toBe(`${id}@relata`);
      expect(c.getFirstPropertyValue('sequence')).toBe(version);
      expect(utcValue(c, 'dtstamp')).toBe(iso(updated));
      expect(utcValue(c, 'last-modified')).toBe(iso(updated));
      expect(utcValue(c, 'created')).toBe(iso(created));
    };

    const m = byUid.get(`${meeting}@relata`)!;
    expect(m.name).toBe('vevent');
    common(m, meeting, 3);
    expect(text(m, 'summary')).toBe('Quarterly review, Acme; Q3');
    expect(text(m, 'description')).toBe('Agenda:\n1. Numbers\n2. Next steps');
    expect(text(m, 'location')).toBe('Room 4, HQ');
    expect(utcValue(m, 'dtstart')).toBe(iso(meetingDue));
    expect(utcValue(m, 'dtend')).toBe(iso(new Date(meetingDue.getTime() + 90 * 60_000)));
    expect(m.getFirstPropertyValue('priority')).toBe(3);
    expect(text(m, 'status')).toBe('CONFIRMED');
    expect(text(m, 'categories')).toBe('Meeting');
    const event = new ICAL.Event(m);
    expect(event.duration.toSeconds()).toBe(90 * 60);

    const c = byUid.get(`${call}@relata`)!;
    expect(c.name).toBe('vevent');
    common(c, call);
    expect(text(c, 'summary')).toBe('Follow-up call');
    expect(text(c, 'description')).toBe('Outcome: Agreed on a trial\n\nDirection: outbound');
    expect(c.getFirstPropertyValue('location')).toBeNull();
    expect(utcValue(c, 'dtstart')).toBe(iso(callDue));
    expect(utcValue(c, 'dtend')).toBe(iso(new Date(callDue.getTime() + 15 * 60_000)));
    expect(c.getFirstPropertyValue('priority')).toBe(1);
    expect(text(c, 'status')).toBe('CONFIRMED');
    expect(text(c, 'categories')).toBe('Call');

    const d = byUid.get(`${allDay}@relata`)!;
    expect(d.name).toBe('vevent');
    common(d, allDay);
    expect(text(d, 'summary')).toBe('Offsite');
    expect(dateValue(d, 'dtstart')).toBe(iso(allDayDue).slice(0, 10));
    expect(dateValue(d, 'dtend')).toBe(iso(new Date(allDayDue.getTime() + DAY)).slice(0, 10));
    expect(d.getFirstProperty('dtstart')!.getParameter('tzid')).toBeUndefined();
    expect(d.getFirstPropertyValue('priority')).toBe(9);
    expect(text(d, 'status')).toBe('CONFIRMED');
    expect(d.getFirstPropertyValue('description')).toBeNull();

    const x = byUid.get(`${cancelledMeeting}@relata`)!;
    expect(text(x, 'status')).toBe('CANCELLED');
    expect(x.getFirstPropertyValue('priority')).toBe(5);
    // No duration: the event ends when it starts.
    expect(utcValue(x, 'dtend')).toBe(utcValue(x, 'dtstart'));

    const e = byUid.get(`${email}@relata`)!;
    expect(e.name).toBe('vevent');
    expect(text(e, 'categories')).toBe('Email');

    const expected = {
      planned: { status: 'NEEDS-ACTION', summary: 'Prepare quote', priority: 5 },
      in_progress: { status: 'IN-PROCESS', summary: 'Draft contract', priority: 3 },
      completed: { status: 'COMPLETED', summary: 'Send NDA', priority: 5 },
      cancelled: { status: 'CANCELLED', summary: 'Old idea', priority: 9 },
    } as const;
    for (const [status, want] of Object.entries(expected)) {
      const id = tasks[status as keyof typeof tasks];
      const todo = byUid.get(`${id}@relata`)!;
      expect(todo.name, status).toBe('vtodo');
      common(todo, id);
      expect(text(todo, 'status')).toBe(want.status);
      expect(text(todo, 'summary')).toBe(want.summary);
      expect(todo.getFirstPropertyValue('priority')).toBe(want.priority);
      expect(text(todo, 'categories')).toBe('Task');
      expect(todo.getFirstProperty('dtstart')).toBeNull();
      expect(todo.getFirstProperty('dtend')).toBeNull();
      if (status === 'completed') {
        expect(utcValue(todo, 'due')).toBe(iso(daysFromNow(-2, '10:00:00')));
        expect(utcValue(todo, 'completed')).toBe(iso(completedAt));
        expect(text(todo, 'description')).toBe('Outcome: Signed');
      } else if (status === 'in_progress') {
        expect(utcValue(todo, 'due')).toBe(iso(taskDue));
        expect(todo.getFirstProperty('completed')).toBeNull();
        expect(text(todo, 'description')).toBe('Clauses:\n- liability, capped; 1×\n- term');
        expect(text(todo, 'location')).toBe('Legal, 3rd floor');
      } else {
        expect(utcValue(todo, 'due')).toBe(iso(taskDue));
        expect(todo.getFirstProperty('completed')).toBeNull();
        expect(todo.getFirstPropertyValue('description')).toBeNull();
        expect(todo.getFirstPropertyValue('location')).toBeNull();
      }
    }
    const at = byUid.get(`${allDayTask}@relata`)!;
    expect(at.name).toBe('vtodo');
    expect(dateValue(at, 'due')).toBe(iso(allDayTaskDue).slice(0, 10));
    expect(text(at, 'description')).toBe('Contract renews');
    expect(text(at, 'status')).toBe('NEEDS-ACTION');

    // Times are written in UTC whatever the server's zone: every DATE-TIME value ends in Z.
    const dateTimes = res.body.match(/^(DTSTART|DTEND|DUE|COMPLETED|DTSTAMP|CREATED|LAST-MODIFIED)[:;].*$/gm)!;
    expect(dateTimes.length).toBeGreaterThan(20);
    for (const line of dateTimes) expect(line).toMatch(/(T\d{6}Z|VALUE=DATE:\d{8})$/);
  });

  it("never contains another member's or another organisation's activities", async () => {
    const a = await setup();
    const colleague = await addMember(t.app, a.user, 'member');
    const b = await setup();
    const due = daysFromNow(2);
    const mine = await insertActivity(a.org.id, a.companyId, {
      type: 'meeting',
      subject: 'Mine',
      due_at: due,
      assignee_id: a.membershipId,
    });
    const theirs = await insertActivity(a.org.id, a.companyId, {
      type: 'meeting',
      subject: 'Colleague',
      due_at: due,
      assignee_id: colleague.membershipId,
    });
    const unassigned = await insertActivity(a.org.id, a.companyId, { type: 'task', subject: 'Nobody', due_at: due });
    const createdByMe = await insertActivity(a.org.id, a.companyId, {
      type: 'task',
      subject: 'Made by me, for them',
      due_at: due,
      created_by: a.user.id,
      assignee_id: colleague.membershipId,
    });
    const foreign = await insertActivity(b.org.id, b.companyId, {
      type: 'meeting',
      subject: 'Other org',
      due_at: due,
      assignee_id: b.membershipId,
    });

    const feedA = await createFeed(a.user);
    const feedColleague = await createFeed(colleague);
    const feedB = await createFeed(b.user);
    const uids = async (token: string) => {
      const res = await fetchFeed(token);
      expect(res.statusCode).toBe(200);
      return [...parseFeed(res.body).byUid.keys()].sort();
    };
    expect(await uids(feedA.token)).toEqual([`${mine}@relata`]);
    expect(await uids(feedColleague.token)).toEqual([`${createdByMe}@relata`, `${theirs}@relata`].sort());
    expect(await uids(feedB.token)).toEqual([`${foreign}@relata`]);
    const all = (await fetchFeed(feedA.token)).body;
    for (const id of [theirs, unassigned, createdByMe, foreign]) expect(all).not.toContain(id);
  });

  it('folds long non-ASCII lines at 75 octets without splitting characters', async () => {
    const { user, org, membershipId, companyId } = await setup();
    const subject = `Überprüfung der Verträge 📞 ${'Ωmega façade '.repeat(8)}`.trim();
    const event = await insertActivity(org.id, companyId, {
      type: 'meeting',
      subject,
      due_at: daysFromNow(1),
      assignee_id: membershipId,
    });
    const task = await insertActivity(org.id, companyId, {
      type: 'task',
      subject,
      due_at: daysFromNow(1),
      assignee_id: membershipId,
    });
    const res = await fetchFeed((await createFeed(user)).token);
    for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const { byUid } = parseFeed(res.body);
    expect(text(byUid.get(`${event}@relata`)!, 'summary')).toBe(subject);
    expect(text(byUid.get(`${task}@relata`)!, 'summary')).toBe(subject);
  });

  it('serves an empty calendar when the member has no activities', async () => {
    const { user } = await setup();
    const res = await fetchFeed((await createFeed(user)).token);
    expect(res.statusCode).toBe(200);
    const { cal } = parseFeed(res.body);
    expect(cal.getAllSubcomponents()).toEqual([]);
  });

  it('serves the kept document and items only while the activities are unchanged', async () => {
    const { user, org, companyId, api } = await setup();
    const { token } = await createFeed(user);
    const make = async (subject: string, days: number) => {
      const res = await api.post('/api/v1/activities', {
        type: 'meeting',
        subject,
        due_at: daysFromNow(days).toISOString(),
        duration_minutes: 30,
        links: [{ type: 'company', id: companyId }],
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; assignee_id: string };
    };
    const kickoff = await make('Kick-off', 2);
    await make('Demo', 3);
    const first = await fetchFeed(token);
    expect((await fetchFeed(token)).body).toBe(first.body);
    // Conditional polls: the same ETag answers 304 without a body until something changes.
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const ifNoneMatch = (tag: string) =>
      t.app.inject({ method: 'GET', url: `/ical/${token}.ics`, headers: { 'if-none-match': tag } });
    const unchanged = await ifNoneMatch(etag);
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    expect(unchanged.headers.etag).toBe(etag);
    expect((await ifNoneMatch(`W/${etag}, "other"`)).statusCode).toBe(304);
    expect((await ifNoneMatch('"other"')).statusCode).toBe(200);
    // Whatever the cache holds, the document is byte for byte what rendering every item afresh gives.
    const rowsNow = () =>
      withTenant(t.database.db, { orgId: org.id }, (tx) =>
        feedActivities(tx, { orgId: org.id, membershipId: kickoff.assignee_id, now: new Date() }),
      );
    const rows = await rowsNow();
    const params = { name: `Relata – ${org.name}`, refreshSeconds: FEED_MAX_AGE_SECONDS };
    const fresh = renderCalendar({ ...params, activities: rows });
    expect(first.body).toBe(fresh);
    const cache = new FeedCache(1024 * 1024);
    const doc = (r: typeof rows) =>
      cache.document({ ...params, orgId: org.id, membershipId: kickoff.assignee_id, rows: r }).body.toString();
    expect(doc(rows)).toBe(fresh);
    expect(cache.size).toBe(3); // two items and the document
    expect(doc(rows)).toBe(fresh);
    // Other rows (one left out) → another document, from the kept items.
    expect(doc(rows.slice(1))).toBe(renderCalendar({ ...params, activities: rows.slice(1) }));
    expect(cache.size).toBe(3);
    // An edit bumps the version: the next poll renders the new text, not the kept one.
    const renamed = await api.patch(`/api/v1/activities/${kickoff.id}`, { subject: 'Kick-off (moved to Zoom)' });
    expect(renamed.statusCode).toBe(200);
    const changed = await ifNoneMatch(etag);
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const after = parseFeed(changed.body).byUid.get(`${kickoff.id}@relata`)!;
    expect(text(after, 'summary')).toBe('Kick-off (moved to Zoom)');
    expect(after.getFirstPropertyValue('sequence')).toBe(2);
    const edited = await rowsNow();
    expect(doc(edited)).toBe(renderCalendar({ ...params, activities: edited }));
    expect(doc(edited)).toContain('Kick-off (moved to Zoom)');
    // A zero-byte cache keeps nothing and still renders.
    const off = new FeedCache(0);
    expect(off.document({ ...params, orgId: org.id, membershipId: kickoff.assignee_id, rows }).body.toString()).toBe(
      fresh,
    );
    expect(off.size).toBe(0);
  });
});
