import type { HouseholdListItem, HouseholdQuery } from '@anzhi/contracts/registry';
import type { PersonListItem, PersonQuery, SiteRegistrySummary } from '@anzhi/contracts/registry-views';
import { householdCategories, labourCapacities } from '@anzhi/contracts/registry';
import type { Permission } from '@anzhi/contracts/permissions';
import { and, type SQL } from 'drizzle-orm';
import { addDays } from '@anzhi/domain/periods';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors/app-error';
import { siteInScope } from '../org/scope';
import { findSiteRef } from './households.repository';
import { countsBySiteAsOf } from './registry-facts.repository';
import { todayOf } from './persons.service';
import { presentHouseholdListItem } from './registry.presenter';
import { presentPersonListItem } from './registry-views.presenter';
import {
  countHouseholdRows,
  countPersonRows,
  householdRows,
  personRows,
  siteRegistryCounts,
  type HouseholdFilter,
  type PersonFilter,
} from './registry-lists.repository';
import { householdScope } from './registry.scope';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

type HouseholdFilterInput = Omit<HouseholdQuery, 'page' | 'pageSize' | 'sort' | 'order'>;
type PersonFilterInput = Omit<PersonQuery, 'page' | 'pageSize'>;

/** The scope of all the permissions given (an export with full numbers needs person.reveal over each row too). */
export function scopeOf(auth: AuthState, permissions: readonly Permission[]): SQL {
  return and(...permissions.map((p) => householdScope(auth.assignments, p)))!;
}

export function householdFilter(deps: Deps, scope: SQL, q: HouseholdFilterInput): HouseholdFilter {
  return {
    countyCode: deps.config.countyCode,
    scope,
    townshipCode: q.townshipCode,
    siteId: q.siteId,
    category: q.category,
    placement: q.placement,
    monitoringStatus: q.monitoringStatus,
    labourCapacity: q.labourCapacity,
    employment: q.employment,
    q: q.q,
  };
}

/** A birthday on or before this day makes a person at least `years` old on `today`. */
function bornBy(today: string, years: number): string {
  const y = Number(today.slice(0, 4)) - years;
  const md = today.slice(5);
  // 29 February in a year without it: the birthday falls on 1 March, so 28 February is not yet.
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}

export function personFilter(deps: Deps, scope: SQL, q: PersonFilterInput): PersonFilter {
  const today = todayOf(deps);
  return {
    countyCode: deps.config.countyCode,
    scope,
    name: q.name,
    householdNumber: q.householdNumber,
    townshipCode: q.townshipCode,
    siteId: q.siteId,
    labourCapacity: q.labourCapacity,
    employment: q.employment,
    health: q.health,
    // Age ≥ min: born on or before today minus min years; age ≤ max: born after today minus (max + 1) years.
    bornOnOrBefore: q.ageMin === undefined ? undefined : bornBy(today, q.ageMin),
    bornOnOrAfter: q.ageMax === undefined ? undefined : addDays(bornBy(today, q.ageMax + 1), 1),
  };
}

export async function listHouseholds(
  deps: Deps,
  auth: AuthState,
  q: HouseholdQuery,
): Promise<Paged<HouseholdListItem>> {
  const today = todayOf(deps);
  const filter = householdFilter(deps, householdScope(auth.assignments, 'household.read'), q);
  const [total, rows] = await Promise.all([
    countHouseholdRows(deps.db, filter, today),
    householdRows(deps.db, filter, today, {
      sort: q.sort,
      order: q.order,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    }),
  ]);
  return {
    items: rows.map((r) => presentHouseholdListItem(r, deps.cipher)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Current members of the households in the caller's scope (masked numbers, ages). */
export async function listPersons(deps: Deps, auth: AuthState, q: PersonQuery): Promise<Paged<PersonListItem>> {
  const today = todayOf(deps);
  const filter = personFilter(deps, householdScope(auth.assignments, 'household.read'), q);
  const [total, rows] = await Promise.all([
    countPersonRows(deps.db, filter, today),
    personRows(deps.db, filter, today, q.pageSize, (q.page - 1) * q.pageSize),
  ]);
  return {
    items: rows.map((r) => presentPersonListItem(r, deps.cipher, today)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Live counts of one site (derived from the registry, never typed); a site out of scope is 404. */
export async function siteRegistrySummary(deps: Deps, auth: AuthState, siteId: string): Promise<SiteRegistrySummary> {
  const site = await findSiteRef(deps.db, siteId);
  if (!site || site.countyCode !== deps.config.countyCode || !siteInScope(auth.assignments, 'household.read', site))
    throw notFound('安置点');
  const today = todayOf(deps);
  const [totals, counts] = await Promise.all([
    countsBySiteAsOf(deps.db, deps.config.countyCode, [siteId], today),
    siteRegistryCounts(deps.db, siteId, today),
  ]);
  const total = totals.get(siteId) ?? { households: 0, persons: 0 };
  const labour = new Map(counts.byLabour.map((r) => [r.value, r]));
  const category = new Map(counts.byCategory.map((r) => [r.value, r.count]));
  return {
    siteId,
    asOf: today,
    households: total.households,
    persons: total.persons,
    byCategory: householdCategories.map((value) => ({ value, count: category.get(value) ?? 0 })),
    byLabourCapacity: labourCapacities.map((value) => ({ value, count: labour.get(value)?.count ?? 0 })),
    labourers: counts.canWork.reduce((n, v) => n + (labour.get(v)?.count ?? 0), 0),
    employed: counts.byLabour.reduce((n, r) => n + r.employed, 0),
    householdsWithoutEmployment: counts.householdsWithoutEmployment,
  };
}
