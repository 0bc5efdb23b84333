import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { RevisitItem } from '@anzhi/contracts/revisits';
import { measureTypeLabels } from '@anzhi/contracts/monitoring-vocabulary';
import {
  addMonthsToMonth,
  type EliminationFacts,
  type MemberFact,
  type RevisitIncomeFact,
} from '@anzhi/domain/monitoring/elimination';
import type { Executor } from '../../db/client';
import { countyDivisionCode } from '../incomes/incomes.repository';
import { householdIncomes, incomeLines } from '../incomes/incomes.table';
import { membershipsOf } from '../registry/households.repository';
import { revisits } from '../revisits/revisits.table';
import { measuresOfCase } from './measures.repository';
import { monitoringCases } from './monitoring.table';

/*
 * Loads the facts of the elimination assessment (packages/domain/src/monitoring/elimination.ts) for one case: its
 * measures, the household's yearly incomes, this year's monitoring line (the township's override, else the
 * county's), the revisits of the stability window, and the current members.
 */

type CaseRow = typeof monitoringCases.$inferSelect;

/** Revisit answers that signal an income drop (the stability condition). */
const dropAnswers: Record<string, { label: string; whats: readonly string[] }> = {
  income: { label: '人均收入', whats: ['减少'] },
  employment: { label: '就业务工', whats: ['失业', '收入减少'] },
  industry: { label: '产业发展', whats: ['减产减收', '产业停止'] },
};

export function revisitIncomeFact(r: {
  id: string;
  month: string;
  visitDate: string;
  changes: Record<string, RevisitItem>;
  situations: Record<string, RevisitItem>;
}): RevisitIncomeFact {
  const incomeDrops: string[] = [];
  for (const [key, spec] of Object.entries(dropAnswers)) {
    const item = r.changes[key];
    if (item?.changed && item.what && spec.whats.includes(item.what)) incomeDrops.push(`${spec.label}：${item.what}`);
  }
  const hardship = r.situations.suddenHardship;
  return {
    id: r.id,
    month: r.month,
    visitDate: r.visitDate,
    incomeDrops,
    suddenHardship: hardship?.changed ? (hardship.what ?? hardship.note ?? '有') : null,
  };
}

/** This year's line for a township: its own row, else the county's. */
export async function incomeLineFor(ex: Executor, countyCode: string, year: number, townshipCode: string | null) {
  const rows = await ex
    .select()
    .from(incomeLines)
    .where(and(eq(incomeLines.countyCode, countyCode), eq(incomeLines.year, year)));
  const own = townshipCode ? rows.find((r) => r.divisionCode === townshipCode) : undefined;
  const line = own ?? rows.find((r) => r.divisionCode === countyDivisionCode(countyCode));
  return line ? { year, amount: line.amount } : null;
}

export async function currentMemberFacts(ex: Executor, householdId: string, today: string): Promise<MemberFact[]> {
  const rows = await membershipsOf(ex, householdId);
  return rows
    .filter((m) => m.member.validFrom <= today && (m.member.validTo === null || m.member.validTo > today))
    .map((m) => ({
      personId: m.person.id,
      name: m.person.name,
      labourCapacity: m.person.labourCapacity,
      medicalInsurance: m.person.medicalInsurance,
      studentStatus: m.person.studentStatus,
    }));
}

export async function eliminationFacts(
  ex: Executor,
  c: CaseRow,
  townshipCode: string | null,
  today: string,
  windowMonths: number,
): Promise<EliminationFacts> {
  const fromMonth = addMonthsToMonth(today.slice(0, 7), -windowMonths);
  const year = Number(today.slice(0, 4));
  const [measures, incomes, line, visits, members] = await Promise.all([
    measuresOfCase(ex, c.id),
    ex
      .select({ year: householdIncomes.year, perCapita: householdIncomes.perCapita })
      .from(householdIncomes)
      .where(eq(householdIncomes.householdId, c.householdId)),
    incomeLineFor(ex, c.countyCode, year, townshipCode),
    ex
      .select({
        id: revisits.id,
        month: revisits.month,
        visitDate: revisits.visitDate,
        changes: revisits.changes,
        situations: revisits.situations,
      })
      .from(revisits)
      .where(and(eq(revisits.householdId, c.householdId), gte(revisits.month, fromMonth)))
      .orderBy(asc(revisits.month)),
    currentMemberFacts(ex, c.householdId, today),
  ]);
  return {
    today,
    identifiedOn: c.identifiedOn,
    riskFlags: c.riskFlags,
    measures: measures.map((m) => ({
      id: m.id,
      type: m.type,
      status: m.status,
      completedOn: m.completedOn,
      emergency: m.emergency,
      label: `${measureTypeLabels[m.type]}：${m.content.length > 20 ? `${m.content.slice(0, 20)}…` : m.content}`,
    })),
    incomes,
    incomeLine: line,
    revisits: visits.map(revisitIncomeFact),
    members,
  };
}

/** Cases of the county in the statuses given (for the R07E run). */
export async function casesWithStatus(ex: Executor, countyCode: string, statuses: CaseRow['status'][]) {
  return ex
    .select()
    .from(monitoringCases)
    .where(and(eq(monitoringCases.countyCode, countyCode), inArray(monitoringCases.status, statuses)));
}
