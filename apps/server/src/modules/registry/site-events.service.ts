import type { SiteCloseInput, SiteEventResult, SiteMergeInput } from '@anzhi/contracts/registry-events';
import type { Tx } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { siteInScope } from '../org/scope';
import { applyMove, type EventContext } from './household-events.service';
import { todayOf } from './persons.service';
import { placementValuesOf } from './registry-facts';
import { openPlacementsAtSite } from './registry-facts.repository';
import { findSite, setSiteClosed, type SiteRow } from './site-events.repository';
import { checkNotAfter, validationFailed } from './registry.validation';

/*
 * 安置点合并 and 撤销 (domain.md §2): a merge moves every household of the site to the target on the date (a dated
 * placement change for each, so counts before the date stay at the old site) and closes the site; a site closes
 * on its own only when nobody lives there any more.
 */

/** A site the caller may manage (site.manage in scope); out of scope is 404. */
async function loadManagedSite(deps: Deps, auth: AuthState, id: string, label = '安置点'): Promise<SiteRow> {
  const site = await findSite(deps.db, id);
  if (!site || site.countyCode !== deps.config.countyCode || !siteInScope(auth.assignments, 'site.read', site))
    throw notFound(label);
  if (!siteInScope(auth.assignments, 'site.manage', site) || !siteInScope(auth.assignments, 'household.write', site))
    throw new AppError('FORBIDDEN', `您对${label}只有查看权限`);
  if (site.status !== 'active') throw new AppError('CONFLICT', `${label}已于 ${site.closedOn ?? ''} 撤销`);
  return site;
}

function result(site: SiteRow, moved: number): SiteEventResult {
  return {
    siteId: site.id,
    status: site.status as SiteEventResult['status'],
    closedOn: site.closedOn,
    mergedIntoSiteId: site.mergedIntoSiteId,
    movedHouseholds: moved,
  };
}

/** Moves every household of `from` to `to` on `date` and closes `from` (used by the service and the demo). */
export async function applySiteMerge(tx: Tx, ctx: EventContext, from: SiteRow, to: SiteRow, date: string) {
  const open = await openPlacementsAtSite(tx, from.id);
  for (const { placement } of open) {
    const target = { ...placementValuesOf(placement), siteId: to.id };
    await applyMove(tx, ctx, placement.householdId, placement, target, date, {
      reason: '安置点合并',
      mergedSiteId: from.id,
    });
  }
  await setSiteClosed(tx, from.id, { closedOn: date, mergedIntoSiteId: to.id }, ctx.now);
  return open.length;
}

export async function mergeSite(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: SiteMergeInput,
): Promise<SiteEventResult> {
  const from = await loadManagedSite(deps, auth, id);
  if (input.targetSiteId === id) throw validationFailed([{ path: 'targetSiteId', message: '不能合并到自身' }]);
  const to = await loadManagedSite(deps, auth, input.targetSiteId, '合并到的安置点');
  const errors: { path: string; message: string }[] = [];
  checkNotAfter(input.date, todayOf(deps), 'date', '合并日期', errors);
  const open = await openPlacementsAtSite(deps.db, id);
  const blocking = open.filter((o) => o.placement.validFrom >= input.date);
  if (blocking.length > 0)
    errors.push({
      path: 'date',
      message: `合并日期应晚于这些户入住本点的日期：${blocking
        .slice(0, 5)
        .map((b) => `${b.householdNumber}（${b.placement.validFrom}）`)
        .join('、')}`,
    });
  if (errors.length > 0) throw validationFailed(errors);
  const moved = await auditedTransaction(deps.db, deps.clock, actor, 'site.merge', async (tx, audit) => {
    const ctx = { countyCode: deps.config.countyCode, now: deps.clock.now(), actor };
    const n = await applySiteMerge(tx, ctx, from, to, input.date);
    audit.entity(
      'site',
      id,
      { status: from.status },
      { status: 'closed', closedOn: input.date, mergedIntoSiteId: to.id, movedHouseholds: n, note: input.note ?? null },
    );
    return n;
  });
  return result((await findSite(deps.db, id))!, moved);
}

export async function closeSite(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: SiteCloseInput,
): Promise<SiteEventResult> {
  const site = await loadManagedSite(deps, auth, id);
  const errors: { path: string; message: string }[] = [];
  checkNotAfter(input.date, todayOf(deps), 'date', '撤销日期', errors);
  if (errors.length > 0) throw validationFailed(errors);
  const open = await openPlacementsAtSite(deps.db, id);
  if (open.length > 0)
    throw new AppError(
      'CONFLICT',
      `该安置点仍有 ${open.length} 户居住，不能撤销：请先将这些户迁出，或将安置点合并到其他安置点`,
    );
  await auditedTransaction(deps.db, deps.clock, actor, 'site.close', async (tx, audit) => {
    await setSiteClosed(tx, id, { closedOn: input.date, mergedIntoSiteId: null }, deps.clock.now());
    audit.entity(
      'site',
      id,
      { status: site.status },
      { status: 'closed', closedOn: input.date, note: input.note ?? null },
    );
  });
  return result((await findSite(deps.db, id))!, 0);
}
