import { definePeriodic } from '../jobs/job-definition';
import { hasUnsealedAuditEvents, sealAll } from './audit-chain';

/**
 * 审计链封存: appends committed, unsealed audit events to the hash chain. A periodic job of the system lane
 * (so a long import never delays it), one run per AUDIT_SEAL_INTERVAL_MS block, enqueued only when there is
 * something to seal; several processes enqueue each block once and the chain's advisory lock serialises sealers.
 */
export const auditSealJob = definePeriodic({
  kind: 'audit.seal',
  title: '审计链封存',
  lane: 'system',
  every: (deps) => ({ seconds: Math.max(1, Math.round(deps.config.auditSealIntervalMs / 1000)) }),
  when: (deps) => hasUnsealedAuditEvents(deps.db),
  maxAttempts: 3,
  backoff: { baseMs: 1000, maxMs: 10_000 },
  keepSucceededMs: 10 * 60_000,
  async run(ctx) {
    return { sealed: await sealAll(ctx.deps.db, ctx.deps.clock) };
  },
});
