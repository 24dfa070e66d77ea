/**
 * In-app notifications and reminder settings (DESIGN §2 Activities; issue 5 "Reminders and
 * notifications"). A notification belongs to one membership (its recipient): a member only ever
 * sees, counts and marks their own; anybody else's id answers 404. Activity reminders are written
 * by a background job `reminder_minutes` before the activity's due time. Times are UTC (ISO 8601).
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

/** Kinds of notification: `activity_reminder` (an assigned activity is due soon). */
export const NOTIFICATION_TYPES = ['activity_reminder'] as const;
export const NotificationType = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof NotificationType>;

/** The activity a notification is about, so the bell can link to it. `due_at` is UTC (null = no due time). */
export const NotificationActivity = z.object({ id: Id, subject: z.string(), due_at: Timestamp.nullable() });
export type NotificationActivity = z.infer<typeof NotificationActivity>;

/**
 * A notification of the caller. `read_at` is null while unread; `activity` is the linked activity's
 * summary (null when the notification links none).
 */
export const Notification = z.object({
  id: Id,
  type: NotificationType,
  title: z.string(),
  body: z.string().nullable(),
  activity_id: Id.nullable(),
  activity: NotificationActivity.nullable(),
  read_at: Timestamp.nullable(),
  created_at: Timestamp,
});
export type Notification = z.infer<typeof Notification>;

/**
 * `GET /api/v1/notifications`: the caller's notifications, newest first, keyset pages
 * (`limit` 1–100, default 20); `unread=true` keeps only unread ones.
 */
export const NotificationListQuery = PageQuery.extend({
  unread: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

/** `GET /api/v1/notifications/unread-count`: how many of the caller's notifications are unread. */
export const UnreadNotificationCount = z.object({ count: z.number().int() });
export type UnreadNotificationCount = z.infer<typeof UnreadNotificationCount>;

/** `POST /api/v1/notifications/read-all`: how many notifications were unread and are now read. */
export const ReadAllNotificationsResult = z.object({ updated: z.number().int() });
export type ReadAllNotificationsResult = z.infer<typeof ReadAllNotificationsResult>;

/** Longest reminder lead time: 7 days, in minutes (the `memberships.reminder_minutes` check). */
export const REMINDER_MINUTES_MAX = 10_080;

/** Minutes before an activity's due time that its assignee is reminded: a whole number 0–10,080 (0 = at the time). */
export const ReminderMinutes = z
  .number({ error: 'must be a whole number of minutes 0–10080' })
  .int({ error: 'must be a whole number of minutes 0–10080' })
  .min(0, { error: 'must be a whole number of minutes 0–10080' })
  .max(REMINDER_MINUTES_MAX, { error: 'must be a whole number of minutes 0–10080' })
  .meta({ examples: [15] });

/** `GET /api/v1/notifications/settings`: the caller's own reminder lead time (default 15 minutes). */
export const ReminderSettings = z.object({ reminder_minutes: z.number().int() });
export type ReminderSettings = z.infer<typeof ReminderSettings>;

/**
 * `PATCH /api/v1/notifications/settings`: changes the caller's reminder lead time; the reminders
 * of their open activities move with it. Outside 0–10,080 or not a whole number → 400
 * `body.reminder_minutes`.
 */
export const UpdateReminderSettingsBody = z.strictObject({ reminder_minutes: ReminderMinutes });
export type UpdateReminderSettingsBody = z.infer<typeof UpdateReminderSettingsBody>;
