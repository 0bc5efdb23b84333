import { sql, type SQL } from 'drizzle-orm';
import type { Period } from '@anzhi/domain/periods';
import { periodDates } from '@anzhi/domain/rules/chief-rules';
import { presentationOf, type EvidenceRef, type RuleRunResult, type Verdict } from '@anzhi/domain/rules/registry';
import type { Executor } from '../../db/client';

/**
 * Set-based forms of R01 and R02 (decisions.md: a set-based SQL form computes bulk results; a test proves
 * it agrees with the pure rule in packages/domain). Each returns results shaped exactly as the pure rule's.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

interface R01Row {
  site_id: string;
  site_name: string;
  verdict: Verdict;
  visits: number;
  shortfall: number;
  chiefs: { chiefId: string; chiefName: string; visits: number; shortfall: number; visitIds: string[] }[];
}

/** R01 for every active site (optionally narrowed by a condition on `s`, the sites table). */
export async function siteVisitsBySql(
  ex: Executor,
  period: Period,
  required: number,
  siteCondition: SQL = sql`true`,
): Promise<RuleRunResult[]> {
  const { first, endExclusive } = periodDates(period);
  const result = await ex.execute(sql`
    with terms as (
      select distinct ca.site_id, ca.user_id as chief_id
      from chief_assignments ca
      where ca.kind = 'site_chief' and ca.from_date < ${endExclusive}::date
        and (ca.to_date is null or ca.to_date >= ${first}::date)
    ),
    per_chief as (
      select t.site_id, t.chief_id, u.display_name as chief_name, count(v.id)::int as visits,
        coalesce(json_agg(v.id order by v.visited_at, v.id) filter (where v.id is not null), '[]'::json) as visit_ids
      from terms t
      join users u on u.id = t.chief_id
      left join chief_visits v on v.site_id = t.site_id and v.chief_id = t.chief_id
        and v.visited_at >= ${period.start.toISOString()}::timestamptz and v.visited_at < ${period.end.toISOString()}::timestamptz
      group by t.site_id, t.chief_id, u.display_name
    )
    select s.id as site_id, s.name as site_name,
      case when count(pc.chief_id) = 0 then 'not_applicable'
           when bool_and(pc.visits >= ${required}::int) then 'met' else 'not_met' end as verdict,
      coalesce(sum(pc.visits), 0)::int as visits,
      coalesce(sum(greatest(0, ${required}::int - pc.visits)), 0)::int as shortfall,
      coalesce(json_agg(json_build_object('chiefId', pc.chief_id, 'chiefName', pc.chief_name, 'visits', pc.visits,
          'shortfall', greatest(0, ${required}::int - pc.visits), 'visitIds', pc.visit_ids)
        order by pc.chief_name collate "C", pc.chief_id) filter (where pc.chief_id is not null), '[]'::json) as chiefs
    from sites s
    left join per_chief pc on pc.site_id = s.id
    where s.status = 'active' and ${siteCondition}
    group by s.id, s.name
    order by s.id`);
  return rowsOf<R01Row>(result).map((r) => {
    if (r.verdict === 'not_applicable') {
      return resultOf('site', r.site_id, r.verdict, { required }, [], '本期无在任点长');
    }
    const evidence: EvidenceRef[] = [{ type: 'site', id: r.site_id, label: r.site_name }];
    for (const c of r.chiefs) evidence.push(...c.visitIds.map((id) => ({ type: 'chief_visit', id })));
    const chiefs = r.chiefs.map(({ chiefId, chiefName, visits, shortfall }) => ({
      chiefId,
      chiefName,
      visits,
      shortfall,
    }));
    return resultOf(
      'site',
      r.site_id,
      r.verdict,
      { required, visits: r.visits, shortfall: r.shortfall, chiefs },
      evidence,
    );
  });
}

interface R02Row {
  chief_id: string;
  chief_name: string;
  site_names: string[];
  site_id: string;
  reports: number;
  report_ids: string[];
}

/** R02 for every site chief in office during the half year. */
export async function chiefReportsBySql(ex: Executor, period: Period, required: number): Promise<RuleRunResult[]> {
  const { first, endExclusive } = periodDates(period);
  const result = await ex.execute(sql`
    with chiefs as (
      select ca.user_id as chief_id, u.display_name as chief_name, jsonb_agg(distinct s.name) as site_names,
        -- The site the result is shown under: that of the latest term (as judgeChiefReports picks it).
        (array_agg(ca.site_id::text order by ca.from_date desc, ca.site_id::text collate "C" desc))[1] as site_id
      from chief_assignments ca
      join users u on u.id = ca.user_id
      join sites s on s.id = ca.site_id
      where ca.kind = 'site_chief' and ca.from_date < ${endExclusive}::date
        and (ca.to_date is null or ca.to_date >= ${first}::date)
      group by ca.user_id, u.display_name
    )
    select c.chief_id, c.chief_name, c.site_names, c.site_id, count(r.id)::int as reports,
      coalesce(json_agg(r.id order by r.heard_at, r.id) filter (where r.id is not null), '[]'::json) as report_ids
    from chiefs c
    left join chief_reports r on r.site_chief_id = c.chief_id
      and r.heard_at >= ${period.start.toISOString()}::timestamptz and r.heard_at < ${period.end.toISOString()}::timestamptz
    group by c.chief_id, c.chief_name, c.site_names, c.site_id
    order by c.chief_id`);
  return rowsOf<R02Row>(result).map((r) =>
    resultOf(
      'site_chief',
      r.chief_id,
      r.reports >= required ? 'met' : 'not_met',
      {
        required,
        reports: r.reports,
        chiefName: r.chief_name,
        sites: [...r.site_names].sort(),
        siteId: r.site_id,
      },
      [
        { type: 'user', id: r.chief_id, label: r.chief_name },
        ...r.report_ids.map((id) => ({ type: 'chief_report', id })),
      ],
    ),
  );
}

function resultOf(
  entityType: RuleRunResult['entityType'],
  entityId: string,
  verdict: Verdict,
  values: Record<string, unknown>,
  evidence: EvidenceRef[],
  note: string | null = null,
): RuleRunResult {
  return {
    entityType,
    entityId,
    verdict,
    presentation: presentationOf('requirement', verdict),
    progress: null,
    values,
    evidence,
    note,
  };
}
