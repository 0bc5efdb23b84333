import { HomeSummarySchema } from '@anzhi/contracts/org';
import type { HomeSummary } from '@anzhi/contracts/org';
import { apiRequest } from '../../api/client';

export const homeSummaryKey = ['home-summary'] as const;

export function fetchHomeSummary(): Promise<HomeSummary> {
  return apiRequest('/home/summary', HomeSummarySchema);
}
