import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { activitySetup, inHours } from './activities.fixtures.js';
import { as, createTestApp, errorOf, issuePaths, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const setup = () => activitySetup(t);

/** Timeline entries of an activity, read with SQL in the organisation's scope. */
async function entriesOf(orgId: string, activityId: string) {
  return withTenant(t.database.db, { orgId }, async (tx) => {
    const res = await tx.execute(sql`select record_id, type, occurred_at, data, event_id from timeline_entries
      where org_id = ${orgId}::uuid and activity_id = ${activityId}::uuid order by record_id`);
    return (res as unknown as { rows: Array<Record<string, unknown>> }).rows;
  });
}

describe('activities', () => {
  it('creates an activity with links, assignee default, creator, timeline entries and ETag', async () => {
    const { user, org, api, deal, contact } = await setup();
    const due = inHours(48);
    const res = await api.post('/api/v1/activities', {
      type: 'meeting',
      subject: ' Demo ',
      due_at: due.replace('Z', '+00:00'),
      duration_minutes: 60,
      location: 'Room 1',
      links: [
        { type: 'deal', id: deal.id },
        { type: 'contact', id: contact.id },
        { type: 'deal', id: deal.id },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const a = res.json();
    expect(a).toMatchObject({
      type: 'meeting',
      subject: 'Demo',
      status: 'planned',
      due_at: due,
      duration_minutes: 60,
      priority: 'medium',
      location: 'Room 1',
      completed_at: null,
      created_by: { id: user.id, name: user.name },
      assignee: { name: user.name },
      version: 1,
      links: [
        { type: 'deal', id: deal.id, name: 'Big deal' },
        { type: 'contact', id: contact.id, name: 'Ada Lovelace' },
      ],
    });
    // Reminder: 15 minutes before due (the default lead time).
    expect(Date.parse(a.remind_at)).toBe(Date.parse(due) - 15 * 60_000);
    const entries = await entriesOf(org.id, a.id);
    expect(entries.map((e) => e.record_id).sort()).toEqual([deal.id, contact.id].sort());
    for (const e of entries) {
      expect(e.type).toBe('activity');
      expect(e.event_id).toBe(a.id);
      expect(new Date(e.occurred_at as string).toISOString()).toBe(due);
      expect(e.data).toEqual({ activity_type: 'meeting', subject: 'Demo', status: 'planned' });
    }
    const got = await api.get(`/api/v1/activities/${a.id}`);
    expect(got.json()).toEqual(a);
    const unassigned = await api.post('/api/v1/activities', {
      type: 'task',
      subject: 'Nobody',
      assignee_id: null,
      links: [{ type: 'deal', id: deal.id }],
    });
    expect(unassigned.json()).toMatchObject({ assignee_id: null, assignee: null, remind_at: null });
  });

  it('refuses bad input: no link (400), another org’s record (404), bad durations and type-only fields (400)', async () => {
    const { api, deal } = await setup();
    const other = await setup();
    const base = { type: 'call', subject: 'Call', links: [{ type: 'deal', id: deal.id }] };
    const noLink = await api.post('/api/v1/activities', { ...base, links: [] });
    expect(noLink.statusCode).toBe(400);
    expect(issuePaths(noLink)).toContain('body.links');
    const foreign = await api.post('/api/v1/activities', { ...base, links: [{ type: 'deal', id: other.deal.id }] });
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).message).toBe('Deal not found');
    const foreignLead = await api.post('/api/v1/activities', {
      ...base,
      links: [{ type: 'lead', id: other.lead.id }],
    });
    expect(errorOf(foreignLead).message).toBe('Lead not found');
    for (const duration_minutes of [-1, 1441, 2.5]) {
      const res = await api.post('/api/v1/activities', { ...base, duration_minutes });
      expect(res.statusCode).toBe(400);
      expect(issuePaths(res)).toEqual(['body.duration_minutes']);
    }
    const ok = await api.post('/api/v1/activities', { ...base, duration_minutes: 1440, call_direction: 'inbound' });
    expect(ok.statusCode).toBe(201);
    const task = { ...base, type: 'task' };
    expect(issuePaths(await api.post('/api/v1/activities', { ...task, call_direction: 'inbound' }))).toEqual([
      'body.call_direction',
    ]);
    expect(issuePaths(await api.post('/api/v1/activities', { ...task, location: 'Here' }))).toEqual(['body.location']);
    const badUrl = await api.post('/api/v1/activities', { ...base, recording_url: 'javascript:alert(1)' });
    expect(issuePaths(badUrl)).toEqual(['body.recording_url']);
    for (const due_at of ['0000-01-01T00:00:00Z', '9999-12-31T23:00:00-05:00']) {
      expect(issuePaths(await api.post('/api/v1/activities', { ...base, due_at }))).toEqual(['body.due_at']);
    }
    const sneaky = await api.post('/api/v1/activities', { ...base, completed_at: new Date().toISOString() });
    expect(sneaky.statusCode).toBe(400);
    const tooMany = Array.from({ length: 21 }, () => ({ type: 'deal', id: deal.id }));
    expect(issuePaths(await api.post('/api/v1/activities', { ...base, links: tooMany }))).toContain('body.links');
    const notMember = await api.post('/api/v1/activities', { ...base, assignee_id: other.deal.id });
    expect(issuePaths(notMember)).toEqual(['body.assignee_id']);
    // A PATCH cannot give a task call fields either, and cannot set completed_at.
    const id = ok.json().id;
    const toTask = await api.patch(`/api/v1/activities/${id}`, { type: 'task' });
    expect(toTask.json()).toMatchObject({ type: 'task', call_direction: null });
    expect(issuePaths(await api.patch(`/api/v1/activities/${id}`, { call_direction: 'outbound' }))).toEqual([
      'body.call_direction',
    ]);
    expect((await api.patch(`/api/v1/activities/${id}`, { completed_at: null })).statusCode).toBe(400);
    expect((await api.patch(`/api/v1/activities/${id}`, { status: 'completed' })).statusCode).toBe(400);
    expect((await as(t.app, other.user).get(`/api/v1/activities/${id}`)).statusCode).toBe(404);
  });

  it('runs the status machine: completed_at set and cleared, illegal moves 422 naming both states', async () => {
    const { org, api, deal } = await setup();
    const a = (
      await api.post('/api/v1/activities', {
        type: 'task',
        subject: 'Send quote',
        due_at: inHours(24),
        links: [{ type: 'deal', id: deal.id }],
      })
    ).json();
    const reopen = await api.post(`/api/v1/activities/${a.id}/reopen`);
    expect(reopen.statusCode).toBe(422);
    expect(errorOf(reopen)).toMatchObject({
      message: 'An activity cannot move from planned to planned',
      details: { from: 'planned', to: 'planned' },
    });
    const started = await api.post(`/api/v1/activities/${a.id}/start`);
    expect(started.json()).toMatchObject({ status: 'in_progress', completed_at: null, version: 2 });
    const again = await api.post(`/api/v1/activities/${a.id}/start`);
    expect(errorOf(again).details).toEqual({ from: 'in_progress', to: 'in_progress' });
    const done = await api.post(`/api/v1/activities/${a.id}/complete`, { outcome: 'Sent' }, { 'if-match': '"2"' });
    expect(done.statusCode).toBe(200);
    const completed = done.json();
    expect(completed).toMatchObject({ status: 'completed', outcome: 'Sent', remind_at: null, version: 3 });
    expect(Math.abs(Date.parse(completed.completed_at) - Date.now())).toBeLessThan(60_000);
    const entries = await entriesOf(org.id, a.id);
    expect(new Date(entries[0]!.occurred_at as string).toISOString()).toBe(completed.completed_at);
    expect(entries[0]!.data).toMatchObject({ status: 'completed' });
    const start = await api.post(`/api/v1/activities/${a.id}/start`);
    expect(start.statusCode).toBe(422);
    expect(errorOf(start).message).toContain('completed');
    expect(errorOf(start).message).toContain('in_progress');
    const cancel = await api.post(`/api/v1/activities/${a.id}/cancel`);
    expect(errorOf(cancel).details).toEqual({ from: 'completed', to: 'cancelled' });
    const reopened = (await api.post(`/api/v1/activities/${a.id}/reopen`)).json();
    expect(reopened).toMatchObject({ status: 'planned', completed_at: null, outcome: 'Sent' });
    expect(reopened.remind_at).not.toBeNull();
    const cancelled = (await api.post(`/api/v1/activities/${a.id}/cancel`)).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', completed_at: null, remind_at: null });
    expect((await api.post(`/api/v1/activities/${a.id}/complete`)).statusCode).toBe(422);
    // Created already completed ("log a call").
    const logged = await api.post('/api/v1/activities', {
      type: 'call',
      subject: 'Logged',
      status: 'completed',
      links: [{ type: 'deal', id: deal.id }],
    });
    expect(logged.json().completed_at).not.toBeNull();
  });

  it('PATCH: If-Match or version → 412 when stale, links replaced with their timeline entries, DELETE', async () => {
    const { org, api, deal, company, lead } = await setup();
    const a = (
      await api.post('/api/v1/activities', { type: 'email', subject: 'Hi', links: [{ type: 'deal', id: deal.id }] })
    ).json();
    const stale = await api.patch(`/api/v1/activities/${a.id}`, { subject: 'x' }, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale).details).toMatchObject({ current_version: 1 });
    expect((await api.patch(`/api/v1/activities/${a.id}`, { subject: 'x', version: 2 })).statusCode).toBe(412);
    const res = await api.patch(
      `/api/v1/activities/${a.id}`,
      {
        subject: 'Hello',
        version: 1,
        links: [
          { type: 'company', id: company.id },
          { type: 'lead', id: lead.id },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json().links.map((l: { id: string }) => l.id)).toEqual([company.id, lead.id]);
    const entries = await entriesOf(org.id, a.id);
    expect(entries.map((e) => e.record_id).sort()).toEqual([company.id, lead.id].sort());
    expect(entries.every((e) => (e.data as { subject: string }).subject === 'Hello')).toBe(true);
    expect((await api.patch(`/api/v1/activities/${a.id}`, { links: [] })).statusCode).toBe(400);
    expect((await api.del(`/api/v1/activities/${a.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(404);
    expect(await entriesOf(org.id, a.id)).toEqual([]);
  });

  it('keeps the lead’s next_follow_up_at on its earliest open task or meeting', async () => {
    const { api, lead } = await setup();
    const followUp = async () => (await api.get(`/api/v1/leads/${lead.id}`)).json().next_follow_up_at;
    const links = [{ type: 'lead', id: lead.id }];
    const t1Due = inHours(72);
    const t1 = (await api.post('/api/v1/activities', { type: 'task', subject: 't1', due_at: t1Due, links })).json();
    expect(await followUp()).toBe(t1Due);
    // A call does not count; an earlier meeting does.
    await api.post('/api/v1/activities', { type: 'call', subject: 'c', due_at: inHours(1), links });
    const mDue = inHours(10);
    const m = (await api.post('/api/v1/activities', { type: 'meeting', subject: 'm', due_at: mDue, links })).json();
    expect(await followUp()).toBe(mDue);
    await api.post(`/api/v1/activities/${m.id}/complete`);
    expect(await followUp()).toBe(t1Due);
    const newDue = inHours(30);
    await api.patch(`/api/v1/activities/${t1.id}`, { due_at: newDue });
    expect(await followUp()).toBe(newDue);
    await api.post(`/api/v1/activities/${t1.id}/cancel`);
    expect(await followUp()).toBeNull();
    await api.post(`/api/v1/activities/${t1.id}/reopen`);
    expect(await followUp()).toBe(newDue);
    // Moving the link away, then deleting, clears it.
    const deal = (await api.post('/api/v1/deals', { name: 'D' })).json();
    await api.patch(`/api/v1/activities/${t1.id}`, { links: [{ type: 'deal', id: deal.id }] });
    expect(await followUp()).toBeNull();
    await api.patch(`/api/v1/activities/${t1.id}`, { links });
    expect(await followUp()).toBe(newDue);
    await api.del(`/api/v1/activities/${t1.id}`);
    expect(await followUp()).toBeNull();
    // It is derived only: a client cannot set it (it would be overwritten by the next activity).
    const set = await api.patch(`/api/v1/leads/${lead.id}`, { next_follow_up_at: inHours(5) });
    expect(set.statusCode).toBe(400);
    expect(issuePaths(set)).toEqual(['body.next_follow_up_at']);
  });

  it('documents the routes in the OpenAPI document (/my/* distinct from /{id})', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/activities'));
    expect(paths.sort()).toEqual(
      [
        '/api/v1/activities',
        '/api/v1/activities/my/overdue',
        '/api/v1/activities/my/upcoming',
        '/api/v1/activities/{id}',
        '/api/v1/activities/{id}/cancel',
        '/api/v1/activities/{id}/complete',
        '/api/v1/activities/{id}/reopen',
        '/api/v1/activities/{id}/start',
      ].sort(),
    );
    expect(Object.keys(doc.paths['/api/v1/activities/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
  });
});
