import type { CaseDetail } from '@anzhi/contracts/monitoring';
import {
  type caseStepLabels,
  disasterKindLabels,
  monitoringCategoryLabels,
  nationalRuleLabel,
  riskFlagLabels,
  riskTypeLabels,
} from '@anzhi/contracts/monitoring-vocabulary';

/*
 * The papers of identification, as printable A4 HTML (print CSS): 入户核实表 (household, members with masked ID
 * numbers, risks, signature lines), 公示名单 for the village board (masked numbers, posting dates) and 结果公告.
 * Only masked numbers ever appear on paper.
 */

export const paperKinds = ['verification', 'posting', 'announcement'] as const;
export type PaperKind = (typeof paperKinds)[number];
export const paperTitles: Record<PaperKind, string> = {
  verification: '防止返贫监测对象入户核实表',
  posting: '防止返贫监测对象村级评议结果公示名单',
  announcement: '防止返贫监测对象识别结果公告',
};

const esc = (s: string | number | null | undefined) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "SimSun", "Songti SC", serif; font-size: 12pt; color: #000; margin: 0 auto; max-width: 180mm; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 6mm; }
table { width: 100%; border-collapse: collapse; margin: 3mm 0; }
th, td { border: 1px solid #000; padding: 2mm; text-align: left; vertical-align: top; }
.meta { display: flex; justify-content: space-between; margin: 2mm 0; }
.sign { margin-top: 10mm; display: flex; justify-content: space-between; }
.note { font-size: 9pt; color: #333; margin-top: 8mm; }
@media print { .noprint { display: none; } }
</style></head><body>
<p class="noprint"><button onclick="window.print()">打印</button></p>
<h1>${esc(title)}</h1>
${body}
<p class="note">${esc(nationalRuleLabel)}</p>
</body></html>`;

function risksText(c: CaseDetail): string {
  const risks = c.riskTypes.map((r) =>
    r === 'disaster' && c.disasterKind
      ? `${riskTypeLabels[r]}（${disasterKindLabels[c.disasterKind]}）`
      : riskTypeLabels[r],
  );
  const flags = c.riskFlags.map((f) => riskFlagLabels[f]);
  return [...risks, ...flags].join('、') || '—';
}

const householdRows = (c: CaseDetail) => `<table>
<tr><th>户编号</th><td>${esc(c.householdNumber)}</td><th>户主</th><td>${esc(c.headName)}</td></tr>
<tr><th>户类别</th><td>${esc(c.householdCategory)}</td><th>安置点 / 乡镇</th><td>${esc(c.siteName ?? '分散安置')} / ${esc(c.townshipName)}</td></tr>
<tr><th>线索发现日期</th><td>${esc(c.startedOn)}</td><th>识别时限</th><td>${esc(c.dueOn)} 前（${c.clock.limitDays} 天）</td></tr>
</table>`;

function verification(c: CaseDetail): string {
  const step = c.steps.find((s) => s.step === 'household_verification');
  const members = c.members
    .map(
      (m, i) =>
        `<tr><td>${i + 1}</td><td>${esc(m.name)}</td><td>${esc(m.relation)}</td><td>${esc(m.idNumber ?? '—')}</td><td>${esc(m.health)}</td></tr>`,
    )
    .join('');
  const clues = c.clues.map((x) => `<li>${esc(x.reportedOn)} ${esc(x.reason)}</li>`).join('');
  return page(
    paperTitles.verification,
    `${householdRows(c)}
<h3>家庭成员</h3>
<table><tr><th>序号</th><th>姓名</th><th>与户主关系</th><th>身份证号码</th><th>健康状况</th></tr>${members}</table>
<h3>风险线索</h3><ul>${clues || '<li>—</li>'}</ul>
<table>
<tr><th>主要风险</th><td>${esc(risksText(c))}</td></tr>
<tr><th>核实日期</th><td>${esc(step?.stepDate ?? '')}</td></tr>
<tr><th>核实情况</th><td style="height:30mm">${esc(step?.note ?? '')}</td></tr>
<tr><th>核实人员</th><td>${esc(step?.participants.join('、') ?? '')}</td></tr>
</table>
<p>本户承诺所提供信息真实有效，并授权有关部门查询核对家庭收入、财产等信息。</p>
<div class="sign"><span>户主（签字/手印）：__________</span><span>核实人员（签字）：__________</span><span>日期：________</span></div>`,
  );
}

function posting(c: CaseDetail): string {
  const step = c.steps.find((s) => s.step === 'village_review');
  return page(
    paperTitles.posting,
    `<p>经农户申请（或干部排查、部门预警）、入户核实、信息比对和村级民主评议，拟将下列农户纳入防止返贫监测对象，现予公示。</p>
<div class="meta"><span>公示期：${esc(step?.postedFrom ?? '____')} 至 ${esc(step?.postedTo ?? '____')}（不少于 ${c.postingMinDays} 天）</span></div>
<table><tr><th>序号</th><th>户主</th><th>户主身份证号码</th><th>家庭人口</th><th>安置点</th><th>主要风险</th></tr>
<tr><td>1</td><td>${esc(c.headName)}</td><td>${esc(c.members.find((m) => m.relation === '户主')?.idNumber ?? '—')}</td><td>${c.members.length}</td><td>${esc(c.siteName ?? '分散安置')}</td><td>${esc(risksText(c))}</td></tr>
</table>
<p>公示期间如有异议，请向村（社区）或乡镇反映。</p>
<div class="sign"><span>村（社区）民委员会（盖章）</span><span>${esc(step?.stepDate ?? '')}</span></div>`,
  );
}

function announcement(c: CaseDetail): string {
  const step = c.steps.find((s) => s.step === 'announcement');
  const result =
    c.status === 'not_included'
      ? `不予纳入（${esc(c.notIncludedReason)}）`
      : c.category
        ? `纳入${esc(monitoringCategoryLabels[c.category])}`
        : '待建档';
  return page(
    paperTitles.announcement,
    `<p>根据防止返贫动态监测和帮扶工作程序，经县级审批，下列农户识别结果公告如下：</p>
<table><tr><th>户主</th><th>户主身份证号码</th><th>安置点 / 乡镇</th><th>识别结果</th><th>主要风险</th></tr>
<tr><td>${esc(c.headName)}</td><td>${esc(c.members.find((m) => m.relation === '户主')?.idNumber ?? '—')}</td><td>${esc(c.siteName ?? '分散安置')} / ${esc(c.townshipName)}</td><td>${result}</td><td>${esc(risksText(c))}</td></tr>
</table>
<p>公告日期：${esc(step?.stepDate ?? '________')}</p>
<div class="sign"><span>县防止返贫监测帮扶工作领导小组（盖章）</span></div>`,
  );
}

/** The printable HTML of one paper of a case. */
export function renderPaper(kind: PaperKind, c: CaseDetail): string {
  if (kind === 'verification') return verification(c);
  if (kind === 'posting') return posting(c);
  return announcement(c);
}

export const paperStep: Record<PaperKind, keyof typeof caseStepLabels> = {
  verification: 'household_verification',
  posting: 'village_review',
  announcement: 'announcement',
};
