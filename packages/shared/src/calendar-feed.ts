/**
 * Personal iCalendar feed (DESIGN §2 Activities, "Personal iCalendar feed (secret URL)"): each
 * member has at most one secret URL `/ical/{token}.ics` that calendar apps (Google, Outlook, Apple)
 * subscribe to without OAuth. The token is shown only when it is made; the server keeps its
 * SHA-256 digest. Regenerating replaces it (the old URL answers 404 at once); revoking removes it.
 */
import { z } from 'zod';
import { Timestamp } from './common.js';

/**
 * The window of activities a feed lists, relative to the time of the request: due from
 * `past_days` days ago up to `future_days` days ahead.
 */
export const CALENDAR_FEED_WINDOW = { past_days: 90, future_days: 365 } as const;

/** Most activities one feed lists (the earliest due first within the window). */
export const CALENDAR_FEED_MAX_ITEMS = 10_000;

/**
 * `GET /api/v1/calendar-feed`: whether the caller has a feed URL and when its current token was
 * made (UTC; null when none). The token itself is never shown again.
 */
export const CalendarFeedStatus = z.object({ active: z.boolean(), created_at: Timestamp.nullable() });
export type CalendarFeedStatus = z.infer<typeof CalendarFeedStatus>;

/**
 * `POST /api/v1/calendar-feed`: the new feed, returned exactly once. `url` is the full subscription
 * URL (`<base URL>/ical/<token>.ics`); `token` the secret in it (`rc_<org>_<random>`).
 */
export const CreatedCalendarFeed = z.object({ url: z.string(), token: z.string(), created_at: Timestamp });
export type CreatedCalendarFeed = z.infer<typeof CreatedCalendarFeed>;

/** Path of `GET /ical/{token}.ics`: any string; one that is not a live feed token answers 404. */
export const CalendarFeedParams = z.strictObject({ token: z.string() });
