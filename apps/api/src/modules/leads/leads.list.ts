/** Lead lists: filters, whitelisted sorts, keyset pages, capped counts, statistics, recycle bin, bulk. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { roleAtLeast, type LEAD_SORTS, type LeadFilter, type LeadStats } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { leads, stages } from '../../db/schema/index.js';
import { forbidden } from '../../lib/errors.js';
import type { Actor } from '../records/actor.js';
import { runBulk, type BulkInput } from '../records/bulk.js';
import { bulkWithOwnerLog } from '../timeline/timeline.writer.js';
import { allOf, baseFilterConditions, filterContext } from '../records/filters.js';
import { recycleBinPage } from '../records/lifecycle.js';
import { countRecords, liveVisible, pageOfRecords, parseSort, type SortColumn } from '../records/list.js';
import { toLeads, type LeadRow } from './leads.view.js';

const SORTS: Record<(typeof LEAD_SORTS)[number], SortColumn> = {
  title: { column: leads.title, kind: 'text' },
  score: { column: leads.score, kind: 'number', nullable: true },
  created_at: { column: leads.created_at, kind: 'timestamp' },
  updated_at: { column: leads.updated_at, kind: 'timestamp' },
  next_follow_up_at: { column: leads.next_follow_up_at, kind: 'timestamp', nullable: true },
};

type Filter = Partial<LeadFilter> & Record<string, unknown>;

/** The condition of a lead filter (list query, count, stats or bulk `filter`) on top of org and visibility. */
async function filterConditions(tx: Tx, actor: Actor, filter: Filter, pathPrefix: string) {
  const ctx = await filterContext(tx, { orgId: actor.orgId, entity: 'lead', filter });
  const { defs } = ctx;
  const conds: Array<SQL | undefined> = baseFilterConditions('lead', actor, filter, ctx, pathPrefix);
  if (filter.pipeline_id) conds.push(eq(leads.pipeline_id, filter.pipeline_id));
  if (filter.stage_id) conds.push(eq(leads.stage_id, filter.stage_id));
  if (filter.status) conds.push(eq(leads.status, filter.status));
  if (filter.priority) conds.push(eq(leads.priority, filter.priority));
  if (filter.rating) conds.push(eq(leads.rating, filter.rating));
  if (filter.source) conds.push(sql`lower(${leads.source}) = ${filter.source.toLowerCase()}`);
  if (filter.segment) conds.push(sql`lower(${leads.segment}) = ${filter.segment.toLowerCase()}`);
  return { where: allOf(conds), defs };
}

/** `GET /leads`: one page of live leads the actor sees, in `sort` order after `cursor`. */
export async function listLeads(
  tx: Tx,
  params: { actor: Actor; query: Filter & { sort: string; limit: number; cursor?: string | undefined } },
) {
  const { actor, query } = params;
  const { where, defs } = await filterConditions(tx, actor, query, 'query');
  const sort = parseSort({ sort: query.sort, columns: SORTS, table: leads, defs });
  const page = await pageOfRecords(tx, {
    table: leads,
    where: and(liveVisible(leads, actor), where),
    sort,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { data: await toLeads(tx, actor.orgId, page.rows as LeadRow[]), next_cursor: page.next_cursor };
}

/** `GET /leads/count`: how many live leads the actor sees match the filters (exact up to 10,000). */
export async function countLeads(tx: Tx, params: { actor: Actor; filter: Filter }) {
  const { where } = await filterConditions(tx, params.actor, params.filter, 'query');
  return countRecords(tx, { table: leads, where: and(liveVisible(leads, params.actor), where) });
}

/**
 * `GET /leads/stats`, over the live leads the actor sees that match the filters: total, created in
 * the last 7 days (rolling, UTC), qualified (converted or in a won stage), unassigned. One statement.
 */
export async function leadStats(tx: Tx, params: { actor: Actor; filter: Filter }): Promise<LeadStats> {
  const { where } = await filterConditions(tx, params.actor, params.filter, 'query');
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  const [row] = await tx
    .select({
      total: sql<number>`count(*)::int`,
      new_this_week: sql<number>`(count(*) filter (where ${leads.created_at} >= ${weekAgo.toISOString()}::timestamptz))::int`,
      qualified: sql<number>`(count(*) filter (where ${leads.status} = 'converted' or ${stages.kind} = 'won'))::int`,
      unassigned: sql<number>`(count(*) filter (where ${leads.owner_id} is null))::int`,
    })
    .from(leads)
    .innerJoin(stages, and(eq(stages.org_id, leads.org_id), eq(stages.id, leads.stage_id)))
    .where(and(liveVisible(leads, params.actor), where));
  return row ?? { total: 0, new_this_week: 0, qualified: 0, unassigned: 0 };
}

/** The leads' recycle bin (deleted in the last 30 days), most recently deleted first. */
export async function leadRecycleBin(
  tx: Tx,
  params: { actor: Actor; q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const page = await recycleBinPage<typeof leads>(tx, { entity: 'lead', ...params });
  return { data: await toLeads(tx, params.actor.orgId, page.data), next_cursor: page.next_cursor };
}

/**
 * `POST /leads/bulk`: assign owner, add/remove tags, delete or restore, on ids or on a filter, in
 * one transaction with a result per lead. Assigning in bulk needs the manager role (403 for
 * members, who take leads one by one through `/assign`). An owner assignment is logged on each
 * changed lead's timeline (`field_changed`, one insert).
 */
export async function bulkLeads(tx: Tx, params: { actor: Actor; input: BulkInput & { filter?: Filter | undefined } }) {
  const { actor, input } = params;
  if (input.action === 'assign_owner' && !roleAtLeast(actor.role, 'manager')) {
    throw forbidden('Assigning leads in bulk needs the manager role; members take leads one at a time');
  }
  const filterWhere = input.filter ? (await filterConditions(tx, actor, input.filter, 'body.filter')).where : undefined;
  return bulkWithOwnerLog(tx, { type: 'lead', table: leads, actor, input, filterWhere }, () =>
    runBulk(tx, { entity: 'lead', actor, input, filterWhere }),
  );
}
