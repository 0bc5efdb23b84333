import { z } from 'zod';
import type { Deps } from '../deps';
import type { Every } from './job-schedule';

/** What a running job sees. */
export interface JobContext<P> {
  jobId: string;
  /** The runner executing this attempt (as in `locked_by`). */
  workerId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  payload: P;
  deps: Deps;
  /**
   * Reports progress. Writes are throttled (the latest value is always written before the job ends);
   * awaiting it is cheap.
   */
  progress(done: number, total?: number | null, message?: string | null): Promise<void>;
  /** True once a user asked to cancel, the server is stopping, or this runner lost the job. */
  isCancelled(): boolean;
  /** Throws if {@link isCancelled}: the job then ends as cancelled (or is requeued when the server stops). */
  throwIfCancelled(): void;
  /** Aborted when {@link isCancelled} becomes true: pass it to sleeps and streams. */
  signal: AbortSignal;
}

export type Backoff = { baseMs: number; factor?: number; maxMs?: number } | ((attempt: number) => number);

/**
 * Jobs of the 'system' lane (short housekeeping such as the audit seal) run beside the 'default' lane,
 * so a long import never delays them.
 */
export type JobLane = 'default' | 'system';

export interface JobDefinition<P = unknown, R = unknown> {
  kind: string;
  /** Chinese title shown on the jobs page. */
  title: string;
  payload: z.ZodType<P>;
  maxAttempts?: number;
  /** Delay before attempt n + 1 after attempt n failed. Default 30 s doubling, at most 1 h. */
  backoff?: Backoff;
  lane?: JobLane;
  run(ctx: JobContext<P>): Promise<R>;
}

/** A job the scheduler enqueues once per period (period keys in Asia/Shanghai, from `deps.clock`). */
export interface PeriodicJobDefinition<R = unknown> extends JobDefinition<PeriodicPayload, R> {
  every: Every | ((deps: Deps) => Every);
  /** Checked before enqueueing a period: false skips the period (e.g. nothing to seal). */
  when?: (deps: Deps) => Promise<boolean>;
  /** Succeeded runs older than this are pruned (default 30 days; short periods want less). */
  keepSucceededMs?: number;
}

export interface PeriodicPayload {
  periodKey: string;
}

const periodicPayloadSchema = z.object({ periodKey: z.string() });

/** Identity helper that types `run`'s context from the payload schema. */
export function defineJob<P, R>(def: JobDefinition<P, R>): JobDefinition<P, R> {
  return def;
}

export function definePeriodic<R>(def: Omit<PeriodicJobDefinition<R>, 'payload'>): PeriodicJobDefinition<R> {
  return { ...def, payload: periodicPayloadSchema };
}

export const defaultMaxAttempts = 3;
const defaultBackoff = { baseMs: 30_000, factor: 2, maxMs: 3_600_000 };

/** Milliseconds to wait after attempt `attempt` (1-based) failed. */
export function backoffMs(backoff: Backoff | undefined, attempt: number): number {
  if (typeof backoff === 'function') return Math.max(0, backoff(attempt));
  const b = { ...defaultBackoff, ...backoff };
  return Math.min(b.maxMs, Math.round(b.baseMs * b.factor ** Math.max(0, attempt - 1)));
}

/** A failure whose Chinese message is meant for users; `retryable: false` fails the job at once. */
export class JobError extends Error {
  readonly retryable: boolean;
  constructor(message: string, opts: { retryable?: boolean } = {}) {
    super(message);
    this.name = 'JobError';
    this.retryable = opts.retryable ?? true;
  }
}

/** Thrown by `throwIfCancelled()`. */
export class JobCancelledError extends Error {
  constructor(readonly reason: 'cancelled' | 'shutdown' | 'lost') {
    super(reason === 'cancelled' ? '任务已取消' : reason === 'shutdown' ? '服务正在停止' : '任务已被其他进程接管');
    this.name = 'JobCancelledError';
  }
}

export interface JobRegistry {
  get(kind: string): JobDefinition | undefined;
  all(): readonly JobDefinition[];
  periodic(): readonly PeriodicJobDefinition[];
  /** Chinese title of a kind, or the kind itself if unknown. */
  titleOf(kind: string): string;
}

export function isPeriodic(def: JobDefinition): def is PeriodicJobDefinition {
  return 'every' in def;
}

/** Gathers job definitions; a kind defined twice is a programming error. */
export function createJobRegistry(defs: readonly JobDefinition[]): JobRegistry {
  const byKind = new Map<string, JobDefinition>();
  for (const def of defs) {
    if (byKind.has(def.kind)) throw new Error(`后台任务类型重复定义：${def.kind}`);
    byKind.set(def.kind, def);
  }
  const all = [...byKind.values()];
  const periodic = all.filter(isPeriodic);
  return {
    get: (kind) => byKind.get(kind),
    all: () => all,
    periodic: () => periodic,
    titleOf: (kind) => byKind.get(kind)?.title ?? kind,
  };
}
