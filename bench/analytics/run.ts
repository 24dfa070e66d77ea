/**
 * bench/analytics — the analytics reports at scale, through the real API and beside the raw SQL of the
 * same report (issue 8, Performance): one organisation with 300,000 deals in three pipelines and
 * 100,000 leads with their stage history (bench/seed-large-org; `--contacts` 100,000 by default, the
 * reports do not read contacts), on PostgreSQL, plus currency rates, won reasons, two teams and the
 * keys of an admin and of a member (analytics/seed.ts).
 *
 * Scenarios, per caller (the owner; an admin; the member owning the most deals, under the private
 * visibility rule, so their figures cover their own deals only) — reports over `--period` (default
 * `year`, the calendar year containing today, UTC):
 *   dashboard for period=month, quarter and year (goal p95 ≤ 300 ms); funnel of the default deals
 *   pipeline; forecast grouped by owner and by pipeline; distribution of the default deals pipeline;
 *   reps; reasons; one drill-down page (`/analytics/records?metric=deals_won`, 50 records with the
 *   figure's total) — each report p95 ≤ 500 ms (the issue names no goal for a drill-down page: it is
 *   held to the report goal).
 * Each (analytics/measure.ts): 20 warm-up requests, one request's statements captured at the driver
 * (lib/capture-server.ts: exact text and values, from BEGIN and `relata_begin_api_key(…)` — which
 * sets the role relata_app and the tenant settings, so the replay runs under the same role and RLS —
 * to COMMIT), 20 warm-up replays, then `--requests` (default 50) API requests and as many replays of
 * those statements through `pg`, interleaved in rounds of 10 — 4× as many for a scenario whose request
 * and replay take under 40 ms together (its median is the noisiest, and cheap to steady). A
 * scenario that would take longer than `--budget-seconds` (150) runs fewer, never under `--min-requests` (30), and is flagged "cut" (warm-ups
 * then stop at a tenth of the budget each, at least 2). Goal: API ≤ 1.5× the raw SQL (ratio of the medians; the p95 ratio is printed too).
 * "rows" is what the statements of one request returned to the driver: the figures are computed in
 * SQL, so it stays small whatever the number of deals.
 *
 * Before timing, every response is parsed with its contract and, per caller, the dashboard's open /
 * won / lost deal counts and the drill-down's total are recounted directly in SQL for the caller's scope.
 *
 *   npm run analytics -w bench                      # seeds (~2 min), measures, drops the database
 *   npm run analytics -w bench -- --keep | --reuse  # keep the seeded database / measure it again
 *   … --contacts 100000 --deals 300000 --leads 100000 --requests 50 --period year
 *   … --min-requests 30 --budget-seconds 150
 *   … --callers owner,admin,member                  # which callers to measure (default all three)
 *   … --explain                                     # EXPLAIN (ANALYZE, BUFFERS) of the slowest
 *                                                   # statement of each scenario over its p95 goal
 *                                                   # (--explain-all: of every scenario)
 */
import pg from 'pg';
import type { z } from 'zod';
import {
  AnalyticsDashboard,
  AnalyticsDistribution,
  AnalyticsForecast,
  AnalyticsFunnel,
  AnalyticsReasons,
  AnalyticsRecords,
  AnalyticsReps,
} from '@relata/shared';
import { Api, loadavg, pct, withCaptureServer, type Captured } from '../lib/compare.js';
import { benchArgs } from '../lib/seeded.js';
import type { SeedMember } from '../seed-large-org/seed.js';
import { explainSlowest } from './explain.js';
import { contractIssues, printDataSize, recount, type Scope } from './facts.js';
import { FAST_FACTOR, FAST_MS, measureScenario } from './measure.js';
import { analyticsDatabase } from './seed.js';
import { printAnalyticsStatements, printAnalyticsTable, verdict, type AnalyticsRow } from './table.js';

const { args, stateFile } = benchArgs('analytics', {
  contacts: { type: 'string', default: '100000' },
  deals: { type: 'string', default: '300000' },
  leads: { type: 'string', default: '100000' },
  requests: { type: 'string', default: '50' },
  'min-requests': { type: 'string', default: '30' },
  'budget-seconds': { type: 'string', default: '150' },
  period: { type: 'string', default: 'year' },
  callers: { type: 'string', default: 'owner,admin,member' },
  explain: { type: 'boolean', default: false },
  'explain-all': { type: 'boolean', default: false },
});
const ROUND = 10;
const MIN_REQUESTS = Math.max(1, Number(args['min-requests']));
const REQUESTS = Math.max(MIN_REQUESTS, Number(args.requests));
const BUDGET_MS = Number(args['budget-seconds']) * 1000;
const PERIOD = args.period;
if (!['week', 'month', 'quarter', 'year'].includes(PERIOD)) throw new Error(`--period: week, month, quarter or year`);
const DASHBOARD_GOAL = 300;
const REPORT_GOAL = 500;

interface Scenario {
  name: string;
  path: string;
  goal: number;
  schema: z.ZodType;
}

const A = '/api/v1/analytics';
const scenarios: Scenario[] = [
  ...(['month', 'quarter', 'year'] as const).map((p, i) => ({
    name: `${i + 1}. dashboard, ${p}`,
    path: `${A}/dashboard?period=${p}`,
    goal: DASHBOARD_GOAL,
    schema: AnalyticsDashboard,
  })),
  { name: '4. funnel (default deals pipeline)', path: `${A}/funnel?period=${PERIOD}`, schema: AnalyticsFunnel },
  { name: '5. forecast by owner', path: `${A}/forecast?period=${PERIOD}&group_by=owner`, schema: AnalyticsForecast },
  {
    name: '6. forecast by pipeline',
    path: `${A}/forecast?period=${PERIOD}&group_by=pipeline`,
    schema: AnalyticsForecast,
  },
  { name: '7. distribution (default pipeline)', path: `${A}/distribution`, schema: AnalyticsDistribution },
  { name: '8. reps', path: `${A}/reps?period=${PERIOD}`, schema: AnalyticsReps },
  { name: '9. reasons', path: `${A}/reasons?period=${PERIOD}`, schema: AnalyticsReasons },
  {
    name: '10. drill-down: deals won, page 1',
    path: `${A}/records?metric=deals_won&period=${PERIOD}&limit=50`,
    schema: AnalyticsRecords,
  },
].map((s) => ({ goal: REPORT_GOAL, ...s }));

interface Caller {
  label: string;
  key: string;
  member: SeedMember;
  scope: Scope;
}

/** Rows each statement returns to the driver (one replay, in order; its BEGIN … COMMIT included). */
async function rowsReturned(client: pg.Client, statements: Captured[]): Promise<number[]> {
  const out: number[] = [];
  for (const st of statements) {
    const r = await client.query({ text: st.text, values: st.params });
    out.push(Array.isArray(r.rows) ? r.rows.length : 0);
  }
  return out;
}

/**
 * Checks `caller`'s responses before timing: every scenario answers 200 and matches its contract;
 * the dashboard's open / won / lost deals and the drill-down total equal a direct recount in SQL.
 * Prints one line per check; returns the number of failed checks.
 */
async function checkCaller(api: Api, su: pg.Client, orgId: string, caller: Caller): Promise<number> {
  let failed = 0;
  for (const s of scenarios) {
    const r = await api.get(s.path);
    const issues = r.status === 200 ? contractIssues(s.schema, r.body) : `status ${r.status} ${r.body.slice(0, 200)}`;
    if (issues) {
      failed++;
      console.log(`  CHECK FAILED ${s.name}: ${issues}`);
    }
  }
  const dash = await api.page<z.infer<typeof AnalyticsDashboard>>(`${A}/dashboard?period=${PERIOD}`);
  const drill = await api.page<z.infer<typeof AnalyticsRecords>>(
    `${A}/records?metric=deals_won&period=${PERIOD}&limit=1`,
  );
  const sql = await recount(su, orgId, caller.scope, dash.period.from, dash.period.to);
  const pairs: Array<[string, number | null, number]> = [
    ['open deals', dash.open_deals.current, sql.open],
    [`won deals (${PERIOD})`, dash.won_deals.current, sql.won],
    [`lost deals (${PERIOD})`, dash.lost_deals.current, sql.lost],
    ['drill-down total (won)', drill.total, sql.won],
  ];
  for (const [, api_, db] of pairs) if (api_ !== db) failed++;
  console.log(
    `  checks (${dash.period.from} – ${dash.period.to}): ` +
      pairs
        .map(
          ([k, a, b]) =>
            `${k} ${a?.toLocaleString('en-US')} ${a === b ? '= SQL' : `≠ SQL ${b.toLocaleString('en-US')}`}`,
        )
        .join(', ') +
      `; won value ${dash.won_value.current.total.amount / 100} ${dash.won_value.current.total.currency}` +
      (dash.won_value.current.total.converted ? ' (converted)' : ''),
  );
  return failed;
}

const { url, seed, extra, drop } = await analyticsDatabase({ stateFile, args });
const callers = (
  [
    { label: 'owner', key: seed.apiKey, member: seed.owner, scope: { kind: 'all' } },
    { label: 'admin', key: extra.admin.key, member: extra.admin.member, scope: { kind: 'all' } },
    {
      label: 'member (private rule)',
      key: extra.member.key,
      member: extra.member.member,
      scope: { kind: 'owner', membershipId: extra.member.member.membershipId },
    },
  ] satisfies Caller[]
).filter((c) => args.callers.split(',').includes(c.label.split(' ')[0]!));
const results: { caller: Caller; rows: AnalyticsRow[] }[] = [];
const plans: string[] = [];
let failedChecks = 0;
try {
  const su = new pg.Client({ connectionString: url });
  await su.connect();
  try {
    await printDataSize(su, seed.orgId);
    await withCaptureServer({ url, apiKey: seed.apiKey, name: 'bench-analytics-sql' }, async (ownerApi, client) => {
      for (const caller of callers) {
        const api = new Api(ownerApi.base, caller.key);
        const owned = await su.query<{ n: string }>(
          `SELECT count(*) AS n FROM deals WHERE org_id = $1 AND owner_id = $2 AND deleted_at IS NULL`,
          [seed.orgId, caller.member.membershipId],
        );
        console.log(
          `\n${caller.label}: ${caller.member.name} (${caller.member.role}, owns ${Number(owned.rows[0]!.n).toLocaleString('en-US')} live deals)`,
        );
        failedChecks += await checkCaller(api, su, seed.orgId, caller);
        const rows: AnalyticsRow[] = [];
        for (const s of scenarios) {
          const row = await measureScenario(api, client, {
            ...s,
            requests: REQUESTS,
            minRequests: MIN_REQUESTS,
            round: ROUND,
            budgetMs: BUDGET_MS,
          });
          rows.push({ ...row, rows: await rowsReturned(client, row.statements) });
          console.log(
            `  ${s.name}: ${row.statements.length} statements, n=${row.api.length}, API p50 ${pct(row.api, 50).toFixed(1)} ms, ` +
              `SQL p50 ${pct(row.sql, 50).toFixed(1)} ms (${new Date().toISOString().slice(11, 19)}, load ${loadavg()})`,
          );
          if (args['explain-all'] || (args.explain && !verdict(row).p95))
            plans.push(`[${caller.label}] ${await explainSlowest(client, row)}`);
        }
        results.push({ caller, rows });
      }
    });
  } finally {
    await su.end();
  }
} finally {
  await drop();
}

const size = `${seed.counts.deals?.toLocaleString('en-US')} deals / ${seed.counts.leads?.toLocaleString('en-US')} leads`;
for (const { caller, rows } of results) {
  printAnalyticsTable(
    `PostgreSQL, ${size} — ${caller.label} (${caller.member.name}) — API over HTTP vs the same SQL through pg (ms)`,
    rows,
  );
}
console.log(
  `(${REQUESTS} sequential requests and as many SQL replays per scenario, ${REQUESTS * FAST_FACTOR} for one under ${FAST_MS} ms ` +
    `(n = fewer, but ≥ ${MIN_REQUESTS}, when ` +
    `that many would exceed --budget-seconds ${BUDGET_MS / 1000}), interleaved in rounds of ${ROUND}; ` +
    `reports over period=${PERIOD}; ratio = API p50 / SQL p50 (p95 / p95 in brackets); rows = rows returned to the driver ` +
    `by one request's statements; goals: dashboard p95 ≤ ${DASHBOARD_GOAL} ms, each report p95 ≤ ${REPORT_GOAL} ms, API ≤ 1.5× SQL)`,
);
if (results[0])
  printAnalyticsStatements(
    `Statements of one request (${results[0].caller.label}), captured at the driver: mean time in the SQL replay, rows returned`,
    results[0].rows,
  );
if (plans.length) console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the slowest statement\n${plans.join('\n\n')}`);
console.log(`\nchecks failed: ${failedChecks}`);
console.log(`load average at end: ${loadavg()}`);
