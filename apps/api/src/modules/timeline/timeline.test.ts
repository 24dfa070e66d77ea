import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  planNodes,
  planOfLastStatement,
  sessionCookie,
  type PlanNode,
  type TestApp,
} from '../../../test/helpers.js';
import { DEMO_PASSWORD, seedDemo } from '../demo/demo.service.js';
import { defaultStages, tenantSql } from '../leads/leads.fixtures.js';
import { timelinePage } from './timeline.service.js';
import { syncSourceEntries } from './timeline.writer.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Api = ReturnType<typeof as>;
interface Entry {
  id: string;
  type: string;
  occurred_at: string;
  actor: { id: string; name: string } | null;
  record: { type: string; id: string; name: string };
  data: Record<string, unknown>;
  activity?: Record<string, unknown>;
  note?: Record<string, unknown>;
}

/** One page of a record's timeline (asserts 200). */
async function page(api: Api, type: string, id: string, qs = '') {
  const res = await api.get(`/api/v1/timeline?record_type=${type}&record_id=${id}${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { data: Entry[]; next_cursor: string | null };
}

/** The whole timeline (limit 100). */
const all = async (api: Api, type: string, id: string, qs = '') => (await page(api, type, id, `&limit=100${qs}`)).data;

/** `type` plus where it happened, newest first — compact enough to compare whole timelines. */
const brief = (entries: Entry[]) => entries.map((e) => `${e.type}@${e.record.type}:${e.record.name}`);

async function setup() {
  const { user, org } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const stages = await defaultStages(t, org.id);
  const me = (await api.get(`/api/v1/members?q=${encodeURIComponent(user.email)}`)).json().data[0];
  return { user, org, api, stages, ownerMembershipId: me.id as string };
}

describe('timeline', () => {
  it("logs a deal's creation, moves, field changes and transitions in order; a refused transition logs nothing", async () => {
    const { user, api, stages } = await setup();
    const acme = (await api.post('/api/v1/companies', { name: 'Acme' })).json();
    const deal = (
      await api.post('/api/v1/deals', { name: 'Big', company_id: acme.id, amount: { amount: 1000, currency: 'USD' } })
    ).json();
    expect(
      (await api.post(`/api/v1/deals/${deal.id}/move`, { stage_id: stages['deals:Proposal']!.id })).statusCode,
    ).toBe(200);
    const patched = await api.patch(`/api/v1/deals/${deal.id}`, {
      amount: { amount: 2000, currency: 'EUR' },
      expected_close_date: '2031-01-31',
      name: 'Bigger',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await api.post(`/api/v1/deals/${deal.id}/won`)).statusCode).toBe(200);
    expect((await api.post(`/api/v1/deals/${deal.id}/reopen`)).statusCode).toBe(200);
    expect((await api.post(`/api/v1/deals/${deal.id}/lost`, { reason: 'Budget' })).statusCode).toBe(200);

    const entries = await all(api, 'deal', deal.id);
    const ref = (name: string) => ({ id: stages[`deals:${name}`]!.id, name });
    const pipeline_id = stages['deals:Won']!.pipeline_id;
    expect(entries.map((e) => [e.type, e.data])).toEqual([
      ['status_changed', { from: 'open', to: 'lost', reason: 'Budget' }],
      ['stage_changed', { pipeline_id, from: ref('Negotiation'), to: ref('Lost') }],
      ['status_changed', { from: 'won', to: 'open' }],
      ['stage_changed', { pipeline_id, from: ref('Won'), to: ref('Negotiation') }],
      ['status_changed', { from: 'open', to: 'won' }],
      ['stage_changed', { pipeline_id, from: ref('Proposal'), to: ref('Won') }],
      [
        'field_changed',
        {
          changes: [
            { field: 'amount', from: { amount: 1000, currency: 'USD' }, to: { amount: 2000, currency: 'EUR' } },
            { field: 'expected_close_date', from: null, to: '2031-01-31' },
          ],
        },
      ],
      ['stage_changed', { pipeline_id, from: ref('Qualification'), to: ref('Proposal') }],
      ['created', { name: 'Big' }],
    ]);
    for (const e of entries) {
      expect(e.actor).toEqual({ id: user.id, name: user.name });
      expect(e.record).toEqual({ type: 'deal', id: deal.id, name: 'Bigger' });
    }
    const times = entries.map((e) => Date.parse(e.occurred_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // Illegal transitions (422) and a stale version (412) roll back: no entry is written.
    const refused = await api.post(`/api/v1/deals/${deal.id}/won`);
    expect(refused.statusCode).toBe(422);
    const stale = await api.patch(
      `/api/v1/deals/${deal.id}`,
      { amount: { amount: 5, currency: 'EUR' } },
      {
        'if-match': '"1"',
      },
    );
    expect(stale.statusCode).toBe(412);
    expect((await all(api, 'deal', deal.id)).map((e) => e.id)).toEqual(entries.map((e) => e.id));

    // The deal's entries roll up into its company's timeline.
    expect(brief(await all(api, 'company', acme.id))).toEqual([
      ...entries.map((e) => `${e.type}@deal:Bigger`),
      'created@company:Acme',
    ]);
  });

  it('logs a lead moved, lost, reopened and converted; the conversion appears once on the company roll-up', async () => {
    const { api, stages } = await setup();
    const acme = (await api.post('/api/v1/companies', { name: 'Acme', domain: 'acme.example' })).json();
    const ann = (await api.post('/api/v1/contacts', { first_name: 'Ann', company_id: acme.id })).json();
    const bob = (await api.post('/api/v1/contacts', { first_name: 'Bob' })).json();
    const lead = (
      await api.post('/api/v1/leads', {
        title: 'Acme expansion',
        email: 'buyer@acme.example',
        contact_ids: [bob.id],
        expected_revenue: { amount: 5000, currency: 'EUR' },
      })
    ).json();
    const leadRef = (name: string) => ({ id: stages[`leads:${name}`]!.id, name });
    expect(
      (await api.post(`/api/v1/leads/${lead.id}/move`, { stage_id: stages['leads:Contacted']!.id })).statusCode,
    ).toBe(200);
    expect((await api.post(`/api/v1/leads/${lead.id}/lose`, { reason: 'No budget' })).statusCode).toBe(200);
    // Losing a lost lead is refused (409) and logs nothing.
    expect((await api.post(`/api/v1/leads/${lead.id}/lose`, { reason: 'Again' })).statusCode).toBe(409);
    expect((await api.post(`/api/v1/leads/${lead.id}/reopen`)).statusCode).toBe(200);
    const patched = await api.patch(`/api/v1/leads/${lead.id}`, {
      expected_revenue: { amount: 7000, currency: 'EUR' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const conv = await api.post(`/api/v1/leads/${lead.id}/convert`, { deal: { create: true } });
    expect(conv.statusCode, conv.body).toBe(200);
    const { deal_id: dealId, company_id: companyId } = conv.json();
    expect(companyId).toBe(acme.id);

    const leadEntries = await all(api, 'lead', lead.id);
    expect(leadEntries.map((e) => [e.type, e.data])).toEqual([
      [
        'converted',
        { lead_id: lead.id, company_id: acme.id, company_created: false, contact_ids: [bob.id], deal_id: dealId },
      ],
      ['stage_changed', expect.objectContaining({ from: leadRef('New'), to: leadRef('Qualified') })],
      [
        'field_changed',
        {
          changes: [
            {
              field: 'expected_revenue',
              from: { amount: 5000, currency: 'EUR' },
              to: { amount: 7000, currency: 'EUR' },
            },
          ],
        },
      ],
      ['status_changed', { from: 'lost', to: 'open' }],
      ['stage_changed', expect.objectContaining({ from: leadRef('Disqualified'), to: leadRef('New') })],
      ['status_changed', { from: 'open', to: 'lost', reason: 'No budget' }],
      ['stage_changed', expect.objectContaining({ from: leadRef('Contacted'), to: leadRef('Disqualified') })],
      ['stage_changed', expect.objectContaining({ from: leadRef('New'), to: leadRef('Contacted') })],
      ['created', { name: 'Acme expansion' }],
    ]);
    const converted = leadEntries[0]!;

    // One event, on the lead, the company, the contact moved to it and the deal.
    expect(brief(await all(api, 'contact', bob.id))).toEqual(['converted@contact:Bob', 'created@contact:Bob']);
    expect(brief(await all(api, 'deal', dealId))).toEqual([
      'converted@deal:Acme expansion',
      'created@deal:Acme expansion',
    ]);
    // The company's roll-up: its own entries plus Ann's, Bob's (now at Acme) and the deal's; the
    // conversion (on the company, Bob and the deal) appears once, on the company itself.
    const company = await all(api, 'company', acme.id);
    expect(brief(company)).toEqual([
      'converted@company:Acme',
      'created@deal:Acme expansion',
      'created@contact:Bob',
      'created@contact:Ann',
      'created@company:Acme',
    ]);
    expect(company[0]!.id).toBe(converted.id);
    expect(new Set(company.map((e) => e.id)).size).toBe(company.length);
    expect(ann.company).toEqual({ id: acme.id, name: 'Acme' });
  });

  it('filters by type and date range and pages by cursor without gaps or repeats', async () => {
    const { org, api } = await setup();
    const acme = (await api.post('/api/v1/companies', { name: 'Paging Co' })).json();
    const people = [];
    for (let i = 0; i < 12; i++) {
      people.push((await api.post('/api/v1/contacts', { first_name: `P${i}`, company_id: acme.id })).json());
    }
    const deal = (await api.post('/api/v1/deals', { name: 'D', company_id: acme.id })).json();
    await api.post(`/api/v1/deals/${deal.id}/won`);
    // Several entries at the same instant, in January 2020: ties are broken by event id.
    const old = people.slice(0, 5).map((p) => p.id as string);
    await tenantSql(
      t,
      org.id,
      sql`update timeline_entries set occurred_at = '2020-01-15T10:00:00Z'
          where org_id = ${org.id}::uuid and contact_id = any(${`{${old.join(',')}}`}::uuid[])`,
    );

    const everything = await all(api, 'company', acme.id);
    expect(everything).toHaveLength(1 + 12 + 1 + 2);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: { data: Entry[]; next_cursor: string | null } = await page(
        api,
        'company',
        acme.id,
        `&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(p.data.length).toBeLessThanOrEqual(4);
      seen.push(...p.data.map((e) => e.id));
      cursor = p.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(everything.map((e) => e.id));

    const created = await all(api, 'company', acme.id, '&types=created');
    expect(created.map((e) => e.type)).toEqual(Array(14).fill('created'));
    const moves = await all(api, 'company', acme.id, '&types=stage_changed,status_changed');
    expect(moves.map((e) => e.type)).toEqual(['status_changed', 'stage_changed']);

    const january = await all(api, 'company', acme.id, '&from=2020-01-01&to=2020-01-15');
    expect(january.map((e) => e.record.id).sort()).toEqual([...old].sort());
    expect(await all(api, 'company', acme.id, '&from=2020-01-16T00:00:00Z&to=2020-12-31')).toEqual([]);
    expect(
      await all(api, 'company', acme.id, '&from=2020-01-15T10:00:00.000Z&to=2020-01-15T10:00:00.000Z'),
    ).toHaveLength(5);
    const recent = await all(api, 'company', acme.id, '&from=2021-01-01');
    expect(recent).toHaveLength(everything.length - 5);

    const badType = await api.get(`/api/v1/timeline?record_type=company&record_id=${acme.id}&types=created,nope`);
    expect(badType.statusCode).toBe(400);
    expect(issuePaths(badType)).toEqual(['query.types']);
    const badCursor = await api.get(`/api/v1/timeline?record_type=company&record_id=${acme.id}&cursor=abc`);
    expect(badCursor.statusCode).toBe(400);
    expect(issuePaths(badCursor)).toEqual(['query.cursor']);
    const badRange = await api.get(
      `/api/v1/timeline?record_type=company&record_id=${acme.id}&from=2020-02-01&to=2020-01-01`,
    );
    expect(issuePaths(badRange)).toEqual(['query.to']);
    const doc = (await api.get('/api/openapi.json')).json();
    const params = doc.paths['/api/v1/timeline'].get.parameters.map((x: { name: string }) => x.name);
    expect(params).toEqual(expect.arrayContaining(['record_type', 'record_id', 'types', 'from', 'to', 'cursor']));
    const badType2 = await api.get(`/api/v1/timeline?record_type=ticket&record_id=${acme.id}`);
    expect(issuePaths(badType2)).toEqual(['query.record_type']);
  });

  it("answers 404 for another organisation's or an invisible record; the roll-up leaves out what the caller may not see", async () => {
    const { user: owner, api } = await setup();
    const other = await ownerWithOrg(t.app);
    const foreign = (await as(t.app, other.user).post('/api/v1/deals', { name: 'Theirs' })).json();
    const res = await api.get(`/api/v1/timeline?record_type=deal&record_id=${foreign.id}`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
    expect((await api.get(`/api/v1/timeline?record_type=company&record_id=${foreign.id}`)).statusCode).toBe(404);

    expect((await api.patch('/api/v1/org', { record_visibility: 'private' })).statusCode).toBe(200);
    const rep = await addMember(t.app, owner, 'member');
    const repApi = as(t.app, rep);
    const shared = (await api.post('/api/v1/companies', { name: 'Shared Co', owner_id: null })).json();
    const ownersDeal = (await api.post('/api/v1/deals', { name: 'Owner deal', company_id: shared.id })).json();
    const repsDeal = (await repApi.post('/api/v1/deals', { name: 'Rep deal', company_id: shared.id })).json();
    expect(repsDeal.owner.id).toBe(rep.membershipId);

    expect(brief(await all(repApi, 'company', shared.id))).toEqual([
      'created@deal:Rep deal',
      'created@company:Shared Co',
    ]);
    expect(brief(await all(api, 'company', shared.id))).toEqual([
      'created@deal:Rep deal',
      'created@deal:Owner deal',
      'created@company:Shared Co',
    ]);
    expect((await repApi.get(`/api/v1/timeline?record_type=deal&record_id=${ownersDeal.id}`)).statusCode).toBe(404);
    await api.del(`/api/v1/deals/${repsDeal.id}`);
    expect(brief(await all(api, 'company', shared.id))).toEqual([
      'created@deal:Owner deal',
      'created@company:Shared Co',
    ]);
    expect((await api.get(`/api/v1/timeline?record_type=deal&record_id=${repsDeal.id}`)).statusCode).toBe(404);
  });

  it('logs owner changes (single and bulk) and stage moves of a stage deletion', async () => {
    const { user, api, stages, ownerMembershipId } = await setup();
    const rep = await addMember(t.app, user, 'member');
    const contact = (await api.post('/api/v1/contacts', { first_name: 'Cy' })).json();
    expect((await api.patch(`/api/v1/contacts/${contact.id}`, { owner_id: rep.membershipId })).statusCode).toBe(200);
    expect((await api.patch(`/api/v1/contacts/${contact.id}`, { job_title: 'CTO' })).statusCode).toBe(200);
    const owner = { id: ownerMembershipId, name: user.name };
    const repRef = { id: rep.membershipId, name: rep.name };
    expect((await all(api, 'contact', contact.id)).map((e) => [e.type, e.data])).toEqual([
      ['field_changed', { changes: [{ field: 'owner', from: owner, to: repRef }] }],
      ['created', { name: 'Cy' }],
    ]);

    const deals = [];
    for (const name of ['A', 'B', 'C']) {
      deals.push((await api.post('/api/v1/deals', { name, stage_id: stages['deals:Proposal']!.id })).json());
    }
    await api.patch(`/api/v1/deals/${deals[2].id}`, { owner_id: null });
    const bulk = await api.post('/api/v1/deals/bulk', {
      action: 'assign_owner',
      ids: deals.map((d) => d.id),
      owner_id: rep.membershipId,
    });
    expect(bulk.json()).toMatchObject({ succeeded: 3 });
    for (const [i, d] of deals.entries()) {
      const [latest] = await all(api, 'deal', d.id);
      expect(latest).toMatchObject({
        type: 'field_changed',
        data: { changes: [{ field: 'owner', from: i === 2 ? null : owner, to: repRef }] },
      });
    }
    // Assigning to the same owner again changes nothing and logs nothing.
    await api.post('/api/v1/deals/bulk', { action: 'assign_owner', ids: [deals[0].id], owner_id: rep.membershipId });
    expect(await all(api, 'deal', deals[0].id, '&types=field_changed')).toHaveLength(1);

    const pipelineId = stages['deals:Proposal']!.pipeline_id;
    const del = await api.del(
      `/api/v1/pipelines/${pipelineId}/stages/${stages['deals:Proposal']!.id}?move_to=${stages['deals:Negotiation']!.id}`,
    );
    expect(del.statusCode, del.body).toBe(204);
    for (const d of deals) {
      const [latest] = await all(api, 'deal', d.id);
      expect(latest).toMatchObject({
        type: 'stage_changed',
        actor: { id: user.id },
        data: {
          pipeline_id: pipelineId,
          from: { id: stages['deals:Proposal']!.id, name: 'Proposal' },
          to: { id: stages['deals:Negotiation']!.id, name: 'Negotiation' },
        },
      });
    }
  });

  it('shows activities and notes with their summaries, once per event on a roll-up', async () => {
    const { org, user, api, ownerMembershipId } = await setup();
    const acme = (await api.post('/api/v1/companies', { name: 'Acme' })).json();
    const deal = (await api.post('/api/v1/deals', { name: 'Deal', company_id: acme.id })).json();
    const activityId = uuidv7();
    const noteId = uuidv7();
    const due = new Date('2030-03-04T09:30:00.000Z');
    await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      await tx.execute(sql`insert into activities (org_id, id, type, subject, status, due_at, assignee_id, created_by)
        values (${org.id}::uuid, ${activityId}::uuid, 'call', 'Intro call', 'planned', ${due.toISOString()}::timestamptz,
                ${ownerMembershipId}::uuid, ${user.id}::uuid)`);
      await tx.execute(sql`insert into notes (org_id, id, body, pinned, author_id)
        values (${org.id}::uuid, ${noteId}::uuid, '<p>Hello</p>', true, ${user.id}::uuid)`);
      await syncSourceEntries(tx, {
        orgId: org.id,
        source: { type: 'activity', id: activityId },
        records: [
          { type: 'deal', id: deal.id },
          { type: 'company', id: acme.id },
        ],
        occurredAt: due,
        actorId: user.id,
      });
      await syncSourceEntries(tx, {
        orgId: org.id,
        source: { type: 'note', id: noteId },
        records: [{ type: 'deal', id: deal.id }],
        occurredAt: new Date('2001-01-01T00:00:00.000Z'),
        actorId: user.id,
      });
    });
    const company = await all(api, 'company', acme.id);
    expect(brief(company)).toEqual([
      'activity@company:Acme',
      'created@deal:Deal',
      'created@company:Acme',
      'note@deal:Deal',
    ]);
    expect(company[0]).toMatchObject({
      id: activityId,
      occurred_at: due.toISOString(),
      activity: {
        id: activityId,
        type: 'call',
        subject: 'Intro call',
        status: 'planned',
        due_at: due.toISOString(),
        completed_at: null,
        outcome: null,
        assignee: { id: ownerMembershipId, name: user.name },
      },
    });
    expect(company[0]!.note).toBeUndefined();
    expect(company[3]).toMatchObject({
      id: noteId,
      note: { id: noteId, body: '<p>Hello</p>', pinned: true, author: { id: user.id, name: user.name } },
    });
    expect(brief(await all(api, 'deal', deal.id, '&types=activity,note'))).toEqual([
      'activity@deal:Deal',
      'note@deal:Deal',
    ]);
    // PostgreSQL: the statement the service sends scans each rolled-up record's entries in the order of
    // timeline_entries_record_idx — a Limit straight over the index scan, no Sort of all its entries.
    if (t.database.kind !== 'pglite') {
      const actor = {
        orgId: org.id,
        userId: user.id,
        membershipId: ownerMembershipId,
        role: 'owner' as const,
        visibility: 'shared' as const,
        region: 'US',
      };
      // Result nodes (row-level security's one-time filter) may sit between the Limit and the scan.
      const below = (node: PlanNode): PlanNode =>
        node['Node Type'] === 'Result' && node.Plans?.length === 1 ? below(node.Plans[0]!) : node;
      // Filtered by type too: the type is in the index (INCLUDE), so it is still an index-only scan.
      for (const types of [undefined, ['note' as const]]) {
        const plan = await planOfLastStatement(t.database, org.id, (tx) =>
          timelinePage(tx, {
            actor,
            query: { record_type: 'company', record_id: acme.id, limit: 20, ...(types ? { types } : {}) },
          }),
        );
        const scans = planNodes(plan)
          .filter((n) => n['Node Type'] === 'Limit')
          .flatMap((n) => (n.Plans ?? []).map(below))
          .filter((c) => c['Index Name'] === 'timeline_entries_record_idx');
        expect(
          scans.map((c) => c['Node Type']),
          JSON.stringify(plan),
        ).toEqual(['Index Only Scan']);
      }
    }
  });

  it("gives the demo organisation's records their history as timeline entries, dated as the history", async () => {
    const tag = Math.random().toString(36).slice(2, 10);
    const domain = `demo-${tag}.test`;
    const orgId = await seedDemo(t.database.db, t.app.auth, { domain, slug: `demo-${tag}`, name: 'Demo' });
    expect(orgId).toBeTruthy();
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `demo@${domain}`, password: DEMO_PASSWORD },
    });
    const api = as(t.app, { cookie: sessionCookie(signIn) });

    const [won] = (await api.get('/api/v1/deals?status=won&limit=1')).json().data;
    const wonTimeline = await all(api, 'deal', won.id);
    // The newest status change (demo activities and notes may come later).
    const status = (entries: Entry[]) => entries.find((e) => e.type === 'status_changed');
    expect(status(wonTimeline)).toMatchObject({ type: 'status_changed', data: { from: 'open', to: 'won' } });
    expect(wonTimeline.at(-1)).toMatchObject({
      type: 'created',
      occurred_at: won.created_at,
      data: { name: won.name },
      record: { type: 'deal', id: won.id, name: won.name },
    });
    expect(wonTimeline.some((e) => e.type === 'stage_changed')).toBe(true);
    const times = wonTimeline.map((e) => Date.parse(e.occurred_at));
    expect(times.every((x) => x <= Date.now())).toBe(true);

    const [lost] = (await api.get('/api/v1/leads?status=lost&limit=1')).json().data;
    expect(status(await all(api, 'lead', lost.id))).toMatchObject({
      type: 'status_changed',
      data: { from: 'open', to: 'lost', reason: lost.lost_reason },
    });

    const [converted] = (await api.get('/api/v1/leads?status=converted&limit=1')).json().data;
    const company = await all(api, 'company', converted.converted_company.id);
    expect(company.filter((e) => e.type === 'converted')).toHaveLength(1);
    expect(company.at(-1)).toMatchObject({ type: 'created', record: { type: 'company' } });
  });
});
