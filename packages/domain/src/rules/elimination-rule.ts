/**
 * R07E — risk elimination (风险消除, 能消则消; domain.md §4 and §17; national monitoring rules, not the county's
 * plan). Its parameters are the numbers of the elimination procedure (months monitored, months of stable income,
 * visitors of the verification visit, the due-soon window of help measures); the assessment itself is
 * `assessElimination` (packages/domain/src/monitoring/elimination.ts).
 *
 * As a rule it judges households whose risk was eliminated, as of a date: an eliminated household must still meet
 * the conditions that describe its present state (income above the line, 两不愁三保障 and water, not a household
 * that cannot work at all) — the provincial data-quality checks "eliminated but …" of §17. Monitored households are
 * not applicable (their assessment is shown on the case).
 */
import { z } from 'zod';
import { assessElimination, type EliminationConditionKey, type EliminationFacts } from '../monitoring/elimination';
import { defineRule, type EvidenceRef, type RequirementVerdict } from './registry';

export const eliminationParameters = z.object({
  monitoredMonths: z.number().int().min(1).max(36).default(6).describe('风险消除：纳入监测不少于（月）'),
  incomeStableMonths: z.number().int().min(1).max(36).default(6).describe('风险消除：收入持续稳定不少于（月）'),
  visitorsMin: z.number().int().min(1).max(10).default(2).describe('风险消除入户核实不少于（人）'),
  measureDueSoonDays: z.number().int().min(0).max(60).default(7).describe('帮扶措施到期前几天进入责任人待办'),
});
export type EliminationRuleParams = z.output<typeof eliminationParameters>;

export interface EliminatedCaseFact {
  caseId: string;
  householdId: string;
  householdNumber: string;
  status: string;
  eliminatedOn: string | null;
  /** The facts as of the evaluation day (`today` is overwritten with that day). */
  facts: EliminationFacts;
}

/** Conditions about the household's present state (the others are about the history before elimination). */
export const presentStateConditions: readonly EliminationConditionKey[] = [
  'income_above_line',
  'no_dropout',
  'medical_insurance',
  'housing_safe',
  'water_safe',
  'labour_capacity',
];

export function judgeEliminated(c: EliminatedCaseFact, today: string, p: EliminationRuleParams): RequirementVerdict {
  const evidence: EvidenceRef[] = [
    { type: 'household', id: c.householdId, label: c.householdNumber },
    { type: 'monitoring_case', id: c.caseId },
  ];
  if (c.status !== 'eliminated')
    return { entityId: c.householdId, verdict: 'not_applicable', values: {}, evidence, note: '非风险已消除户' };
  const a = assessElimination({ ...c.facts, today }, p);
  const failing = a.conditions.filter((x) => presentStateConditions.includes(x.key) && x.status === 'not_met');
  return {
    entityId: c.householdId,
    verdict: failing.length === 0 ? 'met' : 'not_met',
    values: {
      eliminatedOn: c.eliminatedOn,
      failing: failing.map((x) => ({ key: x.key, detail: x.detail })),
    },
    evidence,
    ...(failing.length > 0 ? { note: `已消除但${failing.map((x) => x.detail).join('；')}` } : {}),
  };
}

export const eliminationRule = defineRule({
  id: 'R07E',
  title: '风险消除户持续符合消除条件（一收入两不愁三保障及饮水安全）',
  clause: '§4（国家防止返贫监测帮扶规定）',
  listRows: ['L5'],
  source: 'national',
  version: 1,
  kind: 'requirement',
  period: 'always',
  scope: 'household',
  parameters: eliminationParameters,
  evaluate(cases: readonly EliminatedCaseFact[], p, context) {
    return cases.map((c) => judgeEliminated(c, context.period.key, p));
  },
});
