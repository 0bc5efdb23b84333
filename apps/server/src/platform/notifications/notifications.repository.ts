import { and, asc, count, desc, eq, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { InboxStatus } from '@anzhi/contracts/notifications';
import type { Executor } from '../../db/client';
import { inboxItems, notifications } from './notifications.table';

export type NotificationRow = typeof notifications.$inferSelect;
export type InboxItemRow = typeof inboxItems.$inferSelect;

export async function insertNotifications(ex: Executor, rows: (typeof notifications.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await ex.insert(notifications).values(rows);
}

/** A user's notifications, unread first, then newest first. */
export async function listNotifications(
  ex: Executor,
  userId: string,
  unreadOnly: boolean,
  page: number,
  pageSize: number,
) {
  const conds: SQL[] = [eq(notifications.userId, userId)];
  if (unreadOnly) conds.push(isNull(notifications.readAt));
  const cond = and(...conds);
  const [total] = await ex.select({ n: count() }).from(notifications).where(cond);
  const items = await ex
    .select()
    .from(notifications)
    .where(cond)
    .orderBy(sql`${notifications.readAt} is null desc`, desc(notifications.createdAt), desc(notifications.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function countUnread(ex: Executor, userId: string): Promise<number> {
  const [row] = await ex
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markNotificationRead(ex: Executor, userId: string, id: string, now: Date): Promise<boolean> {
  const [row] = await ex
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .limit(1);
  if (!row) return false;
  if (row.readAt === null) {
    await ex.update(notifications).set({ readAt: now }).where(eq(notifications.id, id));
  }
  return true;
}

export async function markAllNotificationsRead(ex: Executor, userId: string, now: Date): Promise<number> {
  const rows = await ex
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export interface InboxUpsert {
  id: string;
  userId: string;
  title: string;
  dueAt: Date | null;
  link: string | null;
  source: string;
  sourceRef: string;
  now: Date;
}

/** Inserts the item, or updates what it says (title, due, link) when the feature posts it again. */
export async function upsertInboxItem(ex: Executor, item: InboxUpsert): Promise<InboxItemRow> {
  const [row] = await ex
    .insert(inboxItems)
    .values({
      id: item.id,
      userId: item.userId,
      title: item.title,
      dueAt: item.dueAt,
      link: item.link,
      source: item.source,
      sourceRef: item.sourceRef,
      status: 'open',
      createdAt: item.now,
      updatedAt: item.now,
    })
    .onConflictDoUpdate({
      target: [inboxItems.source, inboxItems.sourceRef, inboxItems.userId],
      set: { title: item.title, dueAt: item.dueAt, link: item.link, updatedAt: item.now },
    })
    .returning();
  return row!;
}

export interface InboxCompletion {
  source: string;
  sourceRef: string;
  userId?: string | undefined;
  doneBy: string | null;
  now: Date;
}

export async function completeInboxItems(ex: Executor, c: InboxCompletion): Promise<InboxItemRow[]> {
  const conds: SQL[] = [
    eq(inboxItems.source, c.source),
    eq(inboxItems.sourceRef, c.sourceRef),
    eq(inboxItems.status, 'open'),
  ];
  if (c.userId) conds.push(eq(inboxItems.userId, c.userId));
  return ex
    .update(inboxItems)
    .set({ status: 'done', doneAt: c.now, doneBy: c.doneBy, updatedAt: c.now })
    .where(and(...conds))
    .returning();
}

export async function findInboxItemOf(ex: Executor, userId: string, id: string): Promise<InboxItemRow | undefined> {
  const [row] = await ex
    .select()
    .from(inboxItems)
    .where(and(eq(inboxItems.id, id), eq(inboxItems.userId, userId)))
    .limit(1);
  return row;
}

export async function markInboxItemDone(ex: Executor, id: string, doneBy: string, now: Date): Promise<InboxItemRow> {
  const [row] = await ex
    .update(inboxItems)
    .set({ status: 'done', doneAt: now, doneBy, updatedAt: now })
    .where(eq(inboxItems.id, id))
    .returning();
  return row!;
}

/**
 * A user's inbox: open items by due instant (no due date last), done items most recently done first.
 */
export async function listInbox(ex: Executor, userId: string, status: InboxStatus, page: number, pageSize: number) {
  const cond = and(eq(inboxItems.userId, userId), eq(inboxItems.status, status));
  const [total] = await ex.select({ n: count() }).from(inboxItems).where(cond);
  const order =
    status === 'open'
      ? [sql`${inboxItems.dueAt} asc nulls last`, asc(inboxItems.createdAt), asc(inboxItems.id)]
      : [desc(inboxItems.doneAt), desc(inboxItems.id)];
  const items = await ex
    .select()
    .from(inboxItems)
    .where(cond)
    .orderBy(...order)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function countOpenInbox(
  ex: Executor,
  userId: string,
  now: Date,
): Promise<{ open: number; overdue: number }> {
  const cond = and(eq(inboxItems.userId, userId), eq(inboxItems.status, 'open'));
  const [row] = await ex
    .select({
      open: count(),
      overdue: sql<number>`count(*) filter (where ${lte(inboxItems.dueAt, now)})`.mapWith(Number),
    })
    .from(inboxItems)
    .where(cond);
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
}
