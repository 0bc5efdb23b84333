import { describe, expect, it } from 'vitest';
import { fixedClock, parsePeriodKey } from '../periods';
import { evaluateRule } from './registry';
import { chainDeadline, comparisonChainRule, judgeDepartment, judgePlace, type ChainFact } from './comparison-chain';

const deadline = chainDeadline('2026-03', 25);
const before = new Date('2026-03-20T02:00:00Z');
const after = new Date('2026-03-26T02:00:00Z');

describe('R05 department comparison chain by the 25th', () => {
  it('the deadline is the end of the 25th, Shanghai time', () => {
    expect(deadline.toISOString()).toBe('2026-03-25T16:00:00.000Z');
  });

  it('a department is met when it delivered by the deadline (one kind, or every kind when required)', () => {
    const f = {
      entity: 'department' as const,
      id: 'u1',
      name: '县医保局',
      kinds: [
        { key: 'a', title: 'A', deliveredAt: before, batchId: 'b1' },
        { key: 'b', title: 'B', deliveredAt: after, batchId: 'b2' },
      ],
    };
    expect(judgeDepartment(f, deadline, { chainDay: 25, requireEveryKind: false })).toMatchObject({
      verdict: 'met',
      values: { deliveredOnTime: 1, late: 1 },
    });
    expect(judgeDepartment(f, deadline, { chainDay: 25, requireEveryKind: true }).verdict).toBe('not_met');
    const none = judgeDepartment({ ...f, kinds: f.kinds.map((k) => ({ ...k, deliveredAt: null })) }, deadline, {
      chainDay: 25,
      requireEveryKind: false,
    });
    expect(none.verdict).toBe('not_met');
    expect(none.note).toContain('未按时报送');
  });

  it('a place needs every warning verified and the deliberation held by the deadline', () => {
    const place = {
      entity: 'place' as const,
      id: 'site:s1',
      name: '城南',
      warnings: [
        { id: 'w1', verifiedAt: before },
        { id: 'w2', verifiedAt: before },
      ],
      deliberation: { id: 'd1', heldOn: '2026-03-24' },
    };
    expect(judgePlace(place, deadline, '2026-03-25').verdict).toBe('met');
    const late = judgePlace({ ...place, warnings: [{ id: 'w1', verifiedAt: after }] }, deadline, '2026-03-25');
    expect(late).toMatchObject({ verdict: 'not_met', values: { warnings: 1, verifiedOnTime: 0 } });
    const noMeeting = judgePlace(
      { ...place, deliberation: { id: 'd1', heldOn: '2026-03-27' } },
      deadline,
      '2026-03-25',
    );
    expect(noMeeting.note).toContain('综合研判');
    expect(judgePlace({ ...place, warnings: [], deliberation: null }, deadline, '2026-03-25').verdict).toBe('met');
  });

  it('runs through the registry for a month, with the chain day as a parameter', () => {
    const facts: ChainFact[] = [
      {
        entity: 'department',
        id: 'u1',
        name: '县医保局',
        kinds: [{ key: 'a', title: 'A', deliveredAt: after, batchId: 'b' }],
      },
    ];
    const run = evaluateRule(comparisonChainRule, facts, {
      parameterVersion: 0,
      period: parsePeriodKey('2026-03'),
      clock: fixedClock('2026-04-01T00:00:00Z'),
    });
    expect(run.results[0]?.verdict).toBe('not_met');
    const later = evaluateRule(comparisonChainRule, facts, {
      parameterVersion: 1,
      parameters: { chainDay: 28 },
      period: parsePeriodKey('2026-03'),
      clock: fixedClock('2026-04-01T00:00:00Z'),
    });
    expect(later.results[0]?.verdict).toBe('met');
  });
});
