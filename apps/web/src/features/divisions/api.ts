import { DivisionAliasSchema, DivisionSchema } from '@anzhi/contracts/org';
import type { Division, DivisionAlias, DivisionLevel } from '@anzhi/contracts/org';
import { apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface DivisionQuery {
  parentCode?: string;
  level?: DivisionLevel;
  /** A name fragment or an exact 12-digit code. */
  q?: string;
}

export interface DivisionAliasInput {
  alias: string;
  divisionCode: string;
  note?: string;
}

export const divisionKeys = {
  all: ['divisions'] as const,
  list: (query: DivisionQuery) => ['divisions', 'list', query] as const,
  aliases: ['divisions', 'aliases'] as const,
};

export function fetchDivisions(query: DivisionQuery, signal?: AbortSignal): Promise<Division[]> {
  return apiRequest(`/divisions${toQueryString({ ...query })}`, DivisionSchema.array(), signal ? { signal } : {});
}

export function fetchDivisionAliases(): Promise<DivisionAlias[]> {
  return apiRequest('/divisions/aliases', DivisionAliasSchema.array());
}

export function addDivisionAlias(input: DivisionAliasInput): Promise<DivisionAlias> {
  return apiRequest('/divisions/aliases', DivisionAliasSchema, { method: 'POST', body: input });
}
