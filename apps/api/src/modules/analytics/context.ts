/**
 * What every analytics request resolves first: the caller's scope (scope.ts), the period (period.ts)
 * and, for money reports, the reporting currency and rates (money.ts) — each only when the report
 * uses it, since every statement is a round trip on every request (issue 8, Performance: the API
 * within 1.5× the raw SQL of the same request). Statements per request, after BEGIN and
 * `relata_begin_*` (plugins/tenancy.ts):
 *  - {@link analyticsContext} (dashboard, forecast, reps, reasons): planner settings, period, the
 *    reporting currency and rates (currencies/currencies.rates.ts `loadRates`: two);
 *  - {@link periodContext} (funnel, records): planner settings, period;
 *  - {@link snapshotContext} (distribution: figures as of now, over the trigger-kept `stage_totals`):
 *    the reporting currency and today's rates only.
 * The scope reads nothing for an owner, admin or viewer without filters (scope.ts).
 */
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AnalyticsQuery } from '@relata/shared';
import { todayIn } from '../../lib/calendar-date.js';
import { recordActor } from '../records/actor.js';
import { loadFx, type Fx } from './money.js';
import { resolvePeriod, type PeriodWindow } from './period.js';
import { resolveScope, type Scope } from './scope.js';

export interface AnalyticsContext {
  scope: Scope;
  period: PeriodWindow;
  fx: Fx;
}

type Query = Pick<
  AnalyticsQuery,
  'period' | 'date' | 'from' | 'to' | 'time_zone' | 'owner_id' | 'team_id' | 'pipeline_id'
>;

/**
 * The caller's scope. `pipelineChecked`: the route resolves `pipeline_id` itself (pipeline.ts
 * `reportPipeline`, 404 Pipeline), so the scope does not look it up a second time.
 */
async function scopeOf(req: FastifyRequest, query: Query, pipelineChecked = false): Promise<Scope> {
  const actor = await recordActor(req);
  return resolveScope(req.tx, {
    actor,
    owner_id: query.owner_id,
    team_id: query.team_id,
    pipeline_id: query.pipeline_id,
    pipelineChecked,
  });
}

/**
 * Turns JIT compilation off and raises work_mem for the request transaction only (`set_config(…,
 * true)` = SET LOCAL). The period reports are aggregate statements over up to a year of deals and
 * stage history whose estimated cost on a large organisation passes jit_above_cost: LLVM compilation
 * would cost more than it saves (tens of ms per statement). Their sorts and hashes spill to disk at
 * the default 4 MB work_mem: 64 MB took the reps statement from 1.27–1.42 s to 0.89–0.93 s at 300,000
 * deals (bench/analytics, before reps aggregated per day).
 */
async function plannerSettings(req: FastifyRequest): Promise<void> {
  await req.tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
}

/**
 * Scope (404 for foreign or out-of-scope filters), period (400 for a zone the database lacks) and
 * rates, with the planner settings; for the reports with money over a period.
 */
export async function analyticsContext(req: FastifyRequest, query: Query): Promise<AnalyticsContext> {
  const scope = await scopeOf(req, query);
  await plannerSettings(req);
  const period = await resolvePeriod(req.tx, query);
  const fx = await loadFx(req.tx, { orgId: scope.orgId, now: period.now });
  return { scope, period, fx };
}

/**
 * Scope and period with the planner settings, no rates: for the reports without money (funnel) and
 * the drill-down (records). `pipelineChecked` as in {@link snapshotContext}.
 */
export async function periodContext(
  req: FastifyRequest,
  query: Query,
  opts: { pipelineChecked?: boolean } = {},
): Promise<{ scope: Scope; period: PeriodWindow }> {
  const scope = await scopeOf(req, query, opts.pipelineChecked);
  await plannerSettings(req);
  const period = await resolvePeriod(req.tx, query);
  return { scope, period };
}

/**
 * Scope, rates as of now and today's date in `time_zone` (YYYY-MM-DD, for the CSV name), for a report
 * of figures as of now that ignores the period (distribution). No planner settings: its statement
 * reads the trigger-kept `stage_totals` (a few rows per stage), far below jit_above_cost and work_mem.
 * `time_zone` was checked by the contract (an IANA zone Intl knows). The route resolves the pipeline
 * itself (`pipeline_id` → 404 Pipeline there).
 */
export async function snapshotContext(
  req: FastifyRequest,
  query: Query,
  now = new Date(),
): Promise<{ scope: Scope; fx: Fx; todayDate: string }> {
  const scope = await scopeOf(req, query, true);
  const fx = await loadFx(req.tx, { orgId: scope.orgId, now: now.toISOString(), todayOnly: true });
  return { scope, fx, todayDate: todayIn(query.time_zone, now) };
}
