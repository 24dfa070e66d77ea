/**
 * Analytics correctness on a hand-built dataset (issue 8): one organisation (owner Olivia "O",
 * manager Mark "M" leading team A = {M, U}, member Uma "U"; team B = {O, U}), two deal pipelines
 * (P1 New business: Qualify 10 % → Propose 40 % → Negotiate 70 % → Won → Lost, the default; P2 Renewals:
 * Review 50 % → Commit 80 % → Won → Lost), 27 deals (one in the recycle bin) and 11 leads created
 * through the API (wins, losses, abandons, reopens, deletion through the API's own transitions) and
 * then backdated with SQL (dates, reasons, `stage_history`), rates USD ← EUR 1.10 (from 2025-01-01) /
 * 1.20 (from 2026-02-15), GBP 1.25 (from 2025-06-01), none for CHF.
 *
 * The period is Q1 2026 (2026-01-01 … 2026-03-31, 90 days; previous Q4 2025, 92 days) in UTC unless
 * said otherwise. Every expected figure below is a literal worked out by hand from the table of
 * deals with the definitions of packages/shared/src/analytics.ts; the comment beside each shows the
 * arithmetic. Point-in-time figures (open deals, weighted pipeline, open leads, activities) are the
 * data's current state; open deals convert at today's rate (EUR 1.20).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/helpers.js';
import {
  createAnalyticsOrg,
  getJson,
  rewriteDeal,
  rewriteLead,
  type AnalyticsOrg,
  type HistoryEntry,
  type Json,
  type Role,
} from './analytics.fixtures.js';

let t: TestApp;
let org: AnalyticsOrg;
/** Deal ids by key (D1…D23), lead ids by key (L1…L10). */
const deal: Record<string, string> = {};
const lead: Record<string, string> = {};
/** Open activities' due times (for the point-in-time activity figures). */
const openActivities: Array<{ due: Date; assignee: Role }> = [];

type StageKey = 'S1' | 'S2' | 'S3' | 'SW' | 'SL' | 'R1' | 'R2' | 'RW' | 'RL';
type Flow = 'won' | 'lost' | 'abandon' | 'reopen' | 'delete';

interface DealSpec {
  key: string;
  pipe: 'P1' | 'P2';
  owner: Role | null;
  currency: 'USD' | 'EUR' | 'GBP' | 'CHF';
  amount: number;
  created: string;
  /** The stage path: [stage, time, status after it (default: the stage's kind)]. */
  history: Array<[StageKey, string, string?]>;
  /** API transitions after creating the deal in its first open stage (open deals are created in their final stage). */
  flow: Flow[];
  status: 'open' | 'won' | 'lost' | 'abandoned';
  wonAt?: string;
  closedAt?: string;
  wonReason?: string;
  lostReason?: string;
  probability?: number;
  ecd?: string;
}

/**
 * The deals. Times are UTC. "created" is `created_at`; D4's history (imported) starts before it.
 */
// prettier-ignore
const DEALS: DealSpec[] = [
  // ── won in Q1 2026 ──
  { key: 'D1', pipe: 'P1', owner: 'O', currency: 'USD', amount: 1_000_000, created: '2026-01-05T10:00:00Z',
    history: [['S1', '2026-01-05T10:00:00Z'], ['S2', '2026-01-10T10:00:00Z'], ['S3', '2026-01-20T10:00:00Z'], ['SW', '2026-02-04T10:00:00Z']],
    flow: ['won'], status: 'won', wonAt: '2026-02-04T10:00:00Z', closedAt: '2026-02-04T10:00:00Z', wonReason: 'Price', ecd: '2026-02-01' },
  { key: 'D2', pipe: 'P1', owner: 'M', currency: 'EUR', amount: 500_000, created: '2026-01-02T00:00:00Z',
    history: [['S1', '2026-01-02T00:00:00Z'], ['S3', '2026-01-12T00:00:00Z'], ['SW', '2026-02-21T12:00:00Z']],
    flow: ['won'], status: 'won', wonAt: '2026-02-21T12:00:00Z', closedAt: '2026-02-21T12:00:00Z', wonReason: 'Price' },
  { key: 'D3', pipe: 'P1', owner: 'U', currency: 'GBP', amount: 200_000, created: '2025-12-15T00:00:00Z',
    history: [['S1', '2025-12-15T00:00:00Z'], ['S2', '2026-01-05T00:00:00Z'], ['SW', '2026-01-25T00:00:00Z']],
    flow: ['won'], status: 'won', wonAt: '2026-01-25T00:00:00Z', closedAt: '2026-01-25T00:00:00Z', wonReason: 'Relationship' },
  // Imported history: entries from 2025-11-01, created_at (the import) 2026-02-01.
  { key: 'D4', pipe: 'P2', owner: 'U', currency: 'USD', amount: 300_000, created: '2026-02-01T00:00:00Z',
    history: [['R1', '2025-11-01T00:00:00Z'], ['R2', '2025-12-01T00:00:00Z'], ['RW', '2026-03-01T00:00:00Z']],
    flow: ['won'], status: 'won', wonAt: '2026-03-01T00:00:00Z', closedAt: '2026-03-01T00:00:00Z', wonReason: 'price ' },
  // Won at 23:30 UTC on 31 March = 01:30 on 1 April in Paris.
  { key: 'D5', pipe: 'P1', owner: 'O', currency: 'USD', amount: 100_000, created: '2026-03-01T00:00:00Z',
    history: [['S1', '2026-03-01T00:00:00Z'], ['SW', '2026-03-31T23:30:00Z']],
    flow: ['won'], status: 'won', wonAt: '2026-03-31T23:30:00Z', closedAt: '2026-03-31T23:30:00Z' },
  { key: 'D6', pipe: 'P2', owner: 'M', currency: 'CHF', amount: 400_000, created: '2026-01-15T00:00:00Z',
    history: [['R1', '2026-01-15T00:00:00Z'], ['RW', '2026-02-14T00:00:00Z']],
    flow: ['won'], status: 'won', wonAt: '2026-02-14T00:00:00Z', closedAt: '2026-02-14T00:00:00Z', wonReason: 'Relationship' },
  // ── lost in Q1 2026 ──
  { key: 'D7', pipe: 'P1', owner: 'O', currency: 'USD', amount: 200_000, created: '2026-01-03T00:00:00Z',
    history: [['S1', '2026-01-03T00:00:00Z'], ['S2', '2026-01-08T00:00:00Z'], ['SL', '2026-02-10T00:00:00Z']],
    flow: ['lost'], status: 'lost', closedAt: '2026-02-10T00:00:00Z', lostReason: 'Price' },
  { key: 'D8', pipe: 'P1', owner: 'M', currency: 'EUR', amount: 100_000, created: '2025-11-20T00:00:00Z',
    history: [['S1', '2025-11-20T00:00:00Z'], ['SL', '2026-01-15T00:00:00Z']],
    flow: ['lost'], status: 'lost', closedAt: '2026-01-15T00:00:00Z', lostReason: 'No budget' },
  { key: 'D9', pipe: 'P1', owner: 'U', currency: 'USD', amount: 50_000, created: '2026-02-01T00:00:00Z',
    history: [['S1', '2026-02-01T00:00:00Z'], ['S2', '2026-02-05T00:00:00Z'], ['S3', '2026-02-15T00:00:00Z'], ['SL', '2026-03-10T00:00:00Z']],
    flow: ['lost'], status: 'lost', closedAt: '2026-03-10T00:00:00Z', lostReason: 'no budget' },
  // Won on 1 Feb, reopened (→ Negotiate) on 10 Feb, lost on 5 Mar.
  { key: 'D10', pipe: 'P1', owner: 'O', currency: 'USD', amount: 150_000, created: '2026-01-10T00:00:00Z',
    history: [['S1', '2026-01-10T00:00:00Z'], ['S2', '2026-01-20T00:00:00Z'], ['SW', '2026-02-01T00:00:00Z'], ['S3', '2026-02-10T00:00:00Z'], ['SL', '2026-03-05T00:00:00Z']],
    flow: ['won', 'reopen', 'lost'], status: 'lost', closedAt: '2026-03-05T00:00:00Z', lostReason: 'Competitor' },
  { key: 'D11', pipe: 'P2', owner: null, currency: 'GBP', amount: 80_000, created: '2026-02-20T00:00:00Z',
    history: [['R1', '2026-02-20T00:00:00Z'], ['RL', '2026-03-20T00:00:00Z']],
    flow: ['lost'], status: 'lost', closedAt: '2026-03-20T00:00:00Z', lostReason: 'No budget' },
  // ── Q4 2025 (previous period) ──
  { key: 'D12', pipe: 'P1', owner: 'U', currency: 'USD', amount: 60_000, created: '2025-11-05T00:00:00Z',
    history: [['S1', '2025-11-05T00:00:00Z'], ['S1', '2025-12-10T00:00:00Z', 'abandoned']],
    flow: ['abandon'], status: 'abandoned', closedAt: '2025-12-10T00:00:00Z' },
  { key: 'D13', pipe: 'P1', owner: 'O', currency: 'USD', amount: 400_000, created: '2025-10-01T00:00:00Z',
    history: [['S1', '2025-10-01T00:00:00Z'], ['SW', '2025-11-15T00:00:00Z']],
    flow: ['won'], status: 'won', wonAt: '2025-11-15T00:00:00Z', closedAt: '2025-11-15T00:00:00Z' },
  { key: 'D14', pipe: 'P1', owner: 'M', currency: 'USD', amount: 100_000, created: '2025-10-10T00:00:00Z',
    history: [['S1', '2025-10-10T00:00:00Z'], ['SL', '2025-12-01T00:00:00Z']],
    flow: ['lost'], status: 'lost', closedAt: '2025-12-01T00:00:00Z', lostReason: 'Price' },
  // ── open now ──
  { key: 'D15', pipe: 'P1', owner: 'O', currency: 'USD', amount: 1_000_000, created: '2026-01-12T00:00:00Z',
    history: [['S1', '2026-01-12T00:00:00Z']],
    flow: [], status: 'open', ecd: '2026-02-15' },
  { key: 'D16', pipe: 'P1', owner: 'M', currency: 'EUR', amount: 200_000, created: '2026-02-01T00:00:00Z',
    history: [['S1', '2026-02-01T00:00:00Z'], ['S2', '2026-02-10T00:00:00Z']],
    flow: [], status: 'open', probability: 50, ecd: '2026-03-20' },
  { key: 'D17', pipe: 'P1', owner: 'U', currency: 'GBP', amount: 100_000, created: '2025-12-20T00:00:00Z',
    history: [['S1', '2025-12-20T00:00:00Z'], ['S3', '2026-01-15T00:00:00Z']],
    flow: [], status: 'open', ecd: '2026-01-31' },
  { key: 'D18', pipe: 'P2', owner: 'O', currency: 'USD', amount: 333_333, created: '2026-03-05T00:00:00Z',
    history: [['R1', '2026-03-05T00:00:00Z']],
    flow: [], status: 'open', probability: 33, ecd: '2026-04-10' },
  { key: 'D19', pipe: 'P2', owner: null, currency: 'CHF', amount: 50_000, created: '2026-01-25T00:00:00Z',
    history: [['R1', '2026-01-25T00:00:00Z'], ['R2', '2026-02-25T00:00:00Z']],
    flow: [], status: 'open', ecd: '2026-03-31' },
  { key: 'D20', pipe: 'P1', owner: 'U', currency: 'USD', amount: 80_000, created: '2026-03-15T00:00:00Z',
    history: [['S1', '2026-03-15T00:00:00Z'], ['S2', '2026-03-25T00:00:00Z']],
    flow: [], status: 'open', probability: 0 },
  // Won on 28 Jan, reopened (→ Negotiate) on 5 Feb: open now.
  { key: 'D21', pipe: 'P1', owner: 'M', currency: 'USD', amount: 250_000, created: '2026-01-08T00:00:00Z',
    history: [['S1', '2026-01-08T00:00:00Z'], ['SW', '2026-01-28T00:00:00Z'], ['S3', '2026-02-05T00:00:00Z']],
    flow: ['won', 'reopen'], status: 'open', ecd: '2026-03-15' },
  // In the recycle bin: counts nowhere.
  { key: 'D23', pipe: 'P1', owner: 'O', currency: 'USD', amount: 999_900, created: '2026-01-01T00:00:00Z',
    history: [['S1', '2026-01-01T00:00:00Z'], ['SW', '2026-02-01T00:00:00Z']],
    flow: ['won', 'delete'], status: 'won', wonAt: '2026-02-01T00:00:00Z', closedAt: '2026-02-01T00:00:00Z', wonReason: 'Price', ecd: '2026-02-01' },
  // ── edges that must not move the Q1 / Q4 figures (UTC) ──
  // Lost at exactly 2026-04-01T00:00Z: the first instant after Q1 (half-open periods), created then too.
  { key: 'D24', pipe: 'P1', owner: 'O', currency: 'USD', amount: 77_700, created: '2026-04-01T00:00:00Z',
    history: [['S1', '2026-04-01T00:00:00Z'], ['SL', '2026-04-01T00:00:00.001Z']],
    flow: ['lost'], status: 'lost', closedAt: '2026-04-01T00:00:00.001Z', lostReason: 'Boundary' },
  // Won 1 ms before Q1: in Q4 (UTC) — but in Q1 in Paris (00:59:59.999 on 1 Jan).
  { key: 'D25', pipe: 'P1', owner: 'O', currency: 'USD', amount: 250_000, created: '2025-12-01T00:00:00Z',
    history: [['S1', '2025-12-01T00:00:00Z'], ['SW', '2025-12-31T23:59:59.999Z']],
    flow: ['won'], status: 'won', wonAt: '2025-12-31T23:59:59.999Z', closedAt: '2025-12-31T23:59:59.999Z' },
  // Q3 2025: neither period.
  { key: 'D26', pipe: 'P1', owner: 'M', currency: 'EUR', amount: 123_400, created: '2025-07-01T00:00:00Z',
    history: [['S1', '2025-07-01T00:00:00Z'], ['SW', '2025-08-10T00:00:00Z']],
    flow: ['won'], status: 'won', wonAt: '2025-08-10T00:00:00Z', closedAt: '2025-08-10T00:00:00Z', wonReason: 'Price' },
  { key: 'D27', pipe: 'P2', owner: 'U', currency: 'USD', amount: 45_600, created: '2025-08-01T00:00:00Z',
    history: [['R1', '2025-08-01T00:00:00Z'], ['RL', '2025-09-01T00:00:00Z']],
    flow: ['lost'], status: 'lost', closedAt: '2025-09-01T00:00:00Z', lostReason: 'Price' },
  // Abandoned in Q1 (created in Q3 2025): counts neither as won nor lost; its abandon entry is an entry
  // into Qualify in the period (a `stage_history` row with to_stage_id = Qualify).
  { key: 'D28', pipe: 'P1', owner: 'U', currency: 'USD', amount: 90_000, created: '2025-09-01T00:00:00Z',
    history: [['S1', '2025-09-01T00:00:00Z'], ['S1', '2026-02-10T00:00:00Z', 'abandoned']],
    flow: ['abandon'], status: 'abandoned', closedAt: '2026-02-10T00:00:00Z' },
];

/** Leads: owner, created_at, status and conversion/loss time. */
const LEADS: Array<{
  key: string;
  owner: Role | null;
  created: string;
  status: 'open' | 'converted' | 'lost';
  at?: string;
}> = [
  { key: 'L1', owner: 'O', created: '2026-01-05T09:00:00Z', status: 'open' },
  { key: 'L2', owner: 'M', created: '2026-01-20T09:00:00Z', status: 'converted', at: '2026-02-10T09:00:00Z' },
  { key: 'L3', owner: 'U', created: '2025-12-10T09:00:00Z', status: 'converted', at: '2026-01-15T09:00:00Z' },
  { key: 'L4', owner: null, created: '2026-02-15T09:00:00Z', status: 'open' },
  { key: 'L5', owner: 'U', created: '2026-03-01T09:00:00Z', status: 'lost', at: '2026-03-10T09:00:00Z' },
  { key: 'L6', owner: null, created: '2025-11-01T09:00:00Z', status: 'open' },
  { key: 'L7', owner: 'O', created: '2025-10-15T09:00:00Z', status: 'converted', at: '2025-11-20T09:00:00Z' },
  { key: 'L8', owner: 'M', created: '2026-03-20T09:00:00Z', status: 'converted', at: '2026-04-05T09:00:00Z' },
  { key: 'L9', owner: 'O', created: '2026-04-10T09:00:00Z', status: 'open' },
  // 23:30 UTC on 31 Dec = 00:30 on 1 Jan in Paris.
  { key: 'L10', owner: 'U', created: '2025-12-31T23:30:00Z', status: 'open' },
  // Created at the first instant after Q1, converted the next day: in no figure of Q1 / Q4.
  { key: 'L11', owner: 'O', created: '2026-04-01T00:00:00Z', status: 'converted', at: '2026-04-02T00:00:00Z' },
];

const Q1 = 'period=quarter&date=2026-02-10';
const Q1_PERIOD = {
  period: 'quarter',
  from: '2026-01-01',
  to: '2026-03-31',
  previous_from: '2025-10-01',
  previous_to: '2025-12-31',
  time_zone: 'UTC',
  days: 90,
};

/** Currencies of the rate table (others, i.e. CHF, have no rate). */
const HAS_RATE = new Set(['EUR', 'GBP']);

/**
 * A money figure in the reporting currency USD: `by_currency` as given (sorted by code), the total as
 * computed by hand; `converted` / `missing_rates` follow from which currencies are present.
 */
function money(byCurrency: Record<string, number>, total: number) {
  const codes = Object.keys(byCurrency).sort();
  return {
    by_currency: codes.map((currency) => ({ currency, amount: byCurrency[currency]! })),
    total: {
      currency: 'USD',
      amount: total,
      converted: codes.some((c) => HAS_RATE.has(c)),
      missing_rates: codes.filter((c) => c !== 'USD' && !HAS_RATE.has(c)),
    },
  };
}
const NONE = money({}, 0);

/** `expect` a number close to a hand-computed value (ratios and days are not rounded by the API). */
const near = (got: number | null, want: number | null, what: string) => {
  if (want === null) expect(got, what).toBeNull();
  else {
    expect(got, what).not.toBeNull();
    expect(got!, what).toBeCloseTo(want, 9);
  }
};

const stageId = (k: StageKey) => {
  const p = k.startsWith('R') ? org.pipelines.P2 : org.pipelines.P1;
  const idx = { S1: 0, S2: 1, S3: 2, SW: 3, SL: 4, R1: 0, R2: 1, RW: 2, RL: 3 }[k];
  return p.stages.find((s) => s.position === idx)!.id;
};
const member = (r: Role | null) => (r ? org.users[r].membershipId : null);
const dealIds = (...keys: string[]) => keys.map((k) => deal[k]!).sort();

beforeAll(async () => {
  t = await createTestApp();
  org = await createAnalyticsOrg(t);
  const api = as(t.app, org.users.O);
  for (const d of DEALS) {
    const pipeline = org.pipelines[d.pipe];
    const final = d.history[d.history.length - 1]![0];
    const startStage = d.status === 'open' && !d.flow.length ? final : d.history[0]![0];
    const res = await api.post('/api/v1/deals', {
      name: d.key,
      pipeline_id: pipeline.id,
      stage_id: stageId(startStage),
      amount: { amount: d.amount, currency: d.currency },
      owner_id: member(d.owner),
      ...(d.probability !== undefined ? { probability: d.probability } : {}),
      ...(d.ecd ? { expected_close_date: d.ecd } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    deal[d.key] = id;
    for (const step of d.flow) {
      const r =
        step === 'delete'
          ? await api.del(`/api/v1/deals/${id}`)
          : await api.post(
              `/api/v1/deals/${id}/${step}`,
              step === 'lost'
                ? { reason: d.lostReason ?? 'x' }
                : step === 'won' && d.wonReason
                  ? { reason: d.wonReason.trim() }
                  : {},
            );
      expect(r.statusCode, `${d.key} ${step}: ${r.body}`).toBeLessThan(300);
    }
    const history: HistoryEntry[] = d.history.map(([s, at, status]) => ({
      stageId: stageId(s),
      at,
      ...(status ? { status } : {}),
    }));
    await rewriteDeal(t.database, {
      orgId: org.orgId,
      dealId: id,
      pipelineId: pipeline.id,
      stages: pipeline.stages,
      createdAt: d.created,
      wonAt: d.wonAt ?? null,
      closedAt: d.closedAt ?? null,
      wonReason: d.wonReason ?? null,
      lostReason: d.lostReason ?? null,
      history,
    });
  }
  // The API left each deal where the table says (the SQL above only rewrote dates and history).
  const { rows } = await t.database.query<{ id: string; status: string; stage_id: string; deleted: boolean }>(
    'select id, status, stage_id, deleted_at is not null as deleted from deals where org_id = $1',
    [org.orgId],
  );
  for (const d of DEALS) {
    const row = rows.find((r) => r.id === deal[d.key])!;
    expect({ key: d.key, status: row.status, stage: row.stage_id, deleted: row.deleted }).toEqual({
      key: d.key,
      status: d.status,
      stage: stageId(d.history[d.history.length - 1]![0]),
      deleted: d.flow.includes('delete'),
    });
  }

  for (const l of LEADS) {
    const res = await api.post('/api/v1/leads', { title: l.key, owner_id: member(l.owner) });
    expect(res.statusCode, res.body).toBe(201);
    lead[l.key] = res.json().id as string;
    await rewriteLead(t.database, {
      orgId: org.orgId,
      leadId: lead[l.key]!,
      createdAt: l.created,
      status: l.status,
      ...(l.at ? { at: l.at } : {}),
    });
  }

  // Activities relative to now: overdue (3 days ago), just due (1 minute ago), later (in 3 days),
  // completed (2 days ago, not open), and the end of today (UTC).
  const now = Date.now();
  const endOfToday = new Date(new Date().toISOString().slice(0, 10) + 'T23:59:00Z');
  const acts: Array<{ type: string; due: Date; assignee: Role; complete?: boolean }> = [
    { type: 'task', due: new Date(now - 3 * 86_400_000), assignee: 'O' },
    { type: 'task', due: new Date(now - 60_000), assignee: 'U' },
    { type: 'meeting', due: new Date(now + 3 * 86_400_000), assignee: 'M' },
    { type: 'task', due: new Date(now - 2 * 86_400_000), assignee: 'O', complete: true },
    { type: 'task', due: endOfToday, assignee: 'M' },
  ];
  for (const a of acts) {
    const res = await api.post('/api/v1/activities', {
      type: a.type,
      subject: `${a.type} for ${a.assignee}`,
      due_at: a.due.toISOString(),
      assignee_id: member(a.assignee),
      links: [{ type: 'deal', id: deal.D15 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    if (a.complete) {
      const done = await api.post(`/api/v1/activities/${res.json().id}/complete`, {});
      expect(done.statusCode, done.body).toBe(200);
    } else openActivities.push({ due: a.due, assignee: a.assignee });
  }
}, 120_000);
afterAll(async () => t?.close());

/** The activity figures now, in UTC, for the assignees in scope: [due today, overdue]. */
function activityFigures(scope: Role[]): [number, number] {
  const now = Date.now();
  const today = new Date().toISOString().slice(0, 10);
  const mine = openActivities.filter((a) => scope.includes(a.assignee));
  return [
    mine.filter((a) => a.due.toISOString().slice(0, 10) === today).length,
    mine.filter((a) => a.due.getTime() < now).length,
  ];
}

describe('analytics on a hand-built dataset', () => {
  it('dashboard: every KPI of Q1 2026 beside Q4 2025', async () => {
    const d = await getJson(t, org.users.O, `/api/v1/analytics/dashboard?${Q1}`);
    expect(d.period).toEqual(Q1_PERIOD);
    expect(d.reporting_currency).toBe('USD');

    // Leads. Created in Q1: L1, L2, L4, L5, L8 = 5; in Q4: L3, L6, L7, L10 = 4.
    expect(d.new_leads).toEqual({ current: 5, previous: 4 });
    // Open now: L1, L4, L6, L9, L10 = 5; open and unassigned: L4, L6 = 2.
    expect(d.open_leads).toEqual({ current: 5, previous: null });
    expect(d.unassigned_leads).toEqual({ current: 2, previous: null });
    // Converted in Q1: L2 (10 Feb), L3 (15 Jan) = 2 of 5 created → 0.4; Q4: L7 = 1 of 4 → 0.25.
    near(d.conversion.current, 0.4, 'conversion');
    near(d.conversion.previous, 0.25, 'conversion previous');
    // Cohort: of Q1's L1, L2, L4, L5, L8 converted by now L2, L8 → 2/5 = 0.4;
    // of Q4's L3, L6, L7, L10 converted by now L3, L7 → 2/4 = 0.5.
    near(d.cohort_conversion.current, 0.4, 'cohort');
    near(d.cohort_conversion.previous, 0.5, 'cohort previous');

    // Won in Q1: D1, D2, D3, D4, D5, D6 = 6 (D10 reopened then lost, D21 reopened and open, D23 deleted);
    // Q4: D13, D25 (31 Dec 23:59:59.999) = 2.
    expect(d.won_deals).toEqual({ current: 6, previous: 2 });
    // Lost in Q1: D7, D8, D9, D10, D11 = 5 (D24 at 1 Apr 00:00 is after Q1; D28 abandoned counts in
    // neither); Q4: D14 = 1 (D12 abandoned).
    expect(d.lost_deals).toEqual({ current: 5, previous: 1 });
    // Win rate: 6 / (6 + 5) = 0.545454…; Q4: 2 / (2 + 1) = 0.666….
    near(d.win_rate.current, 6 / 11, 'win rate');
    near(d.win_rate.previous, 2 / 3, 'win rate previous');

    // Won value: USD D1 1,000,000 + D4 300,000 + D5 100,000 = 1,400,000; EUR D2 500,000 (won 21 Feb,
    // rate 1.20 → 600,000); GBP D3 200,000 (× 1.25 → 250,000); CHF D6 400,000 (no rate).
    // Total 1,400,000 + 600,000 + 250,000 = 2,250,000. Q4: D13 400,000 + D25 250,000 = USD 650,000.
    expect(d.won_value).toEqual({
      current: money({ USD: 1_400_000, EUR: 500_000, GBP: 200_000, CHF: 400_000 }, 2_250_000),
      previous: money({ USD: 650_000 }, 650_000),
    });
    // Average deal size per currency: USD 1,400,000 / 3 = 466,666.67 → 466,667; EUR 500,000; GBP
    // 200,000; CHF 400,000. Converted: mean of the converted amounts D1 1,000,000, D2 600,000,
    // D3 250,000, D4 300,000, D5 100,000 = 2,250,000 / 5 = 450,000 (CHF left out).
    // Q4: 650,000 / 2 = 325,000.
    expect(d.average_deal_size).toEqual({
      current: money({ USD: 466_667, EUR: 500_000, GBP: 200_000, CHF: 400_000 }, 450_000),
      previous: money({ USD: 325_000 }, 325_000),
    });
    // Sales cycle (days): D1 5 Jan 10:00 → 4 Feb 10:00 = 30; D2 2 Jan → 21 Feb 12:00 = 50.5;
    // D3 15 Dec → 25 Jan = 41; D4 from its first history entry 1 Nov (before created_at 1 Feb)
    // → 1 Mar = 30 + 31 + 31 + 28 = 120; D5 1 Mar → 31 Mar 23:30 = 30 + 23.5/24 = 30.979166…;
    // D6 15 Jan → 14 Feb = 30. Sorted 30, 30, 30.979…, 41, 50.5, 120 → median (30.979… + 41) / 2
    // = 35.989583…; mean 302.479166… / 6 = 50.413194…. Q4: D13 1 Oct → 15 Nov = 45; D25 1 Dec →
    // 31 Dec 23:59:59.999 = 30 + 86,399,999 / 86,400,000 = 30.99999998843; median = mean =
    // (45 + 30.99999998843) / 2 = 37.99999999421.
    const d5 = 30 + 23.5 / 24;
    const d25 = 30 + 86_399_999 / 86_400_000;
    near(d.sales_cycle_median_days.current, (d5 + 41) / 2, 'median cycle');
    near(d.sales_cycle_mean_days.current, (30 + 50.5 + 41 + 120 + d5 + 30) / 6, 'mean cycle');
    near(d.sales_cycle_median_days.previous, (45 + d25) / 2, 'median cycle previous');
    near(d.sales_cycle_mean_days.previous, (45 + d25) / 2, 'mean cycle previous');
    // Velocity: 6 won / (90 / 7) = 0.4666…; Q4 2 / (92 / 7) = 0.152173….
    near(d.velocity.current, 42 / 90, 'velocity');
    near(d.velocity.previous, 14 / 92, 'velocity previous');

    // Open now: D15, D16, D17, D18, D19, D20, D21 = 7.
    expect(d.open_deals).toEqual({ current: 7, previous: null });
    // Open value: USD D15 1,000,000 + D18 333,333 + D20 80,000 + D21 250,000 = 1,663,333; EUR D16
    // 200,000 (today 1.20 → 240,000); GBP D17 100,000 (→ 125,000); CHF D19 50,000 (no rate).
    // Total 1,663,333 + 240,000 + 125,000 = 2,028,333.
    expect(d.open_deals_value).toEqual({
      current: money({ USD: 1_663_333, EUR: 200_000, GBP: 100_000, CHF: 50_000 }, 2_028_333),
      previous: null,
    });
    // Weighted: D15 1,000,000 × 10 % = 100,000; D18 333,333 × 33 % = 109,999.89; D20 × 0 % = 0;
    // D21 250,000 × 70 % (stage) = 175,000 → USD 384,999.89 → 385,000; EUR D16 200,000 × 50 %
    // (override) = 100,000; GBP D17 100,000 × 70 % = 70,000; CHF D19 50,000 × 80 % = 40,000.
    // Total 384,999.89 + 100,000 × 1.20 + 70,000 × 1.25 = 384,999.89 + 120,000 + 87,500
    // = 592,499.89 → 592,500.
    expect(d.weighted_pipeline).toEqual({
      current: money({ USD: 385_000, EUR: 100_000, GBP: 70_000, CHF: 40_000 }, 592_500),
      previous: null,
    });

    // Activities (open tasks/meetings, everyone's): computed from the due times made in beforeAll.
    const [today, overdue] = activityFigures(['O', 'M', 'U']);
    expect(d.activities_due_today).toEqual({ current: today, previous: null });
    expect(d.activities_overdue).toEqual({ current: overdue, previous: null });
    expect(overdue).toBeGreaterThanOrEqual(2); // 3 days ago (O) and 1 minute ago (U)
  });

  it('funnel of the default pipeline (New business): entered, advanced, conversion, drop-off, days in stage', async () => {
    const f = await getJson(t, org.users.O, `/api/v1/analytics/funnel?${Q1}`);
    expect(f.period).toEqual(Q1_PERIOD);
    expect(f.pipeline).toEqual({ id: org.pipelines.P1.id, name: 'New business', kind: 'deal' });
    const [s1, s2, s3, sw, sl] = f.stages;
    expect(f.stages.map((s: { stage_id: string }) => s.stage_id)).toEqual(
      ['S1', 'S2', 'S3', 'SW', 'SL'].map((k) => stageId(k as StageKey)),
    );
    expect(f.stages.map((s: { kind: string }) => s.kind)).toEqual(['open', 'open', 'open', 'won', 'lost']);

    // Qualify entered in Q1: D1, D2, D5, D7, D9, D10, D15, D16, D20, D21, and D28 (its abandon
    // entry on 10 Feb stays in Qualify) = 11 (D3, D8, D17 entered in 2025; D23 deleted; D24 on
    // 1 Apr). Advanced later to Propose/Negotiate/Won: all but D15 and D28 = 9 → 9/11, drop 2.
    // Days: D1 5, D2 10, D5 30.979…, D7 5, D9 4, D10 10, D16 9, D20 10, D21 20 (D15 and D28's
    // abandon entry have not ended) → sum 103.979… / 9 = 11.553…; sorted 4, 5, 5, 9, 10, 10, 10,
    // 20, 30.98 → median 10.
    const d5 = 30 + 23.5 / 24;
    expect(s1).toMatchObject({ name: 'Qualify', position: 0, entered: 11, advanced: 9, drop_off: 2 });
    near(s1.conversion, 9 / 11, 'S1 conversion');
    near(s1.avg_days, (73 + d5) / 9, 'S1 avg');
    near(s1.median_days, 10, 'S1 median');
    // Propose entered: D1, D3, D7, D9, D10, D16, D20 = 7. Advanced: D1 (→ S3), D3 (→ Won), D9 (→ S3),
    // D10 (→ Won) = 4 → 4/7, drop 3. Days: D1 10, D3 20, D7 33 (8 Jan → 10 Feb), D9 10, D10 12
    // → 85 / 5 = 17; median 12.
    expect(s2).toMatchObject({ name: 'Propose', entered: 7, advanced: 4, drop_off: 3 });
    near(s2.conversion, 4 / 7, 'S2 conversion');
    near(s2.avg_days, 17, 'S2 avg');
    near(s2.median_days, 12, 'S2 median');
    // Negotiate entered: D1, D2, D9, D10 (10 Feb, after the reopen), D17 (15 Jan), D21 (5 Feb) = 6.
    // Advanced to Won after that entry: D1, D2 = 2 → 1/3, drop 4 (D10's win was before its S3 entry).
    // Days: D1 15, D2 40.5 (12 Jan → 21 Feb 12:00), D9 23, D10 23 → 101.5 / 4 = 25.375; median 23.
    expect(s3).toMatchObject({ name: 'Negotiate', entered: 6, advanced: 2, drop_off: 4 });
    near(s3.conversion, 2 / 6, 'S3 conversion');
    near(s3.avg_days, 25.375, 'S3 avg');
    near(s3.median_days, 23, 'S3 median');
    // Won entered: D1, D2, D3, D5, D10 (1 Feb), D21 (28 Jan) = 6; ended: D10 1 → 10 Feb = 9,
    // D21 28 Jan → 5 Feb = 8 → avg 8.5, median 8.5.
    expect(sw).toMatchObject({ kind: 'won', entered: 6, advanced: null, conversion: null, drop_off: null });
    near(sw.avg_days, 8.5, 'SW avg');
    near(sw.median_days, 8.5, 'SW median');
    // Lost entered: D7, D8, D9, D10 = 4; none has left → no days.
    expect(sl).toEqual({
      stage_id: stageId('SL'),
      name: 'Lost',
      kind: 'lost',
      position: 4,
      entered: 4,
      advanced: null,
      conversion: null,
      drop_off: null,
      avg_days: null,
      median_days: null,
    });
  });

  it('funnel of another pipeline (Renewals) with imported history', async () => {
    const f = await getJson(t, org.users.O, `/api/v1/analytics/funnel?${Q1}&pipeline_id=${org.pipelines.P2.id}`);
    expect(f.pipeline).toEqual({ id: org.pipelines.P2.id, name: 'Renewals', kind: 'deal' });
    const [r1, r2, rw, rl] = f.stages;
    // Review entered in Q1: D6, D11, D18, D19 = 4 (D4's entry is 1 Nov 2025). Advanced: D6 (→ Won),
    // D19 (→ Commit) = 2 → 0.5, drop 2. Days: D6 30, D11 28, D19 31 → 89 / 3 = 29.666…; median 30.
    expect(r1).toMatchObject({ name: 'Review', entered: 4, advanced: 2, drop_off: 2 });
    near(r1.conversion, 0.5, 'R1 conversion');
    near(r1.avg_days, 89 / 3, 'R1 avg');
    near(r1.median_days, 30, 'R1 median');
    // Commit entered: D19 (25 Feb) = 1 (D4's is 1 Dec 2025), not advanced, still there.
    expect(r2).toMatchObject({
      name: 'Commit',
      entered: 1,
      advanced: 0,
      conversion: 0,
      drop_off: 1,
      avg_days: null,
      median_days: null,
    });
    // Won: D4 (1 Mar), D6 (14 Feb) = 2; Lost: D11 = 1.
    expect(rw).toMatchObject({ kind: 'won', entered: 2, avg_days: null, median_days: null });
    expect(rl).toMatchObject({ kind: 'lost', entered: 1, avg_days: null, median_days: null });
  });

  it('forecast by owner and by pipeline, month by month', async () => {
    const byOwner = await getJson(t, org.users.O, `/api/v1/analytics/forecast?${Q1}&group_by=owner`);
    expect(byOwner.period).toEqual(Q1_PERIOD);
    expect(byOwner.group_by).toBe('owner');
    expect(byOwner.months).toEqual(['2026-01', '2026-02', '2026-03']);
    const row = (open: [number, object, object], won: [number, object], lost: [number, object]) => ({
      open_count: open[0],
      total: open[1],
      weighted: open[2],
      won_count: won[0],
      won: won[1],
      lost_count: lost[0],
      lost: lost[1],
    });
    const none = (n = 0) => [n, NONE] as [number, object];
    const O = member('O');
    const M = member('M');
    const U = member('U');
    // Open deals by expected close month (today's rates): Jan D17 (U); Feb D15 (O); Mar D16, D21 (M),
    // D19 (unassigned); D18 (Apr) and D20 (no date) nowhere. Won by won_at, lost by closed_at.
    const expectedOwner: Record<string, object> = {
      // U: open D17 GBP 100,000 (× 1.25 = 125,000), weighted × 70 % = 70,000 (→ 87,500);
      //    won D3 GBP 200,000 (→ 250,000).
      [`2026-01|${U}`]: row(
        [1, money({ GBP: 100_000 }, 125_000), money({ GBP: 70_000 }, 87_500)],
        [1, money({ GBP: 200_000 }, 250_000)],
        none(),
      ),
      // M: lost D8 EUR 100,000 on 15 Jan (rate 1.10 → 110,000).
      [`2026-01|${M}`]: row([0, NONE, NONE], none(), [1, money({ EUR: 100_000 }, 110_000)]),
      // O: open D15 USD 1,000,000, weighted × 10 % = 100,000; won D1 1,000,000; lost D7 200,000.
      [`2026-02|${O}`]: row(
        [1, money({ USD: 1_000_000 }, 1_000_000), money({ USD: 100_000 }, 100_000)],
        [1, money({ USD: 1_000_000 }, 1_000_000)],
        [1, money({ USD: 200_000 }, 200_000)],
      ),
      // M: won D2 EUR 500,000 (21 Feb, 1.20 → 600,000) and D6 CHF 400,000 (no rate) → 600,000.
      [`2026-02|${M}`]: row([0, NONE, NONE], [2, money({ CHF: 400_000, EUR: 500_000 }, 600_000)], none()),
      // O: won D5 USD 100,000 (31 Mar 23:30 UTC); lost D10 USD 150,000.
      [`2026-03|${O}`]: row(
        [0, NONE, NONE],
        [1, money({ USD: 100_000 }, 100_000)],
        [1, money({ USD: 150_000 }, 150_000)],
      ),
      // M: open D16 EUR 200,000 (→ 240,000) + D21 USD 250,000 = 490,000; weighted D16 × 50 % = EUR
      //    100,000 (→ 120,000) + D21 × 70 % = 175,000 → 295,000.
      [`2026-03|${M}`]: row(
        [2, money({ EUR: 200_000, USD: 250_000 }, 490_000), money({ EUR: 100_000, USD: 175_000 }, 295_000)],
        none(),
        none(),
      ),
      // U: won D4 USD 300,000; lost D9 USD 50,000.
      [`2026-03|${U}`]: row(
        [0, NONE, NONE],
        [1, money({ USD: 300_000 }, 300_000)],
        [1, money({ USD: 50_000 }, 50_000)],
      ),
      // Unassigned: open D19 CHF 50,000 (no rate → 0), weighted × 80 % = 40,000; lost D11 GBP 80,000
      //    (→ 100,000).
      [`2026-03|null`]: row([1, money({ CHF: 50_000 }, 0), money({ CHF: 40_000 }, 0)], none(), [
        1,
        money({ GBP: 80_000 }, 100_000),
      ]),
    };
    expectForecastRows(byOwner.rows, expectedOwner);

    const byPipeline = await getJson(t, org.users.O, `/api/v1/analytics/forecast?${Q1}&group_by=pipeline`);
    const P1 = org.pipelines.P1.id;
    const P2 = org.pipelines.P2.id;
    const expectedPipeline: Record<string, object> = {
      // Sales, Jan: open D17 GBP 100,000 / 70,000; won D3 GBP 200,000; lost D8 EUR 100,000 (→ 110,000).
      [`2026-01|${P1}`]: row(
        [1, money({ GBP: 100_000 }, 125_000), money({ GBP: 70_000 }, 87_500)],
        [1, money({ GBP: 200_000 }, 250_000)],
        [1, money({ EUR: 100_000 }, 110_000)],
      ),
      // Sales, Feb: open D15; won D1 USD 1,000,000 + D2 EUR 500,000 (→ 600,000) = 1,600,000; lost D7.
      [`2026-02|${P1}`]: row(
        [1, money({ USD: 1_000_000 }, 1_000_000), money({ USD: 100_000 }, 100_000)],
        [2, money({ EUR: 500_000, USD: 1_000_000 }, 1_600_000)],
        [1, money({ USD: 200_000 }, 200_000)],
      ),
      // Renewals, Feb: won D6 CHF 400,000 (no rate).
      [`2026-02|${P2}`]: row([0, NONE, NONE], [1, money({ CHF: 400_000 }, 0)], none()),
      // Sales, Mar: open D16 + D21 (as M's above); won D5 100,000; lost D9 50,000 + D10 150,000.
      [`2026-03|${P1}`]: row(
        [2, money({ EUR: 200_000, USD: 250_000 }, 490_000), money({ EUR: 100_000, USD: 175_000 }, 295_000)],
        [1, money({ USD: 100_000 }, 100_000)],
        [2, money({ USD: 200_000 }, 200_000)],
      ),
      // Renewals, Mar: open D19 CHF; won D4 300,000; lost D11 GBP 80,000 (→ 100,000).
      [`2026-03|${P2}`]: row(
        [1, money({ CHF: 50_000 }, 0), money({ CHF: 40_000 }, 0)],
        [1, money({ USD: 300_000 }, 300_000)],
        [1, money({ GBP: 80_000 }, 100_000)],
      ),
    };
    expectForecastRows(byPipeline.rows, expectedPipeline);
    const p1Row = byPipeline.rows.find((r: { group: { id: string } }) => r.group?.id === P1);
    expect(p1Row.group.name).toBe('New business');
  });

  it('distribution of open deals per stage, now', async () => {
    const p1 = await getJson(t, org.users.O, `/api/v1/analytics/distribution?${Q1}`);
    expect(p1.reporting_currency).toBe('USD');
    expect(p1.pipeline).toEqual({ id: org.pipelines.P1.id, name: 'New business', kind: 'deal' });
    expect(p1.stages).toEqual([
      // Qualify: D15 USD 1,000,000, × 10 % = 100,000.
      {
        stage_id: stageId('S1'),
        name: 'Qualify',
        count: 1,
        value: money({ USD: 1_000_000 }, 1_000_000),
        weighted: money({ USD: 100_000 }, 100_000),
      },
      // Propose: D16 EUR 200,000 (→ 240,000) + D20 USD 80,000 = 320,000; weighted D16 × 50 % = EUR
      // 100,000 (→ 120,000), D20 × 0 % = 0 (left out).
      {
        stage_id: stageId('S2'),
        name: 'Propose',
        count: 2,
        value: money({ EUR: 200_000, USD: 80_000 }, 320_000),
        weighted: money({ EUR: 100_000 }, 120_000),
      },
      // Negotiate: D17 GBP 100,000 (→ 125,000) + D21 USD 250,000 = 375,000; weighted × 70 % =
      // GBP 70,000 (→ 87,500) + USD 175,000 = 262,500.
      {
        stage_id: stageId('S3'),
        name: 'Negotiate',
        count: 2,
        value: money({ GBP: 100_000, USD: 250_000 }, 375_000),
        weighted: money({ GBP: 70_000, USD: 175_000 }, 262_500),
      },
    ]);
    const p2 = await getJson(t, org.users.O, `/api/v1/analytics/distribution?pipeline_id=${org.pipelines.P2.id}`);
    expect(p2.stages).toEqual([
      // Review: D18 USD 333,333, × 33 % = 109,999.89 → 110,000.
      {
        stage_id: stageId('R1'),
        name: 'Review',
        count: 1,
        value: money({ USD: 333_333 }, 333_333),
        weighted: money({ USD: 110_000 }, 110_000),
      },
      // Commit: D19 CHF 50,000 (no rate), × 80 % = 40,000.
      {
        stage_id: stageId('R2'),
        name: 'Commit',
        count: 1,
        value: money({ CHF: 50_000 }, 0),
        weighted: money({ CHF: 40_000 }, 0),
      },
    ]);
  });

  it('reps: one row per owner, per team, and the total', async () => {
    const r = await getJson(t, org.users.O, `/api/v1/analytics/reps?${Q1}`);
    expect(r.period).toEqual(Q1_PERIOD);
    const v = (won: number) => (won * 7) / 90;
    // Created in Q1: O D1, D5, D7, D10, D15, D18 = 6 (USD 1,000,000 + 100,000 + 200,000 + 150,000
    //   + 1,000,000 + 333,333 = 2,783,333); M D2, D6, D16, D21 = 4 (EUR 700,000 → D2 won 21 Feb
    //   and D16 open today, both 1.20 → 840,000; CHF 400,000; USD 250,000 → 1,090,000); U D4, D9,
    //   D20 = 3 (USD 430,000); unassigned D11, D19 = 2 (GBP 80,000 lost 20 Mar → 100,000; CHF 50,000).
    // Won/lost: O D1, D5 / D7, D10; M D2, D6 / D8; U D3, D4 / D9; unassigned – / D11.
    const expected = [
      {
        // Won value 1,100,000; avg size 550,000; days (30 + 30.979…) / 2.
        owner: { id: member('O'), name: 'Olivia Owner' },
        team_ids: [org.teams.B],
        created: 6,
        won: 2,
        lost: 2,
        win_rate: 0.5,
        created_value: money({ USD: 2_783_333 }, 2_783_333),
        won_value: money({ USD: 1_100_000 }, 1_100_000),
        average_deal_size: money({ USD: 550_000 }, 550_000),
        avg_days_to_close: (30 + 30 + 23.5 / 24) / 2,
        velocity: v(2),
      },
      {
        // Won EUR 500,000 (→ 600,000) + CHF 400,000 → 600,000; avg: converted D2 only → 600,000;
        // days (50.5 + 30) / 2 = 40.25.
        owner: { id: member('M'), name: 'Mark Manager' },
        team_ids: [org.teams.A],
        created: 4,
        won: 2,
        lost: 1,
        win_rate: 2 / 3,
        created_value: money({ CHF: 400_000, EUR: 700_000, USD: 250_000 }, 1_090_000),
        won_value: money({ CHF: 400_000, EUR: 500_000 }, 600_000),
        average_deal_size: money({ CHF: 400_000, EUR: 500_000 }, 600_000),
        avg_days_to_close: 40.25,
        velocity: v(2),
      },
      {
        // Won GBP 200,000 (→ 250,000) + USD 300,000 = 550,000; avg (250,000 + 300,000) / 2 = 275,000;
        // days (41 + 120) / 2 = 80.5.
        owner: { id: member('U'), name: 'Uma Member' },
        team_ids: [org.teams.A, org.teams.B].sort(),
        created: 3,
        won: 2,
        lost: 1,
        win_rate: 2 / 3,
        created_value: money({ USD: 430_000 }, 430_000),
        won_value: money({ GBP: 200_000, USD: 300_000 }, 550_000),
        average_deal_size: money({ GBP: 200_000, USD: 300_000 }, 275_000),
        avg_days_to_close: 80.5,
        velocity: v(2),
      },
      {
        owner: { id: null },
        team_ids: [],
        created: 2,
        won: 0,
        lost: 1,
        win_rate: 0,
        created_value: money({ CHF: 50_000, GBP: 80_000 }, 100_000),
        won_value: NONE,
        average_deal_size: NONE,
        avg_days_to_close: null,
        velocity: 0,
      },
    ];
    // Ordered by won value (converted) desc: O 1,100,000, M 600,000, U 550,000, unassigned 0.
    expect(r.reps.map((x: { owner: { id: string | null } }) => x.owner.id)).toEqual(expected.map((x) => x.owner.id));
    for (const [i, want] of expected.entries()) expectRep(r.reps[i], want, `rep ${i}`);

    // Team A = M + U: created 7 (CHF 400,000; EUR 700,000 → 840,000; USD 250,000 + 430,000 = 680,000
    //   → 1,520,000); won 4 (D2, D6, D3, D4: CHF 400,000, EUR 500,000 → 600,000, GBP 200,000 →
    //   250,000, USD 300,000 → 1,150,000); lost 2 (D8, D9) → 4/6; avg size per currency as won
    //   (one deal each), converted (600,000 + 250,000 + 300,000) / 3 = 383,333.33 → 383,333;
    //   days (50.5 + 30 + 41 + 120) / 4 = 60.375.
    // Team B = O + U: created 9 (USD 2,783,333 + 430,000 = 3,213,333); won 4 (D1, D5, D3, D4: GBP
    //   200,000 → 250,000; USD 1,400,000 → 1,650,000); lost 3 (D7, D10, D9) → 4/7; avg USD
    //   1,400,000 / 3 = 466,666.67 → 466,667, GBP 200,000, converted 1,650,000 / 4 = 412,500;
    //   days (30 + 30.979… + 41 + 120) / 4.
    const teams: Record<string, Record<string, unknown>> = {
      [org.teams.A]: {
        team: { id: org.teams.A, name: 'Team A' },
        member_count: 2,
        created: 7,
        won: 4,
        lost: 2,
        win_rate: 4 / 6,
        created_value: money({ CHF: 400_000, EUR: 700_000, USD: 680_000 }, 1_520_000),
        won_value: money({ CHF: 400_000, EUR: 500_000, GBP: 200_000, USD: 300_000 }, 1_150_000),
        average_deal_size: money({ CHF: 400_000, EUR: 500_000, GBP: 200_000, USD: 300_000 }, 383_333),
        avg_days_to_close: 60.375,
        velocity: v(4),
      },
      [org.teams.B]: {
        team: { id: org.teams.B, name: 'Team B' },
        member_count: 2,
        created: 9,
        won: 4,
        lost: 3,
        win_rate: 4 / 7,
        created_value: money({ USD: 3_213_333 }, 3_213_333),
        won_value: money({ GBP: 200_000, USD: 1_400_000 }, 1_650_000),
        average_deal_size: money({ GBP: 200_000, USD: 466_667 }, 412_500),
        avg_days_to_close: (30 + 30 + 23.5 / 24 + 41 + 120) / 4,
        velocity: v(4),
      },
    };
    expect(r.teams.map((x: { team: { id: string } }) => x.team.id).sort()).toEqual(Object.keys(teams).sort());
    for (const row of r.teams) expectRep(row, teams[row.team.id]!, `team ${row.team.name}`);

    // Total: created 15 (CHF 400,000 + 50,000 = 450,000; EUR 700,000 → 840,000; GBP 80,000 →
    //   100,000; USD 2,783,333 + 250,000 + 430,000 = 3,463,333 → 4,403,333); won/lost/value/size/days
    //   as the dashboard.
    expectRep(
      r.total,
      {
        created: 15,
        won: 6,
        lost: 5,
        win_rate: 6 / 11,
        created_value: money({ CHF: 450_000, EUR: 700_000, GBP: 80_000, USD: 3_463_333 }, 4_403_333),
        won_value: money({ USD: 1_400_000, EUR: 500_000, GBP: 200_000, CHF: 400_000 }, 2_250_000),
        average_deal_size: money({ USD: 466_667, EUR: 500_000, GBP: 200_000, CHF: 400_000 }, 450_000),
        avg_days_to_close: (30 + 50.5 + 41 + 120 + 30 + 23.5 / 24 + 30) / 6,
        velocity: v(6),
      },
      'total',
    );
  });

  it('reasons won and lost, grouped case- and space-insensitively', async () => {
    const r = await getJson(t, org.users.O, `/api/v1/analytics/reasons?${Q1}`);
    expect(r.period).toEqual(Q1_PERIOD);
    // Won: "Price" D1 (USD 1,000,000), D2 (EUR 500,000 → 600,000), "price " D4 (USD 300,000) → 3,
    //   total 1,900,000, shown "Price" (2 of 3 spellings); "Relationship" D3 (GBP 200,000 →
    //   250,000), D6 (CHF 400,000) → 2; none: D5 USD 100,000 → 1.
    expectReasons(r.won, [
      { reason: 'Price', count: 3, value: money({ EUR: 500_000, USD: 1_300_000 }, 1_900_000) },
      { reason: 'Relationship', count: 2, value: money({ CHF: 400_000, GBP: 200_000 }, 250_000) },
      { reason: null, count: 1, value: money({ USD: 100_000 }, 100_000) },
    ]);
    // Lost: "No budget" D8 (EUR 100,000, 15 Jan × 1.10 → 110,000), "no budget" D9 (USD 50,000),
    //   "No budget" D11 (GBP 80,000 → 100,000) → 3, total 260,000; "Price" D7 200,000; "Competitor"
    //   D10 150,000.
    expectReasons(r.lost, [
      { reason: 'No budget', count: 3, value: money({ EUR: 100_000, GBP: 80_000, USD: 50_000 }, 260_000) },
      { reason: 'Price', count: 1, value: money({ USD: 200_000 }, 200_000) },
      { reason: 'Competitor', count: 1, value: money({ USD: 150_000 }, 150_000) },
    ]);
  });

  it('drill-down records: totals and ids equal the figures', async () => {
    const drillO = async (q: string) => {
      const body = await getJson(t, org.users.O, `/api/v1/analytics/records?${Q1}&${q}`);
      return { total: body.total as number, ids: (body.data as Array<{ id: string }>).map((x) => x.id).sort(), body };
    };
    expect(await drillO('metric=deals_won').then((x) => [x.total, x.ids])).toEqual([
      6,
      dealIds('D1', 'D2', 'D3', 'D4', 'D5', 'D6'),
    ]);
    expect(await drillO('metric=deals_lost').then((x) => [x.total, x.ids])).toEqual([
      5,
      dealIds('D7', 'D8', 'D9', 'D10', 'D11'),
    ]);
    expect(await drillO('metric=deals_open').then((x) => [x.total, x.ids])).toEqual([
      7,
      dealIds('D15', 'D16', 'D17', 'D18', 'D19', 'D20', 'D21'),
    ]);
    expect(await drillO('metric=deals_created').then((x) => x.total)).toBe(15);
    expect(await drillO(`metric=deals_entered_stage&stage_id=${stageId('S1')}`).then((x) => [x.total, x.ids])).toEqual([
      11,
      dealIds('D1', 'D2', 'D5', 'D7', 'D9', 'D10', 'D15', 'D16', 'D20', 'D21', 'D28'),
    ]);
    expect(await drillO('metric=deals_forecast&month=2026-03').then((x) => [x.total, x.ids])).toEqual([
      3,
      dealIds('D16', 'D19', 'D21'),
    ]);
    expect(await drillO('metric=deals_lost_reason&reason=no%20budget').then((x) => [x.total, x.ids])).toEqual([
      3,
      dealIds('D8', 'D9', 'D11'),
    ]);
    expect(await drillO('metric=deals_won_reason').then((x) => [x.total, x.ids])).toEqual([1, dealIds('D5')]);
    const newLeads = await drillO('metric=leads_new');
    expect([newLeads.total, newLeads.ids]).toEqual([5, ['L1', 'L2', 'L4', 'L5', 'L8'].map((k) => lead[k]).sort()]);
    expect(newLeads.body.data.every((x: { entity: string }) => x.entity === 'lead')).toBe(true);
    expect(await drillO('metric=leads_unassigned').then((x) => [x.total, x.ids])).toEqual([
      2,
      [lead.L4, lead.L6].sort(),
    ]);
    expect(await drillO('metric=leads_converted').then((x) => [x.total, x.ids])).toEqual([
      2,
      [lead.L2, lead.L3].sort(),
    ]);
    // A record carries its amount, status, stage and owner.
    const won = await drillO('metric=deals_won');
    const d2 = won.body.data.find((x: { id: string }) => x.id === deal.D2);
    expect(d2).toMatchObject({
      entity: 'deal',
      name: 'D2',
      amount: { amount: 500_000, currency: 'EUR' },
      status: 'won',
      stage: { id: stageId('SW'), name: 'Won' },
      owner: { id: member('M'), name: 'Mark Manager' },
      created_at: '2026-01-02T00:00:00.000Z',
      closed_at: '2026-02-21T12:00:00.000Z',
    });
    // Paging: limit 2 over the 6 won deals walks all of them once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: { data: Array<{ id: string }>; next_cursor: string | null; total: number } = await getJson(
        t,
        org.users.O,
        `/api/v1/analytics/records?${Q1}&metric=deals_won&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(body.total).toBe(6);
      seen.push(...body.data.map((x) => x.id));
      cursor = body.next_cursor;
    } while (cursor && seen.length < 20);
    expect(seen.sort()).toEqual(dealIds('D1', 'D2', 'D3', 'D4', 'D5', 'D6'));
  });

  it("scope: a member sees their own figures, a manager their team's; others are 404", async () => {
    // Member U: won D3, D4; lost D9 → 2/3; open D17, D20; new leads L5; open leads L10.
    const u = await getJson(t, org.users.U, `/api/v1/analytics/dashboard?${Q1}`);
    expect([
      u.won_deals.current,
      u.lost_deals.current,
      u.open_deals.current,
      u.new_leads.current,
      u.open_leads.current,
    ]).toEqual([2, 1, 2, 1, 1]);
    near(u.win_rate.current, 2 / 3, 'member win rate');
    // Won value: GBP 200,000 (→ 250,000) + USD 300,000 = 550,000.
    expect(u.won_value.current).toEqual(money({ GBP: 200_000, USD: 300_000 }, 550_000));
    const [uToday, uOverdue] = activityFigures(['U']);
    expect([u.activities_due_today.current, u.activities_overdue.current]).toEqual([uToday, uOverdue]);
    const ur = await getJson(t, org.users.U, `/api/v1/analytics/reps?${Q1}`);
    expect(ur.reps.map((x: { owner: { id: string } }) => x.owner.id)).toEqual([member('U')]);
    expect(ur.total).toMatchObject({ created: 3, won: 2, lost: 1 });
    const ud = await drill(org.users.U, 'metric=deals_won');
    expect(ud).toEqual([2, dealIds('D3', 'D4')]);
    // Outside the member's scope: another owner, a team → 404.
    expect(
      (await as(t.app, org.users.U).get(`/api/v1/analytics/dashboard?${Q1}&owner_id=${member('O')}`)).statusCode,
    ).toBe(404);

    // Manager M (team A = M, U): won D2, D6, D3, D4; lost D8, D9; open D16, D21, D17, D20; new leads
    // L2, L8, L5.
    const m = await getJson(t, org.users.M, `/api/v1/analytics/dashboard?${Q1}`);
    expect([m.won_deals.current, m.lost_deals.current, m.open_deals.current, m.new_leads.current]).toEqual([
      4, 2, 4, 3,
    ]);
    // Won value as team A's: 1,150,000 (CHF left out).
    expect(m.won_value.current).toEqual(money({ CHF: 400_000, EUR: 500_000, GBP: 200_000, USD: 300_000 }, 1_150_000));
    const mr = await getJson(t, org.users.M, `/api/v1/analytics/reps?${Q1}`);
    expect(mr.reps.map((x: { owner: { id: string } }) => x.owner.id).sort()).toEqual([member('M'), member('U')].sort());
    // The manager narrows to the member: U's figures.
    const mu = await getJson(t, org.users.M, `/api/v1/analytics/dashboard?${Q1}&owner_id=${member('U')}`);
    expect([mu.won_deals.current, mu.lost_deals.current]).toEqual([2, 1]);
    // Team B (O, U) is not the manager's; the owner is outside the scope → 404.
    expect(
      (await as(t.app, org.users.M).get(`/api/v1/analytics/dashboard?${Q1}&team_id=${org.teams.B}`)).statusCode,
    ).toBe(404);
    expect((await as(t.app, org.users.M).get(`/api/v1/analytics/reps?${Q1}&owner_id=${member('O')}`)).statusCode).toBe(
      404,
    );
    // The owner narrows to team B: O + U's deals → won D1, D5, D3, D4; lost D7, D10, D9.
    const ob = await getJson(t, org.users.O, `/api/v1/analytics/dashboard?${Q1}&team_id=${org.teams.B}`);
    expect([ob.won_deals.current, ob.lost_deals.current]).toEqual([4, 3]);
    // owner_id=none: unassigned deals only → lost D11; open D19.
    const on = await getJson(t, org.users.O, `/api/v1/analytics/dashboard?${Q1}&owner_id=none`);
    expect([on.won_deals.current, on.lost_deals.current, on.open_deals.current]).toEqual([0, 1, 1]);
  });

  it('time zones: a deal won at 23:30 UTC on 31 March is in April in Paris', async () => {
    const day = async (date: string, tz: string) =>
      (
        await getJson(
          t,
          org.users.O,
          `/api/v1/analytics/dashboard?period=custom&from=${date}&to=${date}&time_zone=${tz}`,
        )
      ).won_deals.current;
    // D5 won 2026-03-31T23:30Z = 2026-04-01 01:30 Europe/Paris.
    expect(await day('2026-03-31', 'UTC')).toBe(1);
    expect(await day('2026-04-01', 'UTC')).toBe(0);
    expect(await day('2026-04-01', 'Europe/Paris')).toBe(1);
    expect(await day('2026-03-31', 'Europe/Paris')).toBe(0);
    // D25 won 2025-12-31T23:59:59.999Z: the last millisecond of 31 Dec in UTC, 1 Jan in Paris.
    expect(await day('2025-12-31', 'UTC')).toBe(1);
    expect(await day('2026-01-01', 'UTC')).toBe(0);
    expect(await day('2026-01-01', 'Europe/Paris')).toBe(1);
    // D24 lost at 2026-04-01T00:00:00.001Z: 1 April (UTC), not 31 March.
    const lost = async (date: string) =>
      (await getJson(t, org.users.O, `/api/v1/analytics/dashboard?period=custom&from=${date}&to=${date}`)).lost_deals;
    expect(await lost('2026-04-01')).toEqual({ current: 1, previous: 0 });
    const paris = await getJson(t, org.users.O, `/api/v1/analytics/dashboard?${Q1}&time_zone=Europe/Paris`);
    expect(paris.period).toEqual({ ...Q1_PERIOD, time_zone: 'Europe/Paris' });
    // Q1 in Paris loses D5 and gains D25 (won D1, D2, D3, D4, D6, D25 = 6; Q4: D13 = 1) and gains L10
    // (created 31 Dec 23:30 UTC = 1 Jan 00:30 Paris): new leads L1, L2, L4, L5, L8, L10 = 6; Q4 in
    // Paris: L3, L6, L7 = 3 (L11, 1 Apr 02:00 Paris, in neither).
    expect(paris.won_deals).toEqual({ current: 6, previous: 1 });
    expect(paris.new_leads).toEqual({ current: 6, previous: 3 });
    const custom = await getJson(
      t,
      org.users.O,
      `/api/v1/analytics/dashboard?period=custom&from=2026-04-01&to=2026-04-01&time_zone=Europe/Paris`,
    );
    expect(custom.period).toEqual({
      period: 'custom',
      from: '2026-04-01',
      to: '2026-04-01',
      previous_from: '2026-03-31',
      previous_to: '2026-03-31',
      time_zone: 'Europe/Paris',
      days: 1,
    });
    // Velocity of that day: 1 won / (1 / 7) = 7.
    near(custom.velocity.current, 7, 'velocity of one day');
  });

  it('accepts the canonical IANA name Asia/Kolkata (+05:30): Q1 there loses D5 (05:00 on 1 Apr)', async () => {
    // Asia/Kolkata is the IANA name of India's zone (Asia/Calcutta is its old alias). Q1 in Kolkata =
    // [2025-12-31T18:30Z, 2026-03-31T18:30Z): won D1, D2, D3, D4, D6, D25 = 6 (D5 at 23:30Z is 1 Apr).
    const res = await as(t.app, org.users.O).get(`/api/v1/analytics/dashboard?${Q1}&time_zone=Asia/Kolkata`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().won_deals.current).toBe(6);
  });
});

/** A drill-down as `user`: [total, sorted ids]. */
async function drill(user: { cookie: string }, q: string): Promise<[number, string[]]> {
  const body = await getJson(t, user, `/api/v1/analytics/records?${Q1}&${q}`);
  return [body.total, (body.data as Array<{ id: string }>).map((x) => x.id).sort()];
}

/** Compares forecast rows keyed `month|group id` with the expected ones; every other row must be empty. */
function expectForecastRows(rows: Array<Record<string, Json>>, expected: Record<string, object>) {
  const got = new Map(rows.map((r) => [`${r.month}|${r.group?.id ?? null}`, r]));
  expect(got.size, 'one row per month and group').toBe(rows.length);
  for (const [key, want] of Object.entries(expected)) {
    const r = got.get(key);
    expect(r, `forecast row ${key}`).toBeDefined();
    const { month: _m, group: _g, ...figures } = r!;
    expect(figures, `forecast row ${key}`).toEqual(want);
  }
  for (const [key, r] of got) {
    if (key in expected) continue;
    expect(
      [r.open_count, r.won_count, r.lost_count, r.total, r.weighted, r.won, r.lost],
      `forecast row ${key}`,
    ).toEqual([0, 0, 0, NONE, NONE, NONE, NONE]);
  }
  // Months in order.
  const months = rows.map((r) => r.month);
  expect(months).toEqual([...months].sort());
}

/** Compares a rep/team/total row: exact counts and money, ratios and days to 9 decimals. */
function expectRep(got: Record<string, Json>, want: Record<string, Json>, what: string) {
  const { win_rate, avg_days_to_close, velocity, owner, team_ids, ...exact } = want;
  const { win_rate: gw, avg_days_to_close: gd, velocity: gv, owner: go, team_ids: gt, ...rest } = got;
  for (const k of Object.keys(exact)) expect(rest[k], `${what}.${k}`).toEqual(exact[k]);
  near(gw, win_rate, `${what}.win_rate`);
  near(gd, avg_days_to_close, `${what}.avg_days_to_close`);
  near(gv, velocity, `${what}.velocity`);
  if (owner) {
    expect(go.id, `${what}.owner`).toBe(owner.id);
    if (owner.name) expect(go.name, `${what}.owner.name`).toBe(owner.name);
  }
  if (team_ids) expect([...gt].sort(), `${what}.team_ids`).toEqual(team_ids);
}

/** Reason rows: counts non-increasing; equal to the expected ones (ties in any order). */
type ReasonRow = { reason: string | null; count: number; value?: unknown };
function expectReasons(got: ReasonRow[], want: ReasonRow[]) {
  for (let i = 1; i < got.length; i++) expect(got[i - 1]!.count).toBeGreaterThanOrEqual(got[i]!.count);
  const key = (r: ReasonRow) => `${String(1e6 - r.count).padStart(7, '0')}|${r.reason ?? ''}`;
  expect([...got].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
    [...want].sort((a, b) => key(a).localeCompare(key(b))),
  );
}
