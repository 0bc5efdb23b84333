import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  fetchInbox,
  fetchRecentNotifications,
  fetchUnreadCount,
  inboxKeys,
  markAllNotificationsRead,
  markInboxItemDone,
  markNotificationRead,
  notificationKeys,
  postInboxDemo,
} from '../api';
import type { InboxQuery } from '../api';

/** The header bell's count: polled every 60 s (and on window focus). */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: ({ signal }) => fetchUnreadCount(signal),
    refetchInterval: 60_000,
    staleTime: 0,
    meta: { inlineError: true },
  });
}

export function useRecentNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.recent,
    queryFn: ({ signal }) => fetchRecentNotifications(signal),
    enabled,
    staleTime: 0,
    meta: { inlineError: true },
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => markNotificationRead(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => markAllNotificationsRead(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useInbox(query: InboxQuery) {
  return useQuery({
    queryKey: inboxKeys.list(query),
    queryFn: ({ signal }) => fetchInbox(query, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

/** Marks an item done, then refreshes both tabs and the bell's counts. */
export function useMarkInboxItemDone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => markInboxItemDone(id),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

export function usePostInboxDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => postInboxDemo(),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}
