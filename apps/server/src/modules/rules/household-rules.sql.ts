import { sql, type SQL } from 'drizzle-orm';
import type { EmploymentHouseholdFact } from '@anzhi/domain/rules/employment-rule';
import { canWorkCapacities, notEmployedStatuses } from '@anzhi/domain/rules/employment-rule';
import type { TownshipCloseFact } from '@anzhi/domain/rules/month-close-rule';
import { presentationOf, type EvidenceRef, type RuleRunResult, type Verdict } from '@anzhi/domain/rules/registry';
import type { RevisitHouseholdFact } from '@anzhi/domain/rules/revisit-rule';
import { addDays } from '@anzhi/domain/periods';
import { monthDays } from '@anzhi/domain/revisits';
import type { Executor } from '../../db/client';

/*
 * R04, R06 and R11 against the database. Two forms, which a test proves agree on a generated dataset:
 *  - loaders (`*Facts`) read the facts a pure rule of packages/domain judges (explaining one entity, small scopes);
 *  - set-based SQL twins (`*BySql`) of the two heaviest rules (R04, R11) judge every household in one statement,
 *    for the monthly job over the whole county.
 * Both select the same households: R04 those with a placement period overlapping the month, at their last placement
 * in the month (the revisit completion's rule); R11 those placed on the last day of the month.
 */

export interface HouseholdRuleScope {
  /** The county (households.county_code); omitted: every household of the deployment. */
  countyCode?: string | undefined;
  month: string;
  /** Narrow to one township (placement at a site of it, or in a destination village of it). */
  townshipCode?: string | undefined;
  /** Narrow to some households (explaining one). */
  householdIds?: readonly string[] | undefined;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** The last day of a month ('2026-10' → '2026-10-31'): the day R11 reads its facts on. */
export function lastDayOfMonth(month: string): string {
  return addDays(monthDays(month).to, -1);
}

const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

function countyOf(f: HouseholdRuleScope): SQL {
  return f.countyCode ? sql`h.county_code = ${f.countyCode} and` : sql``;
}

function narrow(f: HouseholdRuleScope): SQL {
  const parts: SQL[] = [];
  if (f.townshipCode) parts.push(sql`and coalesce(s.township_code, dv.parent_code) = ${f.townshipCode}`);
  if (f.householdIds) {
    parts.push(
      f.householdIds.length > 0
        ? sql`and hp.household_id in (${sql.join(
            f.householdIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`and false`,
    );
  }
  return sql.join(parts, sql` `);
}

/** Households due a revisit in the month (R04's population), one row each. */
export function dueHouseholds(f: HouseholdRuleScope): SQL {
  const { from, to } = monthDays(f.month);
  return sql`select distinct on (hp.household_id) hp.household_id, h.household_number, hp.site_id,
      coalesce(s.township_code, dv.parent_code) as township_code, hp.destination_village_code as village_code
    from household_placement hp
    join households h on h.id = hp.household_id and h.deleted_at is null
    left join sites s on s.id = hp.site_id
    left join divisions dv on dv.code = hp.destination_village_code
    where ${countyOf(f)} hp.valid_from < ${to}::date
      and (hp.valid_to is null or hp.valid_to > ${from}::date) ${narrow(f)}
    order by hp.household_id, hp.valid_from desc`;
}

/** Households placed on `day` (R11's population), one row each. */
export function householdsOn(f: HouseholdRuleScope, day: string): SQL {
  return sql`select hp.household_id, h.household_number, hp.site_id,
      coalesce(s.township_code, dv.parent_code) as township_code, hp.destination_village_code as village_code
    from household_placement hp
    join households h on h.id = hp.household_id and h.deleted_at is null
    left join sites s on s.id = hp.site_id
    left join divisions dv on dv.code = hp.destination_village_code
    where ${countyOf(f)} hp.valid_from <= ${day}::date
      and (hp.valid_to is null or hp.valid_to > ${day}::date) ${narrow(f)}`;
}

interface PlaceRow {
  household_id: string;
  household_number: string;
  site_id: string | null;
  township_code: string | null;
  village_code: string | null;
}

// ---------------------------------------------------------------------------------------------
// Loaders: the facts the pure rules judge
// ---------------------------------------------------------------------------------------------

export async function revisitFacts(ex: Executor, f: HouseholdRuleScope): Promise<RevisitHouseholdFact[]> {
  const result = await ex.execute(sql`with due as (${dueHouseholds(f)})
    select due.*, r.id as revisit_id, r.visit_date::text as visit_date
    from due left join revisits r on r.household_id = due.household_id and r.month = ${f.month}
    order by due.household_id, r.visit_date, r.id`);
  const byId = new Map<string, RevisitHouseholdFact & { revisits: { id: string; visitDate: string }[] }>();
  for (const r of rowsOf<PlaceRow & { revisit_id: string | null; visit_date: string | null }>(result)) {
    let h = byId.get(r.household_id);
    if (!h) {
      h = {
        id: r.household_id,
        householdNumber: r.household_number,
        siteId: r.site_id,
        townshipCode: r.township_code,
        villageCode: r.village_code,
        revisits: [],
      };
      byId.set(r.household_id, h);
    }
    if (r.revisit_id) h.revisits.push({ id: r.revisit_id, visitDate: r.visit_date! });
  }
  return [...byId.values()];
}

export async function employmentFacts(ex: Executor, f: HouseholdRuleScope): Promise<EmploymentHouseholdFact[]> {
  const day = lastDayOfMonth(f.month);
  const [households, members] = await Promise.all([
    ex.execute(sql`${householdsOn(f, day)} order by hp.household_id`),
    ex.execute(sql`with hh as (${householdsOn(f, day)})
      select m.household_id, m.person_id, p.name, pl.labour_capacity, pe.status as employment_status
      from hh
      join household_members m on m.household_id = hh.household_id
        and m.valid_from <= ${day}::date and (m.valid_to is null or m.valid_to > ${day}::date)
      join persons p on p.id = m.person_id
      left join person_labour pl on pl.person_id = m.person_id
        and pl.valid_from <= ${day}::date and (pl.valid_to is null or pl.valid_to > ${day}::date)
      left join person_employment pe on pe.person_id = m.person_id
        and pe.valid_from <= ${day}::date and (pe.valid_to is null or pe.valid_to > ${day}::date)
      order by m.household_id, m.person_id`),
  ]);
  type MemberRow = {
    household_id: string;
    person_id: string;
    name: string;
    labour_capacity: string | null;
    employment_status: string | null;
  };
  const membersOf = new Map<string, EmploymentHouseholdFact['members'][number][]>();
  for (const m of rowsOf<MemberRow>(members)) {
    const list = membersOf.get(m.household_id) ?? [];
    list.push({
      personId: m.person_id,
      name: m.name,
      labourCapacity: m.labour_capacity,
      employmentStatus: m.employment_status,
    });
    membersOf.set(m.household_id, list);
  }
  return rowsOf<PlaceRow>(households).map((h) => ({
    id: h.household_id,
    householdNumber: h.household_number,
    siteId: h.site_id,
    townshipCode: h.township_code,
    villageCode: h.village_code,
    members: membersOf.get(h.household_id) ?? [],
  }));
}

/** Every township of the county that has a site or a dispersed household, with its month close of `month`. */
export async function townshipCloseFacts(
  ex: Executor,
  f: { countyCode: string; month: string; townshipCode?: string | undefined },
): Promise<TownshipCloseFact[]> {
  const result = await ex.execute(sql`
    select d.code, d.name, mc.id as close_id, mc.status, mc.closed_at
    from divisions d
    left join month_closes mc on mc.township_code = d.code and mc.month = ${f.month}
    where d.level = 'township' and d.county_code = ${f.countyCode}
      ${f.townshipCode ? sql`and d.code = ${f.townshipCode}` : sql``}
      and (exists (select 1 from sites s where s.township_code = d.code and s.status = 'active')
        or exists (select 1 from household_placement hp join divisions v on v.code = hp.destination_village_code
          where v.parent_code = d.code and hp.valid_to is null))
    order by d.code`);
  type Row = { code: string; name: string; close_id: string | null; status: string | null; closed_at: unknown };
  return rowsOf<Row>(result).map((r) => ({
    code: r.code,
    name: r.name,
    close:
      r.close_id && (r.status === 'closed' || r.status === 'reopened')
        ? { id: r.close_id, status: r.status, closedAt: new Date(r.closed_at as string) }
        : null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Set-based SQL twins of R04 and R11
// ---------------------------------------------------------------------------------------------

function result(
  entityId: string,
  verdict: Verdict,
  values: Record<string, unknown>,
  evidence: EvidenceRef[],
  note: string | null,
): RuleRunResult {
  return {
    entityType: 'household',
    entityId,
    verdict,
    presentation: presentationOf('requirement', verdict),
    progress: null,
    values,
    evidence,
    note,
  };
}

/** R04 judged in SQL: one row per household due in the month, with its revisits and verdict. */
export function revisitJudged(f: HouseholdRuleScope, params: { minRevisitsPerMonth: number }): SQL {
  return sql`with due as (${dueHouseholds(f)}),
    judged as (
      select due.household_id, due.household_number, due.site_id, due.township_code, due.village_code,
        count(r.id)::int as revisits,
        coalesce(json_agg(json_build_object('type', 'revisit', 'id', r.id, 'label', r.visit_date::text)
          order by r.visit_date, r.id) filter (where r.id is not null), '[]'::json) as visits
      from due left join revisits r on r.household_id = due.household_id and r.month = ${f.month}
      group by due.household_id, due.household_number, due.site_id, due.township_code, due.village_code
    )
    select *, case when revisits >= ${params.minRevisitsPerMonth}::int then 'met' else 'not_met' end as verdict
    from judged`;
}

/** R04 for every household due in the month, judged in SQL. */
export async function revisitRuleBySql(
  ex: Executor,
  f: HouseholdRuleScope,
  params: { minRevisitsPerMonth: number },
): Promise<RuleRunResult[]> {
  const out = await ex.execute(sql`${revisitJudged(f, params)} order by household_id`);
  type Row = PlaceRow & { revisits: number; visits: EvidenceRef[]; verdict: Verdict };
  return rowsOf<Row>(out).map((r) =>
    result(
      r.household_id,
      r.verdict,
      {
        revisits: r.revisits,
        required: params.minRevisitsPerMonth,
        siteId: r.site_id,
        townshipCode: r.township_code,
        villageCode: r.village_code,
      },
      [{ type: 'household', id: r.household_id, label: r.household_number }, ...r.visits],
      r.revisits === 0 ? '本月未回访' : null,
    ),
  );
}

export interface EmploymentParams {
  smallHouseholdMax: number;
  largeHouseholdRequired: number;
  minCanWorkForLarge: number;
}

/** R11 judged in SQL: one row per household placed on the month's last day, with its figures and verdict. */
export function employmentJudged(f: HouseholdRuleScope, params: EmploymentParams): SQL {
  const day = lastDayOfMonth(f.month);
  return sql`with hh as (${householdsOn(f, day)}),
    mem as (
      select m.household_id, m.person_id, p.name,
        coalesce(pl.labour_capacity = any(${textArray(canWorkCapacities)}), false) as can_work,
        coalesce(pe.status <> all(${textArray(notEmployedStatuses)}), false) as employed
      from hh
      join household_members m on m.household_id = hh.household_id
        and m.valid_from <= ${day}::date and (m.valid_to is null or m.valid_to > ${day}::date)
      join persons p on p.id = m.person_id
      left join person_labour pl on pl.person_id = m.person_id
        and pl.valid_from <= ${day}::date and (pl.valid_to is null or pl.valid_to > ${day}::date)
      left join person_employment pe on pe.person_id = m.person_id
        and pe.valid_from <= ${day}::date and (pe.valid_to is null or pe.valid_to > ${day}::date)
    ),
    agg as (
      select household_id, count(*)::int as persons, count(*) filter (where can_work)::int as can_work,
        count(*) filter (where employed)::int as employed,
        coalesce(json_agg(json_build_object('type', 'person', 'id', person_id, 'label', name) order by person_id)
          filter (where employed), '[]'::json) as employed_refs
      from mem group by household_id
    ),
    req as (
      select hh.*, coalesce(agg.persons, 0) as persons, coalesce(agg.can_work, 0) as can_work,
        coalesce(agg.employed, 0) as employed, coalesce(agg.employed_refs, '[]'::json) as employed_refs,
        case when coalesce(agg.can_work, 0) = 0 then 0
             when coalesce(agg.persons, 0) <= ${params.smallHouseholdMax}::int then 1
             when agg.can_work >= ${params.minCanWorkForLarge}::int then ${params.largeHouseholdRequired}::int
             else 1 end as required
      from hh left join agg on agg.household_id = hh.household_id
    )
    select *, case when required = 0 then 'not_applicable' when employed >= required then 'met' else 'not_met' end
      as verdict
    from req`;
}

/** R11 for every household placed on the last day of the month, judged in SQL. */
export async function employmentRuleBySql(
  ex: Executor,
  f: HouseholdRuleScope,
  params: EmploymentParams,
): Promise<RuleRunResult[]> {
  const out = await ex.execute(sql`${employmentJudged(f, params)} order by household_id`);
  type Row = PlaceRow & {
    persons: number;
    can_work: number;
    employed: number;
    employed_refs: EvidenceRef[];
    required: number;
    verdict: Verdict;
  };
  return rowsOf<Row>(out).map((r) =>
    result(
      r.household_id,
      r.verdict,
      {
        persons: r.persons,
        canWork: r.can_work,
        employed: r.employed,
        required: r.required,
        siteId: r.site_id,
        townshipCode: r.township_code,
        villageCode: r.village_code,
      },
      [{ type: 'household', id: r.household_id, label: r.household_number }, ...r.employed_refs],
      r.verdict === 'not_applicable' ? '家庭无劳动力' : null,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Stored straight from SQL (the month job): INSERT … SELECT of the twins' rows into rule_results
// ---------------------------------------------------------------------------------------------

const resultColumns = sql`(run_id, entity_type, entity_id, verdict, progress, values, evidence, note)`;

/** Inserts R04's results of a run (same values, evidence and notes as `revisitRuleBySql`). */
export function insertRevisitResults(runId: string, f: HouseholdRuleScope, params: { minRevisitsPerMonth: number }) {
  return sql`insert into rule_results ${resultColumns}
    select ${runId}::uuid, 'household', j.household_id::text, j.verdict, null,
      jsonb_build_object('revisits', j.revisits, 'required', ${params.minRevisitsPerMonth}::int, 'siteId', j.site_id,
        'townshipCode', j.township_code, 'villageCode', j.village_code),
      jsonb_build_array(jsonb_build_object('type', 'household', 'id', j.household_id, 'label', j.household_number))
        || j.visits::jsonb,
      case when j.revisits = 0 then '本月未回访' end
    from (${revisitJudged(f, params)}) j`;
}

/** Inserts R11's results of a run (same values, evidence and notes as `employmentRuleBySql`). */
export function insertEmploymentResults(runId: string, f: HouseholdRuleScope, params: EmploymentParams) {
  return sql`insert into rule_results ${resultColumns}
    select ${runId}::uuid, 'household', j.household_id::text, j.verdict, null,
      jsonb_build_object('persons', j.persons, 'canWork', j.can_work, 'employed', j.employed, 'required', j.required,
        'siteId', j.site_id, 'townshipCode', j.township_code, 'villageCode', j.village_code),
      jsonb_build_array(jsonb_build_object('type', 'household', 'id', j.household_id, 'label', j.household_number))
        || j.employed_refs::jsonb,
      case when j.verdict = 'not_applicable' then '家庭无劳动力' end
    from (${employmentJudged(f, params)}) j`;
}
