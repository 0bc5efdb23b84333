import { sql, type SQL } from 'drizzle-orm';
import type { RuleResultPage, RuleResultsQuery } from '@anzhi/contracts/dashboards';
import { presentationOf, type RuleKind, type Verdict } from '@anzhi/domain/rules/registry';
import type { Executor } from '../../db/client';
import { periodKeysOfMonth } from './figures.service';

/*
 * GET /rules/results: the stored results of the latest run of each rule for a month, with the site and township each
 * belongs to (a household's from the run's values or its placement on the run's day), filtered and paginated. The
 * dashboard's cells click through to here.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export interface ResultFilter extends RuleResultsQuery {
  month: string;
  /** Townships the viewer may see; null: all. */
  townships: readonly string[] | null;
  /** Sites the viewer may see, when narrower than townships (site staff); null: no such limit. */
  siteIds: readonly string[] | null;
  kinds: ReadonlyMap<string, RuleKind>;
}

export async function ruleResultPage(ex: Executor, f: ResultFilter): Promise<RuleResultPage> {
  const keys = periodKeysOfMonth(f.month);
  const ruleIds = f.ruleId ? [f.ruleId] : [...f.kinds.keys()];
  if (ruleIds.length === 0) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
  const where: SQL[] = [sql`true`];
  if (f.verdict) where.push(sql`x.verdict = ${f.verdict}`);
  if (f.siteId) where.push(sql`x.site_id = ${f.siteId}`);
  if (f.villageCode) where.push(sql`x.village_code = ${f.villageCode}`);
  if (f.townshipCode) where.push(sql`x.township_code = ${f.townshipCode}`);
  if (f.townships) {
    where.push(
      f.townships.length > 0
        ? sql`x.township_code in (${sql.join(
            f.townships.map((t) => sql`${t}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  }
  if (f.siteIds) {
    where.push(
      f.siteIds.length > 0
        ? sql`x.site_id in (${sql.join(
            f.siteIds.map((t) => sql`${t}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  }
  const result = await ex.execute(sql`with runs as (
      select distinct on (rule_id) id, rule_id, period_key from rule_runs
      where rule_id in (${sql.join(
        ruleIds.map((id) => sql`${id}`),
        sql`, `,
      )})
        and (period_key in (${sql.join(
          keys.exact.map((k) => sql`${k}`),
          sql`, `,
        )}) or period_key like ${`${keys.dayPrefix}%`})
        and scope_key not like 'township:%'
      order by rule_id, evaluated_at desc, id desc
    ),
    x as (
      select ru.id as run_id, ru.rule_id, ru.period_key, rr.entity_type, rr.entity_id, rr.verdict, rr.progress,
        rr.values, rr.evidence, rr.note,
        case rr.entity_type when 'site' then rr.entity_id when 'site_chief' then s2.id::text
          when 'household' then coalesce(rr.values->>'siteId', hp.site_id::text) end as site_id,
        case when rr.entity_type = 'household' and coalesce(rr.values->>'siteId', hp.site_id::text) is null
          then coalesce(rr.values->>'villageCode', hp.destination_village_code) end as village_code,
        case rr.entity_type when 'township' then rr.entity_id when 'site' then s2.township_code when 'site_chief' then s2.township_code
          when 'household' then coalesce(rr.values->>'townshipCode', s.township_code, dv.parent_code) end
          as township_code,
        coalesce(rr.evidence->0->>'label', s2.name, d2.name) as entity_label
      from runs ru
      join rule_results rr on rr.run_id = ru.id
      left join household_placement hp on rr.entity_type = 'household' and rr.values->>'siteId' is null
        and rr.values->>'villageCode' is null and hp.household_id = (case when rr.entity_type = 'household' then rr.entity_id::uuid end) and hp.valid_to is null
      left join sites s on s.id = hp.site_id
      left join divisions dv on dv.code = hp.destination_village_code
      left join sites s2 on s2.id = (case when rr.entity_type = 'site' then rr.entity_id::uuid
            when rr.entity_type = 'site_chief' then (rr.values->>'siteId')::uuid end)
      left join divisions d2 on rr.entity_type = 'township' and d2.code = rr.entity_id
    )
    select x.*, count(*) over () as total from x
    where ${sql.join(where, sql` and `)}
    order by x.rule_id, case x.verdict when 'not_met' then 0 when 'met' then 1 else 2 end, x.entity_label, x.entity_id
    limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`);
  type Row = {
    run_id: string;
    rule_id: string;
    period_key: string;
    entity_type: string;
    entity_id: string;
    verdict: Verdict;
    progress: number | null;
    values: Record<string, unknown>;
    evidence: { type: string; id: string; label?: string }[];
    note: string | null;
    site_id: string | null;
    township_code: string | null;
    entity_label: string | null;
    total: string | number;
  };
  const rows = rowsOf<Row>(result);
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (rows.length === 0 && f.page > 1) total = -1;
  return {
    items: rows.map((r) => ({
      runId: r.run_id,
      ruleId: r.rule_id,
      periodKey: r.period_key,
      entityType: r.entity_type,
      entityId: r.entity_id,
      entityLabel: r.entity_label,
      siteId: r.site_id,
      townshipCode: r.township_code,
      verdict: r.verdict,
      presentation: presentationOf(f.kinds.get(r.rule_id) ?? 'requirement', r.verdict),
      progress: r.progress === null ? null : Number(r.progress),
      values: typeof r.values === 'string' ? (JSON.parse(r.values) as Record<string, unknown>) : r.values,
      evidence: typeof r.evidence === 'string' ? (JSON.parse(r.evidence) as Row['evidence']) : r.evidence,
      note: r.note,
    })),
    total: Math.max(total, 0),
    page: f.page,
    pageSize: f.pageSize,
  };
}
