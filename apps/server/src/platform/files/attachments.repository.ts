import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { attachments } from './attachments.table';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachmentRow = typeof attachments.$inferInsert;

export async function findAttachment(ex: Executor, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await ex.select().from(attachments).where(eq(attachments.id, id)).limit(1);
  return row;
}

export async function insertAttachment(ex: Executor, row: NewAttachmentRow): Promise<void> {
  await ex.insert(attachments).values(row);
}

export async function updateAttachment(ex: Executor, id: string, patch: Partial<NewAttachmentRow>): Promise<void> {
  await ex.update(attachments).set(patch).where(eq(attachments.id, id));
}

/** The user's own uploads that are not deleted, newest first. */
export async function listUploadsOf(ex: Executor, userId: string, page: number, pageSize: number) {
  const cond = and(eq(attachments.uploadedBy, userId), isNull(attachments.deletedAt));
  const [total] = await ex.select({ n: count() }).from(attachments).where(cond);
  const items = await ex
    .select()
    .from(attachments)
    .where(cond)
    .orderBy(desc(attachments.uploadedAt), desc(attachments.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function listAttachmentsOfOwner(
  ex: Executor,
  ownerType: string,
  ownerId: string,
): Promise<AttachmentRow[]> {
  return ex
    .select()
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId), isNull(attachments.deletedAt)))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

export async function findAttachmentsByIds(ex: Executor, ids: readonly string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return ex
    .select()
    .from(attachments)
    .where(inArray(attachments.id, [...ids]));
}

/** Storage keys that have at least one row due for purging at `now`. */
export async function storageKeysDue(ex: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await ex
    .selectDistinct({ storageKey: attachments.storageKey })
    .from(attachments)
    .where(and(isNull(attachments.purgedAt), lte(attachments.purgeAfter, now)))
    .limit(limit);
  return rows.map((r) => r.storageKey);
}

/** Serialises writers and the purge on one stored file (both engines; released at commit). */
export async function lockStorageKey(ex: Executor, storageKey: string): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext(${'attachment:' + storageKey}))`);
}

/** Marks the rows of a stored file whose time has come as purged; returns them. */
export async function markPurged(ex: Executor, storageKey: string, now: Date): Promise<AttachmentRow[]> {
  return ex
    .update(attachments)
    .set({ purgedAt: now })
    .where(and(eq(attachments.storageKey, storageKey), isNull(attachments.purgedAt), lte(attachments.purgeAfter, now)))
    .returning();
}

/** Rows that still need the stored file. */
export async function liveReferences(ex: Executor, storageKey: string): Promise<number> {
  const [row] = await ex
    .select({ n: count() })
    .from(attachments)
    .where(and(eq(attachments.storageKey, storageKey), isNull(attachments.purgedAt)));
  return row?.n ?? 0;
}
