import { uuidv7 } from '@anzhi/domain/ids';
import { maskIdNumber, maskPhone } from '@anzhi/domain/id-number';
import type { Clock } from '@anzhi/domain/periods';
import type { AuditEntity } from '@anzhi/contracts/audit';
import type { Db, Executor, Tx } from '../../db/client';
import { auditEvents } from './audit.table';

/** Who is acting, from where: carried from the request into every audit event. */
export interface ActorContext {
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  requestId: string | null;
}

export const systemActor: ActorContext = { actorId: null, actorName: '系统', ip: null, requestId: null };

const hiddenKeys = /password|secret|token|hash$/i;
const idKeys = /^(idNumber|id_number|documentNumber)$/;
const phoneKeys = /phone|mobile/i;

/** Before/after images never hold personal fields in clear (decisions.md, personal data). */
export function maskImage(image: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!image) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(image)) {
    if (hiddenKeys.test(key)) {
      if (value !== null && value !== undefined) out[key] = '[已隐藏]';
    } else if (typeof value === 'string' && idKeys.test(key)) out[key] = maskIdNumber(value);
    else if (typeof value === 'string' && phoneKeys.test(key)) out[key] = maskPhone(value);
    else if (value instanceof Date) out[key] = value.toISOString();
    else out[key] = value;
  }
  return out;
}

export class AuditRecorder {
  readonly entities: AuditEntity[] = [];

  entity(type: string, id: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
    this.entities.push({ type, id, before: maskImage(before), after: maskImage(after) });
    return this;
  }
}

/** Writes one audit event; call inside the transaction whose change it records. */
export async function writeAuditEvent(
  ex: Executor,
  clock: Clock,
  actor: ActorContext,
  action: string,
  entities: AuditEntity[],
): Promise<string> {
  const id = uuidv7();
  await ex.insert(auditEvents).values({
    id,
    occurredAt: clock.now(),
    actorId: actor.actorId,
    actorName: actor.actorName,
    ip: actor.ip,
    requestId: actor.requestId,
    action,
    entities,
  });
  return id;
}

/**
 * A mutation is one transaction that also writes its audit event (conventions.md, habit 4).
 * The callback records the entities it touched; the event is written before commit.
 */
export async function auditedTransaction<T>(
  db: Db,
  clock: Clock,
  actor: ActorContext,
  action: string,
  fn: (tx: Tx, audit: AuditRecorder) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const audit = new AuditRecorder();
    const result = await fn(tx, audit);
    await writeAuditEvent(tx, clock, actor, action, audit.entities);
    return result;
  });
}
