import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import { addDays, localDate } from '@anzhi/domain/periods';
import { housingLock } from '@anzhi/domain/rules/housing-lock';
import type { Tx } from '../db/client';
import { findHousehold, insertMembers, insertPersons } from '../modules/registry/households.repository';
import { applyClose, applyMove, applySplit, type EventContext } from '../modules/registry/household-events.service';
import {
  applyHousingTransaction,
  housingLockSettings,
  rectificationDueAt,
} from '../modules/registry/housing-lock.service';
import { initialPersonFacts, placementValuesOf } from '../modules/registry/registry-facts';
import { insertHealth, insertLabour, placementsOf } from '../modules/registry/registry-facts.repository';
import { householdPlacement } from '../modules/registry/registry-facts.table';
import { householdMembers, households, persons } from '../modules/registry/registry.table';
import { systemActor, type AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';

/*
 * Household events on top of the generated registry, so every demo role sees the feature at work: a split, a move
 * and a closed household at 城南幸福家园 (the site manager's site, in 琴江镇), a sublet inside the 20-year lock at
 * 屏山集镇 (R23: a rectification item and a notification for the 屏山镇 user), and data-quality findings (newborns with a birth certificate instead of an ID number, a dispersed household whose
 * destination village is missing). Deterministic: the households are picked by household number.
 */

/** Live households placed at a site now, with their members today, by household number. */
async function householdsAt(tx: Tx, siteId: string, day: string) {
  return tx
    .select({
      id: households.id,
      members: sql<number>`(select count(*)::int from ${householdMembers} m where m.household_id = households.id and m.valid_to is null)`,
      children: sql<number>`(select count(*)::int from ${householdMembers} m join ${persons} p on p.id = m.person_id where m.household_id = households.id and m.valid_to is null and m.relation in ('子', '女') and p.birth_date <= ${addDays(day, -20 * 366)}::date)`,
      certificateDate: households.certificateDate,
      handoverDate: households.handoverDate,
    })
    .from(households)
    .where(and(eq(households.siteId, siteId), isNull(households.deletedAt), eq(households.status, 'active')))
    .orderBy(asc(households.householdNumber));
}

async function openPlacement(tx: Tx, householdId: string) {
  return (await placementsOf(tx, householdId)).find((p) => p.validTo === null)!;
}

/** 分户: an adult child of a household with at least three members heads a new household. */
async function demoSplit(tx: Tx, ctx: EventContext, householdId: string, date: string) {
  const from = (await findHousehold(tx, householdId))!;
  const members = await tx
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.householdId, householdId), isNull(householdMembers.validTo)));
  const [child] = await tx
    .select({ personId: householdMembers.personId, memberId: householdMembers.id })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .where(
      and(
        eq(householdMembers.householdId, householdId),
        isNull(householdMembers.validTo),
        sql`${householdMembers.relation} in ('子', '女')`,
      ),
    )
    .orderBy(asc(persons.birthDate))
    .limit(1);
  if (!child || members.length < 3) return null;
  const open = await openPlacement(tx, householdId);
  const newId = uuidv7();
  await applySplit(tx, ctx, {
    from,
    newHouseholdId: newId,
    householdNumber: `${from.household.householdNumber}F1`,
    date,
    moving: [{ ...child, relation: '户主' }],
    remainingHead: null,
    placement: { ...placementValuesOf(open), room: `${open.room ?? ''}B` },
    note: '子女成家分户（演示）',
  });
  return newId;
}

/** Two newborns registered with a birth certificate (出生医学证明): data quality lists them without an ID number. */
async function demoNewborns(tx: Tx, ctx: EventContext, householdIds: string[], day: string) {
  let n = 0;
  for (const householdId of householdIds) {
    n += 1;
    const personId = uuidv7();
    const birthDate = addDays(day, -30 * n);
    await insertPersons(tx, [
      {
        id: personId,
        countyCode: ctx.countyCode,
        name: n === 1 ? '新生儿（待落户）' : '新生儿（待办身份证）',
        documentType: '出生医学证明',
        otherDocumentNoEnc: null,
        birthDate,
        sex: n === 1 ? '男' : '女',
        labourCapacity: '无劳动力',
        studentStatus: '非在校生',
        education: '学龄前儿童',
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
    ]);
    await insertMembers(tx, [
      {
        countyCode: ctx.countyCode,
        householdId,
        personId,
        relation: '孙子女',
        validFrom: birthDate,
        joinReason: '出生',
      },
    ]);
    const facts = initialPersonFacts(ctx.countyCode, personId, { labourCapacity: '无劳动力' }, birthDate, ctx.now);
    await insertHealth(tx, [facts.health]);
    await insertLabour(tx, [facts.labour]);
  }
}

export async function loadRegistryEventsDemo(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'config'>,
  audit: AuditRecorder,
  siteIds: ReadonlyMap<string, string>,
): Promise<void> {
  const now = deps.clock.now();
  const today = localDate(now);
  const ctx: EventContext = { countyCode: deps.config.countyCode, now, actor: systemActor };
  const chengnan = siteIds.get('chengnan');
  const liancheng = siteIds.get('liancheng');
  if (!chengnan || !liancheng) return;
  const here = await householdsAt(tx, chengnan, today);
  const there = await householdsAt(tx, liancheng, today);

  const toSplit = here.find((h) => h.members >= 3 && h.children > 0);
  const split = toSplit ? await demoSplit(tx, ctx, toSplit.id, addDays(today, -40)) : null;

  const toMove = there[0];
  if (toMove) {
    const open = await openPlacement(tx, toMove.id);
    const target = { ...placementValuesOf(open), siteId: chengnan, building: '9栋', unit: '1单元', room: '901' };
    const date = addDays(today, -60) > open.validFrom ? addDays(today, -60) : addDays(open.validFrom, 1);
    await applyMove(tx, ctx, toMove.id, open, target, date, { reason: '迁移', note: '就近务工，申请迁入城南（演示）' });
  }

  const toClose = here.find((h) => h.members === 1 && h.id !== toSplit?.id);
  if (toClose) {
    const open = await openPlacement(tx, toClose.id);
    const date = addDays(today, -20) > open.validFrom ? addDays(today, -20) : addDays(open.validFrom, 1);
    await applyClose(tx, ctx, toClose.id, open, date, '全户迁出本县', '投靠外省子女（演示）');
  }

  // R23: a sublet inside the lock window at 屏山集镇 (the 屏山镇 user gets the rectification item).
  const { parameters } = await housingLockSettings(tx);
  const pingshan = siteIds.get('pingshan');
  const candidates = pingshan ? await householdsAt(tx, pingshan, today) : [];
  const locked = candidates.find((h) => housingLock(h, parameters) !== null && h.members >= 2);
  if (locked) {
    const lock = housingLock(locked, parameters)!;
    const date = addDays(today, -10) > lock.start ? addDays(today, -10) : today;
    await applyHousingTransaction(tx, ctx, {
      id: uuidv7(),
      household: (await findHousehold(tx, locked.id))!,
      input: { kind: '出租', date, counterparty: '外来务工人员（姓名不详）', note: '回访发现整套出租（演示）' },
      lockEnd: lock.end,
      violation: true,
      dueAt: rectificationDueAt(today, parameters.rectificationDays),
    });
  }

  const others = here.filter((h) => h.id !== toSplit?.id && h.id !== toClose?.id);
  await demoNewborns(
    tx,
    ctx,
    others.slice(0, 2).map((h) => h.id),
    today,
  );
  // Incomplete imported data: a dispersed household whose placement lost its destination village.
  const [dispersed] = await tx
    .select({ id: householdPlacement.id })
    .from(householdPlacement)
    .innerJoin(households, eq(households.id, householdPlacement.householdId))
    .where(and(eq(householdPlacement.placement, '分散安置'), isNull(householdPlacement.validTo)))
    .orderBy(asc(households.householdNumber))
    .limit(1);
  if (dispersed)
    await tx
      .update(householdPlacement)
      .set({ destinationVillageCode: null })
      .where(eq(householdPlacement.id, dispersed.id));

  audit.entity('registry.events_demo', 'demo', null, {
    split: split !== null,
    moved: toMove !== undefined,
    closed: toClose !== undefined,
    sublet: locked !== undefined,
    newborns: Math.min(2, others.length),
  });
}
