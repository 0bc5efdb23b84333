import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  identificationClock,
  nextStep,
  postingDays,
  riskOfSignal,
  signalRisk,
  stepRefusal,
  type DoneStep,
} from './monitoring';
import { riskSignalKinds } from './revisits';
import { asOfPeriod, evaluateRule } from './rules/registry';
import { identificationRule, judgeIdentification, type IdentificationCaseFact } from './rules/identification-rule';
import { fixedClock } from './periods';

const p = { identificationDays: 15, atRiskDays: 3 };
const order = ['a', 'b', 'c'] as const;
type S = (typeof order)[number];

describe('identification clock (national rule: 15 days, a parameter)', () => {
  it('counts calendar days across month and year ends', () => {
    expect(daysBetween('2026-01-31', '2026-02-01')).toBe(1);
    expect(daysBetween('2025-12-25', '2026-01-09')).toBe(15);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
  });

  it('is on time on the due day, late the day after', () => {
    const onDue = identificationClock('2026-03-01', '2026-03-16', p);
    expect(onDue).toMatchObject({ dueOn: '2026-03-16', daysUsed: 15, daysLeft: 0, late: false, atRisk: true });
    const after = identificationClock('2026-03-01', '2026-03-17', p);
    expect(after).toMatchObject({ daysLeft: -1, late: true, atRisk: false });
  });

  it('is at risk with at most atRiskDays left, not before', () => {
    expect(identificationClock('2026-03-01', '2026-03-12', p).atRisk).toBe(false); // 4 left
    expect(identificationClock('2026-03-01', '2026-03-13', p).atRisk).toBe(true); // 3 left
    expect(identificationClock('2026-03-01', '2026-03-13', { ...p, atRiskDays: 2 }).atRisk).toBe(false);
  });

  it('stops at the result: late only if the result came after the due day', () => {
    expect(identificationClock('2026-03-01', '2026-05-01', p, '2026-03-16')).toMatchObject({
      finished: true,
      late: false,
      daysUsed: 15,
      daysLeft: null,
    });
    expect(identificationClock('2026-03-01', '2026-05-01', p, '2026-03-17').late).toBe(true);
  });

  it('follows the limit parameter', () => {
    expect(identificationClock('2026-03-01', '2026-03-12', { ...p, identificationDays: 10 }).late).toBe(true);
  });
});

describe('step order', () => {
  const done = (step: S, outcome: 'passed' | 'failed', stepDate = '2026-03-02'): DoneStep<S> => ({
    step,
    outcome,
    stepDate,
  });

  it('names the first step not done while the earlier ones passed', () => {
    expect(nextStep(order, [])).toBe('a');
    expect(nextStep(order, [done('a', 'passed')])).toBe('b');
    expect(nextStep(order, [done('a', 'passed'), done('b', 'passed'), done('c', 'passed')])).toBeNull();
  });

  it('ends the procedure at a failed step', () => {
    expect(nextStep(order, [done('a', 'passed'), done('b', 'failed')])).toBeNull();
  });

  it('refuses a step out of order, before the clue, or dated before the previous step', () => {
    expect(stepRefusal(order, [], 'b', '2026-03-02', '2026-03-01')).toContain('按顺序');
    expect(stepRefusal(order, [], 'a', '2026-02-28', '2026-03-01')).toContain('早于线索');
    expect(stepRefusal(order, [done('a', 'passed', '2026-03-05')], 'b', '2026-03-04', '2026-03-01')).toContain(
      '上一步骤',
    );
    expect(stepRefusal(order, [done('a', 'passed', '2026-03-05')], 'b', '2026-03-05', '2026-03-01')).toBeNull();
    expect(stepRefusal(order, [done('a', 'failed')], 'b', '2026-03-05', '2026-03-01')).toContain('已结束');
  });

  it('counts posting days inclusively', () => {
    expect(postingDays('2026-03-01', '2026-03-05')).toBe(5);
    expect(postingDays('2026-02-27', '2026-03-02')).toBe(4);
  });
});

describe('revisit signal → risk type', () => {
  it('maps every signal kind', () => {
    for (const kind of riskSignalKinds) expect(signalRisk[kind]).toBeDefined();
    expect(riskOfSignal({ kind: 'serious_illness' })).toEqual({ riskTypes: ['illness'], flags: [] });
    expect(riskOfSignal({ kind: 'job_lost' })).toEqual({ riskTypes: ['unstable_employment'], flags: [] });
    expect(riskOfSignal({ kind: 'member_death' }).riskTypes).toEqual(['lack_of_labour']);
    expect(riskOfSignal({ kind: 'dropout' })).toEqual({ riskTypes: ['education'], flags: ['dropout'] });
    expect(riskOfSignal({ kind: 'unsafe_housing' }).flags).toEqual(['housing_unsafe']);
    expect(riskOfSignal({ kind: 'unsafe_water' }).flags).toEqual(['water_unsafe']);
    expect(riskOfSignal({ kind: 'disaster' }).riskTypes).toEqual(['disaster']);
  });
});

describe('R07', () => {
  const base: IdentificationCaseFact = {
    caseId: 'c1',
    householdId: 'h1',
    householdNumber: 'H001',
    status: 'monitored',
    startedOn: '2026-03-01',
    identifiedOn: '2026-03-10',
    riskTypes: ['illness', 'education'],
    measures: [
      { id: 'm1', riskType: 'illness' },
      { id: 'm2', riskType: 'education' },
    ],
  };
  const params = { identificationDays: 15, atRiskDays: 3, postingMinDays: 5, minMeasuresPerRisk: 1 };

  it('is met when identified in time with a measure per risk', () => {
    expect(judgeIdentification(base, params, '2026-06-01').verdict).toBe('met');
  });

  it('is not met when a risk has no measure, naming it', () => {
    const v = judgeIdentification({ ...base, measures: [{ id: 'm1', riskType: 'illness' }] }, params, '2026-06-01');
    expect(v.verdict).toBe('not_met');
    expect(v.values.uncoveredRiskTypes).toEqual(['education']);
  });

  it('is not met when identification ran late, or is still running past the limit', () => {
    expect(judgeIdentification({ ...base, identifiedOn: '2026-03-20' }, params, '2026-06-01').verdict).toBe('not_met');
    const running = { ...base, status: 'identifying' as const, identifiedOn: null, measures: [] };
    expect(judgeIdentification(running, params, '2026-03-16').verdict).toBe('met');
    expect(judgeIdentification(running, params, '2026-03-17').verdict).toBe('not_met');
  });

  it('evaluates through the registry with default parameters as of a day', () => {
    const run = evaluateRule(identificationRule, [base], {
      period: asOfPeriod('2026-06-01'),
      clock: fixedClock('2026-06-01T00:00:00Z'),
      parameterVersion: 0,
    });
    expect(run.results[0]?.verdict).toBe('met');
  });
});
