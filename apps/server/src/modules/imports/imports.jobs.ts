import { z } from 'zod';
import { JobCancelledError, JobError, defineJob, type JobContext } from '../../platform/jobs/job-definition';
import { applyBatch } from './imports.apply';
import { dryRun, type RunControl } from './imports.parse';
import { findBatch, transitionBatch } from './imports.repository';
import { ParseFailure } from './parse-worker.host';

/*
 * The two jobs of an import: the dry run (parse, stage, classify) after the upload, and the apply after the
 * confirmation. Both can be interrupted and run again: the dry run starts over on its staging rows, the apply
 * resumes at the first household not yet written.
 */

const control = <P>(ctx: JobContext<P>): RunControl => ({
  signal: ctx.signal,
  throwIfCancelled: () => ctx.throwIfCancelled(),
  progress: (done, total, message) => ctx.progress(done, total, message),
});

/** Marks the batch failed with the job's message (when the failure is final). */
async function failBatch(ctx: JobContext<{ batchId: string }>, from: string[], err: unknown, final: boolean) {
  if (err instanceof JobCancelledError || !final) return;
  const message = err instanceof Error ? err.message : String(err);
  const now = ctx.deps.clock.now();
  await transitionBatch(ctx.deps.db, ctx.payload.batchId, from, {
    status: 'failed',
    phase: 'done',
    error: message.slice(0, 1000),
    updatedAt: now,
  });
}

export const importParseJob = defineJob({
  kind: 'import.parse',
  title: '导入：解析与比对',
  payload: z.object({ batchId: z.uuid() }),
  maxAttempts: 3,
  backoff: { baseMs: 2000 },
  async run(ctx) {
    const found = await findBatch(ctx.deps.db, ctx.payload.batchId);
    if (!found || !['uploaded', 'parsing'].includes(found.batch.status)) return { skipped: true };
    try {
      await dryRun(ctx.deps, found.batch, control(ctx));
    } catch (err) {
      // A file that cannot be read fails at once; other errors (the database, a crash) are retried.
      const fileProblem = err instanceof ParseFailure;
      await failBatch(ctx, ['uploaded', 'parsing'], err, fileProblem || ctx.attempt >= 3);
      if (fileProblem) throw new JobError(err.message, { retryable: false });
      throw err;
    }
    return { batchId: ctx.payload.batchId };
  },
});

const actorSchema = z.object({
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const importApplyJob = defineJob({
  kind: 'import.apply',
  title: '导入：写入花名册',
  payload: z.object({ batchId: z.uuid(), actor: actorSchema }),
  maxAttempts: 5,
  backoff: { baseMs: 2000 },
  async run(ctx) {
    const found = await findBatch(ctx.deps.db, ctx.payload.batchId);
    if (!found || found.batch.status !== 'applying') return { skipped: true };
    try {
      await applyBatch(ctx.deps, found.batch, ctx.payload.actor, control(ctx));
    } catch (err) {
      await failBatch(ctx, ['applying'], err, ctx.attempt >= 5);
      throw err;
    }
    return { batchId: ctx.payload.batchId };
  },
});
