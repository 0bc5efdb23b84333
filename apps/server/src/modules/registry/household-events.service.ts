import type { FieldError } from '@anzhi/contracts/errors';
import type { Household } from '@anzhi/contracts/registry';
import type {
  HouseholdCloseInput,
  HouseholdHistory,
  HouseholdMoveInput,
  HouseholdSplitInput,
  PlacementInput,
} from '@anzhi/contracts/registry-events';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import {
  closeMembership,
  householdExists,
  householdNumberTaken,
  insertHousehold,
  insertMembers,
  type HouseholdWithPlace,
  type NewMember,
} from './households.repository';
import { assertWritable, getHousehold, loadHouseholdInScope, resolvePlacement } from './households.service';
import { housingLockOf } from './housing-lock.service';
import { todayOf } from './persons.service';
import { placementRow, placementValuesOf, type PlacementValues } from './registry-facts';
import {
  endPlacement,
  eventsOf,
  housingTransactionsOf,
  insertEvents,
  insertPlacement,
  openMembershipsOf,
  placeNames,
  placementsOf,
  setHouseholdClosed,
  setHouseholdPlacement,
  type NewEvent,
  type PlacementRow,
} from './registry-facts.repository';
import { presentEvent, presentHousingTransaction } from './registry-events.presenter';
import { rethrowUniqueViolation } from './registry.errors';
import { householdInScope } from './registry.scope';
import { checkNotAfter, validationFailed } from './registry.validation';

/*
 * Household events (domain.md §2; issue item 2): 分户, 迁移, 注销. Each is one audited transaction with an effective
 * date that ends the facts in force and opens the next ones, so every "as of" read (counts of later months) follows
 * it. Effective dates are never in the future, which keeps the cache columns on the household row equal to the
 * facts in force today.
 */

export interface EventContext {
  countyCode: string;
  now: Date;
  actor: ActorContext;
}

export function eventRow(
  ctx: EventContext,
  householdId: string,
  kind: string,
  effectiveDate: string,
  payload: Record<string, unknown>,
): NewEvent {
  return {
    id: uuidv7(),
    countyCode: ctx.countyCode,
    householdId,
    kind,
    effectiveDate,
    payload,
    actorId: ctx.actor.actorId,
    actorName: ctx.actor.actorName,
    createdAt: ctx.now,
  };
}

/** A closed (注销) household takes no more events. */
export function assertOpen(h: HouseholdWithPlace): void {
  if (h.household.status === 'closed')
    throw new AppError('CONFLICT', `该户已于 ${h.household.closedOn ?? ''} 注销，不能再办理变动`);
}

/** The open placement period; a live, open household always has one. */
async function openPlacementOf(ex: Executor, householdId: string): Promise<PlacementRow> {
  const open = (await placementsOf(ex, householdId)).find((p) => p.validTo === null);
  if (!open) throw new AppError('CONFLICT', '该户没有当前的安置信息，请先核实数据（数据质量）');
  return open;
}

function checkEventDate(date: string, today: string, after: string, label: string, errors: FieldError[]) {
  checkNotAfter(date, today, 'date', label, errors);
  if (date <= after) errors.push({ path: 'date', message: `${label}应晚于 ${after}（当前记录的起始日期）` });
}

/** "城南幸福家园 3栋2单元1203" or the village's name, for the readable from/to of a move. */
async function describePlacements(ex: Executor, list: PlacementValues[]): Promise<string[]> {
  const names = await placeNames(
    ex,
    list.flatMap((p) => (p.siteId ? [p.siteId] : [])),
    list.flatMap((p) => (p.destinationVillageCode ? [p.destinationVillageCode] : [])),
  );
  return list.map((p) =>
    p.siteId
      ? `${names.site.get(p.siteId) ?? '安置点'}${[p.building, p.unit, p.room].filter(Boolean).join('')}`
      : `${names.village.get(p.destinationVillageCode ?? '') ?? '安置村未填'}（分散安置）`,
  );
}

/** Ends the placement read before the transaction; if another event ended it first, nothing is overwritten. */
async function endOpenPlacement(tx: Tx, id: string, date: string): Promise<void> {
  if (!(await endPlacement(tx, id, date)))
    throw new AppError('CONFLICT', '该户的安置信息刚刚已被他人变更，请刷新后重试');
}

// ---------------------------------------------------------------------------------------------
// Apply: the writes of each event inside a transaction (used by the services and the demo)
// ---------------------------------------------------------------------------------------------

/** Ends the open placement on `date`, opens `target` from `date`, updates the cache, records the event. */
export async function applyMove(
  tx: Tx,
  ctx: EventContext,
  householdId: string,
  open: PlacementRow,
  target: PlacementValues,
  date: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const [from, to] = await describePlacements(tx, [placementValuesOf(open), target]);
  await endOpenPlacement(tx, open.id, date);
  await insertPlacement(tx, [placementRow(ctx.countyCode, householdId, target, date, ctx.now)]);
  await setHouseholdPlacement(tx, householdId, target, ctx.now);
  await insertEvents(tx, [
    eventRow(ctx, householdId, 'move', date, {
      ...extra,
      from,
      to,
      fromSiteId: open.siteId,
      toSiteId: target.siteId,
      fromVillageCode: open.destinationVillageCode,
      toVillageCode: target.destinationVillageCode,
    }),
  ]);
}

/** Ends the placement and every open membership on `date`; the household stops counting from that day. */
export async function applyClose(
  tx: Tx,
  ctx: EventContext,
  householdId: string,
  open: PlacementRow,
  date: string,
  reason: string,
  note: string | null,
): Promise<string[]> {
  const members = await openMembershipsOf(tx, householdId);
  for (const m of members) await closeMembership(tx, m.id, date, '户注销');
  await endOpenPlacement(tx, open.id, date);
  await setHouseholdClosed(tx, householdId, { closedOn: date, closedReason: reason }, ctx.now);
  const personIds = members.map((m) => m.personId);
  await insertEvents(tx, [eventRow(ctx, householdId, 'close', date, { reason, note, personIds })]);
  return personIds;
}

export interface SplitPlan {
  from: HouseholdWithPlace;
  newHouseholdId: string;
  householdNumber: string;
  date: string;
  /** The memberships that end, with the relation each person takes in the new household. */
  moving: { memberId: string; personId: string; relation: string }[];
  /** The old household's new head, when the old head leaves. */
  remainingHead: { memberId: string; personId: string } | null;
  placement: PlacementValues;
  note: string | null;
}

/** Creates the new household (same category, year and origin) with the chosen members, from `date`. */
export async function applySplit(tx: Tx, ctx: EventContext, plan: SplitPlan): Promise<void> {
  const old = plan.from.household;
  const county = ctx.countyCode;
  const rows: NewMember[] = plan.moving.map((m) => ({
    id: uuidv7(),
    countyCode: county,
    householdId: plan.newHouseholdId,
    personId: m.personId,
    relation: m.relation,
    validFrom: plan.date,
    joinReason: '分户',
  }));
  for (const m of plan.moving) await closeMembership(tx, m.memberId, plan.date, '分户');
  if (plan.remainingHead) {
    await closeMembership(tx, plan.remainingHead.memberId, plan.date, '户主变更');
    rows.push({
      id: uuidv7(),
      countyCode: county,
      householdId: old.id,
      personId: plan.remainingHead.personId,
      relation: '户主',
      validFrom: plan.date,
      joinReason: '户主变更',
    });
  }
  await insertHousehold(tx, {
    id: plan.newHouseholdId,
    countyCode: county,
    householdNumber: plan.householdNumber,
    category: old.category,
    relocationYear: old.relocationYear,
    originVillageCode: old.originVillageCode,
    ...plan.placement,
    housingType: old.housingType,
    monitoringStatus: old.monitoringStatus,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await insertMembers(tx, rows);
  await insertPlacement(tx, [placementRow(county, plan.newHouseholdId, plan.placement, plan.date, ctx.now)]);
  const personIds = plan.moving.map((m) => m.personId);
  await insertEvents(tx, [
    eventRow(ctx, old.id, 'split', plan.date, {
      newHouseholdId: plan.newHouseholdId,
      newHouseholdNumber: plan.householdNumber,
      personIds,
      remainingHeadPersonId: plan.remainingHead?.personId ?? null,
      note: plan.note,
    }),
    eventRow(ctx, plan.newHouseholdId, 'split_from', plan.date, {
      fromHouseholdId: old.id,
      fromHouseholdNumber: old.householdNumber,
      personIds,
      note: plan.note,
    }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

async function loadForEvent(deps: Deps, auth: AuthState, id: string) {
  const h = await loadHouseholdInScope(deps.db, auth, id);
  assertWritable(auth, h);
  assertOpen(h);
  return { h, open: await openPlacementOf(deps.db, id) };
}

/** The target placement checked like a new household's (site active in this county, or a village of it). */
async function resolveTarget(deps: Deps, auth: AuthState, h: HouseholdWithPlace, input: PlacementInput) {
  const errors: FieldError[] = [];
  const place = await resolvePlacement(deps, { ...input, originVillageCode: h.household.originVillageCode }, errors);
  if (input.placement === '分散安置' && (input.building || input.unit || input.room))
    errors.push({ path: 'building', message: '分散安置的户不填楼栋、单元、房号' });
  if (errors.length > 0) throw validationFailed(errors);
  if (!householdInScope(auth.assignments, 'household.write', place!))
    throw new AppError('FORBIDDEN', '只能迁入本人负责的范围（跨乡镇迁移请由县级用户办理）');
  return placementValuesOf(input);
}

function ctxOf(deps: Deps, actor: ActorContext): EventContext {
  return { countyCode: deps.config.countyCode, now: deps.clock.now(), actor };
}

export async function moveHousehold(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: HouseholdMoveInput,
): Promise<Household> {
  const { h, open } = await loadForEvent(deps, auth, id);
  const target = await resolveTarget(deps, auth, h, input);
  const errors: FieldError[] = [];
  checkEventDate(input.date, todayOf(deps), open.validFrom, '迁移日期', errors);
  const same = JSON.stringify(placementValuesOf(open)) === JSON.stringify(target);
  if (same) errors.push({ path: 'siteId', message: '迁入地与当前安置相同' });
  if (errors.length > 0) throw validationFailed(errors);
  await auditedTransaction(deps.db, deps.clock, actor, 'household.move', async (tx, audit) => {
    try {
      await applyMove(tx, ctxOf(deps, actor), id, open, target, input.date, {
        reason: '迁移',
        note: input.note ?? null,
      });
    } catch (err) {
      rethrowUniqueViolation(err);
    }
    audit.entity('household', id, { placement: placementValuesOf(open) }, { placement: target, date: input.date });
  });
  return getHousehold(deps, auth, id);
}

export async function closeHousehold(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: HouseholdCloseInput,
): Promise<Household> {
  const { h, open } = await loadForEvent(deps, auth, id);
  const members = await openMembershipsOf(deps.db, id);
  const latest = [open.validFrom, ...members.map((m) => m.validFrom)].reduce((a, b) => (a > b ? a : b));
  const errors: FieldError[] = [];
  checkEventDate(input.date, todayOf(deps), latest, '注销日期', errors);
  if (errors.length > 0) throw validationFailed(errors);
  await auditedTransaction(deps.db, deps.clock, actor, 'household.close', async (tx, audit) => {
    const personIds = await applyClose(tx, ctxOf(deps, actor), id, open, input.date, input.reason, input.note ?? null);
    audit.entity(
      'household',
      id,
      { status: h.household.status },
      { status: 'closed', closedOn: input.date, closedReason: input.reason, note: input.note ?? null, personIds },
    );
  });
  return getHousehold(deps, auth, id);
}

/** Checks a split request against the household's members today and builds the plan. */
async function planSplit(
  deps: Deps,
  auth: AuthState,
  h: HouseholdWithPlace,
  open: PlacementRow,
  input: HouseholdSplitInput,
  newHouseholdId: string,
): Promise<SplitPlan> {
  const members = await openMembershipsOf(deps.db, h.household.id);
  const errors: FieldError[] = [];
  const latest = members.reduce((a, m) => (m.validFrom > a ? m.validFrom : a), '0000-01-01');
  checkEventDate(input.date, todayOf(deps), latest, '分户日期', errors);
  const byPerson = new Map(members.map((m) => [m.personId, m]));
  input.members.forEach((m, i) => {
    if (!byPerson.has(m.personId)) errors.push({ path: `members.${i}.personId`, message: '只能选择本户的当前成员' });
  });
  const chosen = new Set(input.members.map((m) => m.personId));
  const staying = members.filter((m) => !chosen.has(m.personId));
  if (staying.length === 0) errors.push({ path: 'members', message: '原户至少保留一名成员（全户迁出请办理迁移）' });
  const oldHead = members.find((m) => m.relation === '户主');
  const headLeaves = oldHead !== undefined && chosen.has(oldHead.personId);
  const remaining = input.remainingHeadPersonId
    ? staying.find((m) => m.personId === input.remainingHeadPersonId)
    : undefined;
  if (headLeaves && staying.length > 0 && !remaining)
    errors.push({ path: 'remainingHeadPersonId', message: '户主分出时，请从留在原户的成员中指定新户主' });
  if (!headLeaves && input.remainingHeadPersonId)
    errors.push({ path: 'remainingHeadPersonId', message: '原户主未分出，无需指定原户新户主' });
  let placement = placementValuesOf(open);
  if (input.placement) placement = await resolveTarget(deps, auth, h, input.placement);
  if (errors.length > 0) throw validationFailed(errors);
  if (await householdNumberTaken(deps.db, deps.config.countyCode, input.householdNumber, null))
    throw new AppError('CONFLICT', `户编号 ${input.householdNumber} 已被使用`, [
      { path: 'householdNumber', message: '户编号已被使用' },
    ]);
  return {
    from: h,
    newHouseholdId,
    householdNumber: input.householdNumber,
    date: input.date,
    moving: input.members.map((m) => ({ memberId: byPerson.get(m.personId)!.id, ...m })),
    remainingHead: headLeaves && remaining ? { memberId: remaining.id, personId: remaining.personId } : null,
    placement,
    note: input.note ?? null,
  };
}

/** 分户: returns the new household. A replayed request (same newHouseholdId) returns it without a second split. */
export async function splitHousehold(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: HouseholdSplitInput,
): Promise<Household> {
  if (input.newHouseholdId && (await householdExists(deps.db, input.newHouseholdId)))
    return getHousehold(deps, auth, input.newHouseholdId);
  const { h, open } = await loadForEvent(deps, auth, id);
  const newId = input.newHouseholdId ?? uuidv7();
  const plan = await planSplit(deps, auth, h, open, input, newId);
  await auditedTransaction(deps.db, deps.clock, actor, 'household.split', async (tx, audit) => {
    try {
      await applySplit(tx, ctxOf(deps, actor), plan);
    } catch (err) {
      rethrowUniqueViolation(err);
    }
    audit.entity('household', newId, null, {
      householdNumber: plan.householdNumber,
      splitFrom: id,
      date: plan.date,
      members: input.members,
      placement: plan.placement,
    });
    audit.entity('household', id, null, {
      split: newId,
      date: plan.date,
      leaving: input.members.map((m) => m.personId),
      remainingHeadPersonId: plan.remainingHead?.personId ?? null,
    });
  });
  return getHousehold(deps, auth, newId);
}

/** The household's dated history: placements, events (newest first), the 20-year lock and its transactions. */
export async function householdHistory(deps: Deps, auth: AuthState, id: string): Promise<HouseholdHistory> {
  const h = await loadHouseholdInScope(deps.db, auth, id);
  const [placements, events, transactions] = await Promise.all([
    placementsOf(deps.db, id),
    eventsOf(deps.db, id),
    housingTransactionsOf(deps.db, [id]),
  ]);
  const names = await placeNames(
    deps.db,
    placements.flatMap((p) => (p.siteId ? [p.siteId] : [])),
    placements.flatMap((p) => (p.destinationVillageCode ? [p.destinationVillageCode] : [])),
  );
  return {
    householdId: id,
    closedOn: h.household.closedOn,
    placements: placements.map((p) => ({
      placement: p.placement as HouseholdHistory['placements'][number]['placement'],
      siteId: p.siteId,
      siteName: p.siteId ? (names.site.get(p.siteId) ?? null) : null,
      building: p.building,
      unit: p.unit,
      room: p.room,
      destinationVillageCode: p.destinationVillageCode,
      destinationVillageName: p.destinationVillageCode ? (names.village.get(p.destinationVillageCode) ?? null) : null,
      validFrom: p.validFrom,
      validTo: p.validTo,
    })),
    events: events.map(presentEvent),
    housingLock: await housingLockOf(deps, h.household, transactions),
    housingTransactions: transactions.map(presentHousingTransaction),
  };
}
