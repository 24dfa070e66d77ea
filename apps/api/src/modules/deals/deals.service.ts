/**
 * Deals (opportunities): create, read, update with optimistic concurrency, soft delete and restore.
 * Moves and status transitions live in `deals.transitions.ts`.
 *
 * Rules: company, contacts, owner, tags, pipeline and stage of the same organisation (unknown or
 * another organisation's → 404; an invisible company or contact under the private rule → 404 too);
 * a stage of another pipeline → 422; money in integer minor units + ISO 4217 (400 otherwise);
 * `status`, `won_at`, `closed_at` and `source_lead_id` are never written directly. Creating a deal
 * writes its first `stage_history` row (from nothing to its stage) and places it at the top of its
 * column, in the caller's transaction.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { CreateDealBody, Deal, UpdateDealBody } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { contacts, deal_contacts, deals } from '../../db/schema/index.js';
import { invalid, notFound, unprocessable } from '../../lib/errors.js';
import { companyRow } from '../companies/companies.service.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import { resolveCustomValues } from '../custom-fields/custom-values.js';
import { boardPosition, recordStageChange } from '../pipelines/placement.js';
import type { Actor } from '../records/actor.js';
import { assertOwner } from '../records/bulk.js';
import { restoreRecords, softDeleteRecords } from '../records/lifecycle.js';
import { liveVisible } from '../records/list.js';
import { assertTagsExist, setRecordTags } from '../tags/tags.service.js';
import { resolveStage, type StageInfo } from './deals.stages.js';
import { assertVersion, dealRow, placeAtTop, saveDeal, stageChange, statusColumns } from './deals.transitions.js';
import { toDeals, type DealRow } from './deals.view.js';

/** Amount used when a deal is created without one. */
export const DEFAULT_DEAL_AMOUNT = { amount: 0, currency: 'USD' } as const;

/** A deal the actor may see, in the API shape; 404 otherwise. */
export async function getDeal(tx: Tx, params: { actor: Actor; id: string }): Promise<Deal> {
  const row = await dealRow(tx, params);
  return (await toDeals(tx, params.actor.orgId, [row]))[0]!;
}

/** 404 unless every id is a live contact the actor may see. */
async function assertContactsVisible(tx: Tx, actor: Actor, ids: string[]) {
  if (!ids.length) return;
  const found = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(liveVisible(contacts, actor), inArray(contacts.id, ids)));
  if (found.length < ids.length) throw notFound('Contact');
}

/** The contact links of a deal: ids and the primary one. */
async function linksOf(tx: Tx, orgId: string, dealId: string) {
  const rows = await tx
    .select({ contact_id: deal_contacts.contact_id, is_primary: deal_contacts.is_primary })
    .from(deal_contacts)
    .where(and(eq(deal_contacts.org_id, orgId), eq(deal_contacts.record_id, dealId)));
  return { ids: rows.map((r) => r.contact_id), primary: rows.find((r) => r.is_primary)?.contact_id ?? null };
}

/**
 * Makes `contactIds` the deal's contacts with `primaryId` the primary one (null = none). Links kept
 * keep their creation time; the primary flag is cleared before it is set (one primary per deal).
 */
async function writeContacts(
  tx: Tx,
  params: { orgId: string; dealId: string; contactIds: string[]; primaryId: string | null; existing: string[] },
) {
  const { orgId, dealId, contactIds, primaryId } = params;
  const same = and(eq(deal_contacts.org_id, orgId), eq(deal_contacts.record_id, dealId));
  if (params.existing.length) {
    await tx
      .delete(deal_contacts)
      .where(
        and(
          same,
          contactIds.length
            ? sql`${deal_contacts.contact_id} <> all(${`{${contactIds.join(',')}}`}::uuid[])`
            : undefined,
        ),
      );
    await tx
      .update(deal_contacts)
      .set({ is_primary: false })
      .where(
        and(
          same,
          eq(deal_contacts.is_primary, true),
          primaryId ? sql`${deal_contacts.contact_id} <> ${primaryId}::uuid` : undefined,
        ),
      );
    if (primaryId) {
      await tx
        .update(deal_contacts)
        .set({ is_primary: true })
        .where(and(same, eq(deal_contacts.contact_id, primaryId)));
    }
  }
  const kept = new Set(params.existing);
  const added = contactIds.filter((id) => !kept.has(id));
  if (added.length) {
    await tx.insert(deal_contacts).values(
      added.map((contactId) => ({
        org_id: orgId,
        id: uuidv7(),
        record_id: dealId,
        contact_id: contactId,
        is_primary: contactId === primaryId,
      })),
    );
  }
}

/** 422 when a lost reason is given for a deal that is not lost. */
function assertLostReason(reason: string | null | undefined, status: string) {
  if (reason && status !== 'lost') {
    throw unprocessable(`Only a lost deal has a lost reason (this one would be ${status})`, {
      field: 'body.lost_reason',
    });
  }
}

/**
 * Creates a deal in the caller's transaction and returns it in the API shape.
 *
 * - `body.pipeline_id` / `body.stage_id`: default the organisation's default deals pipeline and its
 *   first open stage; a stage alone implies its pipeline; a stage of another pipeline → 422; an
 *   unknown or other organisation's pipeline / stage → 404. A won or lost stage creates a won or lost
 *   deal (`won_at` / `closed_at` = now, UTC).
 * - `body.amount`: `{ amount, currency }` in integer minor units + ISO 4217, default 0 USD.
 * - `body.contact_ids` / `primary_contact_id`: visible live contacts (404 otherwise); the primary
 *   defaults to the first contact.
 * - owner defaults to the creator (`owner_id: null` = unassigned); company, tags, custom fields as
 *   for other records (404 / 400 naming the field).
 * - `sourceLeadId` (internal, lead conversion only): the lead the deal comes from.
 *
 * Writes the deal at the top of its stage column, one `stage_history` row (from null to its
 * stage and status) and its `created` timeline entry. Errors: 400 fields, 404 references, 422 rules.
 */
export async function createDeal(
  tx: Tx,
  params: { actor: Actor; body: CreateDealBody; sourceLeadId?: string | null | undefined },
): Promise<Deal> {
  const { row, now } = await insertNewDeal(tx, params);
  return (await toDeals(tx, params.actor.orgId, [row], now))[0]!;
}

/**
 * {@link createDeal} without building the response: the stored row (lead conversion needs only the
 * new deal's id, and skips the five decoration statements of the API shape).
 */
export async function insertNewDeal(
  tx: Tx,
  params: { actor: Actor; body: CreateDealBody; sourceLeadId?: string | null | undefined },
): Promise<{ row: typeof deals.$inferSelect; now: Date }> {
  const { actor, body } = params;
  const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'deal' });
  const custom = resolveCustomValues({ defs, input: body.custom_fields, region: actor.region, entityLabel: 'deals' });
  if (body.company_id) await companyRow(tx, { actor, id: body.company_id });
  const stage = await resolveStage(tx, { orgId: actor.orgId, pipelineId: body.pipeline_id, stageId: body.stage_id });
  const ownerId = body.owner_id === undefined ? actor.membershipId : body.owner_id;
  if (ownerId) await assertOwner(tx, { orgId: actor.orgId, ownerId, path: 'body.owner_id' });
  if (body.tag_ids) await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
  const contactIds = [...new Set(body.contact_ids ?? [])];
  await assertContactsVisible(tx, actor, contactIds);
  if (body.primary_contact_id && !contactIds.includes(body.primary_contact_id)) {
    throw invalid([{ path: 'body.primary_contact_id', message: 'must be one of contact_ids' }]);
  }
  const now = new Date();
  const status = statusColumns(null, stage, now, body.lost_reason ?? null);
  assertLostReason(body.lost_reason, status.status);
  const position = await boardPosition(tx, { entity: 'deal', orgId: actor.orgId, stageId: stage.id });
  const amount = body.amount ?? DEFAULT_DEAL_AMOUNT;
  const id = uuidv7();
  const [row] = await tx
    .insert(deals)
    .values({
      org_id: actor.orgId,
      id,
      name: body.name,
      company_id: body.company_id ?? null,
      amount: amount.amount,
      currency: amount.currency,
      probability: body.probability ?? null,
      expected_close_date: body.expected_close_date ?? null,
      type: body.type ?? null,
      priority: body.priority ?? null,
      source_lead_id: params.sourceLeadId ?? null,
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      position,
      stage_entered_at: now,
      ...status,
      owner_id: ownerId,
      custom_fields: custom,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning();
  await recordStageChange(tx, {
    entity: 'deal',
    orgId: actor.orgId,
    recordId: id,
    pipelineId: stage.pipeline_id,
    fromStageId: null,
    toStageId: stage.id,
    fromStatus: null,
    toStatus: status.status,
    userId: actor.userId,
    at: now,
    events: [
      {
        actorId: actor.userId,
        type: 'created',
        records: [{ type: 'deal', id }],
        data: { name: row!.name },
        occurredAt: now,
      },
    ],
  });
  if (body.tag_ids?.length)
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'deal', recordId: id, tagIds: body.tag_ids });
  if (contactIds.length) {
    const primaryId = body.primary_contact_id === undefined ? contactIds[0]! : body.primary_contact_id;
    await writeContacts(tx, { orgId: actor.orgId, dealId: id, contactIds, primaryId, existing: [] });
  }
  return { row: row!, now };
}

type Plain = Pick<
  UpdateDealBody,
  'name' | 'company_id' | 'probability' | 'expected_close_date' | 'type' | 'priority' | 'owner_id'
>;

function plainColumns(body: Plain): Partial<DealRow> {
  const out: Partial<DealRow> = {};
  const direct = ['name', 'company_id', 'probability', 'expected_close_date', 'type', 'priority', 'owner_id'] as const;
  for (const k of direct) if (body[k] !== undefined) (out as Record<string, unknown>)[k] = body[k];
  return out;
}

/**
 * Updates the fields present in `body`: `tag_ids` and `contact_ids` replace their sets (newly
 * linked contacts must be visible, 404 otherwise); `primary_contact_id` must be one of the deal's
 * contacts (400); `custom_fields` merges (null removes); `stage_id` (with `pipeline_id` to change
 * pipeline; `pipeline_id` alone → its first open stage) moves the deal to the top of that column
 * with the status of the stage's kind and a `stage_history` row. `lost_reason` only for a lost deal
 * (422). `expectedVersion` → 412 when stale. 404 for deals the actor may not see.
 */
export async function updateDeal(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateDealBody; expectedVersion?: number | undefined },
): Promise<Deal> {
  const { actor, body } = params;
  const current = await dealRow(tx, params);
  assertVersion(current, params.expectedVersion);
  const set: Partial<DealRow> = plainColumns(body);
  if (body.custom_fields) {
    const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'deal', includeArchived: true });
    set.custom_fields = resolveCustomValues({
      defs: defs.map((d) => ({ ...d, required: d.required && !d.archived })),
      input: body.custom_fields,
      existing: current.custom_fields,
      region: actor.region,
      entityLabel: 'deals',
    });
  }
  if (body.company_id && body.company_id !== current.company_id) await companyRow(tx, { actor, id: body.company_id });
  if (body.owner_id) await assertOwner(tx, { orgId: actor.orgId, ownerId: body.owner_id, path: 'body.owner_id' });
  if (body.amount) {
    set.amount = body.amount.amount;
    set.currency = body.amount.currency;
  }
  const now = new Date();
  const pipelineChanges = body.pipeline_id !== undefined && body.pipeline_id !== current.pipeline_id;
  if (body.stage_id !== undefined || pipelineChanges) {
    const stage: StageInfo = await resolveStage(tx, {
      orgId: actor.orgId,
      pipelineId: body.pipeline_id,
      stageId: body.stage_id,
      currentPipelineId: current.pipeline_id,
    });
    if (stage.id !== current.stage_id) {
      const position = await boardPosition(tx, {
        entity: 'deal',
        orgId: actor.orgId,
        stageId: stage.id,
        excludeId: current.id,
      });
      Object.assign(set, stageChange(current, stage, position, now, body.lost_reason ?? undefined));
    }
  }
  if (body.lost_reason !== undefined) {
    assertLostReason(body.lost_reason, set.status ?? current.status);
    set.lost_reason = body.lost_reason;
  }
  if (body.tag_ids) {
    await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'deal', recordId: current.id, tagIds: body.tag_ids });
  }
  if (body.contact_ids !== undefined || body.primary_contact_id !== undefined) {
    const links = await linksOf(tx, actor.orgId, current.id);
    const contactIds = body.contact_ids ? [...new Set(body.contact_ids)] : links.ids;
    const linked = new Set(links.ids);
    await assertContactsVisible(
      tx,
      actor,
      contactIds.filter((c) => !linked.has(c)),
    );
    let primaryId: string | null;
    if (body.primary_contact_id !== undefined) {
      if (body.primary_contact_id && !contactIds.includes(body.primary_contact_id)) {
        throw invalid([{ path: 'body.primary_contact_id', message: "must be one of the deal's contacts" }]);
      }
      primaryId = body.primary_contact_id;
    } else {
      primaryId = links.primary && contactIds.includes(links.primary) ? links.primary : (contactIds[0] ?? null);
    }
    await writeContacts(tx, { orgId: actor.orgId, dealId: current.id, contactIds, primaryId, existing: links.ids });
  }
  const row = await saveDeal(tx, { actor, current, set, now });
  return (await toDeals(tx, actor.orgId, [row], now))[0]!;
}

/** Moves a deal to the recycle bin (restorable for 30 days). 404 when the actor may not see it. */
export async function deleteDeal(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const done = await softDeleteRecords(tx, { entity: 'deal', actor: params.actor, ids: [params.id] });
  if (!done.length) throw notFound('Deal');
}

/**
 * Restores a deal from the recycle bin (404 when not there) to the top of its stage column: its old
 * position key may have been given to another card meanwhile.
 */
export async function restoreDeal(tx: Tx, params: { actor: Actor; id: string }): Promise<Deal> {
  const [outcome] = await restoreRecords(tx, { entity: 'deal', actor: params.actor, ids: [params.id] });
  if (!outcome!.ok) throw notFound('Deal in the recycle bin');
  await placeAtTop(tx, { orgId: params.actor.orgId, ids: [params.id] });
  return getDeal(tx, params);
}
