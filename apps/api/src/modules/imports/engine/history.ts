/**
 * History kept (issue 6 "History kept"): the stage, status and close times of an imported deal or
 * lead come from the file, and its `stage_history` rows are dated from the file, so funnel and
 * velocity figures over an imported history are that history's.
 *
 * - status follows the stage's kind (won → won / converted, lost → lost); a deal's `abandoned`
 *   status is kept in an open stage;
 * - deals: `won_at` = won_at ?? closed_at; `closed_at` = closed_at ?? won_at / lost_at; leads:
 *   `converted_at`, `lost_at`; missing close times fall back to created_at, then now;
 * - `stage_entered_at` = the file's, else the close time (closed records), else created_at;
 * - history of a created record: an entry into the pipeline's first open stage at created_at, then
 *   the move into its stage (and status) at stage_entered_at / the close time; a record created in
 *   its stage at once gets one entry;
 * - a matched record whose stage or status the file changes gets one entry for that move.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../../lib/ids.js';
import type { Tx } from '../../../db/client.js';
import type { PipelineRef, RunContext, StageRef } from './context.js';
import { addIssue, type ParsedRow } from './parse.js';
import { statusOfKind } from './relations.js';

const ms = (iso: unknown) => (typeof iso === 'string' ? Date.parse(iso) : NaN);

/** Stage, status and time columns of a deal or lead row placed in `stage` (see the module comment). */
export function placementColumns(
  entity: 'deals' | 'leads',
  r: ParsedRow,
  pipeline: PipelineRef,
  stage: StageRef,
  now: string,
): Record<string, unknown> {
  const v = r.values;
  let status = statusOfKind(entity, stage.kind);
  const given = v.status as string | undefined;
  if (given && given !== status) {
    if (entity === 'deals' && given === 'abandoned' && stage.kind === 'open') status = 'abandoned';
    else addIssue(r, 'status', `Status "${given}" does not match stage "${stage.name}": ${status} is used`, 'warning');
  }
  const created = (v.created_at as string | undefined) ?? now;
  const out: Record<string, unknown> = { pipeline_id: pipeline.id, stage_id: stage.id, status };
  let closeAt: string | null = null;
  if (entity === 'deals') {
    if (status === 'won') {
      closeAt = (v.won_at as string) ?? (v.closed_at as string) ?? created;
      out.won_at = closeAt;
      out.closed_at = (v.closed_at as string) ?? closeAt;
    } else if (status === 'lost') {
      closeAt = (v.lost_at as string) ?? (v.closed_at as string) ?? created;
      out.won_at = null;
      out.closed_at = closeAt;
    } else {
      out.won_at = null;
      out.closed_at = status === 'abandoned' ? ((v.closed_at as string) ?? created) : null;
    }
  } else {
    if (status === 'converted') closeAt = (v.converted_at as string) ?? created;
    else if (status === 'lost') closeAt = (v.lost_at as string) ?? created;
    out.converted_at = status === 'converted' ? closeAt : null;
    out.lost_at = status === 'lost' ? closeAt : null;
  }
  if (status !== 'lost' && v.lost_reason !== undefined) out.lost_reason = null;
  if (entity === 'deals' && status !== 'won' && v.won_reason !== undefined) out.won_reason = null;
  out.stage_entered_at = (v.stage_entered_at as string) ?? closeAt ?? created;
  return out;
}

interface HistoryRow {
  id: string;
  record_id: string;
  pipeline_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  from_status: string | null;
  to_status: string;
  changed_at: string;
}

/** The history rows of a created record (see the module comment). */
export function historyOfCreated(
  recordId: string,
  cols: Record<string, unknown>,
  pipeline: PipelineRef,
  now: string,
): HistoryRow[] {
  const created = (cols.created_at as string | undefined) ?? now;
  const entered = cols.stage_entered_at as string;
  const status = cols.status as string;
  const stageId = cols.stage_id as string;
  const first = pipeline.stages.find((s) => s.kind === 'open');
  const base = { record_id: recordId, pipeline_id: pipeline.id };
  if (!first || first.id === stageId || !(ms(entered) > ms(created))) {
    return [
      {
        ...base,
        id: uuidv7(),
        from_stage_id: null,
        to_stage_id: stageId,
        from_status: null,
        to_status: status,
        changed_at: entered,
      },
    ];
  }
  return [
    {
      ...base,
      id: uuidv7(),
      from_stage_id: null,
      to_stage_id: first.id,
      from_status: null,
      to_status: 'open',
      changed_at: created,
    },
    {
      ...base,
      id: uuidv7(),
      from_stage_id: first.id,
      to_stage_id: stageId,
      from_status: 'open',
      to_status: status,
      changed_at: entered,
    },
  ];
}

/**
 * The history row of a matched (updated) record whose stage or status the file changes: from its
 * stage and status before to the file's, dated the new `stage_entered_at` (from the file or the close
 * time, see {@link placementColumns}) when that changed, else `now`. None when neither changed.
 */
export function historyOfUpdated(
  recordId: string,
  cols: Record<string, unknown>,
  changed: Record<string, unknown>,
  before: Record<string, unknown>,
  now: string,
): HistoryRow[] {
  if (changed.stage_id === undefined && changed.status === undefined) return [];
  return [
    {
      id: uuidv7(),
      record_id: recordId,
      pipeline_id: cols.pipeline_id as string,
      from_stage_id: (before.stage_id ?? cols.stage_id) as string,
      to_stage_id: cols.stage_id as string,
      from_status: (before.status ?? cols.status) as string,
      to_status: cols.status as string,
      changed_at: (changed.stage_entered_at as string | undefined) ?? now,
    },
  ];
}

/** Inserts history rows in one statement (deals or leads). */
export async function insertHistory(tx: Tx, ctx: RunContext, entity: 'deals' | 'leads', rows: HistoryRow[]) {
  if (!rows.length) return;
  const col = sql.raw(entity === 'deals' ? 'deal_id' : 'lead_id');
  await tx.execute(sql`insert into stage_history
      (org_id, id, ${col}, pipeline_id, from_stage_id, to_stage_id, from_status, to_status, changed_at, changed_by)
    select ${ctx.orgId}::uuid, x.id, x.record_id, x.pipeline_id, x.from_stage_id, x.to_stage_id, x.from_status,
           x.to_status, x.changed_at, ${ctx.actor.userId}::uuid
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, record_id uuid, pipeline_id uuid,
      from_stage_id uuid, to_stage_id uuid, from_status text, to_status text, changed_at timestamptz)`);
}
