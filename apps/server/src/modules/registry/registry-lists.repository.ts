import { and, asc, count, desc, eq, gt, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { employedStatuses } from '@anzhi/contracts/registry-views';
import type { Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { memberOn } from './households.repository';
import { householdMembers, households, personEmployment, persons } from './registry.table';

/*
 * The registry's list queries: households and persons in scope with their filters, the export rows and a site's
 * live counts. Everything "now" is as of `today` (Asia/Shanghai), over the dated membership and employment.
 */

const township = alias(divisions, 'township');
const destVillage = alias(divisions, 'dest_village');
const headMember = alias(householdMembers, 'head_member');
const head = alias(persons, 'head');

const live = isNull(households.deletedAt);
const canWork = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力'];

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const sqlList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** A current member of the household (alias `cm`) whose person (alias `cp`) satisfies `cond`. */
function someMember(today: string, cond: SQL): SQL {
  return sql`exists (select 1 from ${householdMembers} cm join ${persons} cp on cp.id = cm.person_id
    where cm.household_id = ${households.id} and cm.valid_from <= ${today}
      and (cm.valid_to is null or cm.valid_to > ${today}) and ${cond})`;
}

/** The person (alias `cp`, or the given column) holds an employed status on `today`. */
function employedOn(personId: SQL, today: string): SQL {
  return sql`exists (select 1 from ${personEmployment} ce where ce.person_id = ${personId}
    and ce.valid_from <= ${today} and (ce.valid_to is null or ce.valid_to > ${today})
    and ce.status in (${sqlList(employedStatuses)}))`;
}

export interface HouseholdFilter {
  countyCode: string;
  /** Scope condition over `households` left-joined with `sites` (householdScope). */
  scope: SQL;
  townshipCode?: string | undefined;
  siteId?: string | undefined;
  category?: string | undefined;
  placement?: string | undefined;
  monitoringStatus?: string | undefined;
  labourCapacity?: string | undefined;
  employment?: 'employed' | 'none' | undefined;
  q?: string | undefined;
}

/** The WHERE of a household list; the query joins sites, destVillage, headMember and head. */
function householdConditions(f: HouseholdFilter, today: string): SQL {
  const where: SQL[] = [live, eq(households.countyCode, f.countyCode), f.scope];
  if (f.townshipCode) {
    where.push(
      or(
        eq(sites.townshipCode, f.townshipCode),
        and(eq(households.placement, '分散安置'), eq(destVillage.parentCode, f.townshipCode)),
      )!,
    );
  }
  if (f.siteId) where.push(eq(households.siteId, f.siteId));
  if (f.category) where.push(eq(households.category, f.category));
  if (f.placement) where.push(eq(households.placement, f.placement));
  if (f.monitoringStatus) where.push(eq(households.monitoringStatus, f.monitoringStatus));
  if (f.labourCapacity) where.push(someMember(today, sql`cp.labour_capacity = ${f.labourCapacity}`));
  if (f.employment) {
    const someoneEmployed = someMember(today, employedOn(sql`cp.id`, today));
    where.push(f.employment === 'employed' ? someoneEmployed : sql`not ${someoneEmployed}`);
  }
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    where.push(or(ilike(households.householdNumber, like), ilike(head.name, like))!);
  }
  return and(...where)!;
}

const headJoin = (today: string) =>
  and(eq(headMember.householdId, households.id), eq(headMember.relation, '户主'), memberOn(headMember, today));

const memberCountOn = (today: string) =>
  sql<number>`(select count(*)::int from ${householdMembers} cm where cm.household_id = ${households.id} and cm.valid_from <= ${today} and (cm.valid_to is null or cm.valid_to > ${today}))`;

export type HouseholdSort = 'householdNumber' | 'relocationYear' | 'memberCount' | 'headName';

function householdOrder(sort: HouseholdSort, order: 'asc' | 'desc', today: string): SQL[] {
  const dir = order === 'desc' ? desc : asc;
  const key: Record<HouseholdSort, SQL> = {
    householdNumber: sql`${households.householdNumber}`,
    relocationYear: sql`${households.relocationYear}`,
    memberCount: memberCountOn(today),
    headName: sql`${head.name}`,
  };
  return [dir(key[sort]), asc(households.householdNumber), asc(households.id)];
}

function householdListSelect(ex: Executor, today: string) {
  return ex
    .select({
      id: households.id,
      householdNumber: households.householdNumber,
      category: households.category,
      placement: households.placement,
      relocationYear: households.relocationYear,
      siteId: households.siteId,
      siteName: sites.name,
      townshipCode: township.code,
      townshipName: township.name,
      destinationVillageName: destVillage.name,
      headName: head.name,
      headIdNumberEnc: head.idNumberEnc,
      headOtherDocumentEnc: head.otherDocumentNoEnc,
      memberCount: memberCountOn(today),
      monitoringStatus: households.monitoringStatus,
      status: households.status,
      housingType: households.housingType,
      building: households.building,
      unit: households.unit,
      room: households.room,
      phoneEnc: households.phoneEnc,
      labourers: sql<number>`(select count(*)::int from ${householdMembers} cm join ${persons} cp on cp.id = cm.person_id where cm.household_id = ${households.id} and cm.valid_from <= ${today} and (cm.valid_to is null or cm.valid_to > ${today}) and cp.labour_capacity in (${sqlList(canWork)}))`,
      employed: sql<number>`(select count(*)::int from ${householdMembers} cm where cm.household_id = ${households.id} and cm.valid_from <= ${today} and (cm.valid_to is null or cm.valid_to > ${today}) and ${employedOn(sql`cm.person_id`, today)})`,
    })
    .from(households)
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .leftJoin(township, eq(township.code, sql`coalesce(${sites.townshipCode}, ${destVillage.parentCode})`))
    .leftJoin(headMember, headJoin(today))
    .leftJoin(head, eq(head.id, headMember.personId));
}

export async function countHouseholdRows(ex: Executor, f: HouseholdFilter, today: string): Promise<number> {
  const [total] = await ex
    .select({ n: count() })
    .from(households)
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .leftJoin(headMember, headJoin(today))
    .leftJoin(head, eq(head.id, headMember.personId))
    .where(householdConditions(f, today));
  return total?.n ?? 0;
}

export interface ListWindow {
  sort: HouseholdSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** Households in scope with site, township, head, member count, labourers and employed (all as of `today`). */
export async function householdRows(ex: Executor, f: HouseholdFilter, today: string, w: ListWindow) {
  return householdListSelect(ex, today)
    .where(householdConditions(f, today))
    .orderBy(...householdOrder(w.sort, w.order, today))
    .limit(w.limit)
    .offset(w.offset);
}
export type HouseholdListRow = Awaited<ReturnType<typeof householdRows>>[number];

// ---------------------------------------------------------------------------------------------
// Persons
// ---------------------------------------------------------------------------------------------

export interface PersonFilter {
  countyCode: string;
  /** Scope condition over `households` left-joined with `sites`. */
  scope: SQL;
  name?: string | undefined;
  householdNumber?: string | undefined;
  townshipCode?: string | undefined;
  siteId?: string | undefined;
  labourCapacity?: string | undefined;
  employment?: 'employed' | 'unemployed' | undefined;
  health?: string | undefined;
  /** Birth-date bounds derived from the age range (inclusive). */
  bornOnOrAfter?: string | undefined;
  bornOnOrBefore?: string | undefined;
}

const job = alias(personEmployment, 'job');

function personConditions(f: PersonFilter, today: string): SQL {
  const where: SQL[] = [
    live,
    isNull(persons.deletedAt),
    eq(households.countyCode, f.countyCode),
    f.scope,
    memberOn(householdMembers, today),
  ];
  if (f.name) where.push(ilike(persons.name, `%${escapeLike(f.name)}%`));
  if (f.householdNumber) where.push(eq(households.householdNumber, f.householdNumber));
  if (f.townshipCode) {
    where.push(
      or(
        eq(sites.townshipCode, f.townshipCode),
        and(eq(households.placement, '分散安置'), eq(destVillage.parentCode, f.townshipCode)),
      )!,
    );
  }
  if (f.siteId) where.push(eq(households.siteId, f.siteId));
  if (f.labourCapacity) where.push(eq(persons.labourCapacity, f.labourCapacity));
  if (f.health) where.push(eq(persons.health, f.health));
  if (f.employment) {
    const employed = employedOn(sql`${persons.id}`, today);
    where.push(f.employment === 'employed' ? employed : sql`not ${employed}`);
  }
  if (f.bornOnOrAfter) where.push(sql`${persons.birthDate} >= ${f.bornOnOrAfter}`);
  if (f.bornOnOrBefore) where.push(lte(persons.birthDate, f.bornOnOrBefore));
  return and(...where)!;
}

function personsFrom(ex: Executor, today: string) {
  return ex
    .select({
      id: persons.id,
      name: persons.name,
      sex: persons.sex,
      birthDate: persons.birthDate,
      documentType: persons.documentType,
      idNumberEnc: persons.idNumberEnc,
      otherDocumentNoEnc: persons.otherDocumentNoEnc,
      relation: householdMembers.relation,
      householdId: households.id,
      householdNumber: households.householdNumber,
      category: households.category,
      placement: households.placement,
      siteName: sites.name,
      destinationVillageName: destVillage.name,
      townshipName: township.name,
      health: persons.health,
      disabilityGrade: persons.disabilityGrade,
      labourCapacity: persons.labourCapacity,
      studentStatus: persons.studentStatus,
      phoneEnc: persons.phoneEnc,
      employmentStatus: job.status,
      employer: job.employer,
      employmentPlace: job.place,
      monthlyIncome: job.monthlyIncome,
    })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .leftJoin(township, eq(township.code, sql`coalesce(${sites.townshipCode}, ${destVillage.parentCode})`))
    .leftJoin(
      job,
      and(eq(job.personId, persons.id), lte(job.validFrom, today), or(isNull(job.validTo), gt(job.validTo, today))),
    );
}

const relationRank = sql`array_position(array['户主','配偶','父母','子','女','孙子女','其他']::text[], ${householdMembers.relation})`;

export async function countPersonRows(ex: Executor, f: PersonFilter, today: string): Promise<number> {
  const [total] = await ex
    .select({ n: count() })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .where(personConditions(f, today));
  return total?.n ?? 0;
}

/** Current members of households in scope, by household number and relation. */
export async function personRows(ex: Executor, f: PersonFilter, today: string, limit: number, offset: number) {
  return personsFrom(ex, today)
    .where(personConditions(f, today))
    .orderBy(asc(households.householdNumber), relationRank, asc(persons.birthDate), asc(persons.id))
    .limit(limit)
    .offset(offset);
}
export type PersonListRow = Awaited<ReturnType<typeof personRows>>[number];

// ---------------------------------------------------------------------------------------------
// A site's live counts
// ---------------------------------------------------------------------------------------------

/** Households by category and persons by labour capacity at one site, as of `today`. */
export async function siteRegistryCounts(ex: Executor, siteId: string, today: string) {
  const atSite = and(eq(households.siteId, siteId), live);
  const byCategory = await ex
    .select({ value: households.category, count: sql<number>`count(*)::int` })
    .from(households)
    .where(atSite)
    .groupBy(households.category);
  const byLabour = await ex
    .select({
      value: persons.labourCapacity,
      count: sql<number>`count(*)::int`,
      employed: sql<number>`count(*) filter (where ${employedOn(sql`${persons.id}`, today)})::int`,
    })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .where(and(atSite, memberOn(householdMembers, today)))
    .groupBy(persons.labourCapacity);
  const [idle] = await ex
    .select({ n: count() })
    .from(households)
    .where(
      and(
        atSite,
        someMember(today, sql`cp.labour_capacity in (${sqlList(canWork)})`),
        sql`not ${someMember(today, employedOn(sql`cp.id`, today))}`,
      ),
    );
  return { byCategory, byLabour, householdsWithoutEmployment: idle?.n ?? 0, canWork };
}
