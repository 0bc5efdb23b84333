/**
 * `person-lookup`: the exact ID-number lookup (`/persons:lookup`, issue 5: p95 ≤ 5 ms with 1,000,000 persons),
 * measured server-side: the service function `lookupPerson` called in-process (number check, blind index,
 * the person, their memberships and scope, employment, the masked presentation) for random existing and missing
 * numbers, against the bare `select id from persons where id_number_bidx = $1 and deleted_at is null` (the
 * predicate of the partial unique index; without it PostgreSQL scans the table) through pg in the same run.
 * N persons are loaded first with the registry's own loader into a temporary PostgreSQL database (dropped at
 * the end).
 */
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { fixedClock } from '@anzhi/domain/periods';
import { loadConfig } from '../apps/server/src/config';
import { generateHouseholds } from '../apps/server/src/demo/generator/registry-generator';
import { lookupPerson } from '../apps/server/src/modules/registry/persons.service';
import type { BulkHousehold } from '../apps/server/src/modules/registry/registry-load';
import { loadGenerated } from '../apps/server/src/modules/registry/registry-load';
import { insertUser } from '../apps/server/src/modules/users/users.service';
import { login, type AuthState } from '../apps/server/src/platform/auth/auth.service';
import type { Deps } from '../apps/server/src/platform/deps';
import { AppError } from '../apps/server/src/platform/errors/app-error';
import { dec, figure, log, optionInt, percentile, runAllCleanups, sig, type Figure } from './lib';
import { benchCountyCode, openRegistryBenchDatabase } from './registry-fixture';

const bench = 'person-lookup';
const seed = 20220315;
/** The data's "today"; lookups run on this day too (current memberships, ages). */
const clock = fixedClock('2022-12-31T04:00:00Z');
const samples = 2_000;
const warmup = 200;
/** Share of lookups for a registered number; the rest ask for a valid number nobody holds. */
const existingShare = 0.8;
/** Existing numbers kept for sampling while the generator streams (reservoir sampling). */
const reservoirSize = 20_000;
/** The bare query, with the live-row predicate of the (partial) blind-index index, as the service's query has. */
const bareSql = 'select id from persons where id_number_bidx = $1 and deleted_at is null';

/** Small deterministic PRNG (mulberry32): the same sample every run. */
function rng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Streams generated households until `persons` persons, keeping a uniform sample of their ID numbers; the
 * loader consumes the stream, so a million persons never sit in memory at once.
 */
function* generatedPersons(
  persons: number,
  place: Pick<Parameters<typeof generateHouseholds>[0], 'sites' | 'villages'>,
  sample: string[],
  random: () => number,
): Generator<BulkHousehold> {
  let seen = 0;
  for (const h of generateHouseholds({
    seed,
    households: Math.ceil(persons / 2),
    countyCode: benchCountyCode,
    ...place,
  })) {
    yield h;
    for (const m of h.members) {
      const id = m.person.idNumber;
      if (id === null) continue;
      seen += 1;
      if (sample.length < reservoirSize) sample.push(id);
      else {
        const j = Math.floor(random() * seen);
        if (j < reservoirSize) sample[j] = id;
      }
      if (seen % 100_000 === 0) log(`已写入约 ${seen} 人…`);
    }
    if (seen >= persons) return;
  }
}

/** A valid number from a region the generator never uses (Beijing, 东城区): registered nowhere. */
function missingNumber(random: () => number): string {
  const year = 1940 + Math.floor(random() * 70);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  return makeIdNumber('110101', `${year}${month}${day}`, Math.floor(random() * 1000));
}

interface Probe {
  idNumber: string;
  bidx: string;
  exists: boolean;
}

/** The service call; returns whether it found the person (current or former member; a miss is NOT_FOUND). */
async function serviceLookup(deps: Deps, auth: AuthState, p: Probe): Promise<boolean> {
  try {
    await lookupPerson(deps, auth, p.idNumber);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return false;
    throw err;
  }
}

const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
};

export async function* run(): AsyncIterable<Figure> {
  const target = optionInt('--persons', 'BENCH_LOOKUP_PERSONS', 50_000, 1_000, 2_000_000);
  const fixture = await openRegistryBenchDatabase();
  try {
    const { database, pool, cipher } = fixture;
    const random = rng(seed);
    const existing: string[] = [];

    log(`生成并写入约 ${target} 人（loadGenerated，一个事务）…`);
    const t = performance.now();
    const counts = await database.db.transaction((tx) =>
      loadGenerated(
        { db: tx, cipher, countyCode: benchCountyCode, now: clock.now() },
        generatedPersons(target, { sites: fixture.siteRefs, villages: fixture.villages }, existing, random),
      ),
    );
    const loadS = (performance.now() - t) / 1000;
    log(`已写入 ${counts.households} 户、${counts.persons} 人（${dec(loadS, 1)} 秒）；analyze…`);
    await pool.query('analyze');

    const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: '0' });
    const deps: Deps = { config, database, db: database.db, clock, cipher, log: pino({ level: 'silent' }) };
    const password = 'Bench@Lookup2022';
    await insertUser(database.db, deps, {
      username: 'bench_lookup',
      displayName: '基准测试（县级）',
      password,
      roles: ['county_lead'],
      mustChangePassword: false,
    });
    const { auth } = await login(deps, 'bench_lookup', password, { ip: null, userAgent: null, requestId: null });

    const probes: Probe[] = Array.from({ length: warmup + samples }, () => {
      const exists = random() < existingShare;
      const idNumber = exists ? existing[Math.floor(random() * existing.length)]! : missingNumber(random);
      return { idNumber, bidx: cipher.blindIndex(idNumber), exists };
    });
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain ${bareSql}`, [probes[0]!.bidx]);
    log(`对照查询的执行计划：${plan.rows.map((r) => r['QUERY PLAN'].trim()).join(' / ')}`);

    // Interleaved, alternating which goes first, so both see the same load on a shared machine.
    const serviceMs: number[] = [];
    const rawMs: number[] = [];
    let hits = 0;
    for (const [i, p] of probes.entries()) {
      // A named statement, as the service's query is (parsed and planned once per connection): both are
      // measured alike, through the same pool.
      const raw = () => timed(() => pool.query({ name: 'bench_bare_by_bidx', text: bareSql, values: [p.bidx] }));
      const service = () => timed(() => serviceLookup(deps, auth, p));
      let rawResult: Awaited<ReturnType<typeof raw>>;
      let serviceResult: Awaited<ReturnType<typeof service>>;
      if (i % 2 === 0) {
        rawResult = await raw();
        serviceResult = await service();
      } else {
        serviceResult = await service();
        rawResult = await raw();
      }
      if (serviceResult.value !== p.exists || (rawResult.value.rowCount === 1) !== p.exists) {
        throw new Error(`查找结果与预期不符（第 ${i + 1} 次，${p.exists ? '应找到' : '应找不到'}）`);
      }
      if (i < warmup) continue;
      serviceMs.push(serviceResult.ms);
      rawMs.push(rawResult.ms);
      if (p.exists) hits += 1;
    }
    serviceMs.sort((a, b) => a - b);
    rawMs.sort((a, b) => a - b);

    const params = `${counts.persons} 人、${counts.households} 户；${samples} 次查找（另预热 ${warmup} 次），其中 ${hits} 次为已登记号码、${samples - hits} 次为无人登记的合法号码；县级用户，进程内调用 lookupPerson`;
    for (const p of [50, 95, 99]) {
      yield figure({
        bench,
        figure: `lookup_p${p}`,
        value: dec(percentile(serviceMs, p), 3),
        unit: 'ms',
        baseline: 'bare_sql_by_bidx',
        baseline_value: dec(percentile(rawMs, p), 3),
        engine: 'postgres',
        samples,
        params,
        baseline_params: `pg 直接执行 ${bareSql}（命名预备语句，与被测查询一样经同一连接池；盲索引预先算好）`,
      });
    }
    yield figure({
      bench,
      figure: 'load_persons_per_s',
      value: sig(counts.persons / loadS),
      unit: 'persons/s',
      engine: 'postgres',
      duration_s: dec(loadS, 1),
      params: '准备数据：loadGenerated 写入（加密、盲索引、每条语句 1000 行），不是本项的被测对象',
    });
  } finally {
    await fixture.release();
  }
}

// Run directly (without run.ts and its 150-second watchdog) for 1,000,000 persons:
// node --import tsx bench/person-lookup.bench.ts --persons 1000000
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`收到 ${signal}，正在清理…`);
      void runAllCleanups().then(() => process.exit(130));
    });
  }
  void (async () => {
    try {
      for await (const f of run()) process.stdout.write(`${JSON.stringify(f)}\n`);
    } catch (err) {
      log(`失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  })();
}
