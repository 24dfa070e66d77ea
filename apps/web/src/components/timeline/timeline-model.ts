/**
 * Pure helpers of the record timeline: the type filter chips and the entry types each stands for,
 * and the flattening of entries into rows with a day header before each new day — days in the
 * user's (browser's) time zone; the API speaks UTC.
 */
import type { LinkedRecordType, TimelineEntryType } from '@relata/shared';
import dayjs from 'dayjs';
import type { TimelineEntryWire } from './timeline-api';

/** One filter chip and the entry types it selects. */
export interface TimelineFilter {
  value: string;
  label: string;
  types: readonly TimelineEntryType[];
}

/** The filter chips, in display order. */
export const TIMELINE_FILTERS: readonly TimelineFilter[] = [
  { value: 'activity', label: 'Activities', types: ['activity'] },
  { value: 'note', label: 'Notes', types: ['note'] },
  { value: 'changes', label: 'Stage & status', types: ['stage_changed', 'status_changed'] },
  { value: 'created', label: 'Created', types: ['created'] },
  { value: 'field_changed', label: 'Field changes', types: ['field_changed'] },
  { value: 'converted', label: 'Conversions', types: ['converted'] },
];

/** The entry types the selected chips stand for; empty (= every type) when no chip is selected. */
export function typesForFilters(selected: readonly string[]): TimelineEntryType[] {
  return TIMELINE_FILTERS.filter((f) => selected.includes(f.value)).flatMap((f) => f.types);
}

/**
 * The UTC bounds (`from`, `to`, inclusive) of a range of local days picked by the user
 * (`YYYY-MM-DD` strings): from the start of the first day to the end of the last one in the
 * user's time zone. A missing end means the first day alone; no first day means no bounds.
 */
export function dayBounds([first, last]: readonly [string | null, string | null]): {
  from: string | null;
  to: string | null;
} {
  if (!first) return { from: null, to: null };
  return {
    from: dayjs(first).startOf('day').toISOString(),
    to: dayjs(last ?? first)
      .endOf('day')
      .toISOString(),
  };
}

/** A row of the virtualised list: a day header or an entry. */
export type TimelineRow = { kind: 'day'; key: string; label: string } | { kind: 'entry'; entry: TimelineEntryWire };

/** `YYYY-MM-DD` of an instant in the user's time zone. */
export const localDay = (iso: string) => dayjs(iso).format('YYYY-MM-DD');

/**
 * "Today", "Yesterday", "Tomorrow" (planned activities sit at their due time) or
 * "Monday, 23 November 2026" for a local `YYYY-MM-DD` day.
 */
export function dayLabel(day: string, now: Date = new Date()): string {
  const today = dayjs(now).format('YYYY-MM-DD');
  if (day === today) return 'Today';
  if (day === dayjs(now).subtract(1, 'day').format('YYYY-MM-DD')) return 'Yesterday';
  if (day === dayjs(now).add(1, 'day').format('YYYY-MM-DD')) return 'Tomorrow';
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(y!, m! - 1, d!));
}

/** Entries (newest first) as rows, a day header before the first entry of each local day. */
export function timelineRows(entries: readonly TimelineEntryWire[], now: Date = new Date()): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let current: string | null = null;
  for (const entry of entries) {
    const day = localDay(entry.occurred_at);
    if (day !== current) {
      rows.push({ kind: 'day', key: day, label: dayLabel(day, now) });
      current = day;
    }
    rows.push({ kind: 'entry', entry });
  }
  return rows;
}

const timeFmt = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "14:05" (or "2:05 PM") in the user's locale and time zone. */
export const formatTime = (iso: string) => timeFmt.format(new Date(iso));

/** "23 Nov 2026, 14:05" in the user's locale and time zone. */
export const formatWhen = (iso: string) => dateTimeFmt.format(new Date(iso));

/** The web path of a record's detail page. */
export function recordPath(type: LinkedRecordType, id: string): string {
  const base = { lead: 'leads', deal: 'deals', contact: 'contacts', company: 'companies' }[type];
  return `/${base}/${id}`;
}

/** "lead", "deal", "contact", "company" as people say it. */
export const RECORD_TYPE_LABELS: Record<LinkedRecordType, string> = {
  lead: 'lead',
  deal: 'deal',
  contact: 'contact',
  company: 'company',
};
