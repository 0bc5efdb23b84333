import { sql, type SQL } from 'drizzle-orm';
import type { HousingLockHouseholdFact, HousingLockSettings } from '@anzhi/domain/rules/housing-lock';
import type { Executor } from '../../db/client';

/*
 * R23 against the database, in two forms that a test proves agree on a generated dataset:
 *  - `housingLockFacts` loads the facts the pure rule (packages/domain/src/rules/housing-lock.ts) judges — the
 *    explainer of one household, and small scopes;
 *  - `insertHousingLockResults` judges every household of the county in one INSERT … SELECT straight into
 *    rule_results (the month job), with the same verdicts, values, evidence and notes as the pure rule.
 */

export interface HousingLockScope {
  countyCode: string;
  /** The day judged on ('YYYY-MM-DD'): transactions after it do not count yet. */
  day: string;
  /** Narrow to some households (explaining one). */
  householdIds?: readonly string[] | undefined;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function onlyHouseholds(column: SQL, ids: readonly string[] | undefined): SQL {
  if (!ids) return sql``;
  if (ids.length === 0) return sql`and false`;
  return sql`and ${column} in (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/** The facts R23's pure rule judges: live households of the county with their recorded sales and sublets. */
export async function housingLockFacts(ex: Executor, f: HousingLockScope): Promise<HousingLockHouseholdFact[]> {
  const [households, transactions] = await Promise.all([
    ex.execute(sql`select h.id, h.household_number, to_char(h.certificate_date, 'YYYY-MM-DD') as certificate_date,
        to_char(h.handover_date, 'YYYY-MM-DD') as handover_date
      from households h
      where h.county_code = ${f.countyCode} and h.deleted_at is null ${onlyHouseholds(sql`h.id`, f.householdIds)}
      order by h.household_number, h.id`),
    ex.execute(sql`select t.id, t.household_id, t.kind, to_char(t.transaction_date, 'YYYY-MM-DD') as transaction_date,
        t.rectification_status
      from housing_transactions t
      where t.county_code = ${f.countyCode} ${onlyHouseholds(sql`t.household_id`, f.householdIds)}
      order by t.household_id, t.transaction_date, t.id`),
  ]);
  type TransactionRow = {
    id: string;
    household_id: string;
    kind: string;
    transaction_date: string;
    rectification_status: string;
  };
  const byHousehold = new Map<string, HousingLockHouseholdFact['transactions'][number][]>();
  for (const t of rowsOf<TransactionRow>(transactions)) {
    const list = byHousehold.get(t.household_id) ?? [];
    list.push({ id: t.id, kind: t.kind, date: t.transaction_date, rectified: t.rectification_status === 'done' });
    byHousehold.set(t.household_id, list);
  }
  type HouseholdRow = {
    id: string;
    household_number: string;
    certificate_date: string | null;
    handover_date: string | null;
  };
  return rowsOf<HouseholdRow>(households).map((h) => ({
    id: h.id,
    householdNumber: h.household_number,
    certificateDate: h.certificate_date,
    handoverDate: h.handover_date,
    transactions: byHousehold.get(h.id) ?? [],
  }));
}

/**
 * R23 judged in SQL: one row per live household of the county with its lock window, the sales and sublets inside
 * it up to the day, and the verdict. The window's end is `addYears` of the domain: the same month and day
 * `lockYears` later, 29 February becoming 1 March in a year without it (PostgreSQL's interval gives 28 February).
 */
export function housingLockJudged(f: HousingLockScope, p: HousingLockSettings): SQL {
  const years = sql`make_interval(years => ${p.lockYears}::int)`;
  return sql`with base as (
      select h.id, h.household_number,
        (${p.startBasis}::text = 'certificate_or_handover' and h.certificate_date is not null) as by_certificate,
        case when ${p.startBasis}::text = 'certificate_or_handover' and h.certificate_date is not null
          then h.certificate_date else h.handover_date end as lock_start
      from households h
      where h.county_code = ${f.countyCode} and h.deleted_at is null ${onlyHouseholds(sql`h.id`, f.householdIds)}
    ),
    lock as (
      select base.*,
        case when lock_start is null then null
          else (lock_start + ${years})::date
            + case when to_char(lock_start, 'MM-DD') = '02-29'
                and to_char((lock_start + ${years})::date, 'MM-DD') = '02-28' then 1 else 0 end
        end as lock_end
      from base
    ),
    inside as (
      select lock.id, count(*)::int as transactions,
        count(*) filter (where t.rectification_status <> 'done')::int as open_rectifications,
        jsonb_agg(jsonb_build_object('type', 'housing_transaction', 'id', t.id,
          'label', to_char(t.transaction_date, 'YYYY-MM-DD') || ' ' || t.kind) order by t.transaction_date, t.id) as refs
      from lock
      join housing_transactions t on t.household_id = lock.id and t.county_code = ${f.countyCode}
        and t.transaction_date <= ${f.day}::date
        and t.transaction_date >= lock.lock_start and t.transaction_date < lock.lock_end
      group by lock.id
    )
    select lock.id as household_id, lock.household_number,
      to_char(lock.lock_start, 'YYYY-MM-DD') as lock_start, to_char(lock.lock_end, 'YYYY-MM-DD') as lock_end,
      case when lock.lock_start is null then null when lock.by_certificate then 'certificate' else 'handover' end
        as basis,
      coalesce(inside.transactions, 0) as transactions,
      coalesce(inside.open_rectifications, 0) as open_rectifications,
      coalesce(inside.refs, '[]'::jsonb) as refs,
      case when lock.lock_start is null then 'not_applicable'
        when coalesce(inside.transactions, 0) > 0 then 'not_met' else 'met' end as verdict
    from lock left join inside on inside.id = lock.id`;
}

/** Inserts R23's results of a run (same verdicts, values, evidence and notes as the pure rule). */
export function insertHousingLockResults(runId: string, f: HousingLockScope, p: HousingLockSettings): SQL {
  return sql`insert into rule_results (run_id, entity_type, entity_id, verdict, progress, values, evidence, note)
    select ${runId}::uuid, 'household', j.household_id::text, j.verdict, null,
      case when j.verdict = 'not_applicable'
        then jsonb_build_object('lockStart', j.lock_start, 'lockEnd', j.lock_end, 'basis', j.basis)
        else jsonb_build_object('lockStart', j.lock_start, 'lockEnd', j.lock_end, 'basis', j.basis,
          'transactions', j.transactions, 'openRectifications', j.open_rectifications) end,
      jsonb_build_array(jsonb_build_object('type', 'household', 'id', j.household_id, 'label', j.household_number))
        || j.refs,
      case when j.verdict = 'not_applicable' then '无发证日期和交房日期，无法确定禁售期' end
    from (${housingLockJudged(f, p)}) j`;
}
