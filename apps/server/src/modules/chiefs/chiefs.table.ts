import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ChiefTask } from '@anzhi/contracts/chiefs';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { sites } from '../org/org.table';
import { roleAssignments, users } from '../users/users.table';

/**
 * A chief's term (点长 at a site, or the 总点长 of the county) with its plan, duties and task list (§1, L1).
 * Scope still comes from the role assignment it is linked to (decisions.md: scopes derive from records);
 * this row adds the dates rules need and what the plan asks each chief to have. When a role assignment
 * is removed the term stays (history), unlinked.
 */
export const chiefAssignments = pgTable(
  'chief_assignments',
  {
    id: idColumn(),
    kind: text('kind').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    siteId: uuid('site_id').references(() => sites.id),
    roleAssignmentId: uuid('role_assignment_id').references(() => roleAssignments.id, { onDelete: 'set null' }),
    /** Shanghai calendar dates, both inclusive; `to_date` null while in office. */
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
    plan: text('plan').notNull().default(''),
    duties: jsonb('duties').$type<string[]>().notNull(),
    tasks: jsonb('tasks').$type<ChiefTask[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('chief_assignments_site_idx').on(t.siteId, t.fromDate),
    index('chief_assignments_user_idx').on(t.userId),
    check('chief_assignments_kind_check', sql`${t.kind} in ('site_chief', 'county_chief')`),
    check('chief_assignments_site_check', sql`${t.kind} = 'county_chief' or ${t.siteId} is not null`),
    check('chief_assignments_dates_check', sql`${t.toDate} is null or ${t.toDate} >= ${t.fromDate}`),
  ],
);

/** A site chief's visit to a site (调研指导, R01): when, what was found, solved and left to follow up. */
export const chiefVisits = pgTable(
  'chief_visits',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    chiefId: uuid('chief_id')
      .notNull()
      .references(() => users.id),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    problemsFound: text('problems_found').notNull(),
    problemsSolved: text('problems_solved').notNull(),
    followUps: text('follow_ups').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('chief_visits_site_time_idx').on(t.siteId, t.visitedAt),
    index('chief_visits_chief_time_idx').on(t.chiefId, t.visitedAt),
  ],
);

/** The county chief hearing one site chief's report (R02: at least once each half year). */
export const chiefReports = pgTable(
  'chief_reports',
  {
    id: idColumn(),
    heardAt: timestamp('heard_at', { withTimezone: true }).notNull(),
    siteChiefId: uuid('site_chief_id')
      .notNull()
      .references(() => users.id),
    countyChiefId: uuid('county_chief_id').references(() => users.id),
    /** The sites the report covered. */
    siteIds: jsonb('site_ids').$type<string[]>().notNull(),
    summary: text('summary').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('chief_reports_chief_time_idx').on(t.siteChiefId, t.heardAt)],
);
