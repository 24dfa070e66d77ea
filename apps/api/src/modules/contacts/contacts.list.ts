/** Contact lists: filters, whitelisted sorts, keyset pages with a capped total, recycle bin, bulk. */
import { and, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { type CONTACT_SORTS, type ContactFilter } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { contacts } from '../../db/schema/index.js';
import type { Actor } from '../records/actor.js';
import { runBulk, type BulkInput } from '../records/bulk.js';
import { bulkWithOwnerLog } from '../timeline/timeline.writer.js';
import { allOf, baseFilterConditions, filterContext } from '../records/filters.js';
import { recycleBinPage } from '../records/lifecycle.js';
import { countRecords, liveVisible, pageOfRecords, parseSort, type SortColumn } from '../records/list.js';
import { toContacts, type ContactRow } from './contacts.view.js';

/** The whitelisted sorts of contact lists (exported for the export's single-statement read, modules/exports). */
export const SORTS: Record<(typeof CONTACT_SORTS)[number], SortColumn> = {
  name: { column: contacts.full_name, kind: 'text' },
  last_name: { column: contacts.last_name, kind: 'text', nullable: true },
  email: { column: contacts.email, kind: 'text', nullable: true },
  created_at: { column: contacts.created_at, kind: 'timestamp' },
  updated_at: { column: contacts.updated_at, kind: 'timestamp' },
};

type Filter = Partial<ContactFilter> & Record<string, unknown>;

/** The condition of a contact filter (list query or bulk `filter`) on top of org and visibility. */
export async function filterConditions(tx: Tx, actor: Actor, filter: Filter, pathPrefix: string) {
  const ctx = await filterContext(tx, { orgId: actor.orgId, entity: 'contact', filter });
  const { defs } = ctx;
  const conds: Array<SQL | undefined> = baseFilterConditions('contact', actor, filter, ctx, pathPrefix);
  if (filter.company_id) conds.push(eq(contacts.company_id, filter.company_id));
  if (filter.has_email !== undefined) conds.push(filter.has_email ? isNotNull(contacts.email) : isNull(contacts.email));
  if (filter.has_phone !== undefined) {
    const has = or(isNotNull(contacts.phone), isNotNull(contacts.mobile))!;
    conds.push(filter.has_phone ? has : sql`not ${has}`);
  }
  if (filter.opted_out !== undefined) conds.push(eq(contacts.email_opt_out, filter.opted_out));
  if (filter.is_primary !== undefined) conds.push(eq(contacts.is_primary, filter.is_primary));
  return { where: allOf(conds), defs };
}

/** `GET /contacts`: one page of live contacts the actor sees. */
export async function listContacts(
  tx: Tx,
  params: { actor: Actor; query: Filter & { sort: string; limit: number; cursor?: string | undefined } },
) {
  const { actor, query } = params;
  const { where, defs } = await filterConditions(tx, actor, query, 'query');
  const sort = parseSort({ sort: query.sort, columns: SORTS, table: contacts, defs });
  const page = await pageOfRecords(tx, {
    table: contacts,
    where: and(liveVisible(contacts, actor), where),
    sort,
    limit: query.limit,
    cursor: query.cursor,
  });
  return {
    data: await toContacts(tx, actor.orgId, page.rows as ContactRow[]),
    next_cursor: page.next_cursor,
  };
}

/** `GET /contacts/count`: how many live contacts the actor sees match the filters (exact up to 10,000). */
export async function countContacts(tx: Tx, params: { actor: Actor; filter: Filter }) {
  const { where } = await filterConditions(tx, params.actor, params.filter, 'query');
  return countRecords(tx, { table: contacts, where: and(liveVisible(contacts, params.actor), where) });
}

/** The contacts' recycle bin (deleted in the last 30 days), most recent first. */
export async function contactRecycleBin(
  tx: Tx,
  params: { actor: Actor; q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const page = await recycleBinPage<typeof contacts>(tx, { entity: 'contact', ...params });
  return { data: await toContacts(tx, params.actor.orgId, page.data), next_cursor: page.next_cursor };
}

/** `POST /contacts/bulk` (an owner assignment is logged on each changed contact's timeline). */
export async function bulkContacts(
  tx: Tx,
  params: { actor: Actor; input: BulkInput & { filter?: Filter | undefined } },
) {
  const { actor, input } = params;
  const filterWhere = input.filter ? (await filterConditions(tx, actor, input.filter, 'body.filter')).where : undefined;
  return bulkWithOwnerLog(tx, { type: 'contact', table: contacts, actor, input, filterWhere }, () =>
    runBulk(tx, { entity: 'contact', actor, input, filterWhere }),
  );
}
