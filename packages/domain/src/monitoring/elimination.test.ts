import { describe, expect, it } from 'vitest';
import { localDate } from '../periods';
import {
  addMonthsToDate,
  assessElimination,
  helpPlanHints,
  monthsBefore,
  type EliminationFacts,
  type RevisitIncomeFact,
} from './elimination';

const revisit = (month: string, over: Partial<RevisitIncomeFact> = {}): RevisitIncomeFact => ({
  id: `r-${month}`,
  month,
  visitDate: `${month}-10`,
  incomeDrops: [],
  suddenHardship: null,
  ...over,
});

/** A case identified 2026-03-15 that meets every condition on 2026-09-15. */
const facts = (over: Partial<EliminationFacts> = {}): EliminationFacts => ({
  today: '2026-09-15',
  identifiedOn: '2026-03-15',
  riskFlags: [],
  measures: [
    { id: 'm1', type: 'health', status: 'done', completedOn: '2026-05-01', emergency: false, label: '健康帮扶' },
  ],
  incomes: [{ year: 2025, perCapita: 9000 }],
  incomeLine: { year: 2026, amount: 7000 },
  revisits: ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'].map((m) => revisit(m)),
  members: [
    { personId: 'p1', name: '张一', labourCapacity: '普通劳动力', medicalInsurance: true, studentStatus: '非在校生' },
    { personId: 'p2', name: '张二', labourCapacity: '无劳动力', medicalInsurance: true, studentStatus: '小学' },
  ],
  ...over,
});

const statusOf = (f: EliminationFacts, key: string) => assessElimination(f).conditions.find((c) => c.key === key)!;

describe('risk elimination assessment', () => {
  it('is eligible when every condition is met, each with its data', () => {
    const a = assessElimination(facts());
    expect(a.unmet).toEqual([]);
    expect(a.eligible).toBe(true);
    expect(a.conditions).toHaveLength(10);
    expect(a.conditions.every((c) => c.detail.length > 0)).toBe(true);
  });

  it('counts exactly six months on the Shanghai calendar (edge instants)', () => {
    // 2026-09-14T16:00Z is 2026-09-15 00:00 in Shanghai: six months are complete.
    expect(statusOf(facts({ today: localDate(new Date('2026-09-14T16:00:00Z')) }), 'monitored_months').status).toBe(
      'met',
    );
    // One second earlier it is still 2026-09-14 in Shanghai.
    expect(statusOf(facts({ today: localDate(new Date('2026-09-14T15:59:59Z')) }), 'monitored_months').status).toBe(
      'not_met',
    );
    expect(statusOf(facts({ identifiedOn: null }), 'monitored_months').status).toBe('unknown');
  });

  it('clamps month ends when adding months', () => {
    expect(addMonthsToDate('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsToDate('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonthsToDate('2026-03-15', 6)).toBe('2026-09-15');
    expect(monthsBefore('2026-01-05', 2)).toEqual(['2025-11', '2025-12']);
  });

  it('needs at least one measure carried out', () => {
    const planned = [
      { id: 'm1', type: 'health', status: 'in_progress', completedOn: null, emergency: false, label: 'x' },
    ];
    expect(statusOf(facts({ measures: planned }), 'measure_done').status).toBe('not_met');
  });

  it('needs income above this year line, and unknown without a line or an income', () => {
    expect(statusOf(facts({ incomes: [{ year: 2025, perCapita: 7000 }] }), 'income_above_line').status).toBe('not_met');
    expect(statusOf(facts({ incomeLine: null }), 'income_above_line').status).toBe('unknown');
    expect(statusOf(facts({ incomes: [] }), 'income_above_line').status).toBe('unknown');
    // The latest year counts.
    const two = [
      { year: 2025, perCapita: 6000 },
      { year: 2026, perCapita: 8000 },
    ];
    expect(statusOf(facts({ incomes: two }), 'income_above_line').status).toBe('met');
  });

  it('needs stable income in each of the last six months', () => {
    const dropped = facts().revisits.map((r) =>
      r.month === '2026-06' ? { ...r, incomeDrops: ['就业务工：失业'] } : r,
    );
    const c = statusOf(facts({ revisits: dropped }), 'income_stable');
    expect(c.status).toBe('not_met');
    expect(c.detail).toContain('2026-06');
    const gap = statusOf(facts({ revisits: facts().revisits.filter((r) => r.month !== '2026-04') }), 'income_stable');
    expect(gap.status).toBe('unknown');
    expect(gap.data.missing).toEqual(['2026-04']);
  });

  it('needs large expenses resolved: no open emergency measure, no recent sudden hardship', () => {
    const emergency = [
      ...facts().measures,
      { id: 'm2', type: 'social_security', status: 'planned', completedOn: null, emergency: true, label: '临时救助' },
    ];
    expect(statusOf(facts({ measures: emergency }), 'large_expenses_resolved').status).toBe('not_met');
    const hardship = facts().revisits.map((r) => (r.month === '2026-08' ? { ...r, suddenHardship: '重大疾病' } : r));
    expect(statusOf(facts({ revisits: hardship }), 'large_expenses_resolved').status).toBe('not_met');
  });

  it('checks 两不愁三保障 and water from flags and members; a matching done measure resolves a flag', () => {
    expect(statusOf(facts({ riskFlags: ['dropout'] }), 'no_dropout').status).toBe('not_met');
    expect(statusOf(facts({ riskFlags: ['housing_unsafe'] }), 'housing_safe').status).toBe('not_met');
    expect(statusOf(facts({ riskFlags: ['water_unsafe'] }), 'water_safe').status).toBe('not_met');
    const water = [
      ...facts().measures,
      { id: 'm3', type: 'water_safety', status: 'done', completedOn: '2026-06-01', emergency: false, label: '饮水' },
    ];
    expect(statusOf(facts({ riskFlags: ['water_unsafe'], measures: water }), 'water_safe').status).toBe('met');
    const uninsured = facts().members.map((m, i) => (i === 1 ? { ...m, medicalInsurance: false } : m));
    const c = statusOf(facts({ members: uninsured }), 'medical_insurance');
    expect(c.status).toBe('not_met');
    expect(c.detail).toContain('张二');
  });

  it('never eliminates a household whose whole membership cannot work', () => {
    const none = facts().members.map((m) => ({ ...m, labourCapacity: '丧失劳动力' }));
    const a = assessElimination(facts({ members: none }));
    expect(a.eligible).toBe(false);
    expect(a.unmet.map((c) => c.key)).toEqual(['labour_capacity']);
  });

  it('takes thresholds as parameters', () => {
    const a = assessElimination(facts({ today: '2026-06-15' }), { monitoredMonths: 3, incomeStableMonths: 3 });
    expect(a.conditions.find((c) => c.key === 'monitored_months')!.status).toBe('met');
    expect(a.conditions.find((c) => c.key === 'income_stable')!.status).toBe('met');
  });

  it('hints development help for those able to work and safety net for those who cannot', () => {
    expect(helpPlanHints([{ labourCapacity: '普通劳动力' }], ['health'])[0]).toContain('开发式');
    expect(helpPlanHints([{ labourCapacity: '普通劳动力' }], ['employment'])).toEqual([]);
    expect(helpPlanHints([{ labourCapacity: '无劳动力' }], ['health'])[0]).toContain('兜底');
    expect(helpPlanHints([{ labourCapacity: '无劳动力' }], ['social_security'])).toEqual([]);
  });
});
