/**
 * R05 (domain.md §5; plan list row L5): 各行业部门每个月开展1次数据比对，将预警信息反馈给安置点，安置点对相关信息
 * 进行入户核实，召开会议进行综合研判 — the whole chain by the 25th of the month.
 *
 * One verdict per department (delivered its data of the month by the deadline) and per place (site, or the
 * dispersed households of a township): every warning of the month verified by the deadline and the township's
 * deliberation held by then. A place without warnings only needs nothing: it is met. Pure: the server loads facts.
 */
import { z } from 'zod';
import { deadlineByDay, type Period } from '../periods';
import { defineRule, type EvidenceRef, type RequirementVerdict } from './registry';

export interface ChainDepartmentFact {
  entity: 'department';
  id: string;
  name: string;
  /** The kinds the department delivers, with the instant its current batch of the month was uploaded. */
  kinds: { key: string; title: string; deliveredAt: Date | null; batchId: string | null }[];
}

export interface ChainPlaceFact {
  entity: 'place';
  /** `site:<id>` or `township:<code>` (dispersed households). */
  id: string;
  name: string;
  warnings: { id: string; verifiedAt: Date | null }[];
  /** The township's deliberation of the month. */
  deliberation: { id: string; heldOn: string } | null;
}

export type ChainFact = ChainDepartmentFact | ChainPlaceFact;

export interface ChainParams {
  chainDay: number;
  requireEveryKind: boolean;
}

/** The deadline instant of the month (exclusive: midnight after the chain day, Asia/Shanghai). */
export function chainDeadline(monthKey: string, chainDay: number): Date {
  return deadlineByDay(monthKey, chainDay);
}

export function judgeDepartment(f: ChainDepartmentFact, deadline: Date, p: ChainParams): RequirementVerdict {
  const onTime = f.kinds.filter((k) => k.deliveredAt !== null && k.deliveredAt < deadline);
  const evidence: EvidenceRef[] = onTime.map((k) => ({ type: 'comparison_batch', id: k.batchId!, label: k.title }));
  if (f.kinds.length === 0) return { entityId: f.id, verdict: 'not_applicable', values: {}, evidence };
  const met = p.requireEveryKind ? onTime.length === f.kinds.length : onTime.length > 0;
  return {
    entityId: f.id,
    verdict: met ? 'met' : 'not_met',
    values: {
      kinds: f.kinds.length,
      deliveredOnTime: onTime.length,
      late: f.kinds.filter((k) => k.deliveredAt && k.deliveredAt >= deadline).length,
    },
    evidence,
    ...(met ? {} : { note: onTime.length === 0 ? '本月未按时报送比对数据' : '部分数据类别未按时报送' }),
  };
}

export function judgePlace(f: ChainPlaceFact, deadline: Date, deadlineDate: string): RequirementVerdict {
  const verifiedOnTime = f.warnings.filter((w) => w.verifiedAt !== null && w.verifiedAt < deadline).length;
  const heldOnTime = f.deliberation !== null && f.deliberation.heldOn <= deadlineDate;
  const evidence: EvidenceRef[] = f.deliberation
    ? [{ type: 'comparison_deliberation', id: f.deliberation.id, label: `综合研判 ${f.deliberation.heldOn}` }]
    : [];
  const values = { warnings: f.warnings.length, verifiedOnTime, deliberationHeldOn: f.deliberation?.heldOn ?? null };
  if (f.warnings.length === 0) return { entityId: f.id, verdict: 'met', values, evidence, note: '本月无预警' };
  const met = verifiedOnTime === f.warnings.length && heldOnTime;
  const notes: string[] = [];
  if (verifiedOnTime < f.warnings.length) notes.push(`${f.warnings.length - verifiedOnTime} 条预警未按时核实`);
  if (!heldOnTime) notes.push('未按时召开综合研判');
  return {
    entityId: f.id,
    verdict: met ? 'met' : 'not_met',
    values,
    evidence: [...evidence, ...f.warnings.map((w) => ({ type: 'comparison_warning', id: w.id }))],
    ...(notes.length ? { note: notes.join('；') } : {}),
  };
}

export const comparisonChainRule = defineRule({
  id: 'R05',
  title: '部门数据比对闭环：每月25日前部门报送、入户核实、综合研判',
  clause: '§5',
  listRows: ['L5'],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'month',
  scope: 'site',
  parameters: z.object({
    chainDay: z.number().int().min(1).max(31).default(25).describe('每月完成比对闭环的截止日'),
    requireEveryKind: z.boolean().default(false).describe('部门须报送全部数据类别（否则至少一类）'),
  }),
  evaluate(facts: readonly ChainFact[], p, ctx) {
    const monthKey = (ctx.period as Period).key;
    const deadline = chainDeadline(monthKey, p.chainDay);
    const deadlineDate = `${monthKey}-${String(Math.min(p.chainDay, 31)).padStart(2, '0')}`;
    return facts.map((f) =>
      f.entity === 'department' ? judgeDepartment(f, deadline, p) : judgePlace(f, deadline, deadlineDate),
    );
  },
});
