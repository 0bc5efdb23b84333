import { localDate, localDateToInstant, periodOf, SHANGHAI_OFFSET_MS } from '@anzhi/domain/periods';

/** How often a periodic job runs: once per Shanghai day, month, or block of minutes/seconds. */
export type Every = 'daily' | 'monthly' | { minutes: number } | { seconds: number };

export interface SchedulePeriod {
  /** '2022-03-15', '2022-03', '2022-03-15T10:05' or '2022-03-15T10:05:35' (Shanghai local time). */
  key: string;
  start: Date;
}

/**
 * The period of `every` containing `instant`, keyed in Asia/Shanghai local time. Blocks of minutes or
 * seconds count from local midnight when they divide a day evenly (5 s, 10 min, 60 min, …).
 */
export function schedulePeriodOf(every: Every, instant: Date): SchedulePeriod {
  if (every === 'daily') {
    const key = localDate(instant);
    return { key, start: localDateToInstant(key) };
  }
  if (every === 'monthly') {
    const p = periodOf('month', instant);
    return { key: p.key, start: p.start };
  }
  const seconds = 'seconds' in every;
  const n = seconds ? every.seconds : every.minutes;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`周期必须是正整数：${String(n)}`);
  const blockMs = n * (seconds ? 1000 : 60_000);
  const localMs = Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / blockMs) * blockMs;
  // toISOString of the shifted instant reads as Shanghai wall-clock time.
  const key = new Date(localMs).toISOString().slice(0, seconds ? 19 : 16);
  return { key, start: new Date(localMs - SHANGHAI_OFFSET_MS) };
}

export const periodicDedupeKey = (kind: string, periodKey: string) => `periodic:${kind}:${periodKey}`;
