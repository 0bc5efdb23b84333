import { PageSchema } from '@anzhi/contracts/common';
import {
  EliminationViewSchema,
  HelpPlanSchema,
  MeasureSchema,
  ReflagResultSchema,
} from '@anzhi/contracts/monitoring-help';
import type {
  EliminationStepInput,
  HelpPlanUpdate,
  MeasureCancel,
  MeasureComplete,
  MeasureInput,
  MeasureListQuery,
  MeasureUpdate,
  ReflagInput,
  RollbackInput,
} from '@anzhi/contracts/monitoring-help';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

/** Help plans, measures and risk elimination of monitoring cases (M2). */

const MeasurePageSchema = PageSchema(MeasureSchema);
const enc = encodeURIComponent;

export const helpKeys = {
  all: ['monitoring-help'] as const,
  plan: (caseId: string) => ['monitoring-help', 'plan', caseId] as const,
  elimination: (caseId: string) => ['monitoring-help', 'elimination', caseId] as const,
  measures: (q: Partial<MeasureListQuery>) => ['monitoring-help', 'measures', q] as const,
};

export function useHelpPlan(caseId: string) {
  return useQuery({
    queryKey: helpKeys.plan(caseId),
    queryFn: ({ signal }) => apiRequest(`/monitoring/cases/${enc(caseId)}/measures`, HelpPlanSchema, { signal }),
    meta: { inlineError: true },
  });
}

export function useElimination(caseId: string) {
  return useQuery({
    queryKey: helpKeys.elimination(caseId),
    queryFn: ({ signal }) =>
      apiRequest(`/monitoring/cases/${enc(caseId)}/elimination`, EliminationViewSchema, { signal }),
    meta: { inlineError: true },
  });
}

export function useMeasures(q: Partial<MeasureListQuery>) {
  return useQuery({
    queryKey: helpKeys.measures(q),
    queryFn: ({ signal }) =>
      apiRequest(`/monitoring/measures${toQueryString({ ...q })}`, MeasurePageSchema, { signal }),
    meta: { inlineError: true },
  });
}

function useHelpMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { inlineError: true },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: helpKeys.all });
      // The case page (M1) shows the status too.
      await queryClient.invalidateQueries({ queryKey: ['monitoring'] });
    },
  });
}

export const useUpdatePlan = (caseId: string) =>
  useHelpMutation((body: HelpPlanUpdate) =>
    apiRequest(`/monitoring/cases/${enc(caseId)}/plan`, HelpPlanSchema, { method: 'PUT', body }),
  );

export const useCreateMeasure = (caseId: string) =>
  useHelpMutation((body: MeasureInput) =>
    apiRequest(`/monitoring/cases/${enc(caseId)}/measures`, MeasureSchema, { method: 'POST', body }),
  );

export const useUpdateMeasure = () =>
  useHelpMutation(({ id, body }: { id: string; body: MeasureUpdate }) =>
    apiRequest(`/monitoring/measures/${enc(id)}`, MeasureSchema, { method: 'PATCH', body }),
  );

export const useCompleteMeasure = () =>
  useHelpMutation(({ id, body }: { id: string; body: MeasureComplete }) =>
    apiRequest(`/monitoring/measures/${enc(id)}/complete`, MeasureSchema, { method: 'POST', body }),
  );

export const useCancelMeasure = () =>
  useHelpMutation(({ id, body }: { id: string; body: MeasureCancel }) =>
    apiRequest(`/monitoring/measures/${enc(id)}/cancel`, MeasureSchema, { method: 'POST', body }),
  );

export const useEliminationStep = (caseId: string) =>
  useHelpMutation((body: EliminationStepInput) =>
    apiRequest(`/monitoring/cases/${enc(caseId)}/elimination/steps`, EliminationViewSchema, { method: 'POST', body }),
  );

export const useRollback = (caseId: string) =>
  useHelpMutation((body: RollbackInput) =>
    apiRequest(`/monitoring/cases/${enc(caseId)}/elimination/rollback`, EliminationViewSchema, {
      method: 'POST',
      body,
    }),
  );

export const useReflag = (caseId: string) =>
  useHelpMutation((body: ReflagInput) =>
    apiRequest(`/monitoring/cases/${enc(caseId)}/reflag`, ReflagResultSchema, { method: 'POST', body }),
  );
