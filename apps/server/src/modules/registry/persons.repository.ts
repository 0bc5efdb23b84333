import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { householdMembers, personEmployment, persons } from './registry.table';
import type { PersonRow } from './households.repository';

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
