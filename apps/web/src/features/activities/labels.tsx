/** Display names, icons and colours of activity types, statuses and priorities; dates in the user's zone. */
import type { ActivityPriority, ActivityStatus, ActivityType, LinkedRecordType } from '@relata/shared';
import dayjs from 'dayjs';

// One set of activity labels, icons and colours for the timeline and the Activities page.
export {
  ACTIVITY_PRIORITY_LABELS,
  ACTIVITY_STATUS_COLORS,
  ACTIVITY_STATUS_LABELS,
  ACTIVITY_TYPE_ICONS,
  ACTIVITY_TYPE_LABELS,
} from '../../components/timeline/labels';

/** Mantine colour per type (calendar events and icons). */
export const ACTIVITY_TYPE_COLORS: Record<ActivityType, string> = {
  call: 'teal',
  meeting: 'indigo',
  email: 'cyan',
  task: 'orange',
  note: 'gray',
  sms: 'grape',
  other: 'blue',
};

export const ACTIVITY_PRIORITY_COLORS: Record<ActivityPriority, string> = {
  low: 'gray',
  medium: 'blue',
  high: 'orange',
  urgent: 'red',
};

export const LINK_TYPE_LABELS: Record<LinkedRecordType, string> = {
  lead: 'Lead',
  deal: 'Deal',
  contact: 'Contact',
  company: 'Company',
};

/** The detail page of a linked record. */
export function linkHref(link: { type: LinkedRecordType; id: string }): string {
  const base = { lead: 'leads', deal: 'deals', contact: 'contacts', company: 'companies' }[link.type];
  return `/${base}/${link.id}`;
}

/**
 * An all-day activity's calendar day: the API stores it as midnight UTC of that day, so the date is
 * read in UTC (`YYYY-MM-DD`), never shifted into the local zone.
 */
export const allDayDate = (iso: string): string => iso.slice(0, 10);

/** Midnight UTC of a `YYYY-MM-DD` day, as the API stores all-day activities. */
export const allDayIso = (date: string): string => `${date.slice(0, 10)}T00:00:00.000Z`;

/**
 * When an activity is due, in the browser's time zone: "Today 14:30", "Tomorrow", "Mon 3 Dec 09:00",
 * "3 Dec 2027"; all-day activities show their day only. "No due date" when there is none.
 */
export function formatDue(a: { due_at: string | null; all_day: boolean }, now = dayjs()): string {
  if (!a.due_at) return 'No due date';
  const d = a.all_day ? dayjs(allDayDate(a.due_at)) : dayjs(a.due_at);
  const time = a.all_day ? '' : ` ${d.format('HH:mm')}`;
  if (d.isSame(now, 'day')) return `Today${time || ' (all day)'}`;
  if (d.isSame(now.add(1, 'day'), 'day')) return `Tomorrow${time}`;
  if (d.isSame(now.subtract(1, 'day'), 'day')) return `Yesterday${time}`;
  if (d.isSame(now, 'year')) return `${d.format('ddd D MMM')}${time}`;
  return `${d.format('D MMM YYYY')}${time}`;
}

/** True when an open activity's due time (or all-day date) has passed. */
export function isOverdue(a: { due_at: string | null; all_day: boolean; status: ActivityStatus }, now = dayjs()) {
  if (!a.due_at || (a.status !== 'planned' && a.status !== 'in_progress')) return false;
  return a.all_day ? dayjs(allDayDate(a.due_at)).endOf('day').isBefore(now) : dayjs(a.due_at).isBefore(now);
}
