import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Permission } from '@anzhi/contracts/permissions';
import type { Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { granting, siteScope, type Assignment } from '../org/scope';
import { placementScope } from '../registry/registry.scope';
import { householdPlacement } from '../registry/registry-facts.table';
import { households } from '../registry/registry.table';
import { monthCloses, revisits } from './revisits.table';

export type RevisitRow = typeof revisits.$inferSelect;
export type NewRevisit = typeof revisits.$inferInsert;
export type MonthCloseRow = typeof monthCloses.$inferSelect;

/** The head's name today, as a correlated subquery over `households`. */
const headName = sql<string | null>`(select p.name from household_members m join persons p on p.id = m.person_id
  where m.household_id = ${households.id} and m.relation = '户主' and m.valid_to is null limit 1)`;

/**
 * Revisits the assignments reach: through the site the household lived at when visited (the sites' rule), or a
 * dispersed household's township for township users. The query must left-join `sites` on the revisit's site.
 */
export function revisitScope(assignments: readonly Assignment[], permission: Permission): SQL {
  const townships = granting(assignments, permission)
    .filter((a) => a.kind === 'township' && a.divisionCode)
    .map((a) => a.divisionCode!);
  const bySite = siteScope(assignments, permission);
  if (townships.length === 0) return bySite;
  return or(bySite, and(isNull(revisits.siteId), inArray(revisits.townshipCode, townships))) ?? bySite;
}

const township = sql`(select d.name from divisions d where d.code = ${revisits.townshipCode})`;
const revisitColumns = {
  revisit: revisits,
  householdNumber: households.householdNumber,
  headName,
  siteName: sites.name,
  townshipName: sql<string | null>`${township}`,
};

export async function findRevisit(ex: Executor, id: string) {
  const [row] = await ex
    .select(revisitColumns)
    .from(revisits)
    .innerJoin(households, eq(households.id, revisits.householdId))
    .leftJoin(sites, eq(sites.id, revisits.siteId))
    .where(eq(revisits.id, id))
    .limit(1);
  return row;
}
export type RevisitWithNames = NonNullable<Awaited<ReturnType<typeof findRevisit>>>;

export async function revisitOfMonth(ex: Executor, householdId: string, month: string) {
  const [row] = await ex
    .select({ id: revisits.id })
    .from(revisits)
    .where(and(eq(revisits.householdId, householdId), eq(revisits.month, month)))
    .limit(1);
  return row;
}

export async function insertRevisit(ex: Executor, row: NewRevisit): Promise<void> {
  await ex.insert(revisits).values(row);
}

export interface RevisitFilter {
  scope: SQL;
  month?: string;
  siteId?: string;
  townshipCode?: string;
  householdId?: string;
}

function revisitWhere(f: RevisitFilter): SQL | undefined {
  return and(
    f.scope,
    f.month ? eq(revisits.month, f.month) : undefined,
    f.siteId ? eq(revisits.siteId, f.siteId) : undefined,
    f.townshipCode ? eq(revisits.townshipCode, f.townshipCode) : undefined,
    f.householdId ? eq(revisits.householdId, f.householdId) : undefined,
  );
}

export async function listRevisits(ex: Executor, f: RevisitFilter, limit: number, offset: number) {
  const where = revisitWhere(f);
  const [items, [count]] = await Promise.all([
    ex
      .select(revisitColumns)
      .from(revisits)
      .innerJoin(households, eq(households.id, revisits.householdId))
      .leftJoin(sites, eq(sites.id, revisits.siteId))
      .where(where)
      .orderBy(desc(revisits.visitDate), asc(households.householdNumber))
      .limit(limit)
      .offset(offset),
    ex
      .select({ n: sql<number>`count(*)::int` })
      .from(revisits)
      .leftJoin(sites, eq(sites.id, revisits.siteId))
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Households due a revisit in a month (dated placement facts) and whether they had one
// ---------------------------------------------------------------------------------------------

export interface DueFilter {
  countyCode: string;
  month: string;
  from: string;
  to: string;
  assignments: readonly Assignment[];
  siteId?: string;
  townshipCode?: string;
}

/**
 * Each household with a placement period overlapping the month `[from, to)`, at its last placement in the month,
 * in the caller's scope (placementScope), with its revisit of the month if any. One row per household.
 */
function dueRows(f: DueFilter) {
  const scope = placementScope(f.assignments, 'revisit.read');
  return sql`select distinct on (${householdPlacement.householdId})
      ${householdPlacement.householdId} as household_id,
      ${householdPlacement.siteId} as site_id,
      coalesce(${sites.townshipCode}, dv.parent_code) as township_code,
      ${householdPlacement.building} as building, ${householdPlacement.unit} as unit, ${householdPlacement.room} as room
    from ${householdPlacement}
    join ${households} on ${households.id} = ${householdPlacement.householdId} and ${households.deletedAt} is null
    left join ${sites} on ${sites.id} = ${householdPlacement.siteId}
    left join ${divisions} dv on dv.code = ${householdPlacement.destinationVillageCode}
    where ${households.countyCode} = ${f.countyCode}
      and ${householdPlacement.validFrom} < ${f.to}
      and (${householdPlacement.validTo} is null or ${householdPlacement.validTo} > ${f.from})
      and ${scope}
    order by ${householdPlacement.householdId}, ${householdPlacement.validFrom} desc`;
}

function placeFilter(f: DueFilter): SQL {
  return sql`${f.siteId ? sql`and a.site_id = ${f.siteId}` : sql``} ${
    f.townshipCode ? sql`and a.township_code = ${f.townshipCode}` : sql``
  }`;
}

/** Households due and revisited per (site, township) of the month. */
export async function completionCounts(ex: Executor, f: DueFilter) {
  const result: unknown = await ex.execute(sql`with a as (${dueRows(f)})
    select a.site_id, a.township_code, count(*)::int as households, count(r.id)::int as revisited
    from a left join revisits r on r.household_id = a.household_id and r.month = ${f.month}
    where true ${placeFilter(f)}
    group by a.site_id, a.township_code`);
  type Row = { site_id: string | null; township_code: string | null; households: number; revisited: number };
  return (result as { rows: Row[] }).rows.map((r) => ({
    siteId: r.site_id,
    townshipCode: r.township_code ?? '',
    households: Number(r.households),
    revisited: Number(r.revisited),
  }));
}

/** Each household due in the month (revisited or not), ordered by site and household number. */
export async function dueHouseholds(ex: Executor, f: DueFilter, onlyPending: boolean, limit = 5000) {
  const result: unknown = await ex.execute(sql`with a as (${dueRows(f)})
    select a.household_id, h.household_number, a.site_id, s.name as site_name, a.township_code,
      a.building, a.unit, a.room, r.id as revisit_id,
      (select p.name from household_members m join persons p on p.id = m.person_id
        where m.household_id = a.household_id and m.relation = '户主' and m.valid_to is null limit 1) as head_name
    from a join households h on h.id = a.household_id
    left join sites s on s.id = a.site_id
    left join revisits r on r.household_id = a.household_id and r.month = ${f.month}
    where true ${placeFilter(f)} ${onlyPending ? sql`and r.id is null` : sql``}
    order by s.name nulls last, h.household_number
    limit ${limit}`);
  return (result as { rows: Record<string, string | null>[] }).rows.map((r) => ({
    householdId: r.household_id!,
    householdNumber: r.household_number!,
    headName: r.head_name ?? null,
    siteId: r.site_id ?? null,
    siteName: r.site_name ?? null,
    townshipCode: r.township_code ?? '',
    address: [r.building, r.unit, r.room].filter(Boolean).join('') || null,
    revisitId: r.revisit_id ?? null,
  }));
}

export async function namesOf(ex: Executor, siteIds: string[], townshipCodes: string[]) {
  const [s, d] = await Promise.all([
    siteIds.length
      ? ex.select({ id: sites.id, name: sites.name }).from(sites).where(inArray(sites.id, siteIds))
      : Promise.resolve([]),
    townshipCodes.length
      ? ex
          .select({ code: divisions.code, name: divisions.name })
          .from(divisions)
          .where(inArray(divisions.code, townshipCodes))
      : Promise.resolve([]),
  ]);
  return { sites: new Map(s.map((r) => [r.id, r.name])), townships: new Map(d.map((r) => [r.code, r.name])) };
}

// ---------------------------------------------------------------------------------------------
// Month close
// ---------------------------------------------------------------------------------------------

export async function findMonthClose(ex: Executor, townshipCode: string, month: string) {
  const [row] = await ex
    .select()
    .from(monthCloses)
    .where(and(eq(monthCloses.townshipCode, townshipCode), eq(monthCloses.month, month)))
    .limit(1);
  return row;
}

export async function findMonthCloseById(ex: Executor, id: string) {
  const [row] = await ex.select().from(monthCloses).where(eq(monthCloses.id, id)).limit(1);
  return row;
}

export async function isMonthClosed(ex: Executor, townshipCode: string, month: string): Promise<boolean> {
  return (await findMonthClose(ex, townshipCode, month))?.status === 'closed';
}

export async function upsertMonthClose(ex: Executor, row: typeof monthCloses.$inferInsert): Promise<void> {
  await ex
    .insert(monthCloses)
    .values(row)
    .onConflictDoUpdate({
      target: [monthCloses.townshipCode, monthCloses.month],
      set: {
        status: 'closed',
        closedAt: row.closedAt,
        closedBy: row.closedBy,
        closedByName: row.closedByName,
        updatedAt: row.closedAt,
      },
    });
}

export async function markReopened(ex: Executor, id: string, by: string | null, at: Date, reason: string) {
  const rows = await ex
    .update(monthCloses)
    .set({ status: 'reopened', reopenedAt: at, reopenedBy: by, reopenReason: reason, updatedAt: at })
    .where(and(eq(monthCloses.id, id), eq(monthCloses.status, 'closed')))
    .returning({ id: monthCloses.id });
  return rows.length === 1;
}

export async function listMonthCloses(ex: Executor, townships: string[] | null, month?: string) {
  return ex
    .select({ close: monthCloses, townshipName: divisions.name })
    .from(monthCloses)
    .leftJoin(divisions, eq(divisions.code, monthCloses.townshipCode))
    .where(
      and(
        townships ? (townships.length ? inArray(monthCloses.townshipCode, townships) : sql`false`) : undefined,
        month ? eq(monthCloses.month, month) : undefined,
      ),
    )
    .orderBy(desc(monthCloses.month), asc(monthCloses.townshipCode));
}

/** Townships of the sites a scope condition on `sites` admits. */
export async function townshipsOfSites(ex: Executor, scope: SQL): Promise<string[]> {
  const rows = await ex.selectDistinct({ code: sites.townshipCode }).from(sites).where(scope);
  return rows.map((r) => r.code);
}
