/**
 * `/api/v1/notifications`: the caller's in-app notifications (activity reminders) and their
 * reminder lead time. Every route acts on the caller's own membership in the active organisation,
 * so any role (viewer and up) may use them; another member's notification answers 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  IdParams,
  Notification,
  NotificationListQuery,
  Page,
  ReadAllNotificationsResult,
  ReminderSettings,
  UnreadNotificationCount,
  UpdateReminderSettingsBody,
} from '@relata/shared';
import {
  countUnread,
  getReminderSettings,
  listNotifications,
  markAllRead,
  markRead,
  updateReminderSettings,
} from './notifications.service.js';

/** Personal routes: every member (viewers included) manages their own notifications and settings. */
const own = { level: 'org', minRole: 'viewer' } as const;

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notifications'];

  /** `GET /notifications`: a keyset page of the caller's notifications, newest first. */
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: "List the caller's notifications, newest first (keyset pages); `unread=true` for unread only",
        description:
          'Each notification carries its activity summary `{ id, subject, due_at }` when it is about an activity. Times are UTC.',
        querystring: NotificationListQuery,
        response: { 200: Page(Notification) },
      },
      config: { access: own },
    },
    async (req) =>
      listNotifications(req.tx, {
        orgId: req.org.orgId,
        membershipId: req.org.membershipId,
        unread: req.query.unread,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );

  /** `GET /notifications/unread-count`: `{ count }` of the caller's unread notifications (the bell badge). */
  app.get(
    '/api/v1/notifications/unread-count',
    {
      schema: {
        tags,
        summary: "How many of the caller's notifications are unread",
        response: { 200: UnreadNotificationCount },
      },
      config: { access: own },
    },
    async (req) => ({ count: await countUnread(req.tx, { orgId: req.org.orgId, membershipId: req.org.membershipId }) }),
  );

  /** `POST /notifications/read-all`: marks all the caller's unread notifications read; `{ updated }`. */
  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags,
        summary: "Mark all the caller's notifications read; returns how many were unread",
        response: { 200: ReadAllNotificationsResult },
      },
      config: { access: own },
    },
    async (req) => ({
      updated: await markAllRead(req.tx, { orgId: req.org.orgId, membershipId: req.org.membershipId }),
    }),
  );

  /** `POST /notifications/{id}/read`: marks one of the caller's notifications read (idempotent). */
  app.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your notifications read',
        description:
          "Idempotent: a notification already read keeps its `read_at`. Another member's or organisation's notification → 404.",
        params: IdParams,
        response: { 200: Notification },
      },
      config: { access: own },
    },
    async (req) => markRead(req.tx, { orgId: req.org.orgId, membershipId: req.org.membershipId, id: req.params.id }),
  );

  /** `GET /notifications/settings`: the caller's reminder lead time. */
  app.get(
    '/api/v1/notifications/settings',
    {
      schema: {
        tags,
        summary: 'Your reminder lead time in minutes before an activity is due (default 15)',
        response: { 200: ReminderSettings },
      },
      config: { access: own },
    },
    async (req) => getReminderSettings(req.tx, { orgId: req.org.orgId, membershipId: req.org.membershipId }),
  );

  /** `PATCH /notifications/settings`: changes the caller's reminder lead time; open reminders move with it. */
  app.patch(
    '/api/v1/notifications/settings',
    {
      schema: {
        tags,
        summary: 'Change your reminder lead time (whole minutes 0–10080)',
        description:
          'The reminders of your open activities are rescheduled in the same transaction. Not a whole number, below 0 or above 10080 → 400 `body.reminder_minutes`.',
        body: UpdateReminderSettingsBody,
        response: { 200: ReminderSettings },
      },
      config: { access: own },
    },
    async (req) =>
      updateReminderSettings(req.tx, {
        orgId: req.org.orgId,
        membershipId: req.org.membershipId,
        reminderMinutes: req.body.reminder_minutes,
        jobs: app.jobs,
      }),
  );
};
