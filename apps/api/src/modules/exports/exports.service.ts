/**
 * What an export reads: the entity's own list function (companies/contacts/leads/deals `*.list.ts`)
 * called page after page with the export's filters and sort, so the file holds exactly the records,
 * in exactly the order, that the list shows the caller — same filter validation, same sort
 * whitelist, same visibility rule (records/actor.ts `visibleTo`) — read in keyset batches of
 * EXPORT_BATCH rows, never all at once. Each batch is turned into rows of raw cells by the
 * columns of exports.columns.ts.
 *
 * Contacts (the large table, bench/export) take the fast path of exports.contacts.ts instead: one
 * statement per batch of 5,000 producing the columns directly, with the contact list's own filter
 * conditions, sort and visibility (so the same rows in the same order) — and, as CSV on PostgreSQL,
 * one COPY of the same SELECT with every cell formatted in SQL (exports.copy.ts). Companies, leads and deals
 * still read through their list functions (not yet reworked).
 */
import { sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import { RECORD_TYPE_OF, type CustomFieldEntity, type ExportEntity } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { listCompanies } from '../companies/companies.list.js';
import { listContacts } from '../contacts/contacts.list.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import { listDeals } from '../deals/deals.list.js';
import { listLeads } from '../leads/leads.list.js';
import type { Actor } from '../records/actor.js';
import { contactColumns, contactCopySelect, contactReader, ownerEmails } from './exports.contacts.js';
import { pgClientOf } from './exports.copy.js';
import { resolveColumns, type ExportColumn, type Extras } from './exports.columns.js';
import type { RawCell } from './exports.format.js';

/** Records read per keyset page: large enough to amortise a page's 4–6 statements, small enough to bound memory. */
export const EXPORT_BATCH = 2000;

const ENTITY: Record<ExportEntity, CustomFieldEntity> = RECORD_TYPE_OF;

type ListQuery = Record<string, unknown> & { sort: string; limit: number; cursor?: string | undefined };
type ListFn = (
  tx: Tx,
  params: { actor: Actor; query: ListQuery },
) => Promise<{ data: unknown[]; next_cursor: string | null }>;
const LISTS: Record<ExportEntity, ListFn> = {
  companies: listCompanies as unknown as ListFn,
  contacts: listContacts as unknown as ListFn,
  leads: listLeads as unknown as ListFn,
  deals: listDeals as unknown as ListFn,
};

/**
 * A prepared export: its columns and the batches of rows still to read (the first one already read),
 * or, for a contacts CSV on PostgreSQL, the SELECT that PostgreSQL's COPY writes (exports.copy.ts).
 */
export interface ExportPlan {
  columns: ExportColumn[];
  batches: AsyncGenerator<RawCell[][], void>;
  copy?: { client: pg.ClientBase; select: SQL };
}

/**
 * Validates an export and reads its first batch — so a bad column, sort or filter is a 400 before
 * any byte is written — then returns the remaining batches as a generator. `query` is the validated
 * export query (list filters + `sort` + `format` + `columns`).
 */
export async function planExport(
  tx: Tx,
  params: { actor: Actor; entity: ExportEntity; query: Record<string, unknown>; batchSize?: number },
): Promise<ExportPlan> {
  const { actor, entity } = params;
  const { format, columns: requested, ...filter } = params.query;
  const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: ENTITY[entity] });
  const columns = resolveColumns({ entity, requested: requested as string | undefined, defs });
  const keys = new Set(columns.map((c) => c.key));
  const extras: Extras = {
    ownerEmails: keys.has('owner') && entity !== 'contacts' ? await ownerEmails(tx, actor.orgId) : new Map(),
    companyDomains: new Map(),
    contactEmails: new Map(),
    externalIds: new Map(),
    pipelineNames: keys.has('pipeline') && entity === 'leads' ? await pipelineNames(tx, actor.orgId) : new Map(),
  };
  const lookups = {
    externalId: keys.has('external_id') && entity !== 'leads',
    companyDomain: keys.has('company_domain'),
  };
  const client = entity === 'contacts' && format === 'csv' ? pgClientOf(tx) : null;
  const select = client ? await contactCopySelect(tx, { actor, filter, columns }) : null;
  if (client && select) return { columns, batches: (async function* () {})(), copy: { client, select } };
  const list = LISTS[entity];
  const limit = params.batchSize ?? EXPORT_BATCH;
  const fast =
    entity === 'contacts'
      ? await contactReader(tx, {
          actor,
          filter,
          columns,
          ...(params.batchSize ? { batchSize: params.batchSize } : {}),
        })
      : null;
  const read = async (cursor: string | undefined) => {
    if (fast) return fast(cursor);
    const page = await list(tx, { actor, query: { ...filter, sort: filter.sort as string, limit, cursor } });
    const rows = page.data as Array<Record<string, unknown>>;
    if (lookups.externalId || lookups.companyDomain) {
      ({ externalIds: extras.externalIds, companyDomains: extras.companyDomains } = await recordLookups(tx, {
        entity: entity as 'companies' | 'contacts' | 'deals',
        orgId: actor.orgId,
        ids: rows.map((r) => r.id as string),
        ...lookups,
      }));
    }
    if (keys.has('contact_email')) extras.contactEmails = await primaryContactEmails(tx, actor.orgId, rows);
    const cells = rows.map((r) => columns.map((c) => (c.get as (r: unknown, x: Extras) => RawCell)(r, extras)));
    return { cells, next: page.next_cursor };
  };
  const first = await read(undefined);
  // The next page is read while the caller writes the current one: the database works while this
  // process formats (statements still run one after another on the transaction's connection).
  async function* batches(): AsyncGenerator<RawCell[][], void> {
    let page = first;
    for (;;) {
      const next = page.next ? read(page.next) : null;
      next?.catch(() => {}); // a failure surfaces where it is awaited below
      yield page.cells;
      if (!next) return;
      page = await next;
    }
  }
  return { columns: fast ? contactColumns(columns) : columns, batches: batches() };
}

/** The organisation's pipelines: id → name. */
async function pipelineNames(tx: Tx, orgId: string) {
  const rows = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name from pipelines where org_id = ${orgId}`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

const idsOf = (ids: Array<string | null | undefined>) => [...new Set(ids.filter((i): i is string => !!i))];

/**
 * What companies, contacts and deals keep out of their API shape, for a batch in ONE statement:
 * each record's external id and its company's domain (contacts, deals). Unasked parts stay empty.
 */
async function recordLookups(
  tx: Tx,
  params: {
    entity: 'companies' | 'contacts' | 'deals';
    orgId: string;
    ids: string[];
    externalId: boolean;
    companyDomain: boolean;
  },
) {
  const externalIds = new Map<string, string | null>();
  const companyDomains = new Map<string, string | null>();
  if (!params.ids.length) return { externalIds, companyDomains };
  const table = sql.raw(`"${params.entity}"`);
  const withDomain = params.companyDomain && params.entity !== 'companies';
  const found = await queryRows<{
    id: string;
    external_id: string | null;
    company_id: string | null;
    domain: string | null;
  }>(
    tx,
    withDomain
      ? // a correlated sub-select: one index probe per record (a join may hash all companies)
        sql`select r.id, r.external_id, r.company_id,
                   (select co.domain from companies co where co.org_id = r.org_id and co.id = r.company_id) as domain
              from ${table} r
            where r.org_id = ${params.orgId} and r.id = any(${sql.param(params.ids)}::uuid[])`
      : sql`select r.id, r.external_id, null as company_id, null as domain from ${table} r
            where r.org_id = ${params.orgId} and r.id = any(${sql.param(params.ids)}::uuid[])`,
  );
  for (const r of found) {
    externalIds.set(r.id, r.external_id);
    if (r.company_id) companyDomains.set(r.company_id, r.domain);
  }
  return { externalIds, companyDomains };
}

/** Emails of the batch's deals' primary contacts. */
async function primaryContactEmails(tx: Tx, orgId: string, rows: Array<Record<string, unknown>>) {
  const ids = idsOf(
    rows.map((r) => (r.contacts as Array<{ id: string; is_primary: boolean }>).find((c) => c.is_primary)?.id),
  );
  if (!ids.length) return new Map<string, string | null>();
  const found = await queryRows<{ id: string; email: string | null }>(
    tx,
    sql`select id, email from contacts where org_id = ${orgId} and id = any(${sql.param(ids)}::uuid[])`,
  );
  return new Map(found.map((r) => [r.id, r.email]));
}
