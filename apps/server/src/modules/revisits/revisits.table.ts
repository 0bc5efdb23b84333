import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { RevisitItem } from '@anzhi/contracts/revisits';
import type { RiskSignal } from '@anzhi/domain/revisits';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { sites } from '../org/org.table';
import { households } from '../registry/registry.table';
import { users } from '../users/users.table';
import { attachments } from '../../platform/files/attachments.table';

/**
 * 每月回访 (§3, L6): one revisit per household per month (the Shanghai month of the visit date). The place
 * (site, township) is the household's placement on the visit date, kept so ledgers and completion of past
 * months read what was true then. Answers are structured (changed / what / new value / note) so the clue
 * engine can read them; `risk_signals` are the answers that signal a risk (packages/domain revisits.ts).
 */
export const revisits = pgTable(
  'revisits',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** 'YYYY-MM'. */
    month: text('month').notNull(),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    method: text('method').notNull(),
    visitorId: uuid('visitor_id').references(() => users.id),
    visitorName: text('visitor_name').notNull(),
    siteId: uuid('site_id').references(() => sites.id),
    townshipCode: text('township_code').notNull(),
    changes: jsonb('changes').$type<Record<string, RevisitItem>>().notNull(),
    situations: jsonb('situations').$type<Record<string, RevisitItem>>().notNull(),
    problems: text('problems'),
    measures: text('measures'),
    note: text('note'),
    photoAttachmentId: uuid('photo_attachment_id').references(() => attachments.id),
    riskSignals: jsonb('risk_signals').$type<RiskSignal[]>().notNull(),
    /** What the revisit changed in the registry (labels, e.g. 新增成员 张三), for the ledger. */
    registryChanges: jsonb('registry_changes').$type<string[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('revisits_household_month_uq').on(t.householdId, t.month),
    index('revisits_month_site_idx').on(t.month, t.siteId),
    index('revisits_month_township_idx').on(t.month, t.townshipCode),
    check('revisits_month_ck', sql`${t.month} = to_char(${t.visitDate}, 'YYYY-MM')`),
  ],
);

/**
 * 月度确认 (L7): a township confirms its month. While `status` is closed, revisits of that month and township
 * are refused; the county may reopen with a reason (audited), and the township closes it again.
 */
export const monthCloses = pgTable(
  'month_closes',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code').notNull(),
    month: text('month').notNull(),
    /** closed | reopened. */
    status: text('status').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull(),
    closedBy: uuid('closed_by').references(() => users.id),
    closedByName: text('closed_by_name').notNull(),
    reopenedAt: timestamp('reopened_at', { withTimezone: true }),
    reopenedBy: uuid('reopened_by').references(() => users.id),
    reopenReason: text('reopen_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('month_closes_township_month_uq').on(t.townshipCode, t.month),
    check('month_closes_status_ck', sql`${t.status} in ('closed', 'reopened')`),
  ],
);
