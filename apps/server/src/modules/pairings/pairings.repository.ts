import { and, asc, count, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { households } from '../registry/registry.table';
import { roleAssignments, users } from '../users/users.table';
import { householdColumns, liveHouseholdsOf, withHouseholdJoins } from './follow-up.repository';
import { householdPairings } from './pairings.table';

export type PairingRow = typeof householdPairings.$inferSelect;

const dp = alias(householdPairings, 'dest_pairing');
const op = alias(householdPairings, 'origin_pairing');
const dc = alias(users, 'dest_cadre');
const oc = alias(users, 'origin_cadre');

export interface PairingFilter {
  countyCode: string;
  scope: SQL;
  today: string;
  monitoredOnly: boolean;
  gap?: 'none' | 'destination_only' | 'origin_only' | 'both' | undefined;
  cadreUserId?: string | undefined;
  originVillageCode?: string | undefined;
}

const gapCondition = {
  none: sql`${dp.id} is null and ${op.id} is null`,
  destination_only: sql`${dp.id} is not null and ${op.id} is null`,
  origin_only: sql`${dp.id} is null and ${op.id} is not null`,
  both: sql`${dp.id} is not null and ${op.id} is not null`,
};

const fields = () => ({
  ...householdColumns(),
  destId: sql<string | null>`${dp.id}`,
  destCadreId: sql<string | null>`${dp.cadreUserId}`,
  destCadreName: sql<string | null>`${dc.displayName}`,
  destFrom: sql<string | null>`${dp.fromDate}::text`,
  originId: sql<string | null>`${op.id}`,
  originCadreId: sql<string | null>`${op.cadreUserId}`,
  originCadreName: sql<string | null>`${oc.displayName}`,
  originFrom: sql<string | null>`${op.fromDate}::text`,
});

export interface PairingOverviewRow {
  householdId: string;
  householdNumber: string;
  headName: string | null;
  siteId: string | null;
  siteName: string | null;
  townshipCode: string | null;
  townshipName: string | null;
  monitoringStatus: string;
  originVillageCode: string | null;
  destId: string | null;
  destCadreId: string | null;
  destCadreName: string | null;
  destFrom: string | null;
  originId: string | null;
  originCadreId: string | null;
  originCadreName: string | null;
  originFrom: string | null;
}

function overviewQuery<T extends Record<string, unknown>>(ex: Executor, f: PairingFilter, select: T) {
  const where: SQL[] = [liveHouseholdsOf(f.countyCode), f.scope];
  if (f.monitoredOnly) where.push(ne(households.monitoringStatus, '未纳入监测'));
  if (f.gap) where.push(gapCondition[f.gap]);
  if (f.cadreUserId) where.push(sql`(${dp.cadreUserId} = ${f.cadreUserId} or ${op.cadreUserId} = ${f.cadreUserId})`);
  if (f.originVillageCode) where.push(eq(households.originVillageCode, f.originVillageCode));
  return withHouseholdJoins(
    ex
      .select(select as never)
      .from(households)
      .$dynamic(),
    f.today,
  )
    .leftJoin(dp, and(eq(dp.householdId, households.id), eq(dp.side, 'destination'), isNull(dp.toDate)))
    .leftJoin(dc, eq(dc.id, dp.cadreUserId))
    .leftJoin(op, and(eq(op.householdId, households.id), eq(op.side, 'origin'), isNull(op.toDate)))
    .leftJoin(oc, eq(oc.id, op.cadreUserId))
    .where(and(...where));
}

export async function pairingOverview(
  ex: Executor,
  f: PairingFilter,
  page: { limit: number; offset: number },
): Promise<PairingOverviewRow[]> {
  const rows = await overviewQuery(ex, f, fields())
    .orderBy(asc(households.householdNumber), asc(households.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows;
}

export async function countPairingOverview(ex: Executor, f: PairingFilter): Promise<number> {
  const rows = (await overviewQuery(ex, f, { n: count() })) as unknown as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

export async function findPairing(ex: Executor, id: string) {
  const [row] = await ex.select().from(householdPairings).where(eq(householdPairings.id, id));
  return row;
}

export async function openPairingOf(ex: Executor, householdId: string, side: string) {
  const [row] = await ex
    .select()
    .from(householdPairings)
    .where(
      and(
        eq(householdPairings.householdId, householdId),
        eq(householdPairings.side, side),
        isNull(householdPairings.toDate),
      ),
    );
  return row;
}

/** Open pairings of a cadre among the given households' scope condition (households joined). */
export async function openPairingsOfCadre(ex: Executor, countyCode: string, cadreUserId: string, scope: SQL) {
  return withHouseholdJoins(
    ex
      .select({ pairing: householdPairings })
      .from(householdPairings)
      .innerJoin(households, eq(households.id, householdPairings.householdId))
      .$dynamic(),
    '1970-01-01',
  ).where(
    and(
      liveHouseholdsOf(countyCode),
      eq(householdPairings.cadreUserId, cadreUserId),
      isNull(householdPairings.toDate),
      scope,
    ),
  );
}

export async function insertPairing(ex: Executor, row: typeof householdPairings.$inferInsert) {
  await ex.insert(householdPairings).values(row);
}

export async function endPairings(ex: Executor, ids: string[], day: string, now: Date) {
  if (ids.length === 0) return;
  await ex.update(householdPairings).set({ toDate: day, updatedAt: now }).where(inArray(householdPairings.id, ids));
}

/** Active users holding one of the roles, with the roles they hold among them. */
export async function cadresWithRoles(ex: Executor, roles: string[], userIds?: string[]) {
  const where: SQL[] = [inArray(roleAssignments.role, roles), eq(users.active, true)];
  if (userIds) where.push(inArray(users.id, userIds));
  return ex
    .select({
      id: users.id,
      displayName: users.displayName,
      roles: sql<string[]>`array_agg(distinct ${roleAssignments.role})`,
    })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(and(...where))
    .groupBy(users.id, users.displayName)
    .orderBy(asc(users.displayName));
}
