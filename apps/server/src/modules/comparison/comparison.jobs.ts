import { z } from 'zod';
import { JobCancelledError, JobError, defineJob } from '../../platform/jobs/job-definition';
import { ComparisonFileError, failBatch, processBatch } from './comparison.process';

const actorSchema = z.object({
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

/** 部门数据比对：读取、匹配、按规则生成预警 (one batch). A retry starts over on its staged rows. */
export const comparisonProcessJob = defineJob({
  kind: 'comparison.process',
  title: '部门数据比对：匹配与预警',
  payload: z.object({ batchId: z.uuid(), actor: actorSchema }),
  maxAttempts: 3,
  backoff: { baseMs: 2000 },
  async run(ctx) {
    try {
      await processBatch(ctx.deps, ctx.payload.batchId, ctx.payload.actor, () => ctx.throwIfCancelled());
    } catch (err) {
      if (err instanceof JobCancelledError) throw err;
      const fileProblem = err instanceof ComparisonFileError;
      if (fileProblem || ctx.attempt >= 3)
        await failBatch(ctx.deps, ctx.payload.batchId, err instanceof Error ? err.message : String(err));
      if (fileProblem) throw new JobError(err.message, { retryable: false });
      throw err;
    }
    return { batchId: ctx.payload.batchId };
  },
});
