import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChiefAssignmentInput,
  ChiefAssignmentUpdate,
  ChiefReportInput,
  ChiefVisitInput,
} from '@anzhi/contracts/chiefs';
import {
  chiefKeys,
  createAssignment,
  createReport,
  createVisit,
  fetchAssignments,
  fetchOverview,
  fetchReports,
  fetchVisits,
  updateAssignment,
  type ReportQuery,
  type VisitQuery,
} from '../api';

export function useChiefOverview(enabled = true) {
  return useQuery({
    queryKey: chiefKeys.overview,
    queryFn: ({ signal }) => fetchOverview(signal),
    enabled,
    meta: { inlineError: true },
  });
}

export function useChiefAssignments() {
  return useQuery({
    queryKey: chiefKeys.assignments,
    queryFn: ({ signal }) => fetchAssignments(signal),
    meta: { inlineError: true },
  });
}

export function useChiefVisits(q: VisitQuery) {
  return useQuery({
    queryKey: chiefKeys.visits(q),
    queryFn: ({ signal }) => fetchVisits(q, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

export function useChiefReports(q: ReportQuery) {
  return useQuery({
    queryKey: chiefKeys.reports(q),
    queryFn: ({ signal }) => fetchReports(q, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

/** Every chiefs mutation refreshes the whole feature (overview counts change with any record). */
function useChiefMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chiefKeys.all }),
  });
}

export const useCreateVisit = () => useChiefMutation((input: ChiefVisitInput) => createVisit(input));
export const useCreateReport = () => useChiefMutation((input: ChiefReportInput) => createReport(input));
export const useCreateAssignment = () => useChiefMutation((input: ChiefAssignmentInput) => createAssignment(input));
export const useUpdateAssignment = () =>
  useChiefMutation(({ id, patch }: { id: string; patch: ChiefAssignmentUpdate }) => updateAssignment(id, patch));
