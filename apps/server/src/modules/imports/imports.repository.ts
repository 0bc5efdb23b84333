import type pg from 'pg';
import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { copyInto } from '../../db/copy';
import { divisions, sites } from '../org/org.table';
import { households } from '../registry/registry.table';
import { users } from '../users/users.table';
import { importBatches, importRows } from './imports.table';

export type ImportBatchRow = typeof importBatches.$inferSelect;
export type NewImportBatch = typeof importBatches.$inferInsert;
export type ImportRowRow = typeof importRows.$inferSelect;
export type NewImportRow = typeof importRows.$inferInsert;

export async function insertBatch(ex: Executor, row: NewImportBatch): Promise<void> {
  await ex.insert(importBatches).values(row);
}

export async function findBatch(ex: Executor, id: string) {
  const [row] = await ex
    .select({ batch: importBatches, createdByName: users.displayName })
    .from(importBatches)
    .leftJoin(users, eq(users.id, importBatches.createdBy))
    .where(eq(importBatches.id, id))
    .limit(1);
  return row;
}
export type BatchWithCreator = NonNullable<Awaited<ReturnType<typeof findBatch>>>;

export async function updateBatch(ex: Executor, id: string, set: Partial<NewImportBatch>): Promise<void> {
  await ex.update(importBatches).set(set).where(eq(importBatches.id, id));
}

/** Moves the batch from one of `from` to `set.status`; false when it was no longer in one of them. */
export async function transitionBatch(
  ex: Executor,
  id: string,
  from: readonly string[],
  set: Partial<NewImportBatch>,
): Promise<boolean> {
  const rows = await ex
    .update(importBatches)
    .set(set)
    .where(and(eq(importBatches.id, id), inArray(importBatches.status, [...from])))
    .returning({ id: importBatches.id });
  return rows.length === 1;
}

export async function listBatches(ex: Executor, where: SQL | undefined, page: number, pageSize: number) {
  const [items, [total]] = await Promise.all([
    ex
      .select({ batch: importBatches, createdByName: users.displayName })
      .from(importBatches)
      .leftJoin(users, eq(users.id, importBatches.createdBy))
      .where(where)
      .orderBy(desc(importBatches.createdAt), desc(importBatches.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ex.select({ n: count() }).from(importBatches).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Staged rows
// ---------------------------------------------------------------------------------------------

export async function deleteRowsOf(ex: Executor, batchId: string): Promise<void> {
  await ex.delete(importRows).where(eq(importRows.batchId, batchId));
}

/** Stages rows set-based: one statement per 1,000 rows, the rows passed as one JSON parameter. */
export async function insertRows(ex: Executor, rows: NewImportRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const payload = JSON.stringify(rows.slice(i, i + 1000));
    await ex.execute(sql`
      insert into import_rows (id, batch_id, row_number, household_number, person_name, id_number_enc, id_number_bidx,
                               id_number_masked, phone_enc, data, errors, class)
      select x.id, x."batchId", x."rowNumber", x."householdNumber", x."personName", x."idNumberEnc", x."idNumberBidx",
             x."idNumberMasked", x."phoneEnc", x.data, x.errors, x.class
        from json_to_recordset(${payload}::json) as x(id uuid, "batchId" uuid, "rowNumber" integer, "householdNumber" text,
             "personName" text, "idNumberEnc" text, "idNumberBidx" text, "idNumberMasked" text, "phoneEnc" text,
             data jsonb, errors jsonb, class text)`);
  }
}

/** The same staging through COPY … FROM STDIN (PostgreSQL): several times faster than the JSON statement. */
export async function copyStagedRows(pool: pg.Pool, rows: NewImportRow[]): Promise<void> {
  if (rows.length === 0) return;
  const client = await pool.connect();
  try {
    await copyInto(
      client,
      'import_rows',
      [
        'id',
        'batch_id',
        'row_number',
        'household_number',
        'person_name',
        'id_number_enc',
        'id_number_bidx',
        'id_number_masked',
        'phone_enc',
        'data',
        'errors',
        'class',
      ],
      rows.map((r) => [
        r.id,
        r.batchId,
        r.rowNumber,
        r.householdNumber,
        r.personName,
        r.idNumberEnc,
        r.idNumberBidx,
        r.idNumberMasked,
        r.phoneEnc,
        r.data,
        r.errors,
        r.class,
      ]),
    );
  } finally {
    client.release();
  }
}

/** Fresh statistics after staging (a large batch changes the table's shape: see rowsAfter). */
export async function analyzeStagedRows(ex: Executor): Promise<void> {
  await ex.execute(sql`analyze import_rows`);
}

/** Rows of households after the key (household number, row number), in that order; at most `limit`. */
export async function rowsAfter(
  ex: Executor,
  batchId: string,
  after: { householdNumber: string; rowNumber: number } | null,
  limit: number,
): Promise<ImportRowRow[]> {
  // A row-value comparison: one range scan of (batch_id, household_number, row_number) per page.
  const cursor = after
    ? sql`(${importRows.householdNumber}, ${importRows.rowNumber}) > (${after.householdNumber}, ${after.rowNumber})`
    : undefined;
  return ex
    .select()
    .from(importRows)
    .where(and(eq(importRows.batchId, batchId), cursor))
    .orderBy(asc(importRows.householdNumber), asc(importRows.rowNumber))
    .limit(limit);
}

/** ID numbers used by more than one row of the file: blind index → first row using it. */
export async function duplicateIdRows(ex: Executor, batchId: string): Promise<Map<string, number>> {
  const rows = await ex
    .select({ bidx: importRows.idNumberBidx, first: sql<number>`min(${importRows.rowNumber})`.mapWith(Number) })
    .from(importRows)
    .where(and(eq(importRows.batchId, batchId), sql`${importRows.idNumberBidx} is not null`))
    .groupBy(importRows.idNumberBidx)
    .having(sql`count(*) > 1`);
  return new Map(rows.map((r) => [r.bidx!, r.first]));
}

export interface RowOutcome {
  id: string;
  class: string;
  changes: unknown[];
  errors: string[];
  householdSkipped: boolean;
}

const sameList = (a: readonly unknown[], b: readonly unknown[], same: (x: unknown, y: unknown) => boolean) =>
  a.length === b.length && a.every((x, i) => same(x, b[i]));
const sameChange = (x: unknown, y: unknown) => {
  const a = x as Record<string, unknown>;
  const b = y as Record<string, unknown>;
  return a.field === b.field && a.label === b.label && a.old === b.old && a.new === b.new;
};

/** Whether a row's classification differs from what is stored for it (only those are written). */
export function outcomeDiffers(o: RowOutcome, r: ImportRowRow): boolean {
  return (
    o.class !== r.class ||
    o.householdSkipped !== r.householdSkipped ||
    !sameList(o.errors, r.errors, (a, b) => a === b) ||
    !sameList(o.changes, r.changes as unknown[], sameChange)
  );
}

/**
 * Writes the classification of many rows in one statement; with `applied`, also stamps those rows applied (a
 * row both re-classified and stamped is written once). `applied.ids` may name rows that are not in `outcomes`.
 */
export async function saveOutcomes(
  ex: Executor,
  outcomes: RowOutcome[],
  applied?: { ids: ReadonlySet<string>; at: Date },
): Promise<void> {
  const at = applied ? applied.at.toISOString() : null;
  const entries: ({ id: string; applied: boolean } & Partial<RowOutcome>)[] = outcomes.map((o) => ({
    ...o,
    applied: applied?.ids.has(o.id) ?? false,
  }));
  if (applied) {
    const classified = new Set(outcomes.map((o) => o.id));
    for (const id of applied.ids) if (!classified.has(id)) entries.push({ id, applied: true });
  }
  for (let i = 0; i < entries.length; i += 1000) {
    const payload = JSON.stringify(entries.slice(i, i + 1000));
    await ex.execute(sql`
      update import_rows as r
         set class = coalesce(x.class, r.class), changes = coalesce(x.changes, r.changes),
             errors = coalesce(x.errors, r.errors), household_skipped = coalesce(x."householdSkipped", r.household_skipped),
             applied_at = case when x.applied then ${at}::timestamptz else r.applied_at end
        from json_to_recordset(${payload}::json)
             as x(id uuid, class text, changes jsonb, errors jsonb, "householdSkipped" boolean, applied boolean)
       where r.id = x.id`);
  }
}

/** Counts of the batch's rows by class, and of its households. */
export async function countRows(ex: Executor, batchId: string) {
  const [byClass, [hh]] = await Promise.all([
    ex
      .select({ class: importRows.class, n: count() })
      .from(importRows)
      .where(eq(importRows.batchId, batchId))
      .groupBy(importRows.class),
    ex
      .select({
        households:
          sql<number>`count(distinct coalesce(nullif(${importRows.householdNumber}, ''), ${importRows.rowNumber}::text))`.mapWith(
            Number,
          ),
        withErrors:
          sql<number>`count(distinct coalesce(nullif(${importRows.householdNumber}, ''), ${importRows.rowNumber}::text)) filter (where ${importRows.householdSkipped})`.mapWith(
            Number,
          ),
        applied:
          sql<number>`count(distinct nullif(${importRows.householdNumber}, '')) filter (where ${importRows.appliedAt} is not null)`.mapWith(
            Number,
          ),
      })
      .from(importRows)
      .where(eq(importRows.batchId, batchId)),
  ]);
  return { byClass, households: hh?.households ?? 0, withErrors: hh?.withErrors ?? 0, applied: hh?.applied ?? 0 };
}

export async function pageRows(
  ex: Executor,
  batchId: string,
  q: { class?: string | undefined; q?: string | undefined },
  page: number,
  pageSize: number,
) {
  const where = and(
    eq(importRows.batchId, batchId),
    q.class ? eq(importRows.class, q.class) : undefined,
    q.q ? or(eq(importRows.householdNumber, q.q), eq(importRows.personName, q.q)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    ex
      .select()
      .from(importRows)
      .where(where)
      .orderBy(asc(importRows.rowNumber))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ex.select({ n: count() }).from(importRows).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Every row with an error message (its own or its household's), in sheet order: for the error workbook. */
export async function errorMessagesByRow(ex: Executor, batchId: string): Promise<Map<number, string>> {
  const rows = await ex
    .select({ rowNumber: importRows.rowNumber, errors: importRows.errors, skipped: importRows.householdSkipped })
    .from(importRows)
    .where(
      and(eq(importRows.batchId, batchId), or(eq(importRows.class, 'error'), eq(importRows.householdSkipped, true))),
    )
    .orderBy(asc(importRows.rowNumber));
  return new Map(
    rows.map((r) => [r.rowNumber, r.errors.length > 0 ? r.errors.join('；') : '同户其他成员有错误，本户未导入']),
  );
}

// ---------------------------------------------------------------------------------------------
// The registry as the import compares with it
// ---------------------------------------------------------------------------------------------

const destVillage = alias(divisions, 'import_dest_village');

/** Live households of the county with these numbers, with the placement their scope derives from. */
export async function householdsByNumber(ex: Executor, countyCode: string, numbers: string[]) {
  if (numbers.length === 0) return [];
  const rows = await ex
    .select({
      household: households,
      site: { id: sites.id, name: sites.name, townshipCode: sites.townshipCode, urbanCommunity: sites.urbanCommunity },
      destinationTownshipCode: destVillage.parentCode,
    })
    .from(households)
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .where(
      and(
        eq(households.countyCode, countyCode),
        inArray(households.householdNumber, numbers),
        isNull(households.deletedAt),
      ),
    );
  return rows.map((r) => ({ ...r, site: r.site?.id ? r.site : null }));
}
export type ExistingHousehold = Awaited<ReturnType<typeof householdsByNumber>>[number];
