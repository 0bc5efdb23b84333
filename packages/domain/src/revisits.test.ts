import { describe, expect, it } from 'vitest';
import { monthCloseDeadline, monthDays, monthOfInstant, revisitMonth, revisitRiskSignals } from './revisits';
import { isOverdue } from './periods';

const none = { changes: {}, situations: {}, deaths: 0, healthChangedTo: [], employmentChangedTo: [] };

describe('revisit month', () => {
  it('is the Shanghai month of the visit date', () => {
    expect(revisitMonth('2022-03-31')).toBe('2022-03');
    expect(revisitMonth('2022-04-01')).toBe('2022-04');
    expect(() => revisitMonth('2022-02-30')).toThrow(RangeError);
  });
  it('reads an instant on the Shanghai calendar at the month edge', () => {
    // 2022-03-31 23:59:59 in Shanghai is still March, although UTC says 15:59 on the 31st …
    expect(monthOfInstant(new Date('2022-03-31T15:59:59Z'))).toBe('2022-03');
    // … and one second later it is April in Shanghai while UTC still says March.
    expect(monthOfInstant(new Date('2022-03-31T16:00:00Z'))).toBe('2022-04');
  });
  it('gives the half-open day range of a month', () => {
    expect(monthDays('2022-12')).toEqual({ from: '2022-12-01', to: '2023-01-01' });
    expect(monthDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-03-01' });
  });
});

describe('month close deadline (R06, L7: by the 3rd of the next month)', () => {
  it('is the instant the 4th of the next month begins in Shanghai', () => {
    expect(monthCloseDeadline('2022-03').toISOString()).toBe('2022-04-03T16:00:00.000Z');
    expect(monthCloseDeadline('2022-12').toISOString()).toBe('2023-01-03T16:00:00.000Z');
  });
  it('is not overdue at 23:59 on the 3rd, overdue when the 4th begins', () => {
    const d = monthCloseDeadline('2022-03');
    expect(isOverdue(d, new Date('2022-04-03T15:59:59Z'))).toBe(false);
    expect(isOverdue(d, new Date('2022-04-03T16:00:00Z'))).toBe(true);
  });
});

describe('revisit risk signals', () => {
  it('finds none in an unchanged revisit', () => {
    expect(revisitRiskSignals(none)).toEqual([]);
  });
  it('names the answer behind each signal', () => {
    const signals = revisitRiskSignals({
      ...none,
      changes: {
        employment: { changed: true, what: '失业' },
        health: { changed: true, what: '好转' },
        income: { changed: true, what: '减少', newValue: '5800' },
      },
      situations: { suddenHardship: { changed: true, what: '自然灾害' } },
      incomeLine: 7000,
    });
    expect(signals).toEqual([
      { kind: 'job_lost', source: 'changes.employment' },
      { kind: 'disaster', source: 'situations.suddenHardship' },
      { kind: 'income_below_line', source: 'changes.income' },
    ]);
  });
  it('reads registry changes and does not repeat a kind', () => {
    const signals = revisitRiskSignals({
      ...none,
      changes: { householdSize: { changed: true, what: '死亡' } },
      deaths: 1,
      healthChangedTo: ['患有大病'],
      employmentChangedTo: ['县内务工'],
    });
    expect(signals).toEqual([
      { kind: 'member_death', source: 'changes.householdSize' },
      { kind: 'serious_illness', source: 'registry.health' },
    ]);
  });
  it('ignores an income at or above the line, or with no line known', () => {
    const income = { changed: true, what: '增加', newValue: '9000' };
    expect(revisitRiskSignals({ ...none, changes: { income }, incomeLine: 9000 })).toEqual([]);
    expect(revisitRiskSignals({ ...none, changes: { income: { ...income, newValue: '100' } } })).toEqual([]);
  });
});
