/**
 * Company lists: filters, whitelisted sorts, keyset pages with a capped total, the children of a
 * company, the recycle bin and bulk actions.
 */
import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { type COMPANY_SORTS, type CompanyFilter } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { companies } from '../../db/schema/index.js';
import type { Actor } from '../records/actor.js';
import { runBulk, type BulkInput } from '../records/bulk.js';
import { bulkWithOwnerLog } from '../timeline/timeline.writer.js';
import { allOf, baseFilterConditions, filterContext } from '../records/filters.js';
import { recycleBinPage } from '../records/lifecycle.js';
import { countRecords, liveVisible, pageOfRecords, parseSort, type SortColumn } from '../records/list.js';
import { companyRow } from './companies.service.js';
import { toCompanies, type CompanyRow } from './companies.view.js';

const SORTS: Record<(typeof COMPANY_SORTS)[number], SortColumn> = {
  name: { column: companies.name, kind: 'text' },
  domain: { column: companies.domain, kind: 'text', nullable: true },
  created_at: { column: companies.created_at, kind: 'timestamp' },
  updated_at: { column: companies.updated_at, kind: 'timestamp' },
  employees: { column: companies.employees, kind: 'number', nullable: true },
  annual_revenue: { column: companies.annual_revenue_amount, kind: 'number', nullable: true },
};

type Filter = Partial<CompanyFilter> & Record<string, unknown>;

/** The condition of a company filter (list query or bulk `filter`) on top of org and visibility. */
async function filterConditions(tx: Tx, actor: Actor, filter: Filter, pathPrefix: string) {
  const ctx = await filterContext(tx, { orgId: actor.orgId, entity: 'company', filter });
  const { defs } = ctx;
  const conds: Array<SQL | undefined> = baseFilterConditions('company', actor, filter, ctx, pathPrefix);
  if (filter.type) conds.push(eq(companies.type, filter.type));
  if (filter.industry) conds.push(sql`lower(${companies.industry}) = ${filter.industry.toLowerCase()}`);
  if (filter.rating) conds.push(eq(companies.rating, filter.rating));
  if (filter.parent_id) conds.push(eq(companies.parent_id, filter.parent_id));
  if (filter.has_phone !== undefined)
    conds.push(filter.has_phone ? isNotNull(companies.phone) : isNull(companies.phone));
  if (filter.has_domain !== undefined)
    conds.push(filter.has_domain ? isNotNull(companies.domain) : isNull(companies.domain));
  return { where: allOf(conds), defs };
}

/** `GET /companies`: one page of live companies the actor sees. */
export async function listCompanies(
  tx: Tx,
  params: { actor: Actor; query: Filter & { sort: string; limit: number; cursor?: string | undefined } },
) {
  const { actor, query } = params;
  const { where, defs } = await filterConditions(tx, actor, query, 'query');
  const sort = parseSort({ sort: query.sort, columns: SORTS, table: companies, defs });
  const page = await pageOfRecords(tx, {
    table: companies,
    where: and(liveVisible(companies, actor), where),
    sort,
    limit: query.limit,
    cursor: query.cursor,
  });
  return {
    data: await toCompanies(tx, actor.orgId, page.rows as CompanyRow[]),
    next_cursor: page.next_cursor,
  };
}

/** `GET /companies/count`: how many live companies the actor sees match the filters (exact up to 10,000). */
export async function countCompanies(tx: Tx, params: { actor: Actor; filter: Filter }) {
  const { where } = await filterConditions(tx, params.actor, params.filter, 'query');
  return countRecords(tx, { table: companies, where: and(liveVisible(companies, params.actor), where) });
}

/** Direct children of a company, by name. */
export async function listChildren(
  tx: Tx,
  params: { actor: Actor; id: string; limit: number; cursor?: string | undefined },
) {
  const { actor } = params;
  await companyRow(tx, params);
  const sort = parseSort({ sort: 'name', columns: SORTS, table: companies, defs: [] });
  const page = await pageOfRecords(tx, {
    table: companies,
    where: and(liveVisible(companies, actor), eq(companies.parent_id, params.id)),
    sort,
    limit: params.limit,
    cursor: params.cursor,
  });
  return { data: await toCompanies(tx, actor.orgId, page.rows as CompanyRow[]), next_cursor: page.next_cursor };
}

/** The companies' recycle bin (deleted in the last 30 days), most recent first. */
export async function companyRecycleBin(
  tx: Tx,
  params: { actor: Actor; q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const page = await recycleBinPage<typeof companies>(tx, { entity: 'company', ...params });
  return { data: await toCompanies(tx, params.actor.orgId, page.data), next_cursor: page.next_cursor };
}

/** `POST /companies/bulk` (an owner assignment is logged on each changed company's timeline). */
export async function bulkCompanies(
  tx: Tx,
  params: { actor: Actor; input: BulkInput & { filter?: Filter | undefined } },
) {
  const { actor, input } = params;
  const filterWhere = input.filter ? (await filterConditions(tx, actor, input.filter, 'body.filter')).where : undefined;
  return bulkWithOwnerLog(tx, { type: 'company', table: companies, actor, input, filterWhere }, () =>
    runBulk(tx, { entity: 'company', actor, input, filterWhere }),
  );
}
