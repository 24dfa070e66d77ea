/**
 * Activity reminders (issue 5 "Reminders and notifications"): an open activity with a due time and
 * an active assignee (not an inactive member, who cannot sign in) gets a reminder `reminder_minutes`
 * (the assignee's membership setting, default 15) before `due_at` — or at once when that moment has
 * passed but `due_at` has not (an activity scheduled inside the lead time) — sent by a pg-boss job as
 * an in-app notification.
 *
 * - Every activity write recomputes `remind_at` (`computeRemindAt`) and, when it changes to a
 *   non-null value, enqueues one job in the same transaction (`scheduleReminder`, `startAfter` =
 *   remind_at): a rolled-back write leaves no job.
 * - Old jobs are never hunted down: the handler (`sendActivityReminder`) does nothing unless the
 *   activity is still open and its current `remind_at` equals the job's. Rescheduling, reassigning,
 *   completing or cancelling therefore silences the old job.
 * - The notification's `dedupe_key` (`reminder:<activity id>:<remind_at ISO>`) is unique per
 *   recipient and inserted with ON CONFLICT DO NOTHING: a job run twice (restart) notifies once.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Db, Tx } from '../../db/client.js';
import { activities, memberships, notifications } from '../../db/schema/index.js';
import { withTenant } from '../../db/tenant.js';
import { defineJob, type JobDefinition, type Jobs } from '../../plugins/jobs.js';

/** The pg-boss queue of activity reminders. */
export const REMINDER_JOB = 'activities.reminder';

/** A reminder job's payload: `remindAt` is the ISO 8601 UTC time the job was scheduled for. */
export interface ReminderPayload {
  orgId: string;
  activityId: string;
  remindAt: string;
}

/** What enqueues jobs in a transaction (`app.jobs`); null when the app runs without jobs (most tests). */
export type JobSender = Pick<Jobs, 'send'> | null;

const OPEN = sql.raw(`('planned', 'in_progress')`);
const isOpen = (status: string) => status === 'planned' || status === 'in_progress';

/**
 * When the reminder of an activity goes out (UTC), or null for none. An open activity with `due_at`
 * in the future and an assignee is reminded `due_at − the assignee's reminder_minutes`; when that
 * moment has already passed (scheduled inside the lead time, or the lead time grew), it is reminded
 * now — once: a `previous` reminder time already reached is kept, so editing such an activity does
 * not remind again. Reads the assignee's setting (one query) only when it can matter.
 */
export async function computeRemindAt(
  tx: Tx,
  params: {
    orgId: string;
    status: string;
    dueAt: Date | null;
    assigneeId: string | null;
    now: Date;
    /** The activity's `remind_at` before this write (null for a new one). */
    previous?: Date | null;
  },
): Promise<Date | null> {
  const { dueAt, assigneeId, now } = params;
  if (!isOpen(params.status) || !dueAt || !assigneeId || dueAt.getTime() <= now.getTime()) return null;
  const [m] = await tx
    .select({ minutes: memberships.reminder_minutes, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.org_id, params.orgId), eq(memberships.id, assigneeId)));
  // An inactive member cannot sign in to read it; activation schedules their reminders
  // (invitations.service acceptInvitation → rescheduleMemberReminders).
  if (!m || m.status !== 'active') return null;
  const at = new Date(dueAt.getTime() - m.minutes * 60_000);
  if (at.getTime() > now.getTime()) return at;
  const previous = params.previous ?? null;
  return previous && previous.getTime() <= now.getTime() ? previous : now;
}

/**
 * Enqueues the reminder job of `activityId` in `tx` when `remindAt` is set and differs from
 * `previous` (the activity's remind_at before the write). No-op without a job runner.
 */
export async function scheduleReminder(
  tx: Tx,
  params: { jobs: JobSender; orgId: string; activityId: string; remindAt: Date | null; previous: Date | null },
): Promise<void> {
  const { jobs, remindAt, previous } = params;
  if (!jobs || !remindAt || previous?.getTime() === remindAt.getTime()) return;
  const payload: ReminderPayload = {
    orgId: params.orgId,
    activityId: params.activityId,
    remindAt: remindAt.toISOString(),
  };
  await jobs.send(tx, REMINDER_JOB, payload, { startAfter: remindAt });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The reminder job's handler. Runs outside any request, as the request role inside the payload
 * organisation's tenant scope (RLS applies, and every query filters by `org_id` too). Creates a
 * notification for the assignee only when the activity is still open, assigned and its current
 * `remind_at` equals `payload.remindAt`; at most once per (activity, remind_at). Returns whether a
 * notification was created. A malformed payload is dropped (logged by nobody, never retried).
 */
export async function sendActivityReminder(db: Db, payload: ReminderPayload): Promise<boolean> {
  const { orgId, activityId } = payload;
  const at = new Date(payload.remindAt);
  if (!UUID.test(orgId ?? '') || !UUID.test(activityId ?? '') || Number.isNaN(at.getTime())) return false;
  return withTenant(db, { orgId }, async (tx) => {
    const [a] = await tx
      .select({
        subject: activities.subject,
        due_at: activities.due_at,
        assignee_id: activities.assignee_id,
      })
      .from(activities)
      .where(
        and(
          eq(activities.org_id, orgId),
          eq(activities.id, activityId),
          sql`${activities.status} in ${OPEN}`,
          eq(activities.remind_at, at),
          isNotNull(activities.assignee_id),
        ),
      );
    if (!a?.assignee_id) return false;
    const inserted = await tx
      .insert(notifications)
      .values({
        org_id: orgId,
        id: uuidv7(),
        membership_id: a.assignee_id,
        type: 'activity_reminder',
        title: `Reminder: ${a.subject}`.slice(0, 500),
        body: a.due_at ? `Due at ${a.due_at.toISOString()} (UTC)` : null,
        activity_id: activityId,
        dedupe_key: `reminder:${activityId}:${at.toISOString()}`,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    return inserted.length > 0;
  });
}

/**
 * Recomputes `remind_at` of a member's open activities with a due time — call it in the transaction
 * that changes their `reminder_minutes` or activates them — with the rules of {@link computeRemindAt}
 * (none for an inactive member; a reminder
 * already reached is kept; one whose new time has passed goes out now) — and enqueues a job for
 * every reminder that moved to a new non-null time. One UPDATE; one job per changed activity. `now` (UTC) defaults to the current time.
 * Returns how many activities changed. The activities' `version` is not bumped (derived column).
 */
export async function rescheduleMemberReminders(
  tx: Tx,
  params: { orgId: string; membershipId: string; jobs: JobSender; now?: Date },
): Promise<number> {
  const now = params.now ?? new Date();
  const res = await tx.execute(sql`
    with old as (
      select a.id, a.remind_at,
        case when m.status <> 'active' or a.due_at <= ${now.toISOString()}::timestamptz then null
             when a.due_at - make_interval(mins => m.reminder_minutes) > ${now.toISOString()}::timestamptz
               then a.due_at - make_interval(mins => m.reminder_minutes)
             when a.remind_at <= ${now.toISOString()}::timestamptz then a.remind_at
             else ${now.toISOString()}::timestamptz end as next
      from activities a
      join memberships m on m.org_id = a.org_id and m.id = a.assignee_id
      where a.org_id = ${params.orgId}::uuid and a.assignee_id = ${params.membershipId}::uuid
        and a.status in ${OPEN} and a.due_at is not null
    )
    update activities a set remind_at = old.next
    from old
    where a.org_id = ${params.orgId}::uuid and a.id = old.id and a.remind_at is distinct from old.next
    returning a.id, (extract(epoch from old.next) * 1000)::float8 as remind_ms`);
  const rows = (res as unknown as { rows: Array<{ id: string; remind_ms: number | string | null }> }).rows;
  for (const r of rows) {
    if (r.remind_ms === null) continue;
    await scheduleReminder(tx, {
      jobs: params.jobs,
      orgId: params.orgId,
      activityId: r.id,
      remindAt: new Date(Number(r.remind_ms)),
      previous: null,
    });
  }
  return rows.length;
}

/** The `activities.reminder` job definition for `jobs/definitions.ts`. */
export function reminderJob(db: Db): JobDefinition {
  return defineJob<ReminderPayload>({
    name: REMINDER_JOB,
    retryLimit: 3,
    handler: async (data) => {
      await sendActivityReminder(db, data);
    },
  });
}
