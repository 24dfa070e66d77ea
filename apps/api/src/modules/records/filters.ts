/**
 * List filters every record type has: text search `q`, owner, tag, created/updated ranges and
 * custom fields. Each returns a condition for the record table or undefined.
 */
import { and, eq, getTableName, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { CustomField, CustomFieldEntity } from '@relata/shared';
import { customFilterConditions } from '../custom-fields/custom-values.js';
import type { Tx } from '../../db/client.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import type { Actor } from './actor.js';
import { RECORD_TABLES, type RecordTable } from './entities.js';
import { segmentFilter } from '../segments/segments.where.js';
import { escapeLike } from '../../db/sql.js';

export interface BaseFilter {
  q?: string | undefined;
  owner_id?: string | undefined;
  tag_id?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  updated_from?: string | undefined;
  updated_to?: string | undefined;
  /** A saved segment of the same entity (issue 7): its criteria are ANDed with the other filters. */
  segment_id?: string | undefined;
}

/**
 * What a list's filter needs read from the database before its conditions are built: the active
 * custom-field definitions (read only when a filter key or the sort names `cf.<key>`, so a plain list
 * page costs one statement less) and, for `segment_id`, the segment's compiled condition.
 */
export interface FilterContext {
  defs: CustomField[];
  /** The segment's condition for an actor; undefined without `segment_id`. */
  segment: ((actor: Actor) => SQL) | undefined;
}

/** No custom fields, no segment: for callers whose filters cannot name either (boards). */
export const NO_FILTER_CONTEXT: FilterContext = { defs: [], segment: undefined };

/**
 * Reads the {@link FilterContext} of `filter` (404 for a segment that does not exist; 400 at
 * `query.segment_id` for one of another entity, from segmentFilter).
 */
export async function filterContext(
  tx: Tx,
  params: { orgId: string; entity: CustomFieldEntity; filter: Record<string, unknown> },
): Promise<FilterContext> {
  const { filter } = params;
  const segment =
    typeof filter.segment_id === 'string'
      ? await segmentFilter(tx, {
          orgId: params.orgId,
          recordType: params.entity,
          segmentId: filter.segment_id,
          path: 'query',
        })
      : undefined;
  const sort = typeof filter.sort === 'string' ? filter.sort.replace(/^-/, '') : '';
  if (!sort.startsWith('cf.') && !Object.keys(filter).some((k) => k.startsWith('cf.'))) return { defs: [], segment };
  return { defs: await listCustomFields(tx, { orgId: params.orgId, entity: params.entity }), segment };
}

/**
 * `q`: case- and accent-insensitive substring of the record's search key (names, email, domain,
 * phones: `search_key`, `relata_unaccent(lower(…))`, the pg_trgm-indexed column global search uses),
 * so `jose` finds "José". The pattern goes through the same `relata_unaccent(lower())` in SQL (an
 * immutable function of a parameter: folded to a constant when planned, so the index serves it). A
 * query that looks like a phone number also matches by its digits, so `(415) 555-01` finds
 * `+1415555010…`.
 */
export function textSearch(searchKey: SQL | RecordTable['search_key'], q: string): SQL {
  const conds = [sql`${searchKey} like public.relata_unaccent(lower(${`%${escapeLike(q)}%`}))`];
  const digits = q.replace(/\D/g, '');
  if (/^[+\d\s().-]+$/.test(q) && digits.length >= 3 && digits !== q) {
    conds.push(sql`${searchKey} like ${`%${digits}%`}`);
  }
  return conds.length === 1 ? conds[0]! : sql`(${sql.join(conds, sql` or `)})`;
}

/** A range bound: a date means its whole day in UTC (`to` is inclusive of that day). */
function bound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00.000Z`);
    return end ? new Date(d.getTime() + 86_400_000) : d;
  }
  return new Date(end ? Date.parse(value) + 1 : value);
}

/** Conditions of the filters shared by all record lists (see BaseRecordFilter in @relata/shared). */
export function baseFilterConditions(
  entity: CustomFieldEntity,
  actor: Actor,
  filter: BaseFilter & Record<string, unknown>,
  ctx: FilterContext,
  pathPrefix: string,
): SQL[] {
  const { table, tagLinks } = RECORD_TABLES[entity];
  const t = table as RecordTable;
  const conds: Array<SQL | undefined> = [];
  if (filter.q) conds.push(textSearch(t.search_key, filter.q));
  if (filter.owner_id === 'none') conds.push(isNull(t.owner_id));
  else if (filter.owner_id === 'me') conds.push(eq(t.owner_id, actor.membershipId));
  else if (filter.owner_id) conds.push(eq(t.owner_id, filter.owner_id));
  if (filter.tag_id) {
    // Written out: the correlated reference must stay qualified with the outer table name.
    conds.push(
      sql`exists (select 1 from ${tagLinks} l where l.org_id = ${sql.raw(`"${getTableName(t)}"`)}.org_id and l.${sql.raw(tagLinks.record_id.name)} = ${sql.raw(`"${getTableName(t)}"`)}.id and l.tag_id = ${filter.tag_id}::uuid)`,
    );
  }
  if (filter.created_from) conds.push(gte(t.created_at, bound(filter.created_from, false)));
  if (filter.created_to) conds.push(lt(t.created_at, bound(filter.created_to, true)));
  if (filter.updated_from) conds.push(gte(t.updated_at, bound(filter.updated_from, false)));
  if (filter.updated_to) conds.push(lt(t.updated_at, bound(filter.updated_to, true)));
  conds.push(customFilterConditions({ column: t.custom_fields, defs: ctx.defs, query: filter, pathPrefix }));
  if (filter.segment_id) {
    if (!ctx.segment) throw new Error('segment_id filter without its FilterContext (filterContext())');
    conds.push(ctx.segment(actor));
  }
  return conds.filter((c): c is SQL => c !== undefined);
}

export const allOf = (conds: Array<SQL | undefined>) => and(...conds.filter((c): c is SQL => c !== undefined));
