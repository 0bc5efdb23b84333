import { z } from 'zod';
import type { ChiefRuleRunInput } from '@anzhi/contracts/chiefs';
import type { ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { defineJob, definePeriodic } from '../../platform/jobs/job-definition';
import { enqueue } from '../../platform/jobs/jobs.service';
import { periodOfRule, runChiefRule, runMonthlyChiefRules } from './chief-rules.service';

/** Evaluates R01 or R02 for one period on demand and stores the run with its results. */
export const chiefRuleRunJob = defineJob({
  kind: 'chiefs.rule_run',
  title: '点长制规则评估（R01/R02）',
  payload: z.object({ ruleId: z.enum(['R01', 'R02']), periodKey: z.string() }),
  maxAttempts: 2,
  async run(ctx) {
    return runChiefRule(ctx.deps, ctx.payload.ruleId, ctx.payload.periodKey);
  },
});

/** On the first days of each month: last month's R01 and its half year's R02 (stored runs keep history). */
export const chiefRulesMonthlyJob = definePeriodic({
  kind: 'chiefs.rules_monthly',
  title: '点长制规则月度评估',
  every: 'monthly',
  maxAttempts: 3,
  async run(ctx) {
    return runMonthlyChiefRules(ctx.deps);
  },
});

/** Queues an evaluation (POST /site-chiefs/rule-runs); the period is checked before queueing. */
export async function enqueueChiefRuleRun(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: ChiefRuleRunInput,
): Promise<{ jobId: string }> {
  periodOfRule(input.ruleId, input.periodKey);
  const { job } = await enqueue(
    deps,
    chiefRuleRunJob,
    { ruleId: input.ruleId, periodKey: input.periodKey },
    { id: input.id, createdBy: auth.user.id, actor },
  );
  return { jobId: job.id };
}
