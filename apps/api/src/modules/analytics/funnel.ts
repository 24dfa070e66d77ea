/**
 * `GET /api/v1/analytics/funnel` (contract `AnalyticsFunnel`/`FunnelStage`), one statement: per stage
 * of the pipeline, one range of `stage_history_stage_idx` (the stage's entries in the period; an
 * index-only scan, the index carries the columns below) aggregated on its own, so nothing is sorted
 * but each stage's durations for the median. It reads the facts the `stage_history` trigger stores
 * at write time (migration 0025) instead of window functions over the records' histories:
 *  - entered(S) = distinct records in scope with an entry `to_stage_id = S` in the period: the entries
 *    in the period that are their record's first into S in it (`prior_same_stage_at` null or before
 *    the period's start) — exactly one per record and stage;
 *  - advanced(S) = of those, records with a later entry (`changed_at` ≥ 1 ms later; times are whole
 *    milliseconds) into a stage further on — an open stage of the pipeline with a higher position or
 *    its won stage: `later_stage_ids` overlaps S's "further" set, built here from the stages' CURRENT
 *    positions, so editing a pipeline shows at once; conversion = advanced / entered; drop_off =
 *    entered − advanced (null for won/lost);
 *  - days in stage: each entry in the period whose record has a next entry (`next_changed_at`) gives
 *    (next − entry) / 86,400 s; mean and median (`percentile_cont(0.5)`).
 * Records in scope: live (not in the recycle bin) and, for a restricted caller, owned in scope. When
 * the caller sees every owner this is an anti-join with the few deleted records
 * (`deals_deleted_idx` / `leads_deleted_idx`) instead of a join with every record.
 * Stages in order: open by position, then won, then lost. Definitions: docs/ANALYTICS.md "Funnel".
 */
import { sql } from 'drizzle-orm';
import type { AnalyticsFunnel } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import type { PeriodWindow } from './period.js';
import type { PipelineRef } from './pipeline.js';
import { dealScope, historyColumn, inRange, leadScope } from './predicates.js';
import type { Scope } from './scope.js';

interface Row {
  stage_id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  position: number;
  entered: number;
  advanced: number;
  avg_days: number | null;
  median_days: number | null;
}

/**
 * The funnel of `pipeline` (deals or leads) in the period `period.current` (UTC instants,
 * half-open), for the records in `scope` (owner filter; the pipeline filter is `pipeline` itself).
 * Raises nothing itself (an unknown pipeline is refused by the caller's `PipelineRef` lookup).
 */
export async function funnel(
  tx: Tx,
  params: { scope: Scope; period: PeriodWindow; pipeline: PipelineRef },
): Promise<AnalyticsFunnel> {
  const { scope, period: p, pipeline } = params;
  const entity = pipeline.kind;
  const rid = historyColumn(entity);
  const table = sql.raw(entity === 'deal' ? 'deals' : 'leads');
  const owned =
    entity === 'deal' ? dealScope({ ...scope, pipelineId: null }) : leadScope({ ...scope, pipelineId: null });
  const inScope =
    scope.owners.kind === 'all'
      ? sql`and not exists (select 1 from ${table} x where x.org_id = h.org_id and x.id = ${rid} and x.deleted_at is not null)`
      : sql`and exists (select 1 from ${table} ${sql.raw(entity === 'deal' ? 'd' : 'l')}
                         where ${sql.raw(entity === 'deal' ? 'd' : 'l')}.id = ${rid} and ${owned})`;
  const first = sql`(h.prior_same_stage_at is null or h.prior_same_stage_at < ${p.current.start}::timestamptz)`;
  // date_part (float8), not extract (numeric since PostgreSQL 14): numeric arithmetic per row cost ~10 %.
  const days = sql`date_part('epoch', h.next_changed_at - h.changed_at) / 86400`;
  const rows = await queryRows<Row>(
    tx,
    sql`with st as materialized (
        select s.id, s.name, s.kind, s.position,
               array(select f.id from stages f
                      where f.org_id = s.org_id and f.pipeline_id = s.pipeline_id
                        and (f.kind = 'won' or (f.kind = 'open' and f.position > s.position))) as further
          from stages s where s.org_id = ${scope.orgId}::uuid and s.pipeline_id = ${pipeline.id}::uuid)
      select st.id as stage_id, st.name, st.kind, st.position, a.entered, a.advanced, a.avg_days, a.median_days
        from st cross join lateral (
          select count(*) filter (where ${first})::int as entered,
                 count(*) filter (where ${first} and st.kind = 'open' and h.later_stage_ids && st.further)::int as advanced,
                 (avg(${days}) filter (where h.next_changed_at is not null))::float8 as avg_days,
                 (percentile_cont(0.5) within group (order by ${days})
                   filter (where h.next_changed_at is not null))::float8 as median_days
            from stage_history h
           where h.org_id = ${scope.orgId}::uuid and h.to_stage_id = st.id and ${rid} is not null
             and ${inRange(sql`h.changed_at`, p.current)} ${inScope}) a
       order by case st.kind when 'open' then 0 when 'won' then 1 else 2 end, st.position, st.name`,
  );
  return {
    period: p.period,
    pipeline,
    stages: rows.map((r) => {
      const open = r.kind === 'open';
      return {
        stage_id: r.stage_id,
        name: r.name,
        kind: r.kind,
        position: r.position,
        entered: r.entered,
        advanced: open ? r.advanced : null,
        conversion: open && r.entered > 0 ? r.advanced / r.entered : null,
        drop_off: open ? r.entered - r.advanced : null,
        avg_days: r.avg_days,
        median_days: r.median_days,
      };
    }),
  };
}
