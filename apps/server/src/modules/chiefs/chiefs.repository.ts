import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ChiefReportFact, ChiefTermFact, ChiefVisitFact, SiteFact } from '@anzhi/domain/rules/chief-rules';
import { periodDates } from '@anzhi/domain/rules/chief-rules';
import type { Period } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { attachments } from '../../platform/files/attachments.table';
import { users } from '../users/users.table';
import { chiefAssignments, chiefReports, chiefVisits } from './chiefs.table';

export type ChiefAssignmentRow = typeof chiefAssignments.$inferSelect;
export type ChiefVisitRow = typeof chiefVisits.$inferSelect;
export type ChiefReportRow = typeof chiefReports.$inferSelect;

const township = alias(divisions, 'chief_township');
const recorder = alias(users, 'chief_recorder');
const countyChief = alias(users, 'county_chief_user');

/** Terms overlapping a period (dates inclusive, period half-open). */
export function termOverlapCondition(period: Period): SQL {
  const { first, endExclusive } = periodDates(period);
  return and(
    lt(chiefAssignments.fromDate, endExclusive),
    or(isNull(chiefAssignments.toDate), gte(chiefAssignments.toDate, first)),
  )!;
}

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

export async function selectAssignments(ex: Executor, where: SQL | undefined) {
  return ex
    .select({ a: chiefAssignments, userName: users.displayName, siteName: sites.name, townshipName: township.name })
    .from(chiefAssignments)
    .innerJoin(users, eq(users.id, chiefAssignments.userId))
    .leftJoin(sites, eq(sites.id, chiefAssignments.siteId))
    .leftJoin(township, eq(township.code, sites.townshipCode))
    .where(where)
    .orderBy(asc(chiefAssignments.kind), asc(sites.name), desc(chiefAssignments.fromDate))
    .limit(2000);
}
export type ChiefAssignmentView = Awaited<ReturnType<typeof selectAssignments>>[number];

export async function findAssignment(ex: Executor, id: string) {
  return (await selectAssignments(ex, eq(chiefAssignments.id, id)))[0];
}

export async function insertChiefAssignment(ex: Executor, row: typeof chiefAssignments.$inferInsert) {
  await ex.insert(chiefAssignments).values(row);
}

export async function updateChiefAssignment(
  ex: Executor,
  id: string,
  patch: Partial<typeof chiefAssignments.$inferInsert>,
) {
  await ex.update(chiefAssignments).set(patch).where(eq(chiefAssignments.id, id));
}

/** Terms of one user, kind (and site) that overlap [from, to]. */
export async function overlappingTerms(
  ex: Executor,
  t: { userId: string; kind: string; siteId: string | null; from: string; to: string | null; exceptId?: string },
) {
  const conds: SQL[] = [
    eq(chiefAssignments.userId, t.userId),
    eq(chiefAssignments.kind, t.kind),
    t.siteId ? eq(chiefAssignments.siteId, t.siteId) : isNull(chiefAssignments.siteId),
    or(isNull(chiefAssignments.toDate), gte(chiefAssignments.toDate, t.from))!,
  ];
  if (t.to) conds.push(sql`${chiefAssignments.fromDate} <= ${t.to}`);
  if (t.exceptId) conds.push(sql`${chiefAssignments.id} <> ${t.exceptId}`);
  return ex
    .select()
    .from(chiefAssignments)
    .where(and(...conds));
}

/** The site-chief terms of a user at a site covering a Shanghai date. */
export async function termCovering(ex: Executor, userId: string, siteId: string, date: string) {
  const [row] = await ex
    .select({ id: chiefAssignments.id })
    .from(chiefAssignments)
    .where(
      and(
        eq(chiefAssignments.userId, userId),
        eq(chiefAssignments.kind, 'site_chief'),
        eq(chiefAssignments.siteId, siteId),
        sql`${chiefAssignments.fromDate} <= ${date}`,
        or(isNull(chiefAssignments.toDate), gte(chiefAssignments.toDate, date)),
      ),
    )
    .limit(1);
  return row;
}

/** Sites where a user holds a site-chief term covering a Shanghai date. */
export async function sitesOfChief(ex: Executor, userId: string, date: string) {
  return ex
    .selectDistinct({ id: sites.id, name: sites.name })
    .from(chiefAssignments)
    .innerJoin(sites, eq(sites.id, chiefAssignments.siteId))
    .where(
      and(
        eq(chiefAssignments.userId, userId),
        eq(chiefAssignments.kind, 'site_chief'),
        sql`${chiefAssignments.fromDate} <= ${date}`,
        or(isNull(chiefAssignments.toDate), gte(chiefAssignments.toDate, date)),
      ),
    )
    .orderBy(asc(sites.name));
}

/** The county chief in office on a date (the first by start date if several). */
export async function countyChiefOn(ex: Executor, date: string) {
  const [row] = await ex
    .select({ userId: chiefAssignments.userId })
    .from(chiefAssignments)
    .where(
      and(
        eq(chiefAssignments.kind, 'county_chief'),
        sql`${chiefAssignments.fromDate} <= ${date}`,
        or(isNull(chiefAssignments.toDate), gte(chiefAssignments.toDate, date)),
      ),
    )
    .orderBy(asc(chiefAssignments.fromDate))
    .limit(1);
  return row?.userId ?? null;
}

// ---------------------------------------------------------------------------------------------
// Visits and reports
// ---------------------------------------------------------------------------------------------

export async function insertVisit(ex: Executor, row: typeof chiefVisits.$inferInsert) {
  await ex.insert(chiefVisits).values(row);
}

export async function findVisitRow(ex: Executor, id: string) {
  const [row] = await ex.select().from(chiefVisits).where(eq(chiefVisits.id, id)).limit(1);
  return row;
}

const chief = alias(users, 'visit_chief');

export async function selectVisits(ex: Executor, where: SQL | undefined, page: number, pageSize: number) {
  const [total] = await ex
    .select({ n: count() })
    .from(chiefVisits)
    .innerJoin(sites, eq(sites.id, chiefVisits.siteId))
    .where(where);
  const rows = await ex
    .select({
      v: chiefVisits,
      siteName: sites.name,
      chiefName: chief.displayName,
      recordedByName: recorder.displayName,
    })
    .from(chiefVisits)
    .innerJoin(sites, eq(sites.id, chiefVisits.siteId))
    .innerJoin(chief, eq(chief.id, chiefVisits.chiefId))
    .innerJoin(recorder, eq(recorder.id, chiefVisits.recordedBy))
    .where(where)
    .orderBy(desc(chiefVisits.visitedAt), desc(chiefVisits.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: total?.n ?? 0 };
}
export type ChiefVisitView = Awaited<ReturnType<typeof selectVisits>>['rows'][number];

export async function insertReport(ex: Executor, row: typeof chiefReports.$inferInsert) {
  await ex.insert(chiefReports).values(row);
}

export async function findReportRow(ex: Executor, id: string) {
  const [row] = await ex.select().from(chiefReports).where(eq(chiefReports.id, id)).limit(1);
  return row;
}

export async function selectReports(ex: Executor, where: SQL | undefined, page: number, pageSize: number) {
  const [total] = await ex.select({ n: count() }).from(chiefReports).where(where);
  const rows = await ex
    .select({
      r: chiefReports,
      siteChiefName: chief.displayName,
      countyChiefName: countyChief.displayName,
      recordedByName: recorder.displayName,
    })
    .from(chiefReports)
    .innerJoin(chief, eq(chief.id, chiefReports.siteChiefId))
    .leftJoin(countyChief, eq(countyChief.id, chiefReports.countyChiefId))
    .innerJoin(recorder, eq(recorder.id, chiefReports.recordedBy))
    .where(where)
    .orderBy(desc(chiefReports.heardAt), desc(chiefReports.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: total?.n ?? 0 };
}
export type ChiefReportView = Awaited<ReturnType<typeof selectReports>>['rows'][number];

export async function siteNames(ex: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select({ id: sites.id, name: sites.name })
    .from(sites)
    .where(inArray(sites.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------------------------------------
// Facts for the TypeScript rules (one entity or a few, explained)
// ---------------------------------------------------------------------------------------------

/** Active sites matching a condition (the entities R01 judges). */
export async function siteFacts(ex: Executor, where: SQL | undefined): Promise<SiteFact[]> {
  return ex
    .select({ id: sites.id, name: sites.name })
    .from(sites)
    .where(and(eq(sites.status, 'active'), where))
    .orderBy(asc(sites.id));
}

/** Site-chief terms overlapping the period, optionally only at some sites. */
export async function termFacts(ex: Executor, period: Period, siteIds?: readonly string[]): Promise<ChiefTermFact[]> {
  const conds: SQL[] = [eq(chiefAssignments.kind, 'site_chief'), termOverlapCondition(period)];
  if (siteIds) conds.push(siteIds.length ? inArray(chiefAssignments.siteId, [...siteIds]) : sql`false`);
  const rows = await ex
    .select({
      chiefId: chiefAssignments.userId,
      chiefName: users.displayName,
      siteId: chiefAssignments.siteId,
      siteName: sites.name,
      from: chiefAssignments.fromDate,
      to: chiefAssignments.toDate,
    })
    .from(chiefAssignments)
    .innerJoin(users, eq(users.id, chiefAssignments.userId))
    .innerJoin(sites, eq(sites.id, chiefAssignments.siteId))
    .where(and(...conds));
  return rows.map((r) => ({ ...r, siteId: r.siteId! }));
}

export async function visitFacts(ex: Executor, period: Period, siteIds?: readonly string[]): Promise<ChiefVisitFact[]> {
  const conds: SQL[] = [gte(chiefVisits.visitedAt, period.start), lt(chiefVisits.visitedAt, period.end)];
  if (siteIds) conds.push(siteIds.length ? inArray(chiefVisits.siteId, [...siteIds]) : sql`false`);
  return ex
    .select({
      id: chiefVisits.id,
      siteId: chiefVisits.siteId,
      chiefId: chiefVisits.chiefId,
      visitedAt: chiefVisits.visitedAt,
    })
    .from(chiefVisits)
    .where(and(...conds));
}

export async function reportFacts(
  ex: Executor,
  period: Period,
  chiefIds?: readonly string[],
): Promise<ChiefReportFact[]> {
  const conds: SQL[] = [gte(chiefReports.heardAt, period.start), lt(chiefReports.heardAt, period.end)];
  if (chiefIds) conds.push(chiefIds.length ? inArray(chiefReports.siteChiefId, [...chiefIds]) : sql`false`);
  return ex
    .select({ id: chiefReports.id, siteChiefId: chiefReports.siteChiefId, heardAt: chiefReports.heardAt })
    .from(chiefReports)
    .where(and(...conds));
}

/** Last visit per site (for the overview). */
export async function lastVisits(ex: Executor, siteIds: readonly string[]): Promise<Map<string, Date>> {
  if (siteIds.length === 0) return new Map();
  const rows = await ex
    .select({ siteId: chiefVisits.siteId, last: sql<string>`max(${chiefVisits.visitedAt})` })
    .from(chiefVisits)
    .where(inArray(chiefVisits.siteId, [...siteIds]))
    .groupBy(chiefVisits.siteId);
  return new Map(rows.map((r) => [r.siteId, new Date(r.last)]));
}

export async function lastReports(ex: Executor, chiefIds: readonly string[]): Promise<Map<string, Date>> {
  if (chiefIds.length === 0) return new Map();
  const rows = await ex
    .select({ chiefId: chiefReports.siteChiefId, last: sql<string>`max(${chiefReports.heardAt})` })
    .from(chiefReports)
    .where(inArray(chiefReports.siteChiefId, [...chiefIds]))
    .groupBy(chiefReports.siteChiefId);
  return new Map(rows.map((r) => [r.chiefId, new Date(r.last)]));
}

/** Live attachment ids linked to records of one owner type, per record. */
export async function attachmentIdsOf(
  ex: Executor,
  ownerType: string,
  ownerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (ownerIds.length === 0) return map;
  const rows = await ex
    .select({ id: attachments.id, ownerId: attachments.ownerId })
    .from(attachments)
    .where(
      and(
        eq(attachments.ownerType, ownerType),
        inArray(attachments.ownerId, [...ownerIds]),
        isNull(attachments.deletedAt),
      ),
    )
    .orderBy(asc(attachments.id));
  for (const r of rows) map.set(r.ownerId!, [...(map.get(r.ownerId!) ?? []), r.id]);
  return map;
}
