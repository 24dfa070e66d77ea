import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { DEFAULT_DEAL_STAGES, insertPipeline } from '../pipelines/pipelines.defaults.js';
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

type Api = ReturnType<typeof as>;
interface StageRow {
  id: string;
  name: string;
  kind: string;
  pipeline_id: string;
}

/** The organisation's stages by name (default deals pipeline unless `pipelineId`). */
async function stagesByName(orgId: string, pipelineId?: string) {
  const rows = await withTenant(t.database.db, { orgId }, async (tx) => {
    const res = await tx.execute(sql`select s.id, s.name, s.kind, s.pipeline_id from stages s
      join pipelines p on p.org_id = s.org_id and p.id = s.pipeline_id
      where s.org_id = ${orgId}::uuid and p.kind = 'deals'
        and ${pipelineId ? sql`p.id = ${pipelineId}::uuid` : sql`p.is_default`}
      order by s.position`);
    return (res as unknown as { rows: StageRow[] }).rows;
  });
  return new Map(rows.map((r) => [r.name, r]));
}

/** A second deals pipeline (optionally without won/lost stages), made the way the pipelines module does. */
async function extraPipeline(orgId: string, opts: { closing?: boolean; kind?: 'leads' | 'deals' } = {}) {
  const stages = opts.closing === false ? DEFAULT_DEAL_STAGES.filter((s) => s.kind === 'open') : DEFAULT_DEAL_STAGES;
  return withTenant(t.database.db, { orgId }, (tx) =>
    insertPipeline(tx, {
      orgId,
      kind: opts.kind ?? 'deals',
      name: `Extra ${Math.random().toString(36).slice(2, 8)}`,
      isDefault: false,
      stages,
    }),
  );
}

async function history(orgId: string, dealId: string) {
  return withTenant(t.database.db, { orgId }, async (tx) => {
    const res = await tx.execute(sql`select from_stage_id, to_stage_id, from_status, to_status
      from stage_history where org_id = ${orgId}::uuid and deal_id = ${dealId}::uuid order by changed_at, id`);
    return (res as unknown as { rows: Array<Record<string, string | null>> }).rows;
  });
}

async function setup(): Promise<{ user: TestUser; org: { id: string }; api: Api; stages: Map<string, StageRow> }> {
  const { user, org } = await ownerWithOrg(t.app);
  return { user, org, api: as(t.app, user), stages: await stagesByName(org.id) };
}

describe('deals', () => {
  it('creates a deal with defaults, its first stage-history row and the effective probability', async () => {
    const { user, org, api, stages } = await setup();
    const co = (await api.post('/api/v1/companies', { name: 'Acme' })).json();
    const a = (await api.post('/api/v1/contacts', { first_name: 'Ada', last_name: 'L' })).json();
    const b = (await api.post('/api/v1/contacts', { first_name: 'Bob' })).json();
    const tag = (await api.post('/api/v1/tags', { name: 'Hot' })).json();
    const res = await api.post('/api/v1/deals', {
      name: ' Big one ',
      company_id: co.id,
      contact_ids: [a.id, b.id],
      primary_contact_id: b.id,
      amount: { amount: 1_250_00, currency: 'eur' },
      expected_close_date: '2030-06-30',
      type: 'new_business',
      priority: 'high',
      tag_ids: [tag.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const deal = res.json();
    expect(deal).toMatchObject({
      name: 'Big one',
      company: { id: co.id, name: 'Acme' },
      contacts: [
        { id: b.id, name: 'Bob', is_primary: true },
        { id: a.id, name: 'Ada L', is_primary: false },
      ],
      pipeline: { name: 'Sales' },
      stage: { id: stages.get('Qualification')!.id, name: 'Qualification', kind: 'open' },
      amount: { amount: 125000, currency: 'EUR' },
      probability: 10,
      probability_override: null,
      expected_close_date: '2030-06-30',
      status: 'open',
      type: 'new_business',
      priority: 'high',
      owner: { name: user.name },
      won_at: null,
      closed_at: null,
      source_lead_id: null,
      days_in_stage: 0,
      tags: [{ id: tag.id, name: 'Hot' }],
      version: 1,
    });
    expect(await history(org.id, deal.id)).toEqual([
      { from_stage_id: null, to_stage_id: deal.stage_id, from_status: null, to_status: 'open' },
    ]);

    const plain = (await api.post('/api/v1/deals', { name: 'Plain', probability: 35 })).json();
    expect(plain).toMatchObject({ amount: { amount: 0, currency: 'USD' }, probability: 35, probability_override: 35 });
    // The newest card sits on top of its column.
    expect(plain.position < deal.position).toBe(true);
    const cleared = (await api.patch(`/api/v1/deals/${plain.id}`, { probability: null })).json();
    expect(cleared).toMatchObject({ probability: 10, probability_override: null, version: 2 });

    // Contacts: replace the set; the primary stays when still linked, else the first one.
    const c = (await api.post('/api/v1/contacts', { first_name: 'Cy' })).json();
    const swapped = (await api.patch(`/api/v1/deals/${deal.id}`, { contact_ids: [c.id, b.id] })).json();
    expect(swapped.contacts).toEqual([
      { id: b.id, name: 'Bob', is_primary: true },
      { id: c.id, name: 'Cy', is_primary: false },
    ]);
    const primary = (await api.patch(`/api/v1/deals/${deal.id}`, { primary_contact_id: c.id })).json();
    expect(primary.contacts[0]).toEqual({ id: c.id, name: 'Cy', is_primary: true });
    const outsider = await api.patch(`/api/v1/deals/${deal.id}`, { primary_contact_id: a.id });
    expect(outsider.statusCode).toBe(400);
    expect(issuePaths(outsider)).toEqual(['body.primary_contact_id']);
    expect(ids(await api.get(`/api/v1/deals?contact_id=${c.id}`))).toEqual([deal.id]);
  });

  it('refuses bad input: money, currency, stages of other pipelines, other organisations’ ids', async () => {
    const { org, api, stages } = await setup();
    const { user: stranger, org: otherOrg } = await ownerWithOrg(t.app);
    const theirs = as(t.app, stranger);
    const theirStage = (await stagesByName(otherOrg.id)).get('Proposal')!;
    const theirCompany = (await theirs.post('/api/v1/companies', { name: 'Theirs' })).json();
    const theirContact = (await theirs.post('/api/v1/contacts', { first_name: 'Them' })).json();
    const extra = await extraPipeline(org.id);
    const leadsPipeline = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      const res = await tx.execute(sql`select id from pipelines where org_id = ${org.id}::uuid and kind = 'leads'`);
      return (res as unknown as { rows: Array<{ id: string }> }).rows;
    });

    for (const [payload, path] of [
      [{ name: 'X', amount: { amount: 10.5, currency: 'EUR' } }, 'body.amount.amount'],
      [{ name: 'X', amount: { amount: -1, currency: 'EUR' } }, 'body.amount.amount'],
      [{ name: 'X', amount: { amount: 10, currency: 'ABC' } }, 'body.amount.currency'],
      [{ name: 'X', amount: { amount: 10, currency: 'EURO' } }, 'body.amount.currency'],
      [{ name: 'X', amount: { amount: 10 } }, 'body.amount.currency'],
      [{ name: 'X', probability: 101 }, 'body.probability'],
      [{ name: 'X', expected_close_date: '2030-02-30' }, 'body.expected_close_date'],
      [{ name: 'X', status: 'won' }, 'body.status'],
      [{ name: 'X', type: 'other' }, 'body.type'],
      [{ name: '' }, 'body.name'],
      [{ name: 'X', contact_ids: [theirContact.id], primary_contact_id: theirCompany.id }, 'body.primary_contact_id'],
    ] as const) {
      const res = await api.post('/api/v1/deals', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(issuePaths(res), JSON.stringify(payload)).toContain(path);
    }
    for (const payload of [
      { name: 'X', stage_id: theirStage.id },
      { name: 'X', company_id: theirCompany.id },
      { name: 'X', contact_ids: [theirContact.id] },
      { name: 'X', pipeline_id: theirStage.pipeline_id },
    ]) {
      const res = await api.post('/api/v1/deals', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(404);
      expect(res.body).not.toContain('Theirs');
    }
    const wrongPipeline = await api.post('/api/v1/deals', {
      name: 'X',
      pipeline_id: extra.id,
      stage_id: stages.get('Proposal')!.id,
    });
    expect(wrongPipeline.statusCode).toBe(422);
    expect(errorOf(wrongPipeline).details).toMatchObject({ field: 'body.stage_id' });
    expect((await api.post('/api/v1/deals', { name: 'X', pipeline_id: leadsPipeline[0]!.id })).statusCode).toBe(422);

    // A stage alone implies its pipeline; moving into another pipeline's stage is refused.
    const inExtra = (await api.post('/api/v1/deals', { name: 'Extra', stage_id: extra.stages[1]!.id })).json();
    expect(inExtra).toMatchObject({ pipeline_id: extra.id, stage: { name: 'Needs analysis' } });
    const across = await api.post(`/api/v1/deals/${inExtra.id}/move`, { stage_id: stages.get('Proposal')!.id });
    expect(across.statusCode).toBe(422);
    const foreignMove = await api.post(`/api/v1/deals/${inExtra.id}/move`, { stage_id: theirStage.id });
    expect(foreignMove.statusCode).toBe(404);
    const patchAcross = await api.patch(`/api/v1/deals/${inExtra.id}`, { stage_id: stages.get('Proposal')!.id });
    expect(patchAcross.statusCode).toBe(422);
    // PATCH changes pipeline and stage together.
    const moved = await api.patch(`/api/v1/deals/${inExtra.id}`, {
      pipeline_id: stages.get('Proposal')!.pipeline_id,
      stage_id: stages.get('Proposal')!.id,
    });
    expect(moved.json()).toMatchObject({ pipeline: { name: 'Sales' }, stage: { name: 'Proposal' }, probability: 50 });
    expect((await history(org.id, inExtra.id)).map((h) => h.to_stage_id)).toEqual([
      extra.stages[1]!.id,
      stages.get('Proposal')!.id,
    ]);
    // Nothing of the other organisation is reachable by id.
    expect((await theirs.get(`/api/v1/deals/${inExtra.id}`)).statusCode).toBe(404);
    expect((await theirs.post(`/api/v1/deals/${inExtra.id}/won`)).statusCode).toBe(404);
  });

  it('moves across and within columns; status follows the stage; history records every change', async () => {
    const { org, api, stages } = await setup();
    const create = async (name: string) => (await api.post('/api/v1/deals', { name })).json();
    const a = await create('A');
    const b = await create('B');
    const c = await create('C');
    const proposal = stages.get('Proposal')!.id;
    const column = async (stageId: string) =>
      (
        (await api.get(`/api/v1/deals?stage_id=${stageId}&limit=100`)).json().data as Array<{
          id: string;
          position: string;
        }>
      )
        .sort((x, y) => (x.position < y.position ? -1 : x.position > y.position ? 1 : 0))
        .map((d) => d.id);
    expect(await column(stages.get('Qualification')!.id)).toEqual([c.id, b.id, a.id]);

    const m1 = await api.post(`/api/v1/deals/${a.id}/move`, { stage_id: proposal });
    expect(m1.json()).toMatchObject({ stage: { name: 'Proposal' }, probability: 50, version: 2, status: 'open' });
    await api.post(`/api/v1/deals/${b.id}/move`, { stage_id: proposal, after_id: a.id });
    await api.post(`/api/v1/deals/${c.id}/move`, { stage_id: proposal, before_id: b.id });
    expect(await column(proposal)).toEqual([a.id, c.id, b.id]);
    // A reorder within the column writes no history.
    const reorder = await api.post(`/api/v1/deals/${b.id}/move`, { stage_id: proposal, before_id: a.id });
    expect(reorder.json().version).toBe(3);
    expect(await column(proposal)).toEqual([b.id, a.id, c.id]);
    expect(await history(org.id, b.id)).toHaveLength(2);
    const badAnchor = await api.post(`/api/v1/deals/${b.id}/move`, { stage_id: proposal, before_id: b.id });
    expect(badAnchor.statusCode).toBe(422);
    const twoAnchors = await api.post(`/api/v1/deals/${b.id}/move`, {
      stage_id: proposal,
      before_id: a.id,
      after_id: c.id,
    });
    expect(twoAnchors.statusCode).toBe(400);

    // Dragging into the won column wins; into the lost column loses; back to an open stage reopens.
    const won = (await api.post(`/api/v1/deals/${a.id}/move`, { stage_id: stages.get('Won')!.id })).json();
    expect(won).toMatchObject({ status: 'won', probability: 100 });
    expect(won.won_at).not.toBeNull();
    expect(won.closed_at).toBe(won.won_at);
    const lost = (
      await api.post(`/api/v1/deals/${a.id}/move`, { stage_id: stages.get('Lost')!.id, lost_reason: 'Budget' })
    ).json();
    expect(lost).toMatchObject({ status: 'lost', won_at: null, lost_reason: 'Budget' });
    const reasonOpen = await api.post(`/api/v1/deals/${a.id}/move`, { stage_id: proposal, lost_reason: 'x' });
    expect(reasonOpen.statusCode).toBe(422);
    const back = (await api.post(`/api/v1/deals/${a.id}/move`, { stage_id: proposal })).json();
    expect(back).toMatchObject({ status: 'open', won_at: null, closed_at: null, lost_reason: null });
    expect((await history(org.id, a.id)).map((h) => `${h.from_status}>${h.to_status}`)).toEqual([
      'null>open',
      'open>open',
      'open>won',
      'won>lost',
      'lost>open',
    ]);
    expect(ids(await api.get('/api/v1/deals?status=open&sort=name'))).toEqual([a.id, b.id, c.id]);
  });

  it('runs the status transitions and refuses illegal ones with 422 naming both states', async () => {
    const { org, api, stages } = await setup();
    const d = (await api.post('/api/v1/deals', { name: 'D', amount: { amount: 500, currency: 'GBP' } })).json();
    await api.post(`/api/v1/deals/${d.id}/move`, { stage_id: stages.get('Negotiation')!.id });

    const won = await api.post(`/api/v1/deals/${d.id}/won`);
    expect(won.json()).toMatchObject({ status: 'won', stage: { kind: 'won', name: 'Won' } });
    const again = await api.post(`/api/v1/deals/${d.id}/won`);
    expect(again.statusCode).toBe(422);
    expect(errorOf(again).message).toBe('The deal is already won');
    const abandonWon = await api.post(`/api/v1/deals/${d.id}/abandon`);
    expect(errorOf(abandonWon).message).toBe('A won deal cannot be abandoned; reopen it first');
    expect((await api.post(`/api/v1/deals/${d.id}/lost`, { reason: 'x' })).statusCode).toBe(422);

    // Reopening a won deal puts it in the last open stage.
    const reopened = (await api.post(`/api/v1/deals/${d.id}/reopen`)).json();
    expect(reopened).toMatchObject({ status: 'open', stage: { name: 'Negotiation' }, won_at: null, closed_at: null });
    expect(errorOf(await api.post(`/api/v1/deals/${d.id}/reopen`)).message).toBe(
      'An open deal cannot be reopened; it is not closed',
    );
    const noReason = await api.post(`/api/v1/deals/${d.id}/lost`, {});
    expect(noReason.statusCode).toBe(400);
    expect(issuePaths(noReason)).toEqual(['body.reason']);
    expect((await api.post(`/api/v1/deals/${d.id}/lost`, { reason: 'x'.repeat(501) })).statusCode).toBe(400);
    const lost = (await api.post(`/api/v1/deals/${d.id}/lost`, { reason: ' Too expensive ' })).json();
    expect(lost).toMatchObject({ status: 'lost', lost_reason: 'Too expensive', stage: { name: 'Lost' } });
    expect(errorOf(await api.post(`/api/v1/deals/${d.id}/won`)).message).toBe(
      'A lost deal cannot be won; reopen it first',
    );
    await api.post(`/api/v1/deals/${d.id}/reopen`);

    // Abandoning keeps the stage; reopening an abandoned deal keeps it too.
    const abandoned = (await api.post(`/api/v1/deals/${d.id}/abandon`)).json();
    expect(abandoned).toMatchObject({ status: 'abandoned', stage: { name: 'Negotiation' } });
    expect(abandoned.closed_at).not.toBeNull();
    expect(errorOf(await api.post(`/api/v1/deals/${d.id}/won`)).message).toBe(
      'An abandoned deal cannot be won; reopen it first',
    );
    const back = (await api.post(`/api/v1/deals/${d.id}/reopen`)).json();
    expect(back).toMatchObject({ status: 'open', stage: { name: 'Negotiation' }, closed_at: null });
    expect((await history(org.id, d.id)).map((h) => `${h.from_status}>${h.to_status}`)).toEqual([
      'null>open',
      'open>open',
      'open>won',
      'won>open',
      'open>lost',
      'lost>open',
      'open>abandoned',
      'abandoned>open',
    ]);

    // A pipeline without won/lost stages refuses won and lost.
    const bare = await extraPipeline(org.id, { closing: false });
    const e = (await api.post('/api/v1/deals', { name: 'E', pipeline_id: bare.id })).json();
    expect(e.stage.id).toBe(bare.stages[0]!.id);
    const noWon = await api.post(`/api/v1/deals/${e.id}/won`);
    expect(noWon.statusCode).toBe(422);
    expect(errorOf(noWon).message).toBe('The pipeline has no won stage');
    expect((await api.post(`/api/v1/deals/${e.id}/lost`, { reason: 'r' })).statusCode).toBe(422);
  });

  it('honours If-Match on updates and moves (412 when stale)', async () => {
    const { api, stages } = await setup();
    const d = (await api.post('/api/v1/deals', { name: 'V' })).json();
    const ok = await api.patch(`/api/v1/deals/${d.id}`, { name: 'V2' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await api.post(
      `/api/v1/deals/${d.id}/move`,
      { stage_id: stages.get('Proposal')!.id },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale).details).toMatchObject({ current_version: 2 });
    expect((await api.patch(`/api/v1/deals/${d.id}`, { name: 'V3' }, { 'if-match': '1' })).statusCode).toBe(412);
    expect((await api.post(`/api/v1/deals/${d.id}/won`, {}, { 'if-match': '"1"' })).statusCode).toBe(412);
    const moved = await api.post(
      `/api/v1/deals/${d.id}/move`,
      { stage_id: stages.get('Proposal')!.id },
      { 'if-match': '"2"' },
    );
    expect(moved.json()).toMatchObject({ version: 3, stage: { name: 'Proposal' } });
  });

  it('under the private rule members cannot see or move other members’ deals (404)', async () => {
    const { user: owner, org } = await ownerWithOrg(t.app);
    const stages = await stagesByName(org.id);
    const m1 = await addMember(t.app, owner, 'member');
    const m2 = await addMember(t.app, owner, 'member');
    const mine = (await as(t.app, m1).post('/api/v1/deals', { name: 'Mine' })).json();
    const open = (await as(t.app, owner).post('/api/v1/deals', { name: 'Open', owner_id: null })).json();
    expect(mine.owner_id).toBe(m1.membershipId);
    const other = as(t.app, m2);
    const proposal = stages.get('Proposal')!.id;
    expect((await other.get(`/api/v1/deals/${mine.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/deals/${mine.id}/move`, { stage_id: proposal })).statusCode).toBe(404);
    expect((await other.post(`/api/v1/deals/${mine.id}/won`)).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/deals/${mine.id}`, { name: 'Hacked' })).statusCode).toBe(404);
    expect((await other.del(`/api/v1/deals/${mine.id}`)).statusCode).toBe(404);
    // Nor use it as an anchor on the board.
    await other.post(`/api/v1/deals/${open.id}/move`, { stage_id: stages.get('Qualification')!.id });
    const anchored = await other.post(`/api/v1/deals/${open.id}/move`, {
      stage_id: stages.get('Qualification')!.id,
      after_id: mine.id,
    });
    expect(anchored.statusCode).toBe(422);
    expect(ids(await other.get('/api/v1/deals'))).toEqual([open.id]);
    expect((await other.get('/api/v1/deals/count')).json().total).toBe(1);
    expect((await other.post(`/api/v1/deals/${open.id}/move`, { stage_id: proposal })).statusCode).toBe(200);
    expect((await as(t.app, m1).get(`/api/v1/deals/${mine.id}`)).json().stage.name).toBe('Qualification');
  });

  it('filters, sorts and pages; counts the same filter', async () => {
    const { api, stages } = await setup();
    const co = (await api.post('/api/v1/companies', { name: 'Acme' })).json();
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        (
          await api.post('/api/v1/deals', {
            name: `Deal ${i}`,
            amount: { amount: i * 1000, currency: i % 2 ? 'EUR' : 'USD' },
            expected_close_date: i % 3 ? `2030-0${i + 1}-15` : null,
            priority: i % 2 ? 'high' : 'low',
            company_id: i < 3 ? co.id : null,
            type: 'renewal',
          })
        ).json(),
      );
    }
    const seen: string[] = [];
    let url = '/api/v1/deals?limit=3&sort=-amount';
    for (;;) {
      const page = (await api.get(url)).json();
      seen.push(...page.data.map((d: { name: string }) => d.name));
      if (!page.next_cursor) break;
      url = `/api/v1/deals?limit=3&sort=-amount&cursor=${page.next_cursor}`;
    }
    expect(seen).toEqual(['Deal 6', 'Deal 5', 'Deal 4', 'Deal 3', 'Deal 2', 'Deal 1', 'Deal 0']);
    const closes = (await api.get('/api/v1/deals?sort=expected_close_date&limit=100')).json().data;
    expect(closes.map((d: { expected_close_date: string | null }) => d.expected_close_date)).toEqual([
      '2030-02-15',
      '2030-03-15',
      '2030-05-15',
      '2030-06-15',
      null,
      null,
      null,
    ]);
    const count = async (qs: string) => (await api.get(`/api/v1/deals/count?${qs}`)).json().total;
    expect(await count('amount_min=2000&amount_max=4000')).toBe(3);
    expect(await count('currency=eur&amount_min=2000')).toBe(2);
    expect(await count(`company_id=${co.id}`)).toBe(3);
    expect(await count('priority=high')).toBe(3);
    expect(await count('type=renewal&status=open')).toBe(7);
    expect(await count(`stage_id=${stages.get('Qualification')!.id}`)).toBe(7);
    expect(await count('expected_close_from=2030-03-01&expected_close_to=2030-05-15')).toBe(2);
    expect(await count('q=deal 3')).toBe(1);
    const bad = await api.get('/api/v1/deals/count?amount_min=10&amount_max=5');
    expect(bad.statusCode).toBe(400);
    expect((await api.get('/api/v1/deals?sort=status')).statusCode).toBe(400);
    expect((await api.get('/api/v1/deals?amount_min=1.5')).statusCode).toBe(400);
  });

  it('soft deletes and restores to the top of the column; bulk actions with ids or the filter', async () => {
    const { user, api, stages } = await setup();
    const rep = await addMember(t.app, user, 'member');
    const tag = (await api.post('/api/v1/tags', { name: 'Q3' })).json();
    const ds = [];
    for (const n of ['A', 'B', 'C']) ds.push((await api.post('/api/v1/deals', { name: n })).json());
    await api.del(`/api/v1/deals/${ds[1].id}`);
    expect(idsOf(await api.get('/api/v1/deals/deleted'))).toEqual([ds[1].id]);
    // A card placed where the deleted one was gets its very key; the restore must not bring a twin back.
    const d = (
      await api.post(`/api/v1/deals/${ds[0].id}/move`, {
        stage_id: stages.get('Qualification')!.id,
        after_id: ds[2].id,
      })
    ).json();
    expect(d.position).toBe(ds[1].position);
    const restored = (await api.post(`/api/v1/deals/${ds[1].id}/restore`)).json();
    const column = (await api.get(`/api/v1/deals?stage_id=${stages.get('Qualification')!.id}`)).json().data;
    expect(new Set(column.map((x: { position: string }) => x.position)).size).toBe(3);
    expect(column.every((x: { position: string }) => restored.position <= x.position)).toBe(true);

    const tagged = await api.post('/api/v1/deals/bulk', { action: 'add_tags', filter: { q: 'a' }, tag_ids: [tag.id] });
    expect(tagged.json()).toMatchObject({ succeeded: 1 });
    const assigned = await api.post('/api/v1/deals/bulk', {
      action: 'assign_owner',
      ids: ds.map((x) => x.id),
      owner_id: rep.membershipId,
    });
    expect(assigned.json()).toMatchObject({ succeeded: 3, failed: 0 });
    expect(await api.get(`/api/v1/deals/count?owner_id=${rep.membershipId}`).then((r) => r.json().total)).toBe(3);
    const del = await api.post('/api/v1/deals/bulk', { action: 'delete', filter: { tag_id: tag.id } });
    expect(del.json()).toMatchObject({ succeeded: 1, results: [{ id: ds[0].id, ok: true }] });
    const back = await api.post('/api/v1/deals/bulk', { action: 'restore', ids: [ds[0].id] });
    expect(back.json()).toMatchObject({ succeeded: 1 });
    expect((await api.get(`/api/v1/deals/${ds[0].id}`)).json().tags).toEqual([expect.objectContaining({ id: tag.id })]);
  });
});

const ids = idsOf;
