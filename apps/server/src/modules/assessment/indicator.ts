import type { AssessmentUnitKind } from '@anzhi/contracts/assessment';
import { periodOf, type Period } from '@anzhi/domain/periods';
import type { Deps } from '../../platform/deps';
import type { AssessmentEvidenceRow } from './assessment.table';

/**
 * An assessment indicator (§27): pluggable, so each feature adds its own to `assessment-indicators.ts`.
 * `compute` scores the units it has data for, 0–100, each with the evidence rows behind the score. A unit
 * it returns nothing for is "not available" for that indicator (never zero); an indicator whose data is
 * not connected yet says `available: false` and is shown as 数据尚未接入.
 */
export interface IndicatorScore {
  unitKind: AssessmentUnitKind;
  unitKey: string;
  unitName: string;
  score: number;
  values: Record<string, unknown>;
  evidence: AssessmentEvidenceRow[];
}

/** What indicators read: the database and the clock (the demo loader computes without a server). */
export type AssessmentDeps = Pick<Deps, 'db' | 'clock'>;

export interface IndicatorContext {
  year: number;
  /** When the computation runs (injected clock). */
  now: Date;
  /** The year's periods of a kind that have ended by `now` (only finished periods are judged). */
  endedPeriods(kind: 'month' | 'half_year'): Period[];
}

export interface AssessmentIndicatorDef {
  id: string;
  name: string;
  description: string;
  unitKinds: readonly AssessmentUnitKind[];
  defaultWeight: number;
  available: boolean;
  compute(deps: AssessmentDeps, ctx: IndicatorContext): Promise<IndicatorScore[]>;
}

export function indicatorContext(year: number, now: Date): IndicatorContext {
  return {
    year,
    now,
    endedPeriods(kind) {
      const out: Period[] = [];
      let p = periodOf(kind, new Date(Date.UTC(year, 0, 1, 12)));
      while (p.key.startsWith(String(year)) && p.end.getTime() <= now.getTime()) {
        out.push(p);
        p = periodOf(kind, p.end);
      }
      return out;
    },
  };
}

/** Rate in percent rounded to one decimal. */
export const percent = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

/** Accumulates met / applicable counts and evidence per unit. */
export class UnitTally {
  readonly #units = new Map<
    string,
    {
      kind: AssessmentUnitKind;
      key: string;
      name: string;
      met: number;
      total: number;
      evidence: AssessmentEvidenceRow[];
    }
  >();

  add(unit: { kind: AssessmentUnitKind; key: string; name: string }, met: boolean, evidence: AssessmentEvidenceRow) {
    const id = `${unit.kind}:${unit.key}`;
    const entry = this.#units.get(id) ?? { ...unit, met: 0, total: 0, evidence: [] };
    entry.total += 1;
    if (met) entry.met += 1;
    entry.evidence.push(evidence);
    this.#units.set(id, entry);
  }

  scores(valuesOf: (met: number, total: number) => Record<string, unknown>): IndicatorScore[] {
    return [...this.#units.values()].map((u) => ({
      unitKind: u.kind,
      unitKey: u.key,
      unitName: u.name,
      score: percent(u.met, u.total),
      values: valuesOf(u.met, u.total),
      evidence: u.evidence,
    }));
  }
}
