/** Company rows as the API returns them, decorated with owner, parent, tags and contact count. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Company, CompanyType, Rating, SizeBand } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { type companies, contacts } from '../../db/schema/index.js';
import { purgeAt } from '../records/lifecycle.js';
import { companyRefs, ownerRefs, refOf } from '../records/refs.js';
import { tagsOfRecords } from '../tags/tags.service.js';
import { anyId } from '../../db/sql.js';

export type CompanyRow = typeof companies.$inferSelect;

async function contactCounts(tx: Tx, orgId: string, ids: string[]) {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const rows = await tx
    .select({ id: contacts.company_id, n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(eq(contacts.org_id, orgId), anyId(contacts.company_id, ids), isNull(contacts.deleted_at)))
    .groupBy(contacts.company_id);
  for (const r of rows) if (r.id) out.set(r.id, r.n);
  return out;
}

/** Maps rows to the `Company` contract with one query per kind of related data for the whole page. */
export async function toCompanies(tx: Tx, orgId: string, rows: CompanyRow[]): Promise<Company[]> {
  const ids = rows.map((r) => r.id);
  const [owners, parents, tags, counts] = [
    await ownerRefs(tx, { orgId, ids: rows.map((r) => r.owner_id) }),
    await companyRefs(tx, { orgId, ids: rows.map((r) => r.parent_id) }),
    await tagsOfRecords(tx, { orgId, entity: 'company', recordIds: ids }),
    await contactCounts(tx, orgId, ids),
  ];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    domain: r.domain,
    website: r.website,
    phone: r.phone,
    industry: r.industry,
    size_band: r.size_band as SizeBand | null,
    employees: r.employees,
    annual_revenue:
      r.annual_revenue_amount !== null && r.annual_revenue_currency
        ? { amount: r.annual_revenue_amount, currency: r.annual_revenue_currency }
        : null,
    type: r.type as CompanyType | null,
    rating: r.rating as Rating | null,
    billing_address: {
      street: r.billing_street,
      city: r.billing_city,
      state: r.billing_state,
      postal_code: r.billing_postal_code,
      country: r.billing_country,
    },
    tax_id: r.tax_id,
    parent: refOf(parents, r.parent_id),
    owner_id: r.owner_id,
    owner: refOf(owners, r.owner_id),
    tags: tags.get(r.id) ?? [],
    custom_fields: r.custom_fields,
    contact_count: counts.get(r.id) ?? 0,
    qualified_from_lead_id: r.qualified_from_lead_id,
    created_at: r.created_at,
    updated_at: r.updated_at,
    deleted_at: r.deleted_at,
    purge_at: purgeAt(r.deleted_at),
    version: r.version,
  }));
}
