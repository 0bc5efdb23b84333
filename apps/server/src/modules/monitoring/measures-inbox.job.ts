import { definePeriodic } from '../../platform/jobs/job-definition';
import { runMeasureInboxSweep } from './measures.service';

/**
 * 帮扶措施到期提醒: once a day (Asia/Shanghai) puts every open help measure that is overdue or due within the
 * window (R07E parameter, default 7 days) into its responsible cadre's 我的待办. Inbox items are upserts, so a
 * repeated or concurrent run adds nothing twice.
 */
export const measureInboxJob = definePeriodic({
  kind: 'monitoring.measures.daily',
  title: '帮扶措施到期、逾期提醒',
  every: 'daily',
  maxAttempts: 3,
  backoff: { baseMs: 60_000, maxMs: 3_600_000 },
  async run(ctx) {
    return runMeasureInboxSweep(ctx.deps);
  },
});
