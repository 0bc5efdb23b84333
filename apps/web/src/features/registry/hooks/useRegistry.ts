import type { RevealInput } from '@anzhi/contracts/registry';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { QueryParams } from '../../../api/query';
import {
  fetchHousehold,
  fetchHouseholds,
  fetchPersons,
  fetchSiteSummary,
  fetchTimeline,
  lookupPerson,
  registryKeys,
  revealPerson,
} from '../api';

export function useHouseholds(q: QueryParams, enabled = true) {
  return useQuery({
    queryKey: registryKeys.households(q),
    queryFn: ({ signal }) => fetchHouseholds(q, signal),
    placeholderData: keepPreviousData,
    enabled,
    meta: { inlineError: true },
  });
}

export function useHousehold(id: string, asOf?: string) {
  return useQuery({
    queryKey: registryKeys.household(id, asOf),
    queryFn: ({ signal }) => fetchHousehold(id, asOf, signal),
    placeholderData: keepPreviousData,
    retry: false,
    meta: { inlineError: true },
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: registryKeys.timeline(id),
    queryFn: ({ signal }) => fetchTimeline(id, signal),
    retry: false,
    meta: { inlineError: true },
  });
}

export function usePersons(q: QueryParams) {
  return useQuery({
    queryKey: registryKeys.persons(q),
    queryFn: ({ signal }) => fetchPersons(q, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

export function useSiteSummary(siteId: string) {
  return useQuery({
    queryKey: registryKeys.siteSummary(siteId),
    queryFn: ({ signal }) => fetchSiteSummary(siteId, signal),
    retry: false,
    meta: { inlineError: true },
  });
}

/** One reveal: the full number comes back for this view only (never cached). */
export function useReveal(personId: string) {
  return useMutation({
    mutationFn: (input: RevealInput) => revealPerson(personId, input),
    meta: { inlineError: true },
  });
}

export function useLookupPerson() {
  return useMutation({ mutationFn: (idNumber: string) => lookupPerson(idNumber), meta: { inlineError: true } });
}
