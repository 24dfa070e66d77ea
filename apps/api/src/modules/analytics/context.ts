/**
 * What every analytics request resolves first: the caller's scope (scope.ts), the period (period.ts)
 * and, for money reports, the reporting currency and rates (money.ts).
 */
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AnalyticsQuery } from '@relata/shared';
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
 * Scope (404s for foreign or out-of-scope filters), period (400 for a zone the database lacks) and
 * rates; turns JIT compilation off for the request transaction.
 */
export async function analyticsContext(req: FastifyRequest, query: Query): Promise<AnalyticsContext> {
  const actor = await recordActor(req);
  // The reports are short aggregate statements whose estimated cost on a large organisation passes
  // jit_above_cost: LLVM compilation would cost more than it saves (tens of ms per statement). Their
  // sorts and hashes (window functions over a year of stage history, the reps' roll-ups) spill to disk
  // at the default 4 MB work_mem: 64 MB for this transaction only took the reps statement from
  // 1.27–1.42 s to 0.89–0.93 s at 300,000 deals (bench/analytics).
  await req.tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
  const scope = await resolveScope(req.tx, {
    actor,
    owner_id: query.owner_id,
    team_id: query.team_id,
    pipeline_id: query.pipeline_id,
  });
  const period = await resolvePeriod(req.tx, query);
  const fx = await loadFx(req.tx, { orgId: actor.orgId, now: period.now });
  return { scope, period, fx };
}
