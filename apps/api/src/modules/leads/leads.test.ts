import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  idsOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';
import { defaultStages, extraLeadPipeline, historyOf, tenantSql } from './leads.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('leads: fields and placement', () => {
  it('creates a lead in the default pipeline with normalised phones, history and a board position', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const stages = await defaultStages(t, org.id);
    const res = await api.post('/api/v1/leads', {
      title: 'Website relaunch',
      company_name: 'Acme',
      email: ' Ann@Acme.COM ',
      phones: '415 555 2671, +44 7911 123456, (415) 555-2671',
      priority: 'high',
      rating: 'hot',
      score: 80,
      expected_revenue: { amount: 1_250_000, currency: 'eur' },
      notes: 'Met at the fair',
    });
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    expect(lead).toMatchObject({
      title: 'Website relaunch',
      email: 'ann@acme.com',
      phones: ['+14155552671', '+447911123456'],
      expected_revenue: { amount: 1_250_000, currency: 'EUR' },
      next_follow_up_at: null,
      status: 'open',
      pipeline_id: stages['leads:New']!.pipeline_id,
      stage: { id: stages['leads:New']!.id, name: 'New', kind: 'open', probability: 10 },
      probability: null,
      effective_probability: 10,
      days_in_stage: 0,
      owner: { name: user.name },
      contacts: [],
      converted_company: null,
    });
    expect(res.headers.etag).toBe(`"${lead.version}"`);
    expect(await historyOf(t, org.id, lead.id)).toEqual([
      {
        from_stage_id: null,
        to_stage_id: stages['leads:New']!.id,
        from_status: null,
        to_status: 'open',
        changed_by: user.id,
      },
    ]);
    // A second lead goes to the top of the column.
    const second = (await api.post('/api/v1/leads', { title: 'Second', phones: ['+1 212 555 0187'] })).json();
    expect(second.position < lead.position).toBe(true);
    expect(idsOf(await api.get('/api/v1/leads?q=(212) 555-01'))).toEqual([second.id]);
    expect(idsOf(await api.get('/api/v1/leads?q=acme'))).toEqual([lead.id]);
  });

  it('refuses bad fields with their paths, and duplicate external ids with the existing id', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    for (const [payload, path] of [
      [{ title: 'X', phones: '+14155552671, 555' }, 'body.phones.1'],
      [{ title: 'X', phones: ['030 1234567'] }, 'body.phones.0'],
      [{ title: 'X', email: 'nope' }, 'body.email'],
      [{ title: 'X', expected_revenue: { amount: 1, currency: 'XYZ' } }, 'body.expected_revenue.currency'],
      [{ title: 'X', expected_revenue: { amount: 1.5, currency: 'EUR' } }, 'body.expected_revenue.amount'],
      [{ title: 'X', score: 101 }, 'body.score'],
      [{ title: 'X', probability: -1 }, 'body.probability'],
      [{ title: 'X', priority: 'asap' }, 'body.priority'],
      [{ title: 'X', notes: 'n'.repeat(10_001) }, 'body.notes'],
      [{ title: '' }, 'body.title'],
      [{ title: 'X', status: 'converted' }, 'body.status'],
    ] as const) {
      const res = await api.post('/api/v1/leads', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 100)).toBe(400);
      expect(issuePaths(res)).toContain(path);
    }
    const a = (await api.post('/api/v1/leads', { title: 'A', external_id: 'crm-1' })).json();
    const dup = await api.post('/api/v1/leads', { title: 'B', external_id: 'crm-1' });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details).toMatchObject({ existing_id: a.id, issues: [{ path: 'body.external_id' }] });
    // Unique across all rows: a deleted lead keeps its external id.
    await api.del(`/api/v1/leads/${a.id}`);
    expect((await api.post('/api/v1/leads', { title: 'C', external_id: 'crm-1' })).statusCode).toBe(409);
    const b = (await api.post('/api/v1/leads', { title: 'B', external_id: 'crm-2' })).json();
    expect((await api.patch(`/api/v1/leads/${b.id}`, { external_id: 'crm-1' })).statusCode).toBe(409);
    expect((await api.patch(`/api/v1/leads/${b.id}`, { external_id: 'crm-2', title: 'B2' })).statusCode).toBe(200);
  });

  it('places leads by pipeline and stage: 422 for another pipeline or a closed stage, 404 for other organisations', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const { user: stranger, org: otherOrg } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const stages = await defaultStages(t, org.id);
    const foreignStages = await defaultStages(t, otherOrg.id);
    const partners = await extraLeadPipeline(t, org.id);
    const contacted = partners.stages.find((s) => s.name === 'Contacted')!;

    const inPartners = await api.post('/api/v1/leads', { title: 'P', stage_id: contacted.id });
    expect(inPartners.statusCode).toBe(201);
    expect(inPartners.json()).toMatchObject({ pipeline_id: partners.id, stage: { name: 'Contacted' } });
    const firstOpen = await api.post('/api/v1/leads', { title: 'P2', pipeline_id: partners.id });
    expect(firstOpen.json().stage.id).toBe(partners.stages[0]!.id);

    const mixed = await api.post('/api/v1/leads', {
      title: 'X',
      pipeline_id: stages['leads:New']!.pipeline_id,
      stage_id: contacted.id,
    });
    expect(mixed.statusCode).toBe(422);
    expect(errorOf(mixed).details).toMatchObject({ path: 'body.stage_id' });
    const won = await api.post('/api/v1/leads', { title: 'X', stage_id: stages['leads:Qualified']!.id });
    expect(won.statusCode).toBe(422);
    expect(errorOf(won).message).toMatch(/convert the lead/);
    expect(
      (await api.post('/api/v1/leads', { title: 'X', stage_id: stages['leads:Disqualified']!.id })).statusCode,
    ).toBe(422);
    const dealPipeline = await api.post('/api/v1/leads', { title: 'X', pipeline_id: stages['deals:Won']!.pipeline_id });
    expect(dealPipeline.statusCode).toBe(422);

    const foreignContact = (await as(t.app, stranger).post('/api/v1/contacts', { first_name: 'F' })).json();
    for (const payload of [
      { title: 'X', stage_id: foreignStages['leads:New']!.id },
      { title: 'X', pipeline_id: foreignStages['leads:New']!.pipeline_id },
      { title: 'X', contact_ids: [foreignContact.id] },
    ]) {
      const res = await api.post('/api/v1/leads', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(404);
    }

    // PATCH moves an open lead between pipelines (top of the first open stage), with history.
    const lead = inPartners.json();
    const moved = await api.patch(`/api/v1/leads/${lead.id}`, { pipeline_id: stages['leads:New']!.pipeline_id });
    expect(moved.json()).toMatchObject({ stage: { id: stages['leads:New']!.id } });
    expect((await historyOf(t, org.id, lead.id)).map((h) => h.to_stage_id)).toEqual([
      contacted.id,
      stages['leads:New']!.id,
    ]);
    // A stage alone on PATCH must be of the lead's pipeline.
    const cross = await api.patch(`/api/v1/leads/${lead.id}`, { stage_id: contacted.id });
    expect(cross.statusCode).toBe(422);
  });

  it('checks If-Match (412 when stale) and restores from the recycle bin', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const lead = (await api.post('/api/v1/leads', { title: 'V' })).json();
    const ok = await api.patch(`/api/v1/leads/${lead.id}`, { score: 10 }, { 'if-match': `"${lead.version}"` });
    expect(ok.statusCode).toBe(200);
    const stale = await api.patch(`/api/v1/leads/${lead.id}`, { score: 20 }, { 'if-match': `"${lead.version}"` });
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale).details).toMatchObject({ current_version: ok.json().version });

    expect((await api.del(`/api/v1/leads/${lead.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/leads/${lead.id}`)).statusCode).toBe(404);
    expect(idsOf(await api.get('/api/v1/leads/deleted'))).toEqual([lead.id]);
    const back = await api.post(`/api/v1/leads/${lead.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ score: 10, deleted_at: null });
    expect((await api.post(`/api/v1/leads/${lead.id}/restore`)).statusCode).toBe(404);
  });
});

describe('lead contacts', () => {
  it('keeps one primary contact per lead across create, add, make-primary and remove', async () => {
    const { user } = await ownerWithOrg(t.app);
    const { user: stranger } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const [a, b, c] = await Promise.all(
      ['Ann', 'Bob', 'Cy'].map(async (n) => (await api.post('/api/v1/contacts', { first_name: n })).json()),
    );
    const lead = (
      await api.post('/api/v1/leads', { title: 'L', contact_ids: [a.id, b.id], primary_contact_id: b.id })
    ).json();
    expect(lead.contacts).toEqual([
      { id: b.id, name: 'Bob', email: null, is_primary: true },
      { id: a.id, name: 'Ann', email: null, is_primary: false },
    ]);
    const bad = await api.post('/api/v1/leads', { title: 'L', contact_ids: [a.id], primary_contact_id: b.id });
    expect(bad.statusCode).toBe(422);

    const added = await api.post(`/api/v1/leads/${lead.id}/contacts`, { contact_id: c.id, is_primary: true });
    expect(added.statusCode).toBe(200);
    expect(added.json().contacts.filter((x: { is_primary: boolean }) => x.is_primary)).toEqual([
      { id: c.id, name: 'Cy', email: null, is_primary: true },
    ]);
    const primary = await api.post(`/api/v1/leads/${lead.id}/contacts/${a.id}/primary`);
    expect(primary.json().contacts.map((x: { id: string; is_primary: boolean }) => [x.id, x.is_primary])).toEqual([
      [a.id, true],
      [b.id, false],
      [c.id, false],
    ]);
    const removed = await api.del(`/api/v1/leads/${lead.id}/contacts/${a.id}`);
    expect(removed.json().contacts.map((x: { id: string }) => x.id)).toEqual([b.id, c.id]);
    expect((await api.del(`/api/v1/leads/${lead.id}/contacts/${a.id}`)).statusCode).toBe(404);
    expect((await api.post(`/api/v1/leads/${lead.id}/contacts/${a.id}/primary`)).statusCode).toBe(404);

    const foreign = (await as(t.app, stranger).post('/api/v1/contacts', { first_name: 'F' })).json();
    expect((await api.post(`/api/v1/leads/${lead.id}/contacts`, { contact_id: foreign.id })).statusCode).toBe(404);

    // PATCH replaces the set; the kept primary stays, else the first contact becomes primary.
    const replaced = await api.patch(`/api/v1/leads/${lead.id}`, { contact_ids: [c.id, a.id] });
    expect(replaced.json().contacts.map((x: { id: string; is_primary: boolean }) => [x.id, x.is_primary])).toEqual([
      [c.id, true],
      [a.id, false],
    ]);
    const none = await api.patch(`/api/v1/leads/${lead.id}`, { primary_contact_id: null });
    expect(none.json().contacts.every((x: { is_primary: boolean }) => !x.is_primary)).toBe(true);
    // A deleted contact disappears from the lead.
    await api.del(`/api/v1/contacts/${c.id}`);
    expect((await api.get(`/api/v1/leads/${lead.id}`)).json().contacts.map((x: { id: string }) => x.id)).toEqual([
      a.id,
    ]);
  });
});

describe('lead owners and visibility', () => {
  it('lets managers assign anyone, members take unassigned leads and unassign their own only', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const m1 = await addMember(t.app, owner, 'member');
    const m2 = await addMember(t.app, owner, 'member');
    const manager = await addMember(t.app, owner, 'manager');
    const boss = as(t.app, manager);
    const open = (await boss.post('/api/v1/leads', { title: 'Open', owner_id: null })).json();
    const mine = (await as(t.app, m1).post('/api/v1/leads', { title: 'Mine' })).json();
    expect(mine.owner_id).toBe(m1.membershipId);

    const took = await as(t.app, m2).post(`/api/v1/leads/${open.id}/assign`, { to: 'me' });
    expect(took.statusCode).toBe(200);
    expect(took.json().owner_id).toBe(m2.membershipId);
    // m1 cannot see m2's lead any more (private rule) → 404; cannot hand their own lead to m2 → 403.
    expect((await as(t.app, m1).post(`/api/v1/leads/${open.id}/assign`, { to: 'me' })).statusCode).toBe(404);
    const handOver = await as(t.app, m1).post(`/api/v1/leads/${mine.id}/assign`, { to: m2.membershipId });
    expect(handOver.statusCode).toBe(403);
    expect(errorOf(handOver).message).toMatch(/ask a manager/);
    expect((await as(t.app, m1).patch(`/api/v1/leads/${mine.id}`, { owner_id: m2.membershipId })).statusCode).toBe(403);
    expect((await as(t.app, m1).post('/api/v1/leads', { title: 'X', owner_id: m2.membershipId })).statusCode).toBe(403);
    const unassigned = await as(t.app, m1).post(`/api/v1/leads/${mine.id}/assign`, { to: 'none' });
    expect(unassigned.json()).toMatchObject({ owner_id: null, owner: null });

    // Under the shared rule m1 sees m2's lead but still cannot take it.
    await as(t.app, owner).patch('/api/v1/org', { record_visibility: 'shared' });
    const steal = await as(t.app, m1).post(`/api/v1/leads/${open.id}/assign`, { to: 'me' });
    expect(steal.statusCode).toBe(403);
    expect(errorOf(steal).message).toMatch(/another member/);

    const reassigned = await boss.post(`/api/v1/leads/${open.id}/assign`, { to: m1.membershipId });
    expect(reassigned.json().owner).toMatchObject({ id: m1.membershipId });
    expect((await boss.post(`/api/v1/leads/${open.id}/assign`, { to: manager.membershipId })).statusCode).toBe(200);
    const unknown = await boss.post(`/api/v1/leads/${open.id}/assign`, { to: '0190b6d2-0000-7000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    const viewer = await addMember(t.app, owner, 'viewer');
    expect((await as(t.app, viewer).post(`/api/v1/leads/${open.id}/assign`, { to: 'me' })).statusCode).toBe(403);
    // Members do not assign in bulk.
    const bulk = await as(t.app, m1).post('/api/v1/leads/bulk', {
      action: 'assign_owner',
      ids: [open.id],
      owner_id: m1.membershipId,
    });
    expect(bulk.statusCode).toBe(403);
  });

  it('under the private rule members see only their own and unassigned leads (404 otherwise)', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const m1 = await addMember(t.app, owner, 'member');
    const m2 = await addMember(t.app, owner, 'member');
    const mine = (await as(t.app, m1).post('/api/v1/leads', { title: 'Mine' })).json();
    const open = (await as(t.app, owner).post('/api/v1/leads', { title: 'Open', owner_id: null })).json();
    const other = as(t.app, m2);
    for (const res of [
      await other.get(`/api/v1/leads/${mine.id}`),
      await other.patch(`/api/v1/leads/${mine.id}`, { title: 'Hacked' }),
      await other.del(`/api/v1/leads/${mine.id}`),
      await other.post(`/api/v1/leads/${mine.id}/lose`, { reason: 'x' }),
      await other.post(`/api/v1/leads/${mine.id}/convert`, {}),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    expect(idsOf(await other.get('/api/v1/leads'))).toEqual([open.id]);
    expect((await other.get('/api/v1/leads/stats')).json()).toMatchObject({ total: 1, unassigned: 1 });
    expect((await as(t.app, owner).get('/api/v1/leads/stats')).json()).toMatchObject({ total: 2, unassigned: 1 });
  });
});

describe('lead lists, stats and bulk', () => {
  it('filters, sorts and pages; counts; statistics cards', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const rep = await addMember(t.app, user, 'member');
    const api = as(t.app, user);
    const stages = await defaultStages(t, org.id);
    const tag = (await api.post('/api/v1/tags', { name: 'Fair' })).json();
    await api.post('/api/v1/custom-fields', { entity: 'lead', key: 'budget', label: 'Budget', type: 'number' });
    const made: Array<{ id: string }> = [];
    for (let i = 0; i < 7; i++) {
      const res = await api.post('/api/v1/leads', {
        title: `Lead ${i}`,
        score: i % 3 === 0 ? null : i * 10,
        priority: i % 2 ? 'high' : 'low',
        rating: i < 2 ? 'hot' : 'cold',
        source: i < 3 ? 'Web' : 'Fair',
        segment: 'SMB',
        owner_id: i === 6 ? null : i === 5 ? rep.membershipId : undefined,
        tag_ids: i === 4 ? [tag.id] : [],
        custom_fields: { budget: i * 100 },
        ...(i === 3 ? { stage_id: stages['leads:Meeting']!.id } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      made.push(res.json());
    }
    const id = (i: number) => made[i]!.id;
    expect(idsOf(await api.get('/api/v1/leads?priority=high&sort=title'))).toEqual([id(1), id(3), id(5)]);
    expect(idsOf(await api.get('/api/v1/leads?source=web&rating=cold'))).toEqual([id(2)]);
    expect(idsOf(await api.get(`/api/v1/leads?tag_id=${tag.id}`))).toEqual([id(4)]);
    expect(idsOf(await api.get('/api/v1/leads?owner_id=none'))).toEqual([id(6)]);
    expect(idsOf(await api.get(`/api/v1/leads?owner_id=${rep.membershipId}`))).toEqual([id(5)]);
    expect(idsOf(await api.get(`/api/v1/leads?stage_id=${stages['leads:Meeting']!.id}`))).toEqual([id(3)]);
    expect(idsOf(await api.get('/api/v1/leads?status=open&segment=smb&cf.budget.gte=500&sort=-cf.budget'))).toEqual([
      id(6),
      id(5),
    ]);
    // Score sorts nulls last, ascending and descending.
    expect(idsOf(await api.get('/api/v1/leads?sort=-score&limit=100'))).toEqual([
      id(5),
      id(4),
      id(2),
      id(1),
      ...[id(6), id(3), id(0)],
    ]);
    const seen: string[] = [];
    let url = '/api/v1/leads?limit=3&sort=score';
    for (;;) {
      const page = (await api.get(url)).json();
      seen.push(...page.data.map((l: { id: string }) => l.id));
      if (!page.next_cursor) break;
      url = `/api/v1/leads?limit=3&sort=score&cursor=${page.next_cursor}`;
    }
    expect(seen).toEqual([id(1), id(2), id(4), id(5), id(0), id(3), id(6)]);
    const badSort = await api.get('/api/v1/leads?sort=notes');
    expect(badSort.statusCode).toBe(400);
    expect(issuePaths(badSort)).toEqual(['query.sort']);
    expect((await api.get('/api/v1/leads/count?source=Fair')).json()).toEqual({ total: 4, total_capped: false });

    // Stats: one converted, one back-dated beyond a week, one unassigned.
    await tenantSql(t, org.id, sql`update leads set created_at = now() - interval '8 days' where id = ${id(0)}::uuid`);
    expect((await api.post(`/api/v1/leads/${id(1)}/convert`, {})).statusCode).toBe(200);
    expect((await api.get('/api/v1/leads/stats')).json()).toEqual({
      total: 7,
      new_this_week: 6,
      qualified: 1,
      unassigned: 1,
    });
    expect((await api.get('/api/v1/leads/stats?source=web')).json()).toEqual({
      total: 3,
      new_this_week: 2,
      qualified: 1,
      unassigned: 0,
    });
    expect(idsOf(await api.get('/api/v1/leads?status=converted'))).toEqual([id(1)]);
  });

  it('runs bulk actions with per-id results', async () => {
    const { user } = await ownerWithOrg(t.app);
    const rep = await addMember(t.app, user, 'member');
    const { user: stranger } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const tag = (await api.post('/api/v1/tags', { name: 'VIP' })).json();
    const ls = [];
    for (const n of ['A', 'B', 'C']) ls.push((await api.post('/api/v1/leads', { title: n })).json());
    const foreign = (await as(t.app, stranger).post('/api/v1/leads', { title: 'F' })).json();
    const tagged = await api.post('/api/v1/leads/bulk', {
      action: 'add_tags',
      ids: [ls[0].id, ls[1].id, foreign.id],
      tag_ids: [tag.id],
    });
    expect(tagged.json()).toMatchObject({
      succeeded: 2,
      failed: 1,
      results: [{ ok: true }, { ok: true }, { id: foreign.id, ok: false, error: { code: 'not_found' } }],
    });
    const assigned = await api.post('/api/v1/leads/bulk', {
      action: 'assign_owner',
      filter: { tag_id: tag.id },
      owner_id: rep.membershipId,
    });
    expect(assigned.json()).toMatchObject({ succeeded: 2 });
    expect(idsOf(await api.get(`/api/v1/leads?owner_id=${rep.membershipId}&sort=title`))).toEqual([ls[0].id, ls[1].id]);
    const del = await api.post('/api/v1/leads/bulk', { action: 'delete', ids: [ls[0].id, ls[2].id] });
    expect(del.json()).toMatchObject({ succeeded: 2 });
    expect(idsOf(await api.get('/api/v1/leads'))).toEqual([ls[1].id]);
    const restored = await api.post('/api/v1/leads/bulk', { action: 'restore', ids: [ls[0].id, foreign.id] });
    expect(restored.json()).toMatchObject({ succeeded: 1, failed: 1 });
    expect((await api.get(`/api/v1/leads/${ls[0].id}`)).json().tags).toMatchObject([{ id: tag.id }]);
  });
});
