import { PageSchema } from '@anzhi/contracts/common';
import { CaseDetailSchema, CaseSchema, ClueSchema } from '@anzhi/contracts/monitoring';
import type { CaseDetail, CaseStepInput, Clue, ClueInput, MonitoringCase } from '@anzhi/contracts/monitoring';
import { useQuery } from '@tanstack/react-query';
import { apiBase, apiRequest } from '../../api/client';
import { toQueryString, type QueryParams } from '../../api/query';

/** Risk clues, cases and identification (M1). Help plans and elimination: help-api.ts (M2). */

const enc = encodeURIComponent;
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const monitoringKeys = {
  all: ['monitoring'] as const,
  clues: (q: QueryParams) => ['monitoring', 'clues', q] as const,
  cases: (q: QueryParams) => ['monitoring', 'cases', q] as const,
  case: (id: string) => ['monitoring', 'case', id] as const,
};

export function useClues(q: QueryParams) {
  return useQuery({
    queryKey: monitoringKeys.clues(q),
    queryFn: ({ signal }) => apiRequest(`/monitoring/clues${toQueryString(q)}`, PageSchema(ClueSchema), opts(signal)),
  });
}

export function useCases(q: QueryParams) {
  return useQuery({
    queryKey: monitoringKeys.cases(q),
    queryFn: ({ signal }) => apiRequest(`/monitoring/cases${toQueryString(q)}`, PageSchema(CaseSchema), opts(signal)),
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: monitoringKeys.case(id),
    queryFn: ({ signal }) => apiRequest(`/monitoring/cases/${enc(id)}`, CaseDetailSchema, opts(signal)),
  });
}

export function recordClue(input: ClueInput): Promise<Clue> {
  return apiRequest('/monitoring/clues', ClueSchema, { method: 'POST', body: input });
}

export function dismissClue(id: string, reason: string): Promise<Clue> {
  return apiRequest(`/monitoring/clues/${enc(id)}/dismiss`, ClueSchema, { method: 'POST', body: { reason } });
}

export function startCase(id: string, clueId: string): Promise<CaseDetail> {
  return apiRequest('/monitoring/cases', CaseDetailSchema, { method: 'POST', body: { id, clueId } });
}

export function recordStep(caseId: string, input: CaseStepInput): Promise<CaseDetail> {
  return apiRequest(`/monitoring/cases/${enc(caseId)}/steps`, CaseDetailSchema, { method: 'POST', body: input });
}

export const paperUrl = (caseId: string, paper: 'verification' | 'posting' | 'announcement') =>
  `${apiBase}/monitoring/cases/${enc(caseId)}/papers/${paper}`;

export type { CaseDetail, Clue, MonitoringCase };
