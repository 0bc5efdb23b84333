import { sql } from 'drizzle-orm';
import type { DashboardFigures, OverdueByUnit, RuleCell, RuleColumn, ScopeFigures } from '@anzhi/contracts/dashboards';
import { localDate, parsePeriodKey, periodOf } from '@anzhi/domain/periods';
import { householdEmploymentRule } from '@anzhi/domain/rules/employment-rule';
import { monthDays } from '@anzhi/domain/revisits';
import { resolveParameters, type AnyRule } from '@anzhi/domain/rules/registry';
import type { Executor } from '../../db/client';
import { dueHouseholds, employmentJudged, householdsOn, lastDayOfMonth } from '../rules/household-rules.sql';
import { serverRuleRegistry } from '../rules/rules.registry';
import { latestParameterSet } from '../rules/rules.repository';

/*
 * The month's dashboard figures (issue 9 item 2), computed set-based from the registry, revisits, monitoring cases,
 * the stored rule runs and the supervision instances. The rules job stores the county's figures per month in
 * `dashboard_figures` (pre-aggregated, as DHIS2's analytics tables); the month-end snapshot (snapshots module)
 * freezes a township's output of this function. Pure reads: safe inside the caller's transaction.
 */

export interface ComputeFiguresOptions {
  /** 'YYYY-MM'. */
  month: string;
  /** Narrow to one township (its sites, its destination villages, its units). */
  townshipCode?: string | undefined;
  /**
   * The instant figures are read at (current month: now). Defaults to the end of the month; facts are read on
   * the earlier of the month's last day and this instant's day.
   */
  now?: Date | undefined;
  /** Only runs of these rules make the matrix (default: every rule registered on the server). */
  rules?: readonly Pick<AnyRule, 'id' | 'title' | 'kind' | 'scope'>[] | undefined;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function emptyScope(scopeType: ScopeFigures['scopeType'], scopeId: string, name: string, township: string | null) {
  const s: ScopeFigures = {
    scopeType,
    scopeId,
    name,
    townshipCode: township,
    sites: 0,
    households: 0,
    persons: 0,
    monitored: 0,
    monitoredByCategory: {},
    monitoredByRiskType: {},
    revisitDue: 0,
    revisited: 0,
    workableHouseholds: 0,
    employedHouseholds: 0,
  };
  return s;
}

type Additive = Omit<ScopeFigures, 'scopeType' | 'scopeId' | 'name' | 'townshipCode' | 'sites'> & { sites?: number };

function addInto(target: ScopeFigures, add: Partial<Additive>): void {
  target.households += add.households ?? 0;
  target.persons += add.persons ?? 0;
  target.monitored += add.monitored ?? 0;
  target.revisitDue += add.revisitDue ?? 0;
  target.revisited += add.revisited ?? 0;
  target.workableHouseholds += add.workableHouseholds ?? 0;
  target.employedHouseholds += add.employedHouseholds ?? 0;
  for (const [k, v] of Object.entries(add.monitoredByCategory ?? {})) {
    target.monitoredByCategory[k] = (target.monitoredByCategory[k] ?? 0) + v;
  }
  for (const [k, v] of Object.entries(add.monitoredByRiskType ?? {})) {
    target.monitoredByRiskType[k] = (target.monitoredByRiskType[k] ?? 0) + v;
  }
}

/** Rows keyed by where a household lives: a site, or (分散安置) a destination village, with its township. */
interface PlaceKey {
  site_id: string | null;
  village_code: string | null;
  township_code: string | null;
}

async function tableExists(ex: Executor, name: string): Promise<boolean> {
  const [row] = rowsOf<{ t: string | null }>(await ex.execute(sql`select to_regclass(${name})::text as t`));
  return Boolean(row?.t);
}

async function employmentParams(ex: Executor) {
  const stored = await latestParameterSet(ex, householdEmploymentRule.id);
  try {
    return resolveParameters(householdEmploymentRule, stored?.parameters ?? {});
  } catch {
    return resolveParameters(householdEmploymentRule, {});
  }
}

/**
 * The figures of a month for the county, or for one township. Households, persons and monitoring are read on the
 * earlier of the month's last day and `now`; revisit completion over the month; employment (R11 judged in SQL
 * with the thresholds in force); the rule matrix from the latest stored run of each rule for the month.
 */
export async function computeFigures(db: Executor, options: ComputeFiguresOptions): Promise<DashboardFigures> {
  const { month, townshipCode } = options;
  const period = parsePeriodKey(month);
  if (period.kind !== 'month') throw new RangeError(`不是月份：${month}`);
  const lastDay = lastDayOfMonth(month);
  const now = options.now ?? period.end;
  const today = localDate(now);
  const asOf = today < lastDay ? (today < monthDays(month).from ? monthDays(month).from : today) : lastDay;
  const asOfInstant = now.getTime() < period.end.getTime() ? now : period.end;
  const scope = { month, townshipCode };

  // Names of the places in scope.
  const [siteRows, townshipRows, villageNames] = await Promise.all([
    db.execute(sql`select s.id, s.name, s.township_code from sites s
      where (s.status = 'active' or (s.closed_on is not null and s.closed_on > ${asOf}::date))
        ${townshipCode ? sql`and s.township_code = ${townshipCode}` : sql``}
      order by s.township_code, s.name`),
    db.execute(sql`select d.code, d.name from divisions d where d.level = 'township'
        ${townshipCode ? sql`and d.code = ${townshipCode}` : sql``} order by d.code`),
    db.execute(sql`select d.code, d.name, d.parent_code from divisions d
      where d.level = 'village' ${townshipCode ? sql`and d.parent_code = ${townshipCode}` : sql``}`),
  ]);

  const sitesById = new Map<string, ScopeFigures>();
  for (const s of rowsOf<{ id: string; name: string; township_code: string }>(siteRows)) {
    const f = emptyScope('site', s.id, s.name, s.township_code);
    f.sites = 1;
    sitesById.set(s.id, f);
  }
  const townshipsByCode = new Map<string, ScopeFigures>();
  for (const t of rowsOf<{ code: string; name: string }>(townshipRows)) {
    townshipsByCode.set(t.code, emptyScope('township', t.code, t.name, t.code));
  }
  const villageName = new Map(
    rowsOf<{ code: string; name: string; parent_code: string | null }>(villageNames).map((v) => [v.code, v]),
  );
  const villagesByCode = new Map<string, ScopeFigures>();

  const hasCases = await tableExists(db, 'monitoring_cases');
  const placeRows = await Promise.all([
    // Households and persons on the day, by place.
    db.execute(sql`with hh as (${householdsOn(scope, asOf)}),
        mc as (select m.household_id, count(*)::int as n from household_members m join hh on hh.household_id = m.household_id
          where m.valid_from <= ${asOf}::date and (m.valid_to is null or m.valid_to > ${asOf}::date)
          group by m.household_id)
      select hh.site_id, hh.village_code, hh.township_code, count(*)::int as households,
        coalesce(sum(mc.n), 0)::int as persons
      from hh left join mc on mc.household_id = hh.household_id
      group by hh.site_id, hh.village_code, hh.township_code`),
    // Monitored households on the day (monitoring cases identified and not eliminated), by place and category.
    hasCases
      ? db.execute(sql`with hh as (${householdsOn(scope, asOf)}),
            cases as (select distinct on (c.household_id) c.household_id, c.category, c.risk_types
              from monitoring_cases c
              where c.category is not null and c.identified_on is not null and c.identified_on <= ${asOf}::date
                and c.status in ('monitored', 'eliminated')
                and (c.eliminated_on is null or c.eliminated_on > ${asOf}::date)
              order by c.household_id, c.identified_on desc)
          select hh.site_id, hh.village_code, hh.township_code, cases.category, cases.risk_types
          from hh join cases on cases.household_id = hh.household_id`)
      : Promise.resolve({ rows: [] }),
    // Revisit completion of the month (R04's population).
    db.execute(sql`with due as (${dueHouseholds(scope)})
      select due.site_id, due.village_code, due.township_code, count(*)::int as due,
        count(*) filter (where exists (select 1 from revisits r where r.household_id = due.household_id
          and r.month = ${month}))::int as revisited
      from due group by due.site_id, due.village_code, due.township_code`),
    // Employment (R11 in SQL with the thresholds in force).
    employmentParams(db).then((p) =>
      db.execute(sql`with j as (${employmentJudged(scope, p)})
        select j.site_id, j.village_code, j.township_code,
          count(*) filter (where j.verdict <> 'not_applicable')::int as workable,
          count(*) filter (where j.verdict = 'met')::int as employed
        from j group by j.site_id, j.village_code, j.township_code`),
    ),
  ]);

  /** The site, village and township figures a place row adds to. */
  const targetsOf = (r: PlaceKey): ScopeFigures[] => {
    const out: ScopeFigures[] = [];
    const t = r.township_code ? townshipsByCode.get(r.township_code) : undefined;
    if (t) out.push(t);
    if (r.site_id) {
      const s = sitesById.get(r.site_id);
      if (s) out.push(s);
    } else if (r.village_code) {
      let v = villagesByCode.get(r.village_code);
      if (!v) {
        const info = villageName.get(r.village_code);
        v = emptyScope('village', r.village_code, info?.name ?? r.village_code, r.township_code);
        villagesByCode.set(r.village_code, v);
      }
      out.push(v);
    }
    return out;
  };
  const totals = emptyScope(
    townshipCode ? 'township' : 'county',
    townshipCode ?? 'county',
    townshipCode ? (townshipsByCode.get(townshipCode)?.name ?? townshipCode) : '全县',
    townshipCode ?? null,
  );
  const apply = (r: PlaceKey, add: Partial<Additive>) => {
    addInto(totals, add);
    for (const t of targetsOf(r)) addInto(t, add);
  };

  const [counts, monitored, revisits, employment] = placeRows;
  for (const r of rowsOf<PlaceKey & { households: number; persons: number }>(counts)) {
    apply(r, { households: n(r.households), persons: n(r.persons) });
  }
  for (const r of rowsOf<PlaceKey & { category: string; risk_types: string[] | string | null }>(monitored)) {
    const risks = typeof r.risk_types === 'string' ? (JSON.parse(r.risk_types) as string[]) : (r.risk_types ?? []);
    apply(r, {
      monitored: 1,
      monitoredByCategory: { [r.category]: 1 },
      monitoredByRiskType: Object.fromEntries(risks.map((k) => [k, 1])),
    });
  }
  for (const r of rowsOf<PlaceKey & { due: number; revisited: number }>(revisits)) {
    apply(r, { revisitDue: n(r.due), revisited: n(r.revisited) });
  }
  for (const r of rowsOf<PlaceKey & { workable: number; employed: number }>(employment)) {
    apply(r, { workableHouseholds: n(r.workable), employedHouseholds: n(r.employed) });
  }
  for (const s of sitesById.values()) {
    const t = s.townshipCode ? townshipsByCode.get(s.townshipCode) : undefined;
    if (t) t.sites += 1;
  }
  totals.sites = sitesById.size;

  const { rules, cells } = await ruleMatrix(db, {
    month,
    asOf,
    townshipCode,
    rules: options.rules ?? serverRuleRegistry.list(),
  });
  const overdue = await overdueByUnit(db, asOfInstant, townshipCode);

  const bySiteOrder = (a: ScopeFigures, b: ScopeFigures) =>
    (a.townshipCode ?? '').localeCompare(b.townshipCode ?? '') || a.name.localeCompare(b.name, 'zh-CN');
  return {
    month,
    asOf,
    townshipCode: townshipCode ?? null,
    computedAt: new Date(asOfInstant).toISOString(),
    totals,
    townships: [...townshipsByCode.values()].filter((t) => t.sites > 0 || t.households > 0),
    sites: [...sitesById.values()].sort(bySiteOrder),
    villages: [...villagesByCode.values()].sort(bySiteOrder),
    rules,
    cells,
    overdue,
  };
}

/** Period keys a month's matrix reads runs of: the month, its quarter, half year and year, and as-of days in it. */
export function periodKeysOfMonth(month: string): { exact: string[]; dayPrefix: string } {
  const p = parsePeriodKey(month);
  return {
    exact: [month, periodOf('quarter', p.start).key, periodOf('half_year', p.start).key, periodOf('year', p.start).key],
    dayPrefix: `${month}-`,
  };
}

async function ruleMatrix(
  db: Executor,
  f: {
    month: string;
    asOf: string;
    townshipCode: string | undefined;
    rules: readonly Pick<AnyRule, 'id' | 'title' | 'kind' | 'scope'>[];
  },
): Promise<{ rules: RuleColumn[]; cells: RuleCell[] }> {
  if (f.rules.length === 0) return { rules: [], cells: [] };
  const keys = periodKeysOfMonth(f.month);
  const ids = f.rules.map((r) => r.id);
  const runs = rowsOf<{ id: string; rule_id: string; period_key: string; evaluated_at: unknown }>(
    await db.execute(sql`select distinct on (rule_id) id, rule_id, period_key, evaluated_at from rule_runs
      where rule_id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})
        and (period_key in (${sql.join(
          keys.exact.map((k) => sql`${k}`),
          sql`, `,
        )}) or period_key like ${`${keys.dayPrefix}%`})
        and scope_key not like 'township:%'
      order by rule_id, evaluated_at desc, id desc`),
  );
  const runIds = runs.map((r) => r.id);
  type CellRow = PlaceKey & {
    rule_id: string;
    met: number;
    not_met: number;
    not_applicable: number;
    progress: number | null;
  };
  const cellRows =
    runIds.length === 0
      ? []
      : rowsOf<CellRow>(
          await db.execute(sql`with res as (
          select ru.rule_id, rr.verdict, rr.progress,
            case rr.entity_type when 'site' then rr.entity_id when 'site_chief' then s2.id::text
              when 'household' then coalesce(rr.values->>'siteId', hp.site_id::text) end as site_id,
            case when rr.entity_type = 'household' and coalesce(rr.values->>'siteId', hp.site_id::text) is null
              then coalesce(rr.values->>'villageCode', hp.destination_village_code) end as village_code,
            case rr.entity_type when 'township' then rr.entity_id
              when 'site' then s2.township_code when 'site_chief' then s2.township_code
              when 'household' then coalesce(rr.values->>'townshipCode', s.township_code, dv.parent_code) end
              as township_code
          from rule_runs ru
          join rule_results rr on rr.run_id = ru.id
          left join household_placement hp on rr.entity_type = 'household' and rr.values->>'siteId' is null
            and rr.values->>'villageCode' is null
            and hp.household_id = (case when rr.entity_type = 'household' then rr.entity_id::uuid end) and hp.valid_from <= ${f.asOf}::date
            and (hp.valid_to is null or hp.valid_to > ${f.asOf}::date)
          left join sites s on s.id = hp.site_id
          left join divisions dv on dv.code = hp.destination_village_code
          left join sites s2 on s2.id = (case when rr.entity_type = 'site' then rr.entity_id::uuid
            when rr.entity_type = 'site_chief' then (rr.values->>'siteId')::uuid end)
          where ru.id in (${sql.join(
            runIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
        )
        select rule_id, site_id, village_code, township_code,
          count(*) filter (where verdict = 'met')::int as met,
          count(*) filter (where verdict = 'not_met')::int as not_met,
          count(*) filter (where verdict = 'not_applicable')::int as not_applicable,
          avg(progress) filter (where verdict <> 'not_applicable') as progress
        from res
        ${f.townshipCode ? sql`where township_code = ${f.townshipCode}` : sql``}
        group by rule_id, site_id, village_code, township_code`),
        );
  const cells = new Map<string, RuleCell & { progressSum: number; progressN: number }>();
  const columns = new Map<string, RuleColumn & { progressSum: number; progressN: number }>();
  const runOf = new Map(runs.map((r) => [r.rule_id, r]));
  for (const rule of f.rules) {
    const run = runOf.get(rule.id);
    columns.set(rule.id, {
      ruleId: rule.id,
      title: rule.title,
      kind: rule.kind,
      scope: rule.scope,
      periodKey: run?.period_key ?? null,
      runId: run?.id ?? null,
      evaluatedAt: run ? new Date(run.evaluated_at as string).toISOString() : null,
      met: 0,
      notMet: 0,
      notApplicable: 0,
      rate: null,
      averageProgress: null,
      progressSum: 0,
      progressN: 0,
    });
  }
  const bump = (key: string, base: Omit<RuleCell, 'met' | 'notMet' | 'notApplicable' | 'progress'>, r: CellRow) => {
    let c = cells.get(key);
    if (!c) {
      c = { ...base, met: 0, notMet: 0, notApplicable: 0, progress: null, progressSum: 0, progressN: 0 };
      cells.set(key, c);
    }
    c.met += n(r.met);
    c.notMet += n(r.not_met);
    c.notApplicable += n(r.not_applicable);
    if (r.progress !== null) {
      const applicable = n(r.met) + n(r.not_met);
      c.progressSum += Number(r.progress) * applicable;
      c.progressN += applicable;
    }
  };
  for (const r of cellRows) {
    const col = columns.get(r.rule_id);
    if (!col) continue;
    col.met += n(r.met);
    col.notMet += n(r.not_met);
    col.notApplicable += n(r.not_applicable);
    if (r.progress !== null) {
      const applicable = n(r.met) + n(r.not_met);
      col.progressSum += Number(r.progress) * applicable;
      col.progressN += applicable;
    }
    if (r.site_id)
      bump(`${r.rule_id}|site|${r.site_id}`, { ruleId: r.rule_id, scopeType: 'site', scopeId: r.site_id }, r);
    else if (r.village_code) {
      bump(
        `${r.rule_id}|village|${r.village_code}`,
        { ruleId: r.rule_id, scopeType: 'village', scopeId: r.village_code },
        r,
      );
    }
    if (r.township_code) {
      bump(
        `${r.rule_id}|township|${r.township_code}`,
        { ruleId: r.rule_id, scopeType: 'township', scopeId: r.township_code },
        r,
      );
    }
  }
  const finish = <T extends { met: number; notMet: number; progressSum: number; progressN: number }>(c: T) => {
    const { progressSum, progressN, ...rest } = c;
    return { rest, progress: progressN > 0 ? progressSum / progressN : null };
  };
  return {
    rules: [...columns.values()].map((c) => {
      const { rest, progress } = finish(c);
      const applicable = rest.met + rest.notMet;
      return { ...rest, rate: applicable > 0 ? rest.met / applicable : null, averageProgress: progress };
    }),
    cells: [...cells.values()].map((c) => {
      const { rest, progress } = finish(c);
      return { ...rest, progress };
    }),
  };
}

/** Supervision task instances overdue at `at` (due, and not submitted by then), by responsible unit. */
async function overdueByUnit(db: Executor, at: Date, townshipCode: string | undefined): Promise<OverdueByUnit[]> {
  const rows = rowsOf<{ id: string; name: string; division_code: string | null; overdue: number }>(
    await db.execute(sql`select u.id, u.name, u.division_code, count(*)::int as overdue
      from task_instances ti join units u on u.id = ti.party_unit_id
      where ti.due_at <= ${at.toISOString()}::timestamptz
        and (ti.first_submitted_at is null or ti.first_submitted_at > ${at.toISOString()}::timestamptz)
        ${townshipCode ? sql`and u.division_code = ${townshipCode}` : sql``}
      group by u.id, u.name, u.division_code
      order by count(*) desc, u.name`),
  );
  return rows.map((r) => ({ unitId: r.id, unitName: r.name, divisionCode: r.division_code, overdue: n(r.overdue) }));
}
