import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Permission } from '@anzhi/contracts/permissions';
import { divisions } from '../org/org.table';
import { granting, siteInScope, siteScope, type Assignment, type SiteRef } from '../org/scope';
import { householdPairings } from '../pairings/pairings.table';
import { householdPlacement } from './registry-facts.table';
import { households } from './registry.table';

/*
 * A household belongs to the scope of its current placement (decisions.md, scope): a 集中安置 household through
 * its site (the sites' own rule: county, township, urban community, site), a 分散安置 household through its
 * destination village's township for township users (and the county for county-wide roles).
 */

const none = sql`false`;

/** Townships whose dispersed households the assignments granting the permission reach. */
function townshipsOf(assignments: readonly Assignment[], permission: Permission): string[] {
  return granting(assignments, permission)
    .filter((a) => a.kind === 'township' && a.divisionCode)
    .map((a) => a.divisionCode!);
}

/**
 * SQL condition for the households in scope. The query must left-join `sites` on `households.site_id`
 * (a dispersed household has no site row, so a site condition is null there and only the township
 * condition can admit it).
 */
export function householdScope(
  assignments: readonly Assignment[],
  permission: Permission,
  place: { placement: AnyPgColumn; destinationVillageCode: AnyPgColumn } = households,
): SQL {
  const bySite = siteScope(assignments, permission);
  const townships = townshipsOf(assignments, permission);
  if (townships.length === 0) return bySite;
  const dispersed = and(
    eq(place.placement, '分散安置'),
    inArray(
      place.destinationVillageCode,
      sql`(select ${divisions.code} from ${divisions} where ${inArray(divisions.parentCode, townships)})`,
    ),
  );
  return or(bySite, dispersed) ?? none;
}

/**
 * The same rule over a placement period (`household_placement`, left-joined with `sites` on its site): the
 * scope a household was in on the day that period covers (counts "as of a date").
 */
export function placementScope(assignments: readonly Assignment[], permission: Permission): SQL {
  return householdScope(assignments, permission, householdPlacement);
}

/** Where one household is placed, for the single-row form of the rule. */
export interface PlacementRef {
  site: SiteRef | null;
  /** Township of the destination village (分散安置). */
  destinationTownshipCode: string | null;
}

/** The same rule as householdScope, for one household already loaded. */
export function householdInScope(
  assignments: readonly Assignment[],
  permission: Permission,
  place: PlacementRef,
): boolean {
  if (place.site) return siteInScope(assignments, permission, place.site);
  return granting(assignments, permission).some(
    (a) =>
      a.kind === 'county' ||
      (a.kind === 'township' &&
        place.destinationTownshipCode !== null &&
        a.divisionCode === place.destinationTownshipCode),
  );
}

/**
 * Households a cadre reaches through records (decisions.md, scope): a help cadre (scope kind `pairing`) the
 * households currently paired with them, an origin-village cadre (`village`) the households that left their
 * village. Only for the follow-up modules (incomes, pairings) that grant these roles a permission.
 */
export function cadreHouseholdScope(assignments: readonly Assignment[], permission: Permission, userId: string): SQL {
  const conds: SQL[] = [];
  for (const a of granting(assignments, permission)) {
    if (a.kind === 'pairing')
      conds.push(
        inArray(
          households.id,
          sql`(select ${householdPairings.householdId} from ${householdPairings} where ${householdPairings.cadreUserId} = ${userId} and ${householdPairings.toDate} is null)`,
        ),
      );
    if (a.kind === 'village' && a.divisionCode) conds.push(eq(households.originVillageCode, a.divisionCode));
  }
  return conds.length === 0 ? none : (or(...conds) ?? none);
}

/** householdScope widened by cadreHouseholdScope; the query must left-join `sites` on `households.site_id`. */
export function followUpScope(assignments: readonly Assignment[], permission: Permission, userId: string): SQL {
  return or(householdScope(assignments, permission), cadreHouseholdScope(assignments, permission, userId)) ?? none;
}
