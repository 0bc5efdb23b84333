import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { JobStatus } from '@anzhi/contracts/jobs';
import type { Database, Executor } from '../../db/client';
import { users } from '../../modules/users/users.table';
import { jobs } from './jobs.table';

export type JobRow = typeof jobs.$inferSelect;
export type NewJobRow = typeof jobs.$inferInsert;

/** Identifies one claim of a job: updates by a runner that lost the job (requeued, reclaimed) change nothing. */
export interface JobFence {
  id: string;
  workerId: string;
  attempt: number;
}

const fenced = (f: JobFence) =>
  and(eq(jobs.id, f.id), sql`${jobs.status} = 'running'`, eq(jobs.lockedBy, f.workerId), eq(jobs.attempts, f.attempt));

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export const interruptedRequeuedMessage = '任务执行中断（服务重启），已重新排队';
export const interruptedFailedMessage = '任务执行中断（服务重启），已标记为失败';

/** Inserts unless the id or the dedupe key already exists; returns the new row, or undefined. */
export async function insertJob(ex: Executor, row: NewJobRow): Promise<JobRow | undefined> {
  const [inserted] = await ex.insert(jobs).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findJobById(ex: Executor, id: string): Promise<JobRow | undefined> {
  const [row] = await ex.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return row;
}

export async function findJobByDedupeKey(ex: Executor, dedupeKey: string): Promise<JobRow | undefined> {
  const [row] = await ex.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey)).limit(1);
  return row;
}

/**
 * Claims the oldest due queued job of the given kinds with a row lock: two runners (or two processes)
 * never claim the same job; a locked row is skipped, not waited for.
 */
export async function claimNextJob(
  ex: Executor,
  opts: { workerId: string; now: Date; kinds: readonly string[] },
): Promise<JobRow | undefined> {
  if (opts.kinds.length === 0) return undefined;
  const next = ex
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(sql`${jobs.status} = 'queued'`, lte(jobs.runAfter, opts.now), inArray(jobs.kind, [...opts.kinds])))
    .orderBy(asc(jobs.runAfter), asc(jobs.id))
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await ex
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: opts.workerId,
      lockedAt: opts.now,
      heartbeatAt: opts.now,
      startedAt: opts.now,
      finishedAt: null,
      progressDone: 0,
      progressTotal: null,
      progressMessage: null,
    })
    .where(and(sql`${jobs.id} = (${next})`, sql`${jobs.status} = 'queued'`))
    .returning();
  return row;
}

/**
 * Heartbeat (and progress, when given) of a running job. Returns whether a cancel was requested, or
 * undefined when this claim no longer holds the job.
 */
export async function touchJob(
  ex: Executor,
  fence: JobFence,
  now: Date,
  progress?: { done: number; total: number | null; message: string | null },
): Promise<{ cancelRequested: boolean } | undefined> {
  const [row] = await ex
    .update(jobs)
    .set({
      heartbeatAt: now,
      ...(progress
        ? { progressDone: progress.done, progressTotal: progress.total, progressMessage: progress.message }
        : {}),
    })
    .where(fenced(fence))
    .returning({ cancelRequested: jobs.cancelRequested });
  return row;
}

/** Ends a claim: succeeded, failed, cancelled, or back to the queue. False if the claim no longer held. */
export async function settleJob(ex: Executor, fence: JobFence, set: PgUpdateSetSource<typeof jobs>): Promise<boolean> {
  const rows = await ex
    .update(jobs)
    .set({ lockedBy: null, lockedAt: null, ...set })
    .where(fenced(fence))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Gives a job back to the queue after a graceful stop, without counting the interrupted attempt (a job whose
 * cancel was requested meanwhile ends cancelled instead).
 */
export async function releaseJob(ex: Executor, fence: JobFence, now: Date, message: string): Promise<boolean> {
  return settleJob(ex, fence, {
    status: sql`case when ${jobs.cancelRequested} then 'cancelled' else 'queued' end`,
    attempts: sql`case when ${jobs.cancelRequested} then ${jobs.attempts} else greatest(${jobs.attempts} - 1, 0) end`,
    runAfter: now,
    error: sql`case when ${jobs.cancelRequested} then null else ${message}::text end`,
    finishedAt: sql`case when ${jobs.cancelRequested} then ${ts(now)} else null end`,
  });
}

/**
 * Running jobs whose process died (heartbeat older than `staleBefore`; every running job not held by
 * `exceptWorker` when `staleBefore` is null) go back to the queue if attempts remain, else fail; a job whose
 * cancel was requested ends cancelled. Nothing stays 'running' forever.
 */
export async function recoverStaleJobs(
  ex: Executor,
  opts: { now: Date; staleBefore: Date | null; exceptWorker?: string },
): Promise<{ id: string; status: JobStatus }[]> {
  const conditions: SQL[] = [sql`${jobs.status} = 'running'`];
  if (opts.staleBefore) conditions.push(or(isNull(jobs.heartbeatAt), lt(jobs.heartbeatAt, opts.staleBefore))!);
  if (opts.exceptWorker) conditions.push(sql`${jobs.lockedBy} is distinct from ${opts.exceptWorker}`);
  const requeue = sql`not ${jobs.cancelRequested} and ${jobs.attempts} < ${jobs.maxAttempts}`;
  return ex
    .update(jobs)
    .set({
      status: sql`case when ${jobs.cancelRequested} then 'cancelled' when ${requeue} then 'queued' else 'failed' end`,
      error: sql`case when ${jobs.cancelRequested} then ${jobs.error} when ${requeue} then ${interruptedRequeuedMessage}::text else ${interruptedFailedMessage}::text end`,
      runAfter: sql`case when ${requeue} then ${ts(opts.now)} else ${jobs.runAfter} end`,
      finishedAt: sql`case when ${requeue} then null else ${ts(opts.now)} end`,
      lockedBy: null,
      lockedAt: null,
    })
    .where(and(...conditions))
    .returning({ id: jobs.id, status: jobs.status });
}

/** A queued job is cancelled at once; false if it is no longer queued. */
export async function cancelQueuedJob(ex: Executor, id: string, now: Date): Promise<JobRow | undefined> {
  const [row] = await ex
    .update(jobs)
    .set({ status: 'cancelled', finishedAt: now, cancelRequested: true })
    .where(and(eq(jobs.id, id), sql`${jobs.status} = 'queued'`))
    .returning();
  return row;
}

/** A running job is asked to stop; it sees the request at its next heartbeat or progress write. */
export async function requestCancelRunningJob(ex: Executor, id: string): Promise<JobRow | undefined> {
  const [row] = await ex
    .update(jobs)
    .set({ cancelRequested: true })
    .where(and(eq(jobs.id, id), sql`${jobs.status} = 'running'`))
    .returning();
  return row;
}

/**
 * A failed job is queued again, due now, with a fresh round of attempts. Attempts keep counting (the history
 * stays true: the job sees attempt 4 after three failed ones).
 */
export async function requeueFailedJob(ex: Executor, id: string, now: Date): Promise<JobRow | undefined> {
  const [row] = await ex
    .update(jobs)
    .set({
      status: 'queued',
      maxAttempts: sql`${jobs.attempts} + ${jobs.maxAttempts}`,
      runAfter: now,
      error: null,
      result: null,
      finishedAt: null,
      startedAt: null,
      cancelRequested: false,
      progressDone: 0,
      progressTotal: null,
      progressMessage: null,
    })
    .where(and(eq(jobs.id, id), sql`${jobs.status} = 'failed'`))
    .returning();
  return row;
}

export interface JobListFilter {
  status?: JobStatus | undefined;
  kind?: string | undefined;
  createdBy?: string | undefined;
  includePeriodic: boolean;
  page: number;
  pageSize: number;
}

export const periodicKeyPrefix = 'periodic:';

export async function listJobs(
  ex: Executor,
  f: JobListFilter,
): Promise<{ items: { job: JobRow; createdByName: string | null }[]; total: number }> {
  const conditions: SQL[] = [];
  if (f.status) conditions.push(eq(jobs.status, f.status));
  if (f.kind) conditions.push(eq(jobs.kind, f.kind));
  if (f.createdBy) conditions.push(eq(jobs.createdBy, f.createdBy));
  if (!f.includePeriodic) {
    conditions.push(sql`(${jobs.dedupeKey} is null or ${jobs.dedupeKey} not like ${`${periodicKeyPrefix}%`})`);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [total] = await ex.select({ n: count() }).from(jobs).where(where);
  const items = await ex
    .select({ job: jobs, createdByName: users.displayName })
    .from(jobs)
    .leftJoin(users, eq(users.id, jobs.createdBy))
    .where(where)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function findJobWithCreator(
  ex: Executor,
  id: string,
): Promise<{ job: JobRow; createdByName: string | null } | undefined> {
  const [row] = await ex
    .select({ job: jobs, createdByName: users.displayName })
    .from(jobs)
    .leftJoin(users, eq(users.id, jobs.createdBy))
    .where(eq(jobs.id, id))
    .limit(1);
  return row;
}

/** Deletes finished jobs of `kinds` (all kinds when omitted) that ended before `before`. */
export async function deleteFinishedJobs(
  ex: Executor,
  opts: { before: Date; statuses: readonly JobStatus[]; kinds?: readonly string[]; periodicOnly?: boolean },
): Promise<number> {
  const conditions: SQL[] = [inArray(jobs.status, [...opts.statuses]), lt(jobs.finishedAt, opts.before)];
  if (opts.kinds) conditions.push(inArray(jobs.kind, [...opts.kinds]));
  if (opts.periodicOnly) conditions.push(sql`${jobs.dedupeKey} like ${`${periodicKeyPrefix}%`}`);
  const rows = await ex
    .delete(jobs)
    .where(and(...conditions))
    .returning({ id: jobs.id });
  return rows.length;
}

/** Counts of jobs by status (tests and the runner's idle check). */
export async function countJobsByStatus(
  ex: Executor,
  kinds?: readonly string[],
): Promise<Partial<Record<JobStatus, number>>> {
  const rows = await ex
    .select({ status: jobs.status, n: count() })
    .from(jobs)
    .where(kinds ? inArray(jobs.kind, [...kinds]) : undefined)
    .groupBy(jobs.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * PGlite runs no autovacuum: the churn of frequent periodic runs is reclaimed by hand. (PostgreSQL's
 * autovacuum does this by itself.)
 */
export async function vacuumJobsIfEmbedded(database: Database): Promise<void> {
  if (database.engine === 'pglite') await database.pglite.query('VACUUM (ANALYZE) jobs');
}
