/**
 * The activity form's values and their mapping to `CreateActivityBody` / `UpdateActivityBody`. Due
 * times are picked in the browser's time zone and sent as UTC; an all-day activity is sent as
 * midnight UTC of its day. The body is checked with the shared contract before it is sent, and its
 * issues land on the inputs (`due_at` → the due input, `links.*` → the linked-records picker).
 */
import type { FormErrors } from '@mantine/form';
import {
  type ActivityCallDirection,
  type ActivityPriority,
  type ActivityType,
  CreateActivityBody,
  UpdateActivityBody,
} from '@relata/shared';
import dayjs from 'dayjs';
import type { z } from 'zod';
import { contractErrors } from '../../components/forms';
import { OWNER_ME, OWNER_NONE } from '../../components/records/OwnerSelect';
import type { ActivityWire, LinkOption } from './activities-api';
import { allDayDate, allDayIso } from './labels';

/** What the inputs hold. `due` is local: `YYYY-MM-DD HH:mm:ss`, or `YYYY-MM-DD` when all-day. */
export interface ActivityFormValues {
  type: ActivityType;
  subject: string;
  description: string;
  due: string | null;
  all_day: boolean;
  duration_minutes: number | string;
  priority: ActivityPriority;
  /** Membership id, `me` (new activities) or `none` (unassigned). */
  assignee_id: string | null;
  links: LinkOption[];
  location: string;
  call_direction: ActivityCallDirection | null;
  recording_url: string;
  outcome: string;
}

/** Form fields the server's issues can be placed on. */
export const ACTIVITY_FIELDS = [
  'type',
  'subject',
  'description',
  'due',
  'all_day',
  'duration_minutes',
  'priority',
  'assignee_id',
  'links',
  'location',
  'call_direction',
  'recording_url',
  'outcome',
] as const;

/** Body paths shown on a differently named input. */
export const ACTIVITY_ALIASES: Record<string, string> = { due_at: 'due', links: 'links' };

/** Where a new activity starts (e.g. the calendar day or slot that was clicked). */
export interface ActivityDefaults {
  due?: string | null;
  all_day?: boolean;
  type?: ActivityType;
}

const LOCAL = 'YYYY-MM-DD HH:mm:ss';

/** The next whole hour from now, local, as the default due time of a new activity. */
const nextHour = () => dayjs().add(1, 'hour').startOf('hour').format(LOCAL);

/** Initial values: the activity's, or a new task due at the next whole hour (or `defaults`). */
export function activityFormValues(activity?: ActivityWire, defaults: ActivityDefaults = {}): ActivityFormValues {
  if (!activity) {
    return {
      type: defaults.type ?? 'task',
      subject: '',
      description: '',
      due: defaults.due !== undefined ? defaults.due : nextHour(),
      all_day: defaults.all_day ?? false,
      duration_minutes: 30,
      priority: 'medium',
      assignee_id: OWNER_ME,
      links: [],
      location: '',
      call_direction: null,
      recording_url: '',
      outcome: '',
    };
  }
  const due = activity.due_at
    ? activity.all_day
      ? allDayDate(activity.due_at)
      : dayjs(activity.due_at).format(LOCAL)
    : null;
  return {
    type: activity.type,
    subject: activity.subject,
    description: activity.description ?? '',
    due,
    all_day: activity.all_day,
    duration_minutes: activity.duration_minutes ?? '',
    priority: activity.priority,
    assignee_id: activity.assignee_id ?? OWNER_NONE,
    links: activity.links.map((l) => ({ type: l.type, id: l.id, name: l.name })),
    location: activity.location ?? '',
    call_direction: activity.call_direction ?? null,
    recording_url: activity.recording_url ?? '',
    outcome: activity.outcome ?? '',
  };
}

/** The local `due` value as the API's UTC time (all-day: midnight UTC of the picked day). */
export function dueToIso(due: string | null, allDay: boolean): string | null {
  if (!due) return null;
  if (allDay) return allDayIso(dayjs(due).format('YYYY-MM-DD'));
  const d = dayjs(due);
  return d.isValid() ? d.toISOString() : null;
}

/** The `due` value after the all-day switch changed: keep the day, drop or add a time (09:00). */
export function switchAllDay(due: string | null, allDay: boolean): string | null {
  if (!due) return null;
  const day = due.slice(0, 10);
  return allDay ? day : `${day} 09:00:00`;
}

const text = (s: string) => (s.trim() ? s.trim() : null);

function duration(v: number | string): number | null {
  if (v === '' || v === null || v === undefined) return null;
  return typeof v === 'number' ? v : Number(v);
}

/**
 * The request body: everything for a new activity (`assignee_id` left out for "me"), and for an
 * edit every field too (PATCH accepts them all; `links` replaces the set). Call-only and
 * meeting-only fields are sent only for their type.
 */
export function activityBody(
  values: ActivityFormValues,
  editing: boolean,
): z.input<typeof CreateActivityBody> | z.input<typeof UpdateActivityBody> {
  const assignee =
    values.assignee_id === OWNER_ME ? undefined : values.assignee_id === OWNER_NONE ? null : values.assignee_id;
  return {
    type: values.type,
    subject: values.subject.trim(),
    description: text(values.description),
    due_at: dueToIso(values.due, values.all_day),
    all_day: values.all_day,
    duration_minutes: duration(values.duration_minutes),
    priority: values.priority,
    ...(assignee !== undefined || editing ? { assignee_id: assignee ?? null } : {}),
    links: values.links.map((l) => ({ type: l.type, id: l.id })),
    ...(values.type === 'meeting' ? { location: text(values.location) } : {}),
    ...(values.type === 'call'
      ? { call_direction: values.call_direction, recording_url: text(values.recording_url) }
      : {}),
    ...(editing && values.outcome.trim() ? { outcome: values.outcome.trim() } : {}),
  };
}

/** Checks the body with the shared contract; errors keyed by the form's fields. */
export function validateActivity(values: ActivityFormValues, editing: boolean): FormErrors {
  const duration =
    values.duration_minutes !== '' && !Number.isInteger(Number(values.duration_minutes))
      ? { duration_minutes: 'Must be a whole number of minutes 0–1440' }
      : {};
  const schema = editing ? UpdateActivityBody : CreateActivityBody;
  return { ...contractErrors(schema, activityBody(values, editing), { aliases: ACTIVITY_ALIASES }), ...duration };
}
