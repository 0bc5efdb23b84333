/**
 * R04 (domain.md §16; plan §3, list row L6): every relocated household is revisited at least once a month
 * (每月至少回访 1 次), judged per household and rolled up to its site (or, for 分散安置, its destination village
 * and township). Households due are those with a placement period overlapping the month, at their last placement
 * in the month (the revisit completion's rule). The server's set-based SQL twin (rules-sql.ts) agrees.
 */
import { z } from 'zod';
import { defineRule, RuleError, type EvidenceRef, type RequirementVerdict } from './registry';

export interface RevisitHouseholdFact {
  id: string;
  householdNumber: string;
  siteId: string | null;
  townshipCode: string | null;
  villageCode: string | null;
  /** Revisits of the household in the month (normally 0 or 1: one per household and month). */
  revisits: readonly { id: string; visitDate: string }[];
}

export function judgeRevisit(h: RevisitHouseholdFact, required: number): RequirementVerdict {
  const visits = [...h.revisits].sort((a, b) =>
    a.visitDate === b.visitDate ? (a.id < b.id ? -1 : 1) : a.visitDate < b.visitDate ? -1 : 1,
  );
  const evidence: EvidenceRef[] = [
    { type: 'household', id: h.id, label: h.householdNumber },
    ...visits.map((v) => ({ type: 'revisit', id: v.id, label: v.visitDate })),
  ];
  return {
    entityId: h.id,
    verdict: visits.length >= required ? 'met' : 'not_met',
    values: {
      revisits: visits.length,
      required,
      siteId: h.siteId,
      townshipCode: h.townshipCode,
      villageCode: h.villageCode,
    },
    evidence,
    ...(visits.length === 0 ? { note: '本月未回访' } : {}),
  };
}

export const monthlyRevisitRule = defineRule({
  id: 'R04',
  title: '搬迁户每月至少回访 1 次',
  clause: '§3',
  listRows: ['L6'],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'month',
  scope: 'household',
  parameters: z.object({
    minRevisitsPerMonth: z.number().int().min(1, '应至少为 1').max(1).default(1).describe('每户每月最少回访次数'),
  }),
  evaluate(households: readonly RevisitHouseholdFact[], p, ctx) {
    if (ctx.period.kind !== 'month') throw new RuleError('invalid_period', `规则 ${ctx.ruleId} 需要按月评估`);
    return households.map((h) => judgeRevisit(h, p.minRevisitsPerMonth));
  },
});
