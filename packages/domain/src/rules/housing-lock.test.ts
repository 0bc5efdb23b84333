import { describe, expect, it } from 'vitest';
import { fixedClock } from '../periods';
import { addYears, housingLock, housingLockRule, insideLock, type HousingLockHouseholdFact } from './housing-lock';
import { asOfPeriod, evaluateRule } from './registry';

const defaults = { lockYears: 20, startBasis: 'certificate_or_handover' } as const;

describe('housing lock (§23)', () => {
  it('adds years, turning 29 February into 1 March in a common year', () => {
    expect(addYears('2019-10-01', 20)).toBe('2039-10-01');
    expect(addYears('2020-02-29', 20)).toBe('2040-02-29');
    expect(addYears('2020-02-29', 21)).toBe('2041-03-01');
  });

  it('starts at the certificate date, or at the handover without a certificate, or as the setting says', () => {
    expect(housingLock({ certificateDate: '2020-05-01', handoverDate: '2019-10-01' }, defaults)).toEqual({
      start: '2020-05-01',
      end: '2040-05-01',
      basis: 'certificate',
    });
    expect(housingLock({ certificateDate: null, handoverDate: '2019-10-01' }, defaults)).toEqual({
      start: '2019-10-01',
      end: '2039-10-01',
      basis: 'handover',
    });
    expect(
      housingLock(
        { certificateDate: '2020-05-01', handoverDate: '2019-10-01' },
        { lockYears: 10, startBasis: 'handover' },
      ),
    ).toEqual({ start: '2019-10-01', end: '2029-10-01', basis: 'handover' });
    expect(housingLock({ certificateDate: null, handoverDate: null }, defaults)).toBeNull();
  });

  it('is half-open: the end day is already outside', () => {
    const lock = housingLock({ certificateDate: '2020-05-01', handoverDate: null }, defaults);
    expect(insideLock(lock, '2020-05-01')).toBe(true);
    expect(insideLock(lock, '2040-04-30')).toBe(true);
    expect(insideLock(lock, '2040-05-01')).toBe(false);
    expect(insideLock(lock, '2020-04-30')).toBe(false);
    expect(insideLock(null, '2030-01-01')).toBe(false);
  });
});

describe('rule R23', () => {
  const h = (id: string, over: Partial<HousingLockHouseholdFact> = {}): HousingLockHouseholdFact => ({
    id,
    householdNumber: `HH-${id}`,
    certificateDate: '2020-05-01',
    handoverDate: '2019-10-01',
    transactions: [],
    ...over,
  });
  const run = (households: HousingLockHouseholdFact[], parameters = {}) =>
    evaluateRule(housingLockRule, households, {
      parameters,
      parameterVersion: 0,
      period: asOfPeriod('2022-03-15'),
      clock: fixedClock('2022-03-15T02:00:00Z'),
    });

  it('flags a sale or sublet inside the window, with the transaction as evidence', () => {
    const result = run([
      h('a'),
      h('b', { transactions: [{ id: 't1', kind: '出租', date: '2021-06-01', rectified: false }] }),
      h('c', { certificateDate: null, handoverDate: null }),
      // Before the certificate, but the setting counts from the handover: inside.
      h('d', { transactions: [{ id: 't2', kind: '转让', date: '2020-01-01', rectified: true }] }),
    ]);
    const by = new Map(result.results.map((r) => [r.entityId, r]));
    expect(by.get('a')).toMatchObject({ verdict: 'met', presentation: 'met' });
    expect(by.get('b')).toMatchObject({ verdict: 'not_met', presentation: 'violation' });
    expect(by.get('b')!.evidence).toContainEqual({ type: 'housing_transaction', id: 't1', label: '2021-06-01 出租' });
    expect(by.get('b')!.values).toMatchObject({ lockEnd: '2040-05-01', openRectifications: 1 });
    expect(by.get('c')).toMatchObject({ verdict: 'not_applicable' });
    // With the certificate date as start, a transaction before it is outside the window.
    expect(by.get('d')).toMatchObject({ verdict: 'met' });
    const handover = run(
      [h('d', { transactions: [{ id: 't2', kind: '转让', date: '2020-01-01', rectified: true }] })],
      {
        startBasis: 'handover',
      },
    );
    expect(handover.results[0]).toMatchObject({ verdict: 'not_met', values: { openRectifications: 0 } });
  });

  it('ignores transactions after the evaluated day and after the window', () => {
    const result = run([
      h('e', { transactions: [{ id: 't3', kind: '转借', date: '2022-03-16', rectified: false }] }),
      h('f', {
        certificateDate: '1990-01-01',
        transactions: [{ id: 't4', kind: '转让', date: '2015-01-01', rectified: false }],
      }),
    ]);
    expect(result.results.map((r) => r.verdict)).toEqual(['met', 'met']);
  });
});
