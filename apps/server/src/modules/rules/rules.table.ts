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
import type { EvidenceRef, RuleSummary } from '@anzhi/domain/rules/registry';
import { createdAt, idColumn } from '../../db/columns';
import { users } from '../users/users.table';

/**
 * Versions of a rule's thresholds (domain.md §16: thresholds are settings). A change never updates a
 * row: it adds version N+1, so every stored run can say which values it was computed with. Version 0
 * (the rule's defaults) is never stored.
 */
export const ruleParameterSets = pgTable(
  'rule_parameter_sets',
  {
    id: idColumn(),
    ruleId: text('rule_id').notNull(),
    version: integer('version').notNull(),
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull(),
    /** Version of the rule's code when the set was saved. */
    ruleVersion: integer('rule_version').notNull(),
    note: text('note').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rule_parameter_sets_rule_version_uq').on(t.ruleId, t.version),
    check('rule_parameter_sets_version_positive', sql`${t.version} > 0`),
  ],
);

/** One evaluation of a rule for a period and scope; its results keep the parameter version used. */
export const ruleRuns = pgTable(
  'rule_runs',
  {
    id: idColumn(),
    ruleId: text('rule_id').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    parameterVersion: integer('parameter_version').notNull(),
    /** The parameters actually used, defaults filled in (version 0's defaults may change with the code). */
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull(),
    periodKey: text('period_key').notNull(),
    /** What the run covered: a division code, a site id … or 'all'. */
    scopeKey: text('scope_key').notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull(),
    summary: jsonb('summary').$type<RuleSummary>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('rule_runs_rule_evaluated_idx').on(t.ruleId, t.evaluatedAt),
    index('rule_runs_rule_period_idx').on(t.ruleId, t.periodKey, t.scopeKey),
  ],
);

/** One entity's verdict in a run, with the values and records behind it. */
export const ruleResults = pgTable(
  'rule_results',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => ruleRuns.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    verdict: text('verdict').notNull(),
    /** 0..1 for applicable results of targets; null otherwise. */
    progress: doublePrecision('progress'),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    evidence: jsonb('evidence').$type<EvidenceRef[]>().notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ name: 'rule_results_pk', columns: [t.runId, t.entityType, t.entityId] }),
    index('rule_results_entity_idx').on(t.entityType, t.entityId),
    check('rule_results_verdict_check', sql`${t.verdict} in ('met', 'not_met', 'not_applicable')`),
  ],
);
