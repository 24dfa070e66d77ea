/** Lead rows as the API returns them, decorated with owner, stage, converted company, tags and contacts. */
import type { Lead, LeadPriority, LeadStatus, Rating } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import type { leads } from '../../db/schema/index.js';
import { daysInStage, linkedContacts } from '../pipelines/linked-contacts.js';
import { purgeAt } from '../records/lifecycle.js';
import { companyRefs, ownerRefs, refOf } from '../records/refs.js';
import { tagsOfRecords } from '../tags/tags.service.js';
import { stagesById } from './leads.stages.js';

export type LeadRow = typeof leads.$inferSelect;

/** The live contacts linked to each lead (primary first, then in linking order), keyed by lead id. */
export const contactsOfLeads = (tx: Tx, params: { orgId: string; leadIds: string[] }) =>
  linkedContacts(tx, { orgId: params.orgId, entity: 'lead', recordIds: params.leadIds });

/** Maps rows to the `Lead` contract with one query per kind of related data for the whole page. */
export async function toLeads(tx: Tx, orgId: string, rows: LeadRow[]): Promise<Lead[]> {
  const ids = rows.map((r) => r.id);
  const owners = await ownerRefs(tx, { orgId, ids: rows.map((r) => r.owner_id) });
  const companies = await companyRefs(tx, { orgId, ids: rows.map((r) => r.converted_company_id) });
  const stages = await stagesById(tx, { orgId, ids: rows.map((r) => r.stage_id) });
  const tags = await tagsOfRecords(tx, { orgId, entity: 'lead', recordIds: ids });
  const linked = await contactsOfLeads(tx, { orgId, leadIds: ids });
  const now = new Date();
  return rows.map((r) => {
    const stage = stages.get(r.stage_id)!;
    return {
      id: r.id,
      title: r.title,
      company_name: r.company_name,
      tax_id: r.tax_id,
      email: r.email,
      phones: r.phones,
      segment: r.segment,
      source: r.source,
      priority: r.priority as LeadPriority | null,
      rating: r.rating as Rating | null,
      score: r.score,
      expected_revenue:
        r.expected_revenue_amount !== null && r.expected_revenue_currency !== null
          ? { amount: r.expected_revenue_amount, currency: r.expected_revenue_currency }
          : null,
      probability: r.probability,
      effective_probability: r.probability ?? stage.probability,
      external_id: r.external_id,
      location: r.location,
      next_follow_up_at: r.next_follow_up_at,
      notes: r.notes,
      status: r.status as LeadStatus,
      lost_reason: r.lost_reason,
      lost_at: r.lost_at,
      converted_at: r.converted_at,
      converted_company: refOf(companies, r.converted_company_id),
      converted_deal_id: r.converted_deal_id,
      pipeline_id: r.pipeline_id,
      stage_id: r.stage_id,
      stage: { id: stage.id, name: stage.name, kind: stage.kind, probability: stage.probability },
      stage_entered_at: r.stage_entered_at,
      days_in_stage: daysInStage(r.stage_entered_at, now),
      position: r.position,
      contacts: linked.get(r.id) ?? [],
      owner_id: r.owner_id,
      owner: refOf(owners, r.owner_id),
      tags: tags.get(r.id) ?? [],
      custom_fields: r.custom_fields,
      created_at: r.created_at,
      updated_at: r.updated_at,
      deleted_at: r.deleted_at,
      purge_at: purgeAt(r.deleted_at),
      version: r.version,
    };
  });
}
