import { and, asc, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { divisions } from '../org/org.table';
import {
  householdColumns,
  liveHouseholdsOf,
  townshipCodeOf,
  withHouseholdJoins,
} from '../pairings/follow-up.repository';
import { households } from '../registry/registry.table';
import { users } from '../users/users.table';
import { householdIncomes, incomeLines } from './incomes.table';

export type IncomeLineRow = typeof incomeLines.$inferSelect;
export type HouseholdIncomeRow = typeof householdIncomes.$inferSelect;

/** The county's division code (12 digits) from its 6-digit code. */
export const countyDivisionCode = (countyCode: string) => `${countyCode}000000`;

// ----- lines -----

export async function linesOf(ex: Executor, countyCode: string, year?: number) {
  const where: SQL[] = [eq(incomeLines.countyCode, countyCode)];
  if (year !== undefined) where.push(eq(incomeLines.year, year));
  return ex
    .select({ line: incomeLines, divisionName: divisions.name, level: divisions.level })
    .from(incomeLines)
    .leftJoin(divisions, eq(divisions.code, incomeLines.divisionCode))
    .where(and(...where))
    .orderBy(sql`${incomeLines.year} desc`, asc(incomeLines.divisionCode));
}

export async function findLine(ex: Executor, id: string) {
  const [row] = await ex.select().from(incomeLines).where(eq(incomeLines.id, id));
  return row;
}

export async function findLineOf(ex: Executor, countyCode: string, year: number, divisionCode: string) {
  const [row] = await ex
    .select()
    .from(incomeLines)
    .where(
      and(
        eq(incomeLines.countyCode, countyCode),
        eq(incomeLines.year, year),
        eq(incomeLines.divisionCode, divisionCode),
      ),
    );
  return row;
}

export async function insertLine(ex: Executor, row: typeof incomeLines.$inferInsert) {
  await ex.insert(incomeLines).values(row);
}

/** Updates on the version read; false when it is stale. */
export async function updateLineVersioned(
  ex: Executor,
  id: string,
  version: number,
  values: Partial<typeof incomeLines.$inferInsert>,
): Promise<boolean> {
  const rows = await ex
    .update(incomeLines)
    .set({ ...values, version: version + 1 })
    .where(and(eq(incomeLines.id, id), eq(incomeLines.version, version)))
    .returning({ id: incomeLines.id });
  return rows.length === 1;
}

// ----- incomes -----

export async function findIncome(ex: Executor, id: string) {
  const [row] = await ex.select().from(householdIncomes).where(eq(householdIncomes.id, id));
  return row;
}

export async function findIncomeOf(ex: Executor, householdId: string, year: number) {
  const [row] = await ex
    .select()
    .from(householdIncomes)
    .where(and(eq(householdIncomes.householdId, householdId), eq(householdIncomes.year, year)));
  return row;
}

export async function insertIncome(ex: Executor, row: typeof householdIncomes.$inferInsert) {
  await ex.insert(householdIncomes).values(row);
}

export async function updateIncomeVersioned(
  ex: Executor,
  id: string,
  version: number,
  values: Partial<typeof householdIncomes.$inferInsert>,
): Promise<boolean> {
  const rows = await ex
    .update(householdIncomes)
    .set({ ...values, version: version + 1 })
    .where(and(eq(householdIncomes.id, id), eq(householdIncomes.version, version)))
    .returning({ id: householdIncomes.id });
  return rows.length === 1;
}

// ----- the list: households in scope with their income of the year and the line that applies -----

const townshipLine = alias(incomeLines, 'township_line');
const countyLine = alias(incomeLines, 'county_line');
const recorder = alias(users, 'income_recorder');

const lineAmount = sql<number | null>`coalesce(${townshipLine.amount}, ${countyLine.amount})`;
const lineMargin = sql<number | null>`coalesce(${townshipLine.nearMarginPercent}, ${countyLine.nearMarginPercent})`;

/*
 * The standing filters repeat compareWithLine (@anzhi/domain/income) in SQL so that pages and totals agree:
 * below under the line, near under line × (100 + margin) / 100, above from there.
 */
const standingCondition: Record<'below' | 'near' | 'above', SQL> = {
  below: sql`${householdIncomes.perCapita} < ${lineAmount}`,
  near: sql`${householdIncomes.perCapita} >= ${lineAmount} and ${householdIncomes.perCapita} * 100 < ${lineAmount} * (100 + ${lineMargin})`,
  above: sql`${householdIncomes.perCapita} * 100 >= ${lineAmount} * (100 + ${lineMargin})`,
};

export interface IncomeListFilter {
  countyCode: string;
  year: number;
  scope: SQL;
  today: string;
  townshipCode?: string | undefined;
  siteId?: string | undefined;
  householdId?: string | undefined;
  status?: 'collected' | 'missing' | 'below' | 'near' | 'above' | undefined;
}

function listQuery<T extends Record<string, unknown>>(ex: Executor, f: IncomeListFilter, fields: T) {
  const where: SQL[] = [liveHouseholdsOf(f.countyCode), f.scope];
  if (f.townshipCode) where.push(sql`${townshipCodeOf} = ${f.townshipCode}`);
  if (f.siteId) where.push(eq(households.siteId, f.siteId));
  if (f.householdId) where.push(eq(households.id, f.householdId));
  if (f.status === 'missing') where.push(isNull(householdIncomes.id));
  else if (f.status === 'collected') where.push(sql`${householdIncomes.id} is not null`);
  else if (f.status) where.push(standingCondition[f.status]);
  const county = countyDivisionCode(f.countyCode);
  return withHouseholdJoins(
    ex
      .select(fields as never)
      .from(households)
      .$dynamic(),
    f.today,
  )
    .leftJoin(householdIncomes, and(eq(householdIncomes.householdId, households.id), eq(householdIncomes.year, f.year)))
    .leftJoin(recorder, eq(recorder.id, householdIncomes.recordedBy))
    .leftJoin(
      townshipLine,
      and(
        eq(townshipLine.countyCode, f.countyCode),
        eq(townshipLine.year, f.year),
        sql`${townshipLine.divisionCode} = ${townshipCodeOf}`,
      ),
    )
    .leftJoin(
      countyLine,
      and(eq(countyLine.countyCode, f.countyCode), eq(countyLine.year, f.year), eq(countyLine.divisionCode, county)),
    )
    .where(and(...where));
}

const hi = householdIncomes;
const listFields = () => ({
  ...householdColumns(),
  incomeId: sql<string | null>`${hi.id}`,
  year: sql<number | null>`${hi.year}`,
  wage: sql<number | null>`${hi.wage}`,
  business: sql<number | null>`${hi.business}`,
  property: sql<number | null>`${hi.property}`,
  transfer: sql<number | null>`${hi.transfer}`,
  businessCost: sql<number | null>`${hi.businessCost}`,
  rigidSpending: sql<number | null>`${hi.rigidSpending}`,
  memberCount: sql<number | null>`${hi.memberCount}`,
  perCapita: sql<number | null>`${hi.perCapita}`,
  note: sql<string | null>`${hi.note}`,
  version: sql<number | null>`${hi.version}`,
  updatedAt: sql<string | null>`${hi.updatedAt}`,
  recordedByName: sql<string | null>`${recorder.displayName}`,
  lineAmount,
  lineMargin,
});

/** One row of the list: the household, its income of the year when collected (income columns null otherwise). */
export interface IncomeListRow {
  householdId: string;
  householdNumber: string;
  headName: string | null;
  siteId: string | null;
  siteName: string | null;
  townshipCode: string | null;
  townshipName: string | null;
  monitoringStatus: string;
  originVillageCode: string | null;
  incomeId: string | null;
  year: number | null;
  wage: number | null;
  business: number | null;
  property: number | null;
  transfer: number | null;
  businessCost: number | null;
  rigidSpending: number | null;
  memberCount: number | null;
  perCapita: number | null;
  note: string | null;
  version: number | null;
  updatedAt: string | Date | null;
  recordedByName: string | null;
  lineAmount: number | null;
  lineMargin: number | null;
}

export async function listIncomes(
  ex: Executor,
  f: IncomeListFilter,
  page: { limit: number; offset: number } | null,
): Promise<IncomeListRow[]> {
  const q = listQuery(ex, f, listFields()).orderBy(asc(households.householdNumber), asc(households.id));
  const rows = page ? await q.limit(page.limit).offset(page.offset) : await q;
  return rows;
}

export async function countIncomes(ex: Executor, f: IncomeListFilter): Promise<number> {
  const rows = (await listQuery(ex, f, { n: count() })) as unknown as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}
