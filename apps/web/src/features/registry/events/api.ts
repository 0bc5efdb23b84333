import { HouseholdSchema, PersonSchema } from '@anzhi/contracts/registry';
import type { Household, Person } from '@anzhi/contracts/registry';
import {
  HouseholdHistorySchema,
  HousingTransactionSchema,
  PersonHistorySchema,
  SiteEventResultSchema,
} from '@anzhi/contracts/registry-events';
import type {
  EmploymentChangeInput,
  HealthChangeInput,
  HouseholdCloseInput,
  HouseholdHistory,
  HouseholdMoveInput,
  HouseholdSplitInput,
  HousingTransaction,
  HousingTransactionInput,
  LabourChangeInput,
  PersonHistory,
  PersonUpdateInput,
  RectifyInput,
  SiteCloseInput,
  SiteEventResult,
  SiteMergeInput,
} from '@anzhi/contracts/registry-events';
import { apiRequest, type ResponseSchema } from '../../../api/client';

/** Household events, person edits and dated facts, the 20-year rule's records, site merge and close. */

const household = (id: string) => `/households/${encodeURIComponent(id)}`;
const person = (id: string) => `/persons/${encodeURIComponent(id)}`;
const post = <T>(path: string, schema: ResponseSchema<T>, body: unknown) =>
  apiRequest(path, schema, { method: 'POST', body });

export const eventKeys = {
  history: (id: string) => ['registry', 'history', id] as const,
  personHistory: (id: string) => ['registry', 'person-history', id] as const,
  person: (id: string) => ['registry', 'person', id] as const,
};

export function fetchHouseholdHistory(id: string, signal?: AbortSignal): Promise<HouseholdHistory> {
  return apiRequest(`${household(id)}/history`, HouseholdHistorySchema, signal ? { signal } : {});
}

export function fetchPersonHistory(id: string, signal?: AbortSignal): Promise<PersonHistory> {
  return apiRequest(`${person(id)}/history`, PersonHistorySchema, signal ? { signal } : {});
}

export const splitHousehold = (id: string, input: HouseholdSplitInput): Promise<Household> =>
  post(`${household(id)}/split`, HouseholdSchema, input);
export const moveHousehold = (id: string, input: HouseholdMoveInput): Promise<Household> =>
  post(`${household(id)}/move`, HouseholdSchema, input);
export const closeHousehold = (id: string, input: HouseholdCloseInput): Promise<Household> =>
  post(`${household(id)}/close`, HouseholdSchema, input);
export const recordHousingTransaction = (id: string, input: HousingTransactionInput): Promise<HousingTransaction> =>
  post(`${household(id)}/housing-transactions`, HousingTransactionSchema, input);
export const rectifyHousingTransaction = (id: string, txId: string, input: RectifyInput): Promise<HousingTransaction> =>
  post(`${household(id)}/housing-transactions/${encodeURIComponent(txId)}/rectify`, HousingTransactionSchema, input);

export const updatePerson = (id: string, input: PersonUpdateInput): Promise<Person> =>
  apiRequest(person(id), PersonSchema, { method: 'PATCH', body: input });
export const changeHealth = (id: string, input: HealthChangeInput): Promise<Person> =>
  post(`${person(id)}/health`, PersonSchema, input);
export const changeLabour = (id: string, input: LabourChangeInput): Promise<Person> =>
  post(`${person(id)}/labour`, PersonSchema, input);
export const changeEmployment = (id: string, input: EmploymentChangeInput): Promise<Person> =>
  post(`${person(id)}/employment`, PersonSchema, input);

export const mergeSite = (id: string, input: SiteMergeInput): Promise<SiteEventResult> =>
  post(`/sites/${encodeURIComponent(id)}/merge`, SiteEventResultSchema, input);
export const closeSite = (id: string, input: SiteCloseInput): Promise<SiteEventResult> =>
  post(`/sites/${encodeURIComponent(id)}/close`, SiteEventResultSchema, input);

export function fetchPerson(id: string, signal?: AbortSignal): Promise<Person> {
  return apiRequest(person(id), PersonSchema, signal ? { signal } : {});
}
