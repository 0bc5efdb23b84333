import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { importXlsxMaxRows, type ImportFormat } from '@anzhi/contracts/imports';
import {
  HeaderScanner,
  missingColumns,
  readRow,
  type HeaderLayout,
  type ParsedRow,
  type RowContext,
} from './registry-rows';
import { csvRows, type SheetRow } from './csv-reader';
import { xlsxRows } from './sheet-reader';

/*
 * Reads a registry file as a stream and yields its header and its rows in chunks. The parse worker runs it
 * off the main thread; small files (the demo) may run it in place.
 */

export type ReadEvent =
  | { type: 'header'; unknownColumns: string[] }
  | { type: 'rows'; rows: ParsedRow[]; bytesRead: number; dataRows: number }
  | { type: 'done'; bytesRead: number; dataRows: number };

class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

export async function* readRegistryFile(
  source: Readable,
  format: ImportFormat,
  today: string,
  chunkRows: number,
): AsyncGenerator<ReadEvent> {
  const counter = new ByteCounter();
  const rows: AsyncIterable<SheetRow> =
    format === 'xlsx' ? xlsxRows(source.pipe(counter)) : csvRows(source.pipe(counter));
  const scanner = new HeaderScanner();
  const ctx: RowContext = { today, current: null };
  let chunk: ParsedRow[] = [];
  let dataRows = 0;
  const headerEvent = (layout: HeaderLayout): ReadEvent => {
    const missing = missingColumns(layout);
    if (missing.length > 0) throw new Error(`表头缺少必填列：${missing.join('、')}`);
    return { type: 'header', unknownColumns: layout.unknown };
  };
  /** Adds a data row; returns a full chunk to hand over, if any. */
  const add = (row: SheetRow, layout: HeaderLayout): ReadEvent | null => {
    const parsed = readRow(row.rowNumber, row.cells, layout, ctx);
    if (!parsed) return null;
    dataRows += 1;
    if (format === 'xlsx' && dataRows > importXlsxMaxRows)
      throw new Error(
        `.xlsx 文件最多导入 ${importXlsxMaxRows.toLocaleString('en-US')} 行，更大的文件请另存为 CSV 后导入`,
      );
    chunk.push(parsed);
    if (chunk.length < chunkRows) return null;
    const out: ReadEvent = { type: 'rows', rows: chunk, bytesRead: counter.bytes, dataRows };
    chunk = [];
    return out;
  };
  for await (const row of rows) {
    let data: SheetRow[] | null = [row];
    if (!scanner.layout) {
      data = scanner.push(row);
      if (!data) continue;
      yield headerEvent(scanner.layout!);
    }
    for (const d of data) {
      const out = add(d, scanner.layout!);
      if (out) yield out;
    }
  }
  if (!scanner.layout) {
    const data = scanner.end<SheetRow>();
    yield headerEvent(scanner.layout!);
    for (const d of data) {
      const out = add(d, scanner.layout!);
      if (out) yield out;
    }
  }
  if (chunk.length > 0) yield { type: 'rows', rows: chunk, bytesRead: counter.bytes, dataRows };
  yield { type: 'done', bytesRead: counter.bytes, dataRows };
}
