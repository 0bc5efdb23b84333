/**
 * `ledger-writer`: a 100,000-row ledger (the 22-column sample of ledger 1, 后续扶持台账) written by writeLedger
 * — the common layout, typed and styled cells, backpressure — against exceljs's own streaming writer given
 * the same values without the layout (`exceljs_plain_stream`). Each write runs in a fresh process so its
 * peak RSS is its own; both write to a temporary file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LedgerWriteResultSchema, type LedgerWriteResultLine } from './ledger-write-protocol';
import { dec, envInt, figure, firstJsonLine, log, registerCleanup, sig, spawnTsx, stopChild, type Figure } from './lib';

const bench = 'ledger_writer';

async function writeOnce(mode: 'layout' | 'plain', rows: number, dir: string): Promise<LedgerWriteResultLine> {
  const file = path.join(dir, `${mode}.xlsx`);
  const child = spawnTsx('bench/ledger-write.ts', [mode, String(rows), file]);
  const stop = registerCleanup(() => stopChild(child));
  try {
    return await firstJsonLine(child, LedgerWriteResultSchema, 140_000, `写台账进程（${mode}）`);
  } finally {
    await stop();
  }
}

export async function* run(): AsyncIterable<Figure> {
  const rows = envInt('BENCH_LEDGER_ROWS', 100_000, 1_000, 200_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-ledger-'));
  const removeDir = registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    log(`exceljs 裸流式写入 ${rows} 行（对照组）…`);
    const plain = await writeOnce('plain', rows, dir);
    log(`对照组：${dec(plain.seconds, 1)} 秒，峰值 RSS 增长 ${dec(plain.peakRssGrowthMb, 0)} MB`);
    log(`writeLedger 写入 ${rows} 行（通用台账版式）…`);
    const ours = await writeOnce('layout', rows, dir);
    log(`writeLedger：${dec(ours.seconds, 1)} 秒，峰值 RSS 增长 ${dec(ours.peakRssGrowthMb, 0)} MB`);

    const common = {
      bench,
      baseline: 'exceljs_plain_stream',
      params: `${rows} rows x 22 columns (sample 后续扶持台账), file target, fresh process each`,
      baseline_params: 'exceljs stream.xlsx.WorkbookWriter, same values, no styles, addRow().commit()',
    } as const;
    yield figure({
      ...common,
      figure: 'rows_per_s',
      value: sig(rows / ours.seconds),
      unit: 'rows/s',
      baseline_value: sig(rows / plain.seconds),
      duration_s: dec(ours.seconds, 1),
    });
    yield figure({
      ...common,
      figure: 'peak_rss_growth',
      value: dec(ours.peakRssGrowthMb, 0),
      unit: 'MB',
      baseline_value: dec(plain.peakRssGrowthMb, 0),
    });
    yield figure({
      ...common,
      figure: 'file_size',
      value: dec(ours.fileBytes / 1024 / 1024, 1),
      unit: 'MB',
      baseline_value: dec(plain.fileBytes / 1024 / 1024, 1),
    });
  } finally {
    await removeDir();
  }
}
