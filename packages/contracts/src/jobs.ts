import { z } from 'zod';
import { PageQuerySchema } from './common';

/** Life of a background job (后台任务). */
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const jobStatusLabels: Record<JobStatus, string> = {
  queued: '排队中',
  running: '运行中',
  succeeded: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

/** Statuses in which a job may still change: pages showing one keep polling. */
export const activeJobStatuses: readonly JobStatus[] = ['queued', 'running'];

export const JobListQuerySchema = z
  .object({
    status: JobStatusSchema.optional(),
    kind: z.string().trim().max(100).optional(),
    /** Routine runs of periodic jobs (e.g. the audit seal every few seconds) are hidden unless asked for. */
    includePeriodic: z.enum(['true', 'false']).optional(),
  })
  .extend(PageQuerySchema.shape);
export type JobListQuery = z.infer<typeof JobListQuerySchema>;

export const JobIdParamsSchema = z.object({ id: z.uuid('任务 id 格式不正确') });

export const JobProgressSchema = z.object({
  done: z.number(),
  /** Null while the job does not know how much there is to do. */
  total: z.number().nullable(),
  message: z.string().nullable(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** Chinese title of the kind (the kind itself when this server does not know it). */
  title: z.string(),
  status: JobStatusSchema,
  attempts: z.number(),
  maxAttempts: z.number(),
  runAfter: z.string(),
  progress: JobProgressSchema,
  /** What the job returned (e.g. the id of a generated file); null until it succeeds. */
  result: z.unknown(),
  /** Chinese message of the last failure or interruption. */
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  cancelRequested: z.boolean(),
  periodic: z.boolean(),
  abilities: z.object({ cancel: z.boolean(), retry: z.boolean() }),
});
export type Job = z.infer<typeof JobSchema>;

/** A kind of job this server runs, for the jobs page's filter. */
export const JobKindSchema = z.object({ kind: z.string(), title: z.string(), periodic: z.boolean() });
export type JobKind = z.infer<typeof JobKindSchema>;

/** The demo job counts to n with progress, so the progress bar can be seen working on its own. */
export const DemoJobInputSchema = z.object({
  id: z.uuid('id 必须是 UUID').optional(),
  n: z.number().int().min(1, '至少数到 1').max(1000, '最多数到 1000').default(20),
  /** The first `failTimes` attempts fail halfway, to show retries with backoff. */
  failTimes: z.number().int().min(0).max(5, '最多失败 5 次').default(0),
  /** Pause between steps, in milliseconds. */
  stepMs: z.number().int().min(0).max(5000).default(300),
});
export type DemoJobInput = z.infer<typeof DemoJobInputSchema>;
