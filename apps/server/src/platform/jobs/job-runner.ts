import crypto from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../errors/app-error';
import type { Deps } from '../deps';
import {
  backoffMs,
  JobCancelledError,
  JobError,
  type JobContext,
  type JobDefinition,
  type JobLane,
  type JobRegistry,
} from './job-definition';
import { enqueuePeriodicJobs } from './job-scheduler';
import {
  claimNextJob,
  recoverStaleJobs,
  releaseJob,
  settleJob,
  touchJob,
  type JobFence,
  type JobRow,
} from './jobs.repository';

export interface JobRunnerOptions {
  /** Unique per runner; shown in `locked_by`. Default: host, pid and a random suffix. */
  workerId?: string;
  /** How often to look for due jobs and run the scheduler tick. */
  pollMs?: number;
  /** Jobs of the default lane run at once (imports, exports, sweeps). */
  concurrency?: number;
  /** Jobs of the system lane (audit seal, pruning) run at once, beside the default lane. */
  systemConcurrency?: number;
  /** Heartbeat of a running job; also how quickly a cancel request is seen. */
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this has lost its process. */
  staleAfterMs?: number;
  /** How often to look for such jobs (and once at start). */
  staleCheckMs?: number;
  /** Progress is written at most this often (the latest value always lands before the job ends). */
  progressIntervalMs?: number;
  /**
   * 'all': at start, every running job not held by this runner is orphaned (PGlite: the data-directory lock
   * guarantees a single process). 'stale': only those with a stale heartbeat (PostgreSQL, several processes).
   */
  orphansOnStart?: 'stale' | 'all';
  /** Run the periodic scheduler tick (default true). */
  schedule?: boolean;
  /** On stop, how long running jobs get to reach a cancellation check. */
  shutdownGraceMs?: number;
}

export interface JobRunner {
  workerId: string;
  /** Look for work now instead of at the next poll. */
  poke(): void;
  /** Stops claiming, asks running jobs to stop and gives them back to the queue. */
  stop(): Promise<void>;
}

const shutdownMessage = '服务停止，任务已重新排队';

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}

/** The Chinese message stored for users; internals of unexpected errors stay in the log. */
function userMessage(err: unknown): string {
  if (err instanceof AppError || err instanceof JobError) return err.message;
  const detail = err instanceof Error ? err.message : String(err);
  return `任务执行出错：${detail}`.slice(0, 1000);
}

function retryable(err: unknown): boolean {
  if (err instanceof JobError) return err.retryable;
  // An AppError is a rule saying no: trying again gives the same answer.
  if (err instanceof AppError) return err.code === 'SERVICE_UNAVAILABLE';
  return true;
}

interface ActiveJob {
  lane: JobLane;
  done: Promise<void>;
  shutdown(): void;
}

/**
 * Starts claiming and running jobs of the kinds in `registry`. Several runners (in one process or many)
 * share the queue through row locks; each job runs once per claim.
 */
export function startJobRunner(deps: Deps, registry: JobRegistry, options: JobRunnerOptions = {}): JobRunner {
  const o = {
    workerId: options.workerId ?? defaultWorkerId(),
    pollMs: options.pollMs ?? 1000,
    concurrency: options.concurrency ?? 1,
    systemConcurrency: options.systemConcurrency ?? 1,
    heartbeatMs: options.heartbeatMs ?? 2000,
    staleAfterMs: options.staleAfterMs ?? 120_000,
    staleCheckMs: options.staleCheckMs ?? 30_000,
    progressIntervalMs: options.progressIntervalMs ?? 500,
    orphansOnStart: options.orphansOnStart ?? 'stale',
    schedule: options.schedule ?? true,
    shutdownGraceMs: options.shutdownGraceMs ?? 5000,
  };
  const { db, clock, log } = deps;
  const lanes: { lane: JobLane; limit: number; kinds: string[] }[] = [
    { lane: 'default', limit: o.concurrency, kinds: kindsOf('default') },
    { lane: 'system', limit: o.systemConcurrency, kinds: kindsOf('system') },
  ];
  const active = new Map<string, ActiveJob>();
  const periodKeys = new Map<string, string>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let again = false;
  let lastStaleCheck = Number.NEGATIVE_INFINITY;
  let started = false;

  function kindsOf(lane: JobLane): string[] {
    return registry
      .all()
      .filter((d) => (d.lane ?? 'default') === lane)
      .map((d) => d.kind);
  }

  async function recover() {
    const firstRun = !started;
    started = true;
    lastStaleCheck = performance.now();
    const recovered = await recoverStaleJobs(db, {
      now: clock.now(),
      staleBefore: firstRun && o.orphansOnStart === 'all' ? null : new Date(clock.now().getTime() - o.staleAfterMs),
      exceptWorker: o.workerId,
    });
    if (recovered.length > 0) log.warn({ jobs: recovered }, '后台任务执行中断（进程已退出），已重新排队或标记为失败');
  }

  async function tickOnce() {
    if (performance.now() - lastStaleCheck >= o.staleCheckMs || !started) await recover();
    if (o.schedule) await enqueuePeriodicJobs(deps, registry, periodKeys);
    for (const lane of lanes) {
      while (!stopping && countIn(lane.lane) < lane.limit) {
        const row = await claimNextJob(db, { workerId: o.workerId, now: clock.now(), kinds: lane.kinds });
        if (!row) break;
        if (stopping) {
          await releaseJob(db, fenceOf(row), clock.now(), shutdownMessage);
          break;
        }
        launch(row, lane.lane);
      }
    }
  }

  function countIn(lane: JobLane): number {
    let n = 0;
    for (const job of active.values()) if (job.lane === lane) n += 1;
    return n;
  }

  function tick(): Promise<void> {
    if (ticking) {
      again = true;
      return ticking;
    }
    clearTimeout(timer);
    ticking = (async () => {
      do {
        again = false;
        try {
          await tickOnce();
        } catch (err) {
          if (!stopping) log.error({ err }, '后台任务调度出错');
        }
      } while (again && !stopping);
    })().finally(() => {
      ticking = undefined;
      if (!stopping) {
        timer = setTimeout(() => void tick(), o.pollMs);
        timer.unref();
      }
    });
    return ticking;
  }

  function launch(row: JobRow, lane: JobLane) {
    const def = registry.get(row.kind)!;
    const control = { shutdown: () => undefined as void };
    const done = execute(def, row, control)
      .catch((err: unknown) => log.error({ err, jobId: row.id, kind: row.kind }, '后台任务结算失败'))
      .finally(() => {
        active.delete(row.id);
        if (!stopping) void tick();
      });
    active.set(row.id, { lane, done, shutdown: () => control.shutdown() });
  }

  async function execute(def: JobDefinition, row: JobRow, control: { shutdown(): void }): Promise<void> {
    const fence = fenceOf(row);
    const abort = new AbortController();
    let reason: JobCancelledError['reason'] | null = null;
    const trip = (r: JobCancelledError['reason']) => {
      if (reason) return;
      reason = r;
      abort.abort(new JobCancelledError(r));
    };
    control.shutdown = () => trip('shutdown');

    let latest = { done: 0, total: null as number | null, message: null as string | null };
    let unwritten = false;
    let lastWrite = Number.NEGATIVE_INFINITY;
    let writes: Promise<void> = Promise.resolve();
    const write = (withProgress: boolean): Promise<void> => {
      const progress = withProgress ? { ...latest } : undefined;
      if (withProgress) {
        unwritten = false;
        lastWrite = performance.now();
      }
      writes = writes
        .then(async () => {
          const seen = await touchJob(db, fence, clock.now(), progress);
          if (!seen) trip('lost');
          else if (seen.cancelRequested) trip('cancelled');
        })
        .catch((err: unknown) => log.warn({ err, jobId: row.id }, '后台任务心跳写入失败'));
      return writes;
    };
    const heartbeat = setInterval(() => void write(unwritten), o.heartbeatMs);
    heartbeat.unref();

    const ctx: JobContext<unknown> = {
      jobId: row.id,
      workerId: o.workerId,
      attempt: row.attempts,
      payload: undefined,
      deps,
      signal: abort.signal,
      async progress(done, total = null, message = null) {
        // Integer columns: a fractional count (bytes → rows estimates) is rounded.
        latest = { done: Math.round(done), total: total === null ? null : Math.round(total), message };
        unwritten = true;
        if (performance.now() - lastWrite >= o.progressIntervalMs) await write(true);
      },
      isCancelled: () => reason !== null,
      throwIfCancelled() {
        if (reason) throw new JobCancelledError(reason);
      },
    };
    const progressColumns = () => ({
      progressDone: latest.done,
      progressTotal: latest.total,
      progressMessage: latest.message,
    });

    try {
      const parsed = def.payload.safeParse(row.payload);
      if (!parsed.success) throw new JobError(`任务参数无效：${def.title}`, { retryable: false });
      ctx.payload = parsed.data;
      const result = await def.run(ctx);
      clearInterval(heartbeat);
      await writes;
      const settled = await settleJob(db, fence, {
        status: 'succeeded',
        result: result ?? null,
        error: null,
        finishedAt: clock.now(),
        ...progressColumns(),
      });
      if (!settled) log.warn({ jobId: row.id }, '后台任务已被其他进程接管，本次结果未记录');
    } catch (err) {
      clearInterval(heartbeat);
      await writes;
      const now = clock.now();
      const stoppedBy: JobCancelledError['reason'] | null =
        reason ?? (err instanceof JobCancelledError ? err.reason : null);
      if (stoppedBy === 'lost') {
        log.warn({ jobId: row.id }, '后台任务已被其他进程接管，本次执行作废');
      } else if (stoppedBy === 'cancelled') {
        await settleJob(db, fence, { status: 'cancelled', finishedAt: now, error: null, ...progressColumns() });
      } else if (stoppedBy === 'shutdown') {
        await releaseJob(db, fence, now, shutdownMessage);
      } else if (retryable(err) && row.attempts < row.maxAttempts) {
        log.warn({ err, jobId: row.id, kind: row.kind, attempt: row.attempts }, '后台任务执行失败，将重试');
        await settleJob(db, fence, {
          status: 'queued',
          runAfter: new Date(now.getTime() + backoffMs(def.backoff, row.attempts)),
          error: userMessage(err),
          ...progressColumns(),
        });
      } else {
        log.error({ err, jobId: row.id, kind: row.kind, attempt: row.attempts }, '后台任务执行失败');
        await settleJob(db, fence, {
          status: 'failed',
          error: userMessage(err),
          finishedAt: now,
          ...progressColumns(),
        });
      }
    }
  }

  function fenceOf(row: JobRow): JobFence {
    return { id: row.id, workerId: o.workerId, attempt: row.attempts };
  }

  void tick();

  return {
    workerId: o.workerId,
    poke: () => {
      if (!stopping) void tick();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      await ticking;
      const running = [...active.values()];
      for (const job of running) job.shutdown();
      const grace = delay(o.shutdownGraceMs, undefined, { ref: false });
      await Promise.race([Promise.allSettled(running.map((j) => j.done)), grace]);
      if (active.size > 0) {
        // Left as 'running': their heartbeat stops, and the next start (or another process) recovers them.
        log.warn({ jobs: [...active.keys()] }, '后台任务未在停止前结束，将在下次启动时恢复');
      }
    },
  };
}
