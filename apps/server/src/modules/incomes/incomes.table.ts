import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { households } from '../registry/registry.table';
import { users } from '../users/users.table';

/**
 * The monitoring line (监测线) of a year, annual per-capita net income in whole yuan, for the county (the default)
 * or one township (an override). `near_margin_percent`: how far above the line a household still counts as near
 * it (临界).
 */
export const incomeLines = pgTable(
  'income_lines',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    year: integer('year').notNull(),
    divisionCode: text('division_code').notNull(),
    amount: integer('amount').notNull(),
    nearMarginPercent: integer('near_margin_percent').notNull().default(10),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('income_lines_year_division_uq').on(t.countyCode, t.year, t.divisionCode),
    check('income_lines_amount_check', sql`${t.amount} >= 0`),
  ],
);

/**
 * One household's income of one year by component (decisions.md, income). `member_count` and `per_capita` are
 * computed when the row is written (members on the year's last day, or on the day of collection while the year
 * runs); the comparison with the line is made on reading, so a changed line applies at once.
 */
export const householdIncomes = pgTable(
  'household_incomes',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    year: integer('year').notNull(),
    wage: integer('wage').notNull(),
    business: integer('business').notNull(),
    property: integer('property').notNull(),
    transfer: integer('transfer').notNull(),
    businessCost: integer('business_cost').notNull(),
    rigidSpending: integer('rigid_spending').notNull(),
    memberCount: integer('member_count').notNull(),
    perCapita: integer('per_capita'),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('household_incomes_household_year_uq').on(t.householdId, t.year),
    index('household_incomes_year_idx').on(t.countyCode, t.year),
  ],
);
