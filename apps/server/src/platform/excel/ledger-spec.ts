/**
 * The common ledger layout (docs: ledgers.md, "Layout shared by every ledger") described as data: a
 * feature declares its columns once and hands rows to `writeLedger` (ledger-writer.ts).
 */

/**
 * How a column's cells are written:
 * - `index`: 序号, numbered 1, 2, 3… per sheet by the writer (the row's value is ignored);
 * - `text`: always a text cell (numFmt '@'), so ID numbers and household numbers never become numbers;
 *   a value starting with = + - @ (or tab/CR) is neutralised (see `neutraliseFormula`);
 * - `integer`: a whole number (counts, years), numFmt '0' unless the column says otherwise;
 * - `amount`: money in yuan, rounded to fen, numFmt '#,##0.00';
 * - `date`: a 'YYYY-MM-DD' string or an instant (its Asia/Shanghai date), a real date cell 'yyyy-mm-dd';
 * - `percent`: a ratio (0.253 is shown as 25.30%).
 *
 * A value that does not fit a non-text column (e.g. 回访日期 `未回访`, a numeric column's `不适用`) is written
 * as text, neutralised the same way; null, undefined and '' leave the cell empty (still bordered).
 * Booleans are written as 是/否; arrays are joined with '、'.
 */
export type LedgerCellType = 'index' | 'text' | 'integer' | 'amount' | 'date' | 'percent';

export interface LedgerColumn {
  /** Property of the row object holding the value. */
  key: string;
  /** Header text users see (ledgers.md column name, kept verbatim). */
  header: string;
  type: LedgerCellType;
  /** Width in Excel character units; a default per type otherwise. */
  width?: number;
  /** Sum this column in the 合计 row (integer and amount columns only). */
  total?: boolean;
  /** Wrap long text in this column (text with line breaks always wraps). */
  wrap?: boolean;
  /** Overrides the number format of integer, amount and percent columns. */
  numFmt?: string;
}

/** A group header (two header rows) spanning its columns, e.g. `五个变化` over five columns. */
export interface LedgerColumnGroup {
  header: string;
  children: readonly LedgerColumn[];
}

export type LedgerColumnSpec = LedgerColumn | LedgerColumnGroup;

export interface LedgerSpec {
  /** Row 1, e.g. `石城县易地扶贫搬迁后续扶持台账`. */
  title: string;
  /** 填报单位 (township, site or county); a sheet may override it. */
  unit: string;
  /** 统计期间 label, e.g. `2022年3月` (`periodLabel` of @anzhi/domain/periods). */
  period: string;
  columns: readonly LedgerColumnSpec[];
  /** 填报日期 in the signature line ('YYYY-MM-DD' or an instant from the injected clock); blank if absent. */
  reportDate?: string | Date;
  /** Replaces the whole signature line under the table (default: ledgers.md's footer). */
  signature?: string;
  /** Written in a sheet that has no data rows (e.g. `本期无记录`), 序号 left blank; absent: the sheet stays empty. */
  emptyText?: string;
}

export type LedgerRow = Readonly<Record<string, unknown>>;

/** One sheet: the whole ledger, or one township or site when the ledger is split (sheet named after it). */
export interface LedgerSheet {
  name: string;
  /** 填报单位 of this sheet (defaults to the spec's unit). */
  unit?: string;
  rows: AsyncIterable<LedgerRow> | Iterable<LedgerRow>;
}

export function isColumnGroup(spec: LedgerColumnSpec): spec is LedgerColumnGroup {
  return 'children' in spec;
}

/** The leaf columns in sheet order. */
export function leafColumns(columns: readonly LedgerColumnSpec[]): LedgerColumn[] {
  return columns.flatMap((c) => (isColumnGroup(c) ? [...c.children] : [c]));
}
