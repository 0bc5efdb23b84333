import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  CaseEventKind,
  CaseStage,
  CaseStatus,
  CaseStep,
  ClueSource,
  ClueStatus,
  DisasterKind,
  EliminationMethod,
  MeasureStatus,
  MeasureTerm,
  MeasureType,
  MonitoringCategory,
  RiskFlag,
  RiskType,
} from '@anzhi/contracts/monitoring-vocabulary';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { units } from '../org/org.table';
import { households, persons } from '../registry/registry.table';
import { users } from '../users/users.table';

/**
 * 防止返贫动态监测和帮扶 (domain.md §4). A clue (线索) names a household and why it may be at risk; acting on it starts
 * a case, which runs the identification steps to a result (not included, or included with a category and risk
 * types), then carries the help plan and its measures until the risk is eliminated (and possibly rolled back).
 * Vocabulary and labels: packages/contracts/src/monitoring-vocabulary.ts.
 */

/**
 * A risk clue. `source_ref` identifies what raised it (a revisit id + signal kind, a department warning id …);
 * the same source and ref never open two clues, so replays and re-runs are harmless.
 */
export const monitoringClues = pgTable(
  'monitoring_clues',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    source: text('source').$type<ClueSource>().notNull(),
    sourceRef: text('source_ref'),
    /** What caused it, in Chinese, e.g. 回访"身体状况"：患大病. */
    reason: text('reason').notNull(),
    riskTypes: jsonb('risk_types').$type<RiskType[]>().notNull().default([]),
    /** Source-specific facts (a revisit's signal and answer, a warning's rule and values …). No clear personal data. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** Self-declaration (自主申报): who declared, as recorded by the cadre; the phone is encrypted. */
    declarantName: text('declarant_name'),
    declarantPhoneEnc: text('declarant_phone_enc'),
    declarantPersonId: uuid('declarant_person_id').references(() => persons.id),
    /** The day the clue was raised (Shanghai calendar); the 15-day identification clock starts here. */
    reportedOn: date('reported_on', { mode: 'string' }).notNull(),
    reportedBy: uuid('reported_by').references(() => users.id),
    reportedByName: text('reported_by_name').notNull(),
    status: text('status').$type<ClueStatus>().notNull().default('open'),
    caseId: uuid('case_id'),
    dismissedReason: text('dismissed_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('monitoring_clues_source_uq')
      .on(t.source, t.sourceRef)
      .where(sql`${t.sourceRef} is not null`),
    index('monitoring_clues_household_idx').on(t.householdId),
    index('monitoring_clues_status_idx').on(t.status, t.reportedOn),
    check(
      'monitoring_clues_source_ck',
      sql`${t.source} in ('revisit', 'self_declaration', 'screening', 'department_warning')`,
    ),
    check(
      'monitoring_clues_status_ck',
      sql`${t.status} in ('open', 'in_identification', 'attached', 'dismissed', 'closed')`,
    ),
  ],
);

/**
 * One identification-and-monitoring episode of a household. At most one active case (identifying or monitored)
 * per household. `started_on` is the clue's day (the 15-day clock); `due_on` the identification deadline.
 * The help plan (一户一方案) is the case's `plan_*` fields plus its measures.
 */
export const monitoringCases = pgTable(
  'monitoring_cases',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    clueId: uuid('clue_id').references(() => monitoringClues.id),
    /** The earlier case of a household re-flagged (再标注) after elimination. */
    previousCaseId: uuid('previous_case_id'),
    status: text('status').$type<CaseStatus>().notNull().default('identifying'),
    category: text('category').$type<MonitoringCategory>(),
    riskTypes: jsonb('risk_types').$type<RiskType[]>().notNull().default([]),
    disasterKind: text('disaster_kind').$type<DisasterKind>(),
    riskFlags: jsonb('risk_flags').$type<RiskFlag[]>().notNull().default([]),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    identifiedOn: date('identified_on', { mode: 'string' }),
    notIncludedReason: text('not_included_reason'),
    /** Per-capita net income (元/年) at identification, from the yearly income or the verification visit. */
    incomeAtIdentification: numeric('income_at_identification', { precision: 12, scale: 2 }),
    planGoal: text('plan_goal'),
    planUpdatedOn: date('plan_updated_on', { mode: 'string' }),
    /** 监测联系人: the cadre who follows the household. */
    contactUserId: uuid('contact_user_id').references(() => users.id),
    eliminatedOn: date('eliminated_on', { mode: 'string' }),
    eliminationMethod: text('elimination_method').$type<EliminationMethod>(),
    /** Which elimination round is current (a rollback starts a new one). */
    eliminationRound: integer('elimination_round').notNull().default(1),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('monitoring_cases_active_uq')
      .on(t.householdId)
      .where(sql`${t.status} in ('identifying', 'monitored')`),
    index('monitoring_cases_household_idx').on(t.householdId),
    index('monitoring_cases_status_idx').on(t.status),
    check('monitoring_cases_status_ck', sql`${t.status} in ('identifying', 'not_included', 'monitored', 'eliminated')`),
    check(
      'monitoring_cases_category_ck',
      sql`${t.category} is null or ${t.category} in ('unstable', 'marginal', 'sudden')`,
    ),
    check(
      'monitoring_cases_included_ck',
      sql`${t.status} not in ('monitored', 'eliminated') or (${t.category} is not null and ${t.identifiedOn} is not null)`,
    ),
    check(
      'monitoring_cases_eliminated_ck',
      sql`${t.status} <> 'eliminated' or (${t.eliminatedOn} is not null and ${t.eliminationMethod} is not null)`,
    ),
    check('monitoring_cases_risk_count_ck', sql`jsonb_array_length(${t.riskTypes}) <= 5`),
  ],
);

/**
 * One step of a case's identification or elimination procedure: who, when, outcome, attachments. Elimination
 * steps carry the round (a rollback starts round 2). Village review (公示) records the posting period.
 */
export const monitoringCaseSteps = pgTable(
  'monitoring_case_steps',
  {
    id: idColumn(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => monitoringCases.id),
    stage: text('stage').$type<CaseStage>().notNull(),
    round: integer('round').notNull().default(1),
    step: text('step').$type<CaseStep>().notNull(),
    stepDate: date('step_date', { mode: 'string' }).notNull(),
    /** 'passed' moves on; 'failed' ends the procedure (identification: not included; elimination: not eliminated). */
    outcome: text('outcome').notNull(),
    note: text('note'),
    /** Names of those who took part (elimination visit: at least two). */
    participants: jsonb('participants').$type<string[]>().notNull().default([]),
    postedFrom: date('posted_from', { mode: 'string' }),
    postedTo: date('posted_to', { mode: 'string' }),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('monitoring_case_steps_uq').on(t.caseId, t.stage, t.round, t.step),
    check('monitoring_case_steps_outcome_ck', sql`${t.outcome} in ('passed', 'failed')`),
  ],
);

/** The case's history (opened, included, eliminated, rolled back …), so any month end's status can be read back. */
export const monitoringCaseEvents = pgTable(
  'monitoring_case_events',
  {
    id: idColumn(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => monitoringCases.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    kind: text('kind').$type<CaseEventKind>().notNull(),
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    /** The case's status after the event. */
    status: text('status').$type<CaseStatus>().notNull(),
    category: text('category').$type<MonitoringCategory>(),
    reason: text('reason'),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('monitoring_case_events_case_idx').on(t.caseId, t.eventDate),
    index('monitoring_case_events_household_idx').on(t.householdId, t.eventDate),
  ],
);

/** A help measure (帮扶措施) of a case's plan. Due and overdue measures go to the responsible cadre's inbox. */
export const helpMeasures = pgTable(
  'help_measures',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => monitoringCases.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    type: text('type').$type<MeasureType>().notNull(),
    /** The risk the measure answers (R07: at least one measure per risk type). */
    riskType: text('risk_type').$type<RiskType>(),
    content: text('content').notNull(),
    responsibleUserId: uuid('responsible_user_id').references(() => users.id),
    responsibleName: text('responsible_name').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<MeasureStatus>().notNull().default('planned'),
    completedOn: date('completed_on', { mode: 'string' }),
    amount: numeric('amount', { precision: 12, scale: 2 }),
    term: text('term').$type<MeasureTerm>().notNull(),
    emergency: boolean('emergency').notNull().default(false),
    result: text('result'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('help_measures_case_idx').on(t.caseId),
    index('help_measures_responsible_idx').on(t.responsibleUserId, t.status, t.dueOn),
    check('help_measures_status_ck', sql`${t.status} in ('planned', 'in_progress', 'done', 'cancelled')`),
    check('help_measures_term_ck', sql`${t.term} in ('short', 'long')`),
    check('help_measures_done_ck', sql`${t.status} <> 'done' or ${t.completedOn} is not null`),
  ],
);
