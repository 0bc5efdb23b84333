import { addDays, isValidLocalDate } from './periods';
import type { RiskSignal, RiskSignalKind } from './revisits';

/*
 * 防止返贫动态监测 identification (domain.md §4): the pure parts. The procedure and its numbers (15 days from clue
 * to result, posting ≥ 5 days) come from the national monitoring rules, not from the county's plan; the numbers are
 * parameters of rule R07 (rules/identification-rule.ts), passed in here.
 */

/** Whole calendar days from `from` to `to` ('YYYY-MM-DD'; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  if (!isValidLocalDate(from) || !isValidLocalDate(to)) throw new RangeError(`日期无效：${from} / ${to}`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface ClockParameters {
  /** Days from the clue to the identification result (national rule: 15). */
  identificationDays: number;
  /** A running case with this many days left or fewer is at risk (default 3). */
  atRiskDays: number;
}

export interface IdentificationClock {
  startedOn: string;
  dueOn: string;
  /** Days used: to the result when there is one, else to today. */
  daysUsed: number;
  /** Days left until the due date (negative when late); null once there is a result. */
  daysLeft: number | null;
  /** The result came after the due date, or there is none and the due date has passed. */
  late: boolean;
  /** No result yet, not late, and at most `atRiskDays` days left. */
  atRisk: boolean;
  finished: boolean;
}

/** The due date of an identification started on `startedOn` (the clue's day). */
export function identificationDueOn(startedOn: string, p: Pick<ClockParameters, 'identificationDays'>): string {
  return addDays(startedOn, p.identificationDays);
}

/**
 * The clock of an identification against its limit, on `today` (Shanghai calendar) or at its result
 * (`finishedOn`). The due day itself is still on time; the day after is late.
 */
export function identificationClock(
  startedOn: string,
  today: string,
  p: ClockParameters,
  finishedOn: string | null = null,
): IdentificationClock {
  const dueOn = identificationDueOn(startedOn, p);
  if (finishedOn) {
    return {
      startedOn,
      dueOn,
      daysUsed: daysBetween(startedOn, finishedOn),
      daysLeft: null,
      late: finishedOn > dueOn,
      atRisk: false,
      finished: true,
    };
  }
  const daysLeft = daysBetween(today, dueOn);
  const late = daysLeft < 0;
  return {
    startedOn,
    dueOn,
    daysUsed: Math.max(0, daysBetween(startedOn, today)),
    daysLeft,
    late,
    atRisk: !late && daysLeft <= p.atRiskDays,
    finished: false,
  };
}

export interface DoneStep<S extends string> {
  step: S;
  outcome: 'passed' | 'failed';
  stepDate: string;
}

/**
 * The step that comes next in `order` given the steps done: the first not yet done, provided every earlier one
 * passed. null when the procedure is over (all passed, or one failed).
 */
export function nextStep<S extends string>(order: readonly S[], done: readonly DoneStep<S>[]): S | null {
  for (const step of order) {
    const d = done.find((x) => x.step === step);
    if (!d) return step;
    if (d.outcome === 'failed') return null;
  }
  return null;
}

/** Why a step may not be recorded now (out of order, date before the previous step), or null when it may. */
export function stepRefusal<S extends string>(
  order: readonly S[],
  done: readonly DoneStep<S>[],
  step: S,
  stepDate: string,
  startedOn: string,
): string | null {
  const next = nextStep(order, done);
  if (next === null) return '识别程序已结束，不能再登记步骤';
  if (step !== next) return `请按顺序办理：下一步应为“${next}”`;
  if (stepDate < startedOn) return '步骤日期不能早于线索发现日期';
  const last = done.reduce<string | null>((m, d) => (m === null || d.stepDate > m ? d.stepDate : m), null);
  if (last && stepDate < last) return `步骤日期不能早于上一步骤的日期（${last}）`;
  return null;
}

/** Inclusive days of a posting period (公示): 1 Mar to 5 Mar is 5 days. */
export function postingDays(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

// ---------------------------------------------------------------------------------------------
// Revisit risk signals → monitoring clue risk types and flags
// ---------------------------------------------------------------------------------------------

/** The risk type names of `monitoring-vocabulary.ts` a signal maps to (kept as strings: domain has no contracts). */
export type SignalRiskType =
  'illness' | 'education' | 'disaster' | 'accident' | 'unstable_employment' | 'lack_of_labour' | 'other';
export type SignalRiskFlag = 'housing_unsafe' | 'water_unsafe' | 'dropout';

/**
 * The risk type (and flag) each revisit signal points to. A member's death is read as a loss of labour (缺劳动力);
 * income below the line, unsafe housing and unsafe water have no risk type of their own (其他, with the flag).
 */
export const signalRisk: Record<RiskSignalKind, { riskType: SignalRiskType; flag?: SignalRiskFlag }> = {
  income_below_line: { riskType: 'other' },
  serious_illness: { riskType: 'illness' },
  job_lost: { riskType: 'unstable_employment' },
  member_death: { riskType: 'lack_of_labour' },
  disaster: { riskType: 'disaster' },
  accident: { riskType: 'accident' },
  dropout: { riskType: 'education', flag: 'dropout' },
  unsafe_housing: { riskType: 'other', flag: 'housing_unsafe' },
  unsafe_water: { riskType: 'other', flag: 'water_unsafe' },
};

export function riskOfSignal(signal: Pick<RiskSignal, 'kind'>): {
  riskTypes: SignalRiskType[];
  flags: SignalRiskFlag[];
} {
  const m = signalRisk[signal.kind];
  return { riskTypes: [m.riskType], flags: m.flag ? [m.flag] : [] };
}
