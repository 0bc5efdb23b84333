import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { users } from '../users/users.table';

/*
 * Staging of imports (decisions.md, imports): a batch and its rows, kept apart from the registry so a dry run,
 * a cancelled or an interrupted import writes nothing there. Personal numbers are staged encrypted (with the
 * blind index for matching and the masked form for display), never in clear.
 */

export const importBatches = pgTable(
  'import_batches',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    /** registry. */
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    /** xlsx | csv. */
    format: text('format').notNull(),
    fileSize: integer('file_size').notNull(),
    /** sha256 of the uploaded bytes (the audit event of the apply names it). */
    fileSha256: text('file_sha256').notNull(),
    /** The stored upload (an encrypted attachment, purged after its retention). */
    attachmentId: uuid('attachment_id').notNull(),
    /** uploaded | parsing | parsed | applying | applied | failed | cancelled. */
    status: text('status').notNull(),
    /** queued | reading | classifying | applying | done. */
    phase: text('phase').notNull().default('queued'),
    rowsRead: integer('rows_read').notNull().default(0),
    totalRowsEstimate: integer('total_rows_estimate'),
    /** ImportCounts of contracts/imports.ts. */
    counts: jsonb('counts').notNull(),
    unknownColumns: jsonb('unknown_columns').$type<string[]>().notNull().default([]),
    error: text('error'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    parsedAt: timestamp('parsed_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [index('import_batches_created_idx').on(t.createdBy, t.createdAt)],
);

export const importRows = pgTable(
  'import_rows',
  {
    id: idColumn(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    /** Row in the uploaded sheet (1-based, as Excel shows it). */
    rowNumber: integer('row_number').notNull(),
    /** 户编号 after inheritance from the household's first row; '' when the row has none. */
    householdNumber: text('household_number').notNull().default(''),
    personName: text('person_name'),
    idNumberEnc: text('id_number_enc'),
    idNumberBidx: text('id_number_bidx'),
    idNumberMasked: text('id_number_masked'),
    phoneEnc: text('phone_enc'),
    /** The row's household and person cells, read and typed (registry-rows.ts), without ID or phone numbers. */
    data: jsonb('data').notNull(),
    /** new | changed | unchanged | error; null until classified. */
    class: text('class'),
    /** [{ field, label, old, new }] with personal numbers masked. */
    changes: jsonb('changes').notNull().default([]),
    /** Chinese messages, each naming the row. */
    errors: jsonb('errors').$type<string[]>().notNull().default([]),
    /** Another row of the household has an error: the household is not applied. */
    householdSkipped: boolean('household_skipped').notNull().default(false),
    /**
     * Set on the first row of a household (by row number) in the apply transaction that wrote the household
     * (resuming skips it); its other rows keep null.
     */
    appliedAt: timestamp('applied_at', { withTimezone: true }),
  },
  // Few indexes: every staged row enters each of them, and index upkeep is most of the staging's cost in the
  // database. A batch's rows by class are found through (batch, row) — its rows are read in that order anyway —
  // except the error rows (few; the error workbook and the error filter), which have a partial index. The
  // file's duplicate ID numbers are found by one aggregate over the batch, without an index.
  (t) => [
    uniqueIndex('import_rows_batch_row_uq').on(t.batchId, t.rowNumber),
    index('import_rows_batch_household_idx').on(t.batchId, t.householdNumber, t.rowNumber),
    index('import_rows_batch_error_idx')
      .on(t.batchId, t.rowNumber)
      .where(sql`class = 'error' or household_skipped`),
  ],
);
