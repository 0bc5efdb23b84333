import type { Site, SiteInput } from '@anzhi/contracts/org';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { homeSummaryKey } from '../../home/api';
import { createSite, fetchSite, fetchSites, siteKeys, updateSite } from '../api';
import type { SiteQuery } from '../api';

export function useSites(query: SiteQuery) {
  return useQuery({
    queryKey: siteKeys.list(query),
    queryFn: ({ signal }) => fetchSites(query, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

export function useSite(id: string) {
  return useQuery({
    queryKey: siteKeys.detail(id),
    queryFn: ({ signal }) => fetchSite(id, signal),
    retry: false,
    meta: { inlineError: true },
  });
}

export interface SaveSiteVariables {
  /** Set when editing an existing site. */
  siteId?: string;
  input: SiteInput;
}

/** Creates or updates a site, then refreshes the lists, the site and the home counts. */
export function useSaveSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ siteId, input }: SaveSiteVariables): Promise<Site> => {
      if (siteId === undefined) return createSite(input);
      const { id: _id, ...patch } = input;
      return updateSite(siteId, patch);
    },
    meta: { inlineError: true },
    onSuccess: async (site) => {
      queryClient.setQueryData(siteKeys.detail(site.id), site);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: siteKeys.lists }),
        queryClient.invalidateQueries({ queryKey: homeSummaryKey }),
      ]);
    },
  });
}
