import type { FieldError } from '@anzhi/contracts/errors';
import type { Household, MemberJoinInput, MemberLeaveInput } from '@anzhi/contracts/registry';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, type ActorContext, type AuditRecorder } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import {
  closeMembership,
  insertEmployment,
  insertMembers,
  insertPersons,
  membershipsOf,
  membershipsOfPerson,
  touchHousehold,
} from './households.repository';
import { assertWritable, getHousehold, loadHouseholdInScope } from './households.service';
import { closeOpenEmployment, findPerson, overlappingMemberships } from './persons.repository';
import { assertIdNumbersFree, membershipsInScope, todayOf } from './persons.service';
import { householdInScope } from './registry.scope';
import { rethrowUniqueViolation } from './registry.errors';
import { initialPersonFacts } from './registry-facts';
import { insertHealth, insertLabour } from './registry-facts.repository';
import { assertOpen } from './household-events.service';
import {
  checkNotAfter,
  employmentRow,
  personImage,
  preparePerson,
  validationFailed,
  type PreparedPerson,
} from './registry.validation';

/*
 * Membership is a dated fact (decisions.md, time): a member joins on a date and leaves on a date, and every
 * count "as of" a day follows those periods. A person belongs to at most one household at a time.
 */

/** Refuses a join that would overlap another membership period of the person. */
async function assertFreeToJoin(ex: Executor, auth: AuthState, householdId: string, personId: string, from: string) {
  const overlapping = await overlappingMemberships(ex, personId, from);
  if (overlapping.length === 0) return;
  if (overlapping.some((m) => m.householdId === householdId))
    throw new AppError('CONFLICT', '该人员在此日期已是本户成员');
  const places = await membershipsOfPerson(ex, [personId]);
  const other = places.find((p) => overlapping.some((o) => o.id === p.member.id));
  const visible =
    other &&
    householdInScope(auth.assignments, 'household.read', {
      site: other.site,
      destinationTownshipCode: other.destinationTownshipCode,
    });
  if (!other || !visible) throw new AppError('CONFLICT', '已在其他辖区登记');
  throw new AppError(
    'CONFLICT',
    `该人员在 ${from} 之后仍是户编号 ${other.householdNumber} 的成员，同一时间只能属于一户：请先在原户办理离户`,
  );
}

export async function joinMember(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  householdId: string,
  input: MemberJoinInput,
): Promise<Household> {
  await auditedTransaction(deps.db, deps.clock, actor, 'household.member.join', (tx, audit) =>
    joinMemberInTx(tx, audit, deps, auth, householdId, input),
  );
  return getHousehold(deps, auth, householdId);
}

/**
 * A member joins, inside the caller's transaction (the member endpoint's, or a revisit's so that the registry change
 * and the revisit commit or fail together): scope, checks and writes all read through `tx`.
 */
export async function joinMemberInTx(
  tx: Tx,
  audit: AuditRecorder,
  deps: Deps,
  auth: AuthState,
  householdId: string,
  input: MemberJoinInput,
): Promise<void> {
  const h = await loadHouseholdInScope(tx, auth, householdId);
  assertWritable(auth, h);
  assertOpen(h);
  const today = todayOf(deps);
  const county = deps.config.countyCode;
  const errors: FieldError[] = [];
  checkNotAfter(input.validFrom, today, 'validFrom', '入户日期', errors);

  let prepared: PreparedPerson | null = null;
  let personId: string;
  let birthDate: string;
  if (input.personId) {
    const person = await findPerson(tx, input.personId);
    const visible = person
      ? membershipsInScope(auth.assignments, 'household.read', await membershipsOfPerson(tx, [person.id]))
      : [];
    if (!person || visible.length === 0) throw notFound('人员');
    personId = person.id;
    birthDate = person.birthDate;
  } else {
    prepared = preparePerson(deps.cipher, county, input.person!, 'person', today, errors);
    personId = prepared.id;
    birthDate = prepared.values.birthDate;
  }
  if (birthDate && input.validFrom < birthDate) errors.push({ path: 'validFrom', message: '入户日期不能早于出生日期' });
  if (errors.length > 0) throw validationFailed(errors);

  if (prepared) await assertIdNumbersFree(tx, deps, auth, [prepared]);
  else await assertFreeToJoin(tx, auth, householdId, personId, input.validFrom);
  if (input.relation === '户主') {
    const heads = (await membershipsOf(tx, householdId)).filter(
      (m) => m.member.relation === '户主' && (m.member.validTo === null || m.member.validTo > input.validFrom),
    );
    if (heads.length > 0) throw new AppError('CONFLICT', '该户在此日期已有户主：请先办理原户主离户，或以其他关系加入');
  }
  const memberId = uuidv7();
  const now = deps.clock.now();
  try {
    if (prepared) {
      await insertPersons(tx, [{ ...prepared.values, createdAt: now, updatedAt: now }]);
      if (prepared.employment)
        await insertEmployment(tx, [employmentRow(county, personId, prepared.employment, input.validFrom)]);
      const facts = initialPersonFacts(county, personId, prepared.values, input.validFrom);
      await insertHealth(tx, [facts.health]);
      await insertLabour(tx, [facts.labour]);
    }
    await insertMembers(tx, [
      {
        id: memberId,
        countyCode: county,
        householdId,
        personId,
        relation: input.relation,
        validFrom: input.validFrom,
        joinReason: input.joinReason,
      },
    ]);
    await touchHousehold(tx, householdId, now);
  } catch (err) {
    rethrowUniqueViolation(err);
  }
  if (prepared) audit.entity('person', personId, null, personImage(prepared));
  audit.entity('household_member', memberId, null, {
    householdId,
    personId,
    relation: input.relation,
    validFrom: input.validFrom,
    joinReason: input.joinReason,
  });
}

export async function leaveMember(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  householdId: string,
  personId: string,
  input: MemberLeaveInput,
): Promise<Household> {
  await auditedTransaction(deps.db, deps.clock, actor, 'household.member.leave', (tx, audit) =>
    leaveMemberInTx(tx, audit, deps, auth, householdId, personId, input),
  );
  return getHousehold(deps, auth, householdId);
}

/** A member leaves (死亡, 迁出 …), inside the caller's transaction (see joinMemberInTx). */
export async function leaveMemberInTx(
  tx: Tx,
  audit: AuditRecorder,
  deps: Deps,
  auth: AuthState,
  householdId: string,
  personId: string,
  input: MemberLeaveInput,
): Promise<void> {
  const h = await loadHouseholdInScope(tx, auth, householdId);
  assertWritable(auth, h);
  const today = todayOf(deps);
  const memberships = await membershipsOf(tx, householdId);
  const open = memberships.filter((m) => m.member.validTo === null);
  const leaving = open.find((m) => m.person.id === personId);
  if (!leaving) throw new AppError('NOT_FOUND', '该人员不是本户的当前成员');
  const errors: FieldError[] = [];
  checkNotAfter(input.date, today, 'date', '离户日期', errors);
  if (input.date <= leaving.member.validFrom)
    errors.push({ path: 'date', message: `离户日期应晚于入户日期（${leaving.member.validFrom}）` });
  const isHead = leaving.member.relation === '户主';
  const others = open.filter((m) => m.person.id !== personId);
  const newHead = input.newHeadPersonId ? others.find((m) => m.person.id === input.newHeadPersonId) : undefined;
  if (input.newHeadPersonId && !isHead)
    errors.push({ path: 'newHeadPersonId', message: '只有户主离户时才需指定新户主' });
  else if (input.newHeadPersonId && !newHead)
    errors.push({ path: 'newHeadPersonId', message: '新户主应为本户的其他当前成员' });
  else if (isHead && others.length > 0 && !newHead)
    errors.push({ path: 'newHeadPersonId', message: '户主离户时，请从其他成员中指定新户主' });
  if (newHead && input.date <= newHead.member.validFrom)
    errors.push({ path: 'date', message: `新户主的入户日期为 ${newHead.member.validFrom}，离户日期应晚于该日期` });
  if (errors.length > 0) throw validationFailed(errors);

  const now = deps.clock.now();
  try {
    await closeMembership(tx, leaving.member.id, input.date, input.reason);
    if (input.reason === '死亡') await closeOpenEmployment(tx, personId, input.date);
    if (newHead) {
      // A change of relation is a dated fact too: the old period ends, a new one as 户主 begins.
      await closeMembership(tx, newHead.member.id, input.date, '户主变更');
      const id = uuidv7();
      await insertMembers(tx, [
        {
          id,
          countyCode: deps.config.countyCode,
          householdId,
          personId: newHead.person.id,
          relation: '户主',
          validFrom: input.date,
          joinReason: '户主变更',
        },
      ]);
      audit.entity('household_member', id, null, {
        householdId,
        personId: newHead.person.id,
        relation: '户主',
        validFrom: input.date,
        previousRelation: newHead.member.relation,
      });
    }
    await touchHousehold(tx, householdId, now);
  } catch (err) {
    rethrowUniqueViolation(err);
  }
  audit.entity(
    'household_member',
    leaving.member.id,
    { householdId, personId, relation: leaving.member.relation, validFrom: leaving.member.validFrom, validTo: null },
    {
      householdId,
      personId,
      relation: leaving.member.relation,
      validFrom: leaving.member.validFrom,
      validTo: input.date,
      leaveReason: input.reason,
      note: input.note ?? null,
    },
  );
}
