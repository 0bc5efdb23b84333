import { describe, expect, it } from 'vitest';
import {
  deadlineReading,
  deadlineText,
  DeadlineParseError,
  dueAtOf,
  normalizeDeadlineText,
  onceDueAt,
  parseDeadline,
  reportingPeriodAt,
  reportingPeriods,
  shiftDeadline,
  tryParseDeadline,
  type Deadline,
} from './deadlines';
import { formatDeadline, isOverdue, parsePeriodKey } from './periods';

const iso = (d: Date) => d.toISOString();

describe('parseDeadline: every form of the list', () => {
  it.each<[string, Deadline]>([
    ['2022年3月底前', { kind: 'once', year: 2022, month: 3, day: null }],
    ['2022年12月底前', { kind: 'once', year: 2022, month: 12, day: null }],
    ['2022年4月底前', { kind: 'once', year: 2022, month: 4, day: null }],
    ['2022年6月 底前', { kind: 'once', year: 2022, month: 6, day: null }],
    ['2022年12 月底前', { kind: 'once', year: 2022, month: 12, day: null }],
    ['2022年10月底前', { kind: 'once', year: 2022, month: 10, day: null }],
    ['2022年3月15日前', { kind: 'once', year: 2022, month: 3, day: 15 }],
    ['每月25日前', { kind: 'monthly', day: 25 }],
    ['每月月底前', { kind: 'monthly', day: 'end' }],
    ['次月3日前', { kind: 'next_month', day: 3 }],
    ['每季度最后 一个月前', { kind: 'quarterly' }],
    ['每季度最后一个月前', { kind: 'quarterly' }],
    ['长期坚持', { kind: 'ongoing' }],
    ['２０２２年３月底前', { kind: 'once', year: 2022, month: 3, day: null }],
  ])('%s', (text, expected) => {
    expect(parseDeadline(text)).toEqual(expected);
  });

  it.each(['', '尽快', '2022年13月底前', '2022年2月30日前', '每月32日前', '次月0日前', '2022年底前'])(
    'refuses %j with a Chinese message',
    (text) => {
      expect(() => parseDeadline(text)).toThrow(DeadlineParseError);
      expect(() => parseDeadline(text)).toThrow(/无法识别的完成时限/);
      expect(tryParseDeadline(text)).toBeNull();
    },
  );

  it('normalises PDF line-break spaces and full-width digits', () => {
    expect(normalizeDeadlineText(' 2022年6月\n底前 ')).toBe('2022年6月底前');
    expect(normalizeDeadlineText('每月２５日前')).toBe('每月25日前');
  });

  it('writes back the canonical text, which parses to the same deadline', () => {
    for (const t of [
      '2022年3月底前',
      '2022年3月15日前',
      '每月25日前',
      '每月月底前',
      '次月3日前',
      '每季度最后一个月前',
      '长期坚持',
    ]) {
      const d = parseDeadline(t);
      expect(deadlineText(d)).toBe(t);
      expect(parseDeadline(deadlineText(d))).toEqual(d);
    }
  });
});

describe('one-off deadlines: exclusive instants in Asia/Shanghai', () => {
  it('2022年3月底前 is due when 2022-04-01 begins in Shanghai (2022-03-31T16:00:00Z)', () => {
    const due = onceDueAt(parseDeadline('2022年3月底前') as Extract<Deadline, { kind: 'once' }>);
    expect(iso(due)).toBe('2022-03-31T16:00:00.000Z');
    expect(formatDeadline(due)).toBe('2022-03-31 24:00');
    expect(isOverdue(due, new Date('2022-03-31T15:59:59.999Z'))).toBe(false);
    expect(isOverdue(due, new Date('2022-03-31T16:00:00.000Z'))).toBe(true);
  });

  it('2022年12月底前 is due at the start of 2023 in Shanghai', () => {
    const [p] = reportingPeriods(parseDeadline('2022年12月底前'), 2022);
    expect(iso(p!.dueAt)).toBe('2022-12-31T16:00:00.000Z');
    expect(p!.key).toBe('2022');
  });

  it('month ends of February: 28 days in 2022 and 2100, 29 in 2024 and 2000', () => {
    const end = (y: number) => iso(onceDueAt({ kind: 'once', year: y, month: 2, day: null }));
    expect(end(2022)).toBe('2022-02-28T16:00:00.000Z');
    expect(end(2024)).toBe('2024-02-29T16:00:00.000Z');
    expect(end(2000)).toBe('2000-02-29T16:00:00.000Z');
    expect(end(2100)).toBe('2100-02-28T16:00:00.000Z');
  });

  it('a one-off row has one period in its plan year', () => {
    const ps = reportingPeriods(parseDeadline('2022年6月底前'), 2022);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.label).toBe('2022年（一次性）');
    expect(formatDeadline(ps[0]!.dueAt)).toBe('2022-06-30 24:00');
  });
});

describe('monthly deadlines', () => {
  it('每月25日前: due when the 26th begins, every month of the year', () => {
    const ps = reportingPeriods(parseDeadline('每月25日前'), 2022);
    expect(ps.map((p) => p.key)).toEqual([
      '2022-01',
      '2022-02',
      '2022-03',
      '2022-04',
      '2022-05',
      '2022-06',
      '2022-07',
      '2022-08',
      '2022-09',
      '2022-10',
      '2022-11',
      '2022-12',
    ]);
    expect(ps.map((p) => formatDeadline(p.dueAt))).toEqual(ps.map((p) => `${p.key}-25 24:00`));
    expect(iso(ps[2]!.dueAt)).toBe('2022-03-25T16:00:00.000Z');
  });

  it('每月月底前: February ends on the 28th or the 29th', () => {
    const feb = (y: number) => reportingPeriods(parseDeadline('每月月底前'), y)[1]!;
    expect(formatDeadline(feb(2022).dueAt)).toBe('2022-02-28 24:00');
    expect(formatDeadline(feb(2024).dueAt)).toBe('2024-02-29 24:00');
    expect(formatDeadline(reportingPeriods(parseDeadline('每月月底前'), 2022)[3]!.dueAt)).toBe('2022-04-30 24:00');
  });

  it('每月31日前 in a 30-day month is the end of that month', () => {
    const ps = reportingPeriods(parseDeadline('每月31日前'), 2022);
    expect(formatDeadline(ps[3]!.dueAt)).toBe('2022-04-30 24:00');
    expect(formatDeadline(ps[1]!.dueAt)).toBe('2022-02-28 24:00');
  });

  it('次月3日前: March work is due when 4 April begins; December crosses the year end', () => {
    const ps = reportingPeriods(parseDeadline('次月3日前'), 2022);
    expect(formatDeadline(ps[2]!.dueAt)).toBe('2022-04-03 24:00');
    expect(iso(ps[2]!.dueAt)).toBe('2022-04-03T16:00:00.000Z');
    const dec = ps[11]!;
    expect(dec.key).toBe('2022-12');
    expect(iso(dec.end)).toBe('2022-12-31T16:00:00.000Z');
    expect(iso(dec.dueAt)).toBe('2023-01-03T16:00:00.000Z');
    expect(formatDeadline(dec.dueAt)).toBe('2023-01-03 24:00');
  });
});

describe('quarterly and ongoing deadlines', () => {
  it('每季度最后一个月前: four quarters due at the end of March, June, September and December', () => {
    const ps = reportingPeriods(parseDeadline('每季度最后一个月前'), 2022);
    expect(ps.map((p) => p.key)).toEqual(['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4']);
    expect(ps.map((p) => formatDeadline(p.dueAt))).toEqual([
      '2022-03-31 24:00',
      '2022-06-30 24:00',
      '2022-09-30 24:00',
      '2022-12-31 24:00',
    ]);
    expect(iso(ps[0]!.dueAt)).toBe('2022-03-31T16:00:00.000Z');
  });

  it('长期坚持: reported each half year', () => {
    const ps = reportingPeriods(parseDeadline('长期坚持'), 2022);
    expect(ps.map((p) => [p.key, p.label, formatDeadline(p.dueAt)])).toEqual([
      ['2022-H1', '2022年上半年', '2022-06-30 24:00'],
      ['2022-H2', '2022年下半年', '2022-12-31 24:00'],
    ]);
  });
});

describe('reportingPeriodAt: the period that contains an instant, at the boundaries', () => {
  const q = parseDeadline('每季度最后一个月前');
  it('2022-03-31T15:59:59.999Z is still Q1 in Shanghai, 16:00Z is Q2', () => {
    expect(reportingPeriodAt(q, new Date('2022-03-31T15:59:59.999Z')).key).toBe('2022-Q1');
    expect(reportingPeriodAt(q, new Date('2022-03-31T16:00:00.000Z')).key).toBe('2022-Q2');
  });
  it('a monthly period by instant, with its due date', () => {
    const p = reportingPeriodAt(parseDeadline('每月25日前'), new Date('2022-02-28T16:00:00.000Z'));
    expect(p.key).toBe('2022-03');
    expect(formatDeadline(p.dueAt)).toBe('2022-03-25 24:00');
  });
  it('dueAtOf a next-month deadline for December of a leap year', () => {
    expect(iso(dueAtOf(parseDeadline('次月3日前'), parsePeriodKey('2024-12')))).toBe('2025-01-03T16:00:00.000Z');
  });
});

describe('rolling into a new year and reading', () => {
  it('moves one-off dates and keeps recurring forms', () => {
    expect(deadlineText(shiftDeadline(parseDeadline('2022年3月底前'), 4))).toBe('2026年3月底前');
    expect(shiftDeadline({ kind: 'once', year: 2024, month: 2, day: 29 }, 1)).toEqual({
      kind: 'once',
      year: 2025,
      month: 2,
      day: 28,
    });
    expect(shiftDeadline(parseDeadline('每月25日前'), 4)).toEqual({ kind: 'monthly', day: 25 });
  });

  it('spells out each reading in Chinese', () => {
    expect(deadlineReading(parseDeadline('2022年3月底前'))).toBe('一次性任务：2022-03-31 24:00 前完成');
    expect(deadlineReading(parseDeadline('每季度最后一个月前'))).toContain('季度最后一个月月底');
    expect(deadlineReading(parseDeadline('长期坚持'))).toContain('每半年');
    expect(deadlineReading(parseDeadline('次月3日前'))).toContain('次月 3 日');
  });
});
