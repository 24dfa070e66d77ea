/**
 * The figures of a board's columns: per stage the live records (unfiltered `record_count`) and, for
 * the cards the caller sees with the board's filters, their `count` and per currency Σ amount and
 * the probability-weighted sum (integer minor units; weighted = round(Σ amount × (own probability ??
 * stage probability) / 100), half away from zero, once per currency).
 *
 * Without a text or tag filter they come from `stage_totals` (kept by triggers, migration 0010):
 * a GROUP BY over at most stages × owners × currencies × statuses rows, whatever the pipeline's size.
 * The owner filter and the private visibility rule are conditions on its `owner_id`. With `q` or
 * `tag_id` they are aggregated from the records themselves, with the cards' own condition.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BoardAmount, BoardQuery, PipelineKind, Stage } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { deals, leads, stage_totals, stages } from '../../db/schema/index.js';
import { seesAll, visibleTo, type Actor } from '../records/actor.js';

export interface StageTotals {
  recordCount: number;
  count: number;
  amounts: BoardAmount[];
}

/** round(n / 100) half away from zero for a non-negative integer n given as text (exact, BigInt). */
const hundredth = (n: string) => Number((BigInt(n) + 50n) / 100n);

/** Column figures of a pipeline (or of one stage), keyed by stage id. */
export async function stageTotals(
  tx: Tx,
  params: {
    actor: Actor;
    kind: PipelineKind;
    pipelineId: string;
    stages: Stage[];
    stageId?: string | undefined;
    query: BoardQuery;
    /** The cards' condition (visibility and filters), for the scan when `q` or `tag_id` is set. */
    filter: SQL;
  },
): Promise<Map<string, StageTotals>> {
  return params.query.q || params.query.tag_id ? scannedTotals(tx, params) : summaryTotals(tx, params);
}

/** Appends one group's money to its stage (skipping groups without currency or amount). */
function add(
  out: Map<string, StageTotals>,
  stageId: string,
  row: { total: number; n: number; currency: string | null; sum: string | null; weighted: number },
) {
  const s = out.get(stageId) ?? { recordCount: 0, count: 0, amounts: [] };
  s.recordCount += row.total;
  s.count += row.n;
  if (row.currency !== null && row.sum !== null && row.n > 0) {
    const same = s.amounts.find((a) => a.currency === row.currency);
    if (same) {
      same.sum += Number(row.sum);
      same.weighted_sum += row.weighted;
    } else s.amounts.push({ currency: row.currency, sum: Number(row.sum), weighted_sum: row.weighted });
  }
  out.set(stageId, s);
}

const sorted = (out: Map<string, StageTotals>) => {
  for (const s of out.values()) s.amounts.sort((a, b) => a.currency.localeCompare(b.currency));
  return out;
};

async function summaryTotals(
  tx: Tx,
  params: {
    actor: Actor;
    kind: PipelineKind;
    pipelineId: string;
    stages: Stage[];
    stageId?: string | undefined;
    query: BoardQuery;
  },
): Promise<Map<string, StageTotals>> {
  const { actor, query } = params;
  const t = stage_totals;
  const owner =
    query.owner_id === 'none'
      ? isNull(t.owner_id)
      : query.owner_id === 'me'
        ? eq(t.owner_id, actor.membershipId)
        : query.owner_id
          ? eq(t.owner_id, query.owner_id)
          : undefined;
  const visible = seesAll(actor) ? sql`true` : visibleTo(actor, t.owner_id)!;
  const counted = and(visible, owner, params.kind === 'deals' ? sql`${t.status} <> 'abandoned'` : undefined)!;
  // A constant template with the caller's condition computed once per row (cheap to build).
  const rows = await queryRows<{
    stage_id: string;
    currency: string | null;
    total: number;
    n: number;
    sum: string;
    override: string;
    plain: string;
  }>(
    tx,
    sql`select stage_id, currency, sum(n)::int as total,
               coalesce(sum(n) filter (where counted), 0)::int as n,
               coalesce(sum(amount_sum) filter (where counted), 0)::text as sum,
               coalesce(sum(override_weighted) filter (where counted), 0)::text as override,
               coalesce(sum(default_amount) filter (where counted), 0)::text as plain
          from (select stage_id, currency, n, amount_sum, override_weighted, default_amount, (${counted}) as counted
                  from stage_totals
                 where org_id = ${actor.orgId} and pipeline_id = ${params.pipelineId}${
                   params.stageId ? sql` and stage_id = ${params.stageId}` : sql``
                 }) s
         group by stage_id, currency`,
  );
  const probability = new Map(params.stages.map((s) => [s.id, s.probability]));
  const out = new Map<string, StageTotals>();
  for (const r of rows) {
    const p = BigInt(probability.get(r.stage_id) ?? 0);
    const weighted = hundredth((BigInt(r.override) + p * BigInt(r.plain)).toString());
    add(out, r.stage_id, { total: r.total, n: r.n, currency: r.currency, sum: r.sum, weighted });
  }
  return sorted(out);
}

async function scannedTotals(
  tx: Tx,
  params: { actor: Actor; kind: PipelineKind; pipelineId: string; stageId?: string | undefined; filter: SQL },
): Promise<Map<string, StageTotals>> {
  const { pipelineId, filter } = params;
  const orgId = params.actor.orgId;
  const t = params.kind === 'leads' ? leads : deals;
  const amount = params.kind === 'leads' ? leads.expected_revenue_amount : deals.amount;
  const currency = params.kind === 'leads' ? leads.expected_revenue_currency : deals.currency;
  const rows = await tx
    .select({
      stage_id: t.stage_id,
      currency,
      total: sql<number>`count(*)::int`,
      n: sql<number>`(count(*) filter (where ${filter}))::int`,
      sum: sql<string | null>`((sum(${amount}) filter (where ${filter})))::text`,
      weighted: sql<
        string | null
      >`(round((sum(${amount}::numeric * coalesce(${t.probability}, ${stages.probability})) filter (where ${filter})) / 100))::text`,
    })
    .from(t)
    .innerJoin(stages, and(eq(stages.org_id, t.org_id), eq(stages.id, t.stage_id)))
    .where(
      and(
        eq(t.org_id, orgId),
        eq(t.pipeline_id, pipelineId),
        params.stageId ? eq(t.stage_id, params.stageId) : undefined,
        isNull(t.deleted_at),
      ),
    )
    .groupBy(t.stage_id, currency);
  const out = new Map<string, StageTotals>();
  for (const r of rows) add(out, r.stage_id, { ...r, weighted: Number(r.weighted ?? 0) });
  return sorted(out);
}

/**
 * The currencies of the organisation's live deals and of its live leads' expected revenue, sorted: read
 * from `stage_totals` (groups with records), so it costs a few rows however many deals there are.
 */
export async function currenciesInUse(tx: Tx, params: { orgId: string }): Promise<string[]> {
  const rows = await queryRows<{ currency: string }>(
    tx,
    sql`select distinct currency from stage_totals
         where org_id = ${params.orgId}::uuid and currency is not null and n > 0 order by 1`,
  );
  return rows.map((r) => r.currency);
}
