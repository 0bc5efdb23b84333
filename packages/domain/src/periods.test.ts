import { describe, it, expect } from 'vitest';
import {
  formatDeadline,
  formatLocal,
  SHANGHAI_OFFSET_MS,
  addDays,
  contains,
  currentPeriod,
  daysInMonth,
  deadlineByDay,
  fixedClock,
  isLeapYear,
  isOverdue,
  isPeriodKey,
  isValidLocalDate,
  localDate,
  localDateToInstant,
  nextPeriod,
  parsePeriodKey,
  periodKinds,
  periodLabel,
  periodOf,
  previousPeriod,
  systemClock,
  testClock,
  type Period,
  type PeriodKind,
} from './periods';

const iso = (d: Date): string => d.toISOString();
const at = (s: string): Date => new Date(s);

describe('Shanghai offset', () => {
  it('is +8 hours', () => {
    expect(SHANGHAI_OFFSET_MS).toBe(8 * 3600 * 1000);
  });
});

describe('localDate / localDateToInstant', () => {
  it('maps instants to the Shanghai calendar date', () => {
    expect(localDate(at('2022-03-31T15:59:59.999Z'))).toBe('2022-03-31');
    expect(localDate(at('2022-03-31T16:00:00.000Z'))).toBe('2022-04-01');
    expect(localDate(at('2022-03-31T23:59:00+08:00'))).toBe('2022-03-31');
    expect(localDate(at('2021-12-31T16:00:00Z'))).toBe('2022-01-01');
    expect(localDate(at('2022-01-01T00:00:00Z'))).toBe('2022-01-01');
  });

  it('maps a local date to Shanghai midnight', () => {
    expect(iso(localDateToInstant('2022-04-01'))).toBe('2022-03-31T16:00:00.000Z');
    expect(iso(localDateToInstant('2024-02-29'))).toBe('2024-02-28T16:00:00.000Z');
    expect(iso(localDateToInstant('2022-01-01'))).toBe('2021-12-31T16:00:00.000Z');
  });

  it('round-trips', () => {
    for (const d of ['1900-01-01', '1999-12-31', '2000-02-29', '2022-06-15', '2099-12-31']) {
      expect(localDate(localDateToInstant(d))).toBe(d);
    }
  });

  it('rejects invalid local dates with a Chinese message', () => {
    for (const bad of [
      '2023-02-29',
      '2022-13-01',
      '2022-00-10',
      '2022-04-31',
      '2022-4-1',
      '20220401',
      '',
      ' 2022-04-01',
      '0999-01-01',
    ]) {
      expect(() => localDateToInstant(bad)).toThrow(RangeError);
      expect(() => localDateToInstant(bad)).toThrow(/无效的日期/);
      expect(isValidLocalDate(bad)).toBe(false);
    }
    expect(isValidLocalDate('2024-02-29')).toBe(true);
    expect(isValidLocalDate(20240229)).toBe(false);
  });

  it('does not depend on the host time zone (uses UTC getters only)', () => {
    // Shanghai midnight is never ambiguous and every local date has exactly 24 hours.
    const a = localDateToInstant('2022-03-27');
    const b = localDateToInstant('2022-03-28');
    expect(b.getTime() - a.getTime()).toBe(86_400_000);
  });

  it('rejects invalid instants', () => {
    expect(() => localDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('adds days across month and year boundaries', () => {
    expect(addDays('2022-03-31', 1)).toBe('2022-04-01');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(() => addDays('2023-03-01', 0.5)).toThrow(RangeError);
  });
});

describe('leap years and month lengths', () => {
  it('follows the Gregorian rules', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2022, 4)).toBe(30);
    expect(daysInMonth(2022, 12)).toBe(31);
  });
});

describe('periodOf', () => {
  it('puts 2022-03-31 23:59 Shanghai in March and 2022-03-31T16:00Z (April 1 00:00 Shanghai) in April', () => {
    expect(periodOf('month', at('2022-03-31T23:59:00+08:00')).key).toBe('2022-03');
    expect(periodOf('month', at('2022-03-31T23:59:59.999+08:00')).key).toBe('2022-03');
    expect(periodOf('month', at('2022-03-31T16:00:00Z')).key).toBe('2022-04');
    // Same instants, other kinds: the quarter changes too.
    expect(periodOf('quarter', at('2022-03-31T15:59:59.999Z')).key).toBe('2022-Q1');
    expect(periodOf('quarter', at('2022-03-31T16:00:00Z')).key).toBe('2022-Q2');
  });

  it('computes month bounds as Shanghai midnights', () => {
    const p = periodOf('month', at('2022-03-15T12:00:00+08:00'));
    expect(p).toEqual({
      kind: 'month',
      key: '2022-03',
      start: at('2022-02-28T16:00:00Z'),
      end: at('2022-03-31T16:00:00Z'),
    });
  });

  it('computes quarter, half-year and year keys and bounds', () => {
    const t = at('2022-08-10T10:00:00+08:00');
    const q = periodOf('quarter', t);
    expect(q.key).toBe('2022-Q3');
    expect(iso(q.start)).toBe('2022-06-30T16:00:00.000Z');
    expect(iso(q.end)).toBe('2022-09-30T16:00:00.000Z');
    const h = periodOf('half_year', t);
    expect(h.key).toBe('2022-H2');
    expect(iso(h.start)).toBe('2022-06-30T16:00:00.000Z');
    expect(iso(h.end)).toBe('2022-12-31T16:00:00.000Z');
    const y = periodOf('year', t);
    expect(y.key).toBe('2022');
    expect(iso(y.start)).toBe('2021-12-31T16:00:00.000Z');
    expect(iso(y.end)).toBe('2022-12-31T16:00:00.000Z');
  });

  it('maps every month to the right quarter and half', () => {
    const expected: Array<[number, string, string]> = [
      [1, 'Q1', 'H1'],
      [2, 'Q1', 'H1'],
      [3, 'Q1', 'H1'],
      [4, 'Q2', 'H1'],
      [5, 'Q2', 'H1'],
      [6, 'Q2', 'H1'],
      [7, 'Q3', 'H2'],
      [8, 'Q3', 'H2'],
      [9, 'Q3', 'H2'],
      [10, 'Q4', 'H2'],
      [11, 'Q4', 'H2'],
      [12, 'Q4', 'H2'],
    ];
    for (const [month, q, h] of expected) {
      const t = localDateToInstant(`2023-${String(month).padStart(2, '0')}-01`);
      expect(periodOf('month', t).key).toBe(`2023-${String(month).padStart(2, '0')}`);
      expect(periodOf('quarter', t).key).toBe(`2023-${q}`);
      expect(periodOf('half_year', t).key).toBe(`2023-${h}`);
      expect(periodOf('year', t).key).toBe('2023');
    }
  });

  it('handles the local new year, which starts at 16:00Z on Dec 31', () => {
    expect(periodOf('year', at('2021-12-31T15:59:59.999Z')).key).toBe('2021');
    expect(periodOf('year', at('2021-12-31T16:00:00Z')).key).toBe('2022');
    expect(periodOf('month', at('2021-12-31T16:00:00Z')).key).toBe('2022-01');
    expect(periodOf('half_year', at('2021-12-31T16:00:00Z')).key).toBe('2022-H1');
  });

  it('gives February 29 days in leap years and 28 otherwise', () => {
    const leap = periodOf('month', at('2024-02-10T00:00:00+08:00'));
    expect((leap.end.getTime() - leap.start.getTime()) / 86_400_000).toBe(29);
    const common = periodOf('month', at('2023-02-10T00:00:00+08:00'));
    expect((common.end.getTime() - common.start.getTime()) / 86_400_000).toBe(28);
    expect(periodOf('month', at('2024-02-29T23:59:59+08:00')).key).toBe('2024-02');
    expect(periodOf('month', at('2024-02-29T16:00:00Z')).key).toBe('2024-03');
    const y2024 = periodOf('year', at('2024-06-01T00:00:00Z'));
    expect((y2024.end.getTime() - y2024.start.getTime()) / 86_400_000).toBe(366);
    const y1900 = parsePeriodKey('1900');
    expect((y1900.end.getTime() - y1900.start.getTime()) / 86_400_000).toBe(365);
  });

  it('rejects invalid instants and out-of-range years', () => {
    expect(() => periodOf('month', new Date(Number.NaN))).toThrow(RangeError);
    expect(() => periodOf('year', at('0500-06-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('rejects unknown kinds at runtime', () => {
    expect(() => periodOf('week' as unknown as PeriodKind, at('2022-01-01T00:00:00Z'))).toThrow(/未知的期间类型/);
  });

  it('returns fresh Date objects', () => {
    const a = periodOf('month', at('2022-03-15T00:00:00Z'));
    a.start.setTime(0);
    const b = periodOf('month', at('2022-03-15T00:00:00Z'));
    expect(iso(b.start)).toBe('2022-02-28T16:00:00.000Z');
  });
});

describe('contains (half-open)', () => {
  const march = parsePeriodKey('2022-03');

  it('includes the start instant and excludes the end instant', () => {
    expect(contains(march, march.start)).toBe(true);
    expect(contains(march, new Date(march.start.getTime() - 1))).toBe(false);
    expect(contains(march, new Date(march.end.getTime() - 1))).toBe(true);
    expect(contains(march, march.end)).toBe(false);
  });

  it('agrees with periodOf', () => {
    expect(contains(march, at('2022-03-31T23:59:00+08:00'))).toBe(true);
    expect(contains(march, at('2022-03-31T16:00:00Z'))).toBe(false);
    expect(contains(nextPeriod(march), at('2022-03-31T16:00:00Z'))).toBe(true);
  });

  it('rejects invalid instants', () => {
    expect(() => contains(march, new Date('x'))).toThrow(RangeError);
  });
});

describe('parsePeriodKey', () => {
  it('parses all four kinds', () => {
    expect(parsePeriodKey('2022-03')).toEqual(periodOf('month', at('2022-03-10T00:00:00Z')));
    expect(parsePeriodKey('2022-Q1')).toEqual(periodOf('quarter', at('2022-02-10T00:00:00Z')));
    expect(parsePeriodKey('2022-H1')).toEqual(periodOf('half_year', at('2022-05-10T00:00:00Z')));
    expect(parsePeriodKey('2022-H2').kind).toBe('half_year');
    expect(parsePeriodKey('2022')).toEqual(periodOf('year', at('2022-05-10T00:00:00Z')));
    expect(parsePeriodKey('2022-Q4')).toMatchObject({ kind: 'quarter', key: '2022-Q4' });
    expect(iso(parsePeriodKey('2022-Q4').end)).toBe('2022-12-31T16:00:00.000Z');
    expect(parsePeriodKey('2022-12').key).toBe('2022-12');
    expect(parsePeriodKey('2022-01').key).toBe('2022-01');
  });

  it('round-trips keys through periodOf', () => {
    for (const key of ['2020-01', '2020-12', '2024-02', '2021-Q2', '2021-Q4', '2023-H1', '2023-H2', '1999', '2100']) {
      const p = parsePeriodKey(key);
      expect(p.key).toBe(key);
      expect(periodOf(p.kind, p.start)).toEqual(p);
      expect(periodOf(p.kind, new Date(p.end.getTime() - 1))).toEqual(p);
    }
  });

  it('rejects bad keys with a Chinese RangeError', () => {
    const bad = [
      '',
      '2022-13',
      '2022-00',
      '2022-3',
      '2022-003',
      '2022-Q0',
      '2022-Q5',
      '2022-q1',
      '2022-H0',
      '2022-H3',
      '2022-h1',
      '22-03',
      '20220',
      '2022/03',
      '2022-03-01',
      ' 2022-03',
      '2022-03 ',
      '0999',
      '2022Q1',
      'abcd',
      '２０２２-03',
    ];
    for (const key of bad) {
      expect(() => parsePeriodKey(key), key).toThrow(RangeError);
      expect(() => parsePeriodKey(key), key).toThrow(/无效的期间编码/);
      expect(isPeriodKey(key)).toBe(false);
    }
    expect(() => parsePeriodKey('2022-13')).toThrow(/月份应为 01–12/);
    expect(() => parsePeriodKey('2022-Q5')).toThrow(/季度应为 Q1–Q4/);
    expect(() => parsePeriodKey('2022-H3')).toThrow(/半年应为 H1 或 H2/);
    expect(() => parsePeriodKey(undefined as unknown as string)).toThrow(RangeError);
    expect(isPeriodKey(2022)).toBe(false);
    expect(isPeriodKey('2022-Q1')).toBe(true);
  });
});

describe('nextPeriod / previousPeriod', () => {
  it('rolls December over into January of the next year and back', () => {
    const dec = parsePeriodKey('2022-12');
    const jan = nextPeriod(dec);
    expect(jan.key).toBe('2023-01');
    expect(jan.start).toEqual(dec.end);
    expect(previousPeriod(jan).key).toBe('2022-12');
  });

  it('steps every kind forward and backward contiguously', () => {
    const cases: Array<[string, string, string]> = [
      ['2022-03', '2022-04', '2022-02'],
      ['2024-02', '2024-03', '2024-01'],
      ['2022-Q4', '2023-Q1', '2022-Q3'],
      ['2022-Q1', '2022-Q2', '2021-Q4'],
      ['2022-H2', '2023-H1', '2022-H1'],
      ['2022-H1', '2022-H2', '2021-H2'],
      ['2022', '2023', '2021'],
    ];
    for (const [key, next, prev] of cases) {
      const p = parsePeriodKey(key);
      const n = nextPeriod(p);
      const b = previousPeriod(p);
      expect(n.key).toBe(next);
      expect(b.key).toBe(prev);
      expect(n.start.getTime()).toBe(p.end.getTime());
      expect(b.end.getTime()).toBe(p.start.getTime());
      expect(n.kind).toBe(p.kind);
    }
  });

  it('walks 24 consecutive months without gaps or overlaps', () => {
    let p: Period = parsePeriodKey('2023-01');
    const keys: string[] = [p.key];
    for (let i = 0; i < 23; i += 1) {
      const n = nextPeriod(p);
      expect(n.start.getTime()).toBe(p.end.getTime());
      p = n;
      keys.push(p.key);
    }
    expect(keys[11]).toBe('2023-12');
    expect(keys[12]).toBe('2024-01');
    expect(keys[23]).toBe('2024-12');
  });

  it('exposes all kinds', () => {
    expect(periodKinds).toEqual(['month', 'quarter', 'half_year', 'year']);
  });
});

describe('periodLabel', () => {
  it('renders Chinese labels', () => {
    expect(periodLabel(parsePeriodKey('2022-03'))).toBe('2022年3月');
    expect(periodLabel(parsePeriodKey('2022-12'))).toBe('2022年12月');
    expect(periodLabel(parsePeriodKey('2022-Q1'))).toBe('2022年第1季度');
    expect(periodLabel(parsePeriodKey('2022-H1'))).toBe('2022年上半年');
    expect(periodLabel(parsePeriodKey('2022-H2'))).toBe('2022年下半年');
    expect(periodLabel(parsePeriodKey('2022'))).toBe('2022年');
  });
});

describe('deadlineByDay / isOverdue', () => {
  it('"by the 25th" of 2022-03 is 2022-03-26 00:00 Shanghai = 2022-03-25T16:00Z', () => {
    const d = deadlineByDay('2022-03', 25);
    expect(iso(d)).toBe('2022-03-25T16:00:00.000Z');
    expect(d.getTime()).toBe(at('2022-03-26T00:00:00+08:00').getTime());
  });

  it('accepts a month Period as well as a key', () => {
    expect(deadlineByDay(parsePeriodKey('2022-03'), 25)).toEqual(deadlineByDay('2022-03', 25));
  });

  it('"by the 3rd of the next month" uses the next month', () => {
    const march = parsePeriodKey('2022-03');
    expect(iso(deadlineByDay(nextPeriod(march), 3))).toBe('2022-04-03T16:00:00.000Z');
    const dec = parsePeriodKey('2022-12');
    expect(iso(deadlineByDay(nextPeriod(dec), 3))).toBe('2023-01-03T16:00:00.000Z');
  });

  it('handles the last day of the month and clamps days beyond the month length', () => {
    expect(iso(deadlineByDay('2022-03', 31))).toBe('2022-03-31T16:00:00.000Z'); // = April 1 00:00 Shanghai
    expect(iso(deadlineByDay('2022-12', 31))).toBe('2022-12-31T16:00:00.000Z'); // = Jan 1 00:00 Shanghai
    expect(iso(deadlineByDay('2023-02', 31))).toBe('2023-02-28T16:00:00.000Z');
    expect(iso(deadlineByDay('2024-02', 30))).toBe('2024-02-29T16:00:00.000Z');
    expect(iso(deadlineByDay('2024-02', 29))).toBe('2024-02-29T16:00:00.000Z');
    expect(iso(deadlineByDay('2022-04', 31))).toBe('2022-04-30T16:00:00.000Z');
    expect(iso(deadlineByDay('2022-03', 1))).toBe('2022-03-01T16:00:00.000Z');
  });

  it('rejects non-month periods and invalid days', () => {
    expect(() => deadlineByDay('2022-Q1', 25)).toThrow(/只适用于月度期间/);
    expect(() => deadlineByDay(parsePeriodKey('2022'), 25)).toThrow(RangeError);
    expect(() => deadlineByDay('2022-13', 25)).toThrow(/无效的期间编码/);
    for (const day of [0, 32, -1, 2.5, Number.NaN]) {
      expect(() => deadlineByDay('2022-03', day)).toThrow(/截止日应为 1–31 的整数/);
    }
  });

  it('is overdue from the deadline instant on (exclusive deadline)', () => {
    const d = deadlineByDay('2022-03', 25);
    expect(isOverdue(d, at('2022-03-25T23:59:59.999+08:00'))).toBe(false);
    expect(isOverdue(d, at('2022-03-26T00:00:00+08:00'))).toBe(true);
    expect(isOverdue(d, at('2022-04-01T00:00:00+08:00'))).toBe(true);
    expect(isOverdue(d, at('2022-03-01T00:00:00+08:00'))).toBe(false);
  });
});

describe('clocks', () => {
  it('systemClock returns the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('fixedClock always returns the same instant as a fresh Date', () => {
    const clock = fixedClock(at('2022-03-31T16:00:00Z'));
    const a = clock.now();
    a.setTime(0);
    expect(iso(clock.now())).toBe('2022-03-31T16:00:00.000Z');
    expect(iso(fixedClock('2022-01-01T00:00:00Z').now())).toBe('2022-01-01T00:00:00.000Z');
    expect(() => fixedClock('nope')).toThrow(RangeError);
  });

  it('fixedClock is not affected by later mutation of the input Date', () => {
    const input = at('2022-03-31T16:00:00Z');
    const clock = fixedClock(input);
    input.setTime(0);
    expect(iso(clock.now())).toBe('2022-03-31T16:00:00.000Z');
  });

  it('testClock can be advanced and set', () => {
    const clock = testClock(at('2022-03-31T15:59:59Z'));
    expect(currentPeriod('month', clock).key).toBe('2022-03');
    clock.advance(1000);
    expect(iso(clock.now())).toBe('2022-03-31T16:00:00.000Z');
    expect(currentPeriod('month', clock).key).toBe('2022-04');
    clock.advance(-1);
    expect(currentPeriod('month', clock).key).toBe('2022-03');
    clock.set(at('2023-07-01T00:00:00+08:00'));
    expect(currentPeriod('half_year', clock).key).toBe('2023-H2');
    clock.set('2020-02-29T12:00:00+08:00');
    expect(localDate(clock.now())).toBe('2020-02-29');
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('drives overdue checks through an injected clock', () => {
    const clock = testClock('2022-03-25T12:00:00+08:00');
    const d = deadlineByDay('2022-03', 25);
    expect(isOverdue(d, clock.now())).toBe(false);
    clock.advance(12 * 3600 * 1000);
    expect(isOverdue(d, clock.now())).toBe(true);
  });
});

describe('formatLocal and formatDeadline', () => {
  it('shows instants in Shanghai time', () => {
    expect(formatLocal(new Date('2022-03-25T16:00:00Z'))).toBe('2022-03-26 00:00');
    expect(formatLocal('2022-03-25T10:00:05Z', 'second')).toBe('2022-03-25 18:00:05');
  });
  it('shows a midnight deadline as 24:00 of the last day that counts', () => {
    expect(formatDeadline(deadlineByDay('2022-03', 25))).toBe('2022-03-25 24:00');
    expect(formatDeadline(new Date('2022-03-31T16:00:00Z'))).toBe('2022-03-31 24:00');
    expect(formatDeadline('2022-03-25T10:00:00Z')).toBe('2022-03-25 18:00');
  });
});
