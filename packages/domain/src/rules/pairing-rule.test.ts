import { describe, expect, it } from 'vitest';
import { asOfPeriod, evaluateRule } from './registry';
import { fixedClock } from '../periods';
import { judgePairing, pairingGapOf, pairingRule, type PairingHouseholdFact } from './pairing-rule';

const cadre = (id: string) => ({ pairingId: id, cadreName: `干部${id}` });
const household = (over: Partial<PairingHouseholdFact>): PairingHouseholdFact => ({
  id: 'h1',
  householdNumber: 'H0001',
  monitoringStatus: '脱贫不稳定户',
  destination: cadre('d'),
  origin: cadre('o'),
  ...over,
});

describe('R03 two-way pairing', () => {
  it('is met with a cadre on both sides and names both pairings as evidence', () => {
    const v = judgePairing(household({}), false);
    expect(v.verdict).toBe('met');
    expect(v.evidence.map((e) => e.type)).toEqual(['household', 'pairing', 'pairing']);
  });

  it('is not met with one side only, and flags 两不管 with neither', () => {
    expect(judgePairing(household({ origin: null }), false)).toMatchObject({
      verdict: 'not_met',
      values: { gap: 'destination_only' },
    });
    const none = judgePairing(household({ origin: null, destination: null }), false);
    expect(none.verdict).toBe('not_met');
    expect(none.note).toContain('两不管');
    expect(pairingGapOf({ destination: null, origin: cadre('o') })).toBe('origin_only');
  });

  it('does not apply outside the three categories; 风险已消除 only when the setting says so', () => {
    expect(judgePairing(household({ monitoringStatus: '未纳入监测', origin: null }), false).verdict).toBe(
      'not_applicable',
    );
    const eliminated = household({ monitoringStatus: '风险已消除', origin: null });
    expect(judgePairing(eliminated, false).verdict).toBe('not_applicable');
    expect(judgePairing(eliminated, true).verdict).toBe('not_met');
  });

  it('runs through the registry with its default parameters', () => {
    const run = evaluateRule(pairingRule, [household({}), household({ id: 'h2', destination: null })], {
      parameters: { includeEliminated: false },
      parameterVersion: 0,
      period: asOfPeriod('2022-03-15'),
      clock: fixedClock('2022-03-15T02:00:00Z'),
      scopeKey: '360735',
    });
    expect(run.results.map((r) => r.verdict)).toEqual(['met', 'not_met']);
  });
});
