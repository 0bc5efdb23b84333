import type { ComparisonColumnDef } from '@anzhi/contracts/comparison';
import { checkIdNumber, maskIdNumber, normalizeIdNumber, toHalfWidth } from '@anzhi/domain/id-number';
import { isValidLocalDate, localDate } from '@anzhi/domain/periods';
import type { Cell } from '../imports/registry-rows';

/*
 * A department's sheet: title rows above the header, extra and reordered columns, full-width characters.
 * The header row is the first of the top rows in which every required column of the kind is recognised —
 * through the mapping supplied with the upload, the unit's saved mapping, or the catalogue's labels and aliases.
 */

/** A header as compared: half-width, without spaces, line breaks, asterisks and a trailing unit such as (元). */
export function normalizeHeader(raw: Cell | undefined): string {
  if (raw === null || raw === undefined) return '';
  return toHalfWidth(raw instanceof Date ? raw.toISOString() : String(raw))
    .replace(/[\s\u200b\ufeff*]/g, '')
    .replace(/\((元|万元|日期|yyyy-mm-dd)\)$/i, '')
    .toLowerCase();
}

export interface SheetLayout {
  /** Index in the row of each column key. */
  columns: Map<string, number>;
  /** Header text (as in the file) → column key, to save for next month. */
  mapping: Record<string, string>;
  /** Headers of the file not used. */
  ignored: string[];
}

export type LayoutResult = { ok: true; layout: SheetLayout } | { ok: false; missing: string[] };

/** Tries one row as the header. `hints` maps normalised header → column key ('' to ignore a column). */
export function layoutOf(
  cells: readonly Cell[],
  columns: readonly ComparisonColumnDef[],
  hints: Map<string, string>,
): LayoutResult {
  const byName = new Map<string, string>();
  for (const c of columns) for (const n of [c.label, c.key, ...c.aliases]) byName.set(normalizeHeader(n), c.key);
  const found = new Map<string, number>();
  const mapping: Record<string, string> = {};
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    const text = cell === null || cell === undefined ? '' : String(cell).trim();
    const h = normalizeHeader(text);
    if (!h) return;
    const key = hints.has(h) ? hints.get(h)! : byName.get(h);
    if (key && columns.some((c) => c.key === key) && !found.has(key)) {
      found.set(key, i);
      mapping[text] = key;
    } else ignored.push(text);
  });
  const missing = columns.filter((c) => c.required && !found.has(c.key)).map((c) => c.label);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, layout: { columns: found, mapping, ignored } };
}

/** Scans at most this many rows for the header. */
export const headerScanRows = 30;

export function hintsOf(...mappings: (Record<string, string> | null | undefined)[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of mappings) for (const [h, k] of Object.entries(m ?? {})) out.set(normalizeHeader(h), k);
  return out;
}

export type RowValues = Record<string, string | number | null>;

export type ReadRow =
  | { kind: 'empty' }
  | { kind: 'invalid'; idMasked: string | null; reason: string }
  | { kind: 'row'; idNumber: string; idMasked: string; name: string | null; values: RowValues };

/** True when the string holds a full-width ASCII variant or an ideographic space (most cells do not). */
function hasFullWidth(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 0x3000 || (c >= 0xff01 && c <= 0xff5e)) return true;
  }
  return false;
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return (hasFullWidth(cell) ? toHalfWidth(cell) : cell).trim();
  if (cell instanceof Date) return localDate(cell);
  return toHalfWidth(String(cell)).trim();
}

/** Excel's day serial (1900 system) → YYYY-MM-DD. */
function serialDate(n: number): string | null {
  if (!Number.isFinite(n) || n < 20000 || n > 80000) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(n) * 86_400_000).toISOString().slice(0, 10);
}

/** Dates repeat within a file (one month's days): parsed texts are remembered, a bounded number of them. */
const parsedDates = new Map<string, string | null>();
const parsedDatesMax = 4096;

/** A date from the cell and its text (as `text` gives it). */
function dateOf(cell: Cell, s: string): string | null {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return serialDate(cell);
  const known = parsedDates.get(s);
  if (known !== undefined) return known;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  let out: string | null = null;
  if (m) {
    const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    out = isValidLocalDate(d) ? d : null;
  }
  if (parsedDates.size >= parsedDatesMax) parsedDates.clear();
  parsedDates.set(s, out);
  return out;
}

export function parseDateCell(cell: Cell): string | null {
  return dateOf(cell, text(cell));
}

const plainNumber = /^-?\d+(\.\d+)?$/;

/** A number from the cell and its text (as `text` gives it). */
function numberOf(cell: Cell, s: string): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  // Most amounts are plain already: no separators or unit to strip.
  if (plainNumber.test(s)) return Number(s);
  const stripped = s.replace(/[,，\s元]/g, '');
  if (!plainNumber.test(stripped)) return null;
  return Number(stripped);
}

export function parseNumberCell(cell: Cell): number | null {
  return numberOf(cell, text(cell));
}

/** What `readDataRow` needs of a layout, worked out once per layout. */
interface RowPlan {
  idIndex: number;
  /** The other columns of the kind, in catalogue order, with their index in the row (-1: not in the file). */
  others: { def: ComparisonColumnDef; index: number }[];
}

const plans = new WeakMap<SheetLayout, { columns: readonly ComparisonColumnDef[]; plan: RowPlan }>();

function planOf(layout: SheetLayout, columns: readonly ComparisonColumnDef[]): RowPlan {
  const known = plans.get(layout);
  if (known && known.columns === columns) return known.plan;
  const idCol = columns.find((c) => c.type === 'id_number')!;
  const plan: RowPlan = {
    idIndex: layout.columns.get(idCol.key)!,
    others: columns
      .filter((c) => c.type !== 'id_number')
      .map((def) => ({ def, index: layout.columns.get(def.key) ?? -1 })),
  };
  plans.set(layout, { columns, plan });
  return plan;
}

const isBlank = (c: Cell) => text(c) === '';

/** Reads one data row: the ID number checked and normalised, every mapped cell typed. */
export function readDataRow(
  cells: readonly Cell[],
  layout: SheetLayout,
  columns: readonly ComparisonColumnDef[],
  today: string,
): ReadRow {
  const plan = planOf(layout, columns);
  const rawId = cells[plan.idIndex] ?? null;
  const idText = text(rawId);
  // A row with a number is not blank: the other cells are looked at only when it has none.
  if (!idText)
    return cells.every(isBlank) ? { kind: 'empty' } : { kind: 'invalid', idMasked: null, reason: '缺少身份证号码' };
  const normalized = normalizeIdNumber(idText);
  const check = checkIdNumber(typeof rawId === 'number' ? rawId : normalized, today);
  if (!check.ok) {
    const masked = /^\d{17}[\dX]$/.test(normalized) ? maskIdNumber(normalized) : null;
    return {
      kind: 'invalid',
      idMasked: masked,
      reason: check.reason.includes('身份证') ? check.reason : `身份证号码${check.reason}`,
    };
  }
  const values: RowValues = {};
  let problems: string[] | null = null;
  let name: string | null = null;
  for (const { def: c, index } of plan.others) {
    const cell = index < 0 ? null : (cells[index] ?? null);
    const raw = text(cell);
    if (raw === '') {
      if (c.required) (problems ??= []).push(`缺少${c.label}`);
      if (c.key !== 'name') values[c.key] = null;
      continue;
    }
    if (c.key === 'name') {
      name = raw;
      continue;
    }
    if (c.type === 'date') {
      const d = dateOf(cell, raw);
      if (!d) (problems ??= []).push(`${c.label}“${raw}”不是有效日期`);
      values[c.key] = d;
    } else if (c.type === 'number') {
      const n = numberOf(cell, raw);
      if (n === null) (problems ??= []).push(`${c.label}“${raw}”不是数字`);
      values[c.key] = n;
    } else values[c.key] = raw;
  }
  // A valid number is 18 ASCII characters: its mask is the first 6 and the last 4.
  const idMasked = `${normalized.slice(0, 6)}********${normalized.slice(14)}`;
  if (problems) return { kind: 'invalid', idMasked, reason: problems.join('；') };
  return { kind: 'row', idNumber: normalized, idMasked, name, values };
}
