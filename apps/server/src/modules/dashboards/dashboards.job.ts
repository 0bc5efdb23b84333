import { z } from 'zod';
import { currentPeriod, parsePeriodKey, previousPeriod } from '@anzhi/domain/periods';
import type { ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { defineJob, definePeriodic } from '../../platform/jobs/job-definition';
import { enqueue } from '../../platform/jobs/jobs.service';
import { evaluateMonth } from '../rules/rule-evaluations';
import { serverRuleRegistry } from '../rules/rules.registry';
import { refreshFigures } from './dashboards.service';

/**
 * Evaluates every registered rule for a month, stores a run per rule, then refreshes the month's pre-aggregated
 * dashboard figures. Runs are kept: a month evaluated again adds runs, the dashboards read the latest.
 */
export async function evaluateMonthAndRefresh(deps: Deps, month: string, actor?: ActorContext) {
  const result = await evaluateMonth({ ...deps, rules: serverRuleRegistry }, month, actor);
  const figures = await refreshFigures(deps, month);
  return { ...result, households: figures.totals.households };
}

/** On demand (POST /rules/evaluations): one month. */
export const rulesMonthJob = defineJob({
  kind: 'rules.evaluate_month',
  title: '规则月度评估与看板汇总',
  payload: z.object({ month: z.string() }),
  maxAttempts: 2,
  async run(ctx) {
    return evaluateMonthAndRefresh(ctx.deps, ctx.payload.month);
  },
});

/**
 * Daily: the current month (so the dashboards follow the month as it runs) and, until the close deadline has
 * passed (the 1st–4th), the previous month too.
 */
export const rulesDailyJob = definePeriodic({
  kind: 'rules.daily',
  title: '规则每日评估与看板汇总',
  every: 'daily',
  maxAttempts: 2,
  async run(ctx) {
    const current = currentPeriod('month', ctx.deps.clock);
    const done = [await evaluateMonthAndRefresh(ctx.deps, current.key)];
    const day = Number(ctx.payload.periodKey.slice(8, 10) || '99');
    if (day <= 4) done.push(await evaluateMonthAndRefresh(ctx.deps, previousPeriod(current).key));
    return done.map((d) => ({ month: d.month, runs: d.runs.length, failed: d.failed }));
  },
});

export async function enqueueMonthEvaluation(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: { id: string; month: string },
): Promise<{ jobId: string }> {
  const p = parsePeriodKey(input.month);
  if (p.kind !== 'month') throw new AppError('BAD_REQUEST', `不是月份：${input.month}`);
  if (p.start.getTime() > deps.clock.now().getTime()) throw new AppError('BAD_REQUEST', '不能评估尚未开始的月份');
  const { job } = await enqueue(
    deps,
    rulesMonthJob,
    { month: input.month },
    { id: input.id, createdBy: auth.user.id, actor },
  );
  return { jobId: job.id };
}
