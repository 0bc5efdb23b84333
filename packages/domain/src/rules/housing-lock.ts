/**
 * R23 (domain.md §11 and §16; plan §23): resettlement housing may not be sold or sublet (转让、出租、转借) within
 * 20 years, counted from the property certificate's date, or from the housing handover where there is no
 * certificate (a setting). A sale or sublet found is recorded — never refused — and is then a violation with a
 * rectification item (整改).
 */
import { z } from 'zod';
import { isValidLocalDate } from '../periods';
import { defineRule, type EvidenceRef } from './registry';

/** Where the lock starts: the certificate date (else the handover), or always the handover. */
export const lockStartBases = ['certificate_or_handover', 'handover'] as const;
export type LockStartBasis = (typeof lockStartBases)[number];

export interface HousingLockSettings {
  lockYears: number;
  startBasis: LockStartBasis;
}

export interface HousingLockDates {
  certificateDate: string | null;
  handoverDate: string | null;
}

export interface HousingLock {
  /** First day of the lock ('YYYY-MM-DD'). */
  start: string;
  /** First day after the lock (half-open [start, end)). */
  end: string;
  basis: 'certificate' | 'handover';
}

/** The same month and day `years` later; 29 February becomes 1 March in a year without it. */
export function addYears(date: string, years: number): string {
  const text: unknown = date;
  if (!isValidLocalDate(text)) throw new RangeError(`无效的日期“${date}”`);
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return md === '02-29' && !leap ? `${y}-03-01` : `${String(y).padStart(4, '0')}-${md}`;
}

/** The lock window of a household, or null when neither date that can start it is known. */
export function housingLock(dates: HousingLockDates, settings: HousingLockSettings): HousingLock | null {
  const useCertificate = settings.startBasis === 'certificate_or_handover' && dates.certificateDate !== null;
  const start = useCertificate ? dates.certificateDate : dates.handoverDate;
  if (!start) return null;
  return { start, end: addYears(start, settings.lockYears), basis: useCertificate ? 'certificate' : 'handover' };
}

/** True when `day` falls inside the lock window [start, end). */
export function insideLock(lock: HousingLock | null, day: string): boolean {
  return lock !== null && lock.start <= day && day < lock.end;
}

export interface HousingTransactionFact {
  id: string;
  /** 转让 (sale), 出租 (lease) or 转借 (lending). */
  kind: string;
  date: string;
  /** Rectification done (整改完成): the violation is still recorded, but no longer open. */
  rectified: boolean;
}

export interface HousingLockHouseholdFact extends HousingLockDates {
  id: string;
  householdNumber: string;
  transactions: readonly HousingTransactionFact[];
}

export const housingLockRule = defineRule({
  id: 'R23',
  title: '安置住房20年内不得转让、出租、转借',
  clause: '§23',
  listRows: [],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'always',
  scope: 'household',
  parameters: z.object({
    lockYears: z.number().int().min(1).max(99).default(20).describe('禁止转让、出租期限（年）'),
    startBasis: z
      .enum(lockStartBases)
      .default('certificate_or_handover')
      .describe('起算日期（certificate_or_handover：不动产权证发证日期，无证时按交房日期；handover：交房日期）'),
    rectificationDays: z.number().int().min(1).max(365).default(30).describe('整改期限（天）'),
  }),
  /**
   * One verdict per household: not applicable without a start date; not met when a recorded sale or sublet
   * falls inside the window on or before the evaluated day (evidence: the household and each transaction).
   */
  evaluate(households: readonly HousingLockHouseholdFact[], p, context) {
    const day = context.period.key;
    return households.map((h) => {
      const lock = housingLock(h, p);
      const values = { lockStart: lock?.start ?? null, lockEnd: lock?.end ?? null, basis: lock?.basis ?? null };
      if (!lock) {
        return {
          entityId: h.id,
          verdict: 'not_applicable' as const,
          values,
          evidence: [{ type: 'household', id: h.id, label: h.householdNumber }],
          note: '无发证日期和交房日期，无法确定禁售期',
        };
      }
      const inside = h.transactions.filter((t) => t.date <= day && insideLock(lock, t.date));
      const evidence: EvidenceRef[] = [
        { type: 'household', id: h.id, label: h.householdNumber },
        ...inside.map((t) => ({ type: 'housing_transaction', id: t.id, label: `${t.date} ${t.kind}` })),
      ];
      return {
        entityId: h.id,
        verdict: inside.length > 0 ? ('not_met' as const) : ('met' as const),
        values: {
          ...values,
          transactions: inside.length,
          openRectifications: inside.filter((t) => !t.rectified).length,
        },
        evidence,
      };
    });
  },
});
