/**
 * Renders a member's activities as an iCalendar (RFC 5545) document for calendar apps.
 *
 * - Meetings, calls, emails, SMS and "other" activities → VEVENT: DTSTART = `due_at`, DTEND =
 *   `due_at` + `duration_minutes` (0 when unset); all-day ones as DATE values (DTEND the next day,
 *   exclusive). STATUS CANCELLED for cancelled activities, CONFIRMED otherwise.
 * - Tasks → VTODO: DUE (a DATE when all-day), STATUS NEEDS-ACTION / IN-PROCESS / COMPLETED /
 *   CANCELLED from planned / in_progress / completed / cancelled, COMPLETED = `completed_at`.
 * - Both: UID `<activity id>@relata` (stable across edits, so subscribed calendars update the entry in
 *   place), SUMMARY = subject, DESCRIPTION = description, outcome and call direction, LOCATION,
 *   PRIORITY (urgent 1, high 3, medium 5, low 9: RFC 5545 §3.8.1.9, 1 highest), CATEGORIES = the
 *   activity type, SEQUENCE = `version`, CREATED / LAST-MODIFIED / DTSTAMP from `created_at` /
 *   `updated_at` (no METHOD, so DTSTAMP is the last revision, RFC 5545 §3.8.7.2; it also keeps the
 *   document identical between polls while nothing changes).
 * - Every time is UTC (`…Z`, or a floating DATE for all-day items, whose `due_at` is midnight UTC of
 *   the day): calendar apps show them in the viewer's own time zone, so no VTIMEZONE is needed.
 *
 * Built with ical-generator (the calendar, and each VEVENT rendered on its own with its `foldLines`).
 * ical-generator has no VTODO support, so tasks are serialised by ical.js (the maintained RFC 5545
 * library the tests parse with) from jCal. Items are placed in the calendar before its END line, each
 * rendered once per version and kept (calendar-feed.cache.ts; rendering is ~12 µs an item — 60 ms
 * for 5,000 — against ~2.5 µs to fetch it; bench/activities). ical-generator ≥ 11 is needed for
 * speed: 10.x folded lines with one TextEncoder per character (sebbo2002/ical-generator#765).
 */
import ical, { foldLines, ICalEvent, ICalEventStatus } from 'ical-generator';
import ICAL from 'ical.js';

/** The activity columns a feed needs (UTC `Date`s). */
export interface FeedActivity {
  id: string;
  type: string;
  subject: string;
  description: string | null;
  status: string;
  due_at: Date;
  duration_minutes: number | null;
  all_day: boolean;
  priority: string;
  outcome: string | null;
  call_direction: string | null;
  location: string | null;
  completed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A time as the driver gives it: `Date` (PGlite) or PostgreSQL text (pg through drizzle, `2026-12-02 09:30:00+00`). */
type DriverTime = Date | string;

/**
 * A feed row as read (calendar-feed.service.ts `feedActivities`): the {@link FeedActivity} columns
 * with times not yet parsed — most items come from the cache (calendar-feed.cache.ts) and never need them.
 */
export type FeedRow = Omit<FeedActivity, 'due_at' | 'completed_at' | 'created_at' | 'updated_at'> & {
  due_at: DriverTime;
  completed_at: DriverTime | null;
  created_at: DriverTime;
  updated_at: DriverTime;
};

const toDate = (v: DriverTime) => (v instanceof Date ? v : new Date(v));

/** A row with its times as `Date`s (UTC). */
export function toFeedActivity(row: FeedRow): FeedActivity {
  return {
    ...row,
    due_at: toDate(row.due_at),
    completed_at: row.completed_at === null ? null : toDate(row.completed_at),
    created_at: toDate(row.created_at),
    updated_at: toDate(row.updated_at),
  };
}

/** RFC 5545 PRIORITY (1 highest … 9 lowest) of each activity priority. */
export const ICAL_PRIORITY: Record<string, number> = { urgent: 1, high: 3, medium: 5, low: 9 };

/** VTODO STATUS of each activity status. */
export const TODO_STATUS: Record<string, string> = {
  planned: 'NEEDS-ACTION',
  in_progress: 'IN-PROCESS',
  completed: 'COMPLETED',
  cancelled: 'CANCELLED',
};

/** CATEGORIES value of each activity type. */
export const TYPE_LABEL: Record<string, string> = {
  call: 'Call',
  meeting: 'Meeting',
  email: 'Email',
  task: 'Task',
  sms: 'SMS',
  other: 'Other',
  note: 'Note',
};

const DAY_MS = 86_400_000;

/** The stable UID of an activity's calendar entry. */
export const activityUid = (id: string) => `${id}@relata`;

/** DESCRIPTION: the description, then the outcome and a call's direction, separated by blank lines. */
export function describeActivity(a: FeedActivity): string | null {
  const parts: string[] = [];
  if (a.description) parts.push(a.description);
  if (a.outcome) parts.push(`Outcome: ${a.outcome}`);
  if (a.type === 'call' && a.call_direction) parts.push(`Direction: ${a.call_direction}`);
  return parts.length ? parts.join('\n\n') : null;
}

/** `YYYY-MM-DD` of a UTC instant. */
const utcDate = (d: Date) => d.toISOString().slice(0, 10);

// ical.js folds after `foldLength` octets of content and then prefixes the continuation with a space,
// so 75 would give 76-octet lines; 74 keeps every line within RFC 5545 §3.1's 75 octets.
ICAL.foldLength = 74;

/** A jCal (RFC 7265) property: `[name, parameters, value type, value]`. */
type JCalProperty = [string, Record<string, string>, string, string | number];

/** A UTC DATE-TIME in jCal form (`2026-12-03T10:00:00Z`; iCalendar has no fractions of a second). */
const jcalDateTime = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/**
 * A task as a VTODO, serialised by ical.js from its jCal form (escaping, folding at 75 octets, CRLF)
 * — cheaper than ical.js's Component objects for thousands of items.
 */
function todoText(a: FeedActivity): string {
  const props: JCalProperty[] = [
    ['uid', {}, 'text', activityUid(a.id)],
    ['dtstamp', {}, 'date-time', jcalDateTime(a.updated_at)],
    ['created', {}, 'date-time', jcalDateTime(a.created_at)],
    ['last-modified', {}, 'date-time', jcalDateTime(a.updated_at)],
    ['sequence', {}, 'integer', a.version],
    ['summary', {}, 'text', a.subject],
  ];
  const description = describeActivity(a);
  if (description) props.push(['description', {}, 'text', description]);
  if (a.location) props.push(['location', {}, 'text', a.location]);
  props.push(
    ['priority', {}, 'integer', ICAL_PRIORITY[a.priority] ?? 0],
    ['categories', {}, 'text', TYPE_LABEL[a.type] ?? a.type],
    ['status', {}, 'text', TODO_STATUS[a.status] ?? 'NEEDS-ACTION'],
    a.all_day ? ['due', {}, 'date', utcDate(a.due_at)] : ['due', {}, 'date-time', jcalDateTime(a.due_at)],
  );
  if (a.completed_at) props.push(['completed', {}, 'date-time', jcalDateTime(a.completed_at)]);
  return ICAL.stringify(['vtodo', props, []]);
}

/** Renders event items (its calendar-level settings — none — do not change an event's text). */
const EVENT_CALENDAR = ical();

/** A meeting, call, email, SMS or other activity as a VEVENT (ical-generator), folded, ending in CRLF. */
function eventText(a: FeedActivity): string {
  const start = a.all_day ? new Date(`${utcDate(a.due_at)}T00:00:00.000Z`) : a.due_at;
  const end = a.all_day
    ? new Date(start.getTime() + DAY_MS)
    : new Date(start.getTime() + (a.duration_minutes ?? 0) * 60_000);
  const event = new ICalEvent(
    {
      id: activityUid(a.id),
      start,
      end,
      allDay: a.all_day,
      summary: a.subject,
      description: describeActivity(a),
      location: a.location,
      priority: ICAL_PRIORITY[a.priority] ?? null,
      categories: [{ name: TYPE_LABEL[a.type] ?? a.type }],
      status: a.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: a.version,
      stamp: a.updated_at,
      created: a.created_at,
      lastModified: a.updated_at,
    },
    EVENT_CALENDAR,
  );
  // Folding is per line (RFC 5545 §3.1), so folding one item gives the lines the whole document would.
  return foldLines(event.toString());
}

/**
 * One activity's calendar item — a VTODO for a task, a VEVENT otherwise — as folded CRLF lines ending
 * in CRLF. A pure function of the activity's columns, so it may be cached by id and version.
 */
export function itemText(a: FeedActivity): string {
  return a.type === 'task' ? `${todoText(a)}\r\n` : eventText(a);
}

/**
 * The feed document (CRLF lines, folded at 75 octets) for `activities` (tasks become VTODOs, the
 * rest VEVENTs; `note` activities are not calendar items and are skipped). `name` is the calendar's
 * display name; `refreshSeconds` the polling interval suggested to clients (REFRESH-INTERVAL).
 * `item` gives each row's text (default: {@link itemText}; the app's `FeedCache`).
 */
export function renderCalendar(params: {
  name: string;
  activities: FeedRow[];
  refreshSeconds: number;
  item?: (row: FeedRow) => string;
}): string {
  const calendar = ical({
    name: params.name,
    prodId: { company: 'Relata', product: 'Relata CRM', language: 'EN' },
    ttl: params.refreshSeconds,
  });
  const item = params.item ?? ((row: FeedRow) => itemText(toFeedActivity(row)));
  const items: string[] = [];
  for (const a of params.activities) if (a.type !== 'note') items.push(item(a));
  const text = calendar.toString();
  const end = text.lastIndexOf('END:VCALENDAR');
  return `${text.slice(0, end)}${items.join('')}${text.slice(end)}`;
}
