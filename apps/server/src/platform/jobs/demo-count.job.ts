import { setTimeout as delay } from 'node:timers/promises';
import { DemoJobInputSchema } from '@anzhi/contracts/jobs';
import { defineJob, JobError } from './job-definition';

const DemoPayloadSchema = DemoJobInputSchema.omit({ id: true });

/**
 * 演示任务: counts to n with progress, pausing between steps, so the progress bar (and cancel, retry with
 * backoff) can be seen working without any feature. The first `failTimes` attempts fail halfway.
 */
export const demoCountJob = defineJob({
  kind: 'demo.count',
  title: '演示任务（计数）',
  payload: DemoPayloadSchema,
  maxAttempts: 3,
  backoff: { baseMs: 2000, maxMs: 30_000 },
  async run(ctx) {
    const { n, failTimes, stepMs } = ctx.payload;
    const failAt = ctx.attempt <= failTimes ? Math.ceil(n / 2) : null;
    await ctx.progress(0, n, '开始计数');
    for (let i = 1; i <= n; i++) {
      if (stepMs > 0) await delay(stepMs, undefined, { signal: ctx.signal }).catch(() => undefined);
      ctx.throwIfCancelled();
      if (i === failAt) {
        throw new JobError(`演示任务按要求在第 ${ctx.attempt} 次执行时失败（数到 ${i}）`);
      }
      await ctx.progress(i, n, `已数到 ${i} / ${n}`);
    }
    return { counted: n };
  },
});
