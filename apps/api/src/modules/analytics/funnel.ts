/**
 * `GET /api/v1/analytics/funnel` (contract `AnalyticsFunnel`/`FunnelStage`), one statement over
 * `stage_history`: the records in scope with an entry into the pipeline in the period
 * (`stage_history_pipeline_idx`), then each such record's history from the period's start (one
 * `stage_history_deal_idx`/`_lead_idx` range per record) with window functions:
 *  - entered(S) = distinct records in scope with an entry `to_stage_id = S` in the period;
 *  - advanced(S) = of those, records with an entry after (`changed_at` later; times are whole
 *    milliseconds) their first such entry into a later open stage (by position) or a won stage — the
 *    best stage score of the later rows (`max() over (range 1 ms following …)`, won = max int) beats
 *    S's position; conversion = advanced / entered; drop_off = entered − advanced (null for won/lost);
 *  - days in stage: each entry in the period whose record has a next entry (`lead()` by `changed_at`,
 *    then id) gives (next − entry) / 86,400 s; mean and median (`percentile_cont(0.5)`).
 * Stages in order: open by position, then won, then lost.
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

/** The funnel of `pipeline` in the period, for records in scope. */
export async function funnel(
  tx: Tx,
  params: { scope: Scope; period: PeriodWindow; pipeline: PipelineRef },
): Promise<AnalyticsFunnel> {
  const { scope, period: p, pipeline } = params;
  const entity = pipeline.kind;
  const rid = historyColumn(entity);
  const records =
    entity === 'deal'
      ? sql`join deals d on d.org_id = h.org_id and d.id = h.deal_id and ${dealScope({ ...scope, pipelineId: null })}`
      : sql`join leads l on l.org_id = h.org_id and l.id = h.lead_id and ${leadScope({ ...scope, pipelineId: null })}`;
  const rows = await queryRows<Row>(
    tx,
    sql`with st as materialized (
        select id, name, kind, position,
               case kind when 'won' then 2147483647 when 'open' then position end as score
          from stages where org_id = ${scope.orgId}::uuid and pipeline_id = ${pipeline.id}::uuid),
      e as materialized (
        select distinct ${rid} as rid
          from stage_history h ${records}
         where h.org_id = ${scope.orgId}::uuid and h.pipeline_id = ${pipeline.id}::uuid
           and h.to_stage_id in (select id from st) and ${inRange(sql`h.changed_at`, p.current)}),
      hist as materialized (
        select e.rid, x.id, x.to_stage_id, x.changed_at, st.score,
               lead(x.changed_at) over (partition by e.rid order by x.changed_at, x.id) as next_at
          from e cross join lateral (
            select h.id, h.to_stage_id, h.changed_at from stage_history h
             where h.org_id = ${scope.orgId}::uuid and ${rid} = e.rid and h.changed_at >= ${p.current.start}::timestamptz) x
          left join st on st.id = x.to_stage_id),
      marked as (
        select hist.*,
               max(score) over (partition by rid order by changed_at
                 range between interval '1 millisecond' following and unbounded following) as best_after,
               row_number() over (partition by rid, to_stage_id order by changed_at, id) as nth
          from hist),
      agg as materialized (
        select m.to_stage_id as sid,
               count(*) filter (where m.nth = 1)::int as entered,
               count(*) filter (where m.nth = 1 and st.kind = 'open' and m.best_after > st.position)::int as advanced,
               (avg(extract(epoch from (m.next_at - m.changed_at)) / 86400) filter (where m.next_at is not null))::float8 as avg_days,
               (percentile_cont(0.5) within group (order by extract(epoch from (m.next_at - m.changed_at)) / 86400)
                 filter (where m.next_at is not null))::float8 as median_days
          from marked m join st on st.id = m.to_stage_id
         where m.changed_at < ${p.current.end}::timestamptz
         group by m.to_stage_id)
      select st.id as stage_id, st.name, st.kind, st.position,
             coalesce(agg.entered, 0) as entered, coalesce(agg.advanced, 0) as advanced, agg.avg_days, agg.median_days
        from st left join agg on agg.sid = st.id
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
