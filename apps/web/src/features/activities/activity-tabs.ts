/**
 * The Activities page's tabs as API queries. For the caller's own work, Overdue and Upcoming use
 * `/activities/my/overdue` and `/my/upcoming`; for someone else (team view) they are the open
 * statuses (planned and in progress, one list each since the list filter takes one status) merged
 * by due time. Today is everything due in the local day; Done is completed work, latest first.
 */
import type { Dayjs } from 'dayjs';
import type { PageOf } from '../../components/pagination';
import {
  type ActivityFilters,
  type ActivityWire,
  flattenActivities,
  useActivityList,
  useMyActivities,
} from './activities-api';
import type { InfiniteData } from '@tanstack/react-query';

export const ACTIVITY_TABS = ['today', 'overdue', 'upcoming', 'done'] as const;
export type ActivityTab = (typeof ACTIVITY_TABS)[number];

/** Days ahead the Upcoming tab covers. */
export const UPCOMING_DAYS = 7;

/** Who the page shows: `me`, a membership id, `none` (unassigned) or `all` (everyone the caller sees). */
export type AssigneeScope = string;

/** The list filters of a tab for someone other than the caller (or the caller's Today and Done). */
export function tabFilters(tab: ActivityTab, assignee: AssigneeScope, now: Dayjs): ActivityFilters[] {
  const who = assignee === 'all' ? {} : { assignee_id: assignee };
  switch (tab) {
    case 'today':
      return [
        {
          ...who,
          due_from: now.startOf('day').toISOString(),
          due_to: now.endOf('day').toISOString(),
          sort: 'due_at',
        },
      ];
    case 'done':
      return [{ ...who, status: 'completed', sort: '-due_at' }];
    case 'overdue':
      return (['planned', 'in_progress'] as const).map((status) => ({
        ...who,
        status,
        due_to: now.toISOString(),
        sort: 'due_at' as const,
      }));
    case 'upcoming':
      return (['planned', 'in_progress'] as const).map((status) => ({
        ...who,
        status,
        due_from: now.toISOString(),
        due_to: now.add(UPCOMING_DAYS, 'day').toISOString(),
        sort: 'due_at' as const,
      }));
  }
}

type Infinite = {
  data: InfiniteData<PageOf<ActivityWire>> | undefined;
  hasNextPage: boolean;
};

const dueMs = (a: ActivityWire) => (a.due_at ? Date.parse(a.due_at) : Number.POSITIVE_INFINITY);

/**
 * Two keyset lists sorted by due time, merged: only items up to the earliest "last loaded" due
 * time of a list that has more pages are shown, so loading more never slots rows in above.
 */
export function mergeByDue(lists: Infinite[]): ActivityWire[] {
  const all = lists.flatMap((l) => flattenActivities(l.data));
  const cutoffs = lists
    .filter((l) => l.hasNextPage)
    .map((l) => {
      const items = flattenActivities(l.data);
      return items.length ? dueMs(items[items.length - 1]!) : Number.NEGATIVE_INFINITY;
    });
  const cutoff = cutoffs.length ? Math.min(...cutoffs) : Number.POSITIVE_INFINITY;
  return all.filter((a) => dueMs(a) <= cutoff).sort((x, y) => dueMs(x) - dueMs(y) || x.id.localeCompare(y.id));
}

/** The rows of `tab` for `assignee`, with loading / error / paging state in one shape. */
export function useActivityTab(tab: ActivityTab, assignee: AssigneeScope, now: Dayjs) {
  const own = assignee === 'me' && (tab === 'overdue' || tab === 'upcoming');
  const filters = tabFilters(tab, assignee, now);
  const mine = useMyActivities(tab === 'overdue' ? 'overdue' : 'upcoming', UPCOMING_DAYS, own);
  const first = useActivityList(filters[0]!, !own);
  const second = useActivityList(filters[1] ?? {}, !own && filters.length > 1);
  if (own) {
    return {
      items: flattenActivities(mine.data),
      isPending: mine.isPending,
      error: mine.error,
      refetch: () => void mine.refetch(),
      hasNextPage: mine.hasNextPage,
      isFetchingNextPage: mine.isFetchingNextPage,
      fetchNextPage: () => mine.fetchNextPage(),
    };
  }
  if (filters.length === 1) {
    return {
      items: flattenActivities(first.data),
      isPending: first.isPending,
      error: first.error,
      refetch: () => void first.refetch(),
      hasNextPage: first.hasNextPage,
      isFetchingNextPage: first.isFetchingNextPage,
      fetchNextPage: () => first.fetchNextPage(),
    };
  }
  const lists = [first, second];
  return {
    items: mergeByDue(lists),
    isPending: lists.some((l) => l.isPending),
    error: first.error ?? second.error,
    refetch: () => lists.forEach((l) => void l.refetch()),
    hasNextPage: lists.some((l) => l.hasNextPage),
    isFetchingNextPage: lists.some((l) => l.isFetchingNextPage),
    fetchNextPage: () => Promise.all(lists.filter((l) => l.hasNextPage).map((l) => l.fetchNextPage())),
  };
}
