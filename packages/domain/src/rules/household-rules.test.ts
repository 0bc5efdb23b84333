import { describe, expect, it } from 'vitest';
import { fixedClock, parsePeriodKey } from '../periods';
import { householdEmploymentRule, judgeEmployment, type EmploymentMemberFact } from './employment-rule';
import { judgeMonthClose, monthCloseRule, type TownshipCloseFact } from './month-close-rule';
import { evaluateRule } from './registry';
import { judgeRevisit, monthlyRevisitRule, type RevisitHouseholdFact } from './revisit-rule';

const params = { smallHouseholdMax: 5, largeHouseholdRequired: 2, minCanWorkForLarge: 2 };
const member = (i: number, labour: string | null, work: string | null): EmploymentMemberFact => ({
  personId: `p${i}`,
  name: `成员${i}`,
  labourCapacity: labour,
  employmentStatus: work,
});
const household = (members: EmploymentMemberFact[]) => ({
  id: 'h1',
  householdNumber: 'H0001',
  siteId: 's1',
  townshipCode: '360735100000',
  villageCode: null,
  members,
});

describe('R11 household employment', () => {
  it('6 persons, 2 can work, 1 employed: not met (needs 2)', () => {
    const v = judgeEmployment(
      household([
        member(1, '普通劳动力', '县内务工'),
        member(2, '技能劳动力', '未就业'),
        member(3, '无劳动力', null),
        member(4, '丧失劳动力', '不适用'),
        member(5, '无劳动力', '在校生'),
        member(6, '无劳动力', null),
      ]),
      params,
    );
    expect(v.verdict).toBe('not_met');
    expect(v.values).toMatchObject({ persons: 6, canWork: 2, employed: 1, required: 2 });
    expect(v.evidence).toEqual([
      { type: 'household', id: 'h1', label: 'H0001' },
      { type: 'person', id: 'p1', label: '成员1' },
    ]);
  });

  it('5 persons, 1 employed: met', () => {
    const v = judgeEmployment(
      household([
        member(1, '弱劳动力或半劳动力', '公益岗位'),
        member(2, '普通劳动力', '未就业'),
        member(3, '普通劳动力', '未就业'),
        member(4, '无劳动力', null),
        member(5, '无劳动力', null),
      ]),
      params,
    );
    expect(v.verdict).toBe('met');
    expect(v.values).toMatchObject({ persons: 5, required: 1, employed: 1 });
  });

  it('nobody can work: not applicable', () => {
    const v = judgeEmployment(household([member(1, '无劳动力', null), member(2, '丧失劳动力', '不适用')]), params);
    expect(v.verdict).toBe('not_applicable');
    expect(v.note).toBe('家庭无劳动力');
  });

  it('a large household with only one who can work needs one employed; 帮扶车间, 自主创业 and 灵活就业 count', () => {
    const big = [1, 2, 3, 4, 5].map((i) => member(i, '无劳动力', null));
    expect(judgeEmployment(household([...big, member(6, '普通劳动力', '灵活就业')]), params).verdict).toBe('met');
    expect(
      judgeEmployment(
        household([...big.slice(0, 4), member(5, '普通劳动力', '帮扶车间'), member(6, '普通劳动力', '自主创业')]),
        params,
      ).verdict,
    ).toBe('met');
    expect(judgeEmployment(household([...big, member(6, '普通劳动力', '在校生')]), params).verdict).toBe('not_met');
  });

  it('runs through the engine with the thresholds as parameters', () => {
    const run = evaluateRule(householdEmploymentRule, [household([member(1, '普通劳动力', '未就业')])], {
      parameterVersion: 0,
      period: parsePeriodKey('2026-10'),
      clock: fixedClock('2026-11-01T00:00:00Z'),
    });
    expect(run.results[0]).toMatchObject({ verdict: 'not_met', presentation: 'violation', entityType: 'household' });
    expect(() =>
      evaluateRule(householdEmploymentRule, [], {
        parameterVersion: 0,
        period: parsePeriodKey('2026-Q4'),
        clock: fixedClock('2026-11-01T00:00:00Z'),
      }),
    ).toThrow(/按月/);
  });
});

describe('R04 monthly revisit', () => {
  const h = (revisits: RevisitHouseholdFact['revisits']): RevisitHouseholdFact => ({
    id: 'h1',
    householdNumber: 'H0001',
    siteId: 's1',
    townshipCode: 't1',
    villageCode: null,
    revisits,
  });

  it('is met with a revisit in the month, naming it; not met without', () => {
    const met = judgeRevisit(h([{ id: 'r1', visitDate: '2026-10-05' }]), 1);
    expect(met.verdict).toBe('met');
    expect(met.evidence.map((e) => e.type)).toEqual(['household', 'revisit']);
    const miss = judgeRevisit(h([]), 1);
    expect(miss).toMatchObject({ verdict: 'not_met', note: '本月未回访', values: { siteId: 's1', revisits: 0 } });
  });

  it('judges every household due through the engine', () => {
    const run = evaluateRule(monthlyRevisitRule, [h([]), { ...h([]), id: 'h2' }], {
      parameterVersion: 0,
      period: parsePeriodKey('2026-10'),
      clock: fixedClock('2026-11-01T00:00:00Z'),
    });
    expect(run.results.map((r) => r.presentation)).toEqual(['violation', 'violation']);
  });
});

describe('R06 month close by the 3rd', () => {
  const t = (close: TownshipCloseFact['close']): TownshipCloseFact => ({ code: 't1', name: '长洛乡', close });
  // The deadline of 2026-10 is the instant 2026-11-04 00:00 Shanghai begins (2026-11-03T16:00Z).
  const before = new Date('2026-11-03T15:59:59Z');
  const after = new Date('2026-11-03T16:00:00Z');

  it('is met when closed before the 4th begins, not met after', () => {
    expect(judgeMonthClose(t({ id: 'c', status: 'closed', closedAt: before }), '2026-10', 3, after).verdict).toBe(
      'met',
    );
    const late = judgeMonthClose(t({ id: 'c', status: 'closed', closedAt: after }), '2026-10', 3, after);
    expect(late.verdict).toBe('not_met');
    expect(late.note).toContain('逾期确认');
  });

  it('is not applicable before the deadline and not met once it passed unclosed (or reopened)', () => {
    expect(judgeMonthClose(t(null), '2026-10', 3, before).verdict).toBe('not_applicable');
    expect(judgeMonthClose(t(null), '2026-10', 3, after)).toMatchObject({ verdict: 'not_met', note: '逾期未确认' });
    const reopened = t({ id: 'c', status: 'reopened', closedAt: before });
    expect(judgeMonthClose(reopened, '2026-10', 3, after).verdict).toBe('not_met');
  });

  it('takes the close day as a parameter', () => {
    const run = evaluateRule(monthCloseRule, [t({ id: 'c', status: 'closed', closedAt: after })], {
      parameters: { closeDay: 5 },
      parameterVersion: 1,
      period: parsePeriodKey('2026-10'),
      clock: fixedClock(after),
    });
    expect(run.results[0]!.verdict).toBe('met');
  });
});
