/**
 * Analytics routes through app.inject(): validation, scope, drill-down totals, CSV, money conversion.
 * The hand-computed figures of a large dataset live in analytics.handbuilt.test.ts; this file checks
 * the route behaviour on small data, with a custom period around today (UTC) so deals won, lost or
 * created during the test fall in the current period.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalyticsDistribution,
  AnalyticsForecast,
  AnalyticsReasons,
  AnalyticsRecords,
  AnalyticsReps,
} from '@relata/shared';
import { withTenant } from '../../db/tenant.js';
import { resolvePeriod } from './period.js';
import { analyticsRecordsForCsv } from './records.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  expectExactShape,
  issuePaths,
  ownerWithOrg,
  type TestApp,
  type TestUser,
} from '../../../test/helpers.js';

let t: TestApp;
type Api = ReturnType<typeof as>;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** A 3-day custom period around today (UTC): its previous period is the 3 days before. */
const PERIOD = `period=custom&from=${day(-1)}&to=${day(1)}`;

async function deal(api: Api, body: Record<string, unknown>): Promise<string> {
  const res = await api.post('/api/v1/deals', body);
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

/** Moves a deal's close times back by `days` (imported history; direct SQL only for timestamps). */
async function backdate(orgId: string, dealId: string, days: number) {
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.execute(sql`update deals set won_at = won_at - make_interval(days => ${days}),
      closed_at = closed_at - make_interval(days => ${days}) where org_id = ${orgId}::uuid and id = ${dealId}::uuid`),
  );
}

// Organisation A: owner, a manager and rep1 in team "North", rep2 outside any team.
let owner: TestUser;
let orgId: string;
let manager: TestUser & { membershipId: string };
let rep1: TestUser & { membershipId: string };
let rep2: TestUser & { membershipId: string };
let teamId: string;
let ownerApi: Api;
// Organisation B (for 404s).
let otherOwner: TestUser;
let otherPipelineId: string;
let otherMemberId: string;

beforeAll(async () => {
  t = await createTestApp();
  const a = await ownerWithOrg(t.app);
  owner = a.user;
  orgId = a.org.id;
  ownerApi = as(t.app, owner);
  manager = await addMember(t.app, owner, 'manager');
  rep1 = await addMember(t.app, owner, 'member');
  rep2 = await addMember(t.app, owner, 'member');
  const team = await ownerApi.post('/api/v1/teams', { name: 'North' });
  teamId = team.json().id;
  for (const m of [manager, rep1]) {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/members/${m.membershipId}`,
      headers: { cookie: owner.cookie },
      payload: { is_lead: false },
    });
    expect(put.statusCode).toBe(200);
  }
  const month = day(0).slice(0, 7);
  // rep1: two won (one with a reason), one open; rep2: one lost, one open; manager: one won last period.
  const won1 = await deal(ownerApi, {
    name: 'W1',
    owner_id: rep1.membershipId,
    amount: { amount: 100_00, currency: 'USD' },
  });
  const won2 = await deal(ownerApi, {
    name: 'W2',
    owner_id: rep1.membershipId,
    amount: { amount: 250_00, currency: 'USD' },
  });
  await deal(ownerApi, {
    name: 'O1',
    owner_id: rep1.membershipId,
    amount: { amount: 40_00, currency: 'USD' },
    expected_close_date: `${month}-15`,
  });
  const lost1 = await deal(ownerApi, {
    name: 'L1',
    owner_id: rep2.membershipId,
    amount: { amount: 70_00, currency: 'USD' },
  });
  const open2 = await deal(ownerApi, {
    name: 'O2',
    owner_id: rep2.membershipId,
    amount: { amount: 60_00, currency: 'USD' },
    probability: 50,
    expected_close_date: `${month}-20`,
  });
  const old = await deal(ownerApi, {
    name: 'W0',
    owner_id: manager.membershipId,
    amount: { amount: 10_00, currency: 'USD' },
  });
  expect((await ownerApi.post(`/api/v1/deals/${won1}/won`, { reason: '  Great   FIT ' })).statusCode).toBe(200);
  expect((await ownerApi.post(`/api/v1/deals/${won2}/won`, { reason: 'great fit' })).statusCode).toBe(200);
  expect((await ownerApi.post(`/api/v1/deals/${lost1}/lost`, { reason: 'Price' })).statusCode).toBe(200);
  expect((await ownerApi.post(`/api/v1/deals/${old}/won`, {})).statusCode).toBe(200);
  await backdate(orgId, old, 3);
  for (const [title, owner_id] of [
    ['Lead A', rep1.membershipId],
    ['Lead B', rep2.membershipId],
    ['Lead C', null],
  ] as const) {
    expect((await ownerApi.post('/api/v1/leads', { title, owner_id })).statusCode).toBe(201);
  }
  const overdue = await ownerApi.post('/api/v1/activities', {
    type: 'task',
    subject: 'Call back',
    due_at: new Date(Date.now() - 3_600_000).toISOString(),
    assignee_id: rep2.membershipId,
    links: [{ type: 'deal', id: open2 }],
  });
  expect(overdue.statusCode).toBe(201);

  ({ user: otherOwner } = await ownerWithOrg(t.app));
  const otherApi = as(t.app, otherOwner);
  otherPipelineId = (await otherApi.get('/api/v1/pipelines?kind=deals')).json().data[0].id as string;
  otherMemberId = (await addMember(t.app, otherOwner, 'member')).membershipId;
});
afterAll(async () => t.close());

const dash = async (user: { cookie: string }, extra = '') => {
  const res = await as(t.app, user).get(`/api/v1/analytics/dashboard?${PERIOD}${extra}`);
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('validation', () => {
  it('answers 400 with field paths', async () => {
    const custom = await ownerApi.get('/api/v1/analytics/dashboard?period=custom');
    expect(custom.statusCode).toBe(400);
    expect(issuePaths(custom)).toEqual(expect.arrayContaining(['query.from', 'query.to']));
    const tz = await ownerApi.get('/api/v1/analytics/reps?time_zone=Mars/Olympus');
    expect(tz.statusCode).toBe(400);
    expect(issuePaths(tz)).toContain('query.time_zone');
    const metric = await ownerApi.get('/api/v1/analytics/records?metric=deals_stolen');
    expect(metric.statusCode).toBe(400);
    expect(issuePaths(metric)).toContain('query.metric');
    const stage = await ownerApi.get('/api/v1/analytics/records?metric=deals_entered_stage');
    expect(issuePaths(stage)).toContain('query.stage_id');
  });
});

describe('dashboard and scope', () => {
  it('gives the owner every figure, with the previous period beside it', async () => {
    const d = await dash(owner);
    expect(d.period).toMatchObject({ period: 'custom', from: day(-1), to: day(1), days: 3, previous_to: day(-2) });
    expect(d.won_deals).toEqual({ current: 2, previous: 1 });
    expect(d.lost_deals).toEqual({ current: 1, previous: 0 });
    expect(d.win_rate.current).toBeCloseTo(2 / 3);
    expect(d.win_rate.previous).toBe(1);
    expect(d.open_deals).toEqual({ current: 2, previous: null });
    expect(d.open_deals_value.current.by_currency).toEqual([{ currency: 'USD', amount: 100_00 }]);
    expect(d.won_value.current.total).toEqual({ currency: 'USD', amount: 350_00, converted: false, missing_rates: [] });
    expect(d.won_value.previous.total.amount).toBe(10_00);
    expect(d.average_deal_size.current.total.amount).toBe(175_00);
    expect(d.velocity.current).toBeCloseTo(2 / (3 / 7));
    expect(d.new_leads.current).toBe(3);
    expect(d.open_leads.current).toBe(3);
    expect(d.unassigned_leads.current).toBe(1);
    expect(d.activities_overdue.current).toBe(1);
    expect(d.sales_cycle_mean_days.current).toBeGreaterThanOrEqual(0);
  });

  it('shows a member only their own figures under the private rule, and all under shared', async () => {
    const mine = await dash(rep2);
    expect(mine.won_deals.current).toBe(0);
    expect(mine.lost_deals.current).toBe(1);
    expect(mine.open_deals.current).toBe(1);
    expect(mine.open_leads.current).toBe(1);
    expect(mine.unassigned_leads.current).toBe(0);
    expect(mine.activities_overdue.current).toBe(1);
    expect((await dash(rep1)).activities_overdue.current).toBe(0);
    // A member may not ask for someone else's figures.
    const other = await as(t.app, rep2).get(`/api/v1/analytics/dashboard?owner_id=${rep1.membershipId}`);
    expect(other.statusCode).toBe(404);

    expect((await ownerApi.patch('/api/v1/org', { record_visibility: 'shared' })).statusCode).toBe(200);
    try {
      const all = await dash(rep2);
      expect(all.won_deals.current).toBe(2);
      expect(all.open_deals.current).toBe(2);
    } finally {
      expect((await ownerApi.patch('/api/v1/org', { record_visibility: 'private' })).statusCode).toBe(200);
    }
  });

  it("shows a manager their team's figures and narrows by owner and team", async () => {
    const team = await dash(manager);
    expect(team.won_deals).toEqual({ current: 2, previous: 1 }); // rep1's two, the manager's old one
    expect(team.lost_deals.current).toBe(0); // rep2 is in no team
    expect((await dash(owner, `&owner_id=${rep1.membershipId}`)).won_deals.current).toBe(2);
    expect((await dash(owner, `&team_id=${teamId}`)).open_deals.current).toBe(1);
    expect((await dash(owner, '&owner_id=none')).open_leads.current).toBe(1);
    // The manager may not see rep2.
    const outside = await as(t.app, manager).get(`/api/v1/analytics/reps?owner_id=${rep2.membershipId}`);
    expect(outside.statusCode).toBe(404);
    // rep2 is not in team North.
    expect((await as(t.app, rep2).get(`/api/v1/analytics/dashboard?team_id=${teamId}`)).statusCode).toBe(404);
  });

  it("answers 404 for another organisation's pipeline or owner", async () => {
    for (const url of [
      `/api/v1/analytics/funnel?pipeline_id=${otherPipelineId}`,
      `/api/v1/analytics/distribution?pipeline_id=${otherPipelineId}`,
      `/api/v1/analytics/forecast?owner_id=${otherMemberId}`,
      `/api/v1/analytics/records?metric=deals_open&owner_id=${otherMemberId}`,
      `/api/v1/analytics/records?metric=deals_open&pipeline_id=${otherPipelineId}`,
      `/api/v1/analytics/reps?pipeline_id=${otherPipelineId}`,
      `/api/v1/analytics/distribution?pipeline_id=${otherPipelineId}&format=csv`,
    ]) {
      const res = await ownerApi.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
      expect(errorOf(res).message, url).toMatch(/Pipeline|Owner/);
    }
  });
});

describe('reports and drill-downs', () => {
  const total = async (user: { cookie: string }, query: string) => {
    const res = await as(t.app, user).get(`/api/v1/analytics/records?${PERIOD}&${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { total: number; data: Array<{ id: string; name: string }>; next_cursor: string | null };
  };

  it('lists the records behind each figure: totals equal the figures', async () => {
    for (const user of [owner, rep2, manager]) {
      const d = await dash(user);
      expect((await total(user, 'metric=deals_won')).total).toBe(d.won_deals.current);
      expect((await total(user, 'metric=deals_lost')).total).toBe(d.lost_deals.current);
      expect((await total(user, 'metric=deals_open')).total).toBe(d.open_deals.current);
      expect((await total(user, 'metric=leads_new')).total).toBe(d.new_leads.current);
      expect((await total(user, 'metric=leads_unassigned')).total).toBe(d.unassigned_leads.current);
    }
    // Keyset pages walk the whole list once.
    const first = await total(owner, 'metric=deals_created&limit=4');
    expect(first.total).toBe(6);
    expect(first.data).toHaveLength(4);
    const second = await total(owner, `metric=deals_created&limit=4&cursor=${first.next_cursor}`);
    expect(second.data).toHaveLength(2);
    expect(second.next_cursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((r) => r.id)).size).toBe(6);
  });

  it('funnel entries, forecast months and reasons drill down to the same counts', async () => {
    const funnel = (await ownerApi.get(`/api/v1/analytics/funnel?${PERIOD}`)).json();
    const firstStage = funnel.stages[0];
    expect(firstStage.entered).toBe(6); // every deal was created into the first stage
    const won = funnel.stages.find((s: { kind: string }) => s.kind === 'won');
    expect(won.entered).toBe(3); // the backdated win's stage_history entry is still today's
    expect(won.advanced).toBeNull();
    expect(firstStage.advanced).toBe(3); // the three wins moved on to the won stage
    expect(firstStage.drop_off).toBe(3);
    expect((await total(owner, `metric=deals_entered_stage&stage_id=${firstStage.stage_id}`)).total).toBe(6);

    const month = day(0).slice(0, 7);
    const fc = (await ownerApi.get(`/api/v1/analytics/forecast?${PERIOD}&group_by=none`)).json();
    const row = fc.rows.find((r: { month: string }) => r.month === month);
    expect(row.open_count).toBe(2);
    expect(row.total.total.amount).toBe(100_00);
    expect((await total(owner, `metric=deals_forecast&month=${month}`)).total).toBe(2);

    const reasons = (await ownerApi.get(`/api/v1/analytics/reasons?${PERIOD}`)).json();
    expect(reasons.won).toEqual([
      expect.objectContaining({
        count: 2,
        value: expect.objectContaining({ by_currency: [{ currency: 'USD', amount: 350_00 }] }),
      }),
    ]);
    expect(reasons.lost).toEqual([expect.objectContaining({ reason: 'Price', count: 1 })]);
    expect((await total(owner, 'metric=deals_won_reason&reason=GREAT fit')).total).toBe(2);
    expect((await total(owner, 'metric=deals_lost_reason&reason=price')).total).toBe(1);
    expect((await total(owner, 'metric=deals_won_reason')).total).toBe(0);

    const dist = (await ownerApi.get('/api/v1/analytics/distribution')).json();
    expect(dist.stages.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(2);
    // Each stage's count drills to that stage's open deals.
    for (const st of dist.stages as Array<{ stage_id: string; count: number }>) {
      expect((await total(owner, `metric=deals_open&stage_id=${st.stage_id}`)).total).toBe(st.count);
    }
    expect(dist.stages.some((x: { count: number }) => x.count > 0)).toBe(true);

    // A leads pipeline: its funnel and distribution count leads.
    const leadsPipeline = (await ownerApi.get('/api/v1/pipelines?kind=leads')).json().data[0].id as string;
    const lf = (await ownerApi.get(`/api/v1/analytics/funnel?${PERIOD}&pipeline_id=${leadsPipeline}`)).json();
    expect(lf.pipeline).toMatchObject({ id: leadsPipeline, kind: 'lead' });
    expect(lf.stages[0].entered).toBe(3);
    expect(
      (await total(owner, `metric=leads_entered_stage&stage_id=${lf.stages[0].stage_id}&pipeline_id=${leadsPipeline}`))
        .total,
    ).toBe(3);
    const ld = (await ownerApi.get(`/api/v1/analytics/distribution?pipeline_id=${leadsPipeline}`)).json();
    expect(ld.stages[0]).toMatchObject({ count: 3, value: { by_currency: [] } });
    expect(
      (await total(owner, `metric=leads_open&stage_id=${ld.stages[0].stage_id}&pipeline_id=${leadsPipeline}`)).total,
    ).toBe(3);
  });

  it('reps: one row per owner, team roll-ups and the total', async () => {
    const r = (await ownerApi.get(`/api/v1/analytics/reps?${PERIOD}`)).json();
    expect(r.reps[0].owner).toEqual({ id: rep1.membershipId, name: rep1.name });
    expect(r.reps[0]).toMatchObject({ created: 3, won: 2, lost: 0, win_rate: 1, team_ids: [teamId] });
    expect(r.reps[0].won_value.total.amount).toBe(350_00);
    expect(r.teams).toEqual([
      expect.objectContaining({ team: { id: teamId, name: 'North' }, member_count: 2, created: 4, won: 2 }),
    ]);
    expect(r.total).toMatchObject({ created: 6, won: 2, lost: 1 });
    expect(r.total.created_value.total.amount).toBe(530_00);
  });

  it('answers each report in exactly its contract shape (plain JSON: nothing extra, nothing missing)', async () => {
    const stageId = (await ownerApi.get(`/api/v1/analytics/funnel?${PERIOD}`)).json().stages[0].stage_id as string;
    for (const [path, schema] of [
      [`forecast?${PERIOD}&group_by=owner`, AnalyticsForecast],
      [`forecast?${PERIOD}&group_by=pipeline`, AnalyticsForecast],
      [`forecast?${PERIOD}&group_by=none`, AnalyticsForecast],
      ['distribution', AnalyticsDistribution],
      [
        `distribution?pipeline_id=${(await ownerApi.get('/api/v1/pipelines?kind=leads')).json().data[0].id}`,
        AnalyticsDistribution,
      ],
      [`reps?${PERIOD}`, AnalyticsReps],
      [`reasons?${PERIOD}`, AnalyticsReasons],
      [`records?${PERIOD}&metric=deals_won`, AnalyticsRecords],
      [`records?${PERIOD}&metric=deals_open&stage_id=${stageId}`, AnalyticsRecords],
      [`records?${PERIOD}&metric=leads_new`, AnalyticsRecords],
      [`records?${PERIOD}&metric=deals_entered_stage&stage_id=${stageId}`, AnalyticsRecords],
    ] as const) {
      const res = await ownerApi.get(`/api/v1/analytics/${path}`);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      expectExactShape(schema, res.json());
    }
    // The shapes carry figures: the owner's reps and reasons are not empty.
    const reps = (await ownerApi.get(`/api/v1/analytics/reps?${PERIOD}`)).json();
    expect(reps.reps.length).toBeGreaterThan(0);
    const records = (await ownerApi.get(`/api/v1/analytics/records?${PERIOD}&metric=deals_won`)).json();
    expect(records.data[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('drill-down: an empty page still carries the total; a stage of another organisation is 404', async () => {
    const empty = await ownerApi.get(
      `/api/v1/analytics/records?${PERIOD}&metric=deals_won&owner_id=${manager.membershipId}`,
    );
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ total: 0, data: [], next_cursor: null });
    const last = await ownerApi.get(`/api/v1/analytics/records?${PERIOD}&metric=deals_created&limit=6`);
    expect(last.json()).toMatchObject({ total: 6, next_cursor: null });
    expect(last.json().data).toHaveLength(6);
    const otherStage = (await as(t.app, otherOwner).get(`/api/v1/pipelines/${otherPipelineId}`)).json().stages[0].id;
    for (const metric of ['deals_open', 'deals_entered_stage']) {
      const res = await ownerApi.get(`/api/v1/analytics/records?${PERIOD}&metric=${metric}&stage_id=${otherStage}`);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).message).toMatch(/Stage/);
    }
  });

  it('exports every report as CSV', async () => {
    for (const [report, header] of [
      ['dashboard', 'metric,current,previous,currency'],
      ['funnel', 'stage_id,stage,kind,position,entered,advanced,conversion,drop_off,avg_days,median_days'],
      ['forecast', 'month,group_id,group,open_count,total,weighted,won_count,won,lost_count,lost,currency'],
      ['distribution', 'stage_id,stage,count,value,weighted,currency'],
      [
        'reps',
        'level,id,name,created,won,lost,win_rate,created_value,won_value,average_deal_size,avg_days_to_close,velocity,currency',
      ],
      ['reasons', 'outcome,reason,count,value,currency'],
    ] as const) {
      const res = await ownerApi.get(`/api/v1/analytics/${report}?period=month&date=2026-11-05&format=csv`);
      expect(res.statusCode, report).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const name = report === 'distribution' ? `relata-distribution-${day(0)}.csv` : `relata-${report}-2026-11.csv`;
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
      expect(res.body.split('\r\n')[0]).toBe(header);
    }
    const reps = await ownerApi.get(`/api/v1/analytics/reps?${PERIOD}&format=csv`);
    const lines = reps.body.trim().split('\r\n');
    expect(lines).toContain(
      `rep,${rep1.membershipId},${rep1.name},3,2,0,1,390.00,350.00,175.00,${lines[1]!.split(',')[10]},${lines[1]!.split(',')[11]},USD`,
    );
    expect(lines[lines.length - 1]!.startsWith('total,,,6,2,1,')).toBe(true);
  });

  it('exports every record behind a drill-down as CSV, from the cursor on, not just one page', async () => {
    const csv = await ownerApi.get(`/api/v1/analytics/records?${PERIOD}&metric=deals_created&format=csv&limit=2`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,entity,name,amount,currency,status,stage,owner,created_at,closed_at,expected_close_date');
    const page = await total(owner, 'metric=deals_created&limit=100');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(page.data.map((r) => r.id));
    const firstFour = await total(owner, 'metric=deals_created&limit=4');
    const rest = await ownerApi.get(
      `/api/v1/analytics/records?${PERIOD}&metric=deals_created&format=csv&cursor=${firstFour.next_cursor}`,
    );
    expect(
      rest.body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(page.data.slice(4).map((r) => r.id));

    // The service reads page after page, and stops at its cap with the cursor where it stopped.
    const q = {
      scope: { orgId, owners: { kind: 'all' as const }, pipelineId: null, teamIds: null },
      metric: 'deals_created' as const,
      limit: 50,
    };
    const [from, to] = [day(-1), day(1)];
    const read = (opts: { pageSize: number; max?: number }) =>
      withTenant(t.database.db, { orgId }, async (tx) =>
        analyticsRecordsForCsv(
          tx,
          { ...q, period: await resolvePeriod(tx, { period: 'custom', from, to, time_zone: 'UTC' }) },
          opts,
        ),
      );
    const all = await read({ pageSize: 4 });
    expect(all.total).toBe(6);
    expect(all.data.map((r) => r.id)).toEqual(page.data.map((r) => r.id));
    expect(all.next_cursor).toBeNull();
    const capped = await read({ pageSize: 2, max: 5 });
    expect(capped.data.map((r) => r.id)).toEqual(page.data.slice(0, 5).map((r) => r.id));
    expect(capped.next_cursor).not.toBeNull();
  });
});

describe('money', () => {
  it('converts at the rate of the close day and names currencies without one', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const eur = await deal(api, { name: 'E', amount: { amount: 1_000_00, currency: 'EUR' } });
    const jpy = await deal(api, { name: 'J', amount: { amount: 1_000, currency: 'JPY' } });
    const bhd = await deal(api, { name: 'B', amount: { amount: 1_005, currency: 'BHD' } });
    for (const id of [eur, jpy, bhd]) expect((await api.post(`/api/v1/deals/${id}/won`, {})).statusCode).toBe(200);
    const rate = async (currency: string, value: string, valid_from: string) =>
      expect((await api.post('/api/v1/currencies/rates', { currency, rate: value, valid_from })).statusCode).toBe(201);
    await rate('EUR', '1.5', '2000-01-01');
    await rate('EUR', '9', day(30)); // not yet in effect
    await rate('BHD', '2.65', '2000-01-01');
    const won = async () => (await dash(user)).won_value.current;
    let v = await won();
    // EUR 1,000.00 × 1.5 = 150,000 cents; BHD 1.005 × 2.65 × 10^(2−3) = 266.325 cents; sum rounded once.
    expect(v.total).toEqual({ currency: 'USD', amount: 150_266, converted: true, missing_rates: ['JPY'] });
    expect(v.by_currency).toEqual([
      { currency: 'BHD', amount: 1_005 },
      { currency: 'EUR', amount: 1_000_00 },
      { currency: 'JPY', amount: 1_000 },
    ]);
    await rate('JPY', '0.0067', '2000-01-01');
    v = await won();
    // + JPY 1,000 × 0.0067 × 10^(2−0) = 670 cents: 150,000 + 266.325 + 670 = 150,936.325 → 150,936.
    expect(v.total).toMatchObject({ amount: 150_936, missing_rates: [] });
    const avg = (await dash(user)).average_deal_size.current;
    expect(avg.total.amount).toBe(Math.round(150_936.325 / 3));
  });
});
