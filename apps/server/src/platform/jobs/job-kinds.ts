import { auditSealJob } from '../audit/audit-seal.job';
import { attachmentsPurgeJob } from '../files/attachments-purge.job';
import { createJobRegistry, type JobRegistry } from './job-definition';
import { demoCountJob } from './demo-count.job';
import { definePruneJob } from './jobs-prune.job';

/**
 * Every job kind this server runs (the one gatherer, like db/schema.ts). Features add their
 * `defineJob(...)` / `definePeriodic(...)` here.
 */
export const appJobRegistry: JobRegistry = createJobRegistry([
  auditSealJob,
  definePruneJob(() => appJobRegistry),
  demoCountJob,
  attachmentsPurgeJob,
]);
