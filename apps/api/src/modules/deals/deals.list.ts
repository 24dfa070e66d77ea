/** Deal lists: filters, whitelisted sorts, keyset pages, capped counts, recycle bin, bulk. */
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DEAL_SORTS, DealFilter } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { deals } from '../../db/schema/index.js';
import { invalid } from '../../lib/errors.js';
import type { Actor } from '../records/actor.js';
import { runBulk, type BulkInput } from '../records/bulk.js';
import { bulkWithOwnerLog } from '../timeline/timeline.writer.js';
import { allOf, baseFilterConditions, filterContext } from '../records/filters.js';
import { recycleBinPage } from '../records/lifecycle.js';
import { countRecords, liveVisible, pageOfRecords, parseSort, type SortColumn } from '../records/list.js';
import { placeAtTop } from './deals.transitions.js';
import { toDeals, type DealRow } from './deals.view.js';

const SORTS: Record<(typeof DEAL_SORTS)[number], SortColumn> = {
  name: { column: deals.name, kind: 'text' },
  amount: { column: deals.amount, kind: 'number' },
  expected_close_date: { column: deals.expected_close_date, kind: 'date', nullable: true },
  created_at: { column: deals.created_at, kind: 'timestamp' },
  updated_at: { column: deals.updated_at, kind: 'timestamp' },
};

type Filter = Partial<DealFilter> & Record<string, unknown>;

/** The condition of a deal filter (list query or bulk `filter`) on top of org and visibility. */
async function filterConditions(tx: Tx, actor: Actor, filter: Filter, pathPrefix: string) {
  const ctx = await filterContext(tx, { orgId: actor.orgId, entity: 'deal', filter });
  const { defs } = ctx;
  const conds: Array<SQL | undefined> = baseFilterConditions('deal', actor, filter, ctx, pathPrefix);
  if (filter.pipeline_id) conds.push(eq(deals.pipeline_id, filter.pipeline_id));
  if (filter.stage_id) conds.push(eq(deals.stage_id, filter.stage_id));
  if (filter.status) conds.push(eq(deals.status, filter.status));
  if (filter.company_id) conds.push(eq(deals.company_id, filter.company_id));
  if (filter.contact_id) {
    conds.push(
      sql`exists (select 1 from deal_contacts dc where dc.org_id = "deals".org_id and dc.deal_id = "deals".id and dc.contact_id = ${filter.contact_id}::uuid)`,
    );
  }
  if (filter.type) conds.push(eq(deals.type, filter.type));
  if (filter.priority) conds.push(eq(deals.priority, filter.priority));
  if (filter.currency) conds.push(eq(deals.currency, filter.currency));
  if (filter.amount_min !== undefined) conds.push(gte(deals.amount, filter.amount_min));
  if (filter.amount_max !== undefined) conds.push(lte(deals.amount, filter.amount_max));
  if (filter.expected_close_from) conds.push(gte(deals.expected_close_date, filter.expected_close_from));
  if (filter.expected_close_to) conds.push(lte(deals.expected_close_date, filter.expected_close_to));
  if (
    filter.amount_min !== undefined &&
    filter.amount_max !== undefined &&
    Number(filter.amount_min) > Number(filter.amount_max)
  ) {
    throw invalid([{ path: `${pathPrefix}.amount_max`, message: 'must not be below amount_min' }]);
  }
  return { where: allOf(conds), defs };
}

/**
 * `GET /deals`: one page of live deals the actor sees, in `sort` order (name, amount,
 * expected_close_date, created_at, updated_at or cf.<key>; `-` descending), after `cursor`.
 */
export async function listDeals(
  tx: Tx,
  params: { actor: Actor; query: Filter & { sort: string; limit: number; cursor?: string | undefined } },
) {
  const { actor, query } = params;
  const { where, defs } = await filterConditions(tx, actor, query, 'query');
  const sort = parseSort({ sort: query.sort, columns: SORTS, table: deals, defs });
  const page = await pageOfRecords(tx, {
    table: deals,
    where: and(liveVisible(deals, actor), where),
    sort,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { data: await toDeals(tx, actor.orgId, page.rows as DealRow[]), next_cursor: page.next_cursor };
}

/** `GET /deals/count`: how many live deals the actor sees match the filters (exact up to 10,000). */
export async function countDeals(tx: Tx, params: { actor: Actor; filter: Filter }) {
  const { where } = await filterConditions(tx, params.actor, params.filter, 'query');
  return countRecords(tx, { table: deals, where: and(liveVisible(deals, params.actor), where) });
}

/** The deals' recycle bin (deleted in the last 30 days), most recent first. */
export async function dealRecycleBin(
  tx: Tx,
  params: { actor: Actor; q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const page = await recycleBinPage<typeof deals>(tx, { entity: 'deal', ...params });
  return { data: await toDeals(tx, params.actor.orgId, page.data), next_cursor: page.next_cursor };
}

/**
 * `POST /deals/bulk`: assign owner, add/remove tags, delete, restore — on ids or on the list
 * filter. Restored deals go back to the top of their stage columns; an owner assignment is logged
 * on each changed deal's timeline (`field_changed`, one insert).
 */
export async function bulkDeals(tx: Tx, params: { actor: Actor; input: BulkInput & { filter?: Filter | undefined } }) {
  const { actor, input } = params;
  const filterWhere = input.filter ? (await filterConditions(tx, actor, input.filter, 'body.filter')).where : undefined;
  const result = await bulkWithOwnerLog(tx, { type: 'deal', table: deals, actor, input, filterWhere }, () =>
    runBulk(tx, { entity: 'deal', actor, input, filterWhere }),
  );
  if (input.action === 'restore') {
    await placeAtTop(tx, { orgId: actor.orgId, ids: result.results.filter((r) => r.ok).map((r) => r.id) });
  }
  return result;
}
