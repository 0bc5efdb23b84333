import { auditSealJob } from '../audit/audit-seal.job';
import { attachmentsPurgeJob } from '../files/attachments-purge.job';
import { createJobRegistry, type JobRegistry } from './job-definition';
import { chiefRuleRunJob, chiefRulesMonthlyJob } from '../../modules/chiefs/chief-rules.job';
import { assessmentComputeJob } from '../../modules/assessment/assessment.job';
import { demoCountJob } from './demo-count.job';
import { definePruneJob } from './jobs-prune.job';
import { importApplyJob, importParseJob } from '../../modules/imports/imports.jobs';
import { comparisonProcessJob } from '../../modules/comparison/comparison.jobs';
import { supervisionDailyJob } from '../../modules/supervision/supervision-daily.job';
import { measureInboxJob } from '../../modules/monitoring/measures-inbox.job';
import { identificationInboxJob } from '../../modules/monitoring/identification.job';
import { rulesDailyJob, rulesMonthJob } from '../../modules/dashboards/dashboards.job';
import { snapshotsDailyJob } from '../../modules/snapshots/snapshots-daily.job';

/**
 * Every job kind this server runs (the one gatherer, like db/schema.ts). Features add their
 * `defineJob(...)` / `definePeriodic(...)` here.
 */
export const appJobRegistry: JobRegistry = createJobRegistry([
  auditSealJob,
  definePruneJob(() => appJobRegistry),
  demoCountJob,
  attachmentsPurgeJob,
  importParseJob,
  importApplyJob,
  comparisonProcessJob,
  supervisionDailyJob,
  measureInboxJob,
  identificationInboxJob,
  snapshotsDailyJob,
  chiefRuleRunJob,
  chiefRulesMonthlyJob,
  assessmentComputeJob,
  rulesMonthJob,
  rulesDailyJob,
]);
