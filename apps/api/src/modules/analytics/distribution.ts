/**
 * `GET /api/v1/analytics/distribution` (contract `AnalyticsDistribution`): open records now per open
 * stage of the pipeline (by position) — count, Σ amount and weighted amount (Σ amount × effective
 * probability / 100), converted at today's rates. One statement over `stage_totals` (board totals kept
 * by triggers, migration 0010: weighted = (override_weighted + stage probability × default_amount) / 100),
 * so it never scans the deals. For a leads pipeline the amounts are the leads' expected revenue.
 */
import { sql } from 'drizzle-orm';
import type { AnalyticsDistribution } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { fxCte, moneyRollup, MoneyFigures, type Fx, type MoneyRow } from './money.js';
import type { PipelineRef, ReportStage } from './pipeline.js';
import { ownerCondition, type Scope } from './scope.js';

/**
 * The distribution of `pipeline`'s open records in scope, now: per open stage of `stages` (the
 * pipeline's, in board order, from pipeline.ts `reportPipeline`) the count, and Σ amount and weighted
 * amount as money figures (integer minor units per currency, converted at today's UTC rates into
 * `fx.reportingCurrency`). One statement. Raises nothing itself.
 */
export async function distribution(
  tx: Tx,
  params: { scope: Scope; fx: Fx; pipeline: PipelineRef; stages: ReportStage[] },
): Promise<AnalyticsDistribution> {
  const { scope, fx, pipeline } = params;
  const owner = ownerCondition(scope.owners, sql`t.owner_id`);
  const stages = params.stages.filter((s) => s.kind === 'open');
  const rows = await queryRows<MoneyRow & { count?: number }>(
    tx,
    sql`with ${fxCte(fx)},
      src as (
        select t.stage_id::text as key, f.fig, coalesce(t.currency, '') as currency, ${fx.todayUtc}::date as refday,
               case f.fig when 'value' then t.amount_sum
                 else (t.override_weighted + s.probability * t.default_amount) / 100 end as v,
               t.n::bigint as n
          from stage_totals t join stages s on s.org_id = t.org_id and s.id = t.stage_id
          cross join (values ('value'), ('weighted')) as f(fig)
         where t.org_id = ${scope.orgId}::uuid and t.pipeline_id = ${pipeline.id}::uuid and t.status = 'open'
           and t.n > 0 and s.kind = 'open' ${owner ? sql`and ${owner}` : sql``}),
      ${moneyRollup(fx)}
      select * from mout`,
  );
  // Leads without expected revenue have no currency: they count, but carry no money.
  const counted = new MoneyFigures(rows, fx.reportingCurrency);
  const money = new MoneyFigures(
    rows.filter((r) => r.currency !== ''),
    fx.reportingCurrency,
  );
  return {
    reporting_currency: fx.reportingCurrency,
    pipeline: { id: pipeline.id, name: pipeline.name, kind: pipeline.kind },
    stages: stages.map((s) => ({
      stage_id: s.id,
      name: s.name,
      count: counted.count(s.id, 'value'),
      value: money.get(s.id, 'value'),
      weighted: money.get(s.id, 'weighted'),
    })),
  };
}
