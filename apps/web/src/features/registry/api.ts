import { PageSchema } from '@anzhi/contracts/common';
import { HouseholdListItemSchema, HouseholdSchema, PersonSchema, RevealResultSchema } from '@anzhi/contracts/registry';
import type { Household, HouseholdListItem, Person, RevealInput, RevealResult } from '@anzhi/contracts/registry';
import { PersonListItemSchema, SiteRegistrySummarySchema, TimelineSchema } from '@anzhi/contracts/registry-views';
import type { PersonListItem, SiteRegistrySummary, Timeline } from '@anzhi/contracts/registry-views';
import { apiBase, apiRequest } from '../../api/client';
import { toQueryString, type QueryParams } from '../../api/query';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Filters of the household list as they stand in the address (all optional strings). */
export type HouseholdFilters = Partial<
  Record<
    | 'townshipCode'
    | 'siteId'
    | 'category'
    | 'placement'
    | 'monitoringStatus'
    | 'labourCapacity'
    | 'employment'
    | 'q'
    | 'sort'
    | 'order',
    string
  >
>;

export type PersonFilters = Partial<
  Record<
    'name' | 'householdNumber' | 'labourCapacity' | 'employment' | 'health' | 'ageMin' | 'ageMax' | 'siteId',
    string
  >
>;

export const registryKeys = {
  all: ['registry'] as const,
  households: (q: QueryParams) => ['registry', 'households', q] as const,
  household: (id: string, asOf?: string) => ['registry', 'household', id, asOf ?? 'today'] as const,
  timeline: (id: string) => ['registry', 'timeline', id] as const,
  persons: (q: QueryParams) => ['registry', 'persons', q] as const,
  siteSummary: (id: string) => ['registry', 'site-summary', id] as const,
};

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchHouseholds(q: QueryParams, signal?: AbortSignal): Promise<Page<HouseholdListItem>> {
  return apiRequest(`/households${toQueryString(q)}`, PageSchema(HouseholdListItemSchema), opts(signal));
}

export function fetchHousehold(id: string, asOf: string | undefined, signal?: AbortSignal): Promise<Household> {
  return apiRequest(`/households/${encodeURIComponent(id)}${toQueryString({ asOf })}`, HouseholdSchema, opts(signal));
}

export function fetchTimeline(id: string, signal?: AbortSignal): Promise<Timeline> {
  return apiRequest(`/households/${encodeURIComponent(id)}/timeline`, TimelineSchema, opts(signal));
}

export function fetchPersons(q: QueryParams, signal?: AbortSignal): Promise<Page<PersonListItem>> {
  return apiRequest(`/persons${toQueryString(q)}`, PageSchema(PersonListItemSchema), opts(signal));
}

export function fetchSiteSummary(siteId: string, signal?: AbortSignal): Promise<SiteRegistrySummary> {
  return apiRequest(`/sites/${encodeURIComponent(siteId)}/registry-summary`, SiteRegistrySummarySchema, opts(signal));
}

export function lookupPerson(idNumber: string): Promise<Person> {
  return apiRequest('/persons:lookup', PersonSchema, { method: 'POST', body: { idNumber } });
}

export function revealPerson(personId: string, input: RevealInput): Promise<RevealResult> {
  return apiRequest(`/persons/${encodeURIComponent(personId)}/reveal`, RevealResultSchema, {
    method: 'POST',
    body: input,
  });
}

/** The address of a list export (a plain GET: the browser downloads it with the session cookie). */
export function exportUrl(list: 'households' | 'persons', q: QueryParams): string {
  return `${apiBase}/${list}/export.xlsx${toQueryString(q)}`;
}
