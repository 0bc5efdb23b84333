import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { z } from 'zod';

/** The repository root (bench/ lives directly under it). */
export const repoRoot = path.resolve(import.meta.dirname, '..');

export type Engine = 'pglite' | 'postgres';

/** One measured figure; printed as one JSON line on stdout. */
export interface Figure {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  /** What the figure is compared with, and its value in the same unit. */
  baseline?: string;
  baseline_value?: number;
  /** value / baseline_value. */
  ratio?: number;
  engine?: Engine;
  node: string;
  cores: number;
  /** Context that makes the figure reproducible (load shape, hashing parameters…). */
  connections?: number;
  duration_s?: number;
  samples?: number;
  params?: string;
  baseline_params?: string;
  /** 1-minute load average of the machine when the bench started (stamped by run.ts): busy ⇒ low figures. */
  load_1m?: number;
}

export type FigureInput = Omit<Figure, 'node' | 'cores' | 'ratio'>;

/** A benchmark module: `bench/<name>.bench.ts` exporting `run`. */
export type BenchRun = () => AsyncIterable<Figure> | Iterable<Figure> | Promise<Figure[]>;

/** Rounds to a given number of significant digits (keeps small and large values readable). */
export function sig(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** Rounds to a fixed number of decimals. */
export function dec(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Builds a figure with the machine context; the ratio is value / baseline_value. */
export function figure(input: FigureInput): Figure {
  const { bench, figure: name, value, unit, baseline, baseline_value, engine, ...rest } = input;
  return {
    bench,
    figure: name,
    value,
    unit,
    ...(baseline !== undefined ? { baseline } : {}),
    ...(baseline_value !== undefined ? { baseline_value } : {}),
    ...(baseline_value !== undefined && baseline_value !== 0 ? { ratio: sig(value / baseline_value) } : {}),
    ...(engine !== undefined ? { engine } : {}),
    node: process.version,
    cores: os.availableParallelism(),
    ...rest,
  };
}

/** Human-readable progress goes to stderr; stdout carries only the JSON lines. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Cleanup registry: benches release what they started in `finally`; on a signal or the watchdog the
// runner calls runAllCleanups() before exiting, so no server, child process or temp database is left.

const cleanups: (() => Promise<void>)[] = [];

/** Registers a cleanup and returns a function that runs it once (and unregisters it). */
export function registerCleanup(fn: () => Promise<void> | void): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    const i = cleanups.indexOf(once);
    if (i >= 0) cleanups.splice(i, 1);
    await fn();
  };
  cleanups.push(once);
  return once;
}

/** Runs every pending cleanup, newest first; errors are reported, not thrown. */
export async function runAllCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups[cleanups.length - 1]!;
    try {
      await fn();
    } catch (err) {
      log(`清理失败：${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

// Children are killed synchronously when this process exits for any reason.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `node --import tsx <script> [...args]` from the repository root; stderr is passed through. */
export function spawnTsx(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Stops a child by its own PID (SIGTERM, then SIGKILL after a grace period). */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the first stdout line of a child that parses with the schema; rejects on exit or timeout. */
export function firstJsonLine<T>(
  child: ChildProcess,
  schema: z.ZodType<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let buffer = '';
    const finish = (err: Error | null, value?: T) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value as T);
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          continue;
        }
        const parsed = schema.safeParse(json);
        if (parsed.success) return finish(null, parsed.data);
        return finish(new Error(`${what}输出格式不符：${line}`));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish(new Error(`${what}提前退出（退出码 ${code ?? '-'}，信号 ${signal ?? '-'}）`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`${what}超时（${Math.round(timeoutMs / 1000)} 秒）`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Reads a bounded integer from the environment; a bad value is an error, not a silent default. */
export function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`环境变量 ${name}=${raw} 无效：应为 ${min}–${max} 之间的整数`);
  }
  return n;
}

/**
 * Reads a bounded integer option given as `--flag N` or `--flag=N` on the command line (run.ts passes options
 * through), else from the environment variable `envName`, else `fallback`. A bad value is an error.
 */
export function optionInt(flag: string, envName: string, fallback: number, min: number, max: number): number {
  const args = process.argv;
  const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return envInt(envName, fallback, min, max);
  const raw = args[i] === flag ? args[i + 1] : args[i]!.slice(flag.length + 1);
  const n = Number(raw);
  if (raw === undefined || raw === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`参数 ${flag} ${raw ?? ''} 无效：应为 ${min}–${max} 之间的整数`);
  }
  return n;
}

/** Median and nearest-rank percentile of a sample. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('empty sample');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) throw new Error('empty sample');
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A temporary database on the local PostgreSQL (127.0.0.1 only), created from an admin URL; `drop` removes it. */
export async function createTempDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new URL(adminUrl);
  if (!/^postgres(ql)?:$/.test(admin.protocol)) throw new Error('BENCH_DATABASE_URL 必须以 postgres:// 开头');
  if (admin.hostname !== '127.0.0.1' && admin.hostname !== 'localhost') {
    throw new Error(`BENCH_DATABASE_URL 只能指向本机 127.0.0.1:5432，收到：${admin.host}`);
  }
  const name = `anzhi_bench_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const exec = async (text: string) => {
    const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await exec(`create database ${name}`);
  log(`已创建临时数据库 ${name}`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await exec(`drop database if exists ${name} with (force)`);
      log(`已删除临时数据库 ${name}`);
    },
  };
}
