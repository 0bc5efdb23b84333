import { PassThrough } from 'node:stream';
import type { IncomeListQuery } from '@anzhi/contracts/incomes';
import { lineStandingLabels } from '@anzhi/domain/income';
import { writeAuditEvent, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import type { LedgerDownload } from '../../platform/excel/excel.service';
import type { LedgerColumnSpec, LedgerRow } from '../../platform/excel/ledger-spec';
import { writeLedger } from '../../platform/excel/ledger-writer';
import { getDivision } from '../org/divisions.service';
import { todayOf } from '../registry/persons.service';
import { countyDivisionCode } from './incomes.repository';
import { presentIncome } from './incomes.presenter';
import { allIncomeRows } from './incomes.service';

/** 年度收入采集表: one row per household of the list (not collected ones included, left blank). */
export const incomeExportColumns: readonly LedgerColumnSpec[] = [
  { key: 'seq', header: '序号', type: 'index' },
  { key: 'township', header: '乡镇', type: 'text', width: 10 },
  { key: 'site', header: '安置点', type: 'text', width: 18 },
  { key: 'householdNumber', header: '户编号', type: 'text', width: 19 },
  { key: 'headName', header: '户主姓名', type: 'text', width: 10 },
  { key: 'monitoringStatus', header: '监测状态', type: 'text', width: 12 },
  { key: 'members', header: '家庭人口', type: 'integer', width: 8, total: true },
  {
    header: '家庭收入（元）',
    children: [
      { key: 'wage', header: '工资性收入', type: 'amount', width: 12, total: true },
      { key: 'business', header: '生产经营性收入', type: 'amount', width: 12, total: true },
      { key: 'property', header: '财产性收入', type: 'amount', width: 12, total: true },
      { key: 'transfer', header: '转移性收入', type: 'amount', width: 12, total: true },
    ],
  },
  {
    header: '扣除项（元）',
    children: [
      { key: 'businessCost', header: '生产经营性支出', type: 'amount', width: 12, total: true },
      { key: 'rigidSpending', header: '合规自付支出', type: 'amount', width: 12, total: true },
    ],
  },
  { key: 'net', header: '家庭纯收入（元）', type: 'amount', width: 12, total: true },
  { key: 'perCapita', header: '人均纯收入（元）', type: 'amount', width: 12 },
  { key: 'line', header: '监测线（元）', type: 'amount', width: 10 },
  { key: 'standing', header: '与监测线比较', type: 'text', width: 18, wrap: true },
];

type Query = Omit<IncomeListQuery, 'page' | 'pageSize'>;

export async function exportIncomes(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  q: Query,
): Promise<LedgerDownload> {
  const today = todayOf(deps);
  const rows = await allIncomeRows(deps, auth, q);
  const county = (await getDivision(deps.db, countyDivisionCode(deps.config.countyCode)))?.name ?? '本县';
  const township = q.townshipCode ? (await getDivision(deps.db, q.townshipCode))?.name : undefined;
  const filters = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
  await writeAuditEvent(deps.db, deps.clock, actor, 'income.export', [
    { type: 'export', id: 'incomes', before: null, after: { rows: rows.length, filters } },
  ]);
  async function* ledgerRows(): AsyncGenerator<LedgerRow> {
    for (const r of rows) {
      const income = presentIncome(r);
      yield {
        township: r.townshipName,
        site: r.siteName,
        householdNumber: r.householdNumber,
        headName: r.headName,
        monitoringStatus: r.monitoringStatus,
        members: income?.memberCount ?? null,
        wage: income?.wage ?? null,
        business: income?.business ?? null,
        property: income?.property ?? null,
        transfer: income?.transfer ?? null,
        businessCost: income?.businessCost ?? null,
        rigidSpending: income?.rigidSpending ?? null,
        net: income?.netIncome ?? null,
        perCapita: income?.perCapita ?? null,
        line: income?.line ?? r.lineAmount,
        standing: income ? (income.standing ? lineStandingLabels[income.standing] : '未设置监测线') : '未采集',
      };
    }
  }
  const out = new PassThrough();
  void writeLedger(
    out,
    {
      title: `${county}易地扶贫搬迁户${q.year}年度收入采集表`,
      unit: township ?? county,
      period: `${q.year}年度`,
      reportDate: today,
      columns: incomeExportColumns,
    },
    [{ name: '年度收入', rows: ledgerRows() }],
  ).catch((err: unknown) => deps.log.warn({ err }, '收入导出未能写完'));
  return { filename: `年度收入_${q.year}.xlsx`, asciiFilename: `incomes_${q.year}.xlsx`, stream: out };
}
