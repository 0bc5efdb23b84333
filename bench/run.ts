/**
 * Benchmark runner: `npm run bench -- [name…]`. Each `bench/<name>.bench.ts` exports `run()`, yielding
 * figures; every figure is printed as one JSON line on stdout, progress goes to stderr. Without a name,
 * every benchmark runs (alphabetical order). Benchmarks are not tests: they are bounded in time and only
 * target 127.0.0.1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dec, log, runAllCleanups, type BenchRun, type Figure } from './lib';

const benchDir = import.meta.dirname;
const suffix = '.bench.ts';
/** Hard limit per benchmark; each is designed to finish in about a minute. */
const watchdogMs = 150_000;

function knownBenches(): string[] {
  return fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
}

async function loadBench(name: string): Promise<BenchRun> {
  const mod: unknown = await import(pathToFileURL(path.join(benchDir, `${name}${suffix}`)).href);
  if (typeof mod === 'object' && mod !== null && 'run' in mod && typeof mod.run === 'function') {
    return mod.run as BenchRun;
  }
  throw new Error(`bench/${name}${suffix} 没有导出 run()`);
}

async function* figuresOf(run: BenchRun): AsyncIterable<Figure> {
  const out = run();
  if (out instanceof Promise) {
    yield* await out;
  } else {
    yield* out;
  }
}

/** The benchmark names among the arguments; options (`--persons 100000`, `--persons=100000`) are left to the benches. */
function benchNames(args: string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i]!;
    if (!a.startsWith('--')) names.push(a);
    else if (!a.includes('=')) i += 1; // `--flag value`: skip the value
  }
  return names;
}

function usage(known: string[]): string {
  return [
    '用法：npm run bench -- [名称…]（不带名称则全部运行）',
    `可用的基准测试：${known.join('、')}`,
    '环境变量：BENCH_DURATION（me 每段压测秒数，默认 10）、BENCH_DATABASE_URL（me 改用本机 PostgreSQL）',
    '选项：--persons N（person-lookup 的人数，默认 50000；也可用环境变量 BENCH_LOOKUP_PERSONS）',
    '      import：--persons N（CSV 人数，默认 40000）、--xlsx-persons N（.xlsx 人数，默认 10000，0 为跳过）',
    '      comparison：--persons N（部门文件行数与花名册人数，默认 100000；也可用环境变量 BENCH_COMPARISON_PERSONS）',
    '      ledger-export：环境变量 BENCH_LEDGER_HOUSEHOLDS（后续扶持台账导出的户数，默认 100000；需要本机 PostgreSQL）',
  ].join('\n');
}

/** The error with its cause chain (driver errors carry the database's message in `cause`). */
function describeError(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && depth < 5; depth += 1) {
    parts.push(e instanceof Error ? (e.stack ?? e.message) : typeof e === 'string' ? e : JSON.stringify(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join('\n  原因：');
}

async function exitAfterCleanup(code: number): Promise<never> {
  const hardStop = setTimeout(() => process.exit(code), 15_000);
  hardStop.unref();
  await runAllCleanups();
  process.exit(code);
}

async function main(): Promise<number> {
  const known = knownBenches();
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    process.stderr.write(`${usage(known)}\n`);
    return 0;
  }
  const names = benchNames(args);
  const unknown = names.filter((a) => !known.includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`未知的基准测试：${unknown.join('、')}。可用的基准测试：${known.join('、')}\n`);
    return 1;
  }
  const selected = names.length > 0 ? [...new Set(names)] : known;

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`收到 ${signal}，正在清理…`);
      void exitAfterCleanup(130);
    });
  }

  let failed = 0;
  for (const name of selected) {
    const t0 = performance.now();
    const load1m = dec(os.loadavg()[0] ?? 0);
    const cores = os.availableParallelism();
    log(`── ${name} ──（开始时 1 分钟负载 ${load1m}，${cores} 核）`);
    if (load1m > cores / 2) log(`注意：机器正忙（负载 ${load1m}），其他进程占用 CPU，结果会偏低、波动大`);
    const watchdog = setTimeout(() => {
      log(`${name} 超过 ${watchdogMs / 1000} 秒仍未结束，强制停止`);
      void exitAfterCleanup(1);
    }, watchdogMs);
    try {
      const run = await loadBench(name);
      for await (const fig of figuresOf(run)) {
        process.stdout.write(`${JSON.stringify({ ...fig, load_1m: load1m } satisfies Figure)}\n`);
      }
      log(`${name} 完成（${Math.round((performance.now() - t0) / 100) / 10} 秒）`);
    } catch (err) {
      failed += 1;
      log(`${name} 失败：${describeError(err)}`);
      await runAllCleanups();
    } finally {
      clearTimeout(watchdog);
    }
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(`运行失败：${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
