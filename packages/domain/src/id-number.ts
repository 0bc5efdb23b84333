/**
 * Citizen identity numbers (GB 11643-1999), mainland phone numbers, masking and ages.
 *
 * Pure functions. Failure reasons are user-facing and therefore in Chinese; each failure also
 * carries a stable `code` for programmatic use.
 */
import { isValidLocalDate, localDate } from './periods';

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/** Zero-width characters that survive copy/paste from web pages and Word documents. */
const INVISIBLE_RE = /[\s\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Converts full-width ASCII variants (U+FF01–U+FF5E, e.g. '１２３Ｘ') to their half-width forms and
 * the ideographic space (U+3000) to an ordinary space.
 */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** Half-width, without any whitespace or zero-width characters, without a leading Excel text apostrophe. */
function compact(raw: string): string {
  const s = toHalfWidth(raw).replace(INVISIBLE_RE, '');
  // A leading apostrophe is Excel's "store as text" marker and may leak into exported text.
  return s.startsWith("'") ? s.slice(1) : s;
}

/**
 * Normalises user input of an ID number: trims, converts full-width digits/letters/spaces to
 * half-width, removes all inner whitespace (and zero-width characters), drops a leading Excel
 * text apostrophe and upper-cases letters (so a trailing 'x' becomes 'X'). It does not validate.
 */
export function normalizeIdNumber(raw: string): string {
  // Most numbers arrive clean: 17 digits and a digit or X (the common case of a bulk file, read first).
  return WELL_FORMED_RE.test(raw) ? raw : compact(raw).toUpperCase();
}

/** 17 digits and a digit or X: the shape of a normalised number (not yet validated). */
const WELL_FORMED_RE = /^\d{17}[\dX]$/;

// ---------------------------------------------------------------------------------------------
// Check digit (ISO 7064 MOD 11-2)
// ---------------------------------------------------------------------------------------------

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number.
 * @throws RangeError if `first17` is not exactly 17 ASCII digits.
 */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`计算校验码需要 17 位数字，收到的是“${first17}”`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS.charAt(sum % 11);
}

// ---------------------------------------------------------------------------------------------
// checkIdNumber
// ---------------------------------------------------------------------------------------------

export type IdNumberErrorCode =
  'empty' | 'excel_number' | 'legacy_15' | 'illegal_char' | 'length' | 'region' | 'birth_date' | 'check_digit';

/** The user-facing (Chinese) reason for each failure code. */
export const idNumberReasons: Readonly<Record<IdNumberErrorCode, string>> = {
  empty: '身份证号码不能为空',
  excel_number: '身份证号码被 Excel 存成了数字，末尾数字已丢失，请将该列设为文本后重新填写',
  legacy_15: '15 位旧身份证号码不再受理，请使用 18 位号码',
  illegal_char: '含有非法字符',
  length: '长度应为 18 位',
  region: '地区码无效',
  birth_date: '出生日期无效',
  check_digit: '校验码错误',
};

export type Sex = 'male' | 'female';

export type IdNumberCheck =
  | { ok: true; value: string; birthDate: string; sex: Sex; regionCode: string }
  | { ok: false; code: IdNumberErrorCode; reason: string };

function fail(code: IdNumberErrorCode): { ok: false; code: IdNumberErrorCode; reason: string } {
  return { ok: false, code, reason: idNumberReasons[code] };
}

/**
 * Plausible GB/T 2260 province-level prefixes (first two digits of the region code):
 * 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 (Taiwan), 81 (Hong Kong), 82 (Macao) and
 * 83 (Taiwan residents' residence permits). Deliberately not checked against a current division
 * tree: divisions are renamed and merged, and old numbers keep their original codes forever.
 */
const PROVINCE_RE = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])\d{4}$/;

/** True if `region6` has the format of a GB/T 2260 region code (see {@link PROVINCE_RE}). */
export function isPlausibleRegionCode(region6: string): boolean {
  return PROVINCE_RE.test(region6);
}

/** Scientific notation as Excel displays large numbers: '3.60735199001011E+17'. */
const SCIENTIFIC_RE = /^\d+(\.\d+)?E\+?\d+$/;
/** A long number shown with decimals ('360735199001011000.0') or thousands separators. */
const DECIMAL_RE = /^(\d{16,})\.\d*$/;
const GROUPED_RE = /^\d{1,3}(,\d{3}){5,}(\.\d*)?$/;

function looksLikeExcelNumber(s: string): boolean {
  return SCIENTIFIC_RE.test(s) || DECIMAL_RE.test(s) || GROUPED_RE.test(s);
}

/** The last `today` string found valid (a file's rows are all checked against the same day). */
let checkedToday = '';

function resolveToday(today: string | Date | undefined): string {
  if (today === undefined) return localDate(new Date());
  if (today instanceof Date) return localDate(today);
  if (today === checkedToday) return today;
  if (!isValidLocalDate(today)) {
    throw new RangeError(`无效的日期“${String(today)}”，应为 YYYY-MM-DD 格式的真实日期`);
  }
  checkedToday = today;
  return today;
}

/**
 * Validates a GB 11643-1999 citizen identity number.
 *
 * Checks, in order: not empty; not a number mangled by Excel; only digits and X; not a 15-digit
 * legacy number; 18 characters with X only in the last place; a plausible region code; a real
 * birth date between 1900-01-01 and `today`; the ISO 7064 MOD 11-2 check character.
 *
 * An 18-digit value ending in '000' whose check character fails is reported as an Excel number:
 * Excel keeps only 15 significant digits, so an ID typed into a numeric cell comes back with its
 * last three digits replaced by zeros (and usually displayed as '3.60735199001011E+17').
 *
 * @param raw the raw cell/input value; a JS number (from a spreadsheet parser) is accepted too.
 * @param today 'YYYY-MM-DD' (Shanghai) or an instant; birth dates after it are refused. Defaults
 *   to the current date in Shanghai; pass it explicitly (from a Clock) for reproducible results.
 */
export function checkIdNumber(raw: string | number, today?: string | Date): IdNumberCheck {
  let s: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('illegal_char');
    // Any integer of 16+ digits read back from a spreadsheet has lost precision.
    if (Math.abs(raw) >= 1e15) return fail('excel_number');
    s = Number.isInteger(raw) && raw >= 0 ? String(raw) : normalizeIdNumber(String(raw));
  } else if (typeof raw === 'string') {
    s = normalizeIdNumber(raw);
  } else {
    return fail('empty');
  }

  // A well-formed number passes the format checks below as it is: they are skipped for it.
  if (!WELL_FORMED_RE.test(s)) {
    if (s === '') return fail('empty');
    if (looksLikeExcelNumber(s)) return fail('excel_number');
    if (/[^0-9X]/.test(s)) return fail('illegal_char');
    if (/^\d{15}$/.test(s)) return fail('legacy_15');
    if (s.length !== 18) return fail('length');
    return fail('illegal_char');
  }

  const regionCode = s.slice(0, 6);
  if (!isPlausibleRegionCode(regionCode)) return fail('region');

  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isValidLocalDate(birthDate) || birthDate < '1900-01-01' || birthDate > resolveToday(today)) {
    return fail('birth_date');
  }

  if (idCheckDigit(s.slice(0, 17)) !== s[17]) {
    return s.endsWith('000') ? fail('excel_number') : fail('check_digit');
  }

  return { ok: true, value: s, birthDate, sex: Number(s[16]) % 2 === 1 ? 'male' : 'female', regionCode };
}

/** Convenience boolean form of {@link checkIdNumber}. */
export function isValidIdNumber(raw: string | number, today?: string | Date): boolean {
  return checkIdNumber(raw, today).ok;
}

/**
 * Builds an 18-character ID number with the correct check character (for synthetic data and tests).
 * Only the formats are checked (6, 8 and 3 digits), not plausibility, so that deliberately invalid
 * region codes or dates can be generated for negative tests.
 *
 * @param region6 six-digit region code, e.g. '360735'.
 * @param birthYYYYMMDD '19900101' (a 'YYYY-MM-DD' form is accepted too).
 * @param seq3 three-digit sequence code ('001'), or a number 0–999; odd = male, even = female.
 * @throws RangeError on malformed input.
 */
export function makeIdNumber(region6: string, birthYYYYMMDD: string, seq3: string | number): string {
  const seq =
    typeof seq3 === 'number'
      ? Number.isInteger(seq3) && seq3 >= 0 && seq3 <= 999
        ? String(seq3).padStart(3, '0')
        : ''
      : seq3;
  const birth = /^\d{4}-\d{2}-\d{2}$/.test(birthYYYYMMDD) ? birthYYYYMMDD.replace(/-/g, '') : birthYYYYMMDD;
  if (!/^\d{6}$/.test(region6)) throw new RangeError(`地区码应为 6 位数字，收到的是“${region6}”`);
  if (!/^\d{8}$/.test(birth)) throw new RangeError(`出生日期应为 8 位数字（YYYYMMDD），收到的是“${birthYYYYMMDD}”`);
  if (!/^\d{3}$/.test(seq)) throw new RangeError(`顺序码应为 3 位数字，收到的是“${String(seq3)}”`);
  const first17 = region6 + birth + seq;
  return first17 + idCheckDigit(first17);
}

// ---------------------------------------------------------------------------------------------
// Masking and age
// ---------------------------------------------------------------------------------------------

function maskMiddle(s: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(s);
  if (chars.length <= keepStart + keepEnd) return '*'.repeat(chars.length);
  return (
    chars.slice(0, keepStart).join('') +
    '*'.repeat(chars.length - keepStart - keepEnd) +
    chars.slice(chars.length - keepEnd).join('')
  );
}

/**
 * Masks an ID number for display: 18 characters → first 6 + '********' + last 4. Any other length
 * keeps the first 2 and last 2 characters and masks the rest (fully masked if 4 or fewer).
 */
export function maskIdNumber(s: string): string {
  const trimmed = s.trim();
  const chars = Array.from(trimmed);
  if (chars.length === 18) {
    return chars.slice(0, 6).join('') + '********' + chars.slice(14).join('');
  }
  return maskMiddle(trimmed, 2, 2);
}

/**
 * Masks a phone number for display: an 11-digit mobile → first 3 + '****' + last 4
 * ('138****8000'); a landline keeps its area code and last 4 digits ('0797-***4567'); anything
 * else keeps the first 2 and last 2 characters.
 */
export function maskPhone(s: string): string {
  const checked = checkMobilePhone(s);
  if (checked.ok) {
    if (checked.kind === 'mobile') return `${checked.value.slice(0, 3)}****${checked.value.slice(7)}`;
    const [area = '', local = ''] = checked.value.split('-');
    return `${area}-${maskMiddle(local, 0, 4)}`;
  }
  return maskMiddle(s.trim(), 2, 2);
}

/**
 * Age in completed years on `onDate` (both 'YYYY-MM-DD'). The birthday counts from the same
 * month/day; someone born on 29 February turns a year older on 1 March in common years.
 * @throws RangeError for invalid dates or if `onDate` is before `birthDate`.
 */
export function ageOn(birthDate: string, onDate: string): number {
  if (!isValidLocalDate(birthDate)) throw new RangeError(`无效的出生日期“${String(birthDate)}”`);
  if (!isValidLocalDate(onDate)) throw new RangeError(`无效的日期“${String(onDate)}”`);
  if (onDate < birthDate) throw new RangeError(`日期 ${onDate} 早于出生日期 ${birthDate}`);
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------------

export type PhoneKind = 'mobile' | 'landline';

export type PhoneCheck = { ok: true; value: string; kind: PhoneKind } | { ok: false; reason: string };

const PHONE_EXAMPLE = '手机号码应为 11 位，固定电话应为“区号-号码”，如 0797-1234567';

/** Area codes 010 and 020–029 have three digits; all others (03xx–09xx) have four. */
function areaCodeLength(digits: string): number {
  return digits.startsWith('01') || digits.startsWith('02') ? 3 : 4;
}

/**
 * Validates a mainland phone number: an 11-digit mobile starting with 13–19 (an optional
 * +86/0086 prefix and separators are tolerated) or a landline with area code such as
 * '0797-1234567', '(0797)1234567', '021-12345678' or '07971234567'.
 *
 * `value` is normalised: mobiles as 11 digits, landlines as 'AREA-LOCAL'.
 */
export function checkMobilePhone(raw: string | number): PhoneCheck {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw < 0) return { ok: false, reason: '电话号码格式无效，' + PHONE_EXAMPLE };
    raw = String(raw);
  }
  if (typeof raw !== 'string') return { ok: false, reason: '电话号码不能为空' };
  const s = compact(raw);
  if (s === '') return { ok: false, reason: '电话号码不能为空' };
  if (/[^0-9+\-()]/.test(s)) return { ok: false, reason: '电话号码含有非法字符' };

  // Mobile: strip the country code and separators.
  const withoutCountry = s.replace(/^(\+86|0086)-?/, '').replace(/^\(\+?86\)/, '');
  const mobileDigits = withoutCountry.replace(/[-()]/g, '');
  if (withoutCountry !== s || mobileDigits.startsWith('1')) {
    if (!/^\d+$/.test(mobileDigits) || !mobileDigits.startsWith('1')) {
      return { ok: false, reason: '手机号码格式无效，应为 11 位数字' };
    }
    if (mobileDigits.length !== 11) return { ok: false, reason: '手机号码应为 11 位' };
    if (!/^1[3-9]/.test(mobileDigits)) return { ok: false, reason: '手机号码号段无效，应以 13–19 开头' };
    return { ok: true, value: mobileDigits, kind: 'mobile' };
  }

  // Landline with area code.
  const explicit = /^(?:\((0\d{2,3})\)|(0\d{2,3})-)-?(\d+)$/.exec(s);
  let area: string;
  let local: string;
  if (explicit) {
    area = explicit[1] ?? explicit[2] ?? '';
    local = explicit[3] ?? '';
    if (area.length !== areaCodeLength(area)) return { ok: false, reason: `区号“${area}”无效` };
  } else if (/^0\d+$/.test(s)) {
    const n = areaCodeLength(s);
    area = s.slice(0, n);
    local = s.slice(n);
  } else if (/^[2-9]\d{6,7}$/.test(s)) {
    return { ok: false, reason: '固定电话缺少区号，如 0797-1234567' };
  } else {
    return { ok: false, reason: '电话号码格式无效，' + PHONE_EXAMPLE };
  }
  if (!/^[1-9]\d{6,7}$/.test(local)) {
    return { ok: false, reason: '固定电话号码应为 7–8 位且不以 0 开头，如 0797-1234567' };
  }
  return { ok: true, value: `${area}-${local}`, kind: 'landline' };
}
