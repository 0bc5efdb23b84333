import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { householdMembers, households, personEmployment, persons } from './registry.table';
import type { EmploymentRow, PersonMembership, PersonRow } from './households.repository';

const live = isNull(persons.deletedAt);

export async function findPerson(ex: Executor, id: string): Promise<PersonRow | undefined> {
  const [row] = await ex
    .select()
    .from(persons)
    .where(and(eq(persons.id, id), live))
    .limit(1);
  return row;
}

/** Live persons whose ID-number blind index is one of `bidxs` (exact search, never a scan of clear text). */
export async function findPersonsByIdBidx(ex: Executor, bidxs: string[]): Promise<PersonRow[]> {
  if (bidxs.length === 0) return [];
  return ex
    .select()
    .from(persons)
    .where(and(inArray(persons.idNumberBidx, bidxs), live));
}

/** A membership period of the person that overlaps [from, ∞): the person is (or will be) in that household then. */
export async function overlappingMemberships(ex: Executor, personId: string, from: string) {
  return ex
    .select()
    .from(householdMembers)
    .where(
      and(
        eq(householdMembers.personId, personId),
        sql`(${householdMembers.validTo} is null or ${householdMembers.validTo} > ${from})`,
      ),
    );
}

/** Ends the person's open employment period on `day` (when a new one starts). */
export async function closeOpenEmployment(ex: Executor, personId: string, day: string): Promise<void> {
  await ex
    .update(personEmployment)
    .set({ validTo: day })
    .where(
      and(
        eq(personEmployment.personId, personId),
        isNull(personEmployment.validTo),
        sql`${personEmployment.validFrom} < ${day}`,
      ),
    );
}

const lookupVillage = alias(divisions, 'lookup_dest_village');

/**
 * The exact search by ID number in one round trip: the live person with every membership (in live households,
 * with the placement its scope derives from) and every employment period, joined (a person has a few of each;
 * the rows are their product, folded back below). Prepared once per database (a named statement on PostgreSQL:
 * parsed and planned once per connection).
 */
function lookupStatement(db: Db) {
  return db
    .select({
      person: persons,
      member: householdMembers,
      householdId: households.id,
      householdNumber: households.householdNumber,
      site: { id: sites.id, townshipCode: sites.townshipCode, urbanCommunity: sites.urbanCommunity },
      destinationTownshipCode: lookupVillage.parentCode,
      employment: personEmployment,
    })
    .from(persons)
    .leftJoin(householdMembers, eq(householdMembers.personId, persons.id))
    .leftJoin(households, and(eq(households.id, householdMembers.householdId), isNull(households.deletedAt)))
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(lookupVillage, eq(lookupVillage.code, households.destinationVillageCode))
    .leftJoin(personEmployment, eq(personEmployment.personId, persons.id))
    .where(and(eq(persons.idNumberBidx, sql.placeholder('bidx')), live))
    .prepare('registry_person_by_id_number');
}
const lookupStatements = new WeakMap<Db, ReturnType<typeof lookupStatement>>();

export interface LookedUpPerson {
  person: PersonRow;
  /** Newest first, as membershipsOfPerson. */
  memberships: PersonMembership[];
  /** Oldest first, as employmentOf. */
  employment: EmploymentRow[];
}

/** The live person with this ID-number blind index, with memberships and employment; undefined when none. */
export async function findPersonForLookup(db: Db, bidx: string): Promise<LookedUpPerson | undefined> {
  let statement = lookupStatements.get(db);
  if (!statement) lookupStatements.set(db, (statement = lookupStatement(db)));
  const rows = await statement.execute({ bidx });
  if (rows.length === 0) return undefined;
  const memberships = new Map<string, PersonMembership>();
  const employment = new Map<string, EmploymentRow>();
  for (const r of rows) {
    if (r.member && r.householdId !== null && r.householdNumber !== null && !memberships.has(r.member.id))
      memberships.set(r.member.id, {
        member: r.member,
        householdNumber: r.householdNumber,
        site: r.site?.id ? r.site : null,
        destinationTownshipCode: r.destinationTownshipCode,
      });
    if (r.employment && !employment.has(r.employment.id)) employment.set(r.employment.id, r.employment);
  }
  const byTime = (a: string | Date, b: string | Date) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    person: rows[0]!.person,
    memberships: [...memberships.values()].sort(
      (a, b) => byTime(b.member.validFrom, a.member.validFrom) || byTime(b.member.createdAt, a.member.createdAt),
    ),
    employment: [...employment.values()].sort((a, b) => byTime(a.validFrom, b.validFrom) || byTime(a.id, b.id)),
  };
}
