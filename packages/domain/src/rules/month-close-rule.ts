/**
 * R06 (domain.md §16; list row L7): each township closes its month (月度确认 of the revisits and the 三类人员
 * ledger) by the 3rd of the next month, i.e. before the (closeDay + 1)th begins in Shanghai.
 *
 * Met: closed before the deadline. Not met: closed after it, or still not closed once it has passed. Not
 * applicable: not closed yet while the deadline is still ahead (nothing is late yet). A month the county reopened
 * and the township has not closed again counts as not closed.
 */
import { z } from 'zod';
import { monthCloseDeadline } from '../revisits';
import { formatLocal } from '../periods';
import { defineRule, RuleError, type EvidenceRef, type RequirementVerdict } from './registry';

export interface TownshipCloseFact {
  code: string;
  name: string;
  /** The township's month close, if any was ever recorded. */
  close: { id: string; status: 'closed' | 'reopened'; closedAt: Date } | null;
}

export function judgeMonthClose(t: TownshipCloseFact, month: string, closeDay: number, now: Date): RequirementVerdict {
  const deadline = monthCloseDeadline(month, closeDay);
  const closed = t.close?.status === 'closed' ? t.close : null;
  const evidence: EvidenceRef[] = [{ type: 'township', id: t.code, label: t.name }];
  if (t.close) evidence.push({ type: 'month_close', id: t.close.id });
  const values = {
    deadline: deadline.toISOString(),
    closedAt: closed?.closedAt.toISOString() ?? null,
    townshipCode: t.code,
  };
  if (closed) {
    const onTime = closed.closedAt.getTime() < deadline.getTime();
    return {
      entityId: t.code,
      verdict: onTime ? 'met' : 'not_met',
      values,
      evidence,
      ...(onTime ? {} : { note: `逾期确认（${formatLocal(closed.closedAt)}）` }),
    };
  }
  if (now.getTime() < deadline.getTime()) {
    return { entityId: t.code, verdict: 'not_applicable', values, evidence, note: '尚未到确认截止时间' };
  }
  return { entityId: t.code, verdict: 'not_met', values, evidence, note: '逾期未确认' };
}

export const monthCloseRule = defineRule({
  id: 'R06',
  title: '乡镇每月 3 日前完成上月月度确认',
  clause: 'L7',
  listRows: ['L7'],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'month',
  scope: 'township',
  parameters: z.object({
    closeDay: z.number().int().min(1, '应至少为 1').max(28).default(3).describe('次月最迟确认日（日）'),
  }),
  evaluate(townships: readonly TownshipCloseFact[], p, ctx) {
    if (ctx.period.kind !== 'month') throw new RuleError('invalid_period', `规则 ${ctx.ruleId} 需要按月评估`);
    const month = ctx.period.key;
    return townships.map((t) => judgeMonthClose(t, month, p.closeDay, ctx.now));
  },
});
