import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { DashboardFigures } from '@anzhi/contracts/dashboards';
import { createdAt, idColumn } from '../../db/columns';

/**
 * 看板预汇总 (issue 9 item 2; DHIS2's analytics tables): the month's figures of the county (`scope_key` 'county'),
 * refreshed by the rules job after it evaluates the month's rules, so the overview API reads one row. A township or
 * site view is the county row narrowed; a closed month's figures come from its snapshot instead.
 */
export const dashboardFigures = pgTable(
  'dashboard_figures',
  {
    id: idColumn(),
    /** 'YYYY-MM'. */
    month: text('month').notNull(),
    /** 'county', or a township code when only that township was refreshed. */
    scopeKey: text('scope_key').notNull(),
    figures: jsonb('figures').$type<DashboardFigures>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('dashboard_figures_month_scope_uq').on(t.month, t.scopeKey),
    index('dashboard_figures_scope_month_idx').on(t.scopeKey, t.month),
  ],
);
