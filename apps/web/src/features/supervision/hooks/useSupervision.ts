import type { PlanItemInput, TaskReportInput, TaskReviewInput } from '@anzhi/contracts/supervision';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  addPlanItem,
  fetchGrid,
  fetchPlanItems,
  fetchPlans,
  fetchTask,
  fetchTasks,
  publishPlan,
  reviewTask,
  rollPlan,
  submitReport,
  supervisionKeys,
  updatePlanItem,
  type TaskQuery,
} from '../api';

export function usePlans() {
  return useQuery({ queryKey: supervisionKeys.plans, queryFn: ({ signal }) => fetchPlans(signal) });
}

export function usePlanItems(planId: string | undefined) {
  return useQuery({
    queryKey: supervisionKeys.items(planId ?? ''),
    queryFn: ({ signal }) => fetchPlanItems(planId!, signal),
    enabled: planId !== undefined,
    meta: { inlineError: true },
  });
}

export function useTasks(query: TaskQuery) {
  return useQuery({
    queryKey: supervisionKeys.tasks(query),
    queryFn: ({ signal }) => fetchTasks(query, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: supervisionKeys.task(id),
    queryFn: ({ signal }) => fetchTask(id, signal),
    retry: false,
    meta: { inlineError: true },
  });
}

export function useGrid(planId: string | undefined, at: string | undefined) {
  return useQuery({
    queryKey: supervisionKeys.grid(planId ?? '', at),
    queryFn: ({ signal }) => fetchGrid(planId!, at, signal),
    enabled: planId !== undefined,
    meta: { inlineError: true },
  });
}

/** Invalidates every supervision query after a write (lists, grid and the task itself). */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: supervisionKeys.all });
}

export function useSubmitReport(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: TaskReportInput) => submitReport(id, input),
    onSuccess: refresh,
    meta: { inlineError: true },
  });
}

export function useReviewTask(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: TaskReviewInput) => reviewTask(id, input),
    onSuccess: refresh,
    meta: { inlineError: true },
  });
}

export function usePublishPlan() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: publishPlan, onSuccess: refresh });
}

export function useRollPlan() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ planId, year, id }: { planId: string; year: number; id: string }) => rollPlan(planId, { id, year }),
    onSuccess: refresh,
  });
}

/** Adds a row to a plan, or changes one (`itemId`): plan managers only. */
export function useSavePlanItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ planId, itemId, input }: { planId: string; itemId?: string; input: PlanItemInput }) =>
      itemId ? updatePlanItem(planId, itemId, input) : addPlanItem(planId, input),
    onSuccess: refresh,
  });
}
