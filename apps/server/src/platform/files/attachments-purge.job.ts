import { definePeriodic } from '../jobs/job-definition';
import { purgeExpiredAttachments } from './attachments.purge';

/**
 * 清除到期附件: once a day (Asia/Shanghai), removes the bytes of attachments past their retention (imports and
 * error workbooks with ID numbers after 30 days, decisions.md) or soft-deleted, keeping their rows. Default
 * lane: a large purge may take a while and must not hold up the audit seal.
 */
export const attachmentsPurgeJob = definePeriodic({
  kind: 'attachments.purge',
  title: '清除到期附件',
  every: 'daily',
  maxAttempts: 3,
  backoff: { baseMs: 60_000, maxMs: 3_600_000 },
  async run(ctx) {
    return purgeExpiredAttachments(ctx.deps);
  },
});
