import type { DemoJobInput } from '@anzhi/contracts/jobs';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { cancelJob, fetchJobKinds, fetchJobs, isJobActive, jobKeys, retryJob, startDemoJob } from '../api';
import type { JobQuery } from '../api';

/** How often a page showing unfinished jobs asks again. */
export const jobPollMs = 2000;

/** A page of jobs; polls every 2 s while any job on it is queued or running. */
export function useJobs(query: JobQuery) {
  return useQuery({
    queryKey: jobKeys.list(query),
    queryFn: ({ signal }) => fetchJobs(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(isJobActive) ? jobPollMs : false),
    meta: { inlineError: true },
  });
}

/** The kinds this server runs (titles for the filter); they change only with a new server version. */
export function useJobKinds() {
  return useQuery({ queryKey: jobKeys.kinds, queryFn: fetchJobKinds, staleTime: Infinity });
}

function useRefreshJobs() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: jobKeys.all });
}

export function useCancelJob() {
  const refresh = useRefreshJobs();
  return useMutation({ mutationFn: (id: string) => cancelJob(id), onSuccess: refresh });
}

export function useRetryJob() {
  const refresh = useRefreshJobs();
  return useMutation({ mutationFn: (id: string) => retryJob(id), onSuccess: refresh });
}

export function useStartDemoJob() {
  const refresh = useRefreshJobs();
  return useMutation({ mutationFn: (input: Partial<DemoJobInput>) => startDemoJob(input), onSuccess: refresh });
}
