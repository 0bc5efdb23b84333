/**
 * Streaming writer of the common ledger layout (ledgers.md): title, 填报单位/统计期间, one or two header rows,
 * typed data rows, an optional 合计 row and the signature line, printed A4 landscape one page wide with the
 * header rows repeated and page numbers in the footer. Rows are pulled from an (async) iterable and written
 * through exceljs's streaming writer with backpressure, so a 100,000-row ledger never sits in memory.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS, { type CellValue, type Row, type Style, type Worksheet } from 'exceljs';
import { isValidLocalDate, localDate } from '@anzhi/domain/periods';
import {
  isColumnGroup,
  leafColumns,
  type LedgerCellType,
  type LedgerColumn,
  type LedgerSheet,
  type LedgerSpec,
} from './ledger-spec';

/** A file path (created or replaced) or a writable stream (e.g. an HTTP response body). */
export type LedgerTarget = string | Writable;

export interface LedgerWriteResult {
  sheets: { name: string; rows: number }[];
  rows: number;
}

const fontName = '宋体';
const titleFont = { name: fontName, size: 16, bold: true };
const boldFont = { name: fontName, size: 11, bold: true };
const plainFont = { name: fontName, size: 11 };
const thin = { style: 'thin' as const };
const borders = { top: thin, left: thin, bottom: thin, right: thin };
/** Between the labels of the signature line (four ideographic spaces: room to sign by hand). */
const signatureGap = '\u3000\u3000\u3000\u3000';

const defaultWidths: Record<LedgerCellType, number> = {
  index: 6,
  text: 14,
  integer: 10,
  amount: 14,
  date: 12,
  percent: 10,
};

const defaultNumFmts: Record<LedgerCellType, string> = {
  index: '0',
  text: '@',
  integer: '0',
  amount: '#,##0.00',
  date: 'yyyy-mm-dd',
  percent: '0.00%',
};

const horizontalOf: Record<LedgerCellType, 'left' | 'center' | 'right'> = {
  index: 'center',
  text: 'left',
  integer: 'right',
  amount: 'right',
  date: 'center',
  percent: 'right',
};

// ---------------------------------------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------------------------------------

const formulaStart = /^[=+\-@\t\r]/;

/**
 * Formula injection (OWASP "CSV injection"): text that begins with = + - @, a tab or a carriage return is
 * prefixed with an apostrophe, so neither Excel, LibreOffice nor a CSV saved from the workbook ever evaluates
 * it. Cells are also typed as strings; the apostrophe keeps it inert when a user edits the cell or re-saves
 * it as CSV. (The ID-number normaliser of @anzhi/domain drops such a leading apostrophe on import.)
 */
export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** Money is rounded to fen, half away from zero (the epsilon absorbs binary noise such as 1.005 * 100). */
function toFen(yuan: number): number {
  return Math.sign(yuan) * Math.round(Math.abs(yuan) * 100 + 1e-6);
}

const numericText = /^-?\d+(\.\d+)?$/;

function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'string' && numericText.test(raw.trim())) return Number(raw.trim());
  return null;
}

/** A calendar date as Excel sees it: UTC midnight of the day (exceljs writes the serial from UTC). */
function toExcelDate(raw: unknown): Date | null {
  let day: string | null = null;
  if (raw instanceof Date) day = Number.isNaN(raw.getTime()) ? null : localDate(raw);
  else if (typeof raw === 'string' && isValidLocalDate(raw.trim())) day = raw.trim();
  if (day === null) return null;
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
}

/** The text of a value in a text cell (or a value that does not fit its typed column). */
function cellText(raw: unknown, key: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
  if (typeof raw === 'boolean') return raw ? '是' : '否';
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? '' : localDate(raw);
  if (Array.isArray(raw)) return raw.map((item: unknown) => cellText(item, key)).join('、');
  throw new TypeError(`台账列“${key}”的值无法写入单元格：${Object.prototype.toString.call(raw)}`);
}

interface ColumnPlan {
  column: LedgerColumn;
  typedStyle: Partial<Style>;
  textStyle: Partial<Style>;
  wrappedTextStyle: Partial<Style>;
}

interface PlannedCell {
  value: CellValue;
  style: Partial<Style>;
  /** Exact amount to add to the 合计 (fen for amounts), or null when the cell does not count. */
  addend: number | null;
}

function textCell(plan: ColumnPlan, raw: unknown): PlannedCell {
  const text = neutraliseFormula(cellText(raw, plan.column.key));
  return { value: text, style: text.includes('\n') ? plan.wrappedTextStyle : plan.textStyle, addend: null };
}

function planCell(plan: ColumnPlan, raw: unknown, seq: number): PlannedCell {
  const { type } = plan.column;
  if (type === 'index') return { value: seq, style: plan.typedStyle, addend: null };
  if (raw === null || raw === undefined || raw === '') return { value: null, style: plan.typedStyle, addend: null };
  switch (type) {
    case 'text':
      return textCell(plan, raw);
    case 'integer':
    case 'percent': {
      const n = toNumber(raw);
      return n === null ? textCell(plan, raw) : { value: n, style: plan.typedStyle, addend: n };
    }
    case 'amount': {
      const n = toNumber(raw);
      if (n === null) return textCell(plan, raw);
      const fen = toFen(n);
      return { value: fen / 100, style: plan.typedStyle, addend: fen };
    }
    case 'date': {
      const d = toExcelDate(raw);
      return d === null ? textCell(plan, raw) : { value: d, style: plan.typedStyle, addend: null };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------------------

interface HeaderCell {
  row: number;
  col: number;
  text: string;
  /** Bottom-right corner when the cell is merged. */
  to?: { row: number; col: number };
}

interface Layout {
  plans: ColumnPlan[];
  width: number;
  headerRows: number;
  firstHeaderRow: number;
  lastHeaderRow: number;
  headerCells: HeaderCell[];
  /** Indexes (0-based) of the columns summed in the 合计 row; empty: no 合计 row. */
  totalColumns: number[];
}

function validate(spec: LedgerSpec): LedgerColumn[] {
  for (const c of spec.columns) {
    if (isColumnGroup(c) && c.children.length === 0) throw new RangeError(`台账表头分组“${c.header}”没有列`);
  }
  const leaves = leafColumns(spec.columns);
  if (leaves.length === 0) throw new RangeError('台账至少要有一列');
  const keys = new Set<string>();
  for (const c of leaves) {
    if (keys.has(c.key)) throw new RangeError(`台账列的 key 重复：${c.key}`);
    keys.add(c.key);
    if (c.total && c.type !== 'integer' && c.type !== 'amount') {
      throw new RangeError(`台账列“${c.header}”不是数量或金额列，不能合计`);
    }
  }
  return leaves;
}

function columnPlan(column: LedgerColumn): ColumnPlan {
  const horizontal = horizontalOf[column.type];
  const numFmt = column.type === 'text' ? '@' : (column.numFmt ?? defaultNumFmts[column.type]);
  const wrap = column.wrap === true;
  const alignment = (wrapText: boolean) => ({ horizontal, vertical: 'middle' as const, wrapText });
  const textStyle = { numFmt: '@', font: plainFont, border: borders, alignment: alignment(wrap) };
  return {
    column,
    typedStyle: { numFmt, font: plainFont, border: borders, alignment: alignment(wrap) },
    textStyle,
    wrappedTextStyle: wrap ? textStyle : { ...textStyle, alignment: alignment(true) },
  };
}

/** Display width of a text in Excel character units (CJK characters count double). */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return w;
}

function layoutOf(spec: LedgerSpec): Layout {
  const leaves = validate(spec);
  const plans = leaves.map(columnPlan);
  const headerRows = spec.columns.some(isColumnGroup) ? 2 : 1;
  const firstHeaderRow = 3;
  const lastHeaderRow = firstHeaderRow + headerRows - 1;
  const headerCells: HeaderCell[] = [];
  let col = 1;
  for (const c of spec.columns) {
    if (isColumnGroup(c)) {
      const last = col + c.children.length - 1;
      headerCells.push({
        row: firstHeaderRow,
        col,
        text: c.header,
        ...(last > col ? { to: { row: firstHeaderRow, col: last } } : {}),
      });
      for (const child of c.children) headerCells.push({ row: lastHeaderRow, col: col++, text: child.header });
    } else {
      headerCells.push({
        row: firstHeaderRow,
        col,
        text: c.header,
        ...(headerRows > 1 ? { to: { row: lastHeaderRow, col } } : {}),
      });
      col += 1;
    }
  }
  const totalColumns = leaves.flatMap((c, i) => (c.total ? [i] : []));
  return { plans, width: leaves.length, headerRows, firstHeaderRow, lastHeaderRow, headerCells, totalColumns };
}

function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------------------

/** Excel's rules for sheet names: at most 31 characters, none of []:*?/\, unique; apostrophes would break
 * the print-titles name exceljs writes ('name'!$1:$4), so they become typographic ones. */
function sheetName(wanted: string, used: Set<string>, n: number): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/'/g, '’')
      .trim()
      .slice(0, 31) || `表${n}`;
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i += 1) {
    const suffix = `(${i})`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

function styleRange(ws: Worksheet, row: number, from: number, to: number, style: Partial<Style>) {
  const r = ws.getRow(row);
  for (let c = from; c <= to; c += 1) r.getCell(c).style = style;
}

function signatureLine(spec: LedgerSpec): string {
  if (spec.signature !== undefined) return spec.signature;
  const date =
    spec.reportDate === undefined ? '' : spec.reportDate instanceof Date ? localDate(spec.reportDate) : spec.reportDate;
  return ['填报人：', '审核人：', '联系电话：', `填报日期：${date}`].join(signatureGap);
}

const columnWidth = (plan: ColumnPlan | undefined) => plan?.column.width ?? defaultWidths[plan?.column.type ?? 'text'];

/** Row heights (points) of the header rows, tall enough for wrapped header text (about 14 pt a line). */
function headerHeights(layout: Layout): number[] {
  const heights = Array.from({ length: layout.headerRows }, () => 20);
  const need = (h: HeaderCell) => {
    let w = 0;
    for (let c = h.col; c <= (h.to?.col ?? h.col); c += 1) w += columnWidth(layout.plans[c - 1]);
    return Math.ceil(displayWidth(h.text) / Math.max(1, w - 1)) * 14 + 6;
  };
  for (const h of layout.headerCells) {
    const i = h.row - layout.firstHeaderRow;
    if ((h.to?.row ?? h.row) === h.row) heights[i] = Math.max(heights[i] ?? 20, need(h));
  }
  // A header spanning both rows (a column outside any group) may need the second row taller still.
  for (const h of layout.headerCells) {
    const last = h.to?.row ?? h.row;
    if (last === h.row) continue;
    const have = heights.reduce((a, b) => a + b, 0);
    const i = last - layout.firstHeaderRow;
    if (have < need(h)) heights[i] = (heights[i] ?? 20) + need(h) - have;
  }
  return heights;
}

/** Writes rows 1 … lastHeaderRow (title, unit/period, headers) and commits them. */
function writeHead(ws: Worksheet, spec: LedgerSpec, layout: Layout, unit: string) {
  const { width } = layout;
  const last = columnLetter(width);

  const title = ws.getRow(1);
  title.height = 32;
  title.getCell(1).value = spec.title;
  if (width > 1) ws.mergeCells(`A1:${last}1`);
  styleRange(ws, 1, 1, width, { font: titleFont, alignment: { horizontal: 'center', vertical: 'middle' } });

  // Row 2: 填报单位 left, 统计期间 right (each over half the columns).
  const unitText = `填报单位：${unit}`;
  const periodText = `统计期间：${spec.period}`;
  const meta = ws.getRow(2);
  meta.height = 20;
  if (width === 1) {
    meta.getCell(1).value = `${unitText}${signatureGap}${periodText}`;
    meta.getCell(1).style = { font: plainFont, alignment: { horizontal: 'left', vertical: 'middle' } };
  } else {
    const split = Math.ceil(width / 2);
    meta.getCell(1).value = unitText;
    meta.getCell(split + 1).value = periodText;
    if (split > 1) ws.mergeCells(`A2:${columnLetter(split)}2`);
    if (width > split + 1) ws.mergeCells(`${columnLetter(split + 1)}2:${last}2`);
    styleRange(ws, 2, 1, split, { font: plainFont, alignment: { horizontal: 'left', vertical: 'middle' } });
    styleRange(ws, 2, split + 1, width, { font: plainFont, alignment: { horizontal: 'right', vertical: 'middle' } });
  }

  const headerStyle: Partial<Style> = {
    font: boldFont,
    border: borders,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  };
  for (const h of layout.headerCells) {
    ws.getRow(h.row).getCell(h.col).value = h.text;
    if (h.to) ws.mergeCells(h.row, h.col, h.to.row, h.to.col);
  }
  const heights = headerHeights(layout);
  for (let r = layout.firstHeaderRow; r <= layout.lastHeaderRow; r += 1) {
    styleRange(ws, r, 1, width, headerStyle);
    ws.getRow(r).height = heights[r - layout.firstHeaderRow] ?? 20;
  }
  ws.getRow(layout.lastHeaderRow).commit();
}

/** Writes the 合计 row (when a column is summed) and the signature line; returns nothing, commits all. */
function writeFoot(
  ws: Worksheet,
  spec: LedgerSpec,
  layout: Layout,
  firstData: number,
  lastData: number,
  sums: number[],
) {
  const { width } = layout;
  let next = lastData + 1;
  if (layout.totalColumns.length > 0) {
    const row = ws.getRow(next);
    const firstTotal = layout.totalColumns[0] ?? 0;
    const labelTo = Math.max(1, firstTotal); // the label spans the columns before the first sum
    row.getCell(1).value = '合计';
    if (labelTo > 1) ws.mergeCells(next, 1, next, labelTo);
    styleRange(ws, next, 1, width, { font: boldFont, border: borders, alignment: { vertical: 'middle' } });
    row.getCell(1).style = { font: boldFont, border: borders, alignment: { horizontal: 'center', vertical: 'middle' } };
    for (const i of layout.totalColumns) {
      const plan = layout.plans[i]!;
      const sum = plan.column.type === 'amount' ? (sums[i] ?? 0) / 100 : (sums[i] ?? 0);
      const letter = columnLetter(i + 1);
      const cell = row.getCell(i + 1);
      cell.value =
        lastData >= firstData ? { formula: `SUM(${letter}${firstData}:${letter}${lastData})`, result: sum } : sum;
      cell.style = { ...plan.typedStyle, font: boldFont };
    }
    row.height = 20;
    next += 1;
  }
  const signature = ws.getRow(next);
  signature.height = 28;
  signature.getCell(1).value = signatureLine(spec);
  if (width > 1) ws.mergeCells(next, 1, next, width);
  styleRange(ws, next, 1, width, { font: plainFont, alignment: { horizontal: 'left', vertical: 'bottom' } });
  signature.commit();
}

// ---------------------------------------------------------------------------------------------------------
// Streams and backpressure
// ---------------------------------------------------------------------------------------------------------

interface Drainable {
  _writableState: { needDrain: boolean };
  once(event: 'drain', listener: () => void): unknown;
}

function isDrainable(x: unknown): x is Drainable {
  if (typeof x !== 'object' || x === null || !('_writableState' in x) || !('once' in x)) return false;
  const state = x._writableState;
  return typeof state === 'object' && state !== null && 'needDrain' in state && typeof x.once === 'function';
}

/**
 * exceljs's sheet stream ignores backpressure: it pushes into the PassThrough that archiver reads the
 * sheet entry from, and that buffer grows without bound while the consumer (deflate, the file, a slow HTTP
 * client) is slower than row generation. We watch that PassThrough and wait for it to drain.
 */
function sheetSink(ws: Worksheet): Drainable | null {
  const stream: unknown = Reflect.get(ws, 'stream');
  if (typeof stream !== 'object' || stream === null) return null;
  const pipes: unknown = Reflect.get(stream, 'pipes');
  const first: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  return isDrainable(first) ? first : null;
}

function zipOf(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
): { on(event: 'error', l: (e: Error) => void): unknown; abort?: () => unknown } | null {
  const zip: unknown = Reflect.get(wb, 'zip');
  if (typeof zip !== 'object' || zip === null || !('on' in zip) || typeof zip.on !== 'function') return null;
  return zip as { on(event: 'error', l: (e: Error) => void): unknown; abort?: () => unknown };
}

/** Rejects when the output fails or closes before the workbook is complete (e.g. the client went away). */
function failureOf(out: Writable, zip: ReturnType<typeof zipOf>): Promise<never> {
  const failed = new Promise<never>((_resolve, reject) => {
    out.once('error', reject);
    out.once('close', () => {
      if (!out.writableFinished) reject(new Error('台账尚未写完，输出流已关闭'));
    });
    zip?.on('error', reject);
  });
  failed.catch(() => undefined); // observed through races; never an unhandled rejection
  return failed;
}

async function writeSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  spec: LedgerSpec,
  layout: Layout,
  name: string,
  sheet: Pick<LedgerSheet, 'rows' | 'unit'>,
  failed: Promise<never>,
): Promise<number> {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as needed
      horizontalCentered: true,
      printTitlesRow: `1:${layout.lastHeaderRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', xSplit: 0, ySplit: layout.lastHeaderRow, topLeftCell: `A${layout.lastHeaderRow + 1}` }],
  });
  ws.columns = layout.plans.map((p) => ({ width: p.column.width ?? defaultWidths[p.column.type] }));
  writeHead(ws, spec, layout, sheet.unit ?? spec.unit);

  const firstData = layout.lastHeaderRow + 1;
  const sums = layout.plans.map(() => 0);
  const sink = sheetSink(ws);
  let seq = 0;
  for await (const data of sheet.rows) {
    seq += 1;
    const row: Row = ws.getRow(firstData + seq - 1);
    for (let i = 0; i < layout.plans.length; i += 1) {
      const plan = layout.plans[i]!;
      const planned = planCell(plan, data[plan.column.key], seq);
      const cell = row.getCell(i + 1);
      cell.value = planned.value;
      cell.style = planned.style;
      if (planned.addend !== null && plan.column.total) sums[i] = (sums[i] ?? 0) + planned.addend;
    }
    row.commit();
    if (sink?._writableState.needDrain) await Promise.race([once(sink as unknown as Writable, 'drain'), failed]);
    else if (!sink && seq % 1000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  let lastData = firstData + seq - 1;
  if (seq === 0 && spec.emptyText) {
    // No records: one explicit row (序号 blank, the text across the other columns), never an invented record.
    const row: Row = ws.getRow(firstData);
    for (let i = 0; i < layout.plans.length; i += 1) row.getCell(i + 1).style = layout.plans[i]!.textStyle;
    const at = layout.width > 1 ? 2 : 1;
    row.getCell(at).value = spec.emptyText;
    row.getCell(at).style = {
      ...layout.plans[at - 1]!.textStyle,
      alignment: { horizontal: 'center', vertical: 'middle' },
    };
    if (layout.width > 2) ws.mergeCells(firstData, 2, firstData, layout.width);
    row.height = 20;
    row.commit();
    lastData = firstData;
  }
  writeFoot(ws, spec, layout, firstData, lastData, sums);
  ws.commit();
  return seq;
}

async function* asAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterable<T> {
  yield* items;
}

/**
 * Writes a ledger workbook: one sheet per item of `sheets` (in order), each with the full layout and its own
 * 合计. Rows are read lazily. On failure (a row source that throws, an output that errors or closes early)
 * the output stream is destroyed, a file target is removed, and the promise rejects.
 *
 * Masking is the caller's business: pass the masked ID or phone number unless the user may and asked to
 * see it (ledgers.md).
 */
export async function writeLedger(
  target: LedgerTarget,
  spec: LedgerSpec,
  sheets: AsyncIterable<LedgerSheet> | Iterable<LedgerSheet>,
): Promise<LedgerWriteResult> {
  let layout: Layout;
  try {
    layout = layoutOf(spec);
  } catch (err) {
    if (typeof target !== 'string') destroyQuietly(target, err);
    throw err;
  }
  const out = typeof target === 'string' ? fs.createWriteStream(target) : target;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '易地扶贫搬迁后续扶持管理平台';
  const zip = zipOf(wb);
  const failed = failureOf(out, zip);
  const result: LedgerWriteResult = { sheets: [], rows: 0 };
  const used = new Set<string>();
  try {
    for await (const sheet of asAsync(sheets)) {
      const name = sheetName(sheet.name, used, result.sheets.length + 1);
      const rows = await Promise.race([writeSheet(wb, spec, layout, name, sheet, failed), failed]);
      result.sheets.push({ name, rows });
      result.rows += rows;
    }
    if (result.sheets.length === 0) {
      const name = sheetName('台账', used, 1);
      await Promise.race([writeSheet(wb, spec, layout, name, { rows: [] }, failed), failed]);
      result.sheets.push({ name, rows: 0 });
    }
    await Promise.race([wb.commit(), failed]);
    // Our own file: wait until its descriptor is closed, so the caller can move or read it at once.
    if (typeof target === 'string' && !out.closed)
      await new Promise<void>((resolve) => out.once('close', () => resolve()));
    return result;
  } catch (err) {
    zip?.abort?.();
    if (typeof target === 'string') {
      // Our own file: closed before it is removed (a caller's stream may never emit 'close').
      const closed = out.closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => out.once('close', () => resolve()));
      destroyQuietly(out, err);
      await closed;
      await fs.promises.rm(target, { force: true });
    } else {
      destroyQuietly(out, err);
    }
    throw err;
  }
}

/** Destroys the output with the error; the caller learns of it from the rejected promise, not an 'error' event. */
function destroyQuietly(out: Writable, err: unknown) {
  if (out.destroyed) return;
  out.once('error', () => undefined);
  out.destroy(err instanceof Error ? err : new Error(String(err)));
}
