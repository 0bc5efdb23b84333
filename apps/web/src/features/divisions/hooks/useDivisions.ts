import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addDivisionAlias, divisionKeys, fetchDivisionAliases, fetchDivisions } from '../api';
import type { DivisionAliasInput, DivisionQuery } from '../api';

const staleTime = 10 * 60_000;

export function useDivisions(query: DivisionQuery) {
  return useQuery({
    queryKey: divisionKeys.list(query),
    queryFn: ({ signal }) => fetchDivisions(query, signal),
    staleTime,
    meta: { inlineError: true },
  });
}

export function useDivisionAliases() {
  return useQuery({ queryKey: divisionKeys.aliases, queryFn: fetchDivisionAliases, meta: { inlineError: true } });
}

export function useAddDivisionAlias() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DivisionAliasInput) => addDivisionAlias(input),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: divisionKeys.aliases }),
  });
}

/** Loads (or reads from the cache) the children of one division, for lazily opened trees. */
export function useDivisionChildrenLoader() {
  const queryClient = useQueryClient();
  return (parentCode: string) =>
    queryClient.fetchQuery({
      queryKey: divisionKeys.list({ parentCode }),
      queryFn: ({ signal }) => fetchDivisions({ parentCode }, signal),
      staleTime,
    });
}
