/**
 * The record timeline's server state: `GET /api/v1/timeline` as keyset pages, and the writes the
 * timeline offers — create an activity (`POST /api/v1/activities`), write a note
 * (`POST /api/v1/notes`) — plus the one hook for an activity's status transitions (start, complete,
 * cancel, reopen), shared with the Activities page. Every write refreshes every timeline (a
 * company's timeline rolls up its contacts' and deals' events) and the activity / note lists.
 */
import { type QueryClient, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  Activity,
  CreateActivityBody,
  CreateNoteBody,
  LinkedRecordType,
  Note,
  TimelineEntry,
  TimelineEntryType,
  Wire,
} from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../api';

export type TimelineEntryWire = Wire<typeof TimelineEntry>;
export type ActivityWire = Wire<typeof Activity>;
export type NoteWire = Wire<typeof Note>;

/** The record a timeline belongs to. */
export interface TimelineRecord {
  type: LinkedRecordType;
  id: string;
}

interface TimelinePage {
  data: TimelineEntryWire[];
  next_cursor: string | null;
}

/** Entries per timeline page. */
export const TIMELINE_PAGE_SIZE = 30;

/** What the timeline is narrowed to: entry types (empty = all) and inclusive UTC bounds on `occurred_at`. */
export interface TimelineFilterParams {
  types: readonly TimelineEntryType[];
  from: string | null;
  to: string | null;
}

/** Query keys: every timeline shares the root, so one invalidation refreshes them all. */
export const timelineKeys = {
  all: ['timeline'] as const,
  record: (record: TimelineRecord, filter: TimelineFilterParams) =>
    ['timeline', record.type, record.id, [...filter.types].sort().join(','), filter.from, filter.to] as const,
};

/**
 * `GET /api/v1/timeline?record_type=&record_id=&types=&from=&to=` as an infinite query (newest
 * first, keyset `cursor`). An empty `types` means every entry type.
 */
export function useTimeline(record: TimelineRecord, filter: TimelineFilterParams) {
  const { types, from, to } = filter;
  return useInfiniteQuery({
    queryKey: timelineKeys.record(record, filter),
    queryFn: ({ pageParam, signal }) =>
      api<TimelinePage>(
        `/api/v1/timeline${query({
          record_type: record.type,
          record_id: record.id,
          types: types.length ? types.join(',') : undefined,
          from,
          to,
          limit: TIMELINE_PAGE_SIZE,
          cursor: pageParam,
        })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/**
 * After an activity or note write: every timeline, the activity and note lists (other features' keys
 * start with `activities` / `notes`), leads (whose next follow-up follows their open tasks and
 * meetings) and notifications (reminders follow their activities).
 */
export async function refreshAfterWrite(qc: QueryClient) {
  await Promise.all(
    [timelineKeys.all, ['activities'], ['notes'], ['leads'], ['notifications']].map((queryKey) =>
      qc.invalidateQueries({ queryKey }),
    ),
  );
}

/** `POST /api/v1/activities` (the timeline's quick-add forms and the Activities page). */
export function useCreateActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateActivityBody>) =>
      api<ActivityWire>('/api/v1/activities', { method: 'POST', body }),
    onSuccess: () => refreshAfterWrite(qc),
  });
}

/** `POST /api/v1/notes` (the server sanitises the HTML body). */
export function useCreateNote() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateNoteBody>) => api<NoteWire>('/api/v1/notes', { method: 'POST', body }),
    onSuccess: () => refreshAfterWrite(qc),
  });
}

/** The status moves of an activity: `start`, `complete` (optional outcome), `cancel`, `reopen`. */
export type ActivityTransition = 'start' | 'complete' | 'cancel' | 'reopen';

/** What `useActivityTransition().mutate` takes. */
export interface ActivityTransitionInput {
  /** The activity; with `version` the move is sent with `If-Match` (412 when someone saved first). */
  activity: { id: string; version?: number };
  transition: ActivityTransition;
  /** `complete` only: sent trimmed, and only when not blank. Ignored by the other moves. */
  outcome?: string | null;
}

/**
 * `POST /api/v1/activities/{id}/<transition>`: `complete` sends `{ outcome }` when the outcome is
 * not blank (else `{}`), the other moves no body; `If-Match` only when `activity.version` is given.
 * Resolves to the updated activity; an illegal move rejects with the server's 422 (`ApiError`
 * naming both states), a stale version with 412. Settled either way, it refreshes every timeline,
 * the activity and note lists, leads (next follow-up) and notifications (reminders move with the
 * activity).
 */
export function useActivityTransition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ activity, transition, outcome }: ActivityTransitionInput) => {
      const text = outcome?.trim();
      return api<ActivityWire>(`/api/v1/activities/${activity.id}/${transition}`, {
        method: 'POST',
        body: transition === 'complete' ? (text ? { outcome: text } : {}) : undefined,
        headers: ifMatch(activity.version),
      });
    },
    onSettled: () => refreshAfterWrite(qc),
  });
}
