/**
 * `import`: the staged registry import end to end on PostgreSQL — upload (streamed to disk, encrypted), the parse
 * job (worker thread: read, check; staging with encrypted numbers; classification against the registry), the
 * confirmation and the apply job (re-classification, encryption and blind index, set-based writes of households,
 * persons, memberships and dated facts, audit) — for an .xlsx and a CSV file made by the project's generator,
 * beside a raw `COPY … FROM STDIN` of the same generated households, prepared (encrypted) beforehand, into the
 * same tables in the same run. The peak RSS of the process (the parse worker thread included) is sampled every
 * 100 ms during each import. A temporary database on 127.0.0.1 is created and dropped.
 *
 * Defaults finish in about two minutes; the full run (`--xlsx-persons 100000 --persons 1000000`) is
 * meant to be run directly: `npx tsx bench/import.bench.ts --xlsx-persons 100000 --persons 1000000`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { ImportBatch } from '@anzhi/contracts/imports';
import { localDate } from '@anzhi/domain/periods';
import { loadConfig } from '../apps/server/src/config';
import { generateHouseholds } from '../apps/server/src/demo/generator/registry-generator';
import { generatedRows } from '../apps/server/src/modules/imports/generated-rows';
import { confirmImport, getImport, uploadImport } from '../apps/server/src/modules/imports/imports.service';
// Registers the import batches' attachment access checker (the upload links the file to its batch).
import '../apps/server/src/modules/imports/imports.routes';
import {
  registryXlsxFile,
  writeRegistryCsvFile,
  type SheetValues,
} from '../apps/server/src/modules/imports/sample-workbook';
import { emptyRows, prepareHousehold, type PreparedRows } from '../apps/server/src/modules/registry/registry-load';
import { insertUser } from '../apps/server/src/modules/users/users.service';
import { login, type AuthState } from '../apps/server/src/platform/auth/auth.service';
import type { ActorContext } from '../apps/server/src/platform/audit/audit.service';
import type { Deps } from '../apps/server/src/platform/deps';
import { appJobRegistry } from '../apps/server/src/platform/jobs/job-kinds';
import { startJobRunner } from '../apps/server/src/platform/jobs/job-runner';
import { dec, figure, log, optionInt, registerCleanup, sig, type Figure } from './lib';
import { benchCountyCode, openRegistryBenchDatabase, type RegistryBenchDatabase } from './registry-fixture';
import { copyRows, registryOrder } from './registry-load.bench';

const bench = 'import';
const seed = 20240501;
/** Persons per household of the generator, on average (a little over: the file is cut at a household's end). */
const personsPerHousehold = 3.6;
const password = 'Bench@Import2026';

const registryTables = registryOrder
  .map(([, table]) => table)
  .reverse()
  .join(', ');

/** The generated rows, cut at the first household boundary at or after `persons` rows. */
function* firstPersons(rows: Iterable<SheetValues>, persons: number, counter: { rows: number }) {
  for (const r of rows) {
    if (r.householdNumber && counter.rows >= persons) return;
    counter.rows += 1;
    yield r;
  }
}

/** Samples the process's RSS (all threads) every 100 ms; `stop` returns the peak in MB. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / (1024 * 1024);
    },
  };
}

interface ImportRun {
  rows: number;
  households: number;
  fileMb: number;
  uploadS: number;
  dryRunS: number;
  applyS: number;
  totalS: number;
  peakRssMb: number;
}

async function waitForStatus(deps: Deps, auth: AuthState, id: string, statuses: ImportBatch['status'][]) {
  let logged = performance.now();
  for (;;) {
    const b = await getImport(deps, auth, id);
    if (statuses.includes(b.status)) return b;
    if (performance.now() - logged > 15_000) {
      logged = performance.now();
      log(`  ${b.status}：${JSON.stringify(b.progress)}，RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    }
    // A progress bar's pace (the UI polls about once a second): the polling itself stays a small share of the
    // database's work.
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Upload → parse job → confirm → apply job, through the service functions, the jobs run in this process. */
async function importFile(deps: Deps, auth: AuthState, actor: ActorContext, file: string): Promise<ImportRun> {
  // Polls for jobs every 250 ms (1 s in the server): the next job starts soon after the previous one, without
  // an idle lane's claim query every few milliseconds beside the import.
  const runner = startJobRunner(deps, appJobRegistry, { pollMs: 250, heartbeatMs: 2000, schedule: false });
  const rss = rssSampler();
  try {
    const t0 = performance.now();
    const uploaded = await uploadImport(
      deps,
      auth,
      actor,
      { stream: fs.createReadStream(file), filename: path.basename(file) },
      { kind: 'registry' },
    );
    const t1 = performance.now();
    const parsed = await waitForStatus(deps, auth, uploaded.id, ['parsed', 'failed', 'cancelled']);
    if (parsed.status !== 'parsed') throw new Error(`试导入失败：${parsed.error ?? parsed.status}`);
    if (parsed.counts.error > 0) throw new Error(`试导入有 ${parsed.counts.error} 行错误`);
    const t2 = performance.now();
    await confirmImport(deps, auth, actor, uploaded.id);
    const applied = await waitForStatus(deps, auth, uploaded.id, ['applied', 'failed']);
    if (applied.status !== 'applied') throw new Error(`导入失败：${applied.error ?? applied.status}`);
    const t3 = performance.now();
    return {
      rows: applied.counts.rows,
      households: applied.counts.householdsApplied,
      fileMb: fs.statSync(file).size / 1e6,
      uploadS: (t1 - t0) / 1000,
      dryRunS: (t2 - t1) / 1000,
      applyS: (t3 - t2) / 1000,
      totalS: (t3 - t0) / 1000,
      peakRssMb: rss.stop(),
    };
  } finally {
    rss.stop();
    await runner.stop();
  }
}

/**
 * The baseline: the same generated households prepared (encrypted) beforehand, chunk by chunk (memory stays
 * bounded), and only the COPY timed. Returns the persons written and the seconds spent in COPY.
 */
async function copyBaseline(fixture: RegistryBenchDatabase, households: number, persons: number) {
  const ctx = { cipher: fixture.cipher, countyCode: benchCountyCode, now: new Date() };
  let copyS = 0;
  let written = 0;
  let chunk: PreparedRows = emptyRows();
  const client = await fixture.pool.connect();
  const flush = async () => {
    const t = performance.now();
    await copyRows(client, chunk);
    copyS += (performance.now() - t) / 1000;
    chunk = emptyRows();
  };
  try {
    await client.query('begin');
    for (const h of generateHouseholds({
      seed,
      households,
      countyCode: benchCountyCode,
      sites: fixture.siteRefs,
      villages: fixture.villages,
      asOf: localDate(new Date()),
    })) {
      if (written >= persons) break;
      prepareHousehold(h, ctx, chunk);
      written += h.members.length;
      if (chunk.persons.length >= 10_000) await flush();
    }
    await flush();
    const t = performance.now();
    await client.query('commit');
    copyS += (performance.now() - t) / 1000;
  } finally {
    client.release();
  }
  return { persons: written, copyS };
}

async function personCount(fixture: RegistryBenchDatabase): Promise<number> {
  const { rows } = await fixture.pool.query<{ n: string }>('select count(*) as n from persons');
  return Number(rows[0]!.n);
}

async function* measure(
  fixture: RegistryBenchDatabase,
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  dir: string,
  format: 'xlsx' | 'csv',
  target: number,
): AsyncGenerator<Figure> {
  const households = Math.ceil(target / personsPerHousehold) + 50;
  const gen = await generatedRows(deps.db, {
    countyCode: benchCountyCode,
    siteIds: fixture.siteRefs.map((s) => s.id),
    households,
    seed,
    asOf: localDate(deps.clock.now()),
  });
  const file = path.join(dir, `花名册.${format}`);
  const counter = { rows: 0 };
  log(`生成约 ${target} 人的 ${format} 文件…`);
  if (format === 'xlsx') await registryXlsxFile(file, firstPersons(gen.rows(), target, counter));
  else writeRegistryCsvFile(file, firstPersons(gen.rows(), target, counter));
  log(`${format}：${counter.rows} 行，${dec(fs.statSync(file).size / 1e6, 1)} MB；导入中…`);

  await fixture.pool.query('checkpoint');
  const r = await importFile(deps, auth, actor, file);
  fs.rmSync(file, { force: true });
  const imported = await personCount(fixture);
  if (imported !== r.rows) throw new Error(`导入后人员数 ${imported} 与文件行数 ${r.rows} 不符`);
  log(
    `${format}：上传 ${dec(r.uploadS, 1)} 秒，试导入 ${dec(r.dryRunS, 1)} 秒，写入 ${dec(r.applyS, 1)} 秒，` +
      `共 ${dec(r.totalS, 1)} 秒；峰值 RSS ${Math.round(r.peakRssMb)} MB`,
  );

  await fixture.pool.query(`truncate ${registryTables} cascade`);
  await fixture.pool.query('checkpoint');
  log('COPY 对照写入中…');
  const base = await copyBaseline(fixture, households, r.rows);
  if ((await personCount(fixture)) !== base.persons) throw new Error('COPY 写入的人数与预期不符');
  await fixture.pool.query(`truncate ${registryTables} cascade`);
  log(`COPY：${base.persons} 人，${dec(base.copyS, 1)} 秒`);

  const params =
    `${format}，${r.rows} 人，${r.households} 户，文件 ${dec(r.fileMb, 1)} MB；上传 ${dec(r.uploadS, 1)} s、` +
    `试导入（解析、校验、加密、暂存、比对）${dec(r.dryRunS, 1)} s、写入（再比对、加密、索引、写库、审计）${dec(r.applyS, 1)} s`;
  yield figure({
    bench,
    figure: `${format}_persons_per_s`,
    value: sig(r.rows / r.totalS),
    unit: 'persons/s',
    baseline: 'copy_from_stdin',
    baseline_value: sig(base.persons / base.copyS),
    engine: 'postgres',
    duration_s: dec(r.totalS, 1),
    samples: r.rows,
    params,
    baseline_params: '同样生成的户（已预先加密、准备好各表的行），COPY … FROM STDIN 文本格式写入同样的表，一个事务',
  });
  yield figure({
    bench,
    figure: `${format}_peak_rss`,
    value: Math.round(r.peakRssMb),
    unit: 'MB',
    engine: 'postgres',
    samples: r.rows,
    params: `${format} 导入全程（上传到写入完成）进程 RSS 峰值，每 100 ms 采样，含解析工作线程`,
  });
}

export async function* run(): AsyncIterable<Figure> {
  const xlsxPersons = optionInt('--xlsx-persons', 'BENCH_IMPORT_XLSX_PERSONS', 10_000, 0, 100_000);
  const csvPersons = optionInt('--persons', 'BENCH_IMPORT_PERSONS', 40_000, 1_000, 2_000_000);
  const fixture = await openRegistryBenchDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-import-'));
  const removeDir = registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    const deps: Deps = {
      config: { ...loadConfig({ LOG_LEVEL: 'silent', DEMO: '0' }), dataDir: dir, countyCode: benchCountyCode },
      database: fixture.database,
      db: fixture.database.db,
      clock: { now: () => new Date() },
      cipher: fixture.cipher,
      log: pino({ level: 'silent' }),
    };
    await insertUser(deps.db, deps, {
      username: 'bench_import',
      displayName: '导入基准',
      password,
      roles: ['county_lead'],
      mustChangePassword: false,
      isDemo: false,
    });
    const meta = { ip: '127.0.0.1', userAgent: 'bench', requestId: null };
    const { auth } = await login(deps, 'bench_import', password, meta);
    const actor: ActorContext = {
      actorId: auth.user.id,
      actorName: auth.user.displayName,
      ip: meta.ip,
      requestId: null,
    };
    if (xlsxPersons > 0) yield* measure(fixture, deps, auth, actor, dir, 'xlsx', xlsxPersons);
    yield* measure(fixture, deps, auth, actor, dir, 'csv', csvPersons);
  } finally {
    await removeDir();
    await fixture.release();
  }
}

// Run directly (without run.ts and its 150-second watchdog) for the full sizes.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void (async () => {
    try {
      for await (const f of run()) process.stdout.write(`${JSON.stringify(f)}\n`);
    } catch (err) {
      log(`失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  })();
}
