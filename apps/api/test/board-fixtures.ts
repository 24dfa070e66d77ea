/**
 * Test fixtures: leads and deals written straight into the database (inside the organisation's
 * tenant scope), placed on their board with `boardPosition` like the record services do. Used by the
 * pipeline and board tests; not part of the API.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../src/db/client.js';
import { deal_tags, deals, lead_tags, leads } from '../src/db/schema/index.js';
import { withTenant } from '../src/db/tenant.js';
import { boardPosition } from '../src/modules/pipelines/placement.js';

interface Common {
  pipelineId: string;
  stageId: string;
  ownerId?: string | null;
  probability?: number | null;
  tagIds?: string[];
  /** Place after this card of the same stage (default: top of the column). */
  afterId?: string;
  deleted?: boolean;
  stageEnteredAt?: Date;
}

/** Inserts a deal; returns its id. */
export async function insertDeal(
  database: Database,
  orgId: string,
  d: Common & { name: string; amount?: number; currency?: string; status?: string; companyId?: string | null },
): Promise<string> {
  return withTenant(database.db, { orgId }, async (tx) => {
    const id = uuidv7();
    const position = await boardPosition(tx, { entity: 'deal', orgId, stageId: d.stageId, afterId: d.afterId });
    await tx.insert(deals).values({
      org_id: orgId,
      id,
      name: d.name,
      amount: d.amount ?? 0,
      currency: d.currency ?? 'EUR',
      probability: d.probability ?? null,
      status: d.status ?? 'open',
      company_id: d.companyId ?? null,
      pipeline_id: d.pipelineId,
      stage_id: d.stageId,
      position,
      owner_id: d.ownerId ?? null,
      ...(d.stageEnteredAt ? { stage_entered_at: d.stageEnteredAt } : {}),
      ...(d.deleted ? { deleted_at: new Date() } : {}),
    });
    if (d.tagIds?.length) {
      await tx
        .insert(deal_tags)
        .values(d.tagIds.map((tag_id) => ({ org_id: orgId, id: uuidv7(), record_id: id, tag_id })));
    }
    return id;
  });
}

/** Inserts a lead; returns its id. */
export async function insertLead(
  database: Database,
  orgId: string,
  l: Common & { title: string; companyName?: string | null; amount?: number | null; currency?: string | null },
): Promise<string> {
  return withTenant(database.db, { orgId }, async (tx) => {
    const id = uuidv7();
    const position = await boardPosition(tx, { entity: 'lead', orgId, stageId: l.stageId, afterId: l.afterId });
    await tx.insert(leads).values({
      org_id: orgId,
      id,
      title: l.title,
      company_name: l.companyName ?? null,
      expected_revenue_amount: l.amount ?? null,
      expected_revenue_currency: l.currency ?? null,
      probability: l.probability ?? null,
      pipeline_id: l.pipelineId,
      stage_id: l.stageId,
      position,
      owner_id: l.ownerId ?? null,
      ...(l.stageEnteredAt ? { stage_entered_at: l.stageEnteredAt } : {}),
      ...(l.deleted ? { deleted_at: new Date() } : {}),
    });
    if (l.tagIds?.length) {
      await tx
        .insert(lead_tags)
        .values(l.tagIds.map((tag_id) => ({ org_id: orgId, id: uuidv7(), record_id: id, tag_id })));
    }
    return id;
  });
}
