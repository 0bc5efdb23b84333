import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { JobStatus } from '@anzhi/contracts/jobs';

/**
 * Background jobs (后台任务). A runner in any server process claims a queued job with a row lock
 * (`FOR UPDATE SKIP LOCKED`), keeps `heartbeat_at` fresh while it runs, and records the outcome; a job
 * whose heartbeat went stale (its process died) is requeued or failed by any runner.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: text('status').$type<JobStatus>().notNull(),
    /** Claims so far; the claim that starts attempt n sets it to n. */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull(),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    progressMessage: text('progress_message'),
    result: jsonb('result').$type<unknown>(),
    /** Chinese message for users: the last failure or interruption. */
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** At most one job per key, ever (e.g. 'periodic:audit.seal:2022-03-15T10:00:05'). */
    dedupeKey: text('dedupe_key'),
    /** Scope of the job's subject, for scope checks by the features that start jobs. */
    divisionCode: text('division_code'),
    unitId: uuid('unit_id'),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_key_uq')
      .on(t.dedupeKey)
      .where(sql`dedupe_key is not null`),
    // Claiming: the oldest due queued job.
    index('jobs_claim_idx')
      .on(t.runAfter, t.id)
      .where(sql`status = 'queued'`),
    // Stale-heartbeat sweep.
    index('jobs_running_heartbeat_idx')
      .on(t.heartbeatAt)
      .where(sql`status = 'running'`),
    // Admin page and "my jobs".
    index('jobs_created_idx').on(t.createdAt),
    index('jobs_status_created_idx').on(t.status, t.createdAt),
    index('jobs_kind_created_idx').on(t.kind, t.createdAt),
    index('jobs_created_by_idx').on(t.createdBy, t.createdAt),
    check('jobs_status_check', sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`),
    check('jobs_attempts_check', sql`attempts >= 0 and max_attempts >= 1`),
  ],
);
