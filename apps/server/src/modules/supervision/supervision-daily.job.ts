import { definePeriodic } from '../../platform/jobs/job-definition';
import { runSupervisionSweep } from './task-reminders';

/**
 * 责任清单每日督办: once a day (Asia/Shanghai) generates the current periods' task instances, posts open
 * instances to 我的待办, and sends reminders and escalations. The scheduler's dedupe key runs it once per day;
 * its unique keys make a repeated or concurrent run harmless.
 */
export const supervisionDailyJob = definePeriodic({
  kind: 'supervision.daily',
  title: '责任清单任务生成与到期提醒',
  every: 'daily',
  maxAttempts: 3,
  backoff: { baseMs: 60_000, maxMs: 3_600_000 },
  async run(ctx) {
    return runSupervisionSweep(ctx.deps);
  },
});
