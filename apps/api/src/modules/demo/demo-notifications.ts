/**
 * Demo notifications and calendar feed (issue 5): a few activity reminders, read and unread, for the
 * demo organisation's selling members, and one calendar feed for the owner.
 *
 * Reminders point at the member's own activities when the demo already holds some (seed activities
 * first), earliest due first, with the title and body the reminder job writes; a member without
 * activities gets reminders that link none. Per member the oldest notification is read, the others
 * unread, so the bell shows a badge. `dedupe_key` is `demo:…`, so a real reminder for the same
 * activity later is never mistaken for one of these. The feed token is random and thrown away (only
 * its SHA-256 is stored), so the demo URL cannot be used; the owner regenerates it to subscribe.
 * Deterministic apart from ids and the token; one multi-row insert per table.
 */
import { and, asc, desc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Tx } from '../../db/client.js';
import { activities, calendar_feeds, notifications } from '../../db/schema/index.js';
import { hashToken, issueOrgToken } from '../../lib/tokens.js';
import { CALENDAR_FEED_PREFIX } from '../calendar-feed/calendar-feed.service.js';

/** Members (demo.service keys) who get notifications, and how many each. */
const RECIPIENTS: Array<[string, number]> = [
  ['owner', 4],
  ['sam', 3],
  ['jordan', 3],
  ['casey', 2],
];

/** Reminder titles used when a member has no activities to point at. */
const FALLBACK_SUBJECTS = [
  'Call back about the renewal',
  'Prepare the pipeline review',
  'Send the revised proposal',
  'Check in after the demo',
];

const HOUR_MS = 3_600_000;

/**
 * Seeds the demo notifications and the owner's calendar feed inside the demo transaction.
 * `members` maps demo.service's member keys (`owner`, `sam`, …) to membership ids; `now` is the
 * seed time (UTC). Call after the demo activities (if any) are inserted.
 */
export async function seedDemoNotifications(
  tx: Tx,
  params: { orgId: string; members: Map<string, string>; now: Date },
): Promise<void> {
  const { orgId, now } = params;
  const recipients = RECIPIENTS.flatMap(([key, count]) => {
    const membershipId = params.members.get(key);
    return membershipId ? [{ membershipId, count }] : [];
  });
  if (!recipients.length) return;

  const assigned = await tx
    .select({
      id: activities.id,
      subject: activities.subject,
      due_at: activities.due_at,
      assignee_id: activities.assignee_id,
    })
    .from(activities)
    .where(
      and(
        eq(activities.org_id, orgId),
        inArray(
          activities.assignee_id,
          recipients.map((r) => r.membershipId),
        ),
        isNotNull(activities.due_at),
        // Reminders that have fired: open activities whose due time has passed (the latest first).
        inArray(activities.status, ['planned', 'in_progress']),
        lte(activities.due_at, now),
      ),
    )
    .orderBy(desc(activities.due_at), asc(activities.id))
    .limit(500);

  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const r of recipients) {
    const theirs = assigned.filter((a) => a.assignee_id === r.membershipId).slice(0, r.count);
    for (let i = 0; i < r.count; i++) {
      const activity = theirs[i];
      // Sent at the reminder time (15 minutes before the due time, the default lead time).
      const createdAt = activity?.due_at
        ? new Date(activity.due_at.getTime() - 15 * 60_000)
        : new Date(now.getTime() - (r.count - i) * 5 * HOUR_MS);
      const subject = activity?.subject ?? FALLBACK_SUBJECTS[i % FALLBACK_SUBJECTS.length]!;
      const id = uuidv7();
      rows.push({
        org_id: orgId,
        id,
        membership_id: r.membershipId,
        type: 'activity_reminder',
        title: `Reminder: ${subject}`.slice(0, 500),
        body: activity?.due_at ? `Due at ${activity.due_at.toISOString()} (UTC)` : null,
        activity_id: activity?.id ?? null,
        dedupe_key: `demo:${activity?.id ?? id}`,
        read_at: i === 0 ? new Date(createdAt.getTime() + 10 * 60_000) : null,
        created_at: createdAt,
      });
    }
  }
  await tx.insert(notifications).values(rows);

  const ownerId = params.members.get('owner');
  if (ownerId) {
    await tx.insert(calendar_feeds).values({
      org_id: orgId,
      id: uuidv7(),
      membership_id: ownerId,
      token_hash: hashToken(issueOrgToken(CALENDAR_FEED_PREFIX, orgId)),
    });
  }
}
