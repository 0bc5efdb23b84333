import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Executor } from '../../../db/client';
import { AppError } from '../../errors/app-error';
import { createJobRegistry, defineJob, definePeriodic, JobError } from '../job-definition';

/** Job kinds used by the job tests (in the test process and in the child worker processes). */

/** Every execution appends a row here; exactly-once means one row per job. (Test-only: not in db/schema.ts.) */
export const testJobRuns = pgTable('test_job_runs', {
  jobId: uuid('job_id').notNull(),
  worker: text('worker').notNull(),
});

export async function createJobRunsTable(ex: Executor): Promise<void> {
  await ex.execute(sql`create table if not exists test_job_runs (job_id uuid not null, worker text not null)`);
}

export const recordJob = defineJob({
  kind: 'test.record',
  title: '测试：记录执行',
  payload: z.object({ delayMs: z.number().int().min(0).default(0) }),
  async run(ctx) {
    await ctx.deps.db.insert(testJobRuns).values({ jobId: ctx.jobId, worker: ctx.workerId });
    if (ctx.payload.delayMs > 0) await delay(ctx.payload.delayMs);
    return { worker: ctx.workerId };
  },
});

/** Attempt 1 reports progress and then hangs until stopped (its process is killed); later attempts finish. */
export const hangFirstJob = defineJob({
  kind: 'test.hang-first',
  title: '测试：首次执行挂起',
  payload: z.object({}),
  maxAttempts: 3,
  async run(ctx) {
    if (ctx.attempt === 1) {
      await ctx.progress(1, 10, '第一次执行，挂起');
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      ctx.throwIfCancelled();
    }
    await ctx.progress(10, 10, '完成');
    return { finishedOnAttempt: ctx.attempt };
  },
});

/** Fails its first `failTimes` attempts (retryable), then succeeds; `mode` picks errors that are not retried. */
export const flakyJob = defineJob({
  kind: 'test.flaky',
  title: '测试：前几次失败',
  payload: z.object({
    failTimes: z.number().int().min(0),
    mode: z.enum(['retryable', 'permanent', 'app-error', 'crash']).default('retryable'),
  }),
  maxAttempts: 3,
  backoff: { baseMs: 10_000, factor: 2 },
  async run(ctx) {
    if (ctx.attempt <= ctx.payload.failTimes) {
      if (ctx.payload.mode === 'permanent') throw new JobError('文件格式无法识别', { retryable: false });
      if (ctx.payload.mode === 'app-error') throw new AppError('NOT_FOUND', '导入批次不存在');
      if (ctx.payload.mode === 'crash') throw new TypeError('boom');
      throw new JobError(`第 ${ctx.attempt} 次执行失败`);
    }
    return { succeededOnAttempt: ctx.attempt };
  },
});

const gates = new Map<string, () => void>();

/** Opens the gate of a waiting job (in-process only). */
export function openGate(jobId: string): boolean {
  const open = gates.get(jobId);
  open?.();
  return open !== undefined;
}

/** Reports progress 3/10, then waits for its gate, a cancel or a stop; checks cancellation like a real job. */
export const gateJob = defineJob({
  kind: 'test.gate',
  title: '测试：等待放行',
  payload: z.object({}),
  async run(ctx) {
    await ctx.progress(3, 10, '第 3 步');
    await new Promise<void>((resolve) => {
      gates.set(ctx.jobId, resolve);
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    gates.delete(ctx.jobId);
    ctx.throwIfCancelled();
    for (let i = 4; i <= 10; i++) await ctx.progress(i, 10, `第 ${i} 步`);
    return { steps: 10 };
  },
});

export const tickJob = definePeriodic({
  kind: 'test.tick',
  title: '测试：定时任务',
  every: { minutes: 10 },
  async run(ctx) {
    return { periodKey: ctx.payload.periodKey };
  },
});

let tickAllowed = true;
/** Lets the test switch the periodic job's `when` guard. */
export function allowTick(allowed: boolean) {
  tickAllowed = allowed;
}

export const guardedTickJob = definePeriodic({
  kind: 'test.guarded-tick',
  title: '测试：按条件定时',
  every: 'daily',
  when: async () => tickAllowed,
  async run() {
    return null;
  },
});

export const testJobRegistry = createJobRegistry([recordJob, hangFirstJob, flakyJob, gateJob]);
export const periodicTestRegistry = createJobRegistry([tickJob, guardedTickJob]);
