import { sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { deal_contacts } from '../../db/schema/index.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  expectExactShape,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';
import { Board } from '@relata/shared';
import { insertDeal, insertLead } from '../../../test/board-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Amount = { currency: string; sum: number; weighted_sum: number };
type Card = { id: string; entity: string; name: string; [k: string]: unknown };
type Column = {
  stage: { id: string; name: string; record_count: number };
  count: number;
  amounts: Amount[];
  cards: Card[];
  next_cursor: string | null;
};
type BoardJson = { pipeline: { id: string; kind: string }; entity: string; columns: Column[] };
type PipelineJson = { id: string; kind: string; stages: Array<{ id: string; name: string }> };

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/**
 * Per stage: count and money of the live, non-abandoned deals (or live leads) matching `where`,
 * written directly in SQL, and the card ids in board order.
 */
async function expected(orgId: string, kind: 'leads' | 'deals', pipelineId: string, where: SQL = sql`true`) {
  const table = sql.raw(kind);
  const amount = sql.raw(kind === 'deals' ? 'r.amount' : 'r.expected_revenue_amount');
  const currency = sql.raw(kind === 'deals' ? 'r.currency' : 'r.expected_revenue_currency');
  const notAbandoned = kind === 'deals' ? sql`r.status <> 'abandoned'` : sql`true`;
  return withTenant(t.database.db, { orgId }, async (tx) => {
    const agg = rowsOf<{ stage_id: string; currency: string | null; n: number; s: string | null; w: string | null }>(
      await tx.execute(sql`
        select r.stage_id, ${currency} as currency, count(*)::int as n, sum(${amount})::text as s,
               round(sum(${amount} * coalesce(r.probability, st.probability)) / 100.0)::text as w
        from ${table} r join stages st on st.org_id = r.org_id and st.id = r.stage_id
        where r.org_id = ${orgId} and r.pipeline_id = ${pipelineId} and r.deleted_at is null and ${notAbandoned} and ${where}
        group by 1, 2`),
    );
    const ids = rowsOf<{ stage_id: string; id: string }>(
      await tx.execute(sql`
        select r.stage_id, r.id from ${table} r
        where r.org_id = ${orgId} and r.pipeline_id = ${pipelineId} and r.deleted_at is null and ${notAbandoned} and ${where}
        order by r.position collate "C", r.id`),
    );
    const out = new Map<string, { count: number; amounts: Amount[]; ids: string[] }>();
    const of = (stageId: string) => {
      if (!out.has(stageId)) out.set(stageId, { count: 0, amounts: [], ids: [] });
      return out.get(stageId)!;
    };
    for (const r of agg) {
      const s = of(r.stage_id);
      s.count += r.n;
      if (r.currency !== null && r.s !== null) {
        s.amounts.push({ currency: r.currency, sum: Number(r.s), weighted_sum: Number(r.w) });
      }
    }
    for (const s of out.values()) s.amounts.sort((a, b) => a.currency.localeCompare(b.currency));
    for (const r of ids) of(r.stage_id).ids.push(r.id);
    return out;
  });
}

/** Asserts every column of `board` against the direct SQL: count, money and (first page of) cards. */
async function expectBoardMatches(board: BoardJson, orgId: string, where?: SQL) {
  const want = await expected(orgId, board.pipeline.kind as 'leads' | 'deals', board.pipeline.id, where);
  for (const col of board.columns) {
    const w = want.get(col.stage.id) ?? { count: 0, amounts: [], ids: [] };
    expect(col.count, col.stage.name).toBe(w.count);
    expect(col.amounts, col.stage.name).toEqual(w.amounts);
    expect(
      col.cards.map((c) => c.id),
      col.stage.name,
    ).toEqual(w.ids.slice(0, col.cards.length));
    expect(col.cards.length, col.stage.name).toBe(Math.min(w.ids.length, 20));
    expect(col.next_cursor !== null, col.stage.name).toBe(w.ids.length > col.cards.length);
  }
}

async function membershipOf(api: ReturnType<typeof as>, email: string): Promise<string> {
  return (await api.get(`/api/v1/members?q=${encodeURIComponent(email)}`)).json().data[0].id;
}

/** An organisation with deals spread over stages, owners, currencies, tags and statuses. */
async function dealsOrg() {
  const { user, org } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  expect((await api.patch('/api/v1/org', { record_visibility: 'private' })).statusCode).toBe(200);
  const member = await addMember(t.app, user, 'member');
  const me = await membershipOf(api, user.email);
  const pipeline = ((await api.get('/api/v1/pipelines?kind=deals')).json().data as PipelineJson[])[0]!;
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
  const hot = (await api.post('/api/v1/tags', { name: 'hot' })).json().id as string;
  const company = (await api.post('/api/v1/companies', { name: 'Acme GmbH' })).json().id as string;
  const contact = (await api.post('/api/v1/contacts', { first_name: 'Grace', last_name: 'Hopper' })).json()
    .id as string;
  const deal = (d: Parameters<typeof insertDeal>[2]) => insertDeal(t.database, org.id, d);
  const base = { pipelineId: pipeline.id };
  // Qualification (10 %): hand-checkable money. EUR: 10005 × 10 % = 1000.5, 2000 × 25 % = 500 →
  // weighted 1500.5 → 1501; USD: 333 × 10 % = 33.3 → 33.
  const q = stage('Qualification');
  const star = await deal({
    ...base,
    stageId: q,
    name: 'Star deal',
    amount: 10005,
    ownerId: me,
    tagIds: [hot],
    companyId: company,
    stageEnteredAt: new Date(Date.now() - 3 * 86_400_000),
  });
  await deal({ ...base, stageId: q, name: 'Override', amount: 2000, probability: 25, ownerId: member.membershipId });
  await deal({ ...base, stageId: q, name: 'Dollar', amount: 333, currency: 'USD' });
  await deal({ ...base, stageId: q, name: 'Abandoned', amount: 99999, status: 'abandoned', ownerId: me });
  await deal({ ...base, stageId: q, name: 'Binned', amount: 77777, deleted: true });
  // Proposal: 27 cards for paging, some placed at the top, various owners and tags.
  const p = stage('Proposal');
  let last: string | undefined;
  for (let i = 0; i < 27; i++) {
    const owner = [me, member.membershipId, null][i % 3];
    const atTop = i % 5 === 0;
    const id = await deal({
      ...base,
      stageId: p,
      name: `Proposal ${String(i).padStart(2, '0')}${i % 4 === 0 ? ' widget' : ''}`,
      amount: 1000 + i * 37,
      currency: i % 2 ? 'EUR' : 'GBP',
      probability: i % 7 === 0 ? 65 : null,
      ownerId: owner ?? null,
      tagIds: i % 3 === 1 ? [hot] : [],
      afterId: atTop ? undefined : last,
    });
    if (!atTop) last = id;
  }
  // Won and lost deals show in their stages.
  await deal({ ...base, stageId: stage('Won'), name: 'Closed won', amount: 5000, status: 'won', ownerId: me });
  await deal({ ...base, stageId: stage('Lost'), name: 'Closed lost', amount: 700, status: 'lost' });
  await withTenant(t.database.db, { orgId: org.id }, (tx) =>
    tx
      .insert(deal_contacts)
      .values({ org_id: org.id, id: uuidv7(), record_id: star, contact_id: contact, is_primary: true }),
  );
  return { user, org, api, member, me, pipeline, stage, hot, company, contact, star };
}

describe('boards', () => {
  it('serves deal columns with counts and money equal to SQL, cards in board order', async () => {
    const ctx = await dealsOrg();
    const res = await ctx.api.get(`/api/v1/boards/${ctx.pipeline.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expectExactShape(Board, res.json());
    const board = res.json() as BoardJson;
    expect(board.entity).toBe('deal');
    expect(board.columns.map((c) => c.stage.name)).toEqual([
      'Qualification',
      'Needs analysis',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    await expectBoardMatches(board, ctx.org.id);

    const qual = board.columns[0]!;
    expect(qual.count).toBe(3);
    expect(qual.stage.record_count).toBe(4); // live deals, abandoned included
    expect(qual.amounts).toEqual([
      { currency: 'EUR', sum: 12005, weighted_sum: 1501 },
      { currency: 'USD', sum: 333, weighted_sum: 33 },
    ]);
    expect(board.columns[4]!.cards.map((c) => [c.name, c.status])).toEqual([['Closed won', 'won']]);
    expect(board.columns[5]!.cards.map((c) => [c.name, c.status])).toEqual([['Closed lost', 'lost']]);
    const proposal = board.columns[2]!;
    expect(proposal.count).toBe(27);
    expect(proposal.cards).toHaveLength(20);
    expect(proposal.next_cursor).not.toBeNull();

    const star = qual.cards.find((c) => c.id === ctx.star)!;
    expect(star).toEqual({
      id: ctx.star,
      entity: 'deal',
      stage_id: ctx.stage('Qualification'),
      name: 'Star deal',
      company: { id: ctx.company, name: 'Acme GmbH' },
      company_name: null,
      amount: { amount: 10005, currency: 'EUR' },
      probability: 10,
      owner_id: ctx.me,
      owner: { id: ctx.me, name: ctx.user.name },
      primary_contact: { id: ctx.contact, name: 'Grace Hopper' },
      tags: [{ id: ctx.hot, name: 'hot', color: '#868e96' }],
      stage_entered_at: expect.any(String),
      days_in_stage: 3,
      status: 'open',
      position: expect.any(String),
      version: 1,
      expected_close_date: null,
      next_follow_up_at: null,
    });
    expect(qual.cards.find((c) => c.name === 'Override')!.probability).toBe(25);
    expect(qual.cards.map((c) => c.name)).not.toContain('Abandoned');
  });

  it('pages one column with its cursor until exhausted, without duplicates', async () => {
    const ctx = await dealsOrg();
    const p = ctx.stage('Proposal');
    const want = (await expected(ctx.org.id, 'deals', ctx.pipeline.id)).get(p)!;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/boards/${ctx.pipeline.id}?stage_id=${p}&limit=6${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await ctx.api.get(url);
      expect(res.statusCode, res.body).toBe(200);
      expectExactShape(Board, res.json());
      const board = res.json() as BoardJson;
      expect(board.columns).toHaveLength(1);
      const col = board.columns[0]!;
      expect(col.stage.id).toBe(p);
      expect(col.count).toBe(27);
      expect(col.amounts).toEqual(want.amounts);
      seen.push(...col.cards.map((c) => c.id));
      cursor = col.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(want.ids);

    const bad = await ctx.api.get(`/api/v1/boards/${ctx.pipeline.id}?stage_id=${p}&cursor=not-a-cursor`);
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(['query.cursor']);
    const noStage = await ctx.api.get(`/api/v1/boards/${ctx.pipeline.id}?cursor=${'x'.repeat(10)}`);
    expect(issuePaths(noStage)).toEqual(['query.cursor']);
    for (const q of ['limit=0', 'limit=101', 'owner_id=someone', 'tag_id=1', 'stage_id=x', 'sort=name']) {
      const res = await ctx.api.get(`/api/v1/boards/${ctx.pipeline.id}?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(errorOf(res).code).toBe('validation_error');
    }
    const leadsPipeline = ((await ctx.api.get('/api/v1/pipelines?kind=leads')).json().data as PipelineJson[])[0]!;
    expect(
      (await ctx.api.get(`/api/v1/boards/${ctx.pipeline.id}?stage_id=${leadsPipeline.stages[0]!.id}`)).statusCode,
    ).toBe(404);
    expect((await ctx.api.get(`/api/v1/boards/${uuidv7()}`)).statusCode).toBe(404);
  });

  it('filters by owner (me, none, id), tag and text, with counts and sums matching the cards', async () => {
    const ctx = await dealsOrg();
    const url = `/api/v1/boards/${ctx.pipeline.id}`;
    const cases: Array<[string, SQL]> = [
      ['owner_id=me', sql`r.owner_id = ${ctx.me}`],
      ['owner_id=none', sql`r.owner_id is null`],
      [`owner_id=${ctx.member.membershipId}`, sql`r.owner_id = ${ctx.member.membershipId}`],
      [
        `tag_id=${ctx.hot}`,
        sql`exists (select 1 from deal_tags l where l.org_id = r.org_id and l.deal_id = r.id and l.tag_id = ${ctx.hot})`,
      ],
      ['q=WIDGET', sql`lower(r.name) like '%widget%'`],
      [`q=proposal&owner_id=none`, sql`lower(r.name) like '%proposal%' and r.owner_id is null`],
    ];
    for (const [query, where] of cases) {
      const res = await ctx.api.get(`${url}?${query}`);
      expect(res.statusCode, query).toBe(200);
      const board = res.json() as BoardJson;
      expect(
        board.columns.reduce((n, c) => n + c.count, 0),
        query,
      ).toBeGreaterThan(0);
      await expectBoardMatches(board, ctx.org.id, where);
    }
  });

  it('shows a member under the private rule only their own and unassigned deals, in counts and sums too', async () => {
    const ctx = await dealsOrg();
    const member = as(t.app, ctx.member);
    const res = await member.get(`/api/v1/boards/${ctx.pipeline.id}`);
    expect(res.statusCode).toBe(200);
    const board = res.json() as BoardJson;
    const mine = sql`(r.owner_id = ${ctx.member.membershipId} or r.owner_id is null)`;
    await expectBoardMatches(board, ctx.org.id, mine);
    const cards = board.columns.flatMap((c) => c.cards);
    expect(cards.every((c) => c.owner_id === null || c.owner_id === ctx.member.membershipId)).toBe(true);
    expect(cards.map((c) => c.name)).not.toContain('Star deal');
    // owner_id=me for the member is their own deals only.
    const own = (await member.get(`/api/v1/boards/${ctx.pipeline.id}?owner_id=me`)).json() as BoardJson;
    await expectBoardMatches(own, ctx.org.id, sql`r.owner_id = ${ctx.member.membershipId}`);
    // Under the shared rule the member sees everything.
    expect((await ctx.api.patch('/api/v1/org', { record_visibility: 'shared' })).statusCode).toBe(200);
    const all = (await member.get(`/api/v1/boards/${ctx.pipeline.id}`)).json() as BoardJson;
    await expectBoardMatches(all, ctx.org.id);
  });

  it('serves lead boards: every live lead in its stage, expected revenue weighted by probability', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const me = await membershipOf(api, user.email);
    const pipeline = ((await api.get('/api/v1/pipelines?kind=leads')).json().data as PipelineJson[])[0]!;
    const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
    const lead = (l: Parameters<typeof insertLead>[2]) => insertLead(t.database, org.id, l);
    const base = { pipelineId: pipeline.id };
    // New (10 %): 1005 × 10 % = 100.5 and 995 × 50 % = 497.5 → 598 EUR; no amount → not in sums.
    const a = await lead({
      ...base,
      stageId: stage('New'),
      title: 'Alpha',
      companyName: 'Alpha Ltd',
      amount: 1005,
      currency: 'EUR',
      ownerId: me,
    });
    await lead({
      ...base,
      stageId: stage('New'),
      title: 'Beta',
      amount: 995,
      currency: 'EUR',
      probability: 50,
      afterId: a,
    });
    await lead({ ...base, stageId: stage('New'), title: 'Gamma' });
    await lead({ ...base, stageId: stage('New'), title: 'Deleted', amount: 5, currency: 'EUR', deleted: true });
    await lead({ ...base, stageId: stage('Qualified'), title: 'Converted', amount: 300, currency: 'USD' });
    const res = await api.get(`/api/v1/boards/${pipeline.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expectExactShape(Board, res.json());
    const board = res.json() as BoardJson;
    expect(board.entity).toBe('lead');
    await expectBoardMatches(board, org.id);
    const col = board.columns[0]!;
    expect(col).toMatchObject({ count: 3, amounts: [{ currency: 'EUR', sum: 2000, weighted_sum: 598 }] });
    expect(col.cards.map((c) => c.name)).toEqual(['Gamma', 'Alpha', 'Beta']);
    expect(col.cards[1]).toMatchObject({
      entity: 'lead',
      company: null,
      company_name: 'Alpha Ltd',
      amount: { amount: 1005, currency: 'EUR' },
      probability: 10,
      owner: { id: me, name: user.name },
      days_in_stage: 0,
      expected_close_date: null,
      next_follow_up_at: null,
    });
    expect(col.cards[0]!.amount).toBeNull();
    const qualified = board.columns.find((c) => c.stage.name === 'Qualified')!;
    expect(qualified.amounts).toEqual([{ currency: 'USD', sum: 300, weighted_sum: 300 }]);
    const filtered = (await api.get(`/api/v1/boards/${pipeline.id}?q=alpha`)).json() as BoardJson;
    await expectBoardMatches(
      filtered,
      org.id,
      sql`lower(r.title || ' ' || coalesce(r.company_name, '')) like '%alpha%'`,
    );
    expect(filtered.columns[0]!.cards.map((c) => c.name)).toEqual(['Alpha']);
  });
});
