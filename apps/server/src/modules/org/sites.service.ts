import { and, asc, count, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Site, SiteInput } from '@anzhi/contracts/org';
import { siteTypes } from '@anzhi/contracts/org';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { registryCountsOfSites } from '../registry/households.service';
import { roleAssignments, users } from '../users/users.table';
import { getDivision } from './divisions.service';
import { divisions, sites } from './org.table';
import { siteInScope, siteScope } from './scope';

type SiteRow = typeof sites.$inferSelect;
const township = alias(divisions, 'township');
const village = alias(divisions, 'village');

async function loadPeople(ex: Executor, siteIds: string[]) {
  if (siteIds.length === 0) return [];
  return ex
    .select({
      siteId: roleAssignments.siteId,
      role: roleAssignments.role,
      userId: users.id,
      displayName: users.displayName,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(inArray(roleAssignments.siteId, siteIds), eq(users.active, true)));
}

async function presentMany(
  deps: Deps,
  auth: AuthState,
  rows: { site: SiteRow; townshipName: string; villageName: string | null }[],
): Promise<Site[]> {
  const people = await loadPeople(
    deps.db,
    rows.map((r) => r.site.id),
  );
  const resettled = await registryCountsOfSites(
    deps,
    rows.map((r) => r.site.id),
  );
  return rows.map(({ site, townshipName, villageName }) => {
    const mine = people.filter((p) => p.siteId === site.id);
    const pick = (role: string) =>
      mine.filter((p) => p.role === role).map((p) => ({ userId: p.userId, displayName: p.displayName }));
    return {
      id: site.id,
      name: site.name,
      townshipCode: site.townshipCode,
      townshipName,
      villageCode: site.villageCode,
      villageName,
      type: site.type as Site['type'],
      address: site.address,
      latitude: site.latitude,
      longitude: site.longitude,
      hasCommittee: site.hasCommittee,
      serviceWindow: site.serviceWindow,
      facilities: site.facilities,
      urbanCommunity: site.urbanCommunity,
      status: site.status as Site['status'],
      chiefs: pick('site_chief'),
      managers: pick('site_manager'),
      households: resettled.get(site.id)?.households ?? 0,
      persons: resettled.get(site.id)?.persons ?? 0,
      abilities: { update: siteInScope(auth.assignments, 'site.manage', site) },
    };
  });
}

function selectSites(ex: Executor) {
  return ex
    .select({ site: sites, townshipName: township.name, villageName: village.name })
    .from(sites)
    .innerJoin(township, eq(township.code, sites.townshipCode))
    .leftJoin(village, eq(village.code, sites.villageCode));
}

export async function listSites(
  deps: Deps,
  auth: AuthState,
  q: {
    townshipCode?: string | undefined;
    q?: string | undefined;
    status?: 'active' | 'closed' | undefined;
    page: number;
    pageSize: number;
  },
) {
  const where: SQL[] = [siteScope(auth.assignments, 'site.read')];
  if (q.townshipCode) where.push(eq(sites.townshipCode, q.townshipCode));
  if (q.q) where.push(ilike(sites.name, `%${q.q}%`));
  if (q.status) where.push(eq(sites.status, q.status));
  const cond = and(...where);
  const [total] = await deps.db.select({ n: count() }).from(sites).where(cond);
  const rows = await selectSites(deps.db)
    .where(cond)
    .orderBy(asc(sites.townshipCode), asc(sites.name))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await presentMany(deps, auth, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Out of scope is invisible: 404, exactly as if the site did not exist. */
export async function getSite(deps: Deps, auth: AuthState, id: string): Promise<Site> {
  const [row] = await selectSites(deps.db).where(eq(sites.id, id)).limit(1);
  if (!row || !siteInScope(auth.assignments, 'site.read', row.site)) throw notFound('安置点');
  const [site] = await presentMany(deps, auth, [row]);
  return site!;
}

async function validatePlace(
  ex: Executor,
  countyCode: string,
  townshipCode: string,
  villageCode: string | null | undefined,
) {
  const t = await getDivision(ex, townshipCode);
  if (!t || t.level !== 'township' || t.countyCode !== countyCode) {
    throw new AppError('VALIDATION_FAILED', '所属乡镇无效：请从本县乡镇中选择', [
      { path: 'townshipCode', message: '所属乡镇无效' },
    ]);
  }
  if (villageCode) {
    const v = await getDivision(ex, villageCode);
    if (!v || v.level !== 'village' || v.parentCode !== townshipCode) {
      throw new AppError('VALIDATION_FAILED', `村（社区）不属于${t.name}`, [
        { path: 'villageCode', message: `村（社区）不属于${t.name}` },
      ]);
    }
  }
}

export async function createSite(deps: Deps, auth: AuthState, actor: ActorContext, input: SiteInput): Promise<Site> {
  if (input.id) {
    const [existing] = await deps.db.select().from(sites).where(eq(sites.id, input.id)).limit(1);
    if (existing) return getSite(deps, auth, existing.id); // replayed create
  }
  if (!siteTypes.includes(input.type)) throw new AppError('VALIDATION_FAILED', '安置点类型无效');
  await validatePlace(deps.db, deps.config.countyCode, input.townshipCode, input.villageCode);
  const id = input.id ?? uuidv7();
  const candidate = { id, townshipCode: input.townshipCode, urbanCommunity: input.urbanCommunity };
  if (!siteInScope(auth.assignments, 'site.manage', candidate)) {
    throw new AppError('FORBIDDEN', '只能在本人负责的乡镇（或城市社区）范围内新建安置点');
  }
  await assertNameFree(deps.db, input.townshipCode, input.name, null);
  await auditedTransaction(deps.db, deps.clock, actor, 'site.create', async (tx, audit) => {
    const now = deps.clock.now();
    const values = {
      id,
      name: input.name,
      countyCode: deps.config.countyCode,
      townshipCode: input.townshipCode,
      villageCode: input.villageCode ?? null,
      type: input.type,
      address: input.address ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      hasCommittee: input.hasCommittee,
      serviceWindow: input.serviceWindow ?? null,
      facilities: input.facilities ?? null,
      urbanCommunity: input.urbanCommunity,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(sites).values(values);
    audit.entity('site', id, null, values);
  });
  return getSite(deps, auth, id);
}

async function assertNameFree(ex: Executor, townshipCode: string, name: string, exceptId: string | null) {
  const same = await ex
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.townshipCode, townshipCode), eq(sites.name, name), eq(sites.status, 'active')));
  if (same.some((s) => s.id !== exceptId)) throw new AppError('CONFLICT', `本乡镇已有名为“${name}”的安置点`);
}

export async function updateSite(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  patch: Partial<SiteInput>,
): Promise<Site> {
  const [before] = await deps.db.select().from(sites).where(eq(sites.id, id)).limit(1);
  if (!before || !siteInScope(auth.assignments, 'site.read', before)) throw notFound('安置点');
  if (!siteInScope(auth.assignments, 'site.manage', before))
    throw new AppError('FORBIDDEN', '您对该安置点只有查看权限');
  const next = {
    ...before,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  };
  await validatePlace(deps.db, deps.config.countyCode, next.townshipCode, next.villageCode);
  if (!siteInScope(auth.assignments, 'site.manage', next))
    throw new AppError('FORBIDDEN', '不能把安置点移出本人负责的范围');
  if (next.name !== before.name || next.townshipCode !== before.townshipCode)
    await assertNameFree(deps.db, next.townshipCode, next.name, id);
  await auditedTransaction(deps.db, deps.clock, actor, 'site.update', async (tx, audit) => {
    const { id: _id, createdAt: _c, ...rest } = next;
    await tx
      .update(sites)
      .set({ ...rest, updatedAt: deps.clock.now() })
      .where(eq(sites.id, id));
    audit.entity('site', id, before, next);
  });
  return getSite(deps, auth, id);
}
