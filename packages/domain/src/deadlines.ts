/**
 * The deadline grammar of the responsibility list (责任清单, domain.md §13): the 完成时限 column read into a
 * structured deadline, and the reporting periods and due instants it produces for a plan year.
 *
 * Forms (after removing the PDF's line-break spaces and folding full-width characters):
 * - `2022年3月底前`      once, by the end of March 2022 (due 2022-04-01 00:00 Asia/Shanghai)
 * - `2022年3月15日前`    once, by the end of that day
 * - `每月25日前`          every month, by the end of the 25th of that month
 * - `每月月底前`          every month, by the end of the month
 * - `次月3日前`           every month, reported by the end of the 3rd of the next month
 * - `每季度最后一个月前`  every quarter, by the end of the quarter's last month (the source's wording; the UI
 *                          spells out the reading)
 * - `长期坚持`            ongoing: progress is reported once each half year, by the end of June and December
 *
 * Due instants are exclusive (half-open periods, decisions.md): "by the 25th" is the instant the 26th begins,
 * shown to people as "…-25 24:00" by {@link formatDeadline}.
 */
import {
  deadlineByDay,
  daysInMonth,
  formatDeadline,
  nextPeriod,
  parsePeriodKey,
  periodLabel,
  periodOf,
  type Period,
  type PeriodKind,
} from './periods';

export type Deadline =
  /** A single date; `day: null` means the end of the month (月底). */
  | { kind: 'once'; year: number; month: number; day: number | null }
  /** Each month, by day N of the month (`'end'`: the month's last day). */
  | { kind: 'monthly'; day: number | 'end' }
  /** Each month's work, reported by day N of the following month. */
  | { kind: 'next_month'; day: number }
  /** Each quarter, by the end of the quarter's last month. */
  | { kind: 'quarterly' }
  /** Ongoing (长期坚持): reported each half year. */
  | { kind: 'ongoing' };

export type DeadlineKind = Deadline['kind'];

/** How often a deadline produces a reporting period. */
export const cadenceOfKind: Record<DeadlineKind, PeriodKind> = {
  once: 'year',
  monthly: 'month',
  next_month: 'month',
  quarterly: 'quarter',
  ongoing: 'half_year',
};

export const deadlineKindLabels: Record<DeadlineKind, string> = {
  once: '一次性',
  monthly: '每月',
  next_month: '每月（次月报送）',
  quarterly: '每季度',
  ongoing: '长期坚持（每半年报送）',
};

export class DeadlineParseError extends RangeError {
  constructor(readonly text: string) {
    super(
      `无法识别的完成时限“${text}”：应为“2022年3月底前”“2022年3月15日前”“每月25日前”“每月月底前”“次月3日前”“每季度最后一个月前”或“长期坚持”`,
    );
    this.name = 'DeadlineParseError';
  }
}

/** Removes whitespace (the PDF's line breaks split "2022年6月 底前") and folds full-width digits. */
export function normalizeDeadlineText(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
}

const ONCE_MONTH_END = /^(\d{4})年(\d{1,2})月(?:底|末)(?:前|之前)?$/;
const ONCE_DAY = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前)?$/;
const MONTHLY_DAY = /^每月(\d{1,2})日(?:前|之前)?$/;
const MONTHLY_END = /^每月(?:月底|月末|底)(?:前|之前)?$/;
const NEXT_MONTH = /^次月(\d{1,2})日(?:前|之前)?$/;
const QUARTERLY = /^每季度(?:最后一个月(?:底|末)?|末|底)(?:前|之前)?$/;
const ONGOING = /^长期坚持$/;

function dayOfMonth(raw: string, text: string): number {
  const day = Number(raw);
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new DeadlineParseError(text);
  return day;
}

/**
 * Reads a 完成时限 text. @throws DeadlineParseError (Chinese message) for a text outside the grammar or a date
 * that does not exist (2022年2月30日前).
 */
export function parseDeadline(text: string): Deadline {
  const t = normalizeDeadlineText(text);
  let m = ONCE_MONTH_END.exec(t);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new DeadlineParseError(text);
    return { kind: 'once', year: Number(m[1]), month, day: null };
  }
  m = ONCE_DAY.exec(t);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new DeadlineParseError(text);
    return { kind: 'once', year, month, day };
  }
  m = MONTHLY_DAY.exec(t);
  if (m) return { kind: 'monthly', day: dayOfMonth(m[1]!, text) };
  if (MONTHLY_END.test(t)) return { kind: 'monthly', day: 'end' };
  m = NEXT_MONTH.exec(t);
  if (m) return { kind: 'next_month', day: dayOfMonth(m[1]!, text) };
  if (QUARTERLY.test(t)) return { kind: 'quarterly' };
  if (ONGOING.test(t)) return { kind: 'ongoing' };
  throw new DeadlineParseError(text);
}

/** Like {@link parseDeadline}, but `null` for a text outside the grammar. */
export function tryParseDeadline(text: string): Deadline | null {
  try {
    return parseDeadline(text);
  } catch (err) {
    if (err instanceof DeadlineParseError) return null;
    throw err;
  }
}

/** The canonical source-style text of a deadline (what {@link parseDeadline} reads back to the same value). */
export function deadlineText(d: Deadline): string {
  switch (d.kind) {
    case 'once':
      return d.day === null ? `${d.year}年${d.month}月底前` : `${d.year}年${d.month}月${d.day}日前`;
    case 'monthly':
      return d.day === 'end' ? '每月月底前' : `每月${d.day}日前`;
    case 'next_month':
      return `次月${d.day}日前`;
    case 'quarterly':
      return '每季度最后一个月前';
    case 'ongoing':
      return '长期坚持';
  }
}

/** The due instant of a one-off deadline (exclusive: the start of the following day). */
export function onceDueAt(d: Extract<Deadline, { kind: 'once' }>): Date {
  const monthKey = `${d.year}-${String(d.month).padStart(2, '0')}`;
  return d.day === null ? parsePeriodKey(monthKey).end : deadlineByDay(monthKey, d.day);
}

/** A reporting period of a row: the work of `[start, end)`, due before `dueAt`. */
export interface ReportingPeriod {
  /** '2022' (one-off rows), '2022-03', '2022-Q1' or '2022-H1'. */
  key: string;
  label: string;
  start: Date;
  end: Date;
  /** Exclusive due instant. */
  dueAt: Date;
}

function reportingPeriod(p: Period, dueAt: Date, label = periodLabel(p)): ReportingPeriod {
  return { key: p.key, label, start: p.start, end: p.end, dueAt };
}

/** The due instant of one period of a recurring deadline (or of the one-off deadline, whatever the period). */
export function dueAtOf(d: Deadline, period: Period): Date {
  switch (d.kind) {
    case 'once':
      return onceDueAt(d);
    case 'monthly':
      return d.day === 'end' ? period.end : deadlineByDay(period, d.day);
    case 'next_month':
      return deadlineByDay(nextPeriod(period), d.day);
    case 'quarterly':
    case 'ongoing':
      return period.end;
  }
}

/**
 * Every reporting period a deadline produces in `year` (Asia/Shanghai): one for a one-off deadline (the year,
 * due on its date), twelve months, four quarters or two half years.
 */
export function reportingPeriods(d: Deadline, year: number): ReportingPeriod[] {
  const kind = cadenceOfKind[d.kind];
  const first = parsePeriodKey(String(year)).start;
  const periods: Period[] = [];
  for (let p = periodOf(kind, first); p.key.startsWith(String(year)); p = nextPeriod(p)) periods.push(p);
  if (d.kind === 'once') return periods.map((p) => reportingPeriod(p, onceDueAt(d), `${year}年（一次性）`));
  return periods.map((p) => reportingPeriod(p, dueAtOf(d, p)));
}

/** The reporting period of a deadline that contains `instant` (one-off: the year). */
export function reportingPeriodAt(d: Deadline, instant: Date): ReportingPeriod {
  const p = periodOf(cadenceOfKind[d.kind], instant);
  return reportingPeriod(p, dueAtOf(d, p), d.kind === 'once' ? `${p.key}年（一次性）` : periodLabel(p));
}

/** The same deadline in a plan rolled `years` later (only one-off dates move; recurring forms stay). */
export function shiftDeadline(d: Deadline, years: number): Deadline {
  if (d.kind !== 'once') return d;
  const year = d.year + years;
  // 2024年2月29日前 rolled into 2025 becomes the end of February.
  const day = d.day === null ? null : Math.min(d.day, daysInMonth(year, d.month));
  return { ...d, year, day };
}

/** How the UI reads a deadline, in full (the source's wording can be terse: "每季度最后一个月前"). */
export function deadlineReading(d: Deadline): string {
  switch (d.kind) {
    case 'once':
      return `一次性任务：${formatDeadline(onceDueAt(d))} 前完成`;
    case 'monthly':
      return d.day === 'end' ? '每月一次：当月最后一天 24:00 前完成' : `每月一次：当月 ${d.day} 日 24:00 前完成`;
    case 'next_month':
      return `每月一次：次月 ${d.day} 日 24:00 前报送上月情况`;
    case 'quarterly':
      return '每季度一次：季度最后一个月月底（3月31日、6月30日、9月30日、12月31日）24:00 前完成';
    case 'ongoing':
      return '长期坚持：每半年报送一次进展，6月30日、12月31日 24:00 前';
  }
}
