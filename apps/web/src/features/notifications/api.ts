import { PageSchema } from '@anzhi/contracts/common';
import {
  InboxDemoResultSchema,
  InboxItemSchema,
  NotificationSchema,
  ReadAllResultSchema,
  UnreadCountSchema,
} from '@anzhi/contracts/notifications';
import type { InboxItem, InboxStatus, Notification, UnreadCount } from '@anzhi/contracts/notifications';
import { apiRequest, apiRequestVoid } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface InboxQuery {
  status: InboxStatus;
  page: number;
  pageSize: number;
}

const NotificationPageSchema = PageSchema(NotificationSchema);
const InboxPageSchema = PageSchema(InboxItemSchema);

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
  recent: ['notifications', 'recent'] as const,
};

export const inboxKeys = {
  all: ['inbox'] as const,
  list: (query: InboxQuery) => ['inbox', query] as const,
};

export function fetchUnreadCount(signal?: AbortSignal): Promise<UnreadCount> {
  return apiRequest('/notifications/unread-count', UnreadCountSchema, signal ? { signal } : {});
}

export function fetchRecentNotifications(signal?: AbortSignal): Promise<Page<Notification>> {
  return apiRequest(
    `/notifications${toQueryString({ page: 1, pageSize: 20 })}`,
    NotificationPageSchema,
    signal ? { signal } : {},
  );
}

export function markNotificationRead(id: string): Promise<void> {
  return apiRequestVoid(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}

export function markAllNotificationsRead(): Promise<{ marked: number }> {
  return apiRequest('/notifications/read-all', ReadAllResultSchema, { method: 'POST' });
}

export function fetchInbox(query: InboxQuery, signal?: AbortSignal): Promise<Page<InboxItem>> {
  return apiRequest(`/inbox${toQueryString({ ...query })}`, InboxPageSchema, signal ? { signal } : {});
}

export function markInboxItemDone(id: string): Promise<InboxItem> {
  return apiRequest(`/inbox/${encodeURIComponent(id)}/done`, InboxItemSchema, { method: 'POST' });
}

export function postInboxDemo(): Promise<{ inboxItems: number; notifications: number }> {
  return apiRequest('/inbox/demo', InboxDemoResultSchema, { method: 'POST' });
}
