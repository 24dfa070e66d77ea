/**
 * The signed-in user's own profile (`PATCH /api/v1/me`), password (`POST /api/v1/auth/change-password`),
 * reminder lead time (`/api/v1/notifications/settings`) and personal calendar feed (`/api/v1/calendar-feed`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarFeedStatus as CalendarFeedStatusSchema,
  ChangePasswordBody,
  CreatedCalendarFeed as CreatedCalendarFeedSchema,
  ReminderSettings as ReminderSettingsSchema,
  Wire,
} from '@relata/shared';
import type { z } from 'zod';
import { api } from '../../components/api';
import { ME_KEY, type MeWire } from '../../components/session';

type ReminderSettings = Wire<typeof ReminderSettingsSchema>;
type CalendarFeedStatus = Wire<typeof CalendarFeedStatusSchema>;
/** The feed as created: `{ url, token, created_at }`, shown once. */
export type CreatedCalendarFeed = Wire<typeof CreatedCalendarFeedSchema>;

/** `PATCH /api/v1/me {name}`; updates the cached session. */
export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api<MeWire>('/api/v1/me', { method: 'PATCH', body }),
    onSuccess: (me) => qc.setQueryData(ME_KEY, me),
  });
}

/** `POST /api/v1/auth/change-password`; optionally signs out every other session. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: z.input<typeof ChangePasswordBody>) =>
      api<{ ok: true }>('/api/v1/auth/change-password', { method: 'POST', body }),
  });
}

/** The caller's reminder lead time (`/api/v1/notifications/settings`). */
const REMINDER_KEY = ['profile', 'reminder-settings'] as const;
/** The caller's calendar feed status (`/api/v1/calendar-feed`). */
const FEED_KEY = ['profile', 'calendar-feed'] as const;

/** `GET /api/v1/notifications/settings`: `{ reminder_minutes }`. */
export function useReminderSettings() {
  return useQuery({
    queryKey: REMINDER_KEY,
    queryFn: ({ signal }) => api<ReminderSettings>('/api/v1/notifications/settings', { signal }),
  });
}

/** `PATCH /api/v1/notifications/settings {reminder_minutes}` (0–10080); open reminders move with it. */
export function useUpdateReminderSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { reminder_minutes: number }) =>
      api<ReminderSettings>('/api/v1/notifications/settings', { method: 'PATCH', body }),
    onSuccess: async (saved) => {
      qc.setQueryData(REMINDER_KEY, saved);
      // Each open activity's `remind_at` moved with the lead time.
      await qc.invalidateQueries({ queryKey: ['activities'] });
    },
  });
}

/** `GET /api/v1/calendar-feed`: `{ active, created_at }` (the URL itself is never shown again). */
export function useCalendarFeed() {
  return useQuery({
    queryKey: FEED_KEY,
    queryFn: ({ signal }) => api<CalendarFeedStatus>('/api/v1/calendar-feed', { signal }),
  });
}

/** `POST /api/v1/calendar-feed`: a new secret URL (the old one stops working); returned only here. */
export function useCreateCalendarFeed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<CreatedCalendarFeed>('/api/v1/calendar-feed', { method: 'POST' }),
    onSuccess: (feed) => qc.setQueryData(FEED_KEY, { active: true, created_at: feed.created_at }),
  });
}

/** `DELETE /api/v1/calendar-feed`: the URL answers 404 from now on. */
export function useRevokeCalendarFeed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/v1/calendar-feed', { method: 'DELETE' }),
    onSuccess: () => qc.setQueryData(FEED_KEY, { active: false, created_at: null }),
  });
}
