import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { formatLocal, localDateToInstant, parsePeriodKey, periodLabel, previousPeriod } from '@anzhi/domain/periods';
import { monthDays } from '@anzhi/domain/revisits';
import { writeAuditEvent, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { divisions, sites, units } from '../org/org.table';
import { siteScope } from '../org/scope';
import { serverRuleRegistry } from '../rules/rules.registry';
import { currentSnapshots } from '../snapshots/snapshots.repository';
import { liveFigures, townshipGrants } from '../snapshots/snapshots.service';
import { monthCloses } from '../revisits/revisits.table';
import { openStatuses } from '../supervision/supervision.repository';
import { planItems, taskInstances } from '../supervision/supervision.table';

/*
 * 月度报告 (issue 9 item 5): a printable page (A4 landscape; the browser prints it or saves it as PDF) for the
 * county with the month's key figures per township, rule results, overdue supervision instances and the changes
 * since last month. A township whose month is frozen is reported from its snapshot, so a closed month's report
 * reproduces exactly; the others from live records (marked 未确认).
 */

interface RuleCounts {
  met: number;
  notMet: number;
  notApplicable: number;
}

interface Figures {
  households: number;
  persons: number;
  labourers: number;
  employed: number;
  monitoredHouseholds: number;
  monitoredByCategory: Record<string, number>;
  revisits: { due: number; revisited: number; rate: number | null };
  ruleResults: Record<string, RuleCounts>;
}

interface TownshipReport {
  code: string;
  name: string;
  state: '已确认' | '自动冻结' | '未确认';
  figures: Figures;
  previous: Figures;
}

const esc = (s: string | number | null | undefined) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const pp = (a: number | null, b: number | null) =>
  a === null || b === null ? '—' : `${a - b >= 0 ? '+' : ''}${((a - b) * 100).toFixed(1)}个百分点`;

function asFigures(raw: Record<string, unknown>): Figures {
  const f = raw as Partial<Figures>;
  return {
    households: f.households ?? 0,
    persons: f.persons ?? 0,
    labourers: f.labourers ?? 0,
    employed: f.employed ?? 0,
    monitoredHouseholds: f.monitoredHouseholds ?? 0,
    monitoredByCategory: f.monitoredByCategory ?? {},
    revisits: f.revisits ?? { due: 0, revisited: 0, rate: null },
    ruleResults: f.ruleResults ?? {},
  };
}

/** A township's figures of a month: its current snapshot if frozen, live otherwise. */
async function figuresOf(deps: Deps, code: string, month: string) {
  const [snapshot] = await currentSnapshots(deps.db, deps.config.countyCode, month, [code]);
  if (snapshot) return { figures: asFigures(snapshot.figures), snapshot };
  return { figures: asFigures(await liveFigures(deps, code, month)), snapshot: null };
}

async function townshipsInReach(deps: Deps, auth: AuthState) {
  const all = await deps.db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(and(eq(divisions.parentCode, deps.config.countyCode.padEnd(12, '0')), eq(divisions.level, 'township')))
    .orderBy(asc(divisions.code));
  const grants = townshipGrants(auth.assignments, 'ledger.read');
  if (grants === null) return { all: true, townships: all };
  const ofSites = (
    await deps.db
      .selectDistinct({ code: sites.townshipCode })
      .from(sites)
      .where(siteScope(auth.assignments, 'ledger.read'))
  ).map((r) => r.code);
  const reach = new Set([...grants, ...ofSites]);
  return { all: false, townships: all.filter((t) => reach.has(t.code)) };
}

async function overdueInstances(deps: Deps, month: string, townships: string[] | null) {
  const monthEnd = localDateToInstant(monthDays(month).to);
  const now = deps.clock.now();
  const cutoff = now < monthEnd ? now : monthEnd;
  return deps.db
    .select({
      unit: units.name,
      divisionCode: units.divisionCode,
      text: planItems.text,
      periodKey: taskInstances.periodKey,
      dueAt: taskInstances.dueAt,
      status: taskInstances.status,
    })
    .from(taskInstances)
    .innerJoin(planItems, eq(planItems.id, taskInstances.itemId))
    .innerJoin(units, eq(units.id, taskInstances.partyUnitId))
    .where(
      and(
        inArray(taskInstances.status, [...openStatuses]),
        lt(taskInstances.dueAt, cutoff),
        townships ? inArray(units.divisionCode, townships.length ? townships : ['-']) : undefined,
      ),
    )
    .orderBy(asc(units.name), asc(taskInstances.dueAt))
    .limit(500);
}

const statusLabels: Record<string, string> = { not_started: '未开始', in_progress: '进行中', returned: '已退回' };

function sum(rows: TownshipReport[], pick: (f: Figures) => number, prev = false) {
  return rows.reduce((n, r) => n + pick(prev ? r.previous : r.figures), 0);
}

function ruleTotals(rows: TownshipReport[], ruleId: string, prev = false): RuleCounts {
  const t = { met: 0, notMet: 0, notApplicable: 0 };
  for (const r of rows) {
    const c = (prev ? r.previous : r.figures).ruleResults[ruleId];
    if (!c) continue;
    t.met += c.met;
    t.notMet += c.notMet;
    t.notApplicable += c.notApplicable;
  }
  return t;
}

function render(
  county: string,
  month: string,
  generatedAt: string,
  rows: TownshipReport[],
  overdue: Awaited<ReturnType<typeof overdueInstances>>,
) {
  const label = periodLabel(parsePeriodKey(month));
  const prevLabel = periodLabel(previousPeriod(parsePeriodKey(month)));
  const rate = (f: Figures) => f.revisits.rate;
  const totalDue = sum(rows, (f) => f.revisits.due);
  const totalVisited = sum(rows, (f) => f.revisits.revisited);
  const prevDue = sum(rows, (f) => f.revisits.due, true);
  const prevVisited = sum(rows, (f) => f.revisits.revisited, true);
  const countyRate = totalDue ? totalVisited / totalDue : null;
  const prevRate = prevDue ? prevVisited / prevDue : null;
  const ruleIds = [...new Set(rows.flatMap((r) => Object.keys(r.figures.ruleResults)))].sort();
  const ruleTitle = (id: string) => serverRuleRegistry.get(id)?.title ?? id;

  const figureRows = rows
    .map(
      (r) => `<tr><td>${esc(r.name)}</td><td>${esc(r.state)}</td><td class="n">${r.figures.households}</td>
<td class="n">${r.figures.persons}</td><td class="n">${r.figures.labourers}</td><td class="n">${r.figures.employed}</td>
<td class="n">${r.figures.monitoredHouseholds}</td><td class="n">${r.figures.revisits.revisited}/${r.figures.revisits.due}</td>
<td class="n">${pct(rate(r.figures))}</td></tr>`,
    )
    .join('\n');
  const changeRows = rows
    .map(
      (r) => `<tr><td>${esc(r.name)}</td><td class="n">${signed(r.figures.households - r.previous.households)}</td>
<td class="n">${signed(r.figures.persons - r.previous.persons)}</td>
<td class="n">${signed(r.figures.employed - r.previous.employed)}</td>
<td class="n">${signed(r.figures.monitoredHouseholds - r.previous.monitoredHouseholds)}</td>
<td class="n">${pp(rate(r.figures), rate(r.previous))}</td>
<td class="n">${signed(
        Object.values(r.figures.ruleResults).reduce((n, c) => n + c.notMet, 0) -
          Object.values(r.previous.ruleResults).reduce((n, c) => n + c.notMet, 0),
      )}</td></tr>`,
    )
    .join('\n');
  const ruleRows = ruleIds
    .map((id) => {
      const t = ruleTotals(rows, id);
      const p = ruleTotals(rows, id, true);
      const perTownship = rows
        .filter((r) => (r.figures.ruleResults[id]?.notMet ?? 0) > 0)
        .map((r) => `${r.name}${r.figures.ruleResults[id]!.notMet}`)
        .join('、');
      return `<tr><td>${esc(id)}</td><td>${esc(ruleTitle(id))}</td><td class="n">${t.met}</td><td class="n">${t.notMet}</td>
<td class="n">${t.notApplicable}</td><td class="n">${signed(t.notMet - p.notMet)}</td><td>${esc(perTownship || '—')}</td></tr>`;
    })
    .join('\n');
  const overdueRows = overdue
    .map(
      (o) => `<tr><td>${esc(o.unit)}</td><td>${esc(o.text)}</td><td>${esc(o.periodKey)}</td>
<td>${esc(formatLocal(o.dueAt))}</td><td>${esc(statusLabels[o.status] ?? o.status)}</td></tr>`,
    )
    .join('\n');
  const categories = [...new Set(rows.flatMap((r) => Object.keys(r.figures.monitoredByCategory)))].sort();
  const title = `${county}易地扶贫搬迁后续扶持工作月度报告`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}（${esc(label)}）</title>
<style>
@page { size: A4 landscape; margin: 14mm 12mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", "宋体", serif; font-size: 12pt; color: #000; margin: 0 auto; max-width: 270mm; }
h1 { text-align: center; font-size: 20pt; margin: 0 0 4pt; }
.sub { text-align: center; margin: 0 0 12pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 3pt 5pt; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; }
.note { font-size: 10pt; color: #333; }
@media print { .noprint { display: none; } }
</style></head><body>
<p class="noprint"><button onclick="window.print()">打印 / 另存为 PDF</button></p>
<h1>${esc(title)}</h1>
<p class="sub">统计期间：${esc(label)}&#12288;&#12288;生成时间：${esc(generatedAt)}</p>
<p class="note">有月末快照的乡镇（月度确认或次月4日自动冻结时生成）读取快照，数字可复现；其余乡镇为生成时的实时数据。</p>
<h2>一、主要指标</h2>
<table><thead><tr><th>乡镇</th><th>月度确认</th><th>搬迁户（户）</th><th>人口（人）</th><th>劳动力（人）</th><th>务工（人）</th>
<th>监测户（户）</th><th>回访（已访/应访）</th><th>回访完成率</th></tr></thead>
<tbody>
${figureRows}
</tbody>
<tfoot><tr><td>合计</td><td></td><td class="n">${sum(rows, (f) => f.households)}</td><td class="n">${sum(rows, (f) => f.persons)}</td>
<td class="n">${sum(rows, (f) => f.labourers)}</td><td class="n">${sum(rows, (f) => f.employed)}</td>
<td class="n">${sum(rows, (f) => f.monitoredHouseholds)}</td><td class="n">${totalVisited}/${totalDue}</td><td class="n">${pct(countyRate)}</td></tr></tfoot>
</table>
<p>监测户按类别：${
    categories.length
      ? categories.map((c) => `${esc(c)} ${sum(rows, (f) => f.monitoredByCategory[c] ?? 0)} 户`).join('；')
      : '本月无监测户'
  }。</p>
<h2>二、规则结果</h2>
${
  ruleIds.length
    ? `<table><thead><tr><th>规则</th><th>名称</th><th>达标</th><th>未达标</th><th>不适用</th><th>未达标较上月</th><th>未达标的乡镇（个数）</th></tr></thead>
<tbody>
${ruleRows}
</tbody></table>`
    : '<p>本月尚无规则计算结果。</p>'
}
<h2>三、逾期未完成的责任清单任务</h2>
${
  overdue.length
    ? `<table><thead><tr><th>责任单位</th><th>事项</th><th>期间</th><th>截止时间</th><th>状态</th></tr></thead>
<tbody>
${overdueRows}
</tbody></table>`
    : '<p>本月无逾期任务。</p>'
}
<h2>四、较上月（${esc(prevLabel)}）变化</h2>
<table><thead><tr><th>乡镇</th><th>搬迁户</th><th>人口</th><th>务工</th><th>监测户</th><th>回访完成率</th><th>未达标结果数</th></tr></thead>
<tbody>
${changeRows}
</tbody>
<tfoot><tr><td>全县</td><td class="n">${signed(sum(rows, (f) => f.households) - sum(rows, (f) => f.households, true))}</td>
<td class="n">${signed(sum(rows, (f) => f.persons) - sum(rows, (f) => f.persons, true))}</td>
<td class="n">${signed(sum(rows, (f) => f.employed) - sum(rows, (f) => f.employed, true))}</td>
<td class="n">${signed(sum(rows, (f) => f.monitoredHouseholds) - sum(rows, (f) => f.monitoredHouseholds, true))}</td>
<td class="n">${pp(countyRate, prevRate)}</td><td></td></tr></tfoot>
</table>
</body></html>`;
}

export async function monthlyReport(deps: Deps, auth: AuthState, actor: ActorContext, month: string): Promise<string> {
  const { all, townships } = await townshipsInReach(deps, auth);
  const [countyRow] = await deps.db
    .select({ name: divisions.name })
    .from(divisions)
    .where(eq(divisions.code, deps.config.countyCode.padEnd(12, '0')));
  const previous = previousPeriod(parsePeriodKey(month)).key;
  const closed = new Set(
    (
      await deps.db
        .select({ code: monthCloses.townshipCode })
        .from(monthCloses)
        .where(and(eq(monthCloses.month, month), eq(monthCloses.status, 'closed')))
    ).map((c) => c.code),
  );
  const rows: TownshipReport[] = [];
  for (const t of townships) {
    const now = await figuresOf(deps, t.code, month);
    const before = await figuresOf(deps, t.code, previous);
    rows.push({
      code: t.code,
      name: t.name,
      state: closed.has(t.code) ? '已确认' : now.snapshot ? '自动冻结' : '未确认',
      figures: now.figures,
      previous: before.figures,
    });
  }
  const overdue = await overdueInstances(deps, month, all ? null : townships.map((t) => t.code));
  await writeAuditEvent(deps.db, deps.clock, actor, 'report.generate', [
    { type: 'report', id: `monthly-${month}`, before: null, after: { month, townships: rows.length } },
  ]);
  return render(countyRow?.name ?? '本县', month, formatLocal(deps.clock.now()), rows, overdue);
}
