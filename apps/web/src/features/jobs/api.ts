import { PageSchema } from '@anzhi/contracts/common';
import { JobKindSchema, JobSchema, activeJobStatuses } from '@anzhi/contracts/jobs';
import type { DemoJobInput, Job, JobKind, JobStatus } from '@anzhi/contracts/jobs';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface JobQuery {
  status?: JobStatus | undefined;
  kind?: string | undefined;
  includePeriodic?: 'true' | undefined;
  page: number;
  pageSize: number;
}

export interface JobPage {
  items: Job[];
  total: number;
  page: number;
  pageSize: number;
}

const JobPageSchema = PageSchema(JobSchema);

export const jobKeys = {
  all: ['jobs'] as const,
  list: (query: JobQuery) => ['jobs', 'list', query] as const,
  one: (id: string) => ['jobs', 'one', id] as const,
  kinds: ['jobs', 'kinds'] as const,
};

/** True while the job may still change (queued or running): pages showing it keep polling. */
export function isJobActive(job: Pick<Job, 'status'>): boolean {
  return activeJobStatuses.includes(job.status);
}

export function fetchJobs(query: JobQuery, signal?: AbortSignal): Promise<JobPage> {
  return apiRequest(`/jobs${toQueryString({ ...query })}`, JobPageSchema, signal ? { signal } : {});
}

export function fetchJob(id: string, signal?: AbortSignal): Promise<Job> {
  return apiRequest(`/jobs/${id}`, JobSchema, signal ? { signal } : {});
}

export function cancelJob(id: string): Promise<Job> {
  return apiRequest(`/jobs/${id}/cancel`, JobSchema, { method: 'POST' });
}

export function retryJob(id: string): Promise<Job> {
  return apiRequest(`/jobs/${id}/retry`, JobSchema, { method: 'POST' });
}

export function startDemoJob(input: Partial<DemoJobInput>): Promise<Job> {
  return apiRequest('/jobs/demo', JobSchema, { method: 'POST', body: input });
}

const JobKindListSchema = JobKindSchema.array();

export function fetchJobKinds(): Promise<JobKind[]> {
  return apiRequest('/jobs/kinds', JobKindListSchema);
}
