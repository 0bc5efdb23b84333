import { eq, or, sql, type SQL } from 'drizzle-orm';
import {
  roleScopeKind,
  rolePermissions,
  type Permission,
  type Role,
  type ScopeKind,
} from '@anzhi/contracts/permissions';
import type { Executor } from '../../db/client';
import { roleAssignments } from '../users/users.table';
import { sites } from './org.table';

/** One role assignment as the server enforces it: the role, and the record its scope derives from. */
export interface Assignment {
  id: string;
  role: Role;
  kind: ScopeKind;
  divisionCode: string | null;
  siteId: string | null;
  unitId: string | null;
}

export async function assignmentsOfUser(ex: Executor, userId: string): Promise<Assignment[]> {
  const rows = await ex.select().from(roleAssignments).where(eq(roleAssignments.userId, userId));
  return rows.map((r) => ({
    id: r.id,
    role: r.role as Role,
    kind: roleScopeKind[r.role as Role],
    divisionCode: r.divisionCode,
    siteId: r.siteId,
    unitId: r.unitId,
  }));
}

/**
 * The assignments through which the user holds a permission. A township clerk who is also a site chief
 * acts on the township as clerk and on the site only as far as a site chief may.
 */
export function granting(assignments: readonly Assignment[], permission: Permission): Assignment[] {
  return assignments.filter((a) => rolePermissions[a.role].includes(permission));
}

const none = sql`false`;

/** SQL condition on `sites` for the sites an assignment reaches; undefined means every site. */
function siteConditionOf(a: Assignment): SQL | undefined {
  switch (a.kind) {
    case 'county':
      return undefined;
    case 'township':
      return a.divisionCode ? eq(sites.townshipCode, a.divisionCode) : none;
    case 'urban':
      return eq(sites.urbanCommunity, true);
    case 'site':
      return a.siteId ? eq(sites.id, a.siteId) : none;
    default:
      return none;
  }
}

/** The sites the user may act on with this permission, as one SQL condition (undefined: all). */
export function siteScope(assignments: readonly Assignment[], permission: Permission): SQL {
  const conds: SQL[] = [];
  for (const a of granting(assignments, permission)) {
    const c = siteConditionOf(a);
    if (c === undefined) return sql`true`;
    conds.push(c);
  }
  return conds.length === 0 ? none : (or(...conds) ?? none);
}

export interface SiteRef {
  id: string;
  townshipCode: string;
  urbanCommunity: boolean;
}

/** The same rule as siteScope, for one site already loaded. */
export function siteInScope(assignments: readonly Assignment[], permission: Permission, site: SiteRef): boolean {
  return granting(assignments, permission).some((a) => {
    switch (a.kind) {
      case 'county':
        return true;
      case 'township':
        return a.divisionCode === site.townshipCode;
      case 'urban':
        return site.urbanCommunity;
      case 'site':
        return a.siteId === site.id;
      default:
        return false;
    }
  });
}

/** True when some assignment granting the permission covers the whole county. */
export function hasCountyScope(assignments: readonly Assignment[], permission: Permission): boolean {
  return granting(assignments, permission).some((a) => a.kind === 'county');
}
