import type { DemoJobInput, Job, JobKind, JobListQuery } from '@anzhi/contracts/jobs';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Clock } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../audit/audit.service';
import type { AuthState } from '../auth/auth.service';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors/app-error';
import { defaultMaxAttempts, isPeriodic, type JobDefinition, type JobRegistry } from './job-definition';
import { demoCountJob } from './demo-count.job';
import {
  cancelQueuedJob,
  findJobByDedupeKey,
  findJobById,
  findJobWithCreator,
  insertJob,
  listJobs,
  requestCancelRunningJob,
  requeueFailedJob,
  type JobRow,
} from './jobs.repository';
import { presentJob, type JobViewer } from './jobs.presenter';

export interface EnqueueOptions {
  /** Client-generated id: a replayed request finds the job it created and creates nothing twice. */
  id?: string | undefined;
  /** At most one job per key, ever (e.g. one per period or per uploaded file). */
  dedupeKey?: string | undefined;
  runAfter?: Date | undefined;
  createdBy?: string | null | undefined;
  maxAttempts?: number | undefined;
  divisionCode?: string | null | undefined;
  unitId?: string | null | undefined;
}

export interface Enqueued {
  job: JobRow;
  /** False when the id or dedupe key already existed and the existing job was returned. */
  created: boolean;
}

/**
 * Enqueues inside the caller's transaction (a feature that writes its records and starts a job in one
 * audited transaction). Idempotent on id and dedupe key.
 */
export async function enqueueIn<P>(
  ex: Executor,
  clock: Clock,
  def: JobDefinition<P>,
  payload: P,
  opts: EnqueueOptions = {},
): Promise<Enqueued> {
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', `任务参数无效：${def.title}`);
  const now = clock.now();
  const id = opts.id ?? uuidv7();
  const inserted = await insertJob(ex, {
    id,
    kind: def.kind,
    payload: parsed.data ?? {},
    status: 'queued',
    attempts: 0,
    maxAttempts: opts.maxAttempts ?? def.maxAttempts ?? defaultMaxAttempts,
    runAfter: opts.runAfter ?? now,
    createdBy: opts.createdBy ?? null,
    createdAt: now,
    dedupeKey: opts.dedupeKey ?? null,
    divisionCode: opts.divisionCode ?? null,
    unitId: opts.unitId ?? null,
  });
  if (inserted) return { job: inserted, created: true };
  const existing =
    (opts.dedupeKey !== undefined ? await findJobByDedupeKey(ex, opts.dedupeKey) : undefined) ??
    (await findJobById(ex, id));
  if (!existing) throw new AppError('CONFLICT', '任务提交冲突，请重试');
  if (existing.kind !== def.kind) throw new AppError('CONFLICT', '该 id 已被其他任务使用');
  return { job: existing, created: false };
}

/**
 * Enqueues a job. With an `actor` (a user's request) the enqueue is one audited transaction
 * ('job.enqueue'); system enqueues (the scheduler) are not audit events.
 */
export async function enqueue<P>(
  deps: Pick<Deps, 'db' | 'clock'>,
  def: JobDefinition<P>,
  payload: P,
  opts: EnqueueOptions & { actor?: ActorContext } = {},
): Promise<Enqueued> {
  const { actor, ...rest } = opts;
  if (!actor) return enqueueIn(deps.db, deps.clock, def, payload, rest);
  if (rest.id) {
    // A replay: answer with what exists without writing a second audit event.
    const existing = await findJobById(deps.db, rest.id);
    if (existing?.kind === def.kind) return { job: existing, created: false };
  }
  return auditedTransaction(deps.db, deps.clock, actor, 'job.enqueue', async (tx, audit) => {
    const result = await enqueueIn(tx, deps.clock, def, payload, rest);
    if (result.created) {
      audit.entity('job', result.job.id, null, {
        kind: def.kind,
        title: def.title,
        dedupeKey: result.job.dedupeKey,
        runAfter: result.job.runAfter,
      });
    }
    return result;
  });
}

export function listJobKinds(registry: JobRegistry): JobKind[] {
  return registry.all().map((d) => ({ kind: d.kind, title: d.title, periodic: isPeriodic(d) }));
}

const viewerOf = (auth: AuthState): JobViewer => ({ userId: auth.user.id, permissions: auth.permissions });

function mayRead(viewer: JobViewer, job: JobRow): boolean {
  return job.createdBy === viewer.userId || viewer.permissions.includes('job.read');
}

export async function listJobsFor(deps: Deps, registry: JobRegistry, auth: AuthState, q: JobListQuery) {
  const viewer = viewerOf(auth);
  const { items, total } = await listJobs(deps.db, {
    status: q.status,
    kind: q.kind,
    includePeriodic: q.includePeriodic === 'true',
    page: q.page,
    pageSize: q.pageSize,
  });
  return {
    items: items.map((i) => presentJob(i.job, i.createdByName, registry, viewer)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A user may read the jobs they started; `job.read` reads all. Others get 404 (out of scope is invisible). */
export async function getJobFor(deps: Deps, registry: JobRegistry, auth: AuthState, id: string): Promise<Job> {
  const found = await findJobWithCreator(deps.db, id);
  const viewer = viewerOf(auth);
  if (!found || !mayRead(viewer, found.job)) throw notFound('任务');
  return presentJob(found.job, found.createdByName, registry, viewer);
}

/** Queued → cancelled at once; running → cancel requested (the job stops at its next check). */
export async function cancelJob(deps: Deps, registry: JobRegistry, auth: AuthState, actor: ActorContext, id: string) {
  const viewer = viewerOf(auth);
  const before = await findJobById(deps.db, id);
  if (!before || !mayRead(viewer, before)) throw notFound('任务');
  if (before.createdBy !== viewer.userId && !viewer.permissions.includes('job.manage')) {
    throw new AppError('FORBIDDEN', '只能取消自己发起的任务');
  }
  // A second click while the running job winds down changes nothing.
  if (before.status === 'running' && before.cancelRequested) return getJobFor(deps, registry, auth, id);
  await auditedTransaction(deps.db, deps.clock, actor, 'job.cancel', async (tx, audit) => {
    const after = (await cancelQueuedJob(tx, id, deps.clock.now())) ?? (await requestCancelRunningJob(tx, id));
    if (!after) throw new AppError('CONFLICT', '任务已结束，无法取消');
    audit.entity(
      'job',
      id,
      { kind: before.kind, status: before.status, cancelRequested: before.cancelRequested },
      { kind: after.kind, status: after.status, cancelRequested: after.cancelRequested },
    );
  });
  return getJobFor(deps, registry, auth, id);
}

/** A failed job is queued again with a fresh round of attempts. */
export async function retryJob(deps: Deps, registry: JobRegistry, auth: AuthState, actor: ActorContext, id: string) {
  const before = await findJobById(deps.db, id);
  if (!before) throw notFound('任务');
  await auditedTransaction(deps.db, deps.clock, actor, 'job.retry', async (tx, audit) => {
    const after = await requeueFailedJob(tx, id, deps.clock.now());
    if (!after) throw new AppError('CONFLICT', '只有失败的任务可以重试');
    audit.entity(
      'job',
      id,
      { kind: before.kind, status: before.status, attempts: before.attempts, error: before.error },
      { kind: after.kind, status: after.status, attempts: after.attempts, maxAttempts: after.maxAttempts },
    );
  });
  return getJobFor(deps, registry, auth, id);
}

export async function enqueueDemoJob(
  deps: Deps,
  registry: JobRegistry,
  auth: AuthState,
  actor: ActorContext,
  input: DemoJobInput,
): Promise<Job> {
  const { id, ...payload } = input;
  const { job } = await enqueue(deps, demoCountJob, payload, { id, createdBy: auth.user.id, actor });
  return getJobFor(deps, registry, auth, job.id);
}
