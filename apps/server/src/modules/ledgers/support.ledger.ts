import { sql, type SQL } from 'drizzle-orm';
import { monitoringCategoryLabels, type MonitoringCategory } from '@anzhi/contracts/monitoring-vocabulary';
import { employedStatuses } from '@anzhi/contracts/registry-views';
import type { Deps } from '../../platform/deps';
import type { Assignment } from '../org/scope';
import { maskedPhone } from '../registry/registry.presenter';
import { householdScope } from '../registry/registry.scope';
import { households } from '../registry/registry.table';
import {
  asOfDate,
  keysetPages,
  rowsOf,
  type LedgerDefinition,
  type LedgerFilter,
  type LedgerReading,
  type PlacedRow,
} from './ledger-definition';
import {
  householdPlaceColumns,
  householdPlaceJoins,
  inForce,
  maskedHeadId,
  placeFilter,
  placeLabel,
  placeOf,
  townshipAndHeadJoins,
  type HouseholdPlaceRow,
} from './ledger-household';

/*
 * 1. 后续扶持台账 (ledgers.md §1): one row per household, from the registry (members, labour and employment as of
 * the month's last day), the yearly incomes (last year's per-capita net income), the monitoring cases and the
 * two-way pairings. 享受政策项数 stays empty until the policy records exist (never a guessed number).
 */

const canWork = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力'];
const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

interface SupportRow extends HouseholdPlaceRow {
  id: string;
  household_number: string;
  category: string;
  placement: string;
  housing_type: string;
  relocation_year: number;
  building: string | null;
  unit: string | null;
  room: string | null;
  phone_enc: string | null;
  status: string;
  monitoring_status: string;
  members: number;
  labourers: number;
  employed: number;
  destinations: string | null;
  per_capita: number | null;
  case_category: MonitoringCategory | null;
  cadres: string | null;
}

/** The ledger's households: in the county and the scope, not deleted, active or closed after the ledger's day. */
function householdConditions(deps: Deps, scope: SQL, f: LedgerFilter, asOf: string): SQL {
  return sql`${households.deletedAt} is null and ${households.countyCode} = ${deps.config.countyCode}
      and (${households.status} = 'active' or ${households.closedOn} > ${asOf})
      and ${scope}
      ${placeFilter(f)}`;
}

/**
 * One page of the ledger in one set-based query: the page's households first (keyset on the household number,
 * unique among a county's live households; place and head), then each fact grouped once over the page's households
 * (no subquery per row), joined back by household. Same definitions as ledgers.md §1: members, labourers and the
 * employed (with their destinations) as of the day; last year's per-capita income; the latest monitoring case
 * included by the day and not eliminated by then; the pairing cadres in force (destination side first).
 */
function supportPageQuery(conditions: SQL, asOf: string, year: number, after: string | null, limit: number): SQL {
  const ofPage = (column: string) => sql`${sql.raw(column)} in (select id from page)`;
  return sql`with page as (
      select ${households.id} as id, ${households.householdNumber} as household_number,
        ${households.category} as category, ${households.placement} as placement,
        ${households.housingType} as housing_type, ${households.relocationYear} as relocation_year,
        ${households.building} as building, ${households.unit} as unit, ${households.room} as room,
        ${households.phoneEnc} as phone_enc, ${households.status} as status,
        ${households.monitoringStatus} as monitoring_status, ${householdPlaceColumns}
      from ${households}
      ${householdPlaceJoins}
      ${townshipAndHeadJoins(asOf)}
      where ${conditions}
        ${after === null ? sql`` : sql`and ${households.householdNumber} > ${after}`}
      order by ${households.householdNumber}
      limit ${limit}
    ),
    m as (
      select m.household_id, m.person_id from household_members m
      where ${ofPage('m.household_id')} and ${inForce('m', asOf)}
    ),
    members as (select household_id, count(*)::int as n from m group by household_id),
    labour as (
      select m.household_id, count(*)::int as n from m
      join person_labour pl on pl.person_id = m.person_id and ${inForce('pl', asOf)}
      where pl.labour_capacity in (${list(canWork)})
      group by m.household_id
    ),
    employment as (
      select m.household_id, count(*)::int as n,
        string_agg(distinct coalesce(nullif(e.place, ''), e.status), '、') as destinations
      from m
      join person_employment e on e.person_id = m.person_id and ${inForce('e', asOf)}
      where e.status in (${list(employedStatuses)})
      group by m.household_id
    ),
    incomes as (
      select hi.household_id, hi.per_capita from household_incomes hi
      where ${ofPage('hi.household_id')} and hi.year = ${year}
    ),
    cases as (
      select distinct on (c.household_id) c.household_id, c.category from monitoring_cases c
      where ${ofPage('c.household_id')} and c.status in ('monitored', 'eliminated') and c.identified_on <= ${asOf}
        and (c.eliminated_on is null or c.eliminated_on > ${asOf})
      order by c.household_id, c.identified_on desc
    ),
    cadres as (
      select p.household_id, string_agg(u.display_name, '、' order by p.side desc, u.display_name) as cadres
      from household_pairings p
      join users u on u.id = p.cadre_user_id
      where ${ofPage('p.household_id')} and p.from_date <= ${asOf} and (p.to_date is null or p.to_date > ${asOf})
      group by p.household_id
    )
    select page.*, coalesce(members.n, 0) as members, coalesce(labour.n, 0) as labourers,
      coalesce(employment.n, 0) as employed, employment.destinations, incomes.per_capita,
      cases.category as case_category, cadres.cadres
    from page
    left join members on members.household_id = page.id
    left join labour on labour.household_id = page.id
    left join employment on employment.household_id = page.id
    left join incomes on incomes.household_id = page.id
    left join cases on cases.household_id = page.id
    left join cadres on cadres.household_id = page.id
    order by page.household_number`;
}

const categoryLabel = (c: MonitoringCategory | null, cached: string): string | null =>
  c ? monitoringCategoryLabels[c] : ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'].includes(cached) ? cached : null;

function present(deps: Deps, r: SupportRow): PlacedRow {
  const category = categoryLabel(r.case_category, r.monitoring_status);
  const dispersed = r.placement === '分散安置';
  return {
    ...placeOf(r),
    row: {
      township: r.township_name,
      site: placeLabel(r),
      householdNumber: r.household_number,
      headName: r.head_name,
      idNumber: maskedHeadId(deps, r),
      members: r.members,
      category: r.category,
      placement: dispersed ? '分散' : '集中',
      housingType: r.housing_type,
      address: dispersed
        ? (r.village_name ?? '')
        : `${r.site_name ?? ''}${[r.building, r.unit, r.room].filter(Boolean).join('')}`,
      relocationYear: r.relocation_year,
      labourers: r.labourers,
      employed: r.employed,
      destinations: r.destinations,
      perCapita: r.per_capita,
      monitored: category ? '是' : '否',
      monitoringCategory: category,
      policies: null,
      cadres: r.cadres,
      phone: maskedPhone(r.phone_enc, deps.cipher),
      remark: r.status === 'closed' ? '已注销' : null,
    },
  };
}

async function* supportRows(
  deps: Deps,
  assignments: readonly Assignment[],
  f: LedgerFilter,
  reading: LedgerReading = {},
): AsyncGenerator<PlacedRow> {
  const asOf = asOfDate(deps, f.month);
  const year = Number(f.month.slice(0, 4)) - 1;
  const conditions = householdConditions(deps, householdScope(assignments, 'household.read'), f, asOf);
  const read = async (after: string | null, limit: number) =>
    rowsOf<SupportRow>(await deps.db.execute(supportPageQuery(conditions, asOf, year, after, limit)));
  for await (const page of keysetPages(read, (r) => r.household_number, reading))
    for (const r of page) yield present(deps, r);
}

/** The page's total: one row per household (the head join adds none: one head at a time). */
async function countSupportRows(deps: Deps, assignments: readonly Assignment[], f: LedgerFilter): Promise<number> {
  const asOf = asOfDate(deps, f.month);
  const conditions = householdConditions(deps, householdScope(assignments, 'household.read'), f, asOf);
  const [row] = rowsOf<{ n: number }>(
    await deps.db.execute(sql`select count(*)::int as n from ${households} ${householdPlaceJoins} where ${conditions}`),
  );
  return row?.n ?? 0;
}

export const supportLedger: LedgerDefinition = {
  kind: 'support',
  rowUnit: '每户一行',
  source: 'registry',
  frozenOnClose: true,
  sourcePermission: 'household.read',
  columns: [
    { key: 'seq', header: '序号', type: 'index' },
    { key: 'township', header: '乡镇', type: 'text', width: 10 },
    { key: 'site', header: '安置点', type: 'text', width: 16, wrap: true },
    { key: 'householdNumber', header: '户编号', type: 'text', width: 19 },
    { key: 'headName', header: '户主姓名', type: 'text', width: 10 },
    { key: 'idNumber', header: '身份证号', type: 'text', width: 21 },
    { key: 'members', header: '家庭人口', type: 'integer', width: 8, total: true },
    { key: 'category', header: '搬迁类型', type: 'text', width: 12 },
    { key: 'placement', header: '安置方式', type: 'text', width: 8 },
    { key: 'housingType', header: '安置房类型', type: 'text', width: 10 },
    { key: 'address', header: '安置地址', type: 'text', width: 22, wrap: true },
    { key: 'relocationYear', header: '搬迁年份', type: 'integer', width: 8 },
    { key: 'labourers', header: '劳动力人数', type: 'integer', width: 8, total: true },
    { key: 'employed', header: '务工人数', type: 'integer', width: 8, total: true },
    { key: 'destinations', header: '就业去向', type: 'text', width: 16, wrap: true },
    { key: 'perCapita', header: '上年家庭人均纯收入（元）', type: 'amount', width: 14 },
    { key: 'monitored', header: '是否监测对象', type: 'text', width: 8 },
    { key: 'monitoringCategory', header: '监测类别', type: 'text', width: 12 },
    { key: 'policies', header: '享受政策项数', type: 'integer', width: 8 },
    { key: 'cadres', header: '结对帮扶干部', type: 'text', width: 12, wrap: true },
    { key: 'phone', header: '联系电话', type: 'text', width: 14 },
    { key: 'remark', header: '备注', type: 'text', width: 16, wrap: true },
  ],
  rows: supportRows,
  count: countSupportRows,
};
