/**
 * Companies (accounts): create, read with hierarchy, update with optimistic concurrency, soft delete
 * and restore. Every function takes the acting member; records they may not see answer 404.
 * Rules: domain unique among live companies (409 naming the existing one); parent in the same
 * organisation (404 otherwise) and never a descendant of the company (422); phone in E.164.
 * Creation and owner changes are logged on the timeline in the same transaction.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { CompanyDetail, CreateCompanyBody, RecordRef, UpdateCompanyBody } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { companies } from '../../db/schema/index.js';
import { AppError, conflict, notFound, unprocessable } from '../../lib/errors.js';
import { optionalE164 } from '../../lib/phone.js';
import { staleVersion } from '../../lib/versioning.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import { resolveCustomValues } from '../custom-fields/custom-values.js';
import { assertTagsExist, setRecordTags } from '../tags/tags.service.js';
import { assertOwner } from '../records/bulk.js';
import type { Actor } from '../records/actor.js';
import { restoreRecords, softDeleteRecords } from '../records/lifecycle.js';
import { allOf } from '../records/filters.js';
import { liveVisible } from '../records/list.js';
import { fieldChangedEvent, logTimeline, logTimelineBatch } from '../timeline/timeline.writer.js';
import { toCompanies, type CompanyRow } from './companies.view.js';

const MAX_DEPTH = 50;

/** A live company the actor may see, or 404. */
export async function companyRow(tx: Tx, params: { actor: Actor; id: string; what?: string }): Promise<CompanyRow> {
  const [row] = await tx
    .select()
    .from(companies)
    .where(and(liveVisible(companies, params.actor), eq(companies.id, params.id)));
  if (!row) throw notFound(params.what ?? 'Company');
  return row;
}

/** Ancestors from the root down to the direct parent (at most 50 levels). */
async function ancestorsOf(tx: Tx, orgId: string, parentId: string | null): Promise<RecordRef[]> {
  if (!parentId) return [];
  const { rows } = (await tx.execute(sql`
    with recursive chain(id, name, parent_id, depth) as (
      select id, name, parent_id, 1 from companies where org_id = ${orgId}::uuid and id = ${parentId}::uuid
      union all
      select c.id, c.name, c.parent_id, chain.depth + 1
        from companies c join chain on c.org_id = ${orgId}::uuid and c.id = chain.parent_id
       where chain.depth < ${MAX_DEPTH}
    )
    select id, name from chain order by depth desc`)) as unknown as { rows: RecordRef[] };
  return rows;
}

/** The company with its ancestor chain and number of live children. */
export async function getCompany(tx: Tx, params: { actor: Actor; id: string }): Promise<CompanyDetail> {
  const row = await companyRow(tx, params);
  return detail(tx, params.actor, row);
}

async function detail(tx: Tx, actor: Actor, row: CompanyRow): Promise<CompanyDetail> {
  const [company] = await toCompanies(tx, actor.orgId, [row]);
  const [children] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(companies)
    .where(
      and(eq(companies.org_id, actor.orgId), eq(companies.parent_id, row.id), sql`${companies.deleted_at} is null`),
    );
  return { ...company!, ancestors: await ancestorsOf(tx, actor.orgId, row.parent_id), child_count: children?.n ?? 0 };
}

async function assertDomainFree(tx: Tx, orgId: string, domain: string | null | undefined, exceptId?: string) {
  if (!domain) return;
  const [row] = await tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(
      allOf([
        eq(companies.org_id, orgId),
        eq(companies.domain, domain),
        sql`${companies.deleted_at} is null`,
        exceptId ? ne(companies.id, exceptId) : undefined,
      ]),
    );
  if (row) {
    throw conflict(`The domain ${domain} is already used by ${row.name}`, {
      existing_id: row.id,
      issues: [{ path: 'body.domain', message: `is already used by the company "${row.name}"` }],
    });
  }
}

/** 404 unless the parent is a live company the actor sees; 422 when it would make a cycle. */
async function assertParent(tx: Tx, actor: Actor, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (parentId === selfId) throw unprocessable('A company cannot be its own parent', { path: 'body.parent_id' });
  await companyRow(tx, { actor, id: parentId, what: 'Parent company' });
  if (!selfId) return;
  const chain = await ancestorsOf(tx, actor.orgId, parentId);
  if (chain.some((c) => c.id === selfId)) {
    throw unprocessable('The parent is a subsidiary of this company: the hierarchy would become a cycle', {
      path: 'body.parent_id',
    });
  }
}

type Fields = Omit<UpdateCompanyBody, 'tag_ids' | 'custom_fields' | 'billing_address' | 'annual_revenue'> &
  Pick<UpdateCompanyBody, 'billing_address' | 'annual_revenue'>;

/** Column values of the plain fields present in `body` (undefined = leave unchanged). */
function columnsOf(body: Fields, actor: Actor): Partial<CompanyRow> {
  const out: Partial<CompanyRow> = {};
  const direct = [
    'name',
    'domain',
    'website',
    'industry',
    'size_band',
    'employees',
    'type',
    'rating',
    'tax_id',
    'parent_id',
    'owner_id',
  ] as const;
  for (const k of direct) if (body[k] !== undefined) (out as Record<string, unknown>)[k] = body[k];
  if (body.phone !== undefined) out.phone = optionalE164(body.phone, actor.region, 'body.phone') ?? null;
  if (body.annual_revenue !== undefined) {
    out.annual_revenue_amount = body.annual_revenue?.amount ?? null;
    out.annual_revenue_currency = body.annual_revenue?.currency ?? null;
  }
  const a = body.billing_address;
  if (a) {
    if (a.street !== undefined) out.billing_street = a.street;
    if (a.city !== undefined) out.billing_city = a.city;
    if (a.state !== undefined) out.billing_state = a.state;
    if (a.postal_code !== undefined) out.billing_postal_code = a.postal_code;
    if (a.country !== undefined) out.billing_country = a.country;
  }
  return out;
}

/**
 * Creates a company (and its `created` timeline entry); the owner defaults to the creator.
 * Errors: 400 fields, 404 parent, 409 domain.
 */
export async function createCompany(tx: Tx, params: { actor: Actor; body: CreateCompanyBody }): Promise<CompanyDetail> {
  const { actor, body } = params;
  const cols = columnsOf(body, actor);
  const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'company' });
  const custom = resolveCustomValues({
    defs,
    input: body.custom_fields,
    region: actor.region,
    entityLabel: 'companies',
  });
  await assertDomainFree(tx, actor.orgId, body.domain);
  await assertParent(tx, actor, body.parent_id);
  const ownerId = body.owner_id === undefined ? actor.membershipId : body.owner_id;
  if (ownerId) await assertOwner(tx, { orgId: actor.orgId, ownerId, path: 'body.owner_id' });
  if (body.tag_ids) await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
  const id = uuidv7();
  const [row] = await tx
    .insert(companies)
    .values({
      ...cols,
      org_id: actor.orgId,
      id,
      name: body.name,
      owner_id: ownerId,
      custom_fields: custom,
      created_by: actor.userId,
    })
    .returning();
  await logTimeline(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    type: 'created',
    records: [{ type: 'company', id }],
    data: { name: row!.name },
    occurredAt: row!.created_at,
  });
  if (body.tag_ids?.length)
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'company', recordId: id, tagIds: body.tag_ids });
  return detail(tx, actor, row!);
}

/**
 * Updates the fields present in `body` (`tag_ids` replaces the tag set; `custom_fields` merges, null
 * removes a value). `expectedVersion` → 412 when stale.
 */
export async function updateCompany(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateCompanyBody; expectedVersion?: number | undefined },
): Promise<CompanyDetail> {
  const { actor, body } = params;
  const current = await companyRow(tx, params);
  if (params.expectedVersion !== undefined && params.expectedVersion !== current.version)
    throw staleVersion(current.version);
  const cols = columnsOf(body, actor);
  let custom: Record<string, unknown> | undefined;
  if (body.custom_fields) {
    const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'company', includeArchived: true });
    custom = resolveCustomValues({
      defs: defs.map((d) => ({ ...d, required: d.required && !d.archived })),
      input: body.custom_fields,
      existing: current.custom_fields,
      region: actor.region,
      entityLabel: 'companies',
    });
  }
  if (body.domain !== undefined) await assertDomainFree(tx, actor.orgId, body.domain, current.id);
  if (body.parent_id !== undefined) await assertParent(tx, actor, body.parent_id, current.id);
  if (body.owner_id) await assertOwner(tx, { orgId: actor.orgId, ownerId: body.owner_id, path: 'body.owner_id' });
  if (body.tag_ids) {
    await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'company', recordId: current.id, tagIds: body.tag_ids });
  }
  const [row] = await tx
    .update(companies)
    .set({
      ...cols,
      ...(custom ? { custom_fields: custom } : {}),
      version: sql`${companies.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(companies.org_id, actor.orgId), eq(companies.id, current.id), eq(companies.version, current.version)))
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  const ownerEvent = await fieldChangedEvent(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    record: { type: 'company', id: row.id },
    before: { owner_id: current.owner_id },
    after: { owner_id: row.owner_id },
    occurredAt: row.updated_at,
  });
  if (ownerEvent) await logTimelineBatch(tx, { orgId: actor.orgId, events: [ownerEvent] });
  return detail(tx, actor, row);
}

/** Moves a company to the recycle bin (its contacts keep the link). */
export async function deleteCompany(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const done = await softDeleteRecords(tx, { entity: 'company', actor: params.actor, ids: [params.id] });
  if (!done.length) throw notFound('Company');
}

/** Restores a company from the recycle bin: 404 when not there, 409 when its domain is taken meanwhile. */
export async function restoreCompany(tx: Tx, params: { actor: Actor; id: string }): Promise<CompanyDetail> {
  const [outcome] = await restoreRecords(tx, { entity: 'company', actor: params.actor, ids: [params.id] });
  if (!outcome!.ok) {
    if (outcome!.code === 'not_found') throw notFound('Company in the recycle bin');
    throw new AppError('conflict', outcome!.message, {
      existing_id: outcome!.existing_id,
      issues: [{ path: 'domain', message: outcome!.message }],
    });
  }
  return getCompany(tx, params);
}
