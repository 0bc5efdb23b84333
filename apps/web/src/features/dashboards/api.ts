import {
  DashboardSchema,
  RuleResultPageSchema,
  TrendSchema,
  type Dashboard,
  type RuleResultPage,
  type Trend,
} from '@anzhi/contracts/dashboards';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

/** Which dashboard: the caller's own (home), the county, a township or a site. */
export interface DashboardView {
  townshipCode?: string | undefined;
  siteId?: string | undefined;
  county?: boolean;
}

export const dashboardKeys = {
  all: ['dashboards'] as const,
  view: (v: DashboardView, month: string | undefined) => ['dashboards', 'view', v, month] as const,
  trend: (v: DashboardView, month: string | undefined) => ['dashboards', 'trend', v, month] as const,
  results: (q: Record<string, string | number | undefined>) => ['dashboards', 'results', q] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchDashboard(v: DashboardView, month: string | undefined, signal?: AbortSignal): Promise<Dashboard> {
  const q = toQueryString({ month });
  const path = v.siteId
    ? `/dashboards/site/${encodeURIComponent(v.siteId)}`
    : v.townshipCode
      ? `/dashboards/township/${encodeURIComponent(v.townshipCode)}`
      : v.county
        ? '/dashboards/county'
        : '/dashboards/home';
  return apiRequest(`${path}${q}`, DashboardSchema, opts(signal));
}

export function fetchTrend(v: DashboardView, month: string | undefined, signal?: AbortSignal): Promise<Trend> {
  return apiRequest(
    `/dashboards/trend${toQueryString({ month, townshipCode: v.townshipCode, siteId: v.siteId })}`,
    TrendSchema,
    opts(signal),
  );
}

export function fetchRuleResults(
  q: Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<RuleResultPage> {
  return apiRequest(`/rules/results${toQueryString(q)}`, RuleResultPageSchema, opts(signal));
}
