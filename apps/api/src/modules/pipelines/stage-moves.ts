/**
 * Moving every record of one stage to another stage of the same pipeline (a stage being deleted),
 * set-based: one statement writes the `stage_history` rows, one the `stage_changed` timeline entries
 * (one event per record), one moves the records.
 */
import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { generateNKeysBetween } from 'fractional-indexing';
import { uuidv7 } from '../../lib/ids.js';
import type { PipelineKind } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { deals, leads, stages } from '../../db/schema/index.js';
import { logTimelineBatch } from '../timeline/timeline.writer.js';

/** The record table a pipeline of `kind` boards. */
export const recordTableOf = (kind: PipelineKind) => (kind === 'leads' ? leads : deals);

/** A PostgreSQL array literal of values that need no quoting (uuids, fractional-indexing keys). */
const arrayLiteral = (values: string[]) => `{${values.join(',')}}`;

/**
 * Moves every lead or deal of stage `fromStageId` (live and in the recycle bin) to `toStageId`:
 * appended below the target column's cards keeping their order (new fractional-indexing keys after
 * the target's last key), `stage_entered_at` reset to now, version bumped, and one `stage_history`
 * row per record (status unchanged: both stages have the same kind) by `userId`. Returns how many
 * records moved. The caller has checked both stages (same pipeline, same kind).
 */
export async function moveStageRecords(
  tx: Tx,
  params: {
    orgId: string;
    kind: PipelineKind;
    pipelineId: string;
    fromStageId: string;
    toStageId: string;
    userId: string | null;
  },
): Promise<number> {
  const t = recordTableOf(params.kind);
  const rows = await tx
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.org_id, params.orgId), eq(t.stage_id, params.fromStageId)))
    .orderBy(asc(t.position), asc(t.id));
  if (!rows.length) return 0;
  const [last] = await tx
    .select({ position: max(t.position) })
    .from(t)
    .where(and(eq(t.org_id, params.orgId), eq(t.stage_id, params.toStageId)));
  const keys = generateNKeysBetween(last?.position ?? null, null, rows.length);
  const ids = arrayLiteral(rows.map((r) => r.id));
  const historyIds = arrayLiteral(rows.map(() => uuidv7()));
  const recordColumn = sql.raw(params.kind === 'leads' ? 'lead_id' : 'deal_id');
  await tx.execute(sql`
    insert into stage_history
      (org_id, id, ${recordColumn}, pipeline_id, from_stage_id, to_stage_id, from_status, to_status, changed_by)
    select r.org_id, v.hid, r.id, r.pipeline_id, r.stage_id, ${params.toStageId}::uuid, r.status, r.status,
           ${params.userId}::uuid
    from unnest(${ids}::uuid[], ${historyIds}::uuid[]) as v(rid, hid)
    join ${t} r on r.org_id = ${params.orgId} and r.id = v.rid`);
  const names = await tx
    .select({ id: stages.id, name: stages.name })
    .from(stages)
    .where(and(eq(stages.org_id, params.orgId), inArray(stages.id, [params.fromStageId, params.toStageId])));
  const ref = (id: string) => ({ id, name: names.find((s) => s.id === id)?.name ?? '' });
  const at = new Date();
  await logTimelineBatch(tx, {
    orgId: params.orgId,
    events: rows.map((r) => ({
      actorId: params.userId,
      type: 'stage_changed' as const,
      records: [{ type: params.kind === 'leads' ? ('lead' as const) : ('deal' as const), id: r.id }],
      data: { pipeline_id: params.pipelineId, from: ref(params.fromStageId), to: ref(params.toStageId) },
      occurredAt: at,
    })),
  });
  await tx.execute(sql`
    update ${t} set stage_id = ${params.toStageId}, position = v.pos, stage_entered_at = now(),
      updated_at = now(), version = ${t.version} + 1
    from unnest(${ids}::uuid[], ${arrayLiteral(keys)}::text[]) as v(rid, pos)
    where ${t.org_id} = ${params.orgId} and ${t.id} = v.rid`);
  return rows.length;
}
