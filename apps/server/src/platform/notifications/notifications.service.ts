import type { InboxItem, InboxQuery, NotificationListQuery, UnreadCount } from '@anzhi/contracts/notifications';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Clock } from '@anzhi/domain/periods';
import type { Tx } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../audit/audit.service';
import type { AuthState } from '../auth/auth.service';
import type { Deps } from '../deps';
import { notFound } from '../errors/app-error';
import {
  completeInboxItems,
  countOpenInbox,
  countUnread,
  findInboxItemOf,
  insertNotifications,
  listInbox,
  listNotifications,
  markAllNotificationsRead,
  markInboxItemDone,
  markNotificationRead,
  upsertInboxItem,
  type InboxItemRow,
} from './notifications.repository';
import { presentInboxItem, presentNotification } from './notifications.presenter';

// ---------------------------------------------------------------------------------------------
// For features: call inside the feature's own (audited) transaction, so the message or the due item
// commits with the change that caused it.
// ---------------------------------------------------------------------------------------------

export interface NotifyInput {
  userIds: readonly string[];
  title: string;
  body: string;
  link?: string | null;
  /** The sending feature, e.g. 'revisits'. */
  source: string;
}

/** Sends a notification to each user (once per user). Returns the new notification ids. */
export async function notify(tx: Tx, clock: Clock, input: NotifyInput): Promise<string[]> {
  const now = clock.now();
  const rows = [...new Set(input.userIds)].map((userId) => ({
    id: uuidv7(),
    userId,
    title: input.title,
    body: input.body,
    link: input.link ?? null,
    source: input.source,
    createdAt: now,
    readAt: null,
  }));
  await insertNotifications(tx, rows);
  return rows.map((r) => r.id);
}

export interface InboxPost {
  userId: string;
  /** What is to be done, e.g. '回访 张某某 户（3月）'. */
  title: string;
  /** The instant it is due (deadlines are half-open: "by the 25th" → the 26th 00:00 Asia/Shanghai). */
  dueAt: Date | null;
  link?: string | null;
  source: string;
  /** The feature's record the item is about; with source and user, the item's identity. */
  sourceRef: string;
}

/**
 * Posts a due item to a user's 我的待办. Posting the same (source, sourceRef, user) again updates its
 * title, due instant and link and keeps its status: a periodic sweep that re-posts does not reopen an item
 * the user has already completed (a new period is a new sourceRef).
 */
export async function postInboxItem(tx: Tx, clock: Clock, input: InboxPost): Promise<InboxItemRow> {
  return upsertInboxItem(tx, {
    id: uuidv7(),
    userId: input.userId,
    title: input.title,
    dueAt: input.dueAt,
    link: input.link ?? null,
    source: input.source,
    sourceRef: input.sourceRef,
    now: clock.now(),
  });
}

export interface InboxCompletionInput {
  source: string;
  sourceRef: string;
  /** Only this user's item; all users' items for the record when absent. */
  userId?: string;
  /** Who completed it (null: the system, e.g. the feature saw the work done). */
  doneBy?: string | null;
}

/** Marks the open items of a feature record done (when the work they ask for has been done). */
export async function completeInboxItem(tx: Tx, clock: Clock, input: InboxCompletionInput): Promise<number> {
  const rows = await completeInboxItems(tx, {
    source: input.source,
    sourceRef: input.sourceRef,
    userId: input.userId,
    doneBy: input.doneBy ?? null,
    now: clock.now(),
  });
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// The signed-in user's own notifications and inbox (API).
// ---------------------------------------------------------------------------------------------

export async function listMyNotifications(deps: Deps, auth: AuthState, q: NotificationListQuery) {
  const { items, total } = await listNotifications(deps.db, auth.user.id, q.unreadOnly, q.page, q.pageSize);
  return { items: items.map(presentNotification), total, page: q.page, pageSize: q.pageSize };
}

export async function unreadCount(deps: Deps, auth: AuthState): Promise<UnreadCount> {
  const unread = await countUnread(deps.db, auth.user.id);
  const inbox = await countOpenInbox(deps.db, auth.user.id, deps.clock.now());
  return { unread, inboxOpen: inbox.open, inboxOverdue: inbox.overdue };
}

export async function readNotification(deps: Deps, auth: AuthState, actor: ActorContext, id: string): Promise<void> {
  await auditedTransaction(deps.db, deps.clock, actor, 'notification.read', async (tx, audit) => {
    if (!(await markNotificationRead(tx, auth.user.id, id, deps.clock.now()))) throw notFound('通知');
    audit.entity('notification', id, null, { read: true });
  });
}

export async function readAllNotifications(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
): Promise<{ marked: number }> {
  return auditedTransaction(deps.db, deps.clock, actor, 'notification.read_all', async (tx, audit) => {
    const marked = await markAllNotificationsRead(tx, auth.user.id, deps.clock.now());
    audit.entity('user', auth.user.id, null, { notificationsMarkedRead: marked });
    return { marked };
  });
}

export async function listMyInbox(deps: Deps, auth: AuthState, q: InboxQuery) {
  const now = deps.clock.now();
  const { items, total } = await listInbox(deps.db, auth.user.id, q.status, q.page, q.pageSize);
  return { items: items.map((r) => presentInboxItem(r, now)), total, page: q.page, pageSize: q.pageSize };
}

/** A user marks their own item done; someone else's item is invisible (404). Done twice: no change. */
export async function markMyInboxItemDone(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
): Promise<InboxItem> {
  const now = deps.clock.now();
  const item = await findInboxItemOf(deps.db, auth.user.id, id);
  if (!item) throw notFound('待办');
  if (item.status === 'done') return presentInboxItem(item, now);
  const done = await auditedTransaction(deps.db, deps.clock, actor, 'inbox.done', async (tx, audit) => {
    const row = await markInboxItemDone(tx, id, auth.user.id, now);
    audit.entity(
      'inbox_item',
      id,
      { status: item.status },
      { status: row.status, source: row.source, sourceRef: row.sourceRef },
    );
    return row;
  });
  return presentInboxItem(done, now);
}

const dayMs = 24 * 60 * 60 * 1000;

/** POST /inbox/demo: two items from two sources (one overdue) and a notification, for the caller. */
export async function postDemoItems(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
): Promise<{ inboxItems: number; notifications: number }> {
  const now = deps.clock.now();
  const userId = auth.user.id;
  return auditedTransaction(deps.db, deps.clock, actor, 'inbox.demo', async (tx, audit) => {
    const revisit = await postInboxItem(tx, deps.clock, {
      userId,
      title: '示例：回访安置户（本月回访）',
      dueAt: new Date(now.getTime() - dayMs),
      link: '/inbox',
      source: 'demo.revisit',
      sourceRef: 'demo',
    });
    const ledger = await postInboxItem(tx, deps.clock, {
      userId,
      title: '示例：报送监测台账',
      dueAt: new Date(now.getTime() + 3 * dayMs),
      link: '/inbox',
      source: 'demo.ledger',
      sourceRef: 'demo',
    });
    const ids = await notify(tx, deps.clock, {
      userIds: [userId],
      title: '示例通知：已生成两条待办',
      body: '“回访安置户”已逾期，“报送监测台账”3 天后到期。',
      link: '/inbox',
      source: 'demo',
    });
    for (const row of [revisit, ledger])
      audit.entity('inbox_item', row.id, null, { source: row.source, sourceRef: row.sourceRef });
    for (const id of ids) audit.entity('notification', id, null, { source: 'demo' });
    return { inboxItems: 2, notifications: ids.length };
  });
}
