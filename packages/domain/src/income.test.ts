import { describe, expect, it } from 'vitest';
import { compareWithLine, netIncome, perCapitaNetIncome, type IncomeComponents } from './income';

const zero: IncomeComponents = { wage: 0, business: 0, property: 0, transfer: 0, businessCost: 0, rigidSpending: 0 };

describe('per-capita net income', () => {
  it('adds the four incomes and subtracts business costs and compliant out-of-pocket spending', () => {
    const c = { wage: 30000, business: 8000, property: 1200, transfer: 2400, businessCost: 3000, rigidSpending: 600 };
    expect(netIncome(c)).toBe(38000);
    expect(perCapitaNetIncome(c, 4)).toBe(9500);
  });

  it('rounds to the yuan and keeps a negative figure', () => {
    expect(perCapitaNetIncome({ ...zero, wage: 10000 }, 3)).toBe(3333);
    expect(perCapitaNetIncome({ ...zero, wage: 10001 }, 2)).toBe(5001);
    expect(perCapitaNetIncome({ ...zero, business: 1000, businessCost: 4001 }, 2)).toBe(-1501);
  });

  it('has no per-capita figure without members', () => {
    expect(perCapitaNetIncome({ ...zero, wage: 5000 }, 0)).toBeNull();
    expect(perCapitaNetIncome({ ...zero, wage: 5000 }, 1.5)).toBeNull();
  });
});

describe('comparison with the monitoring line', () => {
  it('is below under the line, near within the margin above it, above beyond it', () => {
    expect(compareWithLine(6999, 7000, 10)).toBe('below');
    expect(compareWithLine(7000, 7000, 10)).toBe('near');
    expect(compareWithLine(7699, 7000, 10)).toBe('near');
    expect(compareWithLine(7700, 7000, 10)).toBe('above');
  });

  it('has no near band with a zero margin', () => {
    expect(compareWithLine(7000, 7000, 0)).toBe('above');
    expect(compareWithLine(6999, 7000, 0)).toBe('below');
  });
});
