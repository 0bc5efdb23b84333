/**
 * R07 (domain.md §4 and §16; plan §4, list row L5): a household flagged by a clue is identified within the time
 * limit (national monitoring rules: 15 days from clue to result), and every monitored household has a help plan
 * with at least one measure per risk type. The procedure and its numbers come from the national monitoring rules
 * (中农组发〔2021〕7号), not from the county's plan — hence `source: 'national'`; every number is a parameter here,
 * and the identification service reads the clock's limit, the at-risk margin and the posting days from these.
 */
import { z } from 'zod';
import { identificationClock } from '../monitoring';
import { defineRule, RuleError, type EvidenceRef, type RequirementVerdict } from './registry';

export interface IdentificationCaseFact {
  caseId: string;
  householdId: string;
  householdNumber: string;
  status: 'identifying' | 'not_included' | 'monitored' | 'eliminated';
  startedOn: string;
  /** The identification result's day (included or not), null while identifying. */
  identifiedOn: string | null;
  riskTypes: readonly string[];
  /** Measures not cancelled, with the risk each answers. */
  measures: readonly { id: string; riskType: string | null }[];
}

export interface IdentificationParameters {
  identificationDays: number;
  atRiskDays: number;
  postingMinDays: number;
  minMeasuresPerRisk: number;
}

/** R07 for one case, on a day: late identification, or a monitored household with a risk and no measure for it. */
export function judgeIdentification(c: IdentificationCaseFact, p: IdentificationParameters, today: string) {
  const clock = identificationClock(c.startedOn, today, p, c.identifiedOn);
  const evidence: EvidenceRef[] = [
    { type: 'household', id: c.householdId, label: c.householdNumber },
    { type: 'monitoring_case', id: c.caseId },
  ];
  const uncovered =
    c.status === 'monitored'
      ? c.riskTypes.filter((r) => c.measures.filter((m) => m.riskType === r).length < p.minMeasuresPerRisk)
      : [];
  const notes: string[] = [];
  if (clock.late) notes.push(`识别超过 ${p.identificationDays} 天时限（已用 ${clock.daysUsed} 天）`);
  if (uncovered.length > 0) notes.push(`${uncovered.length} 项风险没有帮扶措施`);
  const verdict: RequirementVerdict = {
    entityId: c.householdId,
    verdict: notes.length === 0 ? 'met' : 'not_met',
    values: {
      caseId: c.caseId,
      startedOn: c.startedOn,
      dueOn: clock.dueOn,
      daysUsed: clock.daysUsed,
      late: clock.late,
      atRisk: clock.atRisk,
      uncoveredRiskTypes: uncovered,
    },
    evidence: [...evidence, ...c.measures.map((m) => ({ type: 'help_measure', id: m.id }))],
    ...(notes.length > 0 ? { note: notes.join('；') } : {}),
  };
  return verdict;
}

export const identificationRule = defineRule({
  id: 'R07',
  title: '监测对象15天内完成识别，纳入后每项风险至少有1项帮扶措施',
  clause: '§4',
  listRows: ['L5'],
  source: 'national',
  version: 1,
  kind: 'requirement',
  period: 'always',
  scope: 'household',
  parameters: z.object({
    identificationDays: z.number().int().min(1).max(60).default(15).describe('从发现线索到识别结果的时限（天）'),
    atRiskDays: z.number().int().min(0).max(15).default(3).describe('剩余天数不超过此值时提示即将超时'),
    postingMinDays: z.number().int().min(1).max(30).default(5).describe('村级评议结果公示不少于（天）'),
    minMeasuresPerRisk: z.number().int().min(1).max(5).default(1).describe('每项风险至少的帮扶措施数'),
  }),
  evaluate(cases: readonly IdentificationCaseFact[], p, ctx) {
    if (ctx.period.kind !== 'as_of') throw new RuleError('invalid_period', `规则 ${ctx.ruleId} 需要按截至日期评估`);
    return cases.map((c) => judgeIdentification(c, p, ctx.period.key));
  },
});
