import {
  DashboardSchema,
  RuleResultPageSchema,
  TrendSchema,
  type Dashboard,
  type PlaceOrder,
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
  view: (v: DashboardView, month: string | undefined, places: PlacePaging) =>
    ['dashboards', 'view', v, month, places] as const,
  trend: (v: DashboardView, month: string | undefined) => ['dashboards', 'trend', v, month] as const,
  results: (q: Record<string, string | number | undefined>) => ['dashboards', 'results', q] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Which page of the matrix's places, in which order (the server pages them: a county may have thousands). */
export interface PlacePaging {
  page: number;
  pageSize: number;
  order: PlaceOrder;
}

export function fetchDashboard(
  v: DashboardView,
  month: string | undefined,
  places: PlacePaging,
  signal?: AbortSignal,
): Promise<Dashboard> {
  const q = toQueryString({
    month,
    placePage: places.page,
    placePageSize: places.pageSize,
    placeOrder: places.order,
  });
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
