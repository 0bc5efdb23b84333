import { checkIdNumber, checkMobilePhone, normalizeIdNumber } from '@anzhi/domain/id-number';
import {
  cleanText,
  codeMaps,
  columnLabel,
  columnOfHeader,
  householdColumnKeys,
  matchKey,
  registryColumns,
  yesNo,
  type ColumnKey,
} from './registry-columns';

/*
 * Pure reading of the registry workbook's rows (runs in the parse worker): finds the header (title rows
 * above it, one or two header rows), maps each data row onto typed values with the code lists, and checks
 * what needs no database (ID numbers, dates, codes, phones). Household columns left empty on member rows are
 * inherited from the household's first row. Every message names the row as Excel shows it.
 */

export type Cell = string | number | boolean | Date | null;

export interface HouseholdCells {
  township: string | null;
  site: string | null;
  placement: string | null;
  address: string | null;
  destinationVillage: string | null;
  originVillage: string | null;
  relocationYear: number | null;
  category: string | null;
  housingType: string | null;
  floorArea: number | null;
  propertyCertificateNo: string | null;
  certificateDate: string | null;
  oldHouseStatus: string | null;
}

export interface PersonCells {
  name: string | null;
  relation: string | null;
  birthDate: string | null;
  sex: '男' | '女' | null;
  ethnicity: string;
  politicalStatus: string;
  education: string | null;
  studentStatus: string;
  health: string;
  disabilityGrade: string | null;
  labourCapacity: string | null;
  employmentStatus: string | null;
  employmentPlace: string | null;
  employmentMode: string | null;
  monthlyIncome: number | null;
  medicalInsurance: boolean;
  pensionInsurance: boolean;
  dibao: boolean;
  tekun: boolean;
}

/** One data row, read and checked (the clear ID and phone numbers exist only in memory, never staged). */
export interface ParsedRow {
  rowNumber: number;
  householdNumber: string | null;
  household: HouseholdCells;
  person: PersonCells;
  idNumber: string | null;
  phone: string | null;
  errors: string[];
}

export interface HeaderLayout {
  /** Column index (0-based) → field. */
  columns: Map<number, ColumnKey>;
  /** Sheet row number (1-based) of the last header row: data start below it. */
  lastHeaderRow: number;
  /** Headers that name no field of the workbook (reported, not fatal). */
  unknown: string[];
}

const minHeaderMatches = 3;
/** Rows looked at for the header before giving up. */
export const headerScanRows = 30;

const textOf = (c: Cell | undefined): string =>
  c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : cleanText(String(c));

function matches(row: readonly Cell[]): number {
  let n = 0;
  for (const c of row) if (columnOfHeader(textOf(c))) n += 1;
  return n;
}

/**
 * Finds the header among the first rows: the first row naming at least three fields. When the row below it
 * names fields too, the two form one header (a group header over merged cells above, the field names below).
 */
export function findHeader(rows: readonly { rowNumber: number; cells: readonly Cell[] }[]): HeaderLayout | null {
  const at = rows.findIndex((r) => matches(r.cells) >= minHeaderMatches);
  if (at < 0) return null;
  const top = rows[at]!;
  const below = rows[at + 1];
  const twoRows = below !== undefined && below.rowNumber === top.rowNumber + 1 && matches(below.cells) >= 2;
  const width = Math.max(top.cells.length, twoRows ? below.cells.length : 0);
  const columns = new Map<number, ColumnKey>();
  const unknown: string[] = [];
  for (let i = 0; i < width; i += 1) {
    const upper = textOf(top.cells[i]);
    const lower = twoRows ? textOf(below.cells[i]) : '';
    const key = columnOfHeader(lower) ?? columnOfHeader(upper);
    if (key && ![...columns.values()].includes(key)) columns.set(i, key);
    else if (!key && (lower || (upper && !twoRows))) unknown.push(lower || upper);
  }
  return { columns, lastHeaderRow: twoRows ? below.rowNumber : top.rowNumber, unknown };
}

/** Required columns missing from the header (the file cannot be read without them). */
export function missingColumns(layout: HeaderLayout): string[] {
  const have = new Set(layout.columns.values());
  const required: ColumnKey[] = ['householdNumber', 'name', 'idNumber', 'relation'];
  return required.filter((k) => !have.has(k)).map(columnLabel);
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const pad2 = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): string | null => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
    ? `${y}-${pad2(m)}-${pad2(d)}`
    : null;
};

/** Excel's day serial (1900 date system, with its phantom 1900-02-29) to a date. */
function fromSerial(n: number): string | null {
  if (!Number.isFinite(n) || n < 1 || n > 2_958_465) return null;
  const ms = Math.round((n - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

/** A date as Excel stores it or as people type it: 2022-03-01, 2022/3/1, 2022.3.1, 2022年3月1日, 20220301. */
/** 'invalid' when the cell holds something that is not a date. */
export function parseDate(c: Cell): string | null {
  if (c === null || c === '') return null;
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? 'invalid' : c.toISOString().slice(0, 10);
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 21001231)
      return ymd(Math.floor(c / 10000), Math.floor(c / 100) % 100, c % 100) ?? 'invalid';
    return fromSerial(c) ?? 'invalid';
  }
  const s = cleanText(String(c)).replace(/\s+/g, '');
  if (!s) return null;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3])) ?? 'invalid';
  if (/^\d+(\.\d+)?$/.test(s)) return fromSerial(Number(s)) ?? 'invalid';
  return 'invalid';
}

function parseNumber(c: Cell): number | null | 'invalid' {
  if (c === null || c === '') return null;
  if (typeof c === 'number') return Number.isFinite(c) ? c : 'invalid';
  const s = cleanText(String(c))
    .replace(/[,\s]/g, '')
    .replace(/(元|㎡|m2|平方米|平米|年)$/i, '');
  if (!s) return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : 'invalid';
}

/** "3.60735199001011e+17" or a 16+ digit number: what Excel leaves of an ID number typed into a number cell. */
function excelNumber(c: Cell): boolean {
  if (typeof c === 'number') return Math.abs(c) >= 1e15 || !Number.isInteger(c);
  return typeof c === 'string' && /^\s*\d(\.\d+)?e\+?\d+\s*$/i.test(c.normalize('NFKC'));
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

export interface RowContext {
  /** Today in Asia/Shanghai (dates may not lie after it). */
  today: string;
  /** Household cells of the household being read (inherited by member rows that leave them empty). */
  current: { householdNumber: string | null; household: HouseholdCells } | null;
}

const emptyHousehold = (): HouseholdCells => ({
  township: null,
  site: null,
  placement: null,
  address: null,
  destinationVillage: null,
  originVillage: null,
  relocationYear: null,
  category: null,
  housingType: null,
  floorArea: null,
  propertyCertificateNo: null,
  certificateDate: null,
  oldHouseStatus: null,
});

/** True when the row has nothing that identifies a person or household (blank, totals, footer). */
function isBlank(get: (k: ColumnKey) => Cell): boolean {
  return ['householdNumber', 'name', 'idNumber'].every((k) => textOf(get(k as ColumnKey)) === '');
}

/**
 * Reads one data row. Returns null for a row without household number, name and ID number (blank rows, totals,
 * the footer). Updates `ctx.current` when the row starts a household.
 */
export function readRow(
  rowNumber: number,
  cells: readonly Cell[],
  layout: HeaderLayout,
  ctx: RowContext,
): ParsedRow | null {
  const byKey = new Map<ColumnKey, Cell>();
  for (const [i, key] of layout.columns) byKey.set(key, cells[i] ?? null);
  const get = (k: ColumnKey): Cell => byKey.get(k) ?? null;
  if (isBlank(get)) return null;

  const errors: string[] = [];
  const err = (message: string) => errors.push(`第${rowNumber}行：${message}`);
  const text = (k: ColumnKey): string | null => textOf(get(k)) || null;
  const code = (k: ColumnKey): string | null => {
    const raw = text(k);
    if (raw === null) return null;
    const v = codeMaps[k]?.get(matchKey(raw));
    if (v === undefined) {
      const allowed = registryColumns.find((c) => c.key === k)?.codes ?? [];
      err(`${columnLabel(k)}“${raw}”不在代码表中（可填：${allowed.join('、')}）`);
    }
    return v ?? null;
  };
  const flag = (k: ColumnKey, fallback: boolean): boolean => {
    const raw = text(k);
    if (raw === null) return fallback;
    const v = yesNo.get(matchKey(raw));
    if (v === undefined) err(`${columnLabel(k)}应填“是”或“否”（表中为“${raw}”）`);
    return v ?? fallback;
  };
  const number = (k: ColumnKey, max: number): number | null => {
    const v = parseNumber(get(k));
    if (v === 'invalid') err(`${columnLabel(k)}“${text(k)}”不是数字`);
    else if (v !== null && (v < 0 || v > max)) err(`${columnLabel(k)}超出合理范围（0–${max}）`);
    return typeof v === 'number' ? v : null;
  };
  const date = (k: ColumnKey): string | null => {
    const v = parseDate(get(k));
    if (v === 'invalid') err(`${columnLabel(k)}“${text(k)}”不是有效日期（如 2022-03-01）`);
    else if (v !== null && v > ctx.today) err(`${columnLabel(k)}不能晚于今天（${ctx.today}）`);
    return v === 'invalid' ? null : v;
  };

  // Household columns: a row with a household number (or a head without one) starts a household.
  const householdNumber = text('householdNumber')?.replace(/\s+/g, '') ?? null;
  const relation = code('relation');
  const startsHousehold =
    (householdNumber !== null && householdNumber !== ctx.current?.householdNumber) ||
    (householdNumber === null && relation === '户主') ||
    ctx.current === null;
  let household: HouseholdCells;
  if (startsHousehold) {
    const year = number('relocationYear', 2100);
    if (year !== null && (!Number.isInteger(year) || year < 2000 || year > Number(ctx.today.slice(0, 4))))
      err(`搬迁年份“${text('relocationYear')}”无效（应为 2000 年至今年的年份）`);
    household = {
      township: text('township'),
      site: text('site'),
      placement: code('placement'),
      address: text('address'),
      destinationVillage: text('destinationVillage'),
      originVillage: text('originVillage'),
      relocationYear: year,
      category: code('category'),
      housingType: code('housingType'),
      floorArea: number('floorArea', 2000),
      propertyCertificateNo: text('propertyCertificateNo'),
      certificateDate: date('certificateDate'),
      oldHouseStatus: code('oldHouseStatus'),
    };
    if (householdNumber === null) err('户编号不能为空');
    else if (!/^[0-9A-Za-z-]{4,30}$/.test(householdNumber)) err(`户编号“${householdNumber}”应为 4–30 位数字或字母`);
    const required: [ColumnKey, unknown][] = [
      ['category', household.category],
      ['placement', household.placement],
      ['originVillage', household.originVillage],
      ['relocationYear', household.relocationYear],
      ['housingType', household.housingType],
    ];
    for (const [k, v] of required) if (v === null && text(k) === null) err(`${columnLabel(k)}不能为空`);
    ctx.current = { householdNumber, household };
  } else {
    household = ctx.current!.household;
  }

  // Person columns.
  const name = text('name')?.replace(/\s+/g, '') ?? null;
  if (!name) err('姓名不能为空');
  if (!relation && text('relation') === null) err('与户主关系不能为空');
  let idNumber: string | null = null;
  let birthDate: string | null = null;
  let sex: '男' | '女' | null = null;
  const rawId = get('idNumber');
  if (rawId === null || textOf(rawId) === '') err('身份证号不能为空');
  else if (excelNumber(rawId)) err('身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重新填写');
  else {
    const check = checkIdNumber(typeof rawId === 'number' ? rawId : normalizeIdNumber(String(rawId)), ctx.today);
    if (!check.ok) err(check.reason.startsWith('身份证') ? check.reason : `身份证号${check.reason}`);
    else {
      idNumber = check.value;
      birthDate = check.birthDate;
      sex = check.sex === 'male' ? '男' : '女';
    }
  }
  const health = code('health') ?? '健康';
  const disabilityGrade = code('disabilityGrade');
  if (health === '残疾' && !disabilityGrade) err('健康状况为残疾时需填写残疾等级');
  if (health !== '残疾' && disabilityGrade) err('只有健康状况为残疾时才填写残疾等级');
  const labourCapacity = code('labourCapacity');
  if (!labourCapacity && text('labourCapacity') === null) err('劳动能力不能为空');
  let phone: string | null = null;
  const rawPhone = text('phone');
  if (rawPhone) {
    const c = checkMobilePhone(rawPhone);
    if (c.ok) phone = c.value;
    else err(`联系电话${c.reason.startsWith('电话') || c.reason.startsWith('手机') ? '：' : ''}${c.reason}`);
  }
  const ethnicity = text('ethnicity') ?? '汉族';
  return {
    rowNumber,
    householdNumber: startsHousehold ? householdNumber : (ctx.current?.householdNumber ?? null),
    household,
    person: {
      name,
      relation,
      birthDate,
      sex,
      ethnicity: ethnicity.endsWith('族') ? ethnicity : `${ethnicity}族`,
      politicalStatus: code('politicalStatus') ?? '群众',
      education: code('education'),
      studentStatus: code('studentStatus') ?? '非在校生',
      health,
      disabilityGrade,
      labourCapacity,
      employmentStatus: code('employmentStatus'),
      employmentPlace: text('employmentPlace'),
      employmentMode: text('employmentMode'),
      monthlyIncome: number('monthlyIncome', 1_000_000),
      medicalInsurance: flag('medicalInsurance', true),
      pensionInsurance: flag('pensionInsurance', false),
      dibao: flag('dibao', false),
      tekun: flag('tekun', false),
    },
    idNumber,
    phone,
    errors,
  };
}

export { emptyHousehold, householdColumnKeys };

/**
 * Finds the header while rows stream in: once the first row naming three fields is seen, waits for the row
 * below it (it may be the second header row), then hands back the rows that follow the header as data.
 */
export class HeaderScanner {
  private readonly head: { rowNumber: number; cells: readonly Cell[] }[] = [];
  layout: HeaderLayout | null = null;

  /** Feeds a row seen before the header is known; returns the data rows once it is. */
  push<R extends { rowNumber: number; cells: readonly Cell[] }>(row: R): R[] | null {
    this.head.push(row);
    const at = this.head.findIndex((r) => matches(r.cells) >= minHeaderMatches);
    if (at < 0) {
      if (this.head.length >= headerScanRows)
        throw new HeaderNotFound(
          `前 ${headerScanRows} 行中未找到表头（应含“户编号”“姓名”“身份证号”“与户主关系”等列名）`,
        );
      return null;
    }
    if (at === this.head.length - 1) return null; // the row below may belong to the header
    return this.decide() as R[];
  }

  /** At the end of the file: the header (if any) and the data rows still held. */
  end<R extends { rowNumber: number; cells: readonly Cell[] }>(): R[] {
    if (this.layout) return [];
    if (!this.head.some((r) => matches(r.cells) >= minHeaderMatches))
      throw new HeaderNotFound('文件中未找到表头（应含“户编号”“姓名”“身份证号”“与户主关系”等列名）');
    return this.decide() as R[];
  }

  private decide() {
    const layout = findHeader(this.head)!;
    this.layout = layout;
    return this.head.filter((r) => r.rowNumber > layout.lastHeaderRow);
  }
}

export class HeaderNotFound extends Error {}
