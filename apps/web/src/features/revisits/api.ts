import { PageSchema } from '@anzhi/contracts/common';
import {
  MonthCloseListSchema,
  MonthCloseSchema,
  PendingListSchema,
  RevisitCompletionSchema,
  RevisitSchema,
} from '@anzhi/contracts/revisits';
import type { MonthClose, PendingList, Revisit, RevisitCompletion, RevisitInput } from '@anzhi/contracts/revisits';
import { apiBase, apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface Place {
  siteId?: string | undefined;
  townshipCode?: string | undefined;
}

export const revisitKeys = {
  all: ['revisits'] as const,
  completion: (month: string) => ['revisits', 'completion', month] as const,
  pending: (month: string, place: Place) => ['revisits', 'pending', month, place] as const,
  list: (month: string, page: number) => ['revisits', 'list', month, page] as const,
  closes: (month: string) => ['revisits', 'closes', month] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});
const RevisitPageSchema = PageSchema(RevisitSchema);

export function fetchCompletion(month: string, signal?: AbortSignal): Promise<RevisitCompletion> {
  return apiRequest(`/revisits/completion${toQueryString({ month })}`, RevisitCompletionSchema, opts(signal));
}

export function fetchPending(month: string, place: Place, signal?: AbortSignal): Promise<PendingList> {
  return apiRequest(`/revisits/pending${toQueryString({ month, ...place })}`, PendingListSchema, opts(signal));
}

export function fetchRevisits(month: string, page: number, signal?: AbortSignal) {
  return apiRequest(`/revisits${toQueryString({ month, page, pageSize: 20 })}`, RevisitPageSchema, opts(signal));
}

export function createRevisit(input: RevisitInput): Promise<Revisit> {
  return apiRequest('/revisits', RevisitSchema, { method: 'POST', body: input });
}

export function fetchMonthCloses(month: string, signal?: AbortSignal): Promise<{ items: MonthClose[] }> {
  return apiRequest(`/month-closes${toQueryString({ month })}`, MonthCloseListSchema, opts(signal));
}

export function closeMonth(townshipCode: string, month: string): Promise<MonthClose> {
  return apiRequest('/month-closes', MonthCloseSchema, { method: 'POST', body: { townshipCode, month } });
}

export function reopenMonth(id: string, reason: string): Promise<MonthClose> {
  return apiRequest(`/month-closes/${encodeURIComponent(id)}/reopen`, MonthCloseSchema, {
    method: 'POST',
    body: { reason },
  });
}

/** The workbook address (a plain GET: the browser downloads it with the session cookie). */
export function ledgerUrl(month: string, place: Place): string {
  return `${apiBase}/revisits/ledger.xlsx${toQueryString({ month, ...place })}`;
}
