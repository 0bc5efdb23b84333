import type { FieldError } from '@anzhi/contracts/errors';
import type { Household, HouseholdCreateInput, HouseholdUpdateInput } from '@anzhi/contracts/registry';
import { uuidv7 } from '@anzhi/domain/ids';
import { addDays } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { getDivision } from '../org/divisions.service';
import type { SiteRef } from '../org/scope';
import {
  closeMembership,
  employmentOf,
  findHousehold,
  findSiteRef,
  householdExists,
  householdNumberTaken,
  insertEmployment,
  insertHousehold,
  insertLands,
  insertMembers,
  insertPersons,
  landsOf,
  membershipsOf,
  personsWithOtherHouseholds,
  replaceLands,
  softDeleteHousehold,
  softDeletePersons,
  updateHouseholdVersioned,
  type HouseholdWithPlace,
  type NewHousehold,
  type NewMember,
} from './households.repository';
import { assertIdNumbersFree, todayOf } from './persons.service';
import { initialPersonFacts, placementRow, placementValuesOf } from './registry-facts';
import {
  countsBySiteAsOf,
  countsInScopeAsOf,
  healthOf,
  insertHealth,
  insertLabour,
  insertPlacement,
  labourOf,
  placementRefsOf,
} from './registry-facts.repository';
import { withFactsAsOf } from './registry-events.presenter';
import { presentHousehold } from './registry.presenter';
import { householdInScope, placementScope, type PlacementRef } from './registry.scope';
import {
  checkDuplicatesInRequest,
  checkMonitoring,
  checkNotAfter,
  checkPhone,
  employmentRow,
  landRows,
  personImage,
  preparePerson,
  validationFailed,
} from './registry.validation';
import { rethrowUniqueViolation } from './registry.errors';

export const staleMessage = '该记录已被他人修改，请刷新后重试';

export function placementOf(h: HouseholdWithPlace): PlacementRef {
  return { site: h.site, destinationTownshipCode: h.destinationTownshipCode };
}

/** Loads a live household the caller may read; anything else is 404 (out of scope is invisible). */
export async function loadHouseholdInScope(ex: Executor, auth: AuthState, id: string): Promise<HouseholdWithPlace> {
  const h = await findHousehold(ex, id);
  if (!h) throw notFound('搬迁户');
  if (householdInScope(auth.assignments, 'household.read', placementOf(h))) return h;
  // History stays readable to the scopes the household passed through (decisions.md, scope).
  const past = await placementRefsOf(ex, id);
  if (!past.some((p) => householdInScope(auth.assignments, 'household.read', p))) throw notFound('搬迁户');
  return h;
}

/** Read scope but not write scope: 403 (the user sees the household but may not change it). */
export function assertWritable(auth: AuthState, h: HouseholdWithPlace) {
  if (!householdInScope(auth.assignments, 'household.write', placementOf(h)))
    throw new AppError('FORBIDDEN', '您对该搬迁户只有查看权限');
}

/** Households and persons (as of today) in the caller's scope, for the home page; null without household.read. */
export async function registrySummary(
  deps: Deps,
  auth: AuthState,
): Promise<{ households: number; persons: number } | null> {
  if (!auth.permissions.includes('household.read')) return null;
  return countsInScopeAsOf(
    deps.db,
    deps.config.countyCode,
    placementScope(auth.assignments, 'household.read'),
    todayOf(deps),
  );
}

/** Resettled households and persons of each site (derived from the registry, never typed), as of today. */
export async function registryCountsOfSites(
  deps: Deps,
  siteIds: string[],
): Promise<Map<string, { households: number; persons: number }>> {
  return countsBySiteAsOf(deps.db, deps.config.countyCode, siteIds, todayOf(deps));
}

export async function getHousehold(deps: Deps, auth: AuthState, id: string, asOf?: string): Promise<Household> {
  const h = await loadHouseholdInScope(deps.db, auth, id);
  const [lands, memberships] = await Promise.all([landsOf(deps.db, id), membershipsOf(deps.db, id)]);
  const personIds = memberships.map((m) => m.person.id);
  const [employment, health, labour] = await Promise.all([
    employmentOf(deps.db, personIds),
    healthOf(deps.db, personIds),
    labourOf(deps.db, personIds),
  ]);
  const place = placementOf(h);
  const write = householdInScope(auth.assignments, 'household.write', place);
  const day = asOf ?? todayOf(deps);
  const household = presentHousehold(h, lands, memberships, employment, day, deps.cipher, {
    update: write,
    delete: write,
    manageMembers: write,
    reveal: householdInScope(auth.assignments, 'person.reveal', place),
  });
  return withFactsAsOf(household, health, labour);
}

/** The place a new household would have, checked against the divisions and sites of this county. */
export async function resolvePlacement(
  deps: Deps,
  input: Pick<HouseholdCreateInput, 'placement' | 'siteId' | 'destinationVillageCode' | 'originVillageCode'>,
  errors: FieldError[],
): Promise<PlacementRef | null> {
  const county = deps.config.countyCode;
  const origin = await getDivision(deps.db, input.originVillageCode);
  if (!origin || origin.level !== 'village' || origin.countyCode !== county)
    errors.push({ path: 'originVillageCode', message: '迁出村无效：请从本县的村（社区）中选择' });
  if (input.placement === '集中安置') {
    if (input.destinationVillageCode)
      errors.push({ path: 'destinationVillageCode', message: '集中安置的户不填安置村，请选择安置点' });
    if (!input.siteId) {
      errors.push({ path: 'siteId', message: '集中安置的户须选择安置点' });
      return null;
    }
    const site: (SiteRef & { countyCode: string; status: string }) | undefined = await findSiteRef(
      deps.db,
      input.siteId,
    );
    if (!site || site.countyCode !== county || site.status !== 'active') {
      errors.push({ path: 'siteId', message: '安置点不存在或已撤销' });
      return null;
    }
    return { site, destinationTownshipCode: null };
  }
  if (input.siteId) errors.push({ path: 'siteId', message: '分散安置的户不选安置点，请选择安置村' });
  if (!input.destinationVillageCode) {
    errors.push({ path: 'destinationVillageCode', message: '分散安置的户须选择安置村' });
    return null;
  }
  const village = await getDivision(deps.db, input.destinationVillageCode);
  if (!village || village.level !== 'village' || village.countyCode !== county || !village.parentCode) {
    errors.push({ path: 'destinationVillageCode', message: '安置村无效：请从本县的村（社区）中选择' });
    return null;
  }
  return { site: null, destinationTownshipCode: village.parentCode };
}

function householdImage(values: Partial<NewHousehold>, phone: string | null | undefined): Record<string, unknown> {
  const { phoneEnc: _e, phoneBidx: _b, createdAt: _c, updatedAt: _u, ...rest } = values;
  return phone === undefined ? rest : { ...rest, phone };
}

export async function createHousehold(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: HouseholdCreateInput,
): Promise<Household> {
  // A replayed create (double click, offline sync) returns what the first one made.
  if (input.id && (await householdExists(deps.db, input.id))) return getHousehold(deps, auth, input.id);

  const today = todayOf(deps);
  const county = deps.config.countyCode;
  const errors: FieldError[] = [];
  const place = await resolvePlacement(deps, input, errors);
  checkMonitoring(input.category, input.monitoringStatus, errors);
  if (input.relocationYear > Number(today.slice(0, 4)))
    errors.push({ path: 'relocationYear', message: '搬迁年度不能晚于今年' });
  checkNotAfter(input.certificateDate, today, 'certificateDate', '发证日期', errors);
  checkNotAfter(input.handoverDate, today, 'handoverDate', '交房日期', errors);
  const phone = checkPhone(input.phone, 'phone', errors);
  if (input.placement === '分散安置' && (input.building || input.unit || input.room))
    errors.push({ path: 'building', message: '分散安置的户不填楼栋、单元、房号' });

  const prepared = input.members.map((m, i) =>
    preparePerson(deps.cipher, county, m.person, `members.${i}.person`, today, errors),
  );
  const validFroms = input.members.map((m, i) => {
    const from = m.validFrom ?? today;
    checkNotAfter(from, today, `members.${i}.validFrom`, '入户日期', errors);
    const birth = prepared[i]!.values.birthDate;
    if (birth && from < birth) errors.push({ path: `members.${i}.validFrom`, message: '入户日期不能早于出生日期' });
    return from;
  });
  checkDuplicatesInRequest(prepared, errors);
  if (errors.length > 0) throw validationFailed(errors);

  if (!householdInScope(auth.assignments, 'household.write', place!))
    throw new AppError('FORBIDDEN', '只能在本人负责的范围内登记搬迁户');
  if (await householdNumberTaken(deps.db, county, input.householdNumber, null))
    throw new AppError('CONFLICT', `户编号 ${input.householdNumber} 已被使用`, [
      { path: 'householdNumber', message: '户编号已被使用' },
    ]);

  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'household.create', async (tx, audit) => {
    await assertIdNumbersFree(tx, deps, auth, prepared);
    const values: NewHousehold = {
      id,
      countyCode: county,
      householdNumber: input.householdNumber,
      category: input.category,
      relocationYear: input.relocationYear,
      originVillageCode: input.originVillageCode,
      placement: input.placement,
      siteId: input.siteId ?? null,
      building: input.building ?? null,
      unit: input.unit ?? null,
      room: input.room ?? null,
      destinationVillageCode: input.destinationVillageCode ?? null,
      housingType: input.housingType,
      floorArea: input.floorArea ?? null,
      propertyCertificateNo: input.propertyCertificateNo ?? null,
      certificateDate: input.certificateDate ?? null,
      handoverDate: input.handoverDate ?? null,
      oldHouseStatus: input.oldHouseStatus ?? null,
      phoneEnc: phone ? deps.cipher.encrypt(phone) : null,
      phoneBidx: phone ? deps.cipher.blindIndex(phone) : null,
      monitoringStatus: input.monitoringStatus,
      createdAt: now,
      updatedAt: now,
    };
    const members: NewMember[] = input.members.map((m, i) => ({
      id: uuidv7(),
      countyCode: county,
      householdId: id,
      personId: prepared[i]!.id,
      relation: m.relation,
      validFrom: validFroms[i]!,
      joinReason: m.joinReason,
    }));
    try {
      await insertHousehold(tx, values);
      await insertLands(tx, landRows(county, id, input.lands));
      await insertPersons(
        tx,
        prepared.map((p) => ({ ...p.values, createdAt: now, updatedAt: now })),
      );
      await insertMembers(tx, members);
      await insertEmployment(
        tx,
        prepared.flatMap((p, i) => (p.employment ? [employmentRow(county, p.id, p.employment, validFroms[i]!)] : [])),
      );
      const facts = prepared.map((p, i) => initialPersonFacts(county, p.id, p.values, validFroms[i]!));
      await insertHealth(
        tx,
        facts.map((f) => f.health),
      );
      await insertLabour(
        tx,
        facts.map((f) => f.labour),
      );
      const movedIn = validFroms.reduce((min, d) => (d < min ? d : min), validFroms[0]!);
      await insertPlacement(tx, [placementRow(county, id, placementValuesOf(values), movedIn)]);
    } catch (err) {
      rethrowUniqueViolation(err);
    }
    audit.entity('household', id, null, { ...householdImage(values, phone), lands: input.lands });
    prepared.forEach((p, i) =>
      audit.entity('person', p.id, null, {
        ...personImage(p),
        householdId: id,
        relation: input.members[i]!.relation,
        validFrom: validFroms[i],
      }),
    );
  });
  return getHousehold(deps, auth, id);
}

export async function updateHousehold(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: HouseholdUpdateInput,
): Promise<Household> {
  const h = await loadHouseholdInScope(deps.db, auth, id);
  assertWritable(auth, h);
  const before = h.household;
  if (before.version !== input.version) throw new AppError('CONFLICT', staleMessage);

  const today = todayOf(deps);
  const county = deps.config.countyCode;
  const errors: FieldError[] = [];
  const { version: _v, lands, phone: phoneInput, ...fields } = input;
  const patch: Partial<NewHousehold> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  if (fields.originVillageCode) {
    const origin = await getDivision(deps.db, fields.originVillageCode);
    if (!origin || origin.level !== 'village' || origin.countyCode !== county)
      errors.push({ path: 'originVillageCode', message: '迁出村无效：请从本县的村（社区）中选择' });
  }
  const category = (fields.category ?? before.category) as HouseholdCreateInput['category'];
  const monitoring = (fields.monitoringStatus ?? before.monitoringStatus) as HouseholdCreateInput['monitoringStatus'];
  checkMonitoring(category, monitoring, errors);
  if (fields.relocationYear && fields.relocationYear > Number(today.slice(0, 4)))
    errors.push({ path: 'relocationYear', message: '搬迁年度不能晚于今年' });
  checkNotAfter(fields.certificateDate, today, 'certificateDate', '发证日期', errors);
  checkNotAfter(fields.handoverDate, today, 'handoverDate', '交房日期', errors);
  if (before.placement === '分散安置' && (fields.building || fields.unit || fields.room))
    errors.push({ path: 'building', message: '分散安置的户不填楼栋、单元、房号' });
  let phone: string | null | undefined;
  if (phoneInput !== undefined) {
    phone = checkPhone(phoneInput, 'phone', errors);
    patch.phoneEnc = phone ? deps.cipher.encrypt(phone) : null;
    patch.phoneBidx = phone ? deps.cipher.blindIndex(phone) : null;
  }
  if (errors.length > 0) throw validationFailed(errors);
  if (fields.householdNumber && fields.householdNumber !== before.householdNumber) {
    if (await householdNumberTaken(deps.db, county, fields.householdNumber, id))
      throw new AppError('CONFLICT', `户编号 ${fields.householdNumber} 已被使用`, [
        { path: 'householdNumber', message: '户编号已被使用' },
      ]);
  }

  const oldPhone = before.phoneEnc ? deps.cipher.decrypt(before.phoneEnc) : null;
  const beforeLands = lands
    ? (await landsOf(deps.db, id)).map(({ kind, area, transferStatus, tenant, annualRent }) => ({
        kind,
        area,
        transferStatus,
        tenant,
        annualRent,
      }))
    : undefined;
  await auditedTransaction(deps.db, deps.clock, actor, 'household.update', async (tx, audit) => {
    const now = deps.clock.now();
    let updated: boolean;
    try {
      // The version check is in the UPDATE itself: a concurrent writer who got there first makes it match nothing.
      updated = await updateHouseholdVersioned(tx, id, input.version, { ...patch, updatedAt: now });
      if (updated && lands) await replaceLands(tx, id, landRows(county, id, lands));
    } catch (err) {
      rethrowUniqueViolation(err);
    }
    if (!updated) throw new AppError('CONFLICT', staleMessage);
    audit.entity(
      'household',
      id,
      { ...householdImage(before, oldPhone), ...(beforeLands ? { lands: beforeLands } : {}) },
      {
        ...householdImage({ ...before, ...patch, version: before.version + 1 }, phone === undefined ? oldPhone : phone),
        ...(lands ? { lands } : {}),
      },
    );
  });
  return getHousehold(deps, auth, id);
}

/**
 * Soft-deletes a mistaken household: it disappears everywhere; its open memberships are ended on the day of
 * deletion; persons who belong to no other live household are soft-deleted with it (their ID numbers become
 * free to register again). Audited with the before image.
 */
export async function deleteHousehold(deps: Deps, auth: AuthState, actor: ActorContext, id: string): Promise<void> {
  const h = await loadHouseholdInScope(deps.db, auth, id);
  assertWritable(auth, h);
  const today = todayOf(deps);
  await auditedTransaction(deps.db, deps.clock, actor, 'household.delete', async (tx, audit) => {
    const now = deps.clock.now();
    const memberships = await membershipsOf(tx, id);
    for (const { member } of memberships) {
      if (member.validTo !== null) continue;
      // A period must not be empty: a member who joined today (or later) leaves the day after joining.
      const end = member.validFrom >= today ? addDays(member.validFrom, 1) : today;
      await closeMembership(tx, member.id, end, '户已删除');
    }
    const personIds = [...new Set(memberships.map((m) => m.person.id))];
    const elsewhere = await personsWithOtherHouseholds(tx, personIds, id);
    const orphans = personIds.filter((p) => !elsewhere.has(p));
    await softDeleteHousehold(tx, id, now);
    await softDeletePersons(tx, orphans, now);
    const oldPhone = h.household.phoneEnc ? deps.cipher.decrypt(h.household.phoneEnc) : null;
    audit.entity('household', id, householdImage(h.household, oldPhone), null);
    for (const pid of orphans) {
      const p = memberships.find((m) => m.person.id === pid)!.person;
      audit.entity(
        'person',
        pid,
        { name: p.name, idNumber: p.idNumberEnc ? deps.cipher.decrypt(p.idNumberEnc) : null },
        null,
      );
    }
  });
}
