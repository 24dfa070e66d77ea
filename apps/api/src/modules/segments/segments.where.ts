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

/** Whether any condition, at any depth, names a custom field (`cf.<key>`). */
export function usesCustomFields(criteria: SegmentCriteria): boolean {
  const walk = (g: { conditions?: Array<{ field: string }>; groups?: unknown[] }): boolean =>
    (g.conditions ?? []).some((c) => c.field.startsWith('cf.')) ||
    (g.groups ?? []).some((sub) => walk(sub as Parameters<typeof walk>[0]));
  return walk(criteria as Parameters<typeof walk>[0]);
}

/** The active custom-field definitions the criteria need: none read unless a condition names one. */
function definitionsOf(tx: Tx, orgId: string, entity: SegmentEntity, criteria: SegmentCriteria) {
  if (!usesCustomFields(criteria)) return Promise.resolve([]);
  return listCustomFields(tx, { orgId, entity: SEGMENT_RECORD_TYPE[entity] });
}

/** The compiled criteria (400 with paths under `path` when a condition does not hold). */
export async function criteriaWhere(
  tx: Tx,
  params: { actor: Actor; entity: SegmentEntity; criteria: SegmentCriteria; path: string },
): Promise<SQL> {
  const defs = await definitionsOf(tx, params.actor.orgId, params.entity, params.criteria);
  return compileCriteria({ ...params, defs });
}

/**
 * Live, visible records of `entity` matching `where`, counted by records/list.ts `countRecords` (exact
 * up to `cap`, default 10,000; the live preview uses 1,000).
 */
export async function countMatching(
  tx: Tx,
  params: { actor: Actor; entity: SegmentEntity; where: SQL; cap?: number },
): Promise<{ total: number; total_capped: boolean }> {
  const table = tableOf(params.entity);
  return countRecords(tx, { table, where: and(liveVisible(table, params.actor), params.where), cap: params.cap });
}

const ENTITY_OF_RECORD = Object.fromEntries(Object.entries(SEGMENT_RECORD_TYPE).map(([k, v]) => [v, k])) as Record<
  string,
  SegmentEntity
>;

/**
 * The criteria of segment `segmentId` of the organisation, which must be a segment of `entity`:
 * another organisation's or unknown id → 404; a segment of another entity → 400 at `<path>.segment_id`.
 * What a list's `segment_id` filter and a saved view's `segment_id` both check.
 */
export async function segmentCriteriaOf(
  tx: Tx,
  params: { orgId: string; entity: SegmentEntity; segmentId: string; path: string },
): Promise<SegmentCriteria> {
  const { entity } = params;
  const [row] = await tx
    .select({ entity: segments.entity, criteria: segments.criteria })
    .from(segments)
    .where(and(eq(segments.org_id, params.orgId), eq(segments.id, params.segmentId)));
  if (!row) throw notFound('Segment');
  if (row.entity !== entity) {
    throw invalid([{ path: `${params.path}.segment_id`, message: `is a segment of ${row.entity}, not ${entity}` }]);
  }
  return row.criteria as unknown as SegmentCriteria;
}

/**
 * The `segment_id` list filter: loads the segment (see {@link segmentCriteriaOf}) and returns its
 * condition builder for the list's actor. Saved criteria that no longer compile (a custom field
 * since removed) → 400 under `segment.criteria`.
 */
export async function segmentFilter(
  tx: Tx,
  params: { orgId: string; recordType: string; segmentId: string; path: string },
): Promise<(actor: Actor) => SQL> {
  const entity = ENTITY_OF_RECORD[params.recordType]!;
  const criteria = await segmentCriteriaOf(tx, { ...params, entity });
  const defs = await definitionsOf(tx, params.orgId, entity, criteria);
  return (actor) => compileCriteria({ entity, criteria, actor, defs, path: 'segment.criteria' });
}
