import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { memberOn } from '../registry/households.repository';
import { householdMembers, households, persons } from '../registry/registry.table';

/*
 * The household side shared by the follow-up modules (incomes, pairings): a household with its head, site and
 * township, read under a scope condition (followUpScope) — out of scope reads as absent.
 */

export const destVillage = alias(divisions, 'fu_dest_village');
export const township = alias(divisions, 'fu_township');
const headMember = alias(householdMembers, 'fu_head_member');
const head = alias(persons, 'fu_head');

/** Township of a household: its site's, or its destination village's (分散安置). */
export const townshipCodeOf = sql<string | null>`coalesce(${sites.townshipCode}, ${destVillage.parentCode})`;

export const householdColumns = () => ({
  householdId: households.id,
  householdNumber: households.householdNumber,
  headName: sql<string | null>`${head.name}`,
  siteId: households.siteId,
  siteName: sql<string | null>`${sites.name}`,
  townshipCode: townshipCodeOf,
  townshipName: sql<string | null>`${township.name}`,
  monitoringStatus: households.monitoringStatus,
  originVillageCode: households.originVillageCode,
});

/** The joins householdColumns and followUpScope need, on a dynamic `select … from households`. */
export function withHouseholdJoins<T extends PgSelect>(qb: T, today: string): T {
  return qb
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .leftJoin(township, sql`${township.code} = ${townshipCodeOf}`)
    .leftJoin(
      headMember,
      and(eq(headMember.householdId, households.id), eq(headMember.relation, '户主'), memberOn(headMember, today)),
    )
    .leftJoin(head, eq(head.id, headMember.personId)) as unknown as T; // fields are chosen explicitly
}

export const liveHouseholdsOf = (countyCode: string): SQL =>
  and(isNull(households.deletedAt), eq(households.countyCode, countyCode))!;

export type FollowUpHousehold = Awaited<ReturnType<typeof findFollowUpHousehold>>;

/** One live household under the scope condition; undefined when absent or out of scope. */
export async function findFollowUpHousehold(ex: Executor, countyCode: string, id: string, scope: SQL, today: string) {
  const [row] = await withHouseholdJoins(ex.select(householdColumns()).from(households).$dynamic(), today)
    .where(and(liveHouseholdsOf(countyCode), eq(households.id, id), scope))
    .limit(1);
  return row;
}

/** Members of a household on a day (the head counts; everyone whose membership period covers the day). */
export async function memberCountOn(ex: Executor, householdId: string, day: string): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(householdMembers)
    .where(and(eq(householdMembers.householdId, householdId), memberOn(householdMembers, day)));
  return row?.n ?? 0;
}
