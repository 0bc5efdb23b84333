import crypto from 'node:crypto';
import { asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Clock } from '@anzhi/domain/periods';
import type { Db } from '../../db/client';
import { auditEvents } from './audit.table';

type EventRow = typeof auditEvents.$inferSelect;

// Serialises sealers across processes (PostgreSQL) without making writers wait on a chain head.
const sealLockKey = 7_310_735;
const genesisHash = '0'.repeat(64);

/** Stable JSON: keys sorted at every level, since jsonb does not keep the order they were written in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function eventHash(row: EventRow, position: number, prevHash: string): string {
  const content = canonicalJson({
    position,
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    ip: row.ip,
    requestId: row.requestId,
    action: row.action,
    entities: row.entities,
  });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Appends committed, unsealed events to the chain in one short transaction. Each gets its position at
 * sealing time, so an event whose transaction committed late is simply sealed later.
 */
export async function sealAuditEvents(db: Db, clock: Clock, batchSize = 2000): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${sealLockKey})`);
    const [head] = await tx
      .select({ position: auditEvents.chainPosition, hash: auditEvents.hash })
      .from(auditEvents)
      .where(isNotNull(auditEvents.chainPosition))
      .orderBy(desc(auditEvents.chainPosition))
      .limit(1);
    const pending = await tx
      .select()
      .from(auditEvents)
      .where(isNull(auditEvents.chainPosition))
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id))
      .limit(batchSize);
    let position = head?.position ?? 0;
    let prevHash = head?.hash ?? genesisHash;
    const sealedAt = clock.now();
    for (const row of pending) {
      position += 1;
      const hash = eventHash(row, position, prevHash);
      await tx
        .update(auditEvents)
        .set({ chainPosition: position, prevHash, hash, sealedAt })
        .where(sql`${auditEvents.id} = ${row.id}`);
      prevHash = hash;
    }
    return pending.length;
  });
}

/** True when some committed event still waits for the sealing job (cheap: a partial index). */
export async function hasUnsealedAuditEvents(db: Db): Promise<boolean> {
  const rows = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(isNull(auditEvents.chainPosition))
    .limit(1);
  return rows.length > 0;
}

/** Seals until nothing is left (used at shutdown, by tests and by the verify command). */
export async function sealAll(db: Db, clock: Clock): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealAuditEvents(db, clock);
    total += n;
    if (n === 0) return total;
  }
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: { id: string | null; position: number; reason: string };
}

/** Walks the chain in position order and names the first event that does not hold. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainVerdict> {
  let expected = 1;
  let prevHash = genesisHash;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.chainPosition, expected - 1))
      .orderBy(asc(auditEvents.chainPosition))
      .limit(pageSize);
    for (const row of rows) {
      const position = row.chainPosition!;
      if (position !== expected) {
        return broken(checked, { id: null, position: expected, reason: `第 ${expected} 号审计事件缺失（链条断开）` });
      }
      if (row.prevHash !== prevHash) {
        return broken(checked, { id: row.id, position, reason: `第 ${position} 号审计事件的前序哈希不符` });
      }
      if (eventHash(row, position, prevHash) !== row.hash) {
        return broken(checked, { id: row.id, position, reason: `第 ${position} 号审计事件的内容已被篡改` });
      }
      prevHash = row.hash;
      expected += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  const [u] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(isNull(auditEvents.chainPosition));
  return { ok: true, checked, unsealed: u?.n ?? 0 };

  function broken(n: number, firstBroken: NonNullable<ChainVerdict['firstBroken']>): ChainVerdict {
    return { ok: false, checked: n, unsealed: 0, firstBroken };
  }
}
