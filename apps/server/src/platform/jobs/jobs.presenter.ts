import type { Permission } from '@anzhi/contracts/permissions';
import type { Job } from '@anzhi/contracts/jobs';
import type { JobRegistry } from './job-definition';
import { periodicKeyPrefix, type JobRow } from './jobs.repository';

export interface JobViewer {
  userId: string;
  permissions: readonly Permission[];
}

/** Row → DTO (payload stays on the server) with what the viewer may do to it. */
export function presentJob(row: JobRow, createdByName: string | null, registry: JobRegistry, viewer: JobViewer): Job {
  const own = row.createdBy !== null && row.createdBy === viewer.userId;
  const manage = viewer.permissions.includes('job.manage');
  const active = row.status === 'queued' || row.status === 'running';
  return {
    id: row.id,
    kind: row.kind,
    title: registry.titleOf(row.kind),
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAfter: row.runAfter.toISOString(),
    progress: { done: row.progressDone, total: row.progressTotal, message: row.progressMessage },
    result: row.result ?? null,
    error: row.error,
    createdBy: row.createdBy,
    createdByName,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    cancelRequested: row.cancelRequested,
    periodic: row.dedupeKey?.startsWith(periodicKeyPrefix) ?? false,
    abilities: {
      cancel: active && !row.cancelRequested && (own || manage),
      retry: row.status === 'failed' && manage,
    },
  };
}
