import { describe, expect, it } from 'vitest';
import { CaseStepInputSchema, ClueInputSchema, identificationStepPermission } from './monitoring';
import { categoryAllowed, identificationSteps } from './monitoring-vocabulary';

describe('monitoring category compatibility (domain.md §4)', () => {
  it('never makes a 同步搬迁户 脱贫不稳定户, nor a 搬迁脱贫户 边缘易致贫户; either may be 突发严重困难户', () => {
    expect(categoryAllowed('unstable', '搬迁脱贫户')).toBe(true);
    expect(categoryAllowed('unstable', '同步搬迁户')).toBe(false);
    expect(categoryAllowed('marginal', '同步搬迁户')).toBe(true);
    expect(categoryAllowed('marginal', '搬迁脱贫户')).toBe(false);
    expect(categoryAllowed('sudden', '搬迁脱贫户')).toBe(true);
    expect(categoryAllowed('sudden', '同步搬迁户')).toBe(true);
  });
});

describe('monitoring contracts', () => {
  it('gives every identification step a permission: verify, township review, county approval', () => {
    expect(identificationSteps.map((s) => identificationStepPermission[s])).toEqual([
      'monitoring.verify',
      'monitoring.verify',
      'monitoring.verify',
      'monitoring.township_review',
      'monitoring.county_approve',
      'monitoring.county_approve',
      'monitoring.county_approve',
    ]);
  });

  it('allows at most five distinct risk types', () => {
    const base = { version: 1, step: 'registration', stepDate: '2026-03-01', outcome: 'passed' };
    const six = ['illness', 'education', 'disability', 'disaster', 'accident', 'other'];
    expect(CaseStepInputSchema.safeParse({ ...base, riskTypes: six }).success).toBe(false);
    expect(CaseStepInputSchema.safeParse({ ...base, riskTypes: ['illness', 'illness'] }).success).toBe(false);
    expect(CaseStepInputSchema.safeParse({ ...base, riskTypes: six.slice(0, 5) }).success).toBe(true);
  });

  it('needs a declarant for a self-declaration, and a household or an ID number', () => {
    const base = { id: '0190d1c4-7b1a-7000-8000-000000000001', reportedOn: '2026-03-01', hardship: '困难' };
    expect(ClueInputSchema.safeParse({ ...base, source: 'self_declaration', householdId: base.id }).success).toBe(
      false,
    );
    expect(ClueInputSchema.safeParse({ ...base, source: 'screening' }).success).toBe(false);
    expect(
      ClueInputSchema.safeParse({
        ...base,
        source: 'self_declaration',
        declarant: { name: '张三', idNumber: '360735197003040011' },
      }).success,
    ).toBe(true);
  });
});
