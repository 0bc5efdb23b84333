import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '@anzhi/contracts/jobs';
import { uuidv7 } from '@anzhi/domain/ids';
import { repoRoot } from '../../config';
import { openDatabase, type Database } from '../../db/client';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { hasUnsealedAuditEvents } from '../audit/audit-chain';
import { writeAuditEvent, systemActor } from '../audit/audit.service';
import { auditEvents } from '../audit/audit.table';
import type { Deps } from '../deps';
import type { JobRegistry } from './job-definition';
import { appJobRegistry } from './job-kinds';
import { startJobRunner, type JobRunner, type JobRunnerOptions } from './job-runner';
import { periodicDedupeKey, schedulePeriodOf } from './job-schedule';
import { enqueuePeriodicJobs } from './job-scheduler';
import {
  countJobsByStatus,
  findJobById,
  insertJob,
  interruptedFailedMessage,
  interruptedRequeuedMessage,
  type JobRow,
} from './jobs.repository';
import { jobs } from './jobs.table';
import { enqueue } from './jobs.service';
import {
  allowTick,
  createJobRunsTable,
  flakyJob,
  gateJob,
  hangFirstJob,
  openGate,
  periodicTestRegistry,
  recordJob,
  testJobRegistry,
  testJobRuns,
} from './testing/test-jobs';

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

describe.skipIf(engineUnavailable())(`background jobs on ${engine}`, () => {
  let t: TestApp;
  let admin: Agent;
  let owner: Agent;
  let ownerId: string;
  let stranger: Agent;
  const runners: JobRunner[] = [];

  const run = (registry: JobRegistry, options: JobRunnerOptions = {}, deps: Deps = t.deps) => {
    const runner = startJobRunner(deps, registry, { pollMs: 20, heartbeatMs: 50, schedule: false, ...options });
    runners.push(runner);
    return runner;
  };
  const row = async (id: string) => (await findJobById(t.deps.db, id))!;
  const until = (id: string, what: string, ok: (r: JobRow) => boolean) =>
    waitFor(what, async () => {
      const r = await row(id);
      return ok(r) ? r : undefined;
    });

  beforeAll(async () => {
    t = await buildTestApp();
    await createJobRunsTable(t.deps.db);
    const a = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    admin = new Agent(t.app);
    await admin.login(a.username, a.password);
    const o = await buildUser(t, { roles: ['county_lead'] });
    ownerId = o.id;
    owner = new Agent(t.app);
    await owner.login(o.username, o.password);
    const s = await buildUser(t, { roles: ['county_lead'] });
    stranger = new Agent(t.app);
    await stranger.login(s.username, s.password);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes progress that its creator can read, and a running job cancelled by its creator ends cancelled', async () => {
    const { job } = await enqueue(t.deps, gateJob, {}, { createdBy: ownerId });
    run(testJobRegistry);
    await until(job.id, 'progress 3/10', (r) => r.status === 'running' && r.progressDone === 3);

    const seen = await owner.get(`/api/v1/jobs/${job.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<Job>()).toMatchObject({
      status: 'running',
      kind: 'test.gate',
      title: 'test.gate', // not a kind of the app registry: the kind stands in for the title
      attempts: 1,
      progress: { done: 3, total: 10, message: '第 3 步' },
      abilities: { cancel: true, retry: false },
    });
    expect((await admin.get(`/api/v1/jobs/${job.id}`)).statusCode).toBe(200);
    // Someone else's job is invisible without job.read, and cannot be cancelled.
    expect((await stranger.get(`/api/v1/jobs/${job.id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/jobs/${job.id}/cancel`)).statusCode).toBe(404);

    const cancel = await owner.post(`/api/v1/jobs/${job.id}/cancel`);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json<Job>()).toMatchObject({
      status: 'running',
      cancelRequested: true,
      abilities: { cancel: false },
    });
    const done = await until(job.id, 'cancelled', (r) => r.status === 'cancelled');
    expect(done).toMatchObject({ progressDone: 3, lockedBy: null, error: null });
    expect(done.finishedAt).not.toBeNull();
    expect(openGate(job.id)).toBe(false);

    const audit = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'job.cancel'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entities[0]).toMatchObject({ type: 'job', id: job.id, after: { cancelRequested: true } });
  });

  it('throttles progress writes but always lands the last value', async () => {
    const { job } = await enqueue(t.deps, gateJob, {});
    run(testJobRegistry, { progressIntervalMs: 60_000, heartbeatMs: 60_000 });
    await until(job.id, 'first progress', (r) => r.progressDone === 3);
    expect(openGate(job.id)).toBe(true);
    const done = await until(job.id, 'succeeded', (r) => r.status === 'succeeded');
    expect(done).toMatchObject({
      progressDone: 10,
      progressTotal: 10,
      progressMessage: '第 10 步',
      result: { steps: 10 },
    });
  });

  it('cancels a queued job at once; a finished job cannot be cancelled', async () => {
    const { job } = await enqueue(t.deps, recordJob, { delayMs: 0 }, { createdBy: ownerId });
    const res = await admin.post(`/api/v1/jobs/${job.id}/cancel`); // job.manage cancels anyone's job
    expect(res.statusCode).toBe(200);
    expect(res.json<Job>()).toMatchObject({ status: 'cancelled', abilities: { cancel: false, retry: false } });
    run(testJobRegistry);
    await delay(150);
    expect((await row(job.id)).status).toBe('cancelled');
    expect(await t.deps.db.select().from(testJobRuns).where(eq(testJobRuns.jobId, job.id))).toEqual([]);
    const again = await owner.post(`/api/v1/jobs/${job.id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ message: '任务已结束，无法取消' });
  });

  it('retries with exponential backoff on the injected clock: fails twice, succeeds on attempt 3', async () => {
    const start = t.clock.now().getTime();
    const { job } = await enqueue(t.deps, flakyJob, { failTimes: 2, mode: 'retryable' });
    run(testJobRegistry);
    const first = await until(job.id, 'attempt 1 failed', (r) => r.attempts === 1 && r.status === 'queued');
    expect(first.runAfter.getTime()).toBe(start + 10_000);
    expect(first.error).toBe('第 1 次执行失败');
    await delay(150); // not due yet: nothing happens
    expect((await row(job.id)).attempts).toBe(1);

    t.clock.advance(10_000);
    const second = await until(job.id, 'attempt 2 failed', (r) => r.attempts === 2 && r.status === 'queued');
    expect(second.runAfter.getTime()).toBe(start + 10_000 + 20_000);
    expect(second.error).toBe('第 2 次执行失败');

    t.clock.advance(20_000);
    const done = await until(job.id, 'succeeded', (r) => r.status === 'succeeded');
    expect(done).toMatchObject({ attempts: 3, error: null, result: { succeededOnAttempt: 3 } });
  });

  it('fails for good after max attempts keeping the error; rule errors fail at once; an admin retries a failed job', async () => {
    const { job } = await enqueue(t.deps, flakyJob, { failTimes: 9, mode: 'retryable' });
    const permanent = (await enqueue(t.deps, flakyJob, { failTimes: 1, mode: 'permanent' })).job;
    const appError = (await enqueue(t.deps, flakyJob, { failTimes: 1, mode: 'app-error' })).job;
    const crash = (await enqueue(t.deps, flakyJob, { failTimes: 1, mode: 'crash' })).job;
    run(testJobRegistry);
    await until(job.id, 'attempt 1', (r) => r.attempts === 1 && r.status === 'queued');
    expect(await until(permanent.id, 'permanent failure', (r) => r.status === 'failed')).toMatchObject({
      attempts: 1,
      error: '文件格式无法识别',
    });
    expect(await until(appError.id, 'rule failure', (r) => r.status === 'failed')).toMatchObject({
      attempts: 1,
      error: '导入批次不存在',
    });
    expect(await until(crash.id, 'crash retried', (r) => r.status === 'queued' && r.attempts === 1)).toMatchObject({
      attempts: 1,
      error: '任务执行出错：boom',
    });
    t.clock.advance(10_000);
    await until(job.id, 'attempt 2', (r) => r.attempts === 2 && r.status === 'queued');
    t.clock.advance(20_000);
    const failed = await until(job.id, 'failed', (r) => r.status === 'failed');
    expect(failed).toMatchObject({ attempts: 3, maxAttempts: 3, error: '第 3 次执行失败', lockedBy: null });
    expect(failed.finishedAt).not.toBeNull();

    const listed = await admin.get('/api/v1/jobs?status=failed&kind=test.flaky&pageSize=1');
    expect(listed.statusCode).toBe(200);
    const page = listed.json<{ items: Job[]; total: number }>();
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ status: 'failed', abilities: { retry: true, cancel: false } });

    expect((await owner.post(`/api/v1/jobs/${permanent.id}/retry`)).statusCode).toBe(403);
    const retried = await admin.post(`/api/v1/jobs/${permanent.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json<Job>()).toMatchObject({ status: 'queued', attempts: 1, maxAttempts: 4, error: null });
    const ok = await until(permanent.id, 'retried job succeeded', (r) => r.status === 'succeeded');
    expect(ok).toMatchObject({ attempts: 2, result: { succeededOnAttempt: 2 } });
    expect((await admin.post(`/api/v1/jobs/${permanent.id}/retry`)).json()).toMatchObject({
      error: 'CONFLICT',
      message: '只有失败的任务可以重试',
    });
    const audit = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'job.retry'));
    expect(audit).toHaveLength(1);
  });

  it('requeues a running job whose heartbeat went stale (its process died), or fails it when no attempts are left', async () => {
    const now = t.clock.now();
    const stale = new Date(now.getTime() - 3 * 60_000);
    const base = {
      kind: hangFirstJob.kind,
      payload: {},
      status: 'running' as const,
      lockedBy: 'dead-worker',
      createdAt: stale,
    };
    const requeue = (await insertJob(t.deps.db, {
      ...base,
      id: uuidv7(),
      attempts: 1,
      maxAttempts: 3,
      runAfter: stale,
      heartbeatAt: stale,
    }))!;
    const exhausted = (await insertJob(t.deps.db, {
      ...base,
      id: uuidv7(),
      attempts: 3,
      maxAttempts: 3,
      runAfter: stale,
      heartbeatAt: stale,
    }))!;
    const cancelled = (await insertJob(t.deps.db, {
      ...base,
      id: uuidv7(),
      attempts: 1,
      maxAttempts: 3,
      runAfter: stale,
      heartbeatAt: stale,
      cancelRequested: true,
    }))!;
    const fresh = new Date(now.getTime() - 10_000);
    const alive = (await insertJob(t.deps.db, {
      ...base,
      id: uuidv7(),
      attempts: 1,
      maxAttempts: 3,
      runAfter: fresh,
      heartbeatAt: fresh,
    }))!;

    // A runner that does not run this kind still sweeps stale jobs (on start-up and periodically).
    run(periodicTestRegistry, { staleAfterMs: 120_000 });
    expect(await until(requeue.id, 'requeued', (r) => r.status === 'queued')).toMatchObject({
      error: interruptedRequeuedMessage,
      lockedBy: null,
      attempts: 1,
    });
    expect(await row(exhausted.id)).toMatchObject({ status: 'failed', error: interruptedFailedMessage });
    expect((await row(exhausted.id)).finishedAt).not.toBeNull();
    expect(await row(cancelled.id)).toMatchObject({ status: 'cancelled' });
    expect(await row(alive.id)).toMatchObject({ status: 'running', lockedBy: 'dead-worker' }); // heartbeat still fresh

    run(testJobRegistry);
    expect(await until(requeue.id, 'finished on attempt 2', (r) => r.status === 'succeeded')).toMatchObject({
      attempts: 2,
      result: { finishedOnAttempt: 2 },
      error: null,
    });
    expect((await row(alive.id)).status).toBe('running');
    await Promise.all(runners.splice(0).map((r) => r.stop()));

    // PGlite start-up: the directory lock makes this the only process, so any running job is an orphan.
    run(testJobRegistry, { orphansOnStart: 'all' });
    expect(await until(alive.id, 'orphan finished', (r) => r.status === 'succeeded')).toMatchObject({ attempts: 2 });
  });

  it('a graceful stop gives a running job back to the queue without counting the attempt', async () => {
    const { job } = await enqueue(t.deps, gateJob, {});
    const runner = run(testJobRegistry);
    await until(job.id, 'running', (r) => r.status === 'running');
    await runner.stop();
    expect(await row(job.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      lockedBy: null,
      error: '服务停止，任务已重新排队',
    });
    run(testJobRegistry);
    await until(job.id, 'running again', (r) => r.status === 'running' && r.attempts === 1);
    openGate(job.id);
    await until(job.id, 'succeeded', (r) => r.status === 'succeeded');
  });

  // Only PostgreSQL has a second process to kill: PGlite is single-process (covered by the stale-heartbeat test).
  if (engine === 'postgres') {
    it('a worker process killed (SIGKILL) mid-job: its job stays running until the heartbeat is stale, then another runner finishes it', async () => {
      const { job } = await enqueue(t.deps, hangFirstJob, {});
      const child = spawnWorker('doomed', 'serve', t.clock.now().toISOString());
      try {
        await child.ready;
        await until(
          job.id,
          'child claimed it and reported progress',
          (r) => r.status === 'running' && r.progressDone === 1,
        );
        expect((await row(job.id)).lockedBy).toBe('doomed');
      } finally {
        child.proc.kill('SIGKILL');
        await child.exited;
      }
      // One second later the heartbeat is not stale: another runner leaves the job alone.
      t.clock.advance(1000);
      run(testJobRegistry, { staleAfterMs: 60_000, staleCheckMs: 20 });
      await delay(300);
      expect(await row(job.id)).toMatchObject({ status: 'running', lockedBy: 'doomed', attempts: 1 });
      // Past the timeout it is requeued and finished.
      t.clock.advance(60_000);
      const done = await until(job.id, 'finished by the survivor', (r) => r.status === 'succeeded');
      expect(done).toMatchObject({ attempts: 2, result: { finishedOnAttempt: 2 }, progressDone: 10 });
    });
  }

  it('two runners on one database run each of 50 jobs exactly once', async () => {
    await t.deps.db.delete(testJobRuns);
    const ids: string[] = [];
    const enqueueAll = async () => {
      for (let i = 0; i < 50; i++) ids.push((await enqueue(t.deps, recordJob, { delayMs: 5 })).job.id);
    };
    if (engine === 'postgres') {
      // Two separate processes, each with its own pool and a runner of concurrency 2.
      const a = spawnWorker('proc-a', 'drain');
      const b = spawnWorker('proc-b', 'drain');
      await Promise.all([a.ready, b.ready]);
      await enqueueAll();
      a.go();
      b.go();
      const [ea, eb] = await Promise.all([a.exited, b.exited]);
      expect([ea, eb], `${a.stderr()}\n${b.stderr()}`).toEqual([0, 0]);
    } else {
      // PGlite: one process, one connection; the same claiming SQL, two runners.
      await enqueueAll();
      run(testJobRegistry, { workerId: 'runner-a', concurrency: 2 });
      run(testJobRegistry, { workerId: 'runner-b', concurrency: 2 });
      await waitFor('all done', async () => {
        const counts = await countJobsByStatus(t.deps.db, ['test.record']);
        return (counts.queued ?? 0) + (counts.running ?? 0) === 0;
      });
    }
    const rows = await t.deps.db
      .select({ id: testJobRuns.jobId, n: sql<number>`count(*)::int`, worker: sql<string>`min(${testJobRuns.worker})` })
      .from(testJobRuns)
      .groupBy(testJobRuns.jobId);
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
    const workers = new Set(rows.map((r) => r.worker));
    expect(workers.size, `jobs per worker: ${JSON.stringify([...workers])}`).toBe(2);
    const statuses = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(and(eq(jobs.kind, 'test.record'), eq(jobs.status, 'succeeded'), eq(jobs.attempts, 1)));
    expect(statuses[0]!.n).toBe(50);
  });

  it('enqueues a periodic job once per period, however often and from however many schedulers it ticks', async () => {
    let second: Database | undefined;
    try {
      // A second connection pool (PostgreSQL) or the same database (PGlite) as another process's scheduler.
      second = engine === 'postgres' ? await openDatabase({ databaseUrl: t.testDb.location, poolSize: 2 }) : undefined;
      const otherDeps: Deps = second
        ? { ...t.deps, database: second, db: second.db, log: pino({ level: 'silent' }) }
        : t.deps;
      allowTick(false);
      const ticks = () =>
        Promise.all([
          enqueuePeriodicJobs(t.deps, periodicTestRegistry),
          enqueuePeriodicJobs(otherDeps, periodicTestRegistry),
          enqueuePeriodicJobs(t.deps, periodicTestRegistry),
          enqueuePeriodicJobs(otherDeps, periodicTestRegistry),
        ]);
      const created = (await ticks()).flat();
      const period = schedulePeriodOf({ minutes: 10 }, t.clock.now());
      const tickRows = async () =>
        t.deps.db.select().from(jobs).where(eq(jobs.kind, 'test.tick')).orderBy(jobs.runAfter);
      expect(created).toHaveLength(1);
      expect(await tickRows()).toMatchObject([
        { dedupeKey: periodicDedupeKey('test.tick', period.key), payload: { periodKey: period.key } },
      ]);
      expect(await t.deps.db.select().from(jobs).where(eq(jobs.kind, 'test.guarded-tick'))).toHaveLength(0);

      // Later in the same period: still one. The next period: one more.
      t.clock.advance(1000);
      expect((await ticks()).flat()).toHaveLength(0);
      t.clock.set(period.start.getTime() + 10 * 60_000);
      allowTick(true);
      const next = (await ticks()).flat();
      expect(next).toHaveLength(2); // the next test.tick period, and today's guarded tick now that it is allowed
      const keys = (await tickRows()).map((r) => r.dedupeKey);
      expect(keys).toEqual([
        periodicDedupeKey('test.tick', period.key),
        periodicDedupeKey('test.tick', schedulePeriodOf({ minutes: 10 }, t.clock.now()).key),
      ]);

      // Two runners with their schedulers on: the runs happen, and no period is enqueued twice.
      run(periodicTestRegistry, { schedule: true });
      run(periodicTestRegistry, { schedule: true }, otherDeps);
      await waitFor('periodic runs done', async () => (await tickRows()).every((r) => r.status === 'succeeded'));
      expect(await tickRows()).toHaveLength(2);
      expect((await tickRows())[1]!.result).toEqual({
        periodKey: schedulePeriodOf({ minutes: 10 }, t.clock.now()).key,
      });
    } finally {
      await Promise.all(runners.splice(0).map((r) => r.stop()));
      await second?.close();
    }
  });

  it('runs the demo job from the API (idempotent on a client id, audited) and seals the audit chain as a periodic job', async () => {
    expect((await owner.get('/api/v1/jobs')).statusCode).toBe(403);
    expect((await owner.post('/api/v1/jobs/demo', { n: 3 })).statusCode).toBe(403);
    const id = uuidv7();
    const first = await admin.post('/api/v1/jobs/demo', { id, n: 4, stepMs: 0, failTimes: 1 });
    expect(first.statusCode).toBe(201);
    expect(first.json<Job>()).toMatchObject({
      id,
      kind: 'demo.count',
      title: '演示任务（计数）',
      status: 'queued',
      abilities: { cancel: true },
    });
    const replay = await admin.post('/api/v1/jobs/demo', { id, n: 4, stepMs: 0, failTimes: 1 });
    expect(replay.json<Job>().id).toBe(id);
    expect(await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'job.enqueue'))).toHaveLength(1);
    expect((await admin.post('/api/v1/jobs/demo', { n: 0 })).statusCode).toBe(400);

    await writeAuditEvent(t.deps.db, t.clock, systemActor, 'test.to-seal', []);
    expect(await hasUnsealedAuditEvents(t.deps.db)).toBe(true);
    run(appJobRegistry, { schedule: true });
    const failedOnce = await until(
      id,
      'demo attempt 1 failed halfway',
      (r) => r.status === 'queued' && r.attempts === 1,
    );
    expect(failedOnce).toMatchObject({
      progressDone: 1,
      progressTotal: 4,
      error: '演示任务按要求在第 1 次执行时失败（数到 2）',
    });
    t.clock.advance(2000); // the demo's backoff
    expect(await until(id, 'demo done', (r) => r.status === 'succeeded')).toMatchObject({
      attempts: 2,
      progressDone: 4,
      result: { counted: 4 },
    });
    // The seal covers what was committed before it ran; other periodic jobs (supervision reminders, chief rules …)
    // may write events after it, which the next period seals.
    await waitFor('audit sealed', async () => {
      const [event] = await t.deps.db
        .select({ position: auditEvents.chainPosition })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'test.to-seal'));
      return typeof event?.position === 'number';
    });
    const seals = await t.deps.db.select().from(jobs).where(eq(jobs.kind, 'audit.seal'));
    expect(seals.length).toBeGreaterThanOrEqual(1);
    expect(seals[0]!.dedupeKey).toMatch(/^periodic:audit\.seal:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

    const kinds = await admin.get('/api/v1/jobs/kinds');
    expect(kinds.json()).toEqual(
      expect.arrayContaining([
        { kind: 'demo.count', title: '演示任务（计数）', periodic: false },
        { kind: 'audit.seal', title: '审计链封存', periodic: true },
      ]),
    );

    // Routine periodic runs stay off the admin list unless asked for.
    const plain = (await admin.get('/api/v1/jobs')).json<{ items: Job[] }>();
    expect(plain.items.some((j) => j.kind === 'audit.seal')).toBe(false);
    const all = (await admin.get('/api/v1/jobs?includePeriodic=true&kind=audit.seal')).json<{ items: Job[] }>();
    expect(all.items[0]).toMatchObject({ title: '审计链封存', periodic: true, status: 'succeeded' });
  });

  function spawnWorker(workerId: string, mode: 'serve' | 'drain', clockAt?: string) {
    const script = path.join(import.meta.dirname, 'testing', 'job-worker.child.ts');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      JOB_TEST_DATABASE_URL: t.testDb.location,
      JOB_TEST_WORKER: workerId,
      JOB_TEST_MODE: mode,
      ...(clockAt ? { JOB_TEST_CLOCK: clockAt } : {}),
    };
    const proc: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      env,
    });
    let out = '';
    let err = '';
    proc.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const ready = new Promise<void>((resolve, reject) => {
      proc.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        if (out.includes('ready')) resolve();
      });
      proc.on('exit', (code) => reject(new Error(`worker ${workerId} exited (${code}) before ready: ${err}`)));
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    return { proc, ready, exited, go: () => proc.stdin.write('go\n'), stderr: () => err };
  }
});
