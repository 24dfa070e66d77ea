/**
 * Activities (`/api/v1/activities`): the lists behind the Activities page (filtered list, my
 * upcoming, my overdue), the calendar's visible range, edit (If-Match) / delete, drag-to-reschedule
 * with an optimistic update and rollback, and the linked-record search of the form. Create and the
 * status transitions (start, complete with an outcome, cancel, reopen) are the shared
 * `useCreateActivity` / `useActivityTransition` of `components/timeline`, re-exported. Every write
 * refreshes through the timeline's `refreshAfterWrite`: activity and note lists, every record
 * timeline, leads (their next follow-up follows open tasks) and the notification bell.
 */
import {
  type InfiniteData,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Activity, ActivityListQuery, LinkedRecordType, UpdateActivityBody, Wire } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';

import { refreshAfterWrite } from '../../components/timeline';
export { type ActivityTransition, useActivityTransition, useCreateActivity } from '../../components/timeline';

export type ActivityWire = Wire<typeof Activity>;

/** Filters of `GET /api/v1/activities` as the page sends them (all optional). */
export type ActivityFilters = Partial<
  Pick<
    z.input<typeof ActivityListQuery>,
    'type' | 'status' | 'assignee_id' | 'priority' | 'due_from' | 'due_to' | 'sort'
  >
>;

/** Rows per page of an activity list. */
export const ACTIVITY_PAGE_SIZE = 50;

/** Query keys: everything starts with `activities`, so one invalidation refreshes every list. */
export const activityKeys = {
  all: ['activities'] as const,
  list: (filters: ActivityFilters) => ['activities', 'list', filters] as const,
  mine: (which: 'upcoming' | 'overdue', days?: number) => ['activities', 'my', which, days ?? null] as const,
  range: (from: string, to: string, assignee: string | null) => ['activities', 'range', from, to, assignee] as const,
  detail: (id: string) => ['activities', 'detail', id] as const,
};

/** After any activity write: lists, timelines, leads (next follow-up) and notifications (reminders). */
/** `GET /api/v1/activities?<filters>` as an infinite (keyset "Load more") query. */
export function useActivityList(filters: ActivityFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: activityKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<ActivityWire>>(
        `/api/v1/activities${query({ ...filters, limit: ACTIVITY_PAGE_SIZE, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** `GET /api/v1/activities/my/upcoming?days=` or `/my/overdue`: the caller's own open work. */
export function useMyActivities(which: 'upcoming' | 'overdue', days = 7, enabled = true) {
  return useInfiniteQuery({
    queryKey: activityKeys.mine(which, which === 'upcoming' ? days : undefined),
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<ActivityWire>>(
        `/api/v1/activities/my/${which}${query({
          days: which === 'upcoming' ? days : undefined,
          limit: ACTIVITY_PAGE_SIZE,
          cursor: pageParam,
        })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    enabled,
  });
}

/** Most activities the calendar loads for one visible range (pages of 100). */
export const CALENDAR_MAX_ITEMS = 1000;

/**
 * Every activity due in `[from, to]` (ISO times; the calendar's visible range) for `assignee`
 * (`me`, a membership id, `none`, or null = everyone the caller sees), following cursors up to
 * `CALENDAR_MAX_ITEMS`. `truncated` says when more existed.
 */
export function useCalendarActivities(from: string | null, to: string | null, assignee: string | null) {
  return useQuery({
    queryKey: activityKeys.range(from ?? '', to ?? '', assignee),
    enabled: Boolean(from && to),
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const items: ActivityWire[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<PageOf<ActivityWire>>(
          `/api/v1/activities${query({ due_from: from, due_to: to, assignee_id: assignee, limit: 100, cursor })}`,
          { signal },
        );
        items.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && items.length < CALENDAR_MAX_ITEMS);
      return { items, truncated: Boolean(cursor) };
    },
  });
}

/** `GET /api/v1/activities/{id}` (the activity a notification links to). */
export function useActivity(id: string | null) {
  return useQuery({
    queryKey: activityKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api<ActivityWire>(`/api/v1/activities/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

/** `PATCH /api/v1/activities/{id}` with `If-Match` (412 when someone saved first). */
export function useUpdateActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, body }: { id: string; version: number; body: z.input<typeof UpdateActivityBody> }) =>
      api<ActivityWire>(`/api/v1/activities/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
    onSuccess: () => refreshAfterWrite(qc),
  });
}

/** `DELETE /api/v1/activities/{id}` (for good). */
export function useDeleteActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/activities/${id}`, { method: 'DELETE' }),
    onSuccess: () => refreshAfterWrite(qc),
  });
}

/** A new place on the calendar: due time (UTC ISO), all-day flag and, when resized, duration. */
export interface Reschedule {
  activity: ActivityWire;
  due_at: string;
  all_day: boolean;
  duration_minutes?: number | null;
}

type RangeData = { items: ActivityWire[]; truncated: boolean };

/**
 * Drag to reschedule: `PATCH` with `If-Match` and the new due time. The calendar ranges in the cache
 * are updated at once and restored when the server refuses (the caller shows the message).
 */
export function useRescheduleActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ activity, due_at, all_day, duration_minutes }: Reschedule) =>
      api<ActivityWire>(`/api/v1/activities/${activity.id}`, {
        method: 'PATCH',
        body: { due_at, all_day, ...(duration_minutes !== undefined ? { duration_minutes } : {}) },
        headers: ifMatch(activity.version),
      }),
    onMutate: async (vars) => {
      const filter = { queryKey: [...activityKeys.all, 'range'] };
      await qc.cancelQueries(filter);
      const before = qc.getQueriesData<RangeData>(filter);
      qc.setQueriesData<RangeData>(filter, (old) =>
        old
          ? {
              ...old,
              items: old.items.map((a) =>
                a.id === vars.activity.id
                  ? {
                      ...a,
                      due_at: vars.due_at,
                      all_day: vars.all_day,
                      ...(vars.duration_minutes !== undefined ? { duration_minutes: vars.duration_minutes } : {}),
                    }
                  : a,
              ),
            }
          : old,
      );
      return { before };
    },
    onError: (_err, _vars, ctx) => {
      for (const [key, data] of ctx?.before ?? []) qc.setQueryData(key, data);
    },
    onSettled: () => refreshAfterWrite(qc),
  });
}

/** A record an activity can be linked to, as the picker shows it. */
export interface LinkOption {
  type: LinkedRecordType;
  id: string;
  name: string;
}

const LINK_SOURCES: Array<{ type: LinkedRecordType; path: string; name: (r: Record<string, unknown>) => string }> = [
  { type: 'deal', path: '/api/v1/deals', name: (r) => String(r.name ?? '') },
  { type: 'lead', path: '/api/v1/leads', name: (r) => String(r.title ?? '') },
  { type: 'contact', path: '/api/v1/contacts', name: (r) => String(r.name ?? '') },
  { type: 'company', path: '/api/v1/companies', name: (r) => String(r.name ?? '') },
];

/**
 * Leads, deals, contacts and companies matching `q` (each list endpoint's `q`, 8 of each). A type
 * the caller cannot list is skipped rather than failing the whole search.
 */
export function useLinkOptions(q: string, enabled = true) {
  const term = q.trim();
  return useQuery({
    queryKey: ['activities', 'link-options', term],
    enabled: enabled && term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: async ({ signal }) => {
      const results = await Promise.allSettled(
        LINK_SOURCES.map((s) =>
          api<PageOf<Record<string, unknown>>>(`${s.path}${query({ q: term, limit: 8 })}`, { signal }).then((p) =>
            p.data.map((r): LinkOption => ({ type: s.type, id: String(r.id), name: s.name(r) })),
          ),
        ),
      );
      return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    },
  });
}

/** Every activity loaded so far by an infinite query. */
export const flattenActivities = (data: InfiniteData<PageOf<ActivityWire>> | undefined): ActivityWire[] =>
  data ? data.pages.flatMap((p) => p.data) : [];
