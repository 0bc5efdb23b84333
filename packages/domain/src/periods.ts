/**
 * Reporting periods, local dates and deadlines in Asia/Shanghai time.
 *
 * Why a fixed +08:00 offset instead of `Intl`/a tz database: China has used UTC+8 all year round
 * without daylight saving time since 1992 (the last DST was in 1991), and every instant this
 * system deals with is later than that. A constant offset is exact for that range, needs no
 * tz data (identical results in Node and in any browser, whatever the host time zone is) and is
 * much faster than `Intl.DateTimeFormat`. Never use the host's local-time Date getters here.
 *
 * All periods are half-open intervals `[start, end)` whose bounds are the UTC instants of
 * Shanghai local midnight. Time is never read implicitly: callers pass instants, usually taken
 * from an injected {@link Clock}.
 */

/** Offset of Asia/Shanghai from UTC, in milliseconds (UTC+8, no DST). */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

export type PeriodKind = 'month' | 'quarter' | 'half_year' | 'year';

export const periodKinds: readonly PeriodKind[] = ['month', 'quarter', 'half_year', 'year'];

export interface Period {
  readonly kind: PeriodKind;
  /** Canonical key: '2022-03', '2022-Q1', '2022-H1' or '2022'. */
  readonly key: string;
  /** Inclusive start: the UTC instant of Shanghai midnight on the first day. */
  readonly start: Date;
  /** Exclusive end: the UTC instant of Shanghai midnight on the day after the last day. */
  readonly end: Date;
}

// ---------------------------------------------------------------------------------------------
// Clock
// ---------------------------------------------------------------------------------------------

/** Source of the current time. Inject it; never call `new Date()` in domain logic. */
export interface Clock {
  now(): Date;
}

/** A clock whose time can be moved by tests. */
export interface TestClock extends Clock {
  /** Moves the clock forward (or backward, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to a given instant. */
  set(date: Date | string | number): void;
}

function toValidDate(value: Date | string | number): Date {
  const date = new Date(value instanceof Date ? value.getTime() : value);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`无效的时间：${String(value)}`);
  }
  return date;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that always returns the same instant (a fresh `Date` each call, so callers cannot mutate it). */
export function fixedClock(date: Date | string | number): Clock {
  const ms = toValidDate(date).getTime();
  return { now: () => new Date(ms) };
}

/** A mutable clock for tests, starting at `date`. */
export function testClock(date: Date | string | number): TestClock {
  let ms = toValidDate(date).getTime();
  return {
    now: () => new Date(ms),
    advance: (delta: number) => {
      if (!Number.isFinite(delta)) {
        throw new RangeError(`无效的时间增量：${String(delta)}`);
      }
      ms += delta;
    },
    set: (next: Date | string | number) => {
      ms = toValidDate(next).getTime();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers
// ---------------------------------------------------------------------------------------------

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year` (proleptic Gregorian calendar). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** UTC epoch ms of `year-month-day` 00:00 UTC. Month is 0-based and may overflow (like Date.UTC). */
function utcMidnightMs(year: number, month0: number, day: number): number {
  // setUTCFullYear instead of Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  return d.getTime();
}

/** The instant of Shanghai midnight at the start of local `year-month-day` (month 0-based, may overflow). */
function shanghaiMidnight(year: number, month0: number, day: number): Date {
  return new Date(utcMidnightMs(year, month0, day) - SHANGHAI_OFFSET_MS);
}

interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

function assertValidInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError('无效的时间');
  }
  return ms;
}

function localParts(instant: Date): LocalParts {
  const shifted = new Date(assertValidInstant(instant) + SHANGHAI_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function assertYearInRange(year: number): void {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`年份超出支持范围（${MIN_YEAR}–${MAX_YEAR}）：${year}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Local dates
// ---------------------------------------------------------------------------------------------

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict 'YYYY-MM-DD' calendar date; `undefined` if the format or the date is invalid. */
function parseLocalDate(s: string): LocalParts | undefined {
  const m = LOCAL_DATE_RE.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

/** True if `s` is a strict 'YYYY-MM-DD' string naming a real calendar date (years 1000–9999). */
export function isValidLocalDate(s: unknown): s is string {
  return typeof s === 'string' && parseLocalDate(s) !== undefined;
}

/** The Shanghai calendar date of an instant, as 'YYYY-MM-DD'. */
export function localDate(instant: Date): string {
  const { year, month, day } = localParts(instant);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** 'YYYY-MM-DD HH:mm' (or with seconds) in Asia/Shanghai, whatever the machine's or browser's zone. */
export function formatLocal(instant: Date | string, precision: 'minute' | 'second' = 'minute'): string {
  const shifted = new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, precision === 'second' ? 19 : 16)}`;
}

/**
 * A deadline for people: deadlines are half-open, so "by the 25th" is the instant the 26th begins.
 * A deadline at local midnight is shown as '2022-03-25 24:00' (the last day that still counts).
 */
export function formatDeadline(deadline: Date | string): string {
  const at = new Date(deadline);
  const local = formatLocal(at);
  if (!local.endsWith(' 00:00')) return local;
  return `${localDate(new Date(at.getTime() - 1))} 24:00`;
}

/**
 * The instant at which the Shanghai calendar date 'YYYY-MM-DD' begins (local midnight).
 * @throws RangeError (Chinese message) if the string is not a real date in that format.
 */
export function localDateToInstant(date: string): Date {
  const parts = parseLocalDate(date);
  if (!parts) {
    throw new RangeError(`无效的日期“${date}”，应为 YYYY-MM-DD 格式的真实日期`);
  }
  return shanghaiMidnight(parts.year, parts.month - 1, parts.day);
}

/** Adds `days` calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) {
    throw new RangeError(`天数必须是整数：${days}`);
  }
  return localDate(new Date(localDateToInstant(date).getTime() + days * 86_400_000));
}

// ---------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------

/**
 * Builds a period. `index` is the month (1–12), quarter (1–4), half (1–2), or ignored for years.
 */
function makePeriod(kind: PeriodKind, year: number, index: number): Period {
  assertYearInRange(year);
  switch (kind) {
    case 'month':
      return {
        kind,
        key: `${year}-${pad2(index)}`,
        start: shanghaiMidnight(year, index - 1, 1),
        end: shanghaiMidnight(year, index, 1),
      };
    case 'quarter':
      return {
        kind,
        key: `${year}-Q${index}`,
        start: shanghaiMidnight(year, (index - 1) * 3, 1),
        end: shanghaiMidnight(year, index * 3, 1),
      };
    case 'half_year':
      return {
        kind,
        key: `${year}-H${index}`,
        start: shanghaiMidnight(year, (index - 1) * 6, 1),
        end: shanghaiMidnight(year, index * 6, 1),
      };
    case 'year':
      return { kind, key: String(year), start: shanghaiMidnight(year, 0, 1), end: shanghaiMidnight(year + 1, 0, 1) };
    default:
      return assertNeverKind(kind);
  }
}

function assertNeverKind(kind: never): never {
  throw new RangeError(`未知的期间类型：${String(kind)}`);
}

/** The period of the given kind that contains `instant` (in Shanghai time). */
export function periodOf(kind: PeriodKind, instant: Date): Period {
  const { year, month } = localParts(instant);
  switch (kind) {
    case 'month':
      return makePeriod(kind, year, month);
    case 'quarter':
      return makePeriod(kind, year, Math.floor((month - 1) / 3) + 1);
    case 'half_year':
      return makePeriod(kind, year, month <= 6 ? 1 : 2);
    case 'year':
      return makePeriod(kind, year, 1);
    default:
      return assertNeverKind(kind);
  }
}

/** The period of the given kind containing the clock's current instant. */
export function currentPeriod(kind: PeriodKind, clock: Clock): Period {
  return periodOf(kind, clock.now());
}

const PERIOD_KEY_RE = /^(\d{4})(?:-(\d{2})|-Q(\d)|-H(\d))?$/;

function badKey(key: string, detail: string): RangeError {
  return new RangeError(
    `无效的期间编码“${key}”：${detail}。应为 2022-03（月）、2022-Q1（季度）、2022-H1（半年）或 2022（年）`,
  );
}

/**
 * Parses a canonical period key ('2022-03', '2022-Q1', '2022-H1', '2022'). Keys are strict:
 * no whitespace, upper-case Q/H, two-digit months.
 * @throws RangeError with a Chinese message on any invalid key.
 */
export function parsePeriodKey(key: string): Period {
  if (typeof key !== 'string') {
    throw badKey(String(key), '不是字符串');
  }
  const m = PERIOD_KEY_RE.exec(key);
  if (!m) {
    throw badKey(key, '格式不正确');
  }
  const year = Number(m[1]);
  if (year < MIN_YEAR) {
    throw badKey(key, '年份无效');
  }
  const [, , month, quarter, half] = m;
  if (month !== undefined) {
    const n = Number(month);
    if (n < 1 || n > 12) throw badKey(key, '月份应为 01–12');
    return makePeriod('month', year, n);
  }
  if (quarter !== undefined) {
    const n = Number(quarter);
    if (n < 1 || n > 4) throw badKey(key, '季度应为 Q1–Q4');
    return makePeriod('quarter', year, n);
  }
  if (half !== undefined) {
    const n = Number(half);
    if (n < 1 || n > 2) throw badKey(key, '半年应为 H1 或 H2');
    return makePeriod('half_year', year, n);
  }
  return makePeriod('year', year, 1);
}

/** True if `key` is a valid canonical period key. */
export function isPeriodKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  try {
    parsePeriodKey(key);
    return true;
  } catch {
    return false;
  }
}

/** The period of the same kind that immediately follows `p`. */
export function nextPeriod(p: Period): Period {
  return periodOf(p.kind, p.end);
}

/** The period of the same kind that immediately precedes `p`. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, new Date(p.start.getTime() - 1));
}

/** True if `instant` lies in the half-open interval `[p.start, p.end)`. */
export function contains(p: Period, instant: Date): boolean {
  const t = assertValidInstant(instant);
  return t >= p.start.getTime() && t < p.end.getTime();
}

/** Chinese display label: '2022年3月', '2022年第1季度', '2022年上半年', '2022年'. */
export function periodLabel(p: Period): string {
  const parsed = parsePeriodKey(p.key);
  const year = parsed.key.slice(0, 4);
  switch (parsed.kind) {
    case 'month':
      return `${year}年${Number(parsed.key.slice(5))}月`;
    case 'quarter':
      return `${year}年第${parsed.key.slice(6)}季度`;
    case 'half_year':
      return `${year}年${parsed.key.endsWith('H1') ? '上半年' : '下半年'}`;
    case 'year':
      return `${year}年`;
    default:
      return assertNeverKind(parsed.kind);
  }
}

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/**
 * Deadline of a "monthly, by the Nth" rule: the instant at which day N+1 of that month begins in
 * Shanghai, i.e. anything done at any time on day N is on time. "By the 25th" of 2022-03 is
 * 2022-03-26T00:00+08:00 = 2022-03-25T16:00:00Z. For "by the 3rd of the next month", pass the next
 * month (`deadlineByDay(nextPeriod(p), 3)`).
 *
 * If the month is shorter than N days (e.g. "by the 31st" in February), the deadline is the end of
 * the month, which is what "by the 31st every month" means in practice.
 *
 * @param periodKeyOrMonthPeriod a month key such as '2022-03' or a month {@link Period}.
 * @param day 1–31.
 * @throws RangeError for a non-month period or a day outside 1–31.
 */
export function deadlineByDay(periodKeyOrMonthPeriod: string | Period, day: number): Date {
  const period =
    typeof periodKeyOrMonthPeriod === 'string'
      ? parsePeriodKey(periodKeyOrMonthPeriod)
      : parsePeriodKey(periodKeyOrMonthPeriod.key);
  if (period.kind !== 'month') {
    throw new RangeError(`按日截止只适用于月度期间，收到的是“${period.key}”`);
  }
  if (!Number.isInteger(day) || day < 1 || day > 31) {
    throw new RangeError(`截止日应为 1–31 的整数，收到的是 ${String(day)}`);
  }
  const year = Number(period.key.slice(0, 4));
  const month = Number(period.key.slice(5, 7));
  const effectiveDay = Math.min(day, daysInMonth(year, month));
  return shanghaiMidnight(year, month - 1, effectiveDay + 1);
}

/** True once `now` has reached the deadline instant (deadlines are exclusive). */
export function isOverdue(deadline: Date, now: Date): boolean {
  return assertValidInstant(now) >= assertValidInstant(deadline);
}
