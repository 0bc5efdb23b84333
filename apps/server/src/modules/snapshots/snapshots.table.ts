import { sql } from 'drizzle-orm';
import {
  check,
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
import { createdAt, idColumn } from '../../db/columns';

/**
 * 月末快照 (issue 9 item 4, decisions.md "Month close"): when a township closes its month (or on the 4th of the
 * next month if it has not), what its ledgers and dashboards need for that month is frozen here. A closed month's
 * ledgers and figures read only the `current` snapshot, so they reproduce exactly whatever is edited later; a reopen
 * supersedes it (the month reads live data again) and the next close freezes a new one.
 */
export const monthSnapshots = pgTable(
  'month_snapshots',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code').notNull(),
    /** 'YYYY-MM'. */
    month: text('month').notNull(),
    /** current | superseded. */
    status: text('status').notNull().default('current'),
    /** close (the township's 月度确认) | auto (the 4th-of-month job, township not closed). */
    trigger: text('trigger').notNull(),
    frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    /** dashboards (computeFigures of the dashboards module) | snapshot (this module's own counts). */
    figuresSource: text('figures_source').notNull(),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    /** Rows frozen per ledger kind. */
    rowCounts: jsonb('row_counts').$type<Record<string, number>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('month_snapshots_current_uq')
      .on(t.townshipCode, t.month)
      .where(sql`status = 'current'`),
    index('month_snapshots_month_idx').on(t.month, t.townshipCode),
    check('month_snapshots_status_ck', sql`${t.status} in ('current', 'superseded')`),
    check('month_snapshots_trigger_ck', sql`${t.trigger} in ('close', 'auto')`),
  ],
);

/**
 * One frozen ledger row (already presented: masked numbers, labels), with the site it belongs to so a closed
 * month's ledger is still filtered by scope and site.
 */
export const snapshotLedgerRows = pgTable(
  'snapshot_ledger_rows',
  {
    snapshotId: uuid('snapshot_id')
      .notNull()
      .references(() => monthSnapshots.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    seq: integer('seq').notNull(),
    siteId: uuid('site_id'),
    row: jsonb('row').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'snapshot_ledger_rows_pk', columns: [t.snapshotId, t.kind, t.seq] }),
    index('snapshot_ledger_rows_site_idx').on(t.snapshotId, t.kind, t.siteId),
  ],
);
