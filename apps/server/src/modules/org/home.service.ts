import { and, count, countDistinct, eq } from 'drizzle-orm';
import type { HomeSummary } from '@anzhi/contracts/org';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { users } from '../users/users.table';
import { scopeLabel } from '../users/role-assignments.service';
import { sites, units } from './org.table';
import { hasCountyScope, siteScope } from './scope';
import { divisions } from './org.table';
import { registrySummary } from '../registry/households.service';

/** Counts in the viewer's scope for the home page (the registry's figures join when it exists). */
export async function homeSummary(deps: Deps, auth: AuthState): Promise<HomeSummary> {
  const inScope = and(siteScope(auth.assignments, 'site.read'), eq(sites.status, 'active'));
  const [s] = await deps.db
    .select({ n: count(), townships: countDistinct(sites.townshipCode) })
    .from(sites)
    .where(inScope);
  const [u] = auth.permissions.includes('user.read')
    ? await deps.db.select({ n: count() }).from(users).where(eq(users.active, true))
    : [];
  const [un] = await deps.db.select({ n: count() }).from(units).where(eq(units.active, true));
  const labels = await Promise.all(
    auth.assignments.map(async (a) => {
      const [d] = a.divisionCode
        ? await deps.db.select({ name: divisions.name }).from(divisions).where(eq(divisions.code, a.divisionCode))
        : [];
      const [site] = a.siteId
        ? await deps.db.select({ name: sites.name }).from(sites).where(eq(sites.id, a.siteId))
        : [];
      const [unit] = a.unitId
        ? await deps.db.select({ name: units.name }).from(units).where(eq(units.id, a.unitId))
        : [];
      return scopeLabel(a.role, {
        divisionName: d?.name ?? null,
        siteName: site?.name ?? null,
        unitName: unit?.name ?? null,
      });
    }),
  );
  const registry = await registrySummary(deps, auth);
  return {
    scopeLabel: hasCountyScope(auth.assignments, 'site.read') ? '全县' : [...new Set(labels)].join('、') || '—',
    sites: s?.n ?? 0,
    townships: s?.townships ?? 0,
    users: u?.n ?? null,
    units: un?.n ?? 0,
    households: registry?.households ?? null,
    persons: registry?.persons ?? null,
  };
}
