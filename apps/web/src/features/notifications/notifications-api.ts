/**
 * In-app notifications (`/api/v1/notifications`) for the header bell: the unread count (polled every
 * 30 s and on window focus), the newest notifications, mark one read, mark all read.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Notification, ReadAllNotificationsResult, UnreadNotificationCount, Wire } from '@relata/shared';
import { api, query } from '../../components/api';
import type { PageOf } from '../../components/pagination';

export type NotificationWire = Wire<typeof Notification>;

/** How often the bell asks for the unread count. */
export const UNREAD_POLL_MS = 30_000;

/** How many notifications the bell's list shows. */
export const BELL_LIST_SIZE = 20;

/** Query keys: everything starts with `notifications` (activity writes invalidate that root). */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  list: ['notifications', 'list'] as const,
};

/** `GET /api/v1/notifications/unread-count`, every 30 s and whenever the window regains focus. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) =>
      api<Wire<typeof UnreadNotificationCount>>('/api/v1/notifications/unread-count', { signal }),
    select: (r) => r.count,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
}

/** `GET /api/v1/notifications?limit=20`: the newest notifications, fetched while the list is open. */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ signal }) =>
      api<PageOf<NotificationWire>>(`/api/v1/notifications${query({ limit: BELL_LIST_SIZE })}`, { signal }),
    select: (r) => r.data,
    enabled,
    staleTime: 0,
  });
}

/** `POST /api/v1/notifications/{id}/read` (idempotent); refreshes the count and the list. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<NotificationWire>(`/api/v1/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** `POST /api/v1/notifications/read-all`; the badge drops to zero at once. */
export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<Wire<typeof ReadAllNotificationsResult>>('/api/v1/notifications/read-all', { method: 'POST' }),
    onSuccess: async () => {
      qc.setQueryData(notificationKeys.unread, { count: 0 });
      await qc.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
