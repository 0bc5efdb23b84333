import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { roleAssignments, users } from '../users/users.table';
import { memberOn } from './households.repository';
import {
  householdEvents,
  householdPlacement,
  housingTransactions,
  personHealth,
  personLabour,
} from './registry-facts.table';
import { householdMembers, households, personEmployment, persons } from './registry.table';

export type HealthRow = typeof personHealth.$inferSelect;
export type NewHealth = typeof personHealth.$inferInsert;
export type LabourRow = typeof personLabour.$inferSelect;
export type NewLabour = typeof personLabour.$inferInsert;
export type PlacementRow = typeof householdPlacement.$inferSelect;
export type NewPlacement = typeof householdPlacement.$inferInsert;
export type EventRow = typeof householdEvents.$inferSelect;
export type NewEvent = typeof householdEvents.$inferInsert;
export type HousingTransactionRow = typeof housingTransactions.$inferSelect;
export type NewHousingTransaction = typeof housingTransactions.$inferInsert;

/** A period in force on `day` (half-open [valid_from, valid_to)), for rows already loaded. */
export function inForce(f: { validFrom: string; validTo: string | null }, day: string): boolean {
  return f.validFrom <= day && (f.validTo === null || f.validTo > day);
}

/** The fact of `personId` in force on `day` among rows of several persons. */
export function factOn<T extends { personId: string; validFrom: string; validTo: string | null }>(
  rows: readonly T[],
  personId: string,
  day: string,
): T | undefined {
  return rows.find((r) => r.personId === personId && inForce(r, day));
}

// ---------------------------------------------------------------------------------------------
// Person facts
// ---------------------------------------------------------------------------------------------

export async function healthOf(ex: Executor, personIds: string[]): Promise<HealthRow[]> {
  if (personIds.length === 0) return [];
  return ex
    .select()
    .from(personHealth)
    .where(inArray(personHealth.personId, personIds))
    .orderBy(asc(personHealth.validFrom), asc(personHealth.id));
}

export async function labourOf(ex: Executor, personIds: string[]): Promise<LabourRow[]> {
  if (personIds.length === 0) return [];
  return ex
    .select()
    .from(personLabour)
    .where(inArray(personLabour.personId, personIds))
    .orderBy(asc(personLabour.validFrom), asc(personLabour.id));
}

export async function insertHealth(ex: Executor, rows: NewHealth[]): Promise<void> {
  if (rows.length > 0) await ex.insert(personHealth).values(rows);
}

export async function insertLabour(ex: Executor, rows: NewLabour[]): Promise<void> {
  if (rows.length > 0) await ex.insert(personLabour).values(rows);
}

/** The three person-fact tables that change by "close the open period, open a new one". */
const personFactTables = {
  health: personHealth,
  labour: personLabour,
  employment: personEmployment,
} as const;
export type PersonFactKind = keyof typeof personFactTables;

/** The open period of a person's fact, if any. */
export async function openPersonFact(ex: Executor, kind: PersonFactKind, personId: string) {
  const t = personFactTables[kind];
  const [row] = await ex
    .select({ id: t.id, validFrom: t.validFrom })
    .from(t)
    .where(and(eq(t.personId, personId), isNull(t.validTo)))
    .limit(1);
  return row;
}

/** Ends an open period on `day`, or deletes it when it began that same day (a same-day correction). */
export async function endOpenPersonFact(
  ex: Executor,
  kind: PersonFactKind,
  open: { id: string; validFrom: string },
  day: string,
): Promise<void> {
  const t = personFactTables[kind];
  if (open.validFrom === day) await ex.delete(t).where(eq(t.id, open.id));
  else await ex.update(t).set({ validTo: day }).where(eq(t.id, open.id));
}

// ---------------------------------------------------------------------------------------------
// Placement
// ---------------------------------------------------------------------------------------------

export async function placementsOf(ex: Executor, householdId: string): Promise<PlacementRow[]> {
  return ex
    .select()
    .from(householdPlacement)
    .where(eq(householdPlacement.householdId, householdId))
    .orderBy(asc(householdPlacement.validFrom), asc(householdPlacement.id));
}

/** Placement periods with what scope needs (site, destination township), for read access through history. */
export async function placementRefsOf(ex: Executor, householdId: string) {
  const rows = await ex
    .select({
      site: { id: sites.id, townshipCode: sites.townshipCode, urbanCommunity: sites.urbanCommunity },
      destinationTownshipCode: divisions.parentCode,
    })
    .from(householdPlacement)
    .leftJoin(sites, eq(sites.id, householdPlacement.siteId))
    .leftJoin(divisions, eq(divisions.code, householdPlacement.destinationVillageCode))
    .where(eq(householdPlacement.householdId, householdId));
  return rows.map((r) => ({ site: r.site?.id ? r.site : null, destinationTownshipCode: r.destinationTownshipCode }));
}

export async function insertPlacement(ex: Executor, rows: NewPlacement[]): Promise<void> {
  if (rows.length > 0) await ex.insert(householdPlacement).values(rows);
}

/** Ends an open placement period; false when it was no longer open (another event got there first). */
export async function endPlacement(ex: Executor, id: string, day: string): Promise<boolean> {
  const rows = await ex
    .update(householdPlacement)
    .set({ validTo: day })
    .where(and(eq(householdPlacement.id, id), isNull(householdPlacement.validTo)))
    .returning({ id: householdPlacement.id });
  return rows.length === 1;
}

/** Open placement periods of the households placed at a site now. */
export async function openPlacementsAtSite(ex: Executor, siteId: string) {
  return ex
    .select({ placement: householdPlacement, householdNumber: households.householdNumber })
    .from(householdPlacement)
    .innerJoin(households, and(eq(households.id, householdPlacement.householdId), isNull(households.deletedAt)))
    .where(and(eq(householdPlacement.siteId, siteId), isNull(householdPlacement.validTo)))
    .orderBy(asc(households.householdNumber));
}

// ---------------------------------------------------------------------------------------------
// Events and housing transactions
// ---------------------------------------------------------------------------------------------

export async function insertEvents(ex: Executor, rows: NewEvent[]): Promise<void> {
  if (rows.length > 0) await ex.insert(householdEvents).values(rows);
}

export async function eventsOf(ex: Executor, householdId: string): Promise<EventRow[]> {
  return ex
    .select()
    .from(householdEvents)
    .where(eq(householdEvents.householdId, householdId))
    .orderBy(desc(householdEvents.effectiveDate), desc(householdEvents.createdAt), desc(householdEvents.id));
}

export async function insertHousingTransaction(ex: Executor, row: NewHousingTransaction): Promise<void> {
  await ex.insert(housingTransactions).values(row);
}

export async function housingTransactionsOf(ex: Executor, householdIds: string[]): Promise<HousingTransactionRow[]> {
  if (householdIds.length === 0) return [];
  return ex
    .select()
    .from(housingTransactions)
    .where(inArray(housingTransactions.householdId, householdIds))
    .orderBy(asc(housingTransactions.transactionDate), asc(housingTransactions.id));
}

export async function findHousingTransaction(ex: Executor, id: string): Promise<HousingTransactionRow | undefined> {
  const [row] = await ex.select().from(housingTransactions).where(eq(housingTransactions.id, id)).limit(1);
  return row;
}

export async function markRectified(
  ex: Executor,
  id: string,
  values: { rectifiedAt: Date; rectifiedBy: string | null; rectificationNote: string },
): Promise<boolean> {
  const rows = await ex
    .update(housingTransactions)
    .set({ ...values, rectificationStatus: 'done' })
    .where(and(eq(housingTransactions.id, id), eq(housingTransactions.rectificationStatus, 'open')))
    .returning({ id: housingTransactions.id });
  return rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// "As of a date": what later months' counts use
// ---------------------------------------------------------------------------------------------

/** The placement period in force on `day` of the household (joined as `household_placement`). */
export function placedOn(day: string): SQL {
  return memberOn(householdPlacement, day);
}

export interface AsOfFilter {
  countyCode: string;
  day: string;
  /**
   * Scope condition over `households` left-joined with `sites` on the placement of that day (placementScope);
   * omitted: the whole county.
   */
  scope?: SQL;
  siteIds?: readonly string[];
}

/**
 * Households that count on `day`: live, with a placement period covering the day (so a household counts from its
 * move-in, stops on its 注销 date, and is counted at the site where it lived that day), with their member count.
 */
export async function householdsAsOf(ex: Executor, f: AsOfFilter) {
  const where: SQL[] = [eq(households.countyCode, f.countyCode), isNull(households.deletedAt), placedOn(f.day)];
  if (f.scope) where.push(f.scope);
  if (f.siteIds) where.push(f.siteIds.length > 0 ? inArray(householdPlacement.siteId, [...f.siteIds]) : sql`false`);
  return ex
    .select({
      householdId: households.id,
      householdNumber: households.householdNumber,
      placement: householdPlacement.placement,
      siteId: householdPlacement.siteId,
      destinationVillageCode: householdPlacement.destinationVillageCode,
      members: sql<number>`(select count(*)::int from ${householdMembers} cm where cm.household_id = ${households.id} and cm.valid_from <= ${f.day} and (cm.valid_to is null or cm.valid_to > ${f.day}))`,
    })
    .from(householdPlacement)
    .innerJoin(households, eq(households.id, householdPlacement.householdId))
    .leftJoin(sites, eq(sites.id, householdPlacement.siteId))
    .where(and(...where))
    .orderBy(asc(households.householdNumber));
}

/** Members on `day` of the households that count on `day` (householdsAsOf's rule). */
export async function membersAsOf(ex: Executor, f: AsOfFilter) {
  const where: SQL[] = [eq(households.countyCode, f.countyCode), isNull(households.deletedAt), placedOn(f.day)];
  if (f.scope) where.push(f.scope);
  if (f.siteIds) where.push(f.siteIds.length > 0 ? inArray(householdPlacement.siteId, [...f.siteIds]) : sql`false`);
  return ex
    .select({
      householdId: householdMembers.householdId,
      personId: householdMembers.personId,
      relation: householdMembers.relation,
    })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .innerJoin(householdPlacement, eq(householdPlacement.householdId, households.id))
    .leftJoin(sites, eq(sites.id, householdPlacement.siteId))
    .where(and(memberOn(householdMembers, f.day), ...where));
}

/** Households and persons on `day`, per site where they lived that day. */
export async function countsBySiteAsOf(ex: Executor, countyCode: string, siteIds: readonly string[], day: string) {
  const rows = await ex
    .select({
      siteId: householdPlacement.siteId,
      households: sql<number>`count(distinct ${households.id})::int`,
      persons: sql<number>`count(${householdMembers.id})::int`,
    })
    .from(householdPlacement)
    .innerJoin(households, and(eq(households.id, householdPlacement.householdId), isNull(households.deletedAt)))
    .leftJoin(householdMembers, and(eq(householdMembers.householdId, households.id), memberOn(householdMembers, day)))
    .where(
      and(
        eq(households.countyCode, countyCode),
        siteIds.length > 0 ? inArray(householdPlacement.siteId, [...siteIds]) : sql`false`,
        placedOn(day),
      ),
    )
    .groupBy(householdPlacement.siteId);
  return new Map(rows.map((r) => [r.siteId!, { households: r.households, persons: r.persons }]));
}

/** Households and persons on `day` in a scope (placementScope over the placement of that day). */
export async function countsInScopeAsOf(ex: Executor, countyCode: string, scope: SQL, day: string) {
  const [row] = await ex
    .select({
      households: sql<number>`count(distinct ${households.id})::int`,
      persons: sql<number>`count(${householdMembers.id})::int`,
    })
    .from(householdPlacement)
    .innerJoin(households, and(eq(households.id, householdPlacement.householdId), isNull(households.deletedAt)))
    .leftJoin(sites, eq(sites.id, householdPlacement.siteId))
    .leftJoin(householdMembers, and(eq(householdMembers.householdId, households.id), memberOn(householdMembers, day)))
    .where(and(eq(households.countyCode, countyCode), placedOn(day), scope));
  return { households: row?.households ?? 0, persons: row?.persons ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Caches of today's facts on the household and person rows
// ---------------------------------------------------------------------------------------------

/** Writes the placement in force today onto the household row (scope and lists read it), bumping its version. */
export async function setHouseholdPlacement(
  ex: Executor,
  householdId: string,
  v: Pick<PlacementRow, 'placement' | 'siteId' | 'building' | 'unit' | 'room' | 'destinationVillageCode'>,
  now: Date,
): Promise<void> {
  await ex
    .update(households)
    .set({ ...v, updatedAt: now, version: sql`${households.version} + 1` })
    .where(eq(households.id, householdId));
}

export async function setHouseholdClosed(
  ex: Executor,
  householdId: string,
  v: { closedOn: string; closedReason: string },
  now: Date,
): Promise<void> {
  await ex
    .update(households)
    .set({ ...v, status: 'closed', updatedAt: now, version: sql`${households.version} + 1` })
    .where(eq(households.id, householdId));
}

/** Open memberships of a household (the members today). */
export async function openMembershipsOf(ex: Executor, householdId: string) {
  return ex
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.householdId, householdId), isNull(householdMembers.validTo)));
}

/** Names of sites and villages, for the readable from/to of move events. */
export async function placeNames(ex: Executor, siteIds: string[], villageCodes: string[]) {
  const [siteRows, villageRows] = await Promise.all([
    siteIds.length > 0
      ? ex.select({ id: sites.id, name: sites.name }).from(sites).where(inArray(sites.id, siteIds))
      : Promise.resolve([]),
    villageCodes.length > 0
      ? ex
          .select({ code: divisions.code, name: divisions.name })
          .from(divisions)
          .where(inArray(divisions.code, villageCodes))
      : Promise.resolve([]),
  ]);
  return {
    site: new Map(siteRows.map((r) => [r.id, r.name])),
    village: new Map(villageRows.map((r) => [r.code, r.name])),
  };
}

/**
 * The active users who answer for a household's township: township users of that township, and for a county-town
 * site the 城市社区党工委/管委会 users (who act as its township).
 */
export async function responsibleTownshipUsers(
  ex: Executor,
  townshipCode: string | null,
  urbanCommunity: boolean,
): Promise<string[]> {
  const conds: SQL[] = [];
  if (townshipCode)
    conds.push(and(eq(roleAssignments.role, 'township'), eq(roleAssignments.divisionCode, townshipCode))!);
  if (urbanCommunity) conds.push(eq(roleAssignments.role, 'urban_community'));
  if (conds.length === 0) return [];
  const rows = await ex
    .selectDistinct({ id: users.id })
    .from(roleAssignments)
    .innerJoin(users, and(eq(users.id, roleAssignments.userId), eq(users.active, true)))
    .where(or(...conds));
  return rows.map((r) => r.id);
}

/** Updates a person only if the stored version is still `version`; false when someone else changed it first. */
export async function updatePersonVersioned(
  ex: Executor,
  id: string,
  version: number,
  patch: Partial<typeof persons.$inferInsert>,
): Promise<boolean> {
  const rows = await ex
    .update(persons)
    .set({ ...patch, version: sql`${persons.version} + 1` })
    .where(and(eq(persons.id, id), eq(persons.version, version), isNull(persons.deletedAt)))
    .returning({ id: persons.id });
  return rows.length === 1;
}

/** The person row's cache of today's health or labour capacity (no version change: the caller decides). */
export async function setPersonCache(
  ex: Executor,
  personId: string,
  v: { health?: string; disabilityGrade?: string | null; labourCapacity?: string },
): Promise<void> {
  await ex.update(persons).set(v).where(eq(persons.id, personId));
}
