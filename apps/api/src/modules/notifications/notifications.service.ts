/**
 * In-app notifications of one member and their reminder lead time (issue 5 "Reminders and
 * notifications"). Every function is scoped to the recipient `(orgId, membershipId)`: another
 * member's or organisation's notification is invisible and answers 404. Reminder notifications
 * themselves are written by the activities module's reminder job (one per `dedupe_key` and
 * recipient); this module only reads and marks them.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Notification, NotificationType, ReminderSettings } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { activities, memberships, notifications } from '../../db/schema/index.js';
import { notFound } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { rescheduleMemberReminders, type JobSender } from '../activities/activities.reminders.js';

/** Who a notification is for: the caller's membership in the active organisation. */
export interface Recipient {
  orgId: string;
  membershipId: string;
}

const columns = {
  id: notifications.id,
  type: notifications.type,
  title: notifications.title,
  body: notifications.body,
  activity_id: notifications.activity_id,
  read_at: notifications.read_at,
  created_at: notifications.created_at,
  activity_subject: activities.subject,
  activity_due_at: activities.due_at,
};

interface Row {
  id: string;
  type: string;
  title: string;
  body: string | null;
  activity_id: string | null;
  read_at: Date | null;
  created_at: Date;
  activity_subject: string | null;
  activity_due_at: Date | null;
}

function toNotification(r: Row): Notification {
  return {
    id: r.id,
    type: r.type as NotificationType,
    title: r.title,
    body: r.body,
    activity_id: r.activity_id,
    activity:
      r.activity_id && r.activity_subject !== null
        ? { id: r.activity_id, subject: r.activity_subject, due_at: r.activity_due_at }
        : null,
    read_at: r.read_at,
    created_at: r.created_at,
  };
}

/** The recipient's notifications joined to their activity (same organisation, composite key). */
function select(tx: Tx, where: SQL | undefined) {
  return tx
    .select(columns)
    .from(notifications)
    .leftJoin(
      activities,
      and(eq(activities.org_id, notifications.org_id), eq(activities.id, notifications.activity_id)),
    )
    .where(where);
}

const mine = (r: Recipient) => and(eq(notifications.org_id, r.orgId), eq(notifications.membership_id, r.membershipId));

/**
 * A keyset page of the recipient's notifications, newest first by `(created_at, id)` (index
 * `notifications_recipient_idx`), each with its activity summary. `unread` keeps unread ones only.
 * A cursor not made by this list → 400 `query.cursor`.
 */
export async function listNotifications(
  tx: Tx,
  params: Recipient & { unread: boolean; limit: number; cursor?: string | undefined },
): Promise<{ data: Notification[]; next_cursor: string | null }> {
  const sort: KeysetSort = {
    column: notifications.created_at,
    id: notifications.id,
    direction: 'desc',
    kind: 'timestamp',
  };
  const rows = await select(
    tx,
    and(mine(params), params.unread ? isNull(notifications.read_at) : undefined, afterCursor(sort, params.cursor)),
  )
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1);
  const page = toPage(rows as Row[], params.limit, (r) => [r.created_at, r.id]);
  return { data: page.data.map(toNotification), next_cursor: page.next_cursor };
}

/** How many of the recipient's notifications are unread (partial index `notifications_unread_idx`). */
export async function countUnread(tx: Tx, params: Recipient): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine(params), isNull(notifications.read_at)));
  return row?.n ?? 0;
}

/**
 * Marks one of the recipient's notifications read (now, UTC) and returns it; one already read keeps
 * its `read_at` (idempotent). Unknown, another member's or another organisation's id → 404.
 */
export async function markRead(tx: Tx, params: Recipient & { id: string }): Promise<Notification> {
  const where = and(mine(params), eq(notifications.id, params.id));
  const updated = await tx
    .update(notifications)
    .set({ read_at: sql`coalesce(${notifications.read_at}, now())` })
    .where(where)
    .returning({ id: notifications.id });
  if (!updated.length) throw notFound('Notification');
  const [row] = await select(tx, where);
  return toNotification(row as Row);
}

/** Marks every unread notification of the recipient read (now, UTC); returns how many changed. */
export async function markAllRead(tx: Tx, params: Recipient): Promise<number> {
  const res = await tx.execute(sql`
    with changed as (
      update ${notifications} set read_at = now()
       where org_id = ${params.orgId} and membership_id = ${params.membershipId} and read_at is null
      returning 1
    )
    select count(*)::int as n from changed`);
  return (res as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0;
}

/** The recipient's reminder lead time in minutes (`memberships.reminder_minutes`, default 15). */
export async function getReminderSettings(tx: Tx, params: Recipient): Promise<ReminderSettings> {
  const [row] = await tx
    .select({ reminder_minutes: memberships.reminder_minutes })
    .from(memberships)
    .where(and(eq(memberships.org_id, params.orgId), eq(memberships.id, params.membershipId)));
  if (!row) throw notFound('Membership');
  return row;
}

/**
 * Sets the recipient's reminder lead time (0–10,080 minutes, validated by the route's contract and
 * the column's check), moves the reminders of the member's open activities in the same transaction
 * (activities.reminders.ts `rescheduleMemberReminders`; new reminder jobs are enqueued on `jobs`,
 * none when the app runs without a job runner), and returns the new settings. The membership's `version` is
 * left alone: it guards role changes (If-Match), which a personal setting must not invalidate.
 */
export async function updateReminderSettings(
  tx: Tx,
  params: Recipient & { reminderMinutes: number; jobs: JobSender },
): Promise<ReminderSettings> {
  const [row] = await tx
    .update(memberships)
    .set({ reminder_minutes: params.reminderMinutes, updated_at: sql`now()` })
    .where(and(eq(memberships.org_id, params.orgId), eq(memberships.id, params.membershipId)))
    .returning({ reminder_minutes: memberships.reminder_minutes });
  if (!row) throw notFound('Membership');
  // The activities module owns reminders: move the member's open ones to the new lead time.
  await rescheduleMemberReminders(tx, { orgId: params.orgId, membershipId: params.membershipId, jobs: params.jobs });
  return row;
}
