import { deadlineByDay, isValidLocalDate, localDate, nextPeriod, parsePeriodKey } from './periods';

/*
 * Monthly revisit (每月回访, plan §3, list row L6) and month close (月度确认, L7): the pure parts.
 * decisions.md (time): a revisit belongs to the Asia/Shanghai month of its visit date; a township closes
 * its month by the 3rd of the next month (before the 4th begins).
 */

/** The month key ('2022-03') a revisit dated `visitDate` (a Shanghai calendar date) belongs to. */
export function revisitMonth(visitDate: string): string {
  if (!isValidLocalDate(visitDate)) throw new RangeError(`回访日期无效：${String(visitDate)}`);
  return visitDate.slice(0, 7);
}

/** The month key of an instant, read on the Shanghai calendar (23:59 on the 31st Shanghai is still that month). */
export function monthOfInstant(instant: Date): string {
  return localDate(instant).slice(0, 7);
}

/** R06 default: the township confirms month M by the 3rd of M+1 (a setting; 3 is L7's figure). */
export const MONTH_CLOSE_DAY = 3;

/** The close deadline of a month: the instant the (day+1)th of the next month begins in Shanghai. */
export function monthCloseDeadline(month: string, day: number = MONTH_CLOSE_DAY): Date {
  return deadlineByDay(nextPeriod(parsePeriodKey(month)), day);
}

/** First and exclusive last day of a month, as Shanghai calendar dates ('2022-03-01', '2022-04-01'). */
export function monthDays(month: string): { from: string; to: string } {
  const p = parsePeriodKey(month);
  if (p.kind !== 'month') throw new RangeError(`不是月份：${month}`);
  return { from: `${month}-01`, to: `${nextPeriod(p).key}-01` };
}

// ---------------------------------------------------------------------------------------------
// Risk signals: answers a later clue engine (issue 6 item 3) opens monitoring clues from
// ---------------------------------------------------------------------------------------------

export const riskSignalKinds = [
  'income_below_line',
  'serious_illness',
  'job_lost',
  'member_death',
  'disaster',
  'accident',
  'dropout',
  'unsafe_housing',
  'unsafe_water',
] as const;
export type RiskSignalKind = (typeof riskSignalKinds)[number];

export const riskSignalLabels: Record<RiskSignalKind, string> = {
  income_below_line: '人均收入低于监测线',
  serious_illness: '患大病',
  job_lost: '失业',
  member_death: '家庭成员死亡',
  disaster: '自然灾害',
  accident: '意外事故',
  dropout: '辍学',
  unsafe_housing: '住房安全问题',
  unsafe_water: '饮水安全问题',
};

export interface RevisitItemAnswer {
  changed: boolean;
  /** The kind of change or problem, from the item's code list (e.g. 失业, 患大病, 自然灾害). */
  what?: string | null;
  newValue?: string | null;
}

export interface RiskSignal {
  kind: RiskSignalKind;
  /** The answer that caused it, e.g. 'changes.employment' or 'registry.deaths'. */
  source: string;
}

export interface RiskInput {
  changes: Record<string, RevisitItemAnswer | undefined>;
  situations: Record<string, RevisitItemAnswer | undefined>;
  /** Registry changes recorded with the revisit. */
  deaths: number;
  healthChangedTo: readonly string[];
  employmentChangedTo: readonly string[];
  /** Annual per-capita monitoring line (元) when known; the income answer's newValue is an annual estimate. */
  incomeLine?: number | null;
}

/** Code lists of `what` that signal a risk, per answer. */
const whatSignals: Record<string, Partial<Record<string, RiskSignalKind>>> = {
  'changes.householdSize': { 死亡: 'member_death' },
  'changes.health': { 患大病: 'serious_illness' },
  'changes.employment': { 失业: 'job_lost' },
  'situations.suddenHardship': {
    自然灾害: 'disaster',
    意外事故: 'accident',
    重大疾病: 'serious_illness',
    辍学: 'dropout',
    住房安全: 'unsafe_housing',
    饮水安全: 'unsafe_water',
  },
};

/**
 * The answers of a revisit that signal a risk (domain.md §3: income below the line, serious illness, job lost,
 * member died, disaster, dropout …). Pure; each signal names its answer so a clue can say what caused it.
 * Kinds are unique (the first answer that raises a kind names it).
 */
export function revisitRiskSignals(input: RiskInput): RiskSignal[] {
  const out: RiskSignal[] = [];
  const add = (kind: RiskSignalKind, source: string) => {
    if (!out.some((s) => s.kind === kind)) out.push({ kind, source });
  };
  for (const [source, map] of Object.entries(whatSignals)) {
    const [group, key] = source.split('.') as ['changes' | 'situations', string];
    const answer = input[group][key];
    const kind = answer?.changed && answer.what ? map[answer.what] : undefined;
    if (kind) add(kind, source);
  }
  const income = input.changes.income;
  const estimate = income?.changed && income.newValue ? Number(income.newValue) : NaN;
  if (input.incomeLine != null && Number.isFinite(estimate) && estimate < input.incomeLine)
    add('income_below_line', 'changes.income');
  if (input.deaths > 0) add('member_death', 'registry.deaths');
  if (input.healthChangedTo.includes('患有大病')) add('serious_illness', 'registry.health');
  if (input.employmentChangedTo.includes('未就业')) add('job_lost', 'registry.employment');
  return out;
}
