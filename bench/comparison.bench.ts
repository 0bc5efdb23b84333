/**
 * `comparison`: 部门数据比对 end to end on PostgreSQL — a 医保 department CSV of N rows against a registry of N
 * persons: upload (streamed, encrypted), the processing job (cut the CSV into segments read by worker threads:
 * map the header, check and blind-index every ID number, COPY into the staging table; then the set-based match
 * writing every row's result, one INSERT … SELECT per rule, the counts) — from file to warnings. Beside it, in
 * the same run, two hand-written SQL baselines over the same staged data (numbers checked and blind-indexed
 * beforehand, COPYed into a plain table): (a) the same outputs — every row's result into a table like
 * comparison_rows, then the warnings from those rows; (b) the join alone — the warnings straight from the staged
 * rows, with no row results kept.
 *
 * Default N = 100,000 (about a minute here); the run: `npx tsx bench/comparison.bench.ts --persons 1000000`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { makeIdNumber, maskIdNumber } from '@anzhi/domain/id-number';
import { fixedClock } from '@anzhi/domain/periods';
import { loadConfig } from '../apps/server/src/config';
import { copyInto } from '../apps/server/src/db/copy';
import { generateHouseholds, mulberry32 } from '../apps/server/src/demo/generator/registry-generator';
import { ensureKinds } from '../apps/server/src/modules/comparison/comparison.kinds';
// Registers the comparison batches' attachment access checker (the upload links the file to its batch).
import '../apps/server/src/modules/comparison/comparison.routes';
import { getBatch, uploadBatch } from '../apps/server/src/modules/comparison/comparison.service';
import { resolveUnitName } from '../apps/server/src/modules/org/units.service';
import type { BulkHousehold } from '../apps/server/src/modules/registry/registry-load';
import { loadGenerated } from '../apps/server/src/modules/registry/registry-load';
import { insertAssignment } from '../apps/server/src/modules/users/role-assignments.service';
import { insertUser } from '../apps/server/src/modules/users/users.service';
import { login } from '../apps/server/src/platform/auth/auth.service';
import type { Deps } from '../apps/server/src/platform/deps';
import { appJobRegistry } from '../apps/server/src/platform/jobs/job-kinds';
import { startJobRunner } from '../apps/server/src/platform/jobs/job-runner';
import { dec, figure, log, optionInt, registerCleanup, sig, type Figure } from './lib';
import { benchCountyCode, openRegistryBenchDatabase } from './registry-fixture';

const bench = 'comparison';
const seed = 20260310;
const clock = fixedClock('2026-03-10T04:00:00Z');
const month = '2026-03';
/** Share of rows whose number nobody in the registry holds (people we do not serve). */
const strangerShare = 0.05;
/** Share of rows above the rule's amount (10,000 元 out of pocket): the warnings. */
const firingShare = 0.02;
const password = 'Bench@Compare2026';

function* generated(
  persons: number,
  place: Parameters<typeof generateHouseholds>[0],
  ids: string[],
): Generator<BulkHousehold> {
  for (const h of generateHouseholds(place)) {
    yield h;
    for (const m of h.members) if (m.person.idNumber) ids.push(m.person.idNumber);
    if (ids.length >= persons) return;
  }
}

/** The department's file: a title row, its own headers, N rows. */
async function writeCsv(file: string, ids: string[], n: number, random: () => number): Promise<{ firing: number }> {
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    '\ufeff县医保局搬迁人口医疗费用明细表\n序号,参保人姓名,公民身份号码,结算日期,医疗总费用,个人自付（元）\n',
  );
  let firing = 0;
  let buf = '';
  for (let i = 0; i < n; i += 1) {
    const stranger = random() < strangerShare;
    const id = stranger
      ? makeIdNumber('110101', `19${50 + Math.floor(random() * 50)}0101`, Math.floor(random() * 1000))
      : ids[i % ids.length]!;
    const fires = !stranger && random() < firingShare;
    if (fires) firing += 1;
    const amount = fires ? 10000 + Math.round(random() * 20000) : Math.round(random() * 3000);
    buf += `${i + 1},参保人${i + 1},${id},2026-03-0${1 + (i % 9)},${amount * 3},${amount}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((r) => out.end(() => r()));
  return { firing };
}

export async function* run(): AsyncIterable<Figure> {
  const n = optionInt('--persons', 'BENCH_COMPARISON_PERSONS', 100_000, 1_000, 2_000_000);
  const fixture = await openRegistryBenchDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-comparison-'));
  const removeDir = registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    const { database, pool, cipher } = fixture;
    const ids: string[] = [];
    log(`生成并写入约 ${n} 人的花名册（loadGenerated）…`);
    let t = performance.now();
    await database.db.transaction((tx) =>
      loadGenerated(
        { db: tx, cipher, countyCode: benchCountyCode, now: clock.now() },
        generated(
          n,
          {
            seed,
            households: Math.ceil(n / 2),
            countyCode: benchCountyCode,
            sites: fixture.siteRefs,
            villages: fixture.villages,
          },
          ids,
        ),
      ),
    );
    log(`花名册 ${ids.length} 人（${dec((performance.now() - t) / 1000, 1)} 秒）；vacuum analyze…`);
    // As a county's registry is: settled (visibility hints set, statistics fresh), not loaded a moment ago — else
    // whichever run reads it first pays for setting the hints, and the baselines run after ours.
    await pool.query('vacuum analyze');

    const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: '0', DATA_DIR: dir });
    const deps: Deps = {
      config: { ...config, dataDir: dir },
      database,
      db: database.db,
      clock,
      cipher,
      log: pino({ level: 'silent' }),
    };
    await ensureKinds(database.db);
    const unit = (await resolveUnitName(database.db, '县医保局'))!;
    const userId = await insertUser(database.db, deps, {
      username: 'bench_yibao',
      displayName: '基准测试（县医保局）',
      password,
      roles: [],
      mustChangePassword: false,
    });
    await insertAssignment(database.db, userId, { role: 'department', unitId: unit.id }, clock.now());
    const { auth } = await login(deps, 'bench_yibao', password, { ip: null, userAgent: null, requestId: null });
    const actor = { actorId: userId, actorName: '基准测试', ip: null, requestId: null };

    const file = path.join(dir, 'yibao.csv');
    const { firing } = await writeCsv(file, ids, n, mulberry32(seed + 1));
    const fileMb = fs.statSync(file).size / 1048576;
    log(`部门文件 ${n} 行（${dec(fileMb, 1)} MB），其中约 ${firing} 行超过限额`);

    // End to end: upload → job → processed (warnings written).
    const runner = startJobRunner(deps, appJobRegistry, { pollMs: 50, heartbeatMs: 2000, schedule: false });
    // Peak RSS of the process during the run (sampled every 100 ms), beside the RSS before it.
    const rssBeforeMb = process.memoryUsage().rss / 1048576;
    let rssPeak = process.memoryUsage().rss;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    // How long the event loop was held at a time (the server keeps answering while a batch is processed).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    t = performance.now();
    let batch;
    try {
      const { batch: uploaded } = await uploadBatch(
        deps,
        auth,
        actor,
        { stream: fs.createReadStream(file), filename: 'yibao.csv' },
        { kindKey: 'yb_medical', month, mapping: undefined },
      );
      log(`上传（流式加密写盘）${dec((performance.now() - t) / 1000, 1)} 秒`);
      for (;;) {
        batch = await getBatch(deps, auth, uploaded.id);
        if (['processed', 'failed'].includes(batch.status)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      clearInterval(rssTimer);
      loopDelay.disable();
      await runner.stop();
    }
    const e2eS = (performance.now() - t) / 1000;
    const rssPeakMb = Math.max(rssPeak, process.memoryUsage().rss) / 1048576;
    log(`进程内存（RSS）：比对前 ${Math.round(rssBeforeMb)} MB，比对中峰值 ${Math.round(rssPeakMb)} MB`);
    log(`事件循环延迟：p99 ${dec(loopDelay.percentile(99) / 1e6, 0)} ms，最长 ${dec(loopDelay.max / 1e6, 0)} ms`);
    if (batch.status !== 'processed') throw new Error(`比对失败：${batch.error ?? batch.status}`);
    log(`端到端 ${dec(e2eS, 1)} 秒：${JSON.stringify(batch.counts)}`);

    // The baselines: the same rows, checked and blind-indexed beforehand, COPYed and joined by hand in SQL.
    // (a) the same outputs: every row's result written into a table like comparison_rows (same indexes), then the
    //     warnings from the rows; (b) the join alone: the warnings straight from the staged rows, no row results.
    const random = mulberry32(seed + 1);
    const staged: unknown[][] = [];
    for (let i = 0; i < n; i += 1) {
      const stranger = random() < strangerShare;
      const id = stranger
        ? makeIdNumber('110101', `19${50 + Math.floor(random() * 50)}0101`, Math.floor(random() * 1000))
        : ids[i % ids.length]!;
      const fires = !stranger && random() < firingShare;
      const amount = fires ? 10000 + Math.round(random() * 20000) : Math.round(random() * 3000);
      const values = { visitDate: `2026-03-0${1 + (i % 9)}`, total: amount * 3, outOfPocket: amount };
      staged.push([i + 3, cipher.blindIndex(id), maskIdNumber(id), `参保人${i + 1}`, values]);
    }
    const stagedColumns = ['row_number', 'id_bidx', 'id_masked', 'person_name', 'values'];
    await pool.query(`
      create table bench_staged (row_number int, id_bidx text, id_masked text, person_name text, values jsonb);
      create table bench_rows (like comparison_rows including all);
      create table bench_warnings (person_id uuid, household_id uuid, amount numeric)`);
    const client = await pool.connect();
    const registry = `
      select p.id as person_id, p.id_number_bidx as bidx, m.household_id
      from persons p
      join household_members m on m.person_id = p.id and m.valid_to is null
      join households h on h.id = m.household_id and h.deleted_at is null and h.status = 'active'
      where p.deleted_at is null`;
    const copyStaged = async () => {
      for (let i = 0; i < staged.length; i += 50_000)
        await copyInto(client, 'bench_staged', stagedColumns, staged.slice(i, i + 50_000));
    };
    let sameOutputsS: number;
    let joinOnlyS: number;
    try {
      t = performance.now();
      await copyStaged();
      await client.query(`
        insert into bench_rows (batch_id, row_number, id_masked, person_name, values, status, reason, person_id,
          household_id)
        select '${batch.id}', s.row_number, s.id_masked,
          case when x.person_id is not null then s.person_name end,
          case when x.person_id is not null then s.values end,
          case when x.person_id is not null then 'matched' else 'unmatched' end,
          case when x.person_id is null then '不是本县在册搬迁人口' end, x.person_id, x.household_id
        from bench_staged s left join (${registry}) x on x.bidx = s.id_bidx`);
      const fromRows = await client.query(`
        insert into bench_warnings
        select person_id, household_id, sum((values->>'outOfPocket')::numeric) from bench_rows
        where status = 'matched'
        group by person_id, household_id
        having sum((values->>'outOfPocket')::numeric) >= 10000`);
      sameOutputsS = (performance.now() - t) / 1000;
      log(`对照（a）COPY + 手写写出逐行结果与预警 ${dec(sameOutputsS, 2)} 秒，${fromRows.rowCount} 条`);
      await client.query('truncate bench_staged, bench_warnings');
      t = performance.now();
      await copyStaged();
      const joined = await client.query(`
        insert into bench_warnings
        select x.person_id, x.household_id, sum((s.values->>'outOfPocket')::numeric)
        from bench_staged s join (${registry}) x on x.bidx = s.id_bidx
        group by x.person_id, x.household_id
        having sum((s.values->>'outOfPocket')::numeric) >= 10000`);
      joinOnlyS = (performance.now() - t) / 1000;
      log(`对照（b）COPY + 只连接出预警 ${dec(joinOnlyS, 2)} 秒，${joined.rowCount} 条`);
    } finally {
      client.release();
    }
    const params = `rows=${n}, persons=${ids.length}, file=${dec(fileMb, 1)}MB, unmatched≈${strangerShare * 100}%, warnings=${batch.counts.warnings}`;
    yield figure({
      bench,
      figure: 'end_to_end_s',
      value: sig(e2eS),
      unit: 's',
      baseline: 'handwritten_same_outputs_s',
      baseline_value: sig(sameOutputsS),
      engine: 'postgres',
      params,
    });
    yield figure({
      bench,
      figure: 'end_to_end_vs_join_only_s',
      value: sig(e2eS),
      unit: 's',
      baseline: 'copy_and_join_only_s',
      baseline_value: sig(joinOnlyS),
      engine: 'postgres',
      params,
    });
    yield figure({
      bench,
      figure: 'peak_rss_mb',
      value: Math.round(rssPeakMb),
      unit: 'MB',
      engine: 'postgres',
      params: `${params}, rss_before=${Math.round(rssBeforeMb)}MB`,
    });
    yield figure({
      bench,
      figure: 'rows_per_s',
      value: Math.round(n / e2eS),
      unit: 'rows/s',
      engine: 'postgres',
      params,
    });
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
