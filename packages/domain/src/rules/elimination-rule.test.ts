import { describe, expect, it } from 'vitest';
import { fixedClock } from '../periods';
import type { EliminationFacts } from '../monitoring/elimination';
import { eliminationRule, judgeEliminated, type EliminatedCaseFact } from './elimination-rule';
import { asOfPeriod, defaultParameters, evaluateRule } from './registry';

const params = defaultParameters(eliminationRule);
const facts: EliminationFacts = {
  today: '2026-10-01',
  identifiedOn: '2026-03-15',
  riskFlags: [],
  measures: [
    { id: 'm1', type: 'health', status: 'done', completedOn: '2026-05-01', emergency: false, label: '健康帮扶' },
  ],
  incomes: [{ year: 2025, perCapita: 9000 }],
  incomeLine: { year: 2026, amount: 7000 },
  revisits: [],
  members: [
    { personId: 'p1', name: '李一', labourCapacity: '普通劳动力', medicalInsurance: true, studentStatus: '非在校生' },
  ],
};
const eliminated = (over: Partial<EliminatedCaseFact> = {}): EliminatedCaseFact => ({
  caseId: 'c1',
  householdId: 'h1',
  householdNumber: 'H0001',
  status: 'eliminated',
  eliminatedOn: '2026-09-20',
  facts,
  ...over,
});

describe('R07E eliminated households keep meeting the conditions', () => {
  it('is met when the present-state conditions hold (missing revisits after elimination do not matter)', () => {
    const v = judgeEliminated(eliminated(), '2026-10-01', params);
    expect(v.verdict).toBe('met');
    expect(v.evidence.map((e) => e.type)).toEqual(['household', 'monitoring_case']);
  });

  it('names what fails: income below the line, housing unsafe, a whole household unable to work', () => {
    const low = judgeEliminated(
      eliminated({ facts: { ...facts, incomes: [{ year: 2025, perCapita: 6500 }], riskFlags: ['housing_unsafe'] } }),
      '2026-10-01',
      params,
    );
    expect(low.verdict).toBe('not_met');
    expect((low.values.failing as { key: string }[]).map((f) => f.key)).toEqual(['income_above_line', 'housing_safe']);
    const none = { ...facts, members: [{ ...facts.members[0]!, labourCapacity: '无劳动力' }] };
    expect(judgeEliminated(eliminated({ facts: none }), '2026-10-01', params).note).toContain('兜底');
  });

  it('does not judge monitored households', () => {
    expect(judgeEliminated(eliminated({ status: 'monitored' }), '2026-10-01', params).verdict).toBe('not_applicable');
  });

  it('runs in the engine as a national requirement with its defaults', () => {
    const run = evaluateRule(eliminationRule, [eliminated()], {
      parameterVersion: 0,
      period: asOfPeriod('2026-10-01'),
      clock: fixedClock('2026-10-01T02:00:00Z'),
    });
    expect(run.results[0]!.presentation).toBe('met');
    expect(run.parameters).toEqual({
      monitoredMonths: 6,
      incomeStableMonths: 6,
      visitorsMin: 2,
      measureDueSoonDays: 7,
    });
    expect(eliminationRule.source).toBe('national');
  });
});
