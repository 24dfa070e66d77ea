/**
 * Property test of the analytics reports (issue 8): random deals (pipelines, owners, currencies,
 * amounts, probability overrides, expected close dates, stage paths with times, won / lost /
 * abandoned / open, reopened and closed again, reasons in several spellings, imported history, the
 * recycle bin) and leads
 * (created, converted, lost) are written with SQL into one organisation, and the dashboard, forecast
 * (by owner and by pipeline), distribution, reps, reasons and funnel responses for a random period
 * and time zone (and the dashboard also as a member and as a manager) are compared with a plain
 * TypeScript computation of the contract's definitions (packages/shared/src/analytics.ts) over the
 * same rows — the reference below, written from the contract, not from the SQL.
 */
import fc from 'fast-check';
import { generateNKeysBetween } from 'fractional-indexing';
import { uuidv7 } from '../../lib/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import {
  createAnalyticsOrg,
  getJson,
  insertHistory,
  RATES,
  type AnalyticsOrg,
  type Role,
  type TestPipeline,
} from './analytics.fixtures.js';

let t: TestApp;
let org: AnalyticsOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await createAnalyticsOrg(t);
}, 120_000);
afterAll(async () => t?.close());

const DAY = 86_400_000;
/**
 * Random instants start in 2025-10-01 … 2026-06-28 (UTC), all in the past; periods lie in the middle
 * of that window so most runs have figures in them.
 */
const WINDOW_START = Date.parse('2025-10-01T00:00:00Z');
const WINDOW_DAYS = 270;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF'] as const;
const REASONS = ['Price', 'price', ' PRICE ', 'Timing', 'timing ', null] as const;

// ── generated data ─────────────────────────────────────────────────────────────────────────────

interface GenDeal {
  pipe: 'P1' | 'P2';
  owner: Role | null;
  currency: (typeof CURRENCIES)[number];
  amount: number;
  probability: number | null;
  /** Days after WINDOW_START. */
  ecd: number | null;
  /** Minutes after WINDOW_START of the first history entry. */
  start: number;
  /** Open stage positions entered, increasing (indices into the pipeline's open stages). */
  openPath: number[];
  /** Minutes between consecutive entries. */
  gaps: number[];
  end: 'open' | 'won' | 'lost' | 'abandoned';
  /** Minutes created_at is after the first entry (imported history) — 0 = same instant. */
  importedLag: number;
  reason: (typeof REASONS)[number];
  deleted: boolean;
  /**
   * A won or lost deal reopened (back to the last open stage, as the API does) after `gaps[3]` more
   * minutes, then left open or closed again; null = not reopened.
   */
  reopen: { then: 'open' | 'won' | 'lost'; gap: number } | null;
}

const dealArb: fc.Arbitrary<GenDeal> = fc.record({
  pipe: fc.constantFrom('P1' as const, 'P2' as const),
  owner: fc.constantFrom<Role | null>('O', 'M', 'U', null),
  currency: fc.constantFrom(...CURRENCIES),
  // ≥ 100 minor units and ≥ 1 %: no weighted amount rounds to 0 (which currencies a zero amount
  // names as converted or missing is not defined by the contract).
  amount: fc.integer({ min: 100, max: 5_000_000 }),
  probability: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null, freq: 2 }),
  ecd: fc.option(fc.noBias(fc.integer({ min: 0, max: WINDOW_DAYS })), { nil: null, freq: 4 }),
  start: fc.noBias(fc.integer({ min: 0, max: WINDOW_DAYS * 1440 })),
  openPath: fc.subarray([0, 1, 2], { minLength: 1 }),
  gaps: fc.array(fc.noBias(fc.integer({ min: 1, max: 45 * 1440 })), { minLength: 4, maxLength: 4 }),
  end: fc.constantFrom('open' as const, 'won' as const, 'lost' as const, 'abandoned' as const),
  importedLag: fc.oneof(fc.constant(0), fc.noBias(fc.integer({ min: 1, max: 60 * 1440 }))),
  reason: fc.constantFrom(...REASONS),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  reopen: fc.option(
    fc.record({
      then: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
      gap: fc.noBias(fc.integer({ min: 1, max: 30 * 1440 })),
    }),
    { nil: null, freq: 3 },
  ),
});

interface GenLead {
  owner: Role | null;
  created: number;
  status: 'open' | 'converted' | 'lost';
  after: number;
}
const leadArb: fc.Arbitrary<GenLead> = fc.record({
  owner: fc.constantFrom<Role | null>('O', 'M', 'U', null),
  created: fc.noBias(fc.integer({ min: 0, max: WINDOW_DAYS * 1440 })),
  status: fc.constantFrom('open' as const, 'converted' as const, 'lost' as const),
  after: fc.noBias(fc.integer({ min: 1, max: 60 * 1440 })),
});

/** Zones with DST on either side of UTC, and half-hour offsets with (Adelaide) and without (Kolkata) DST. */
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Adelaide', 'Asia/Kolkata'] as const;
const periodArb = fc.record({
  kind: fc.constantFrom('month' as const, 'quarter' as const, 'custom' as const),
  day: fc.noBias(fc.integer({ min: 60, max: 240 })),
  len: fc.noBias(fc.integer({ min: 1, max: 120 })),
  tz: fc.constantFrom(...ZONES),
});

// ── rows as stored ─────────────────────────────────────────────────────────────────────────────

interface Entry {
  stageId: string;
  at: number;
  status: string;
}
interface DealRow {
  id: string;
  pipelineId: string;
  stageId: string;
  owner: string | null;
  currency: string;
  amount: number;
  probability: number | null;
  stageProbability: number;
  ecd: string | null;
  status: 'open' | 'won' | 'lost' | 'abandoned';
  createdAt: number;
  wonAt: number | null;
  closedAt: number | null;
  wonReason: string | null;
  lostReason: string | null;
  deleted: boolean;
  history: Entry[];
}
interface LeadRow {
  id: string;
  owner: string | null;
  createdAt: number;
  status: string;
  convertedAt: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (ms: number) => iso(ms).slice(0, 10);
const at = (minutes: number) => WINDOW_START + minutes * 60_000;

function toDealRow(g: GenDeal): DealRow {
  const p: TestPipeline = org.pipelines[g.pipe];
  const open = p.stages.filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position);
  const path = g.openPath.filter((i) => i < open.length).map((i) => open[i]!);
  const stages = path.length ? path : [open[0]!];
  const history: Entry[] = [];
  let time = at(g.start);
  for (const [i, s] of stages.entries()) {
    if (i) time += g.gaps[i - 1]! * 60_000;
    history.push({ stageId: s.id, at: time, status: 'open' });
  }
  const last = history[history.length - 1]!;
  let stage = stages[stages.length - 1]!;
  if (g.end !== 'open') {
    time += g.gaps[3]! * 60_000;
    if (g.end === 'abandoned') history.push({ stageId: last.stageId, at: time, status: 'abandoned' });
    else {
      stage = p.stages.find((s) => s.kind === g.end)!;
      history.push({ stageId: stage.id, at: time, status: g.end });
    }
  }
  let status: DealRow['status'] = g.end;
  if (g.reopen && (g.end === 'won' || g.end === 'lost')) {
    // Reopened: into the last open stage (status open), then maybe won or lost again.
    const lastOpen = open[open.length - 1]!;
    time += g.gaps[3]! * 60_000;
    history.push({ stageId: lastOpen.id, at: time, status: 'open' });
    stage = lastOpen;
    status = g.reopen.then;
    if (status !== 'open') {
      time += g.reopen.gap * 60_000;
      stage = p.stages.find((s) => s.kind === status)!;
      history.push({ stageId: stage.id, at: time, status });
    }
  }
  const end = history[history.length - 1]!.at;
  return {
    id: uuidv7(),
    pipelineId: p.id,
    stageId: stage.id,
    owner: g.owner ? org.users[g.owner].membershipId : null,
    currency: g.currency,
    amount: g.amount,
    probability: g.probability,
    stageProbability: stage.probability,
    ecd: g.ecd === null ? null : dayOf(WINDOW_START + g.ecd * DAY),
    status,
    createdAt: history[0]!.at + g.importedLag * 60_000,
    wonAt: status === 'won' ? end : null,
    closedAt: status === 'open' ? null : end,
    wonReason: status === 'won' ? g.reason : null,
    lostReason: status === 'lost' ? g.reason : null,
    deleted: g.deleted,
    history,
  };
}

async function writeRows(deals: DealRow[], leads: LeadRow[]) {
  const db = t.database;
  await db.query('delete from deals where org_id = $1', [org.orgId]);
  await db.query('delete from leads where org_id = $1', [org.orgId]);
  const keys = generateNKeysBetween(null, null, deals.length + leads.length);
  for (const [i, d] of deals.entries()) {
    await db.query(
      `insert into deals (org_id, id, name, pipeline_id, stage_id, position, stage_entered_at, amount, currency, probability,
         expected_close_date, status, won_at, closed_at, won_reason, lost_reason, owner_id, created_at, updated_at, deleted_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)`,
      [
        org.orgId,
        d.id,
        `Deal ${i}`,
        d.pipelineId,
        d.stageId,
        keys[i],
        iso(d.history[d.history.length - 1]!.at),
        d.amount,
        d.currency,
        d.probability,
        d.ecd,
        d.status,
        d.wonAt === null ? null : iso(d.wonAt),
        d.closedAt === null ? null : iso(d.closedAt),
        d.wonReason,
        d.lostReason,
        d.owner,
        iso(d.createdAt),
        d.deleted ? iso(Date.now()) : null,
      ],
    );
    const p = d.pipelineId === org.pipelines.P1.id ? org.pipelines.P1 : org.pipelines.P2;
    await insertHistory(db, {
      orgId: org.orgId,
      pipelineId: d.pipelineId,
      stages: p.stages,
      dealId: d.id,
      history: d.history.map((h) => ({ stageId: h.stageId, at: iso(h.at), status: h.status })),
    });
  }
  for (const [i, l] of leads.entries()) {
    await db.query(
      `insert into leads (org_id, id, title, pipeline_id, stage_id, position, status, converted_at, lost_at, owner_id, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [
        org.orgId,
        l.id,
        `Lead ${i}`,
        org.leadPipeline.id,
        org.leadPipeline.stageId,
        keys[deals.length + i],
        l.status,
        l.status === 'converted' ? iso(l.convertedAt!) : null,
        l.status === 'lost' ? iso(l.convertedAt!) : null,
        l.owner,
        iso(l.createdAt),
      ],
    );
  }
}

// ── the reference: the contract's definitions in plain TypeScript ────────────────────────────────

interface Period {
  from: string;
  to: string;
  previous_from: string;
  previous_to: string;
  days: number;
  /** IANA zone of the calendar days. */
  tz: string;
}
const addDays = (d: string, n: number) => dayOf(Date.parse(`${d}T00:00:00Z`) + n * DAY);
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The period of `kind` containing `date` (a calendar day of `tz`), and the previous one. */
function resolvePeriod(kind: 'month' | 'quarter' | 'custom', date: string, len: number, tz: string): Period {
  if (kind === 'custom') {
    const to = addDays(date, len - 1);
    return { from: date, to, previous_from: addDays(date, -len), previous_to: addDays(date, -1), days: len, tz };
  }
  const [y, m] = date.split('-').map(Number) as [number, number];
  const span = kind === 'month' ? 1 : 3;
  const first = kind === 'month' ? m : Math.floor((m - 1) / 3) * 3 + 1;
  const start = Date.UTC(y, first - 1, 1);
  const next = Date.UTC(y, first - 1 + span, 1);
  const prev = Date.UTC(y, first - 1 - span, 1);
  return {
    from: dayOf(start),
    to: dayOf(next - DAY),
    previous_from: dayOf(prev),
    previous_to: dayOf(start - DAY),
    days: Math.round((next - start) / DAY),
    tz,
  };
}

/** UTC offset (ms) of `tz` at instant `ms`, from Intl's wall-clock parts. */
function offsetAt(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((x) => x.type === type)!.value);
  return (
    Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000
  );
}

/** The instant of 00:00 on calendar day `day` in `tz` (midnight exists in these zones). */
function midnight(day: string, tz: string): number {
  const wall = dayMs(day);
  let guess = wall - offsetAt(wall, tz);
  guess = wall - offsetAt(guess, tz);
  return guess;
}

interface Window {
  start: number;
  end: number;
  days: number;
}
/** The period and the previous one as half-open instants [00:00 of the first day, 00:00 after the last) in the zone. */
const windows = (p: Period): [Window, Window] => [
  { start: midnight(p.from, p.tz), end: midnight(addDays(p.to, 1), p.tz), days: p.days },
  {
    start: midnight(p.previous_from, p.tz),
    end: midnight(addDays(p.previous_to, 1), p.tz),
    days: Math.round((dayMs(p.previous_to) + DAY - dayMs(p.previous_from)) / DAY),
  },
];
const inW = (ms: number | null, w: Window) => ms !== null && ms >= w.start && ms < w.end;

/** Exact money: BigInt numerators over 10^14 (probability percent × 12 rate decimals). */
const SCALE = 10n ** 14n;
const RATE_SCALE = 10n ** 12n;
const rateUnits = (rate: string) => {
  const [i, f = ''] = rate.split('.');
  return BigInt(i!) * RATE_SCALE + BigInt((f + '0'.repeat(12)).slice(0, 12));
};
/** Half away from zero of num / den (both ≥ 0 here). */
const roundDiv = (num: bigint, den: bigint) => Number((2n * num + den) / (2n * den));

function rateOn(currency: string, day: string): bigint | null {
  const r = RATES.filter((x) => x.currency === currency && x.valid_from <= day).sort((a, b) =>
    a.valid_from < b.valid_from ? 1 : -1,
  )[0];
  return r ? rateUnits(r.rate) : null;
}

interface MoneyItem {
  currency: string;
  /** Amount × SCALE (so weighted amounts stay exact). */
  scaled: bigint;
  day: string;
}
const item = (d: DealRow, weighted = false): MoneyItem => ({
  currency: d.currency,
  scaled: BigInt(d.amount) * (weighted ? BigInt(d.probability ?? d.stageProbability) : 100n) * RATE_SCALE,
  day: refDay(d),
});
const TODAY = () => dayOf(Date.now());
/**
 * A deal's conversion day: won → `won_at`'s, lost → `closed_at`'s, open → today (UTC). The contract
 * names no day for abandoned deals (they count in `created_value`); like the API, their closing day.
 */
const refDay = (d: DealRow) =>
  d.status === 'won' ? dayOf(d.wonAt!) : d.status === 'open' ? TODAY() : dayOf(d.closedAt!);

/** A money figure (sum, or mean when `mean`) in reporting currency USD. */
function moneyFigure(items: MoneyItem[], mean = false) {
  const by = new Map<string, { sum: bigint; n: bigint }>();
  let total = 0n;
  let counted = 0n;
  const missing = new Set<string>();
  let converted = false;
  for (const it of items) {
    const b = by.get(it.currency) ?? { sum: 0n, n: 0n };
    b.sum += it.scaled;
    b.n += 1n;
    by.set(it.currency, b);
    if (it.currency === 'USD') {
      total += it.scaled;
      counted += 1n;
      continue;
    }
    const rate = rateOn(it.currency, it.day);
    if (rate === null) missing.add(it.currency);
    else {
      total += (it.scaled * rate) / RATE_SCALE; // exact: scaled carries 10^12 spare digits
      counted += 1n;
      converted = true;
    }
  }
  const by_currency = [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, b]) => ({ currency, amount: roundDiv(b.sum, SCALE * (mean ? b.n : 1n)) }))
    .filter((x) => x.amount !== 0);
  return {
    by_currency,
    total: {
      currency: 'USD',
      amount: mean ? (counted ? roundDiv(total, SCALE * counted) : 0) : roundDiv(total, SCALE),
      converted,
      missing_rates: [...missing].sort(),
    },
  };
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const cycleDays = (d: DealRow) => {
  const first = Math.min(...d.history.map((h) => h.at));
  const start = first < d.createdAt ? first : d.createdAt;
  return (d.wonAt! - start) / DAY;
};

const wonIn = (ds: DealRow[], w: Window) => ds.filter((d) => d.status === 'won' && inW(d.wonAt, w));
const lostIn = (ds: DealRow[], w: Window) => ds.filter((d) => d.status === 'lost' && inW(d.closedAt, w));

function dashboardRef(deals: DealRow[], leads: LeadRow[], p: Period) {
  const live = deals.filter((d) => !d.deleted);
  const [cur, prev] = windows(p);
  const won = (w: Window) => wonIn(live, w);
  const lost = (w: Window) => lostIn(live, w);
  const rate = (w: Window) =>
    won(w).length + lost(w).length ? won(w).length / (won(w).length + lost(w).length) : null;
  const created = (w: Window) => leads.filter((l) => inW(l.createdAt, w));
  const conv = (w: Window) =>
    created(w).length ? leads.filter((l) => inW(l.convertedAt, w)).length / created(w).length : null;
  const cohort = (w: Window) =>
    created(w).length ? created(w).filter((l) => l.status === 'converted').length / created(w).length : null;
  const open = live.filter((d) => d.status === 'open');
  const both = <T>(f: (w: Window) => T) => ({ current: f(cur), previous: f(prev) });
  return {
    open_leads: { current: leads.filter((l) => l.status === 'open').length, previous: null },
    new_leads: both((w) => created(w).length),
    unassigned_leads: { current: leads.filter((l) => l.status === 'open' && !l.owner).length, previous: null },
    open_deals: { current: open.length, previous: null },
    open_deals_value: { current: moneyFigure(open.map((d) => item(d))), previous: null },
    weighted_pipeline: { current: moneyFigure(open.map((d) => item(d, true))), previous: null },
    won_deals: both((w) => won(w).length),
    won_value: both((w) => moneyFigure(won(w).map((d) => item(d)))),
    lost_deals: both((w) => lost(w).length),
    win_rate: both(rate),
    conversion: both(conv),
    cohort_conversion: both(cohort),
    average_deal_size: both((w) =>
      moneyFigure(
        won(w).map((d) => item(d)),
        true,
      ),
    ),
    sales_cycle_median_days: both((w) => median(won(w).map(cycleDays))),
    sales_cycle_mean_days: both((w) => mean(won(w).map(cycleDays))),
    velocity: both((w) => won(w).length / (w.days / 7)),
  };
}

/** Months (YYYY-MM) meeting the period. */
function monthsOf(p: Period) {
  const out: string[] = [];
  let m = p.from.slice(0, 7);
  while (m <= p.to.slice(0, 7)) {
    out.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = dayOf(Date.UTC(y, mm, 1)).slice(0, 7);
  }
  return out;
}

/** Forecast rows keyed `month|group id` (groups by owner or pipeline), empty rows left out. */
function forecastRef(deals: DealRow[], p: Period, by: 'owner' | 'pipeline') {
  const live = deals.filter((d) => !d.deleted);
  const groupOf = (d: DealRow) => (by === 'owner' ? d.owner : d.pipelineId);
  const rows = new Map<string, object>();
  for (const month of monthsOf(p)) {
    const [y, mm] = month.split('-').map(Number) as [number, number];
    const w: Window = {
      start: midnight(`${month}-01`, p.tz),
      end: midnight(dayOf(Date.UTC(y, mm, 1)), p.tz),
      days: 0,
    };
    const owners = new Set(live.map(groupOf));
    for (const owner of owners) {
      const mine = live.filter((d) => groupOf(d) === owner);
      const open = mine.filter((d) => d.status === 'open' && d.ecd?.slice(0, 7) === month);
      const won = wonIn(mine, w);
      const lost = lostIn(mine, w);
      if (!open.length && !won.length && !lost.length) continue;
      rows.set(`${month}|${owner}`, {
        open_count: open.length,
        total: moneyFigure(open.map((d) => item(d))),
        weighted: moneyFigure(open.map((d) => item(d, true))),
        won_count: won.length,
        won: moneyFigure(won.map((d) => item(d))),
        lost_count: lost.length,
        lost: moneyFigure(lost.map((d) => item(d))),
      });
    }
  }
  return rows;
}

/** Open deals now per open stage of `pipeline` (by position): count, value, weighted. */
function distributionRef(deals: DealRow[], pipeline: TestPipeline) {
  const open = deals.filter((d) => !d.deleted && d.status === 'open');
  return pipeline.stages
    .filter((s) => s.kind === 'open')
    .sort((a, b) => a.position - b.position)
    .map((s) => {
      const here = open.filter((d) => d.stageId === s.id);
      return {
        stage_id: s.id,
        count: here.length,
        value: moneyFigure(here.map((d) => item(d))),
        weighted: moneyFigure(here.map((d) => item(d, true))),
      };
    });
}

function repFigures(deals: DealRow[], p: Period) {
  const [w] = windows(p);
  const created = deals.filter((d) => inW(d.createdAt, w));
  const won = wonIn(deals, w);
  const lost = lostIn(deals, w);
  return {
    created: created.length,
    won: won.length,
    lost: lost.length,
    win_rate: won.length + lost.length ? won.length / (won.length + lost.length) : null,
    created_value: moneyFigure(created.map((d) => item(d))),
    won_value: moneyFigure(won.map((d) => item(d))),
    average_deal_size: moneyFigure(
      won.map((d) => item(d)),
      true,
    ),
    avg_days_to_close: mean(won.map(cycleDays)),
    velocity: won.length / (w.days / 7),
  };
}

const spaced = (r: string | null) => (r === null ? null : r.trim().replace(/\s+/g, ' '));
const normReason = (r: string | null) => (r === null ? null : r.trim().replace(/\s+/g, ' ').toLowerCase());
function reasonsRef(deals: DealRow[], p: Period, kind: 'won' | 'lost') {
  const [w] = windows(p);
  const live = deals.filter((d) => !d.deleted);
  const rows = kind === 'won' ? wonIn(live, w) : lostIn(live, w);
  const groups = new Map<string | null, DealRow[]>();
  for (const d of rows) {
    const k = normReason(kind === 'won' ? d.wonReason : d.lostReason);
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  return [...groups.entries()].map(([k, ds]) => {
    const spellings = new Map<string, number>();
    for (const d of ds) {
      const s = kind === 'won' ? d.wonReason : d.lostReason;
      if (s !== null) spellings.set(s, (spellings.get(s) ?? 0) + 1);
    }
    const top = Math.max(0, ...spellings.values());
    return {
      key: k,
      /** The spellings a "most frequent" pick may show (ties allowed). */
      shown: k === null ? [null] : [...spellings.entries()].filter(([, n]) => n === top).map(([s]) => s),
      count: ds.length,
      value: moneyFigure(ds.map((d) => item(d))),
    };
  });
}

function funnelRef(deals: DealRow[], p: Period, pipeline: TestPipeline) {
  const [w] = windows(p);
  const live = deals.filter((d) => !d.deleted && d.pipelineId === pipeline.id);
  const order = [
    ...pipeline.stages.filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position),
    ...pipeline.stages.filter((s) => s.kind === 'won'),
    ...pipeline.stages.filter((s) => s.kind === 'lost'),
  ];
  const pos = (id: string) => pipeline.stages.find((s) => s.id === id)!;
  return order.map((s) => {
    let entered = 0;
    let advanced = 0;
    const days: number[] = [];
    for (const d of live) {
      const h = [...d.history].sort((a, b) => a.at - b.at);
      const entries = h.map((e, i) => ({ e, i })).filter(({ e }) => e.stageId === s.id && inW(e.at, w));
      if (!entries.length) continue;
      entered++;
      const first = entries[0]!.e;
      const further = h.some((e) => {
        const t2 = pos(e.stageId);
        return (
          e.at > first.at &&
          (t2.kind === 'won' || (t2.kind === 'open' && s.kind === 'open' && t2.position > s.position))
        );
      });
      if (further) advanced++;
      for (const { e, i } of entries) if (h[i + 1]) days.push((h[i + 1]!.at - e.at) / DAY);
    }
    const open = s.kind === 'open';
    return {
      stage_id: s.id,
      kind: s.kind,
      entered,
      advanced: open ? advanced : null,
      conversion: open && entered ? advanced / entered : null,
      drop_off: open ? entered - advanced : null,
      avg_days: mean(days),
      median_days: median(days),
    };
  });
}

// ── comparison helpers ─────────────────────────────────────────────────────────────────────────

/** Deep equality where numbers that are not integers compare to 9 decimals. */
function expectClose(got: unknown, want: unknown, path: string) {
  if (typeof want === 'number' && typeof got === 'number' && !Number.isInteger(want)) {
    expect(Math.abs(got - want), `${path}: got ${got}, want ${want}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
    return;
  }
  if (want && typeof want === 'object' && !Array.isArray(want)) {
    expect(got, path).toBeTypeOf('object');
    for (const k of Object.keys(want))
      expectClose((got as Record<string, unknown>)?.[k], (want as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got) ? got.length : -1, `${path}.length`).toBe(want.length);
    want.forEach((x, i) => expectClose((got as unknown[])[i], x, `${path}[${i}]`));
    return;
  }
  expect(got, path).toEqual(want);
}

const EMPTY = { by_currency: [], total: { currency: 'USD', amount: 0, converted: false, missing_rates: [] } };

// ── the properties ─────────────────────────────────────────────────────────────────────────────

/** One generated dataset and period, written to the database. */
interface Case {
  deals: DealRow[];
  /** Leads as the reference reads them (`convertedAt` only on converted leads). */
  leads: LeadRow[];
  period: Period;
  kind: 'month' | 'quarter' | 'custom';
  /** The report query of the period. */
  q: string;
}

/**
 * Runs `check` for random datasets (one report per property, so each report's verdict stands on
 * its own): deals, leads and a period are generated, written, and handed over. `check` says whether
 * its reference figures were non-trivial (something counted in the period).
 *
 * Batches of 25 runs, each with a fresh random seed, until at least 3 runs were non-trivial (at most
 * 4 batches): a report whose figures need rarer data (reasons need closed deals with a reason in the
 * period) once had 1 non-trivial run in 25, and a comparison of empty figures proves nothing.
 */
async function forEachCase(check: (c: Case) => Promise<boolean>) {
  let nonTrivial = 0;
  for (let batch = 0; batch < 4 && nonTrivial < 3; batch++) await runBatch();
  // The generator must reach the figures: most batches have something in the period
  // (typically 6–18 of 25 runs; reasons 3–9, once 1).
  expect(nonTrivial, 'runs with a non-zero figure').toBeGreaterThanOrEqual(3);

  async function runBatch() {
    await fc.assert(
      fc.asyncProperty(
        fc.array(dealArb, { maxLength: 16 }),
        fc.array(leadArb, { maxLength: 10 }),
        periodArb,
        async (gDeals, gLeads, gp) => {
          const deals = gDeals.map(toDealRow);
          const leads: LeadRow[] = gLeads.map((l) => ({
            id: uuidv7(),
            owner: l.owner ? org.users[l.owner].membershipId : null,
            createdAt: at(l.created),
            status: l.status,
            convertedAt: l.status === 'open' ? null : at(l.created + l.after),
          }));
          await writeRows(deals, leads);
          const date = dayOf(WINDOW_START + gp.day * DAY);
          const period = resolvePeriod(gp.kind, date, gp.len, gp.tz);
          const q =
            (gp.kind === 'custom'
              ? `period=custom&from=${period.from}&to=${period.to}`
              : `period=${gp.kind}&date=${date}`) + `&time_zone=${encodeURIComponent(gp.tz)}`;
          // `convertedAt` doubles as the loss time of lost leads; only converted ones count as converted.
          const refLeads = leads.map((l) => (l.status === 'converted' ? l : { ...l, convertedAt: null }));
          if (await check({ deals, leads: refLeads, period, kind: gp.kind, q })) nonTrivial++;
        },
      ),
      { numRuns: 25 },
    );
  }
}

describe('analytics reports equal a plain computation of the contract (property)', () => {
  it('dashboard', async () => {
    await forEachCase(async ({ deals, leads: leadsForRef, period, kind, q }) => {
      const dash = await getJson(t, org.users.O, `/api/v1/analytics/dashboard?${q}`);
      const { tz, ...days } = period;
      expect(dash.period).toEqual({ period: kind, ...days, time_zone: tz });
      const want = dashboardRef(deals, leadsForRef, period);
      for (const [k, v] of Object.entries(want)) expectClose(dash[k], v, `dashboard.${k}`);
      // Drill-downs list exactly the records behind the counts.
      const [w] = windows(period);
      const live = deals.filter((d) => !d.deleted);
      const drills: Array<[string, string[]]> = [
        ['deals_won', wonIn(live, w).map((d) => d.id)],
        ['deals_lost', lostIn(live, w).map((d) => d.id)],
        ['deals_open', live.filter((d) => d.status === 'open').map((d) => d.id)],
        ['deals_created', live.filter((d) => inW(d.createdAt, w)).map((d) => d.id)],
        ['leads_new', leadsForRef.filter((l) => inW(l.createdAt, w)).map((l) => l.id)],
      ];
      for (const [metric, ids] of drills) {
        const body = await getJson(t, org.users.O, `/api/v1/analytics/records?${q}&metric=${metric}&limit=100`);
        expect([body.total, body.data.map((x: { id: string }) => x.id).sort()], metric).toEqual([
          ids.length,
          [...ids].sort(),
        ]);
      }
      // Scope: the member sees their own deals and leads; the manager theirs and their team's (A = M, U).
      for (const [who, roles] of [
        ['U', ['U']],
        ['M', ['M', 'U']],
      ] as const) {
        const ids: Array<string | null> = roles.map((r) => org.users[r].membershipId);
        const scoped = await getJson(t, org.users[who], `/api/v1/analytics/dashboard?${q}`);
        const mine = dashboardRef(
          deals.filter((d) => ids.includes(d.owner)),
          leadsForRef.filter((l) => ids.includes(l.owner)),
          period,
        );
        for (const [k, v] of Object.entries(mine)) expectClose(scoped[k], v, `dashboard as ${who}.${k}`);
      }
      return want.won_deals.current + want.lost_deals.current + want.new_leads.current > 0;
    });
  }, 120_000);

  it('forecast by owner and by pipeline, and the distribution', async () => {
    await forEachCase(async ({ deals, period, q }) => {
      let rows = 0;
      for (const by of ['owner', 'pipeline'] as const) {
        const got = await getJson(t, org.users.O, `/api/v1/analytics/forecast?${q}&group_by=${by}`);
        expect(got.months).toEqual(monthsOf(period));
        const want = forecastRef(deals, period, by);
        const byKey = new Map<string, Record<string, unknown>>(
          got.rows.map((r: { month: string; group: { id: string | null } }) => [
            `${r.month}|${r.group?.id ?? null}`,
            r,
          ]),
        );
        for (const [key, v] of want) expectClose(byKey.get(key), v, `forecast by ${by} ${key}`);
        for (const [key, r] of byKey) {
          if (want.has(key)) continue;
          expect(
            [r.open_count, r.won_count, r.lost_count, r.total, r.weighted, r.won, r.lost],
            `forecast by ${by} ${key}`,
          ).toEqual([0, 0, 0, EMPTY, EMPTY, EMPTY, EMPTY]);
        }
        rows += want.size;
      }
      for (const pipe of [org.pipelines.P1, org.pipelines.P2]) {
        const got = await getJson(t, org.users.O, `/api/v1/analytics/distribution?pipeline_id=${pipe.id}`);
        expectClose(got.stages, distributionRef(deals, pipe), `distribution ${pipe.name}`);
      }
      return rows > 0;
    });
  }, 120_000);

  it('reps', async () => {
    await forEachCase(async ({ deals, period, q }) => {
      const reps = await getJson(t, org.users.O, `/api/v1/analytics/reps?${q}`);
      const live = deals.filter((d) => !d.deleted);
      expectClose(reps.total, repFigures(live, period), 'reps.total');
      for (const owner of [
        ...new Set(live.map((d) => d.owner)),
        ...(['O', 'M', 'U'] as const).map((r) => org.users[r].membershipId),
      ]) {
        const got = reps.reps.find((r: { owner: { id: string | null } }) => r.owner.id === owner);
        const wantRep = repFigures(
          live.filter((d) => d.owner === owner),
          period,
        );
        const empty = !wantRep.created && !wantRep.won && !wantRep.lost;
        if (!got) {
          expect(empty, `reps row of ${owner} missing`).toBe(true);
          continue;
        }
        expectClose(got, wantRep, `reps ${owner}`);
      }
      const teamMembers = { [org.teams.A]: ['M', 'U'], [org.teams.B]: ['O', 'U'] } as Record<string, Role[]>;
      for (const [teamId, roles] of Object.entries(teamMembers)) {
        const ids = roles.map((r) => org.users[r].membershipId);
        const got = reps.teams.find((r: { team: { id: string } }) => r.team.id === teamId);
        expect(got, `team ${teamId}`).toBeDefined();
        expectClose(
          got,
          {
            ...repFigures(
              live.filter((d) => d.owner && ids.includes(d.owner)),
              period,
            ),
            member_count: 2,
          },
          `team ${teamId}`,
        );
      }
      // Rows by won value (converted) desc.
      const wonTotals = reps.reps.map((r: { won_value: { total: { amount: number } } }) => r.won_value.total.amount);
      expect(wonTotals).toEqual([...wonTotals].sort((a: number, b: number) => b - a));
      const total = repFigures(live, period);
      return total.created + total.won + total.lost > 0;
    });
  }, 120_000);

  it('reasons', async () => {
    await forEachCase(async ({ deals, period, q }) => {
      const reasons = await getJson(t, org.users.O, `/api/v1/analytics/reasons?${q}`);
      for (const kind of ['won', 'lost'] as const) {
        const wantRows = reasonsRef(deals, period, kind);
        const gotRows = reasons[kind] as Array<{ reason: string | null; count: number; value: unknown }>;
        expect(gotRows.length, `reasons.${kind} rows`).toBe(wantRows.length);
        for (let i = 1; i < gotRows.length; i++)
          expect(gotRows[i - 1]!.count).toBeGreaterThanOrEqual(gotRows[i]!.count);
        for (const w of wantRows) {
          const g = gotRows.find((r) => normReason(r.reason) === w.key);
          expect(g, `reasons.${kind} ${w.key}`).toBeDefined();
          // The shown spelling is a most frequent one; the API may trim or collapse its spaces.
          expect(w.shown.map(spaced), `reasons.${kind} spelling`).toContain(spaced(g!.reason));
          expectClose(g, { count: w.count, value: w.value }, `reasons.${kind} ${w.key}`);
        }
      }
      return reasons.won.length + reasons.lost.length > 0;
    });
  }, 120_000);

  it('funnel of both deal pipelines', async () => {
    await forEachCase(async ({ deals, period, q }) => {
      let entered = 0;
      for (const pipe of [org.pipelines.P1, org.pipelines.P2]) {
        const f = await getJson(t, org.users.O, `/api/v1/analytics/funnel?${q}&pipeline_id=${pipe.id}`);
        const want = funnelRef(deals, period, pipe);
        expectClose(f.stages, want, `funnel ${pipe.name}`);
        entered += want.reduce((n, s) => n + s.entered, 0);
      }
      return entered > 0;
    });
  }, 120_000);
});
