/**
 * Deal rows as the API returns them, decorated with owner, company, contacts, stage, pipeline and
 * tags — one query per kind of related data for the whole page, never one per row.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Deal } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { pipelines, stages, type deals } from '../../db/schema/index.js';
import { daysInStage, linkedContacts } from '../pipelines/linked-contacts.js';
import { purgeAt } from '../records/lifecycle.js';
import { companyRefs, ownerRefs, refOf } from '../records/refs.js';
import { tagsOfRecords } from '../tags/tags.service.js';
import type { StageKind } from './deals.stages.js';

export type DealRow = typeof deals.$inferSelect;

/** Stage name/kind/probability and pipeline name of each stage id. */
async function stageRefs(tx: Tx, orgId: string, ids: string[]) {
  const out = new Map<
    string,
    { name: string; kind: StageKind; probability: number; pipeline: { id: string; name: string } }
  >();
  const unique = [...new Set(ids)];
  if (!unique.length) return out;
  const rows = await tx
    .select({
      id: stages.id,
      name: stages.name,
      kind: stages.kind,
      probability: stages.probability,
      pipeline_id: pipelines.id,
      pipeline_name: pipelines.name,
    })
    .from(stages)
    .innerJoin(pipelines, and(eq(pipelines.org_id, stages.org_id), eq(pipelines.id, stages.pipeline_id)))
    .where(and(eq(stages.org_id, orgId), inArray(stages.id, unique)));
  for (const r of rows) {
    out.set(r.id, {
      name: r.name,
      kind: r.kind as StageKind,
      probability: r.probability,
      pipeline: { id: r.pipeline_id, name: r.pipeline_name },
    });
  }
  return out;
}

/** Maps rows to the `Deal` contract. `now` fixes `days_in_stage` (whole days since stage_entered_at). */
export async function toDeals(tx: Tx, orgId: string, rows: DealRow[], now = new Date()): Promise<Deal[]> {
  const recordIds = rows.map((r) => r.id);
  const owners = await ownerRefs(tx, { orgId, ids: rows.map((r) => r.owner_id) });
  const companies = await companyRefs(tx, { orgId, ids: rows.map((r) => r.company_id) });
  const tags = await tagsOfRecords(tx, { orgId, entity: 'deal', recordIds });
  const people = await linkedContacts(tx, { orgId, entity: 'deal', recordIds });
  const stageMap = await stageRefs(
    tx,
    orgId,
    rows.map((r) => r.stage_id),
  );
  return rows.map((r) => {
    const stage = stageMap.get(r.stage_id)!;
    return {
      id: r.id,
      name: r.name,
      company_id: r.company_id,
      company: refOf(companies, r.company_id),
      contacts: (people.get(r.id) ?? []).map(({ id, name, is_primary }) => ({ id, name, is_primary })),
      pipeline_id: r.pipeline_id,
      pipeline: stage.pipeline,
      stage_id: r.stage_id,
      stage: { id: r.stage_id, name: stage.name, kind: stage.kind },
      position: r.position,
      stage_entered_at: r.stage_entered_at,
      days_in_stage: daysInStage(r.stage_entered_at, now),
      amount: { amount: r.amount, currency: r.currency },
      probability: r.probability ?? stage.probability,
      probability_override: r.probability,
      expected_close_date: r.expected_close_date,
      status: r.status as Deal['status'],
      type: r.type as Deal['type'],
      priority: r.priority as Deal['priority'],
      owner_id: r.owner_id,
      owner: refOf(owners, r.owner_id),
      lost_reason: r.lost_reason,
      won_reason: r.won_reason,
      won_at: r.won_at,
      closed_at: r.closed_at,
      source_lead_id: r.source_lead_id,
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
