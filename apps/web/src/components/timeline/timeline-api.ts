/**
 * The record timeline's server state: `GET /api/v1/timeline` as keyset pages, and the writes the
 * timeline offers — create an activity (`POST /api/v1/activities`), write a note
 * (`POST /api/v1/notes`), complete / reopen an activity. Every write refreshes every timeline (a
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
import { api, query } from '../api';

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
 * After a write: every timeline, the activity and note lists (other features' keys start with
 * `activities` / `notes`), and leads (whose next follow-up follows their open tasks and meetings).
 */
async function refreshAfterWrite(qc: QueryClient) {
  await Promise.all(
    [timelineKeys.all, ['activities'], ['notes'], ['leads']].map((queryKey) => qc.invalidateQueries({ queryKey })),
  );
}

/** `POST /api/v1/activities` (log a call, schedule a meeting, add a task). */
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

/** What a timeline can do to an activity: complete it (optional outcome) or reopen it. */
export type ActivityMove =
  { id: string; action: 'complete'; outcome?: string | null } | { id: string; action: 'reopen' };

/** `POST /api/v1/activities/{id}/complete {outcome?}` or `/reopen`. */
export function useActivityTransition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (move: ActivityMove) =>
      api<ActivityWire>(`/api/v1/activities/${move.id}/${move.action}`, {
        method: 'POST',
        body: move.action === 'complete' ? (move.outcome ? { outcome: move.outcome } : {}) : undefined,
      }),
    onSuccess: () => refreshAfterWrite(qc),
  });
}
