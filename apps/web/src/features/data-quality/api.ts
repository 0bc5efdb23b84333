import { DataQualityReportSchema } from '@anzhi/contracts/registry-events';
import type { DataQualityReport } from '@anzhi/contracts/registry-events';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/client';
import { toQueryString, type QueryParams } from '../../api/query';

export const dataQualityKey = (q: QueryParams) => ['registry', 'data-quality', q] as const;

export function fetchRegistryDataQuality(q: QueryParams, signal?: AbortSignal): Promise<DataQualityReport> {
  return apiRequest(`/data-quality/registry${toQueryString(q)}`, DataQualityReportSchema, signal ? { signal } : {});
}

export function useRegistryDataQuality(q: QueryParams) {
  return useQuery({
    queryKey: dataQualityKey(q),
    queryFn: ({ signal }) => fetchRegistryDataQuality(q, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}
