/**
 * Segment criteria as a condition on a record list: what `POST /segments/preview`, a saved segment's
 * count and the lists' `segment_id` filter (records/filters.ts) share.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import { SEGMENT_RECORD_TYPE, type SegmentCriteria, type SegmentEntity } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { segments } from '../../db/schema/index.js';
import { invalid, notFound } from '../../lib/errors.js';
import type { Actor } from '../records/actor.js';
import { countRecords, liveVisible } from '../records/list.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import { compileCriteria } from './segments.compile.js';
import { tableOf } from './segments.fields.js';

/** The compiled criteria (400 with paths under `path` when a condition does not hold). */
export async function criteriaWhere(
  tx: Tx,
  params: { actor: Actor; entity: SegmentEntity; criteria: SegmentCriteria; path: string },
): Promise<SQL> {
  const defs = await listCustomFields(tx, { orgId: params.actor.orgId, entity: SEGMENT_RECORD_TYPE[params.entity] });
  return compileCriteria({ ...params, defs });
}

/** Live, visible records of `entity` matching `where`: count exact up to 10,000. */
export function countMatching(tx: Tx, params: { actor: Actor; entity: SegmentEntity; where: SQL }) {
  const table = tableOf(params.entity);
  return countRecords(tx, { table, where: and(liveVisible(table, params.actor), params.where) });
}

const ENTITY_OF_RECORD = Object.fromEntries(Object.entries(SEGMENT_RECORD_TYPE).map(([k, v]) => [v, k])) as Record<
  string,
  SegmentEntity
>;

/**
 * The `segment_id` list filter: loads the segment of the caller's organisation (another
 * organisation's or unknown id → 404) and returns its condition builder for the list's actor.
 * A segment of another entity → 400 at `<path>.segment_id`; saved criteria that no longer compile
 * (a custom field since removed) → 400 under `segment.criteria`.
 */
export async function segmentFilter(
  tx: Tx,
  params: { orgId: string; recordType: string; segmentId: string; path: string },
): Promise<(actor: Actor) => SQL> {
  const [row] = await tx
    .select({ entity: segments.entity, criteria: segments.criteria })
    .from(segments)
    .where(and(eq(segments.org_id, params.orgId), eq(segments.id, params.segmentId)));
  if (!row) throw notFound('Segment');
  const entity = ENTITY_OF_RECORD[params.recordType]!;
  if (row.entity !== entity) {
    throw invalid([{ path: `${params.path}.segment_id`, message: `is a segment of ${row.entity}, not ${entity}` }]);
  }
  const defs = await listCustomFields(tx, { orgId: params.orgId, entity: SEGMENT_RECORD_TYPE[entity] });
  const criteria = row.criteria as unknown as SegmentCriteria;
  return (actor) => compileCriteria({ entity, criteria, actor, defs, path: 'segment.criteria' });
}
