/**
 * `ledger-export`: a 100,000-row 后续扶持台账 exported through the ledger catalogue (modules/ledgers: keyset-paged
 * reads of the registry with members, labour, employment, incomes, monitoring and pairings as of the month end,
 * masked numbers, the common layout) from PostgreSQL, against the raw writer given 100,000 ready-made sample rows
 * (`writeLedger` alone, as bench/ledger-writer.bench.ts). Each export runs in a fresh process so its peak RSS is its
 * own. Targets (issue 9): ≤ 15 s and ≤ 400 MB peak. A temporary database on 127.0.0.1 is created and dropped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateHouseholds } from '../apps/server/src/demo/generator/registry-generator';
import { loadGenerated } from '../apps/server/src/modules/registry/registry-load';
import { LedgerExportResultSchema, type LedgerExportResultLine } from './ledger-export-protocol';
import { LedgerWriteResultSchema } from './ledger-write-protocol';
import { dec, envInt, figure, firstJsonLine, log, registerCleanup, sig, spawnTsx, stopChild, type Figure } from './lib';
import { benchCountyCode, openRegistryBenchDatabase } from './registry-fixture';

const bench = 'ledger-export';
const month = '2022-12';

async function child<T>(script: string, args: string[], schema: Parameters<typeof firstJsonLine<T>>[1], what: string) {
  const proc = spawnTsx(script, args);
  const stop = registerCleanup(() => stopChild(proc));
  try {
    return await firstJsonLine(proc, schema, 120_000, what);
  } finally {
    await stop();
  }
}

export async function* run(): AsyncIterable<Figure> {
  const households = envInt('BENCH_LEDGER_HOUSEHOLDS', 100_000, 1_000, 300_000);
  const fixture = await openRegistryBenchDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-ledger-export-'));
  const removeDir = registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    const { database, cipher, siteRefs, villages } = fixture;
    log(`生成并写入 ${households} 户合成户籍数据…`);
    let t = performance.now();
    const generated = generateHouseholds({
      seed: 20221231,
      households,
      countyCode: benchCountyCode,
      sites: siteRefs,
      villages,
      asOf: '2022-12-31',
    });
    await database.db.transaction((tx) =>
      loadGenerated({ db: tx, cipher, countyCode: benchCountyCode, now: new Date('2022-12-31T00:00:00Z') }, generated),
    );
    await fixture.pool.query('analyze');
    log(`已写入（${dec((performance.now() - t) / 1000, 1)} 秒）`);

    log('原始写入器对照组：writeLedger 写 100,000 行示例数据…');
    const raw = await child(
      'bench/ledger-write.ts',
      ['layout', String(households), path.join(dir, 'raw.xlsx')],
      LedgerWriteResultSchema,
      '写台账进程',
    );
    log(`对照组：${dec(raw.seconds, 1)} 秒，峰值 RSS 增长 ${dec(raw.peakRssGrowthMb, 0)} MB`);

    log(`后续扶持台账导出（${month}，全县一张工作表）…`);
    t = performance.now();
    const ours: LedgerExportResultLine = await child(
      'bench/ledger-export-worker.ts',
      [fixture.url, fixture.keysDir, month, path.join(dir, 'support.xlsx')],
      LedgerExportResultSchema,
      '台账导出进程',
    );
    log(
      `导出 ${ours.rows} 行：${dec(ours.seconds, 1)} 秒，峰值 RSS ${dec(ours.peakRssMb, 0)} MB（增长 ${dec(ours.peakRssGrowthMb, 0)} MB）`,
    );
    if (ours.rows < households * 0.95) throw new Error(`导出行数 ${ours.rows} 少于写入户数 ${households}`);

    const common = {
      bench,
      baseline: 'writeLedger_sample_rows',
      params: `${ours.rows} households, 后续扶持台账 ${month}, PostgreSQL, county scope, one sheet, fresh process`,
      baseline_params: `writeLedger alone, ${raw.rows} ready-made sample rows (bench/ledger-write.ts layout)`,
    } as const;
    yield figure({
      ...common,
      figure: 'export_seconds',
      value: dec(ours.seconds, 2),
      unit: 's',
      baseline_value: dec(raw.seconds, 2),
      duration_s: dec(ours.seconds, 1),
    });
    yield figure({
      ...common,
      figure: 'rows_per_s',
      value: sig(ours.rows / ours.seconds),
      unit: 'rows/s',
      baseline_value: sig(raw.rows / raw.seconds),
    });
    yield figure({
      ...common,
      figure: 'peak_rss',
      value: dec(ours.peakRssMb, 0),
      unit: 'MB',
      baseline_value: dec(raw.baseRssMb + raw.peakRssGrowthMb, 0),
    });
  } finally {
    await removeDir();
    await fixture.release();
  }
}
