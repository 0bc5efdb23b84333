import { useQuery } from '@tanstack/react-query';
import { fetchJob, isJobActive, jobKeys } from '../api';
import { jobPollMs } from './useJobs';

/**
 * Follows one job (e.g. the import or export a feature just started): polls while it is queued or running and
 * stops once it has ended. Pass `null` before there is a job.
 */
export function useJobProgress(jobId: string | null, options: { pollMs?: number } = {}) {
  const pollMs = options.pollMs ?? jobPollMs;
  return useQuery({
    queryKey: jobKeys.one(jobId ?? ''),
    queryFn: ({ signal }) => fetchJob(jobId!, signal),
    enabled: jobId !== null,
    staleTime: 0,
    refetchInterval: (q) => {
      if (q.state.status === 'error') return false; // e.g. 404: nothing to follow
      return q.state.data === undefined || isJobActive(q.state.data) ? pollMs : false;
    },
    meta: { inlineError: true },
  });
}
