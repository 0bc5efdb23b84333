import { sql, type SQL } from 'drizzle-orm';
import type { DataQualityKind } from '@anzhi/contracts/registry-events';
import type { Executor } from '../../db/client';

/*
 * Registry data-quality checks (domain.md §17) as set-based SQL. Each returns the findings whose household is in
 * the caller's scope (`scope`: householdScope over `households` left-joined with `sites`); what a finding is
 * compared with may lie outside the scope, and its description names nothing from there.
 */

export interface FindingRow {
  household_id: string | null;
  household_number: string | null;
  person_id: string | null;
  person_name: string | null;
  detail: string | null;
}

export interface CheckContext {
  countyCode: string;
  /** Today (Asia/Shanghai). */
  day: string;
  /** Birth dates after this day are under 16 today. */
  sixteenCutoff: string;
  scope: SQL;
  /** At most this many rows per kind. */
  limit: number;
}

const inForce = (alias: string, day: string) => {
  const a = sql.raw(alias);
  return sql`${a}.valid_from <= ${day}::date and (${a}.valid_to is null or ${a}.valid_to > ${day}::date)`;
};

/** Joins `households` (on `on`) and its site, for the scope condition. */
const joinScoped = (on: SQL) =>
  sql`join households on households.id = ${on} left join sites on sites.id = households.site_id`;

/** Live households of the county in scope. */
const liveInScope = (c: CheckContext) =>
  sql`households.deleted_at is null and households.county_code = ${c.countyCode} and ${c.scope}`;

/** Current members of scoped households, as `m` and `p`. */
const currentMembers = (c: CheckContext) => sql`
  select households.id as household_id, households.household_number, p.id as person_id, p.name as person_name,
    p.document_type, p.id_number_enc, p.id_number_bidx, p.birth_date, p.sex, m.relation
  from household_members m
  join persons p on p.id = m.person_id
  ${joinScoped(sql`m.household_id`)}
  where ${liveInScope(c)} and ${inForce('m', c.day)}`;

/** The placement in force today of scoped households, as `hp`. */
const placedToday = (c: CheckContext) => sql`
  select households.id as household_id, households.household_number, hp.placement, hp.site_id, hp.destination_village_code
  from household_placement hp
  ${joinScoped(sql`hp.household_id`)}
  where ${liveInScope(c)} and ${inForce('hp', c.day)}`;

const checks: Record<DataQualityKind, (c: CheckContext) => SQL> = {
  // A number held by more than one person record that is live or still sits in a household (bad imports, revived
  // rows). Set-based: one aggregate over persons, not a lookup per member.
  id_number_reused: (c) => sql`
    with shared as materialized (
      select p.id_number_bidx as bidx, count(*) as n from persons p
      where p.id_number_bidx is not null and (p.deleted_at is null or exists (
        select 1 from household_members m2 where m2.person_id = p.id and ${inForce('m2', c.day)}))
      group by p.id_number_bidx having count(*) > 1)
    select cm.household_id, cm.household_number, cm.person_id, cm.person_name, (shared.n - 1)::text as detail
    from (${currentMembers(c)}) cm
    join shared on shared.bidx = cm.id_number_bidx`,
  possible_duplicate_person: (c) => sql`
    with twins as materialized (
      select p.name, p.birth_date, p.sex from persons p where p.deleted_at is null
      group by p.name, p.birth_date, p.sex having count(*) > 1)
    select cm.household_id, cm.household_number, cm.person_id, cm.person_name, cm.document_type as detail
    from (${currentMembers(c)}) cm
    join twins on twins.name = cm.person_name and twins.birth_date = cm.birth_date and twins.sex = cm.sex`,
  person_in_two_households: (c) => sql`
    select households.id as household_id, households.household_number, p.id as person_id, p.name as person_name,
      m.valid_from::text || '至' || coalesce(m.valid_to::text, '今') as detail
    from household_members m
    join persons p on p.id = m.person_id
    ${joinScoped(sql`m.household_id`)}
    where ${liveInScope(c)} and exists (
        select 1 from household_members m2 join households h2 on h2.id = m2.household_id and h2.deleted_at is null
        where m2.person_id = m.person_id and m2.household_id <> m.household_id
          and m2.valid_from < coalesce(m.valid_to, 'infinity'::date) and m.valid_from < coalesce(m2.valid_to, 'infinity'::date))`,
  no_valid_id_number: (c) => sql`
    select cm.household_id, cm.household_number, cm.person_id, cm.person_name, cm.document_type as detail
    from (${currentMembers(c)}) cm
    where cm.document_type <> '居民身份证' or cm.id_number_enc is null`,
  household_without_head: (c) => sql`
    select pt.household_id, pt.household_number, null::uuid as person_id, null::text as person_name, null::text as detail
    from (${placedToday(c)}) pt
    where exists (select 1 from household_members m where m.household_id = pt.household_id and ${inForce('m', c.day)})
      and not exists (select 1 from household_members m where m.household_id = pt.household_id
        and m.relation = '户主' and ${inForce('m', c.day)})`,
  household_without_members: (c) => sql`
    select pt.household_id, pt.household_number, null::uuid as person_id, null::text as person_name, null::text as detail
    from (${placedToday(c)}) pt
    where not exists (select 1 from household_members m where m.household_id = pt.household_id and ${inForce('m', c.day)})`,
  dispersed_without_village: (c) => sql`
    select pt.household_id, pt.household_number, null::uuid as person_id, null::text as person_name, null::text as detail
    from (${placedToday(c)}) pt
    where pt.placement = '分散安置' and pt.destination_village_code is null`,
  centralised_without_site: (c) => sql`
    select pt.household_id, pt.household_number, null::uuid as person_id, null::text as person_name, null::text as detail
    from (${placedToday(c)}) pt
    where pt.placement = '集中安置' and pt.site_id is null`,
  head_under_16: (c) => sql`
    select cm.household_id, cm.household_number, cm.person_id, cm.person_name, null::text as detail
    from (${currentMembers(c)}) cm
    where cm.relation = '户主' and cm.birth_date > ${c.sixteenCutoff}::date`,
};

/** The findings of one check in scope, at most `limit` (ordered by household number). */
export async function runCheck(ex: Executor, kind: DataQualityKind, c: CheckContext): Promise<FindingRow[]> {
  const result: unknown = await ex.execute(
    sql`select * from (${checks[kind](c)}) f order by f.household_number, f.person_name limit ${c.limit}`,
  );
  return (result as { rows: FindingRow[] }).rows;
}
