import { z } from 'zod';
import {
  ChiefAssignmentListSchema,
  ChiefAssignmentSchema,
  ChiefOverviewSchema,
  ChiefReportSchema,
  ChiefVisitSchema,
} from '@anzhi/contracts/chiefs';
import type {
  ChiefAssignment,
  ChiefAssignmentInput,
  ChiefAssignmentUpdate,
  ChiefOverview,
  ChiefReport,
  ChiefReportInput,
  ChiefVisit,
  ChiefVisitInput,
} from '@anzhi/contracts/chiefs';
import { PageSchema } from '@anzhi/contracts/common';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface ChiefPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface VisitQuery {
  siteId?: string | undefined;
  month?: string | undefined;
  page: number;
  pageSize: number;
}

export interface ReportQuery {
  halfYear?: string | undefined;
  page: number;
  pageSize: number;
}

export const chiefKeys = {
  all: ['chiefs'] as const,
  overview: ['chiefs', 'overview'] as const,
  assignments: ['chiefs', 'assignments'] as const,
  visits: (q: VisitQuery) => ['chiefs', 'visits', q] as const,
  reports: (q: ReportQuery) => ['chiefs', 'reports', q] as const,
};

const VisitPageSchema = PageSchema(ChiefVisitSchema);
const ReportPageSchema = PageSchema(ChiefReportSchema);
const JobSchema = z.object({ jobId: z.string() });

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchOverview(signal?: AbortSignal): Promise<ChiefOverview> {
  return apiRequest('/site-chiefs/overview', ChiefOverviewSchema, opts(signal));
}

export function fetchAssignments(signal?: AbortSignal): Promise<{ items: ChiefAssignment[] }> {
  return apiRequest('/site-chiefs', ChiefAssignmentListSchema, opts(signal));
}

export function createAssignment(input: ChiefAssignmentInput): Promise<ChiefAssignment> {
  return apiRequest('/site-chiefs', ChiefAssignmentSchema, { method: 'POST', body: input });
}

export function updateAssignment(id: string, patch: ChiefAssignmentUpdate): Promise<ChiefAssignment> {
  return apiRequest(`/site-chiefs/${encodeURIComponent(id)}`, ChiefAssignmentSchema, { method: 'PATCH', body: patch });
}

export function fetchVisits(q: VisitQuery, signal?: AbortSignal): Promise<ChiefPage<ChiefVisit>> {
  return apiRequest(`/chief-visits${toQueryString({ ...q })}`, VisitPageSchema, opts(signal));
}

export function createVisit(input: ChiefVisitInput): Promise<ChiefVisit> {
  return apiRequest('/chief-visits', ChiefVisitSchema, { method: 'POST', body: input });
}

export function fetchReports(q: ReportQuery, signal?: AbortSignal): Promise<ChiefPage<ChiefReport>> {
  return apiRequest(`/chief-reports${toQueryString({ ...q })}`, ReportPageSchema, opts(signal));
}

export function createReport(input: ChiefReportInput): Promise<ChiefReport> {
  return apiRequest('/chief-reports', ChiefReportSchema, { method: 'POST', body: input });
}

export function runChiefRule(ruleId: 'R01' | 'R02', periodKey: string): Promise<{ jobId: string }> {
  return apiRequest('/site-chiefs/rule-runs', JobSchema, { method: 'POST', body: { ruleId, periodKey } });
}
