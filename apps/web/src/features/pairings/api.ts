import { PageSchema } from '@anzhi/contracts/common';
import {
  OriginContactListSchema,
  PairingCadreListSchema,
  PairingHandoverResultSchema,
  PairingOverviewItemSchema,
} from '@anzhi/contracts/pairings';
import type {
  OriginContactInput,
  PairingHandoverInput,
  PairingInput,
  PairingOverviewQuery,
} from '@anzhi/contracts/pairings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

const PairingPageSchema = PageSchema(PairingOverviewItemSchema);

export const pairingKeys = {
  all: ['pairings'] as const,
  list: (q: PairingOverviewQuery) => ['pairings', 'list', q] as const,
  cadres: ['pairings', 'cadres'] as const,
};

export function usePairings(q: PairingOverviewQuery) {
  return useQuery({
    queryKey: pairingKeys.list(q),
    queryFn: ({ signal }) => apiRequest(`/pairings${toQueryString({ ...q })}`, PairingPageSchema, { signal }),
    meta: { inlineError: true },
  });
}

export function usePairingCadres(enabled: boolean) {
  return useQuery({
    queryKey: pairingKeys.cadres,
    queryFn: ({ signal }) => apiRequest('/pairings/cadres', PairingCadreListSchema, { signal }),
    enabled,
    meta: { inlineError: true },
  });
}

function usePairingMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pairingKeys.all }),
  });
}

export const useCreatePairing = () =>
  usePairingMutation((body: PairingInput) =>
    apiRequest('/pairings', PairingOverviewItemSchema, { method: 'POST', body }),
  );

export const useEndPairing = () =>
  usePairingMutation((id: string) =>
    apiRequest(`/pairings/${encodeURIComponent(id)}/end`, PairingOverviewItemSchema, { method: 'POST', body: {} }),
  );

export const useHandover = () =>
  usePairingMutation((body: PairingHandoverInput) =>
    apiRequest('/pairings/handover', PairingHandoverResultSchema, { method: 'POST', body }),
  );

export function useOriginContacts(siteId: string | null) {
  return useQuery({
    queryKey: ['pairings', 'origin-contacts', siteId],
    queryFn: ({ signal }) =>
      apiRequest(`/pairings/origin-contacts${toQueryString({ siteId })}`, OriginContactListSchema, { signal }),
    enabled: siteId !== null,
    meta: { inlineError: true },
  });
}

export const useCreateOriginContact = () =>
  usePairingMutation((body: OriginContactInput) =>
    apiRequest('/pairings/origin-contacts', OriginContactListSchema, { method: 'POST', body }),
  );

export const useDeleteOriginContact = () =>
  usePairingMutation((id: string) =>
    apiRequest(`/pairings/origin-contacts/${encodeURIComponent(id)}`, OriginContactListSchema, { method: 'DELETE' }),
  );
