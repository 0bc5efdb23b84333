import { sql } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import { currentPeriod, localDate, previousPeriod, type Period } from '@anzhi/domain/periods';
import { monthCloseDeadline } from '@anzhi/domain/revisits';
import type { Tx } from '../db/client';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';

/** Demo sites still short of revisits this month (the others are complete so far). */
export const demoRevisitGapSiteKeys = ['chengnan', 'dayou'] as const;

const unchanged = `'{"changed":false}'::jsonb`;

/**
 * The revisit of each household active on its visit day, for one month, in one set-based statement. Visit days
 * spread over the month (up to today in the current month); `coverage` (percent, per household hash) leaves gaps.
 * A few answers carry changes: a new job, a chronic illness, an accident (a risk signal).
 */
async function insertMonth(
  tx: Tx,
  countyCode: string,
  now: string,
  month: Period,
  lastDay: number,
  coverage: (site: ReturnType<typeof sql.raw>) => ReturnType<typeof sql>,
) {
  const key = month.key;
  const h = sql.raw(`abs(hashtext(hp.household_id::text || '${key}'))`);
  const result: unknown = await tx.execute(sql`
    insert into revisits (id, county_code, household_id, month, visit_date, method, visitor_id, visitor_name,
      site_id, township_code, changes, situations, problems, measures, note, risk_signals, registry_changes,
      created_at, updated_at)
    select
      (lpad(to_hex((extract(epoch from v.visit_date::timestamp) * 1000)::bigint), 12, '0') || '7'
        || substr(md5(hp.household_id::text || ${key}), 14, 3) || '8'
        || substr(md5(hp.household_id::text || ${key}), 18, 15))::uuid,
      ${countyCode}, hp.household_id, ${key}, v.visit_date,
      (array['入户', '入户', '入户', '电话', '微信'])[1 + ${h} % 5], null,
      case when hp.site_id is null then '驻村工作队员（演示）' else '社区网格员（演示）' end,
      hp.site_id, coalesce(s.township_code, dv.parent_code),
      jsonb_build_object(
        'householdSize', ${sql.raw(unchanged)}, 'health',
        case when ${h} % 50 = 1 then '{"changed":true,"what":"慢性病","note":"高血压，已办理门诊慢特病"}'::jsonb
          else ${sql.raw(unchanged)} end,
        'industry', ${sql.raw(unchanged)},
        'employment', case when ${h} % 20 = 2 then '{"changed":true,"what":"新就业","newValue":"帮扶车间"}'::jsonb
          else ${sql.raw(unchanged)} end,
        'income', ${sql.raw(unchanged)}),
      jsonb_build_object(
        'policies', ${sql.raw(unchanged)}, 'pairing', ${sql.raw(unchanged)}, 'integration', ${sql.raw(unchanged)},
        'demands', case when ${h} % 40 = 3 then '{"changed":true,"what":"就业诉求","note":"希望就近务工"}'::jsonb
          else ${sql.raw(unchanged)} end,
        'suddenHardship', case when ${h} % 150 = 4 then '{"changed":true,"what":"意外事故","note":"户主摔伤住院"}'::jsonb
          else ${sql.raw(unchanged)} end),
      case when ${h} % 40 = 3 then '希望就近务工' end,
      case when ${h} % 40 = 3 then '推荐到帮扶车间' end,
      null,
      case when ${h} % 150 = 4 then '[{"kind":"accident","source":"situations.suddenHardship"}]'::jsonb
        else '[]'::jsonb end,
      '[]'::jsonb, ${now}::timestamptz, ${now}::timestamptz
    from household_placement hp
    join households hh on hh.id = hp.household_id and hh.deleted_at is null and hh.county_code = ${countyCode}
    left join sites s on s.id = hp.site_id
    left join divisions dv on dv.code = hp.destination_village_code
    cross join lateral (
      select (${`${key}-01`}::date + (${h} % ${lastDay}))::date as visit_date
    ) v
    where hp.valid_from <= v.visit_date and (hp.valid_to is null or hp.valid_to > v.visit_date)
      and coalesce(s.township_code, dv.parent_code) is not null
      and ${h} % 100 < ${coverage(sql.raw('hp.site_id'))}
    on conflict do nothing`);
  return (result as { rowCount?: number; affectedRows?: number }).rowCount ?? 0;
}

/**
 * Four months of revisits: the three finished months nearly complete (a few gaps), this month complete so far at
 * most sites but short at two and for dispersed households. Month close: two months ago every township confirmed
 * on time; last month only 琴江镇 so far (the others are open, late after the 3rd).
 */
export async function loadRevisitsDemo(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'config'>,
  audit: AuditRecorder,
  siteIds: Map<string, string>,
) {
  const now = deps.clock.now();
  const today = Number(localDate(now).slice(8, 10));
  const current = currentPeriod('month', deps.clock);
  const months = [
    previousPeriod(previousPeriod(previousPeriod(current))),
    previousPeriod(previousPeriod(current)),
    previousPeriod(current),
  ];
  const gapSites = demoRevisitGapSiteKeys.map((k) => siteIds.get(k)!).filter(Boolean);
  for (const m of months) {
    const days = Math.round((m.end.getTime() - m.start.getTime()) / 86_400_000);
    await insertMonth(tx, deps.config.countyCode, now.toISOString(), m, days, () => sql`97`);
  }
  await insertMonth(tx, deps.config.countyCode, now.toISOString(), current, today, (site) =>
    gapSites.length
      ? sql`case when ${site} is null then 50 when ${site} in (${sql.join(
          gapSites.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) then 45 else 100 end`
      : sql`100`,
  );
  const townships: unknown = await tx.execute(
    sql`select distinct township_code from revisits where county_code = ${deps.config.countyCode} order by 1`,
  );
  const codes = (townships as { rows: { township_code: string }[] }).rows.map((r) => r.township_code);
  const closes: [Period, string[]][] = [
    [months[1]!, codes],
    [months[2]!, codes.filter((c) => c === '360735100000')],
  ];
  for (const [m, list] of closes) {
    const closedAt = new Date(monthCloseDeadline(m.key).getTime() - 30 * 3_600_000); // the 2nd, afternoon
    for (const code of list)
      await tx.execute(sql`insert into month_closes (id, county_code, township_code, month, status, closed_at,
          closed_by_name, created_at, updated_at)
        values (${uuidv7()}, ${deps.config.countyCode}, ${code}, ${m.key}, 'closed', ${closedAt.toISOString()}::timestamptz, '乡镇经办人（演示）', ${closedAt.toISOString()}::timestamptz, ${closedAt.toISOString()}::timestamptz)`);
  }
  audit.entity('revisit', 'demo', null, {
    months: [...months, current].map((m) => m.key),
    closedTownships: codes.length,
  });
}
