import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Activity, ActivityListQuery, Page } from '@relata/shared';
import { withTenant } from '../../db/tenant.js';
import { activitySetup, inHours } from './activities.fixtures.js';
import { listActivities } from './activities.list.js';
import {
  addMember,
  as,
  createTestApp,
  expectExactShape,
  idsOf,
  issuePaths,
  planNodes,
  planOfLastStatement,
  type TestApp,
} from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const setup = () => activitySetup(t);

describe('activity lists', () => {
  it('lists with filters, sorts and keyset pages', async () => {
    const { api, deal, lead } = await setup();
    const mk = (body: Record<string, unknown>) =>
      api.post('/api/v1/activities', { type: 'task', subject: 's', links: [{ type: 'deal', id: deal.id }], ...body });
    const a1 = (await mk({ subject: 'a1', due_at: '2031-01-01T10:00:00Z', priority: 'high' })).json();
    const a2 = (await mk({ subject: 'a2', due_at: '2031-01-02T10:00:00Z', type: 'call' })).json();
    const a3 = (await mk({ subject: 'a3', due_at: null, links: [{ type: 'lead', id: lead.id }] })).json();
    const a4 = (await mk({ subject: 'a4', due_at: '2031-01-03T10:00:00Z', assignee_id: null })).json();
    await api.post(`/api/v1/activities/${a2.id}/complete`);
    expect(idsOf(await api.get('/api/v1/activities'))).toEqual([a1.id, a2.id, a4.id, a3.id]);
    expect(idsOf(await api.get('/api/v1/activities?sort=-due_at'))).toEqual([a4.id, a2.id, a1.id, a3.id]);
    expect(idsOf(await api.get('/api/v1/activities?sort=-created_at'))).toEqual([a4.id, a3.id, a2.id, a1.id]);
    expect(idsOf(await api.get('/api/v1/activities?type=call'))).toEqual([a2.id]);
    expect(idsOf(await api.get('/api/v1/activities?status=completed'))).toEqual([a2.id]);
    expect(idsOf(await api.get('/api/v1/activities?priority=high'))).toEqual([a1.id]);
    expect(idsOf(await api.get('/api/v1/activities?assignee_id=none'))).toEqual([a4.id]);
    expect(idsOf(await api.get('/api/v1/activities?assignee_id=me'))).toEqual([a1.id, a2.id, a3.id]);
    expect(idsOf(await api.get('/api/v1/activities?due_from=2031-01-02&due_to=2031-01-03'))).toEqual([a2.id, a4.id]);
    const today = new Date().toISOString().slice(0, 10);
    expect(idsOf(await api.get(`/api/v1/activities?completed_from=${today}&completed_to=${today}`))).toEqual([a2.id]);
    expect(idsOf(await api.get(`/api/v1/activities?record_type=lead&record_id=${lead.id}`))).toEqual([a3.id]);
    expect(issuePaths(await api.get(`/api/v1/activities?record_id=${lead.id}`))).toEqual(['query.record_type']);
    expect((await api.get(`/api/v1/activities?record_type=deal&record_id=${a1.id}`)).statusCode).toBe(404);
    expect(issuePaths(await api.get('/api/v1/activities?sort=subject'))).toEqual(['query.sort']);
    expect(issuePaths(await api.get('/api/v1/activities?due_from=0000-01-01'))).toEqual(['query.due_from']);
    // Keyset pages through the nulls-last boundary.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.get(`/api/v1/activities?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...idsOf(res));
      cursor = res.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual([a1.id, a2.id, a4.id, a3.id]);
  });

  it('my upcoming and my overdue: open, mine, in the window, ordered, paged', async () => {
    const { api, deal, org } = await setup();
    const mk = async (subject: string, due: string | null, extra: Record<string, unknown> = {}) =>
      (
        await api.post('/api/v1/activities', {
          type: 'task',
          subject,
          due_at: due,
          links: [{ type: 'deal', id: deal.id }],
          ...extra,
        })
      ).json();
    const soon = await mk('soon', inHours(2));
    const later = await mk('later', inHours(24 * 5));
    await mk('too late', inHours(24 * 8));
    await mk('not mine', inHours(3), { assignee_id: null });
    const done = await mk('done', inHours(4));
    await api.post(`/api/v1/activities/${done.id}/complete`);
    const old = await mk('old', inHours(-48));
    const recent = await mk('recent', inHours(-1));
    await mk('no due', null);
    expect(idsOf(await api.get('/api/v1/activities/my/upcoming'))).toEqual([soon.id, later.id]);
    expect(idsOf(await api.get('/api/v1/activities/my/upcoming?days=1'))).toEqual([soon.id]);
    const p1 = await api.get('/api/v1/activities/my/upcoming?limit=1');
    expect(idsOf(p1)).toEqual([soon.id]);
    expect(idsOf(await api.get(`/api/v1/activities/my/upcoming?limit=1&cursor=${p1.json().next_cursor}`))).toEqual([
      later.id,
    ]);
    expect(issuePaths(await api.get('/api/v1/activities/my/upcoming?days=91'))).toEqual(['query.days']);
    expect(issuePaths(await api.get('/api/v1/activities/my/upcoming?days=0'))).toEqual(['query.days']);
    const overdue = await api.get('/api/v1/activities/my/overdue');
    expect(idsOf(overdue)).toEqual([old.id, recent.id]);
    // Lists are read in one statement and sent as plain JSON: exactly the contract's shape, and the
    // same activity as its own GET (links with record names, assignee and creator).
    for (const res of [overdue, await api.get('/api/v1/activities/my/upcoming'), await api.get('/api/v1/activities')]) {
      expectExactShape(Page(Activity), res.json());
    }
    expect(overdue.json().data[0]).toEqual((await api.get(`/api/v1/activities/${old.id}`)).json());
    expect(overdue.json().data[0]).toMatchObject({
      links: [{ type: 'deal', id: deal.id, name: deal.name }],
      assignee: { id: old.assignee_id, name: expect.any(String) },
      created_by: { id: expect.any(String), name: expect.any(String) },
    });
    // The partial index of open work serves "my overdue" on PostgreSQL.
    if (t.database.kind !== 'pglite') {
      const plan = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const res = await tx.execute(sql`explain select id from activities where org_id = ${org.id}::uuid
          and assignee_id = ${soon.assignee_id}::uuid and status in ('planned', 'in_progress')
          and due_at < now() order by due_at, id limit 21`);
        return JSON.stringify((res as unknown as { rows: unknown[] }).rows);
      });
      expect(plan).toContain('activities_open_assignee_due_idx');
      // "Done" lists sort by -due_at (undated last): served in order by the descending indexes, for
      // one assignee and for the team — no Sort of every activity.
      const actor = {
        orgId: org.id,
        userId: soon.created_by.id as string,
        membershipId: soon.assignee_id as string,
        role: 'owner' as const,
        visibility: 'shared' as const,
        region: 'US',
      };
      for (const assignee of ['me', undefined]) {
        const query = ActivityListQuery.parse({ status: 'completed', sort: '-due_at', assignee_id: assignee });
        const done = planNodes(
          await planOfLastStatement(t.database, org.id, (tx) => listActivities(tx, { actor, query }), {
            bitmap: false,
          }),
        );
        const used = done.map((n) => n['Index Name']).filter((i) => i?.endsWith('_due_desc_idx'));
        expect(used.length, JSON.stringify(done.map((n) => [n['Node Type'], n['Index Name']]))).toBe(1);
        expect(
          done.filter((n) => n['Node Type'] === 'Sort' && n['Sort Key']?.some((k) => k.includes('due_at'))),
        ).toEqual([]);
      }
    }
  });

  it('visibility under the private rule: assignee, creator or unassigned; viewers cannot write', async () => {
    const { user: owner, api, deal } = await setup();
    const m1 = await addMember(t.app, owner, 'member');
    const m2 = await addMember(t.app, owner, 'member');
    const viewer = await addMember(t.app, owner, 'viewer');
    const openDeal = (await api.post('/api/v1/deals', { name: 'Shared', owner_id: null })).json();
    const links = [{ type: 'deal', id: openDeal.id }];
    const toM1 = (
      await api.post('/api/v1/activities', { type: 'task', subject: 'm1', assignee_id: m1.membershipId, links })
    ).json();
    const free = (
      await api.post('/api/v1/activities', { type: 'task', subject: 'free', assignee_id: null, links })
    ).json();
    const ownerOnly = (await api.post('/api/v1/activities', { type: 'task', subject: 'own', links })).json();
    const byM2 = await as(t.app, m2).post('/api/v1/activities', {
      type: 'task',
      subject: 'by m2',
      assignee_id: m1.membershipId,
      links,
    });
    expect(byM2.statusCode).toBe(201);
    const m1Sees = idsOf(await as(t.app, m1).get('/api/v1/activities?sort=created_at'));
    expect(m1Sees).toEqual([toM1.id, free.id, byM2.json().id]);
    const m2Sees = idsOf(await as(t.app, m2).get('/api/v1/activities?sort=created_at'));
    expect(m2Sees).toEqual([free.id, byM2.json().id]);
    expect((await as(t.app, m2).get(`/api/v1/activities/${toM1.id}`)).statusCode).toBe(404);
    expect((await as(t.app, m2).post(`/api/v1/activities/${ownerOnly.id}/complete`)).statusCode).toBe(404);
    expect((await as(t.app, m2).patch(`/api/v1/activities/${toM1.id}`, { subject: 'x' })).statusCode).toBe(404);
    expect((await as(t.app, m2).del(`/api/v1/activities/${toM1.id}`)).statusCode).toBe(404);
    // A member cannot link a record they do not see (the owner's deal).
    const hidden = await as(t.app, m1).post('/api/v1/activities', {
      type: 'task',
      subject: 'x',
      links: [{ type: 'deal', id: deal.id }],
    });
    expect(hidden.statusCode).toBe(404);
    const v = as(t.app, viewer);
    expect(idsOf(await v.get('/api/v1/activities')).length).toBe(4);
    expect((await v.post('/api/v1/activities', { type: 'task', subject: 'v', links })).statusCode).toBe(403);
    expect((await v.post(`/api/v1/activities/${free.id}/complete`)).statusCode).toBe(403);
  });
});
