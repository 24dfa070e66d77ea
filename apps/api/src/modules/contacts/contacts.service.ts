/**
 * Contacts (people): create, read, update with optimistic concurrency, soft delete and restore.
 * Rules: email unique among live contacts (409 naming the existing one); phone and mobile in E.164
 * read with the organisation's region (400 naming the field); company in the same organisation
 * (404 otherwise); at most one primary contact per company — making one primary unsets the others
 * in the same transaction. Creation and owner changes are logged on the timeline (same transaction).
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Contact, CreateContactBody, UpdateContactBody } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { contacts } from '../../db/schema/index.js';
import { AppError, conflict, notFound, unprocessable } from '../../lib/errors.js';
import { optionalE164 } from '../../lib/phone.js';
import { staleVersion } from '../../lib/versioning.js';
import { companyRow } from '../companies/companies.service.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import { resolveCustomValues } from '../custom-fields/custom-values.js';
import type { Actor } from '../records/actor.js';
import { assertOwner } from '../records/bulk.js';
import { allOf } from '../records/filters.js';
import { restoreRecords, softDeleteRecords } from '../records/lifecycle.js';
import { liveVisible } from '../records/list.js';
import { fieldChangedEvent, logTimeline, logTimelineBatch } from '../timeline/timeline.writer.js';
import { assertTagsExist, setRecordTags } from '../tags/tags.service.js';
import { toContacts, type ContactRow } from './contacts.view.js';

/** A live contact the actor may see, or 404. */
export async function contactRow(tx: Tx, params: { actor: Actor; id: string }): Promise<ContactRow> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(liveVisible(contacts, params.actor), eq(contacts.id, params.id)));
  if (!row) throw notFound('Contact');
  return row;
}

export async function getContact(tx: Tx, params: { actor: Actor; id: string }): Promise<Contact> {
  const row = await contactRow(tx, params);
  return (await toContacts(tx, params.actor.orgId, [row]))[0]!;
}

async function assertEmailFree(tx: Tx, orgId: string, email: string | null | undefined, exceptId?: string) {
  if (!email) return;
  const [row] = await tx
    .select({ id: contacts.id, name: contacts.full_name })
    .from(contacts)
    .where(
      allOf([
        eq(contacts.org_id, orgId),
        eq(contacts.email, email),
        sql`${contacts.deleted_at} is null`,
        exceptId ? ne(contacts.id, exceptId) : undefined,
      ]),
    );
  if (row) {
    throw conflict(`The email ${email} is already used by ${row.name}`, {
      existing_id: row.id,
      issues: [{ path: 'body.email', message: `is already used by the contact "${row.name}"` }],
    });
  }
}

type Plain = Omit<UpdateContactBody, 'tag_ids' | 'custom_fields' | 'is_primary'>;

function columnsOf(body: Plain, actor: Actor): Partial<ContactRow> {
  const out: Partial<ContactRow> = {};
  const direct = [
    'first_name',
    'last_name',
    'email',
    'job_title',
    'department',
    'company_id',
    'do_not_call',
    'email_opt_out',
    'sms_opt_out',
    'unsubscribed_at',
    'source',
    'owner_id',
  ] as const;
  for (const k of direct) if (body[k] !== undefined) (out as Record<string, unknown>)[k] = body[k];
  if (body.phone !== undefined) out.phone = optionalE164(body.phone, actor.region, 'body.phone') ?? null;
  if (body.mobile !== undefined) out.mobile = optionalE164(body.mobile, actor.region, 'body.mobile') ?? null;
  // Opting out of email records when (now, unless given); opting back in clears it.
  if (body.email_opt_out === true && body.unsubscribed_at === undefined) out.unsubscribed_at = new Date();
  if (body.email_opt_out === false && body.unsubscribed_at === undefined) out.unsubscribed_at = null;
  return out;
}

/** Makes `id` the only primary contact of `companyId`. */
async function makePrimary(tx: Tx, orgId: string, companyId: string, id: string) {
  await tx
    .update(contacts)
    .set({ is_primary: false, version: sql`${contacts.version} + 1`, updated_at: new Date() })
    .where(
      and(
        eq(contacts.org_id, orgId),
        eq(contacts.company_id, companyId),
        eq(contacts.is_primary, true),
        ne(contacts.id, id),
      ),
    );
}

const noCompany = () =>
  unprocessable('Only a contact of a company can be its primary contact', { path: 'body.is_primary' });

/**
 * Creates a contact (and its `created` timeline entry); the owner defaults to the creator.
 * Errors: 400 fields, 404 company, 409 email.
 */
export async function createContact(tx: Tx, params: { actor: Actor; body: CreateContactBody }): Promise<Contact> {
  const { actor, body } = params;
  const cols = columnsOf(body, actor);
  const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'contact' });
  const custom = resolveCustomValues({
    defs,
    input: body.custom_fields,
    region: actor.region,
    entityLabel: 'contacts',
  });
  await assertEmailFree(tx, actor.orgId, body.email);
  if (body.company_id) await companyRow(tx, { actor, id: body.company_id });
  if (body.is_primary && !body.company_id) throw noCompany();
  const ownerId = body.owner_id === undefined ? actor.membershipId : body.owner_id;
  if (ownerId) await assertOwner(tx, { orgId: actor.orgId, ownerId, path: 'body.owner_id' });
  if (body.tag_ids) await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
  const id = uuidv7();
  if (body.is_primary && body.company_id) await makePrimary(tx, actor.orgId, body.company_id, id);
  const [row] = await tx
    .insert(contacts)
    .values({
      ...cols,
      org_id: actor.orgId,
      id,
      first_name: body.first_name,
      is_primary: body.is_primary ?? false,
      owner_id: ownerId,
      custom_fields: custom,
      created_by: actor.userId,
    })
    .returning();
  await logTimeline(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    type: 'created',
    records: [{ type: 'contact', id }],
    data: { name: row!.full_name ?? row!.first_name },
    occurredAt: row!.created_at,
  });
  if (body.tag_ids?.length)
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'contact', recordId: id, tagIds: body.tag_ids });
  return (await toContacts(tx, actor.orgId, [row!]))[0]!;
}

/**
 * Updates the fields present in `body` (`tag_ids` replaces the tag set; `custom_fields` merges, null
 * removes a value). Moving to another company drops the primary flag unless `is_primary` is sent.
 * `expectedVersion` → 412 when stale.
 */
export async function updateContact(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateContactBody; expectedVersion?: number | undefined },
): Promise<Contact> {
  const { actor, body } = params;
  const current = await contactRow(tx, params);
  if (params.expectedVersion !== undefined && params.expectedVersion !== current.version)
    throw staleVersion(current.version);
  const cols = columnsOf(body, actor);
  let custom: Record<string, unknown> | undefined;
  if (body.custom_fields) {
    const defs = await listCustomFields(tx, { orgId: actor.orgId, entity: 'contact', includeArchived: true });
    custom = resolveCustomValues({
      defs: defs.map((d) => ({ ...d, required: d.required && !d.archived })),
      input: body.custom_fields,
      existing: current.custom_fields,
      region: actor.region,
      entityLabel: 'contacts',
    });
  }
  if (body.email !== undefined) await assertEmailFree(tx, actor.orgId, body.email, current.id);
  if (body.company_id) await companyRow(tx, { actor, id: body.company_id });
  if (body.owner_id) await assertOwner(tx, { orgId: actor.orgId, ownerId: body.owner_id, path: 'body.owner_id' });
  const companyId = body.company_id !== undefined ? body.company_id : current.company_id;
  let isPrimary = body.is_primary ?? (companyId === current.company_id ? current.is_primary : false);
  if (!companyId) {
    if (body.is_primary) throw noCompany();
    isPrimary = false;
  }
  if (isPrimary && companyId) await makePrimary(tx, actor.orgId, companyId, current.id);
  if (body.tag_ids) {
    await assertTagsExist(tx, { orgId: actor.orgId, ids: body.tag_ids, path: 'body.tag_ids' });
    await setRecordTags(tx, { orgId: actor.orgId, entity: 'contact', recordId: current.id, tagIds: body.tag_ids });
  }
  const [row] = await tx
    .update(contacts)
    .set({
      ...cols,
      is_primary: isPrimary,
      ...(custom ? { custom_fields: custom } : {}),
      version: sql`${contacts.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(contacts.org_id, actor.orgId), eq(contacts.id, current.id), eq(contacts.version, current.version)))
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  const ownerEvent = await fieldChangedEvent(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    record: { type: 'contact', id: row.id },
    before: { owner_id: current.owner_id },
    after: { owner_id: row.owner_id },
    occurredAt: row.updated_at,
  });
  if (ownerEvent) await logTimelineBatch(tx, { orgId: actor.orgId, events: [ownerEvent] });
  return (await toContacts(tx, actor.orgId, [row]))[0]!;
}

/** Moves a contact to the recycle bin (it stops being its company's primary contact). */
export async function deleteContact(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const done = await softDeleteRecords(tx, { entity: 'contact', actor: params.actor, ids: [params.id] });
  if (!done.length) throw notFound('Contact');
}

/** Restores a contact from the recycle bin: 404 when not there, 409 when its email is taken meanwhile. */
export async function restoreContact(tx: Tx, params: { actor: Actor; id: string }): Promise<Contact> {
  const [outcome] = await restoreRecords(tx, { entity: 'contact', actor: params.actor, ids: [params.id] });
  if (!outcome!.ok) {
    if (outcome!.code === 'not_found') throw notFound('Contact in the recycle bin');
    throw new AppError('conflict', outcome!.message, {
      existing_id: outcome!.existing_id,
      issues: [{ path: 'email', message: outcome!.message }],
    });
  }
  return getContact(tx, params);
}
