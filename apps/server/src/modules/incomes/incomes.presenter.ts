import type { HouseholdIncome, IncomeLine } from '@anzhi/contracts/incomes';
import { compareWithLine, netIncome } from '@anzhi/domain/income';
import type { IncomeLineRow, IncomeListRow } from './incomes.repository';

const iso = (v: string | Date) => new Date(v).toISOString();

export function presentLine(row: IncomeLineRow, divisionName: string | null, level: string | null): IncomeLine {
  return {
    id: row.id,
    year: row.year,
    divisionCode: row.divisionCode,
    divisionName: divisionName ?? row.divisionCode,
    level: level === 'township' ? 'township' : 'county',
    amount: row.amount,
    nearMarginPercent: row.nearMarginPercent,
    note: row.note,
    version: row.version,
    updatedAt: iso(row.updatedAt),
  };
}

/** The income of a list row, compared with the line that applies; null when not collected. */
export function presentIncome(r: IncomeListRow): HouseholdIncome | null {
  if (r.incomeId === null) return null;
  const components = {
    wage: r.wage ?? 0,
    business: r.business ?? 0,
    property: r.property ?? 0,
    transfer: r.transfer ?? 0,
    businessCost: r.businessCost ?? 0,
    rigidSpending: r.rigidSpending ?? 0,
  };
  const standing =
    r.perCapita !== null && r.lineAmount !== null
      ? compareWithLine(r.perCapita, r.lineAmount, r.lineMargin ?? 0)
      : null;
  return {
    id: r.incomeId,
    householdId: r.householdId,
    householdNumber: r.householdNumber,
    headName: r.headName,
    year: r.year ?? 0,
    ...components,
    netIncome: netIncome(components),
    memberCount: r.memberCount ?? 0,
    perCapita: r.perCapita,
    line: r.lineAmount,
    standing,
    note: r.note ?? '',
    version: r.version ?? 1,
    recordedByName: r.recordedByName,
    updatedAt: r.updatedAt ? iso(r.updatedAt) : '',
  };
}
