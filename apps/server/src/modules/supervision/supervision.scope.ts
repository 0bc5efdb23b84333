import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { rolePermissions, type Permission } from '@anzhi/contracts/permissions';
import type { Executor } from '../../db/client';
import { units } from '../org/org.table';
import { granting, type Assignment } from '../org/scope';
import { roleAssignments, users } from '../users/users.table';

/*
 * Users act for units through their role assignments (decisions.md, scope): a department or lead-unit account
 * through the assignment's unit, a township account through its township's 党委、政府 unit, the urban community
 * account through the 城市社区党工委、管委会 (its assignment's unit, or the committee when none is named).
 */

/** Units the user acts for through the assignments granting `permission`; `all` for county-wide assignments. */
export interface ActingUnits {
  all: boolean;
  unitIds: string[];
}

export async function actingUnits(
  ex: Executor,
  assignments: readonly Assignment[],
  permission: Permission,
): Promise<ActingUnits> {
  const held = granting(assignments, permission);
  const ids = new Set<string>();
  const townships: string[] = [];
  let urban = false;
  for (const a of held) {
    if (a.unitId) ids.add(a.unitId);
    else if (a.kind === 'township' && a.divisionCode) townships.push(a.divisionCode);
    else if (a.kind === 'urban') urban = true;
  }
  const conds: SQL[] = [];
  if (townships.length) conds.push(and(eq(units.kind, 'township'), inArray(units.divisionCode, townships))!);
  if (urban) conds.push(eq(units.kind, 'community_committee'));
  if (conds.length) {
    const rows = await ex
      .select({ id: units.id })
      .from(units)
      .where(or(...conds));
    for (const r of rows) ids.add(r.id);
  }
  return { all: held.some((a) => a.kind === 'county'), unitIds: [...ids] };
}

/**
 * The active users who act for any of the units (the reverse of {@link actingUnits}), holding `permission`
 * through that assignment's role.
 */
export async function usersOfUnits(
  ex: Executor,
  unitIds: readonly string[],
  permission: Permission,
): Promise<string[]> {
  const roles = Object.entries(rolePermissions)
    .filter(([, perms]) => perms.includes(permission))
    .map(([role]) => role);
  if (unitIds.length === 0) return [];
  const unitRows = await ex
    .select()
    .from(units)
    .where(inArray(units.id, [...unitIds]));
  const townshipCodes = unitRows.filter((u) => u.kind === 'township' && u.divisionCode).map((u) => u.divisionCode!);
  const committee = unitRows.some((u) => u.kind === 'community_committee');
  const conds: SQL[] = [inArray(roleAssignments.unitId, [...unitIds])];
  if (townshipCodes.length)
    conds.push(
      and(
        eq(roleAssignments.role, 'township'),
        inArray(roleAssignments.divisionCode, townshipCodes),
        sql`${roleAssignments.unitId} is null`,
      )!,
    );
  if (committee) conds.push(and(eq(roleAssignments.role, 'urban_community'), sql`${roleAssignments.unitId} is null`)!);
  const rows = await ex
    .selectDistinct({ id: users.id })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(users.active, true), inArray(roleAssignments.role, roles), or(...conds)));
  return rows.map((r) => r.id);
}

/** Active users holding a role (county-wide escalation: the county_lead role). */
export async function usersWithRole(ex: Executor, role: string): Promise<string[]> {
  const rows = await ex
    .selectDistinct({ id: users.id })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(users.active, true), eq(roleAssignments.role, role)));
  return rows.map((r) => r.id);
}
