import type { InboxItem, Notification } from '@anzhi/contracts/notifications';
import { isOverdue as deadlinePassed } from '@anzhi/domain/periods';
import type { InboxItemRow, NotificationRow } from './notifications.repository';

export function presentNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    link: row.link,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** Overdue: still open and the due instant has come (deadlines are half-open: due at 26th 00:00 → overdue from then). */
export function isOverdue(row: InboxItemRow, now: Date): boolean {
  return row.status === 'open' && row.dueAt !== null && deadlinePassed(row.dueAt, now);
}

/** Only the item's own user is ever shown it, so marking it done is allowed while it is open. */
export function presentInboxItem(row: InboxItemRow, now: Date): InboxItem {
  return {
    id: row.id,
    title: row.title,
    dueAt: row.dueAt?.toISOString() ?? null,
    overdue: isOverdue(row, now),
    link: row.link,
    source: row.source,
    sourceRef: row.sourceRef,
    status: row.status,
    doneAt: row.doneAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    abilities: { markDone: row.status === 'open' },
  };
}
