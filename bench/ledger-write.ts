/**
 * Worker of `ledger-writer.bench.ts`: writes one ledger in a fresh process (so peak RSS belongs to that write
 * alone) and prints one JSON line. `node --import tsx bench/ledger-write.ts <layout|plain> <rows> <file>`:
 * - `layout`: writeLedger (the common ledger layout, typed and styled cells, backpressure);
 * - `plain`: exceljs's streaming WorkbookWriter given the same values, one addRow().commit() per row.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { leafColumns } from '../apps/server/src/platform/excel/ledger-spec';
import { writeLedger } from '../apps/server/src/platform/excel/ledger-writer';
import { sampleLedgerRows, sampleLedgerSpec } from '../apps/server/src/platform/excel/sample-ledger';
import type { LedgerRow } from '../apps/server/src/platform/excel/ledger-spec';
import type { LedgerWriteResultLine } from './ledger-write-protocol';

const [mode, rowsArg, file] = process.argv.slice(2);
if ((mode !== 'layout' && mode !== 'plain') || !rowsArg || !file) {
  process.stderr.write('用法：ledger-write.ts <layout|plain> <行数> <文件>\n');
  process.exit(2);
}
const rows = Number(rowsArg);
const spec = sampleLedgerSpec({ period: '2022年3月', reportDate: '2022-03-31' });

const base = process.memoryUsage().rss;
let peak = base;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
// The timer catches peaks while the writer waits on I/O; the row loop samples too (a synchronous writer
// never lets the timer run).
const timer = setInterval(sample, 20);

function* sampled(count: number): Generator<LedgerRow> {
  let n = 0;
  for (const row of sampleLedgerRows(count)) {
    if (++n % 500 === 0) sample();
    yield row;
  }
}

async function plain(): Promise<void> {
  const keys = leafColumns(spec.columns).map((c) => c.key);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('台账');
  for (const row of sampled(rows)) ws.addRow(keys.map((k) => row[k] as ExcelJS.CellValue)).commit();
  ws.commit();
  await wb.commit();
}

const t0 = performance.now();
if (mode === 'layout') await writeLedger(file, spec, [{ name: '台账', rows: sampled(rows) }]);
else await plain();
const seconds = (performance.now() - t0) / 1000;
sample();
clearInterval(timer);
const line: LedgerWriteResultLine = {
  rows,
  seconds,
  peakRssGrowthMb: (peak - base) / 1024 / 1024,
  baseRssMb: base / 1024 / 1024,
  fileBytes: fs.statSync(file).size,
};
process.stdout.write(`${JSON.stringify(line)}\n`);
