import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { units } from '../org/org.table';
import { users } from '../users/users.table';

/** One row of evidence behind an indicator's score (a site-month of R01, an instance of the list …). */
export interface AssessmentEvidenceRow {
  label: string;
  outcome: 'met' | 'not_met' | 'info';
  detail: string | null;
  ref: { type: string; id: string } | null;
}

/**
 * Versions of the assessment weights (§27), like rule parameters: a change adds version N+1 and every
 * computed assessment keeps the version and the weights it used. Version 0 (the indicators' defaults)
 * is never stored.
 */
export const assessmentWeightSets = pgTable(
  'assessment_weight_sets',
  {
    id: idColumn(),
    version: integer('version').notNull(),
    weights: jsonb('weights').$type<Record<string, number>>().notNull(),
    note: text('note').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('assessment_weight_sets_version_uq').on(t.version),
    check('assessment_weight_sets_version_positive', sql`${t.version} > 0`),
  ],
);

/** One computation of a year's assessment. The latest finished run of a year is the one shown. */
export const assessmentRuns = pgTable(
  'assessment_runs',
  {
    id: idColumn(),
    year: integer('year').notNull(),
    weightVersion: integer('weight_version').notNull(),
    weights: jsonb('weights').$type<Record<string, number>>().notNull(),
    /** Indicators whose data is not connected yet (shown as not available, never as zero). */
    unavailable: jsonb('unavailable').$type<string[]>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('assessment_runs_year_idx').on(t.year, t.computedAt)],
);

/** One unit's score on one indicator in a run, with the evidence behind it; null score: no data for that unit. */
export const assessmentScores = pgTable(
  'assessment_scores',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => assessmentRuns.id, { onDelete: 'cascade' }),
    unitKind: text('unit_kind').notNull(),
    unitKey: text('unit_key').notNull(),
    unitName: text('unit_name').notNull(),
    indicatorId: text('indicator_id').notNull(),
    score: doublePrecision('score'),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    evidence: jsonb('evidence').$type<AssessmentEvidenceRow[]>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'assessment_scores_pk', columns: [t.runId, t.unitKind, t.unitKey, t.indicatorId] }),
    check('assessment_scores_kind_check', sql`${t.unitKind} in ('township', 'unit')`),
    check('assessment_scores_range_check', sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 100)`),
  ],
);

/** §28: experience reports (经验做法) submitted by townships and units, marked by the county. */
export const experienceReports = pgTable(
  'experience_reports',
  {
    id: idColumn(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The submitting township (division code) or unit. */
    divisionCode: text('division_code'),
    unitId: uuid('unit_id').references(() => units.id),
    submitterLabel: text('submitter_label').notNull(),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    score: doublePrecision('score'),
    grade: text('grade'),
    comment: text('comment'),
    markedBy: uuid('marked_by').references(() => users.id),
    markedAt: timestamp('marked_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('experience_reports_year_idx').on(t.year, t.submittedAt),
    index('experience_reports_division_idx').on(t.divisionCode),
    check('experience_reports_score_check', sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 100)`),
  ],
);
