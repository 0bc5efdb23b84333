import { PageSchema } from '@anzhi/contracts/common';
import { SiteSchema } from '@anzhi/contracts/org';
import type { Site, SiteInput } from '@anzhi/contracts/org';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface SiteQuery {
  townshipCode?: string | undefined;
  q?: string | undefined;
  status?: 'active' | 'closed' | undefined;
  page: number;
  pageSize: number;
}

export interface SitePage {
  items: Site[];
  total: number;
  page: number;
  pageSize: number;
}

const SitePageSchema = PageSchema(SiteSchema);

export const siteKeys = {
  all: ['sites'] as const,
  lists: ['sites', 'list'] as const,
  list: (query: SiteQuery) => ['sites', 'list', query] as const,
  detail: (id: string) => ['sites', 'detail', id] as const,
};

export function fetchSites(query: SiteQuery, signal?: AbortSignal): Promise<SitePage> {
  return apiRequest(`/sites${toQueryString({ ...query })}`, SitePageSchema, signal ? { signal } : {});
}

export function fetchSite(id: string, signal?: AbortSignal): Promise<Site> {
  return apiRequest(`/sites/${encodeURIComponent(id)}`, SiteSchema, signal ? { signal } : {});
}

export function createSite(input: SiteInput): Promise<Site> {
  return apiRequest('/sites', SiteSchema, { method: 'POST', body: input });
}

export function updateSite(id: string, patch: Omit<SiteInput, 'id'>): Promise<Site> {
  return apiRequest(`/sites/${encodeURIComponent(id)}`, SiteSchema, { method: 'PATCH', body: patch });
}
