import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Figure } from '@anzhi/contracts/supervision';
import type { Deadline } from '@anzhi/domain/deadlines';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { units } from '../org/org.table';
import { users } from '../users/users.table';

/** 责任清单: one yearly plan (the 2022 list as published, or a plan rolled into a later year). */
export const plans = pgTable(
  'plans',
  {
    id: idColumn(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    /** 'draft' | 'published': instances are generated for published plans of the current year. */
    status: text('status').notNull().default('draft'),
    rolledFromId: uuid('rolled_from_id'),
    /** Set for a plan loaded from a published source ('shicheng-2022'): reference data, loaded once. */
    sourceKey: text('source_key'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('plans_year_title_uq').on(t.year, t.title), uniqueIndex('plans_source_key_uq').on(t.sourceKey)],
);

/** A row of the list. Unit names are resolved to units; names the alias table cannot resolve are kept. */
export const planItems = pgTable(
  'plan_items',
  {
    id: idColumn(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    rowNo: integer('row_no').notNull(),
    groupName: text('group_name').notNull(),
    /** 'list' | 'body' | 'manual': where the group comes from. */
    groupFrom: text('group_from').notNull().default('manual'),
    text: text('text').notNull(),
    leadUnitIds: uuid('lead_unit_ids').array().notNull(),
    responsibleUnitIds: uuid('responsible_unit_ids').array().notNull(),
    /** "有关乡(镇)党委、政府": one party per township with relocated households. */
    includesTownships: boolean('includes_townships').notNull().default(false),
    unresolvedNames: text('unresolved_names').array().notNull(),
    deadlineText: text('deadline_text').notNull(),
    deadline: jsonb('deadline').$type<Deadline>().notNull(),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('plan_items_row_uq').on(t.planId, t.rowNo)],
);

/**
 * 任务: one per row, reporting period and responsible party. `status` is the stored workflow state
 * ('not_started' | 'in_progress' | 'submitted' | 'accepted' | 'returned'); 'overdue' is derived from `due_at`
 * and the clock. On-time readers (assessment): `first_submitted_at < due_at`, `accepted_at`.
 */
export const taskInstances = pgTable(
  'task_instances',
  {
    id: idColumn(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => planItems.id),
    periodKey: text('period_key').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    /** Exclusive due instant (Asia/Shanghai half-open periods). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    partyUnitId: uuid('party_unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status').notNull().default('not_started'),
    firstSubmittedAt: timestamp('first_submitted_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('task_instances_uq').on(t.itemId, t.periodKey, t.partyUnitId),
    index('task_instances_party_idx').on(t.partyUnitId, t.dueAt),
    index('task_instances_plan_idx').on(t.planId, t.dueAt),
  ],
);

/** Progress reports, submissions and review decisions of an instance: its history. */
export const taskReports = pgTable(
  'task_reports',
  {
    id: uuid('id').primaryKey(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => taskInstances.id),
    /** 'progress' | 'submission' | 'accepted' | 'returned' */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    figures: jsonb('figures').$type<Figure[]>().notNull(),
    authorId: uuid('author_id').references(() => users.id),
    authorName: text('author_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('task_reports_instance_idx').on(t.instanceId, t.createdAt)],
);

/**
 * Reminders and escalations sent, one per instance and kind ('due_soon', 'due_today', 'escalate_lead',
 * 'escalate_county'): the unique key makes the daily job idempotent and safe with two server processes.
 */
export const taskReminders = pgTable(
  'task_reminders',
  {
    id: idColumn(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => taskInstances.id),
    kind: text('kind').notNull(),
    recipients: integer('recipients').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('task_reminders_uq').on(t.instanceId, t.kind)],
);
