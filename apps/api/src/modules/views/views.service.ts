/**
 * Saved views (issue 7): a member's list setup, private or shared with the organisation, and each
 * member's default view per entity.
 *
 * Rules:
 * - `GET /views?entity=`: the caller's own views and every shared one, by name.
 * - A private view is its owner's alone (others get 404). A shared view is read by everyone and
 *   changed or deleted by its owner or an admin/owner (others 403).
 * - On write, `filters` must be valid list filters of the entity (400 `body.filters.<key>`), custom
 *   fields in filters, columns and sort must be active (400), and `segment_id` a segment of the
 *   organisation (404) of the same entity (400).
 * - On read, a view survives schema changes: filters, columns and a sort naming a custom field that
 *   no longer exists (deleted or archived) are dropped, each with an entry in `notices`.
 * - The default: one per member and entity (`PUT /views/{id}/default` replaces it).
 */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { z } from 'zod';
import {
  CompanyFilter,
  ContactFilter,
  DealFilter,
  LeadFilter,
  roleAtLeast,
  SEGMENT_RECORD_TYPE,
  type CreateViewBody,
  type FieldIssue,
  type SavedView,
  type SegmentEntity,
  type UpdateViewBody,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { saved_views, view_defaults } from '../../db/schema/index.js';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import type { Actor } from '../records/actor.js';
import { segmentCriteriaOf } from '../segments/segments.where.js';

type Row = typeof saved_views.$inferSelect;

const FILTERS: Record<SegmentEntity, z.ZodType> = {
  contacts: ContactFilter,
  companies: CompanyFilter,
  leads: LeadFilter,
  deals: DealFilter,
};

/** `cf.<key>` of a filter name (`cf.size.gte`), column or sort (`-cf.size`), else null. */
const customKey = (name: string) => /^-?cf\.([a-z][a-z0-9_]{0,39})(?:\.(?:gte|lte|empty))?$/.exec(name)?.[1] ?? null;

async function activeKeys(tx: Tx, orgId: string, entity: SegmentEntity): Promise<Set<string>> {
  const defs = await listCustomFields(tx, { orgId, entity: SEGMENT_RECORD_TYPE[entity] });
  return new Set(defs.filter((d) => !d.archived).map((d) => d.key));
}

/** Whether `actor` may change or delete the view: its owner, or an admin/owner for a shared view. */
const mayEdit = (actor: Actor, row: Row) =>
  row.owner_id === actor.membershipId || (row.shared && roleAtLeast(actor.role, 'admin'));

/** The view as the caller reads it: removed custom fields dropped, with notices. */
function toView(row: Row, actor: Actor, active: Set<string>, defaultId: string | undefined): SavedView {
  const notices: string[] = [];
  const gone = (k: string | null) => k !== null && !active.has(k);
  const filters = Object.fromEntries(
    Object.entries(row.filters).filter(([name]) => {
      const k = customKey(name);
      if (gone(k)) notices.push(`Filter ${name} was removed: custom field "${k}" no longer exists`);
      return !gone(k);
    }),
  );
  const columns = row.columns.filter((c) => {
    const k = customKey(c);
    if (gone(k)) notices.push(`Column ${c} was removed: custom field "${k}" no longer exists`);
    return !gone(k);
  });
  let sort = row.sort;
  if (sort && gone(customKey(sort))) {
    notices.push(`Sort ${sort} was removed: custom field "${customKey(sort)}" no longer exists`);
    sort = null;
  }
  return {
    id: row.id,
    name: row.name,
    entity: row.entity as SegmentEntity,
    filters,
    segment_id: row.segment_id,
    columns,
    sort,
    layout: row.layout as SavedView['layout'],
    shared: row.shared,
    owner_id: row.owner_id,
    is_default: defaultId === row.id,
    editable: mayEdit(actor, row),
    notices,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

async function defaultOf(tx: Tx, actor: Actor, entity: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ view_id: view_defaults.view_id })
    .from(view_defaults)
    .where(
      and(
        eq(view_defaults.org_id, actor.orgId),
        eq(view_defaults.membership_id, actor.membershipId),
        eq(view_defaults.entity, entity),
      ),
    );
  return row?.view_id;
}

const visibleView = (actor: Actor) => or(eq(saved_views.owner_id, actor.membershipId), eq(saved_views.shared, true))!;

/** `GET /views?entity=`: mine and shared ones, by name. */
export async function listViews(tx: Tx, params: { actor: Actor; entity: SegmentEntity }): Promise<SavedView[]> {
  const { actor, entity } = params;
  const rows = await tx
    .select()
    .from(saved_views)
    .where(and(eq(saved_views.org_id, actor.orgId), eq(saved_views.entity, entity), visibleView(actor)))
    .orderBy(asc(saved_views.name), asc(saved_views.id));
  const active = await activeKeys(tx, actor.orgId, entity);
  const def = await defaultOf(tx, actor, entity);
  return rows.map((r) => toView(r, actor, active, def));
}

async function getRow(tx: Tx, actor: Actor, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(saved_views)
    .where(and(eq(saved_views.org_id, actor.orgId), eq(saved_views.id, id), visibleView(actor)));
  if (!row) throw notFound('View');
  return row;
}

/** `GET /views/{id}`. */
export async function getView(tx: Tx, params: { actor: Actor; id: string }): Promise<SavedView> {
  const row = await getRow(tx, params.actor, params.id);
  const entity = row.entity as SegmentEntity;
  return toView(
    row,
    params.actor,
    await activeKeys(tx, params.actor.orgId, entity),
    await defaultOf(tx, params.actor, entity),
  );
}

/**
 * Checks filters, columns, sort and segment of a write (400 / 404 as in the module rules); returns
 * the entity's active custom-field keys for the view's read-back.
 */
async function checkContent(
  tx: Tx,
  actor: Actor,
  entity: SegmentEntity,
  body: Pick<UpdateViewBody, 'filters' | 'columns' | 'sort' | 'segment_id'>,
): Promise<Set<string>> {
  const issues: FieldIssue[] = [];
  const active = await activeKeys(tx, actor.orgId, entity);
  if (body.filters) {
    const parsed = FILTERS[entity].safeParse(body.filters);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({ path: ['body', 'filters', ...i.path].join('.'), message: i.message });
    }
    for (const name of Object.keys(body.filters)) {
      const k = customKey(name);
      if (k && !active.has(k)) issues.push({ path: `body.filters.${name}`, message: 'is not an active custom field' });
    }
  }
  body.columns?.forEach((c, i) => {
    const k = customKey(c);
    if (k && !active.has(k)) issues.push({ path: `body.columns.${i}`, message: 'is not an active custom field' });
  });
  if (body.sort) {
    const k = customKey(body.sort);
    if (k && !active.has(k)) issues.push({ path: 'body.sort', message: 'is not an active custom field' });
  }
  if (issues.length) throw invalid(issues);
  if (body.segment_id) {
    await segmentCriteriaOf(tx, { orgId: actor.orgId, entity, segmentId: body.segment_id, path: 'body' });
  }
  return active;
}

const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (e as { cause?: { code?: string } }).cause?.code === '23505';

/**
 * A name the view's owner already uses for this entity → 409, checked before the write (a unique
 * violation would abort the transaction).
 */
async function assertNameFree(
  tx: Tx,
  actor: Actor,
  view: { ownerId: string; entity: string; name: string; exceptId?: string },
) {
  const [row] = await tx
    .select({ id: saved_views.id })
    .from(saved_views)
    .where(
      and(
        eq(saved_views.org_id, actor.orgId),
        eq(saved_views.owner_id, view.ownerId),
        eq(saved_views.entity, view.entity),
        eq(saved_views.name, view.name),
      ),
    );
  if (row && row.id !== view.exceptId) {
    const who = view.ownerId === actor.membershipId ? 'You already have' : 'Its owner already has';
    throw conflict(`${who} a view named "${view.name}" for ${view.entity}`);
  }
}

/** `POST /views`. */
export async function createView(tx: Tx, params: { actor: Actor; body: CreateViewBody }): Promise<SavedView> {
  const { actor, body } = params;
  const active = await checkContent(tx, actor, body.entity, body);
  await assertNameFree(tx, actor, { ownerId: actor.membershipId, entity: body.entity, name: body.name });
  const [row] = await tx
    .insert(saved_views)
    .values({
      org_id: actor.orgId,
      id: uuidv7(),
      owner_id: actor.membershipId,
      name: body.name,
      entity: body.entity,
      filters: body.filters ?? {},
      segment_id: body.segment_id ?? null,
      columns: body.columns ?? [],
      sort: body.sort ?? null,
      layout: body.layout ?? 'list',
      shared: body.shared ?? false,
    })
    .returning();
  // A new view is nobody's default yet.
  return toView(row!, actor, active, undefined);
}

function assertEditable(actor: Actor, row: Row) {
  if (!mayEdit(actor, row)) throw forbidden('Only the owner of a shared view or an admin may change it');
}

/** `PATCH /views/{id}` (If-Match → 412 when stale). */
export async function updateView(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateViewBody; expectedVersion?: number | undefined },
): Promise<SavedView> {
  const { actor, body } = params;
  const row = await getRow(tx, actor, params.id);
  assertEditable(actor, row);
  if (params.expectedVersion !== undefined && params.expectedVersion !== row.version) throw staleVersion(row.version);
  const active = await checkContent(tx, actor, row.entity as SegmentEntity, body);
  if (body.name !== undefined && body.name !== row.name) {
    await assertNameFree(tx, actor, { ownerId: row.owner_id, entity: row.entity, name: body.name, exceptId: row.id });
  }
  let updated: Row | undefined;
  try {
    [updated] = await tx
      .update(saved_views)
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.filters !== undefined ? { filters: body.filters } : {}),
        ...(body.segment_id !== undefined ? { segment_id: body.segment_id } : {}),
        ...(body.columns !== undefined ? { columns: body.columns } : {}),
        ...(body.sort !== undefined ? { sort: body.sort } : {}),
        ...(body.layout !== undefined ? { layout: body.layout } : {}),
        ...(body.shared !== undefined ? { shared: body.shared } : {}),
        version: sql`${saved_views.version} + 1`,
        updated_at: new Date(),
      })
      .where(and(eq(saved_views.org_id, actor.orgId), eq(saved_views.id, row.id)))
      .returning();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('A view with this name already exists');
    throw e;
  }
  return toView(updated!, actor, active, await defaultOf(tx, actor, row.entity));
}

/** `DELETE /views/{id}`. */
export async function deleteView(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const row = await getRow(tx, params.actor, params.id);
  assertEditable(params.actor, row);
  await tx.delete(saved_views).where(and(eq(saved_views.org_id, params.actor.orgId), eq(saved_views.id, row.id)));
}

/** `PUT /views/{id}/default` (`on`) or `DELETE /views/{id}/default`: the caller's default view of its entity. */
export async function setDefaultView(tx: Tx, params: { actor: Actor; id: string; on: boolean }): Promise<SavedView> {
  const { actor } = params;
  const row = await getRow(tx, actor, params.id);
  const mine = and(
    eq(view_defaults.org_id, actor.orgId),
    eq(view_defaults.membership_id, actor.membershipId),
    eq(view_defaults.entity, row.entity),
  );
  if (params.on) {
    await tx.delete(view_defaults).where(mine);
    await tx.insert(view_defaults).values({
      org_id: actor.orgId,
      id: uuidv7(),
      membership_id: actor.membershipId,
      entity: row.entity,
      view_id: row.id,
    });
  } else {
    await tx.delete(view_defaults).where(and(mine, eq(view_defaults.view_id, row.id)));
  }
  return getView(tx, { actor, id: row.id });
}
