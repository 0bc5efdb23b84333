import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { homeSummaryKey } from '../../home/api';
import { siteKeys } from '../../sites/api';
import { registryKeys } from '../api';
import { eventKeys, fetchHouseholdHistory, fetchPerson, fetchPersonHistory } from './api';

export function useHouseholdHistory(id: string) {
  return useQuery({
    queryKey: eventKeys.history(id),
    queryFn: ({ signal }) => fetchHouseholdHistory(id, signal),
    meta: { inlineError: true },
  });
}

export function usePersonHistory(id: string | null) {
  return useQuery({
    queryKey: eventKeys.personHistory(id ?? ''),
    queryFn: ({ signal }) => fetchPersonHistory(id!, signal),
    enabled: id !== null,
    meta: { inlineError: true },
  });
}

export function usePerson(id: string | null) {
  return useQuery({
    queryKey: eventKeys.person(id ?? ''),
    queryFn: ({ signal }) => fetchPerson(id!, signal),
    enabled: id !== null,
    meta: { inlineError: true },
  });
}

/**
 * A registry write: after it, every registry view (households, persons, histories), the sites' counts and the
 * home page's counts are refreshed — an event changes what "as of" reads return.
 */
export function useRegistryWrite<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { inlineError: true },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: registryKeys.all }),
        queryClient.invalidateQueries({ queryKey: siteKeys.all }),
        queryClient.invalidateQueries({ queryKey: homeSummaryKey }),
      ]);
    },
  });
}
