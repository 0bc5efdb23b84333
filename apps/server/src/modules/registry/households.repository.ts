import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { householdLands, householdMembers, households, personEmployment, persons } from './registry.table';

export type HouseholdRow = typeof households.$inferSelect;
export type NewHousehold = typeof households.$inferInsert;
export type LandRow = typeof householdLands.$inferSelect;
export type NewLand = typeof householdLands.$inferInsert;
export type MemberRow = typeof householdMembers.$inferSelect;
export type NewMember = typeof householdMembers.$inferInsert;
export type PersonRow = typeof persons.$inferSelect;
export type NewPerson = typeof persons.$inferInsert;
export type EmploymentRow = typeof personEmployment.$inferSelect;
export type NewEmployment = typeof personEmployment.$inferInsert;

const township = alias(divisions, 'township');
const destVillage = alias(divisions, 'dest_village');
const originVillage = alias(divisions, 'origin_village');

/** Membership in force on `day` (half-open [valid_from, valid_to)). */
export function memberOn(m: { validFrom: AnyPgColumn; validTo: AnyPgColumn }, day: string): SQL {
  return and(lte(m.validFrom, day), or(isNull(m.validTo), sql`${m.validTo} > ${day}`))!;
}

const live = isNull(households.deletedAt);

/** One live household with the names and the placement its scope derives from. */
export async function findHousehold(ex: Executor, id: string) {
  const [row] = await ex
    .select({
      household: households,
      site: { id: sites.id, name: sites.name, townshipCode: sites.townshipCode, urbanCommunity: sites.urbanCommunity },
      destinationTownshipCode: destVillage.parentCode,
      destinationVillageName: destVillage.name,
      originVillageName: originVillage.name,
      townshipName: township.name,
    })
    .from(households)
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .leftJoin(originVillage, eq(originVillage.code, households.originVillageCode))
    .leftJoin(township, eq(township.code, sql`coalesce(${sites.townshipCode}, ${destVillage.parentCode})`))
    .where(and(eq(households.id, id), live))
    .limit(1);
  if (!row) return undefined;
  return { ...row, site: row.site?.id ? row.site : null };
}
export type HouseholdWithPlace = NonNullable<Awaited<ReturnType<typeof findHousehold>>>;

/** A site with what its scope and validity need. */
export async function findSiteRef(ex: Executor, id: string) {
  const [row] = await ex
    .select({
      id: sites.id,
      name: sites.name,
      townshipCode: sites.townshipCode,
      urbanCommunity: sites.urbanCommunity,
      countyCode: sites.countyCode,
      status: sites.status,
    })
    .from(sites)
    .where(eq(sites.id, id))
    .limit(1);
  return row;
}

export async function householdExists(ex: Executor, id: string): Promise<boolean> {
  const [row] = await ex.select({ id: households.id }).from(households).where(eq(households.id, id)).limit(1);
  return row !== undefined;
}

export async function householdNumberTaken(
  ex: Executor,
  countyCode: string,
  householdNumber: string,
  exceptId: string | null,
): Promise<boolean> {
  const rows = await ex
    .select({ id: households.id })
    .from(households)
    .where(and(eq(households.countyCode, countyCode), eq(households.householdNumber, householdNumber), live));
  return rows.some((r) => r.id !== exceptId);
}

export async function landsOf(ex: Executor, householdId: string): Promise<LandRow[]> {
  return ex
    .select()
    .from(householdLands)
    .where(eq(householdLands.householdId, householdId))
    .orderBy(asc(householdLands.kind), asc(householdLands.id));
}

/** Every membership period of a household, with its person, in order of joining. */
export async function membershipsOf(ex: Executor, householdId: string) {
  return ex
    .select({ member: householdMembers, person: persons })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .where(eq(householdMembers.householdId, householdId))
    .orderBy(asc(householdMembers.validFrom), asc(householdMembers.createdAt), asc(householdMembers.id));
}
export type MembershipWithPerson = Awaited<ReturnType<typeof membershipsOf>>[number];

/** Employment periods of the persons, oldest first. */
export async function employmentOf(ex: Executor, personIds: string[]): Promise<EmploymentRow[]> {
  if (personIds.length === 0) return [];
  return ex
    .select()
    .from(personEmployment)
    .where(inArray(personEmployment.personId, personIds))
    .orderBy(asc(personEmployment.validFrom), asc(personEmployment.id));
}

/** A person's membership periods with each household's placement (for scope), newest first. */
export async function membershipsOfPerson(ex: Executor, personIds: string[]) {
  if (personIds.length === 0) return [];
  const rows = await ex
    .select({
      member: householdMembers,
      householdNumber: households.householdNumber,
      site: { id: sites.id, townshipCode: sites.townshipCode, urbanCommunity: sites.urbanCommunity },
      destinationTownshipCode: destVillage.parentCode,
    })
    .from(householdMembers)
    .innerJoin(households, and(eq(households.id, householdMembers.householdId), live))
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .where(inArray(householdMembers.personId, personIds))
    .orderBy(desc(householdMembers.validFrom), desc(householdMembers.createdAt));
  return rows.map((r) => ({ ...r, site: r.site?.id ? r.site : null }));
}
export type PersonMembership = Awaited<ReturnType<typeof membershipsOfPerson>>[number];

/** The head's name of a household as of a day (for messages that name the household). */
export async function headNameOf(ex: Executor, householdId: string, day: string): Promise<string | null> {
  const [row] = await ex
    .select({ name: persons.name })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .where(
      and(
        eq(householdMembers.householdId, householdId),
        eq(householdMembers.relation, '户主'),
        memberOn(householdMembers, day),
      ),
    )
    .limit(1);
  return row?.name ?? null;
}

export async function insertHousehold(ex: Executor, values: NewHousehold): Promise<void> {
  await ex.insert(households).values(values);
}

export async function insertLands(ex: Executor, rows: NewLand[]): Promise<void> {
  if (rows.length > 0) await ex.insert(householdLands).values(rows);
}

export async function replaceLands(ex: Executor, householdId: string, rows: NewLand[]): Promise<void> {
  await ex.delete(householdLands).where(eq(householdLands.householdId, householdId));
  await insertLands(ex, rows);
}

export async function insertPersons(ex: Executor, rows: NewPerson[]): Promise<void> {
  if (rows.length > 0) await ex.insert(persons).values(rows);
}

export async function insertMembers(ex: Executor, rows: NewMember[]): Promise<void> {
  if (rows.length > 0) await ex.insert(householdMembers).values(rows);
}

export async function insertEmployment(ex: Executor, rows: NewEmployment[]): Promise<void> {
  if (rows.length > 0) await ex.insert(personEmployment).values(rows);
}

/** Updates only if the stored version is still `version`; returns false when someone else changed it first. */
export async function updateHouseholdVersioned(
  ex: Executor,
  id: string,
  version: number,
  patch: Partial<NewHousehold>,
): Promise<boolean> {
  const rows = await ex
    .update(households)
    .set({ ...patch, version: sql`${households.version} + 1` })
    .where(and(eq(households.id, id), eq(households.version, version), live))
    .returning({ id: households.id });
  return rows.length === 1;
}

export async function softDeleteHousehold(ex: Executor, id: string, now: Date): Promise<void> {
  await ex
    .update(households)
    .set({ deletedAt: now, updatedAt: now, version: sql`${households.version} + 1` })
    .where(eq(households.id, id));
}

export async function touchHousehold(ex: Executor, id: string, now: Date): Promise<void> {
  await ex.update(households).set({ updatedAt: now }).where(eq(households.id, id));
}

export async function closeMembership(
  ex: Executor,
  memberId: string,
  validTo: string,
  leaveReason: string,
): Promise<void> {
  await ex.update(householdMembers).set({ validTo, leaveReason }).where(eq(householdMembers.id, memberId));
}

/** Persons who have a membership in some live household other than `householdId`. */
export async function personsWithOtherHouseholds(
  ex: Executor,
  personIds: string[],
  householdId: string,
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await ex
    .selectDistinct({ personId: householdMembers.personId })
    .from(householdMembers)
    .innerJoin(households, and(eq(households.id, householdMembers.householdId), live))
    .where(and(inArray(householdMembers.personId, personIds), sql`${householdMembers.householdId} <> ${householdId}`));
  return new Set(rows.map((r) => r.personId));
}

export async function softDeletePersons(ex: Executor, ids: string[], now: Date): Promise<void> {
  if (ids.length > 0) await ex.update(persons).set({ deletedAt: now, updatedAt: now }).where(inArray(persons.id, ids));
}
