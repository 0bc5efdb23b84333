import type { Readable } from 'node:stream';
import './exceljs-utf8-fix';
import ExcelJS from 'exceljs';
import type { Cell } from './registry-rows';
import type { SheetRow } from './csv-reader';

/*
 * Rows of an uploaded .xlsx as a stream: the first worksheet through exceljs's streaming reader, without holding
 * the file in memory. CSV files are read by csv-reader.ts.
 */

/** A cell value of exceljs reduced to what the row reader needs. */
export function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return null;
  }
  return typeof v === 'bigint' || typeof v === 'symbol' ? v.toString() : JSON.stringify(v);
}

export async function* xlsxRows(source: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i += 1) cells.push(plainCell(values[i]));
      yield { rowNumber: row.number, cells };
    }
    return; // the first worksheet only
  }
}
