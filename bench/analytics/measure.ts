/**
 * One read scenario of bench/analytics, API beside the raw SQL of the same request (as
 * lib/compare.ts measureRead, with a time budget): warm-up requests, one request's statements
 * captured at the driver, warm-up replays, then `requests` API requests and as many replays through
 * `pg`, interleaved in rounds. A scenario whose warm-up shows that `requests` API + SQL runs would
 * take longer than `budgetMs` runs fewer (never under `minRequests`) and is flagged `cut`.
 */
import type pg from 'pg';
import { replayPg, type Api, type Row } from '../lib/compare.js';

const WARMUP = 20;
/** An API request plus its SQL replay under this many ms is "fast"; fast scenarios run more requests. */
export const FAST_MS = 40;
/** How many times `requests` a fast scenario runs. */
export const FAST_FACTOR = 4;
/** Share of the budget the warm-ups (API, then SQL) may take each. */
const WARMUP_SHARE = 0.1;

export async function measureScenario(
  api: Api,
  client: pg.Client,
  params: {
    name: string;
    path: string;
    goal: number | null;
    requests: number;
    minRequests: number;
    round: number;
    budgetMs: number;
  },
): Promise<Row> {
  const get = async () => {
    const r = await api.get(params.path);
    if (r.status !== 200) throw new Error(`${params.path} → ${r.status} ${r.body.slice(0, 300)}`);
    return r.ms;
  };
  const warmApi: number[] = [];
  const t0 = performance.now();
  while (warmApi.length < WARMUP && (warmApi.length < 2 || performance.now() - t0 < params.budgetMs * WARMUP_SHARE))
    warmApi.push(await get());
  await api.captured();
  await get();
  const { statements } = await api.captured({ pause: true });
  const warmSql: number[] = [];
  const t1 = performance.now();
  while (warmSql.length < WARMUP && (warmSql.length < 2 || performance.now() - t1 < params.budgetMs * WARMUP_SHARE))
    warmSql.push(...(await replayPg(client, statements, 1, [])));
  const last = (xs: number[]) => xs.slice(-2).reduce((a, b) => a + b, 0) / Math.min(2, xs.length);
  const perIteration = last(warmApi) + last(warmSql);
  const affordable = Math.floor((params.budgetMs * (1 - 2 * WARMUP_SHARE)) / perIteration);
  // A request of a few milliseconds has a noisy median (one scheduler hiccup is a tenth of it) and
  // costs little: those run FAST_FACTOR × `requests` when the budget allows.
  const wanted = perIteration < FAST_MS ? params.requests * FAST_FACTOR : params.requests;
  const n = Math.max(params.minRequests, Math.min(wanted, affordable));
  const apiTimes: number[] = [];
  const sqlTimes: number[] = [];
  const perStatement: number[] = [];
  while (apiTimes.length < n) {
    const k = Math.min(params.round, n - apiTimes.length);
    for (let i = 0; i < k; i++) apiTimes.push(await get());
    sqlTimes.push(...(await replayPg(client, statements, k, perStatement)));
  }
  return {
    scenario: params.name,
    api: apiTimes,
    sql: sqlTimes,
    goal: params.goal,
    statements,
    perStatement: perStatement.map((t) => t / sqlTimes.length),
    cut: n < wanted,
  };
}
