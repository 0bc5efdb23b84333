/**
 * Yearly household income (decisions.md, income): per-capita net income from the components of the yearly
 * collection, and its place against the year's monitoring line. Amounts are whole yuan (元).
 */

export interface IncomeComponents {
  /** 工资性收入 */
  wage: number;
  /** 生产经营性收入 */
  business: number;
  /** 财产性收入 */
  property: number;
  /** 转移性收入 */
  transfer: number;
  /** 生产经营性支出 */
  businessCost: number;
  /** 合规自付支出 (rigid spending: compliant out-of-pocket medical and similar costs) */
  rigidSpending: number;
}

/** Household net income of the year: the four incomes less business costs and compliant out-of-pocket spending. */
export function netIncome(c: IncomeComponents): number {
  return c.wage + c.business + c.property + c.transfer - c.businessCost - c.rigidSpending;
}

/**
 * Per-capita net income, rounded to the yuan (half away from zero). `members` are the household's members on the
 * last day of the year (or on the day of collection while the year is still running); null when nobody counts.
 */
export function perCapitaNetIncome(c: IncomeComponents, members: number): number | null {
  if (!Number.isInteger(members) || members <= 0) return null;
  const v = netIncome(c) / members;
  return Math.sign(v) * Math.round(Math.abs(v));
}

export const lineStandings = ['below', 'near', 'above'] as const;
export type LineStanding = (typeof lineStandings)[number];

export const lineStandingLabels: Record<LineStanding, string> = {
  below: '低于监测线',
  near: '临界（监测线以上不足临界幅度）',
  above: '高于监测线',
};

/**
 * Where a per-capita income stands against the line: below it, "near" while under line × (1 + margin%)
 * (临界, the margin is a setting of the line, e.g. 10), above otherwise. Exactly on the line is not below.
 */
export function compareWithLine(perCapita: number, line: number, nearMarginPercent: number): LineStanding {
  if (perCapita < line) return 'below';
  if (perCapita * 100 < line * (100 + nearMarginPercent)) return 'near';
  return 'above';
}
