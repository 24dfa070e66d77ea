/**
 * Activities: create, read, update (optimistic concurrency), hard delete — and what every write does
 * in the same transaction (`afterWrite`): the activity's timeline entries, the linked leads'
 * `next_follow_up_at`, and its reminder job. Status transitions live in `activities.machine.ts`.
 *
 * Visibility (DESIGN §2, issue 5): an actor sees an activity when they see every record
 * (`seesAll`: managers and above, or the organisation's shared rule), or they are its assignee or
 * creator, or it is unassigned. Anything else — and other organisations' ids — answers 404.
 */
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Activity, CreateActivityBody, LinkedRecordInput, UpdateActivityBody } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { activities, activity_links } from '../../db/schema/index.js';
import { invalid, notFound } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import { seesAll, type Actor } from '../records/actor.js';
import { assertOwner } from '../records/bulk.js';
import { assertLinksVisible, distinctLinks, linkKey, linksOf, writeLinks } from '../records/linked-records.js';
import { syncLeadFollowUp } from '../leads/leads.follow-up.js';
import { syncSourceEntries } from '../timeline/timeline.writer.js';
import { computeRemindAt, scheduleReminder, type JobSender } from './activities.reminders.js';
import { viewActivities, viewActivity, type ActivityRow } from './activities.view.js';

/** The lead ids among `links`. */
const leadIdsOf = (links: LinkedRecordInput[]) => links.filter((l) => l.type === 'lead').map((l) => l.id);

/** The visibility condition on `activities` for `actor` (organisation included). */
export function visibleActivities(actor: Actor): SQL {
  const org = eq(activities.org_id, actor.orgId);
  if (seesAll(actor)) return org;
  return and(
    org,
    or(
      eq(activities.assignee_id, actor.membershipId),
      eq(activities.created_by, actor.userId),
      isNull(activities.assignee_id),
    ),
  )!;
}

/** An activity the actor may see, or 404. */
export async function activityRow(tx: Tx, params: { actor: Actor; id: string }): Promise<ActivityRow> {
  const [row] = await tx
    .select()
    .from(activities)
    .where(and(visibleActivities(params.actor), eq(activities.id, params.id)));
  if (!row) throw notFound('Activity');
  return row;
}

/** One activity in the API shape; 404 when the actor may not see it. */
export async function getActivity(tx: Tx, params: { actor: Actor; id: string }): Promise<Activity> {
  const [activity] = await viewActivities(tx, {
    orgId: params.actor.orgId,
    where: and(visibleActivities(params.actor), eq(activities.id, params.id))!,
    order: [sql`activities.id`],
  });
  if (!activity) throw notFound('Activity');
  return activity;
}

/** All-day activities are due at midnight UTC of their day (schema: activities.due_at). */
const allDayDue = (due: Date | null, allDay: boolean) =>
  due && allDay ? new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate())) : due;

/**
 * What follows every activity write, in its transaction: the timeline entries of the activity on
 * each linked record (at `completed_at ?? due_at ?? created_at`), the `next_follow_up_at` of the
 * leads linked before or after, and a reminder job when `remind_at` moved to a new time.
 */
export async function afterWrite(
  tx: Tx,
  params: {
    actor: Actor;
    row: ActivityRow;
    links: LinkedRecordInput[];
    previousLinks: LinkedRecordInput[];
    previousRemindAt: Date | null;
    jobs: JobSender;
  },
): Promise<void> {
  const { actor, row } = params;
  await syncSourceEntries(tx, {
    orgId: actor.orgId,
    source: { type: 'activity', id: row.id },
    records: params.links,
    occurredAt: row.completed_at ?? row.due_at ?? row.created_at,
    actorId: actor.userId,
    data: { activity_type: row.type, subject: row.subject, status: row.status },
  });
  const leadIds = [...leadIdsOf(params.links), ...leadIdsOf(params.previousLinks)];
  if (leadIds.length) await syncLeadFollowUp(tx, { orgId: actor.orgId, leadIds });
  await scheduleReminder(tx, {
    jobs: params.jobs,
    orgId: actor.orgId,
    activityId: row.id,
    remindAt: row.remind_at,
    previous: params.previousRemindAt,
  });
}

/**
 * Creates an activity and returns it in the API shape.
 * - `links`: 1–20 live records the actor may see (404 naming the record type otherwise).
 * - `assignee_id`: defaults to the caller's membership; null = unassigned; not a member → 400.
 * - `status`: the initial state (default planned); completed sets `completed_at` to now (UTC).
 * - all-day activities are due at midnight UTC of their day.
 * Writes the links, the timeline entries, linked leads' follow-up and the reminder (see afterWrite).
 */
export async function createActivity(
  tx: Tx,
  params: { actor: Actor; body: CreateActivityBody; jobs: JobSender },
): Promise<Activity> {
  const { actor, body } = params;
  const links = distinctLinks(body.links);
  await assertLinksVisible(tx, { actor, links });
  const assigneeId = body.assignee_id === undefined ? actor.membershipId : body.assignee_id;
  if (assigneeId) await assertOwner(tx, { orgId: actor.orgId, ownerId: assigneeId, path: 'body.assignee_id' });
  const now = new Date();
  const status = body.status ?? 'planned';
  const allDay = body.all_day ?? false;
  const dueAt = allDayDue(body.due_at ?? null, allDay);
  const remindAt = await computeRemindAt(tx, { orgId: actor.orgId, status, dueAt, assigneeId, now });
  const [row] = await tx
    .insert(activities)
    .values({
      org_id: actor.orgId,
      id: uuidv7(),
      type: body.type,
      subject: body.subject,
      description: body.description ?? null,
      status,
      due_at: dueAt,
      duration_minutes: body.duration_minutes ?? null,
      all_day: allDay,
      priority: body.priority ?? 'medium',
      outcome: body.outcome ?? null,
      call_direction: body.call_direction ?? null,
      recording_url: body.recording_url ?? null,
      location: body.location ?? null,
      assignee_id: assigneeId,
      created_by: actor.userId,
      completed_at: status === 'completed' ? now : null,
      remind_at: remindAt,
      created_at: now,
      updated_at: now,
    })
    .returning();
  await writeLinks(tx, { table: activity_links, orgId: actor.orgId, ownerId: row!.id, links, existing: [] });
  await afterWrite(tx, { actor, row: row!, links, previousLinks: [], previousRemindAt: null, jobs: params.jobs });
  return viewActivity(tx, { orgId: actor.orgId, id: row!.id });
}

/** 412 when the client's expected version is not the activity's. */
export function assertVersion(current: ActivityRow, expected: number | undefined) {
  if (expected !== undefined && expected !== current.version) throw staleVersion(current.version);
}

/**
 * Writes `set` on `current` (version + 1, `updated_at` = now) guarded by its version, with
 * `remind_at` recomputed from the resulting status, due time and assignee; then runs afterWrite with
 * `links` (the activity's links after the write) and `previousLinks`. Returns the updated row.
 */
export async function saveActivity(
  tx: Tx,
  params: {
    actor: Actor;
    current: ActivityRow;
    set: Partial<ActivityRow>;
    links: LinkedRecordInput[];
    previousLinks: LinkedRecordInput[];
    jobs: JobSender;
  },
): Promise<ActivityRow> {
  const { actor, current, set } = params;
  const now = new Date();
  const merged = { ...current, ...set };
  set.remind_at = await computeRemindAt(tx, {
    orgId: actor.orgId,
    status: merged.status,
    dueAt: merged.due_at,
    assigneeId: merged.assignee_id,
    now,
    previous: current.remind_at,
  });
  const [row] = await tx
    .update(activities)
    .set({ ...set, version: sql`${activities.version} + 1`, updated_at: now })
    .where(
      and(eq(activities.org_id, actor.orgId), eq(activities.id, current.id), eq(activities.version, current.version)),
    )
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  await afterWrite(tx, {
    actor,
    row,
    links: params.links,
    previousLinks: params.previousLinks,
    previousRemindAt: current.remind_at,
    jobs: params.jobs,
  });
  return row;
}

const PLAIN = [
  'subject',
  'description',
  'duration_minutes',
  'all_day',
  'priority',
  'outcome',
  'call_direction',
  'recording_url',
  'location',
  'assignee_id',
  'type',
  'due_at',
] as const;

/** The type-specific columns after a change of type: 400 when given for the wrong type, cleared when the type moves away. */
function typeSpecific(current: ActivityRow, body: UpdateActivityBody, set: Partial<ActivityRow>) {
  const type = body.type ?? current.type;
  const issues: Array<{ path: string; message: string }> = [];
  const rules = [
    ['call_direction', 'call'],
    ['recording_url', 'call'],
    ['location', 'meeting'],
  ] as const;
  for (const [key, only] of rules) {
    if (type === only) continue;
    if (body[key] != null) issues.push({ path: `body.${key}`, message: `is only for ${only}s (type ${only})` });
    else if (current[key] !== null) set[key] = null;
  }
  if (issues.length) throw invalid(issues);
}

/**
 * Changes the fields present in `body` (`links` replaces the set; new links must be visible live
 * records → 404). `expectedVersion` (If-Match) or `body.version` → 412 when stale. 404 when the
 * actor may not see the activity. Status changes go through the machine, not here.
 */
export async function updateActivity(
  tx: Tx,
  params: { actor: Actor; id: string; body: UpdateActivityBody; expectedVersion?: number | undefined; jobs: JobSender },
): Promise<Activity> {
  const { actor, body } = params;
  const current = await activityRow(tx, params);
  assertVersion(current, params.expectedVersion ?? body.version);
  const set: Partial<ActivityRow> = {};
  for (const k of PLAIN) if (body[k] !== undefined) (set as Record<string, unknown>)[k] = body[k];
  typeSpecific(current, body, set);
  const allDay = set.all_day ?? current.all_day;
  if (set.due_at !== undefined || set.all_day !== undefined) {
    set.due_at = allDayDue(set.due_at !== undefined ? set.due_at : current.due_at, allDay);
  }
  if (set.assignee_id && set.assignee_id !== current.assignee_id) {
    await assertOwner(tx, { orgId: actor.orgId, ownerId: set.assignee_id, path: 'body.assignee_id' });
  }
  const previousLinks = await linksOf(tx, { table: activity_links, orgId: actor.orgId, ownerId: current.id });
  let links = previousLinks;
  if (body.links) {
    links = distinctLinks(body.links);
    const had = new Set(previousLinks.map(linkKey));
    await assertLinksVisible(tx, { actor, links: links.filter((l) => !had.has(linkKey(l))) });
    await writeLinks(tx, {
      table: activity_links,
      orgId: actor.orgId,
      ownerId: current.id,
      links,
      existing: previousLinks,
    });
  }
  const row = await saveActivity(tx, { actor, current, set, links, previousLinks, jobs: params.jobs });
  return viewActivity(tx, { orgId: actor.orgId, id: row.id });
}

/**
 * Deletes an activity for good (its links, timeline entries and notifications go by cascade) and
 * recomputes the follow-up of the leads it was linked to. 404 when the actor may not see it.
 */
export async function deleteActivity(tx: Tx, params: { actor: Actor; id: string }): Promise<void> {
  const { actor } = params;
  const current = await activityRow(tx, params);
  const links = await linksOf(tx, { table: activity_links, orgId: actor.orgId, ownerId: current.id });
  await tx.delete(activities).where(and(eq(activities.org_id, actor.orgId), eq(activities.id, current.id)));
  const leadIds = leadIdsOf(links);
  if (leadIds.length) await syncLeadFollowUp(tx, { orgId: actor.orgId, leadIds });
}
