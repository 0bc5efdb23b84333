import { PassThrough } from 'node:stream';
import type { Revisit, RevisitItem } from '@anzhi/contracts/revisits';
import {
  revisitChangeKeys,
  revisitChangeLabels,
  revisitSituationKeys,
  revisitSituationLabels,
} from '@anzhi/contracts/revisits';
import { localDate, parsePeriodKey, periodLabel } from '@anzhi/domain/periods';
import { writeAuditEvent, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import type { LedgerDownload } from '../../platform/excel/excel.service';
import type { LedgerRow, LedgerSpec } from '../../platform/excel/ledger-spec';
import { writeLedger } from '../../platform/excel/ledger-writer';
import { getDivision } from '../org/divisions.service';
import { dueHouseholds, namesOf } from './revisits.repository';
import { dueFilter, listRevisitsInScope } from './revisits.service';

/*
 * 每月回访台账 (ledgers.md §7): one row per revisit of the month, then the households not revisited with
 * 回访日期 `未回访` (the ledger shows the gap). Two header rows: 五个变化 and 五种情况.
 */

export function revisitLedgerSpec(county: string, unit: string, month: string, reportDate: string): LedgerSpec {
  return {
    title: `${county}易地扶贫搬迁每月回访台账`,
    unit,
    period: periodLabel(parsePeriodKey(month)),
    reportDate,
    columns: [
      { key: 'seq', header: '序号', type: 'index' },
      { key: 'township', header: '乡镇', type: 'text', width: 10 },
      { key: 'site', header: '安置点', type: 'text', width: 16 },
      { key: 'householdNumber', header: '户编号', type: 'text', width: 19 },
      { key: 'headName', header: '户主姓名', type: 'text', width: 10 },
      { key: 'visitDate', header: '回访日期', type: 'text', width: 12 },
      { key: 'method', header: '回访方式', type: 'text', width: 8 },
      { key: 'visitor', header: '回访人', type: 'text', width: 10 },
      {
        header: '五个变化',
        children: revisitChangeKeys.map((k) => ({
          key: `c_${k}`,
          header: revisitChangeLabels[k],
          type: 'text' as const,
          width: 12,
          wrap: true,
        })),
      },
      {
        header: '五种情况',
        children: revisitSituationKeys.map((k) => ({
          key: `s_${k}`,
          header: revisitSituationLabels[k],
          type: 'text' as const,
          width: 12,
          wrap: true,
        })),
      },
      { key: 'problems', header: '发现问题', type: 'text', width: 16, wrap: true },
      { key: 'measures', header: '处理措施', type: 'text', width: 16, wrap: true },
      { key: 'monitoring', header: '是否触发监测', type: 'text', width: 8 },
      { key: 'remark', header: '备注', type: 'text', width: 20, wrap: true },
    ],
  };
}

const describe = (i: RevisitItem) => [i.what, i.newValue, i.note].filter(Boolean).join('，');
/** ledgers.md: `无变化` or `有变化：{what}`. */
export const changeCell = (i: RevisitItem) => (i.changed ? `有变化：${describe(i)}` : '无变化');
/** ledgers.md: `正常` or `存在问题：{what}`. */
export const situationCell = (i: RevisitItem) => (i.changed ? `存在问题：${describe(i)}` : '正常');

export function revisitLedgerRow(r: Revisit): LedgerRow {
  return {
    township: r.townshipName,
    site: r.siteName ?? '分散安置',
    householdNumber: r.householdNumber,
    headName: r.headName,
    visitDate: r.visitDate,
    method: r.method,
    visitor: r.visitorName,
    ...Object.fromEntries(revisitChangeKeys.map((k) => [`c_${k}`, changeCell(r.changes[k])])),
    ...Object.fromEntries(revisitSituationKeys.map((k) => [`s_${k}`, situationCell(r.situations[k])])),
    problems: r.problems,
    measures: r.measures,
    monitoring: r.riskSignals.length > 0 ? `是（${r.riskSignals.map((s) => s.label).join('、')}）` : '否',
    remark: [r.registryChanges.join('；'), r.note].filter(Boolean).join('；'),
  };
}

/**
 * The ledger's rows with the place each belongs to (township, site): the revisits of the month, then the households
 * not revisited. Also read by the ledger catalogue (modules/ledgers) and frozen into the month-end snapshot.
 */
export async function* revisitLedgerEntries(
  deps: Deps,
  auth: Pick<AuthState, 'assignments'>,
  q: { month: string; siteId?: string | undefined; townshipCode?: string | undefined },
): AsyncGenerator<{ townshipCode: string; siteId: string | null; siteName: string | null; row: LedgerRow }> {
  const place = {
    ...(q.siteId ? { siteId: q.siteId } : {}),
    ...(q.townshipCode ? { townshipCode: q.townshipCode } : {}),
  };
  for (let page = 1; ; page += 1) {
    const { items } = await listRevisitsInScope(deps, auth as AuthState, {
      month: q.month,
      ...place,
      page,
      pageSize: 200,
    });
    for (const r of items)
      yield { townshipCode: r.townshipCode, siteId: r.siteId, siteName: r.siteName, row: revisitLedgerRow(r) };
    if (items.length < 200) break;
  }
  const pending = await dueHouseholds(deps.db, dueFilter(deps, auth as AuthState, q.month, place), true, 1_000_000);
  const names = await namesOf(deps.db, [], [...new Set(pending.map((p) => p.townshipCode))]);
  for (const p of pending)
    yield {
      townshipCode: p.townshipCode,
      siteId: p.siteId,
      siteName: p.siteName,
      row: {
        township: names.townships.get(p.townshipCode) ?? '',
        site: p.siteName ?? '分散安置',
        householdNumber: p.householdNumber,
        headName: p.headName,
        visitDate: '未回访',
      },
    };
}

async function* ledgerRows(
  deps: Deps,
  auth: AuthState,
  q: { month: string; siteId?: string; townshipCode?: string },
): AsyncGenerator<LedgerRow> {
  for await (const e of revisitLedgerEntries(deps, auth, q)) yield e.row;
}

export async function revisitLedger(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  q: { month: string; siteId?: string; townshipCode?: string },
): Promise<LedgerDownload> {
  const county = (await getDivision(deps.db, deps.config.countyCode.padEnd(12, '0')))?.name ?? '本县';
  const unit = q.townshipCode ? ((await getDivision(deps.db, q.townshipCode))?.name ?? county) : county;
  const spec = revisitLedgerSpec(county, unit, q.month, localDate(deps.clock.now()));
  await writeAuditEvent(deps.db, deps.clock, actor, 'revisit.export', [
    { type: 'export', id: 'revisits', before: null, after: { ...q } },
  ]);
  const out = new PassThrough();
  void writeLedger(out, spec, [{ name: `${q.month}回访`, rows: ledgerRows(deps, auth, q) }]).catch((err: unknown) =>
    deps.log.warn({ err }, '回访台账未能写完'),
  );
  return { filename: `每月回访台账-${q.month}.xlsx`, asciiFilename: `revisits-${q.month}.xlsx`, stream: out };
}
