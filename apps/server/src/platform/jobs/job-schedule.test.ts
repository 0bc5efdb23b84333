import { describe, expect, it } from 'vitest';
import { backoffMs } from './job-definition';
import { periodicDedupeKey, schedulePeriodOf } from './job-schedule';

describe('schedule periods (Asia/Shanghai)', () => {
  // 2022-03-15 23:59:58 in Shanghai.
  const lateEvening = new Date('2022-03-15T15:59:58Z');

  it('keys days and months by Shanghai local date, not UTC', () => {
    expect(schedulePeriodOf('daily', lateEvening)).toEqual({
      key: '2022-03-15',
      start: new Date('2022-03-14T16:00:00Z'),
    });
    expect(schedulePeriodOf('daily', new Date('2022-03-15T16:00:00Z')).key).toBe('2022-03-16');
    expect(schedulePeriodOf('monthly', new Date('2022-03-31T16:00:00Z'))).toEqual({
      key: '2022-04',
      start: new Date('2022-03-31T16:00:00Z'),
    });
  });

  it('blocks of minutes and seconds start at local midnight', () => {
    expect(schedulePeriodOf({ minutes: 10 }, lateEvening)).toEqual({
      key: '2022-03-15T23:50',
      start: new Date('2022-03-15T15:50:00Z'),
    });
    expect(schedulePeriodOf({ seconds: 5 }, lateEvening)).toEqual({
      key: '2022-03-15T23:59:55',
      start: new Date('2022-03-15T15:59:55Z'),
    });
    expect(schedulePeriodOf({ seconds: 5 }, new Date('2022-03-15T16:00:00Z')).key).toBe('2022-03-16T00:00:00');
    expect(() => schedulePeriodOf({ minutes: 0 }, lateEvening)).toThrow(RangeError);
    expect(periodicDedupeKey('audit.seal', '2022-03-15')).toBe('periodic:audit.seal:2022-03-15');
  });
});

describe('backoff', () => {
  it('doubles from the base up to the cap, or follows a function', () => {
    expect([1, 2, 3].map((a) => backoffMs({ baseMs: 1000 }, a))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(undefined, 1)).toBe(30_000);
    expect(backoffMs(undefined, 20)).toBe(3_600_000);
    expect(backoffMs({ baseMs: 100, factor: 3, maxMs: 500 }, 3)).toBe(500);
    expect(backoffMs((a) => a * 7, 2)).toBe(14);
  });
});
