import { z } from 'zod';
import type { ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs/job-definition';
import { enqueue } from '../../platform/jobs/jobs.service';
import { computeAssessment } from './assessment.service';

/** Computes (or recomputes) a year's assessment: every indicator, scores and evidence, one stored run. */
export const assessmentComputeJob = defineJob({
  kind: 'assessment.compute',
  title: '计算年度考核',
  payload: z.object({ year: z.number().int(), createdBy: z.string().nullable() }),
  maxAttempts: 2,
  async run(ctx) {
    return computeAssessment(ctx.deps, ctx.payload.year, ctx.payload.createdBy);
  },
});

export async function enqueueAssessment(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  year: number,
  id?: string,
): Promise<{ jobId: string }> {
  const { job } = await enqueue(
    deps,
    assessmentComputeJob,
    { year, createdBy: auth.user.id },
    { id, createdBy: auth.user.id, actor },
  );
  return { jobId: job.id };
}
