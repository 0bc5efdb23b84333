/**
 * Worker of `ledger-export.bench.ts`: exports 后续扶持台账 of a month from the benchmark database through the
 * ledger catalogue (modules/ledgers: the same path as GET /api/v1/ledgers/support/export, county scope, one sheet)
 * in a fresh process, so peak RSS belongs to that export alone, and prints one JSON line.
 * `node --import tsx bench/ledger-export-worker.ts <database-url> <keys-dir> <month> <file>`.
 */
import fs from 'node:fs';
import pino from 'pino';
import { fixedClock } from '@anzhi/domain/periods';
import { openDatabase } from '../apps/server/src/db/client';
import { writeLedgerTo } from '../apps/server/src/modules/ledgers/ledgers.service';
import { freezeAssignments } from '../apps/server/src/modules/snapshots/snapshots.service';
import { createFieldCipher } from '../apps/server/src/platform/crypto/cipher';
import { loadKeys } from '../apps/server/src/platform/crypto/keys';
import type { Deps } from '../apps/server/src/platform/deps';
import { benchCountyCode } from './registry-fixture';
import type { LedgerExportResultLine } from './ledger-export-protocol';

const [url, keysDir, month, file] = process.argv.slice(2);
if (!url || !keysDir || !month || !file) {
  process.stderr.write('用法：ledger-export-worker.ts <数据库 URL> <密钥目录> <月份> <文件>\n');
  process.exit(2);
}
const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
const deps = {
  config: { countyCode: benchCountyCode },
  database,
  db: database.db,
  clock: fixedClock('2023-01-05T02:00:00Z'),
  cipher: createFieldCipher(loadKeys(keysDir)),
  log: pino({ level: 'warn' }),
} as unknown as Deps;

const base = process.memoryUsage().rss;
let peak = base;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);
const t0 = performance.now();
const result = await writeLedgerTo(
  deps,
  { assignments: [...freezeAssignments] },
  'support',
  { month, split: 'none' },
  file,
);
const seconds = (performance.now() - t0) / 1000;
sample();
clearInterval(timer);
await database.close();
const line: LedgerExportResultLine = {
  rows: result.rows,
  seconds,
  peakRssGrowthMb: (peak - base) / 1024 / 1024,
  peakRssMb: peak / 1024 / 1024,
  fileBytes: fs.statSync(file).size,
};
process.stdout.write(`${JSON.stringify(line)}\n`);
