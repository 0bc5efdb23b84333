// The one module that gathers every Drizzle table into the schema object (conventions.md, habit 10).
export { users, roleAssignments } from '../modules/users/users.table';
export { divisions, divisionAliases, units, unitAliases, sites } from '../modules/org/org.table';
export { ruleParameterSets, ruleRuns, ruleResults } from '../modules/rules/rules.table';
export { dashboardFigures } from '../modules/dashboards/dashboards.table';
export { chiefAssignments, chiefVisits, chiefReports } from '../modules/chiefs/chiefs.table';
export {
  assessmentWeightSets,
  assessmentRuns,
  assessmentScores,
  experienceReports,
} from '../modules/assessment/assessment.table';
export { sessions, loginLog } from '../platform/auth/auth.table';
export { auditEvents } from '../platform/audit/audit.table';
export { jobs } from '../platform/jobs/jobs.table';
export { attachments } from '../platform/files/attachments.table';
export { importBatches, importRows } from '../modules/imports/imports.table';
export { notifications, inboxItems } from '../platform/notifications/notifications.table';
export {
  households,
  householdLands,
  persons,
  householdMembers,
  personEmployment,
} from '../modules/registry/registry.table';
export {
  personHealth,
  personLabour,
  householdPlacement,
  householdEvents,
  housingTransactions,
} from '../modules/registry/registry-facts.table';
export { plans, planItems, taskInstances, taskReports, taskReminders } from '../modules/supervision/supervision.table';
export { incomeLines, householdIncomes } from '../modules/incomes/incomes.table';
export { householdPairings, originCadreContacts } from '../modules/pairings/pairings.table';
export { revisits, monthCloses } from '../modules/revisits/revisits.table';
export {
  monitoringClues,
  monitoringCases,
  monitoringCaseSteps,
  monitoringCaseEvents,
  helpMeasures,
} from '../modules/monitoring/monitoring.table';
export { monthSnapshots, snapshotLedgerRows } from '../modules/snapshots/snapshots.table';
export {
  comparisonKinds,
  comparisonMappings,
  comparisonBatches,
  comparisonRows,
  comparisonDeliberations,
  comparisonWarnings,
} from '../modules/comparison/comparison.table';
