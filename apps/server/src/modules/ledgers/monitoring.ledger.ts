import { sql, type SQL } from 'drizzle-orm';
import {
  eliminationMethodLabels,
  measureStatusLabels,
  measureTypeLabels,
  monitoringCategoryLabels,
  riskTypeLabels,
  type EliminationMethod,
  type MeasureStatus,
  type MeasureType,
  type MonitoringCategory,
  type RiskType,
} from '@anzhi/contracts/monitoring-vocabulary';
import { monthDays } from '@anzhi/domain/revisits';
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
  maskedHeadId,
  placeFilter,
  placeLabel,
  placeOf,
  townshipAndHeadJoins,
  type HouseholdPlaceRow,
} from './ledger-household';

/*
 * 6. "三类人员"监测帮扶台账 (ledgers.md §6): one row per monitored household "as of" the month end, from the
 * monitoring cases (monitoring.table.ts): a case identified (included) by the month's last day and not eliminated
 * before the month began. Elimination shows only when it happened by that day; measures started by then, one line
 * each (`type：content`), with their state as of the month end.
 */

interface Measure {
  type: MeasureType;
  content: string;
  status: MeasureStatus;
  completed_on: string | null;
}

interface MonitoringRow extends HouseholdPlaceRow {
  case_id: string;
  household_number: string;
  members: number;
  category: MonitoringCategory;
  identified_on: string;
  risk_types: RiskType[];
  income_at_identification: string | null;
  measures: Measure[] | null;
  origin_cadres: string | null;
  destination_cadres: string | null;
  eliminated_on: string | null;
  elimination_method: EliminationMethod | null;
  contact_name: string | null;
  contact_phone_enc: string | null;
  not_included_reason: string | null;
}

/** The keyset of the ledger's order: a household can give two rows (two cases in the month), so the case breaks ties. */
interface MonitoringKey {
  number: string;
  identifiedOn: string;
  caseId: string;
}

/** The case, its household and the household's place (the scope and the township filter use them). */
const caseJoins = sql`join ${households} on ${households.id} = c.household_id
    ${householdPlaceJoins}`;

/** The ledger's cases: included by the day, not eliminated before the month began, their households in scope. */
function caseConditions(deps: Deps, scope: SQL, f: LedgerFilter, asOf: string): SQL {
  const from = monthDays(f.month).from;
  return sql`${households.deletedAt} is null and ${households.countyCode} = ${deps.config.countyCode}
      and c.status in ('monitored', 'eliminated') and c.category is not null
      and c.identified_on <= ${asOf} and (c.eliminated_on is null or c.eliminated_on >= ${from})
      and ${scope}
      ${placeFilter(f)}`;
}

function monitoringQuery(conditions: SQL, asOf: string, after: MonitoringKey | null, limit: number): SQL {
  const cadres = (side: string) => sql`(select string_agg(u.display_name, '、' order by u.display_name)
      from household_pairings p join users u on u.id = p.cadre_user_id
      where p.household_id = ${households.id} and p.side = ${side} and p.from_date <= ${asOf}
        and (p.to_date is null or p.to_date > ${asOf}))`;
  return sql`select c.id as case_id, ${households.householdNumber} as household_number, ${householdPlaceColumns},
      (select count(*)::int from household_members m where m.household_id = ${households.id}
        and m.valid_from <= ${asOf} and (m.valid_to is null or m.valid_to > ${asOf})) as members,
      c.category, c.identified_on::text as identified_on, c.risk_types,
      c.income_at_identification::text as income_at_identification,
      (select jsonb_agg(jsonb_build_object('type', hm.type, 'content', hm.content, 'status', hm.status,
          'completed_on', hm.completed_on::text) order by hm.start_on, hm.created_at)
        from help_measures hm where hm.case_id = c.id and hm.deleted_at is null and hm.start_on <= ${asOf}) as measures,
      ${cadres('origin')} as origin_cadres,
      ${cadres('destination')} as destination_cadres,
      case when c.eliminated_on <= ${asOf} then c.eliminated_on::text end as eliminated_on,
      case when c.eliminated_on <= ${asOf} then c.elimination_method end as elimination_method,
      cu.display_name as contact_name, cu.phone_enc as contact_phone_enc, c.not_included_reason
    from monitoring_cases c
    ${caseJoins}
    ${townshipAndHeadJoins(asOf)}
    left join users cu on cu.id = c.contact_user_id
    where ${conditions}
      ${
        after
          ? sql`and (${households.householdNumber}, c.identified_on, c.id) > (${after.number}, ${after.identifiedOn}::date, ${after.caseId}::uuid)`
          : sql``
      }
    order by ${households.householdNumber}, c.identified_on, c.id
    limit ${limit}`;
}

function measureState(measures: Measure[], asOf: string): string | null {
  if (measures.length === 0) return null;
  const counts = new Map<string, number>();
  for (const m of measures) {
    const done = m.status === 'done' && m.completed_on !== null && m.completed_on <= asOf;
    const label = done
      ? measureStatusLabels.done
      : m.status === 'done'
        ? measureStatusLabels.in_progress
        : measureStatusLabels[m.status];
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => `${label}${n}项`).join('，');
}

function present(deps: Deps, r: MonitoringRow, asOf: string): PlacedRow {
  const measures = r.measures ?? [];
  return {
    ...placeOf(r),
    row: {
      township: r.township_name,
      place: placeLabel(r),
      householdNumber: r.household_number,
      headName: r.head_name,
      idNumber: maskedHeadId(deps, r),
      members: r.members,
      category: monitoringCategoryLabels[r.category],
      identifiedOn: r.identified_on,
      riskTypes: r.risk_types
        .slice(0, 5)
        .map((t) => riskTypeLabels[t] ?? t)
        .join('、'),
      income: r.income_at_identification === null ? null : Number(r.income_at_identification),
      measures: measures.map((m) => `${measureTypeLabels[m.type] ?? m.type}：${m.content}`).join('\n') || null,
      measureState: measureState(measures, asOf),
      originCadres: r.origin_cadres,
      destinationCadres: r.destination_cadres,
      eliminated: r.eliminated_on ? '是' : '否',
      eliminationMethod: r.elimination_method ? eliminationMethodLabels[r.elimination_method] : null,
      eliminatedOn: r.eliminated_on,
      contact: r.contact_name,
      phone: maskedPhone(r.contact_phone_enc, deps.cipher),
      remark: null,
    },
  };
}

async function* monitoringRows(
  deps: Deps,
  assignments: readonly Assignment[],
  f: LedgerFilter,
  reading: LedgerReading = {},
): AsyncGenerator<PlacedRow> {
  const asOf = asOfDate(deps, f.month);
  const conditions = caseConditions(deps, householdScope(assignments, 'household.read'), f, asOf);
  const read = async (after: MonitoringKey | null, limit: number) =>
    rowsOf<MonitoringRow>(await deps.db.execute(monitoringQuery(conditions, asOf, after, limit)));
  const keyOf = (r: MonitoringRow): MonitoringKey => ({
    number: r.household_number,
    identifiedOn: r.identified_on,
    caseId: r.case_id,
  });
  for await (const page of keysetPages(read, keyOf, reading)) for (const r of page) yield present(deps, r, asOf);
}

/** The page's total: one row per case (the head join adds none: one head at a time). */
async function countMonitoringRows(deps: Deps, assignments: readonly Assignment[], f: LedgerFilter): Promise<number> {
  const asOf = asOfDate(deps, f.month);
  const conditions = caseConditions(deps, householdScope(assignments, 'household.read'), f, asOf);
  const [row] = rowsOf<{ n: number }>(
    await deps.db.execute(sql`select count(*)::int as n from monitoring_cases c ${caseJoins} where ${conditions}`),
  );
  return row?.n ?? 0;
}

export const monitoringLedger: LedgerDefinition = {
  kind: 'monitoring',
  rowUnit: '每个监测户一行（按月末状态）',
  source: 'monitoring',
  frozenOnClose: true,
  sourcePermission: 'household.read',
  columns: [
    { key: 'seq', header: '序号', type: 'index' },
    { key: 'township', header: '乡镇', type: 'text', width: 10 },
    { key: 'place', header: '安置点/村', type: 'text', width: 16, wrap: true },
    { key: 'householdNumber', header: '户编号', type: 'text', width: 19 },
    { key: 'headName', header: '户主姓名', type: 'text', width: 10 },
    { key: 'idNumber', header: '身份证号', type: 'text', width: 21 },
    { key: 'members', header: '家庭人口', type: 'integer', width: 8, total: true },
    { key: 'category', header: '监测类别', type: 'text', width: 12 },
    { key: 'identifiedOn', header: '识别时间', type: 'date', width: 12 },
    { key: 'riskTypes', header: '风险类型', type: 'text', width: 16, wrap: true },
    { key: 'income', header: '识别时人均纯收入（元）', type: 'amount', width: 14 },
    { key: 'measures', header: '帮扶措施', type: 'text', width: 30, wrap: true },
    { key: 'measureState', header: '措施落实情况', type: 'text', width: 14, wrap: true },
    { key: 'originCadres', header: '迁出地结对干部', type: 'text', width: 12 },
    { key: 'destinationCadres', header: '迁入地结对干部', type: 'text', width: 12 },
    { key: 'eliminated', header: '风险是否消除', type: 'text', width: 8 },
    { key: 'eliminationMethod', header: '消除方式', type: 'text', width: 10 },
    { key: 'eliminatedOn', header: '消除时间', type: 'date', width: 12 },
    { key: 'contact', header: '监测联系人', type: 'text', width: 10 },
    { key: 'phone', header: '联系电话', type: 'text', width: 14 },
    { key: 'remark', header: '备注', type: 'text', width: 16, wrap: true },
  ],
  rows: monitoringRows,
  count: countMonitoringRows,
};
