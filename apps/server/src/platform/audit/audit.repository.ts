import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '@anzhi/contracts/audit';
import type { Executor } from '../../db/client';
import { auditEvents } from './audit.table';

export async function listAuditEvents(ex: Executor, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.userId) where.push(eq(auditEvents.actorId, q.userId));
  if (q.action) where.push(eq(auditEvents.action, q.action));
  if (q.from) where.push(gte(auditEvents.occurredAt, new Date(q.from)));
  if (q.to) where.push(lt(auditEvents.occurredAt, new Date(q.to)));
  if (q.entityType || q.entityId) {
    const probe: Record<string, string> = {};
    if (q.entityType) probe.type = q.entityType;
    if (q.entityId) probe.id = q.entityId;
    where.push(sql`${auditEvents.entities} @> ${JSON.stringify([probe])}::jsonb`);
  }
  const cond = where.length ? and(...where) : undefined;
  const [total] = await ex.select({ n: count() }).from(auditEvents).where(cond);
  const items = await ex
    .select()
    .from(auditEvents)
    .where(cond)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}
