import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addUnitAlias, createUnit, fetchUnits, unitKeys } from '../api';
import type { UnitInput } from '../api';

/** Every unit with its aliases: reference data, small enough to load whole. */
export function useUnits() {
  return useQuery({ queryKey: unitKeys.all, queryFn: fetchUnits, staleTime: 5 * 60_000, meta: { inlineError: true } });
}

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UnitInput) => createUnit(input),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitKeys.all }),
  });
}

export function useAddUnitAlias() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, alias }: { unitId: string; alias: string }) => addUnitAlias(unitId, alias),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitKeys.all }),
  });
}
