/**
 * Leads: create, read, update with optimistic concurrency, soft delete and restore, assignment,
 * board moves, losing and reopening, and the lead's contacts (decision makers). Conversion is in
 * `leads.convert.ts`.
 *
 * Rules:
 *  - status follows the stage: `open` leads sit in open stages, `converted` ones in the pipeline's
 *    won stage (only `/convert` gets them there), `lost` ones in its lost stage (only `/lose`);
 *  - every stage or status change writes `stage_history` and resets `stage_entered_at` (a reorder
 *    within a column writes neither), in the same transaction;
 *  - external id unique per organisation among all its leads, deleted ones included (409 naming the
 *    existing lead); phones in E.164 with the organisation's region (400 naming `body.phones.<i>`);
 *  - owners: managers and above assign to anyone; a member may take an unassigned lead, unassign
 *    their own, and create leads for themselves or nobody (403 otherwise);
 *  - at most one primary contact per lead: making one primary unsets the other in the same transaction.
 * Leads, stages, companies and contacts of other organisations, or that the caller may not see, answer 404.
 */
import { and, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import { roleAtLeast, type CreateLeadBody, type Lead, type UpdateLeadBody } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { contacts, lead_contacts, leads, memberships } from '../../db/schema/index.js';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { toE164 } from '../../lib/phone.js';
import { staleVersion } from '../../lib/versioning.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import { resolveCustomValues } from '../custom-fields/custom-values.js';
import { boardPosition, recordStageChange } from '../pipelines/placement.js';
import {
  fieldChangedEvent,
  logTimelineBatch,
  type TimelineEvent,
  type TrackedFields,
} from '../timeline/timeline.writer.js';
import type { Actor } from '../records/actor.js';
import { assertOwner } from '../records/bulk.js';
import { restoreRecords, softDeleteRecords } from '../records/lifecycle.js';
import { liveVisible } from '../records/list.js';
import { assertTagsExist, setRecordTags } from '../tags/tags.service.js';
import { assertOpenStage, firstStageOfKind, resolvePlacement, stagesById, type StageInfo } from './leads.stages.js';
import { toLeads, type LeadRow } from './leads.view.js';

/** A live lead the actor may see, or 404. `lock` takes a row lock (`FOR UPDATE`) for a state change. */
export async function leadRow(tx: Tx, params: { actor: Actor; id: string; lock?: boolean }): Promise<LeadRow> {
  const query = tx
    .select()
    .from(leads)
    .where(and(liveVisible(leads, params.actor), eq(leads.id, params.id)));
  const [row] = params.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Lead');
  return row;
}

/** The lead as the API returns it (404 when missing, deleted, of another organisation or invisible). */
export async function getLead(tx: Tx, params: { actor: Actor; id: string }): Promise<Lead> {
  return leadView(tx, params.actor, await leadRow(tx, params));
}

/** One row in the API shape. */
export async function leadView(tx: Tx, actor: Actor, row: LeadRow): Promise<Lead> {
  return (await toLeads(tx, actor.orgId, [row]))[0]!;
}

/** E.164 forms of `input` (duplicates dropped); 400 naming `body.phones.<i>` for an invalid number. */
function normalisePhones(input: string[], region: string): string[] {
  return [...new Set(input.map((p, i) => toE164(p, region, `body.phones.${i}`)))];
}

/** 409 when another lead of the organisation (live or deleted) has `externalId`. */
async function assertExternalIdFree(tx: Tx, orgId: string, externalId: string | null | undefined, exceptId?: string) {
  if (!externalId) return;
  const [row] = await tx
    .select({ id: leads.id, title: leads.title })
    .from(leads)
    .where(
      and(eq(leads.org_id, orgId), eq(leads.external_id, externalId), exceptId ? ne(leads.id, exceptId) : undefined),
    );
  if (row) {
    throw conflict(`The external id ${externalId} is already used by the lead "${row.title}"`, {
      existing_id: row.id,
      issues: [{ path: 'body.external_id', message: `is already used by the lead "${row.title}"` }],
    });
  }
}

/** True when the actor may assign leads to anyone (managers, admins, owners). */
const assignsAnyone = (actor: Actor) => roleAtLeast(actor.role, 'manager');

/**
 * 403 unless the actor may change a lead's owner from `from` to `to` (`undefined` from = a new
 * lead): members may only take an unassigned lead, unassign their own, or create leads for
 * themselves or nobody.
 */
function assertMayAssign(actor: Actor, from: string | null | undefined, to: string | null): void {
  if (assignsAnyone(actor) || from === to) return;
  const me = actor.membershipId;
  if (from === undefined) {
    if (to === me || to === null) return;
    throw forbidden('Members create leads for themselves or leave them unassigned; a manager assigns them to others');
  }
  if (from === null && to === me) return;
  if (from === me && to === null) return;
  if (from === null)
    throw forbidden('Members may take an unassigned lead for themselves only; a manager assigns it to others');
  if (from === me)
    throw forbidden('Members may unassign their own lead but not hand it to someone else; ask a manager');
  throw forbidden('This lead belongs to another member; only a manager can reassign it');
}

/** 404 naming the contact unless every id is a live contact the actor sees. */
async function assertContactsVisible(tx: Tx, actor: Actor, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(liveVisible(contacts, actor), inArray(contacts.id, unique)));
  if (found.length !== unique.length) throw notFound('Contact');
}

/** Makes `contactId` the lead's only primary contact (two statements: the partial unique index checks each row). */
async function setPrimary(tx: Tx, orgId: string, leadId: string, contactId: string | null): Promise<void> {
  await tx
    .update(lead_contacts)
    .set({ is_primary: false })
    .where(
      and(
        eq(lead_contacts.org_id, orgId),
        eq(lead_contacts.record_id, leadId),
        eq(lead_contacts.is_primary, true),
        contactId ? ne(lead_contacts.contact_id, contactId) : undefined,
      ),
    );
  if (!contactId) return;
  await tx
    .update(lead_contacts)
    .set({ is_primary: true })
    .where(
      and(
        eq(lead_contacts.org_id, orgId),
        eq(lead_contacts.record_id, leadId),
        eq(lead_contacts.contact_id, contactId),
      ),
    );
}

/** The lead's links: contact id → primary flag. */
async function linksOf(tx: Tx, orgId: string, leadId: string): Promise<Map<string, boolean>> {
  const rows = await tx
    .select({ contact_id: lead_contacts.contact_id, is_primary: lead_contacts.is_primary })
    .from(lead_contacts)
    .where(and(eq(lead_contacts.org_id, orgId), eq(lead_contacts.record_id, leadId)));
  return new Map(rows.map((r) => [r.contact_id, r.is_primary]));
}

/**
 * Applies `contact_ids` (replaces the set) and `primary_contact_id` of a create/update body.
 * The primary must be one of the resulting contacts (422 naming `body.primary_contact_id`); when a
 * new set is given without one, the current primary stays if kept, else the first contact becomes
 * primary. 404 for contacts the actor cannot see.
 */
async function applyContactBody(
  tx: Tx,
  actor: Actor,
  leadId: string,
  body: { contact_ids?: string[] | undefined; primary_contact_id?: string | null | undefined },
): Promise<boolean> {
  if (body.contact_ids === undefined && body.primary_contact_id === undefined) return false;
  const orgId = actor.orgId;
  const current = await linksOf(tx, orgId, leadId);
  let set = [...current.keys()];
  if (body.contact_ids !== undefined) {
    set = [...new Set(body.contact_ids)];
    await assertContactsVisible(
      tx,
      actor,
      set.filter((id) => !current.has(id)),
    );
    await tx
      .delete(lead_contacts)
      .where(
        and(
          eq(lead_contacts.org_id, orgId),
          eq(lead_contacts.record_id, leadId),
          set.length ? notInArray(lead_contacts.contact_id, set) : undefined,
        ),
      );
    const added = set.filter((id) => !current.has(id));
    if (added.length) {
      await tx
        .insert(lead_contacts)
        .values(added.map((contact_id) => ({ org_id: orgId, id: uuidv7(), record_id: leadId, contact_id })))
        .onConflictDoNothing();
    }
  }
  let primary: string | null;
  if (body.primary_contact_id !== undefined) {
    primary = body.primary_contact_id;
    if (primary && !set.includes(primary)) {
      throw unprocessable('The primary contact must be one of the lead contacts', { path: 'body.primary_contact_id' });
    }
  } else {
    const kept = [...current.entries()].find(([id, p]) => p && set.includes(id))?.[0];
    primary = kept ?? set[0] ?? null;
  }
  await setPrimary(tx, orgId, leadId, primary);
  return true;
}

type Plain = Omit<
  UpdateLeadBody,
  'tag_ids' | 'custom_fields' | 'contact_ids' | 'primary_contact_id' | 'pipeline_id' | 'stage_id' | 'owner_id'
>;

/** Column values of the plain fields present in `body` (undefined = leave unchanged). */
function columnsOf(body: Plain, actor: Actor): Partial<LeadRow> {
  const out: Partial<LeadRow> = {};
  const direct = [
    'title',
    'company_name',
    'tax_id',
    'email',
    'segment',
    'source',
    'priority',
    'rating',
    'score',
    'probability',
    'external_id',
    'location',
    'notes',
  ] as const;
  for (const k of direct) if (body[k] !== undefined) (out as Record<string, unknown>)[k] = body[k];
  if (body.phones !== undefined) out.phones = normalisePhones(body.phones, actor.region);
  if (body.expected_revenue !== undefined) {
    out.expected_revenue_amount = body.expected_revenue?.amount ?? null;
    out.expected_revenue_currency = body.expected_revenue?.currency ?? null;
  }
  return out;
}

/**
 * Creates an open lead in `stage_id` / `pipeline_id` (default: the default lead pipeline's first
 * open stage), at the top of the stage's board column, with its first `stage_history` row and its
 * `created` timeline entry — one transaction. The owner defaults to the creator. Errors: 400 fields (`body.phones.<i>`,
 * `body.owner_id`, `body.tag_ids.<i>`, custom fields), 403 a member assigning someone else, 404
 * pipeline / stage / contact, 409 external id, 422 stage of another pipeline or not open.
 */
export async function createLead(tx: Tx, params: { actor: Actor; body: CreateLeadBody }): Promise<Lead> {
  const { actor, body } = params;
  const cols = columnsOf(body, actor);
  const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'lead' });
  const custom = resolveCustomValues({ defs, input: body.custom_fields, region: actor.region, entityLabel: 'leads' });
  await assertExternalIdFree(tx, actor.orgId, body.external_id);
  const ownerId = body.owner_id === undefined ? actor.membershipId : body.owner_id;
  if (ownerId) await assertOwner(tx, { orgId: actor.orgId, ownerId, path: 'body.owner_id' });
  assertMayAssign(actor, undefined, ownerId);
  if (body.tag_ids) await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
  if (body.primary_contact_id && !(body.contact_ids ?? []).includes(body.primary_contact_id)) {
    throw unprocessable('The primary contact must be one of contact_ids', { path: 'body.primary_contact_id' });
  }
  const stage = await resolvePlacement(tx, {
    orgId: actor.orgId,
    pipelineId: body.pipeline_id,
    stageId: body.stage_id,
  });
  const id = uuidv7();
  const now = new Date();
  const position = await boardPosition(tx, { entity: 'lead', orgId: actor.orgId, stageId: stage.id });
  const [row] = await tx
    .insert(leads)
    .values({
      ...cols,
      org_id: actor.orgId,
      id,
      title: body.title,
      owner_id: ownerId,
      custom_fields: custom,
      created_by: actor.userId,
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      position,
      stage_entered_at: now,
      status: 'open',
      created_at: now,
      updated_at: now,
    })
    .returning();
  await recordStageChange(tx, {
    entity: 'lead',
    orgId: actor.orgId,
    recordId: id,
    pipelineId: stage.pipeline_id,
    fromStageId: null,
    toStageId: stage.id,
    fromStatus: null,
    toStatus: 'open',
    userId: actor.userId,
    at: now,
    events: [
      {
        actorId: actor.userId,
        type: 'created',
        records: [{ type: 'lead', id }],
        data: { name: row!.title },
        occurredAt: now,
      },
    ],
  });
  if (body.tag_ids?.length)
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'lead', recordId: id, tagIds: body.tag_ids });
  await applyContactBody(tx, actor, id, body);
  return leadView(tx, actor, row!);
}

/**
 * Moves a lead to `stage` (at `position`) and/or another status, writing `stage_history` when the
 * stage or the status changes (then `stage_entered_at` restarts) — in the caller's transaction.
 * `set` carries the other columns to change. The timeline gets, in one insert: `stage_changed` /
 * `status_changed` (with `set.lost_reason`), `field_changed` for owner and expected revenue changes
 * in `set`, and the caller's `events` (e.g. `converted`). Returns the updated row.
 */
export async function placeLead(
  tx: Tx,
  params: {
    actor: Actor;
    current: LeadRow;
    stage: StageInfo;
    position: string;
    status?: 'open' | 'converted' | 'lost';
    set?: Partial<LeadRow>;
    events?: TimelineEvent[];
  },
): Promise<LeadRow> {
  const { actor, current, stage } = params;
  const status = params.status ?? (current.status as 'open' | 'converted' | 'lost');
  const changed = stage.id !== current.stage_id || status !== current.status;
  const now = new Date();
  const [row] = await tx
    .update(leads)
    .set({
      ...params.set,
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      position: params.position,
      status,
      ...(stage.id !== current.stage_id ? { stage_entered_at: now } : {}),
      version: sql`${leads.version} + 1`,
      updated_at: now,
    })
    .where(and(eq(leads.org_id, actor.orgId), eq(leads.id, current.id), eq(leads.version, current.version)))
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  const fieldEvent = await leadFieldEvent(tx, actor, current, row, now);
  const events = [...(fieldEvent ? [fieldEvent] : []), ...(params.events ?? [])];
  if (changed) {
    await recordStageChange(tx, {
      entity: 'lead',
      orgId: actor.orgId,
      recordId: current.id,
      pipelineId: stage.pipeline_id,
      fromStageId: current.stage_id,
      toStageId: stage.id,
      fromStatus: current.status,
      toStatus: status,
      userId: actor.userId,
      at: now,
      reason: row.lost_reason,
      events,
    });
  } else if (events.length) {
    await logTimelineBatch(tx, { orgId: actor.orgId, events });
  }
  return row;
}

/** The lead fields whose changes go on the timeline: owner and expected revenue. */
const trackedFields = (l: LeadRow): TrackedFields => ({
  owner_id: l.owner_id,
  expected_revenue:
    l.expected_revenue_amount !== null && l.expected_revenue_currency !== null
      ? { amount: l.expected_revenue_amount, currency: l.expected_revenue_currency }
      : null,
});

/** The `field_changed` event of a lead update (null when no tracked field changed). */
function leadFieldEvent(tx: Tx, actor: Actor, before: LeadRow, after: LeadRow, at: Date) {
  return fieldChangedEvent(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    record: { type: 'lead', id: after.id },
    before: trackedFields(before),
    after: trackedFields(after),
    occurredAt: at,
  });
}

/** 422 unless the lead is open (only open leads change stage). */
function assertOpenLead(current: LeadRow, path: string): void {
  if (current.status === 'lost') {
    throw unprocessable('The lead is lost: reopen it (POST /leads/{id}/reopen) before moving it', { path });
  }
  if (current.status === 'converted') {
    throw unprocessable('The lead is converted and stays in its won stage', { path });
  }
}

/**
 * Updates the fields present in `body`: `tag_ids` and `contact_ids` replace their sets,
 * `custom_fields` merges (null removes a value), `pipeline_id` / `stage_id` move an open lead to
 * the top of the target column (history written). `expectedVersion` → 412 when stale. Errors as
 * {@link createLead}, plus 422 when a lost or converted lead would change stage.
 */
export async function updateLead(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateLeadBody; expectedVersion?: number | undefined },
): Promise<Lead> {
  const { actor, body } = params;
  const current = await leadRow(tx, { ...params, lock: true });
  if (params.expectedVersion !== undefined && params.expectedVersion !== current.version)
    throw staleVersion(current.version);
  const cols = columnsOf(body, actor);
  let custom: Record<string, unknown> | undefined;
  if (body.custom_fields) {
    const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'lead', includeArchived: true });
    custom = resolveCustomValues({
      defs: defs.map((d) => ({ ...d, required: d.required && !d.archived })),
      input: body.custom_fields,
      existing: current.custom_fields,
      region: actor.region,
      entityLabel: 'leads',
    });
  }
  if (body.external_id !== undefined) await assertExternalIdFree(tx, actor.orgId, body.external_id, current.id);
  if (body.owner_id !== undefined) {
    if (body.owner_id) await assertOwner(tx, { orgId: actor.orgId, ownerId: body.owner_id, path: 'body.owner_id' });
    assertMayAssign(actor, current.owner_id, body.owner_id);
    cols.owner_id = body.owner_id;
  }
  if (body.tag_ids) {
    await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'lead', recordId: current.id, tagIds: body.tag_ids });
  }
  await applyContactBody(tx, actor, current.id, body);

  // Naming the lead's current pipeline / stage again changes nothing.
  const wantsMove =
    (body.stage_id !== undefined && body.stage_id !== current.stage_id) ||
    (body.pipeline_id !== undefined && body.pipeline_id !== current.pipeline_id);
  let row: LeadRow | undefined;
  if (wantsMove) {
    assertOpenLead(current, body.stage_id !== undefined ? 'body.stage_id' : 'body.pipeline_id');
    const stage = await resolvePlacement(tx, {
      orgId: actor.orgId,
      pipelineId: body.pipeline_id ?? (body.stage_id !== undefined ? current.pipeline_id : undefined),
      stageId: body.stage_id,
    });
    const position = await boardPosition(tx, {
      entity: 'lead',
      orgId: actor.orgId,
      stageId: stage.id,
      excludeId: current.id,
    });
    row = await placeLead(tx, {
      actor,
      current,
      stage,
      position,
      set: { ...cols, ...(custom ? { custom_fields: custom } : {}) },
    });
  } else {
    [row] = await tx
      .update(leads)
      .set({
        ...cols,
        ...(custom ? { custom_fields: custom } : {}),
        version: sql`${leads.version} + 1`,
        updated_at: new Date(),
      })
      .where(and(eq(leads.org_id, actor.orgId), eq(leads.id, current.id), eq(leads.version, current.version)))
      .returning();
    if (!row) throw staleVersion(current.version + 1);
    const fieldEvent = await leadFieldEvent(tx, actor, current, row, row.updated_at);
    if (fieldEvent) await logTimelineBatch(tx, { orgId: actor.orgId, events: [fieldEvent] });
  }
  return leadView(tx, actor, row);
}

/** Moves a lead to the recycle bin (restorable for 30 days). 404 when not visible. */
export async function deleteLead(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const done = await softDeleteRecords(tx, { entity: 'lead', actor: params.actor, ids: [params.id] });
  if (!done.length) throw notFound('Lead');
}

/** Restores a lead from the recycle bin: 404 when it is not there (or older than 30 days). */
export async function restoreLead(tx: Tx, params: { actor: Actor; id: string }): Promise<Lead> {
  const [outcome] = await restoreRecords(tx, { entity: 'lead', actor: params.actor, ids: [params.id] });
  if (!outcome!.ok) throw notFound('Lead in the recycle bin');
  return getLead(tx, params);
}

/**
 * `POST /leads/{id}/assign`: `to` = `me`, `none` (unassign) or a membership id. Managers and above
 * assign to anyone; a member may take an unassigned lead (`me`) or unassign their own (403
 * otherwise). 404 for an invisible lead or an unknown member. A change is logged on the timeline
 * (`field_changed` owner).
 */
export async function assignLead(tx: Tx, params: { actor: Actor; id: string; to: string }): Promise<Lead> {
  const { actor } = params;
  const current = await leadRow(tx, { ...params, lock: true });
  const to = params.to === 'me' ? actor.membershipId : params.to === 'none' ? null : params.to;
  if (to && to !== actor.membershipId) {
    const [m] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.org_id, actor.orgId), eq(memberships.id, to)));
    if (!m) throw notFound('Member');
  }
  assertMayAssign(actor, current.owner_id, to);
  if (to === current.owner_id) return leadView(tx, actor, current);
  const [row] = await tx
    .update(leads)
    .set({ owner_id: to, version: sql`${leads.version} + 1`, updated_at: new Date() })
    .where(and(eq(leads.org_id, actor.orgId), eq(leads.id, current.id)))
    .returning();
  const fieldEvent = await leadFieldEvent(tx, actor, current, row!, row!.updated_at);
  if (fieldEvent) await logTimelineBatch(tx, { orgId: actor.orgId, events: [fieldEvent] });
  return leadView(tx, actor, row!);
}

/**
 * `POST /leads/{id}/move` (board drag): to `stageId` of the lead's own pipeline, before `beforeId`
 * / after `afterId` or at the top. Within the same stage only the order changes (no history);
 * a new stage writes `stage_history` and restarts `stage_entered_at`. Errors: 404 unknown stage,
 * 422 another pipeline's stage, a won stage ("convert the lead to qualify it"), a lost stage (use
 * `/lose`), a lost or converted lead changing stage, an anchor that is not a card of that stage.
 */
export async function moveLead(
  tx: Tx,
  params: { actor: Actor; id: string; stageId: string; beforeId?: string | null; afterId?: string | null },
): Promise<Lead> {
  const { actor } = params;
  const current = await leadRow(tx, { ...params, lock: true });
  const stage = (await stagesById(tx, { orgId: actor.orgId, ids: [params.stageId] })).get(params.stageId);
  if (!stage) throw notFound('Stage');
  if (stage.pipeline_id !== current.pipeline_id) {
    throw unprocessable('The stage belongs to another pipeline (change pipeline_id with PATCH)', {
      path: 'body.stage_id',
    });
  }
  if (stage.id !== current.stage_id) {
    assertOpenStage(stage, 'body.stage_id');
    assertOpenLead(current, 'body.stage_id');
  }
  const position = await boardPosition(tx, {
    entity: 'lead',
    orgId: actor.orgId,
    stageId: stage.id,
    beforeId: params.beforeId,
    afterId: params.afterId,
    excludeId: current.id,
  });
  return leadView(tx, actor, await placeLead(tx, { actor, current, stage, position }));
}

/**
 * `POST /leads/{id}/lose`: status lost with `reason` and `lost_at` (now), moved to the top of its
 * pipeline's first lost stage (stays put when the pipeline has none); history written.
 * 409 when already lost, 422 when converted.
 */
export async function loseLead(tx: Tx, params: { actor: Actor; id: string; reason: string }): Promise<Lead> {
  const { actor } = params;
  const current = await leadRow(tx, { ...params, lock: true });
  if (current.status === 'lost') throw conflict('The lead is already lost');
  if (current.status === 'converted') throw unprocessable('A converted lead cannot be lost');
  const lostStage = await firstStageOfKind(tx, { orgId: actor.orgId, pipelineId: current.pipeline_id, kind: 'lost' });
  const stage =
    lostStage ?? (await stagesById(tx, { orgId: actor.orgId, ids: [current.stage_id] })).get(current.stage_id)!;
  const position =
    stage.id === current.stage_id
      ? current.position
      : await boardPosition(tx, { entity: 'lead', orgId: actor.orgId, stageId: stage.id, excludeId: current.id });
  const row = await placeLead(tx, {
    actor,
    current,
    stage,
    position,
    status: 'lost',
    set: { lost_reason: params.reason, lost_at: new Date() },
  });
  return leadView(tx, actor, row);
}

/**
 * `POST /leads/{id}/reopen`: a lost lead back to open, at the top of its pipeline's first open stage,
 * lost reason and time cleared; history written. 409 when the lead is open or converted.
 */
export async function reopenLead(tx: Tx, params: { actor: Actor; id: string }): Promise<Lead> {
  const { actor } = params;
  const current = await leadRow(tx, { ...params, lock: true });
  if (current.status === 'open') throw conflict('The lead is already open');
  if (current.status === 'converted') throw conflict('A converted lead cannot be reopened');
  const stage = await firstStageOfKind(tx, { orgId: actor.orgId, pipelineId: current.pipeline_id, kind: 'open' });
  if (!stage) throw unprocessable('The pipeline has no open stage');
  const position = await boardPosition(tx, {
    entity: 'lead',
    orgId: actor.orgId,
    stageId: stage.id,
    excludeId: current.id,
  });
  const row = await placeLead(tx, {
    actor,
    current,
    stage,
    position,
    status: 'open',
    set: { lost_reason: null, lost_at: null },
  });
  return leadView(tx, actor, row);
}

/** Bumps the lead's version and `updated_at` (its contacts changed). */
async function touchLead(tx: Tx, actor: Actor, id: string): Promise<LeadRow> {
  const [row] = await tx
    .update(leads)
    .set({ version: sql`${leads.version} + 1`, updated_at: new Date() })
    .where(and(eq(leads.org_id, actor.orgId), eq(leads.id, id)))
    .returning();
  return row!;
}

/**
 * `POST /leads/{id}/contacts`: links a contact the actor sees (404 otherwise) to the lead. It becomes
 * the primary contact when `is_primary` is true or the lead has none yet (unless `is_primary: false`);
 * linking an already linked contact only applies `is_primary`.
 */
export async function addLeadContact(
  tx: Tx,
  params: { actor: Actor; id: string; contactId: string; isPrimary?: boolean | undefined },
): Promise<Lead> {
  const { actor } = params;
  const lead = await leadRow(tx, { ...params, lock: true });
  await assertContactsVisible(tx, actor, [params.contactId]);
  const links = await linksOf(tx, actor.orgId, lead.id);
  if (!links.has(params.contactId)) {
    await tx
      .insert(lead_contacts)
      .values({ org_id: actor.orgId, id: uuidv7(), record_id: lead.id, contact_id: params.contactId });
  }
  const hasPrimary = [...links.values()].some(Boolean);
  if (params.isPrimary || (params.isPrimary === undefined && !hasPrimary)) {
    await setPrimary(tx, actor.orgId, lead.id, params.contactId);
  } else if (params.isPrimary === false && links.get(params.contactId)) {
    await setPrimary(tx, actor.orgId, lead.id, null);
  }
  return leadView(tx, actor, await touchLead(tx, actor, lead.id));
}

/** `DELETE /leads/{id}/contacts/{contact_id}`: unlinks the contact (404 when not linked). */
export async function removeLeadContact(
  tx: Tx,
  params: { actor: Actor; id: string; contactId: string },
): Promise<Lead> {
  const { actor } = params;
  const lead = await leadRow(tx, { ...params, lock: true });
  const gone = await tx
    .delete(lead_contacts)
    .where(
      and(
        eq(lead_contacts.org_id, actor.orgId),
        eq(lead_contacts.record_id, lead.id),
        eq(lead_contacts.contact_id, params.contactId),
      ),
    )
    .returning({ id: lead_contacts.id });
  if (!gone.length) throw notFound('Contact of this lead');
  return leadView(tx, actor, await touchLead(tx, actor, lead.id));
}

/** `POST /leads/{id}/contacts/{contact_id}/primary`: the one primary contact (the previous one is unset). */
export async function makePrimaryLeadContact(
  tx: Tx,
  params: { actor: Actor; id: string; contactId: string },
): Promise<Lead> {
  const { actor } = params;
  const lead = await leadRow(tx, { ...params, lock: true });
  const links = await linksOf(tx, actor.orgId, lead.id);
  if (!links.has(params.contactId)) throw notFound('Contact of this lead');
  await setPrimary(tx, actor.orgId, lead.id, params.contactId);
  return leadView(tx, actor, await touchLead(tx, actor, lead.id));
}
