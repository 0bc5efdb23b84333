import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ComparisonColumnDef, ComparisonCounts, ComparisonRuleDef } from '@anzhi/contracts/comparison';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { sites, units } from '../org/org.table';
import { households, persons } from '../registry/registry.table';
import { users } from '../users/users.table';
import { attachments } from '../../platform/files/attachments.table';

/*
 * 部门数据比对 (domain.md §5, L5). Kinds are seeded from the TS catalogue (contracts/comparison.ts); a rule's
 * parameters can be changed here (each change bumps `rule_versions`). Rows of a batch are staged (matched by the
 * blind index, set-based); an unmatched row keeps only its masked number.
 */

export const comparisonKinds = pgTable('comparison_kinds', {
  key: text('key').primaryKey(),
  unitId: uuid('unit_id')
    .notNull()
    .references(() => units.id),
  title: text('title').notNull(),
  inSeed: boolean('in_seed').notNull().default(true),
  columns: jsonb('columns').$type<ComparisonColumnDef[]>().notNull(),
  rules: jsonb('rules').$type<ComparisonRuleDef[]>().notNull(),
  /** Rule id → version (1 as seeded; +1 per parameter change). */
  ruleVersions: jsonb('rule_versions').$type<Record<string, number>>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A department's own headers → column keys, saved per unit and kind so next month's upload maps itself. */
export const comparisonMappings = pgTable(
  'comparison_mappings',
  {
    id: idColumn(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    kindKey: text('kind_key')
      .notNull()
      .references(() => comparisonKinds.key),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('comparison_mappings_unit_kind_uq').on(t.unitId, t.kindKey)],
);

export const comparisonBatches = pgTable(
  'comparison_batches',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    kindKey: text('kind_key')
      .notNull()
      .references(() => comparisonKinds.key),
    /** The data month 'YYYY-MM' (the chain of that month ends on its 25th). */
    month: text('month').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    fileSha256: text('file_sha256').notNull(),
    attachmentId: uuid('attachment_id')
      .notNull()
      .references(() => attachments.id),
    /** uploaded | processing | processed | failed | withdrawn | superseded. */
    status: text('status').notNull(),
    counts: jsonb('counts').$type<ComparisonCounts>().notNull(),
    /** Mapping supplied with the upload (header → column key), merged over the saved one. */
    mappingInput: jsonb('mapping_input').$type<Record<string, string>>(),
    /** The mapping used and the header row found. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    headerRow: integer('header_row'),
    ignoredColumns: jsonb('ignored_columns').$type<string[]>().notNull().default([]),
    error: text('error'),
    supersededBy: uuid('superseded_by'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    index('comparison_batches_unit_kind_month_idx').on(t.unitId, t.kindKey, t.month),
    index('comparison_batches_month_idx').on(t.month),
  ],
);

/**
 * A batch's rows with their results, written once per batch by one INSERT … SELECT (comparison.process.ts).
 * `values` are the mapped cells, typed; cleared (with the name) for rows we do not serve. No foreign key on
 * batch_id: a batch of a million rows would pay a key check per row; the rows are written only for the batch
 * being processed, and batches are never deleted (withdrawn and superseded ones stay).
 */
export const comparisonRows = pgTable(
  'comparison_rows',
  {
    batchId: uuid('batch_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    idMasked: text('id_masked'),
    personName: text('person_name'),
    values: jsonb('values').$type<Record<string, string | number | null>>(),
    /** matched | unmatched | invalid | duplicate. */
    status: text('status').notNull(),
    reason: text('reason'),
    personId: uuid('person_id'),
    householdId: uuid('household_id'),
  },
  /*
   * A batch's rows are written at once, in row order, and read back by batch: a BRIN index on the batch finds
   * them (UUIDv7 batch ids grow with time) at almost no cost per row, where each B-tree cost about 0.8 s per
   * million rows written. The rows a clerk reads one by one (not matched: with reasons) have a B-tree.
   */
  (t) => [
    index('comparison_rows_batch_brin').using('brin', t.batchId).with({ autosummarize: true }),
    index('comparison_rows_batch_problem_idx')
      .on(t.batchId, t.rowNumber)
      .where(sql`status <> 'matched'`),
  ],
);

export const comparisonDeliberations = pgTable(
  'comparison_deliberations',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code').notNull(),
    month: text('month').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    participants: text('participants').notNull(),
    notes: text('notes'),
    escalated: integer('escalated').notNull().default(0),
    dismissed: integer('dismissed').notNull().default(0),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('comparison_deliberations_township_month_uq').on(t.townshipCode, t.month)],
);

export const comparisonWarnings = pgTable(
  'comparison_warnings',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => comparisonBatches.id),
    kindKey: text('kind_key').notNull(),
    ruleId: text('rule_id').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    month: text('month').notNull(),
    /** One warning per rule, person and period (the month; the year for cumulative rules). */
    dedupeKey: text('dedupe_key').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    personId: uuid('person_id').references(() => persons.id),
    personName: text('person_name'),
    idMasked: text('id_masked'),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    /** The scope responsible: the household's site (集中安置) or none, and the township. */
    siteId: uuid('site_id').references(() => sites.id),
    townshipCode: text('township_code').notNull(),
    /** new | verified | dismissed | escalated. */
    status: text('status').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    result: text('result'),
    notes: text('notes'),
    attachmentId: uuid('attachment_id').references(() => attachments.id),
    verifiedBy: uuid('verified_by').references(() => users.id),
    verifiedByName: text('verified_by_name'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    deliberationId: uuid('deliberation_id').references(() => comparisonDeliberations.id),
    clueId: uuid('clue_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('comparison_warnings_dedupe_uq').on(t.dedupeKey),
    index('comparison_warnings_month_township_idx').on(t.month, t.townshipCode),
    index('comparison_warnings_batch_idx').on(t.batchId),
    index('comparison_warnings_household_idx').on(t.householdId),
    check('comparison_warnings_status_ck', sql`${t.status} in ('new', 'verified', 'dismissed', 'escalated')`),
  ],
);
