import { definePeriodic, type JobRegistry } from './job-definition';
import { deleteFinishedJobs, vacuumJobsIfEmbedded } from './jobs.repository';

const day = 86_400_000;
/** Finished jobs of any kind are kept this long (users read their results for a while). */
export const finishedJobRetentionMs = 180 * day;
/** Succeeded runs of a periodic job are kept this long unless its definition says otherwise. */
export const periodicRunRetentionMs = 30 * day;

/**
 * 清理后台任务记录: routine runs of periodic jobs (the audit seal every few seconds) would otherwise pile up.
 * Takes the registry lazily because the registry holds this job too.
 */
export function definePruneJob(registry: () => JobRegistry) {
  return definePeriodic({
    kind: 'jobs.prune',
    title: '清理后台任务记录',
    lane: 'system',
    every: { minutes: 30 },
    keepSucceededMs: day,
    async run(ctx) {
      const now = ctx.deps.clock.now().getTime();
      let deleted = 0;
      for (const def of registry().periodic()) {
        deleted += await deleteFinishedJobs(ctx.deps.db, {
          before: new Date(now - (def.keepSucceededMs ?? periodicRunRetentionMs)),
          statuses: ['succeeded'],
          kinds: [def.kind],
          periodicOnly: true,
        });
      }
      deleted += await deleteFinishedJobs(ctx.deps.db, {
        before: new Date(now - finishedJobRetentionMs),
        statuses: ['succeeded', 'failed', 'cancelled'],
      });
      await vacuumJobsIfEmbedded(ctx.deps.database);
      return { deleted };
    },
  });
}
