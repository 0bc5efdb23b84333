import { PageSchema } from '@anzhi/contracts/common';
import {
  ComparisonBatchSchema,
  ComparisonCalendarSchema,
  ComparisonKindListSchema,
  ComparisonRowSchema,
  ComparisonWarningSchema,
  DeliberationListSchema,
  DeliberationSchema,
} from '@anzhi/contracts/comparison';
import type {
  ComparisonBatch,
  ComparisonCalendar,
  ComparisonKind,
  ComparisonRowFilter,
  ComparisonWarning,
  Deliberation,
  DeliberationInput,
  VerificationInput,
} from '@anzhi/contracts/comparison';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export const comparisonKeys = {
  all: ['comparison'] as const,
  kinds: ['comparison', 'kinds'] as const,
  batches: (month: string) => ['comparison', 'batches', month] as const,
  rows: (id: string, q: BatchRowsFilter) => ['comparison', 'rows', id, q] as const,
  warnings: (q: WarningFilter) => ['comparison', 'warnings', q] as const,
  deliberations: (month: string) => ['comparison', 'deliberations', month] as const,
  calendar: (month: string) => ['comparison', 'calendar', month] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/** One page of a batch's rows; `status` undefined lists every row. */
export interface BatchRowsFilter {
  status?: ComparisonRowFilter | undefined;
  page: number;
  pageSize: number;
}

export interface WarningFilter {
  month: string;
  status?: string | undefined;
}

export function fetchKinds(signal?: AbortSignal): Promise<{ items: ComparisonKind[] }> {
  return apiRequest('/comparison/kinds', ComparisonKindListSchema, opts(signal));
}

export function fetchBatches(month: string, signal?: AbortSignal) {
  return apiRequest(
    `/comparison/batches${toQueryString({ month, pageSize: 100 })}`,
    PageSchema(ComparisonBatchSchema),
    opts(signal),
  );
}

export function fetchBatchRows(id: string, q: BatchRowsFilter, signal?: AbortSignal) {
  return apiRequest(
    `/comparison/batches/${encodeURIComponent(id)}/rows${toQueryString({ ...q })}`,
    PageSchema(ComparisonRowSchema),
    opts(signal),
  );
}

export function uploadBatch(input: {
  id: string;
  kindKey: string;
  month: string;
  file: File;
}): Promise<ComparisonBatch> {
  const form = new FormData();
  form.append('id', input.id);
  form.append('kindKey', input.kindKey);
  form.append('month', input.month);
  form.append('file', input.file, input.file.name);
  return apiRequest('/comparison/batches', ComparisonBatchSchema, { method: 'POST', form });
}

export function withdrawBatch(id: string): Promise<ComparisonBatch> {
  return apiRequest(`/comparison/batches/${encodeURIComponent(id)}/withdraw`, ComparisonBatchSchema, {
    method: 'POST',
  });
}

export function fetchWarnings(q: WarningFilter, signal?: AbortSignal) {
  return apiRequest(
    `/comparison/warnings${toQueryString({ ...q, pageSize: 200 })}`,
    PageSchema(ComparisonWarningSchema),
    opts(signal),
  );
}

export function verifyWarning(id: string, input: VerificationInput): Promise<ComparisonWarning> {
  return apiRequest(`/comparison/warnings/${encodeURIComponent(id)}/verification`, ComparisonWarningSchema, {
    method: 'POST',
    body: input,
  });
}

export function fetchDeliberations(month: string, signal?: AbortSignal): Promise<{ items: Deliberation[] }> {
  return apiRequest(`/comparison/deliberations${toQueryString({ month })}`, DeliberationListSchema, opts(signal));
}

export function holdDeliberation(input: DeliberationInput): Promise<Deliberation> {
  return apiRequest('/comparison/deliberations', DeliberationSchema, { method: 'POST', body: input });
}

export function fetchCalendar(month: string, signal?: AbortSignal): Promise<ComparisonCalendar> {
  return apiRequest(`/comparison/calendar${toQueryString({ month })}`, ComparisonCalendarSchema, opts(signal));
}
