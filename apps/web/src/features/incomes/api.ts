import { PageSchema } from '@anzhi/contracts/common';
import {
  HouseholdIncomeSchema,
  IncomeLineListSchema,
  IncomeLineSchema,
  IncomeListItemSchema,
} from '@anzhi/contracts/incomes';
import type {
  HouseholdIncome,
  IncomeInput,
  IncomeLine,
  IncomeLineInput,
  IncomeLineUpdate,
  IncomeListItem,
  IncomeUpdate,
} from '@anzhi/contracts/incomes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiBase, apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface IncomeQuery {
  year: number;
  townshipCode?: string | undefined;
  siteId?: string | undefined;
  householdId?: string | undefined;
  status?: 'collected' | 'missing' | 'below' | 'near' | 'above' | undefined;
  page: number;
  pageSize: number;
}

export interface IncomePage {
  items: IncomeListItem[];
  total: number;
  page: number;
  pageSize: number;
}

const IncomePageSchema = PageSchema(IncomeListItemSchema);

export const incomeKeys = {
  all: ['incomes'] as const,
  list: (q: IncomeQuery) => ['incomes', 'list', q] as const,
  lines: (year?: number) => ['incomes', 'lines', year ?? 'all'] as const,
};

/** Last year: the one a yearly collection is normally about. */
export const collectionYear = () => new Date().getFullYear() - 1;

export function incomeExportUrl(q: Omit<IncomeQuery, 'page' | 'pageSize'>): string {
  return `${apiBase}/incomes/export.xlsx${toQueryString({ ...q })}`;
}

export function useIncomes(q: IncomeQuery, enabled = true) {
  return useQuery({
    enabled,
    queryKey: incomeKeys.list(q),
    queryFn: ({ signal }) => apiRequest(`/incomes${toQueryString({ ...q })}`, IncomePageSchema, { signal }),
    meta: { inlineError: true },
  });
}

export function useIncomeLines(year?: number) {
  return useQuery({
    queryKey: incomeKeys.lines(year),
    queryFn: ({ signal }) =>
      apiRequest(`/settings/income-lines${toQueryString({ year })}`, IncomeLineListSchema, { signal }),
    meta: { inlineError: true },
  });
}

function useIncomeMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: incomeKeys.all }),
  });
}

export const useCreateIncomeLine = () =>
  useIncomeMutation<IncomeLineInput, IncomeLine>((body) =>
    apiRequest('/settings/income-lines', IncomeLineSchema, { method: 'POST', body }),
  );

export const useUpdateIncomeLine = () =>
  useIncomeMutation<{ id: string; body: IncomeLineUpdate }, IncomeLine>(({ id, body }) =>
    apiRequest(`/settings/income-lines/${encodeURIComponent(id)}`, IncomeLineSchema, { method: 'PATCH', body }),
  );

export const useCreateIncome = () =>
  useIncomeMutation<IncomeInput, HouseholdIncome>((body) =>
    apiRequest('/incomes', HouseholdIncomeSchema, { method: 'POST', body }),
  );

export const useUpdateIncome = () =>
  useIncomeMutation<{ id: string; body: IncomeUpdate }, HouseholdIncome>(({ id, body }) =>
    apiRequest(`/incomes/${encodeURIComponent(id)}`, HouseholdIncomeSchema, { method: 'PATCH', body }),
  );
