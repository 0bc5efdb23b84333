import type { FieldError } from '@anzhi/contracts/errors';
import type { Permission } from '@anzhi/contracts/permissions';
import type { Person, RevealInput, RevealResult } from '@anzhi/contracts/registry';
import { checkIdNumber, maskIdNumber } from '@anzhi/domain/id-number';
import { localDate } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import type { Assignment } from '../org/scope';
import {
  employmentOf,
  headNameOf,
  membershipsOfPerson,
  type PersonMembership,
  type PersonRow,
} from './households.repository';
import { findPersonForLookup, findPersonsByIdBidx, findPerson, type LookedUpPerson } from './persons.repository';
import { presentPerson } from './registry.presenter';
import { householdInScope } from './registry.scope';
import { idNumberMessage, validationFailed, type PreparedPerson } from './registry.validation';

/** Today in Asia/Shanghai, from the injected clock. */
export const todayOf = (deps: Pick<Deps, 'clock'>) => localDate(deps.clock.now());

/** The person's memberships in households the assignments reach with this permission. */
export function membershipsInScope(
  assignments: readonly Assignment[],
  permission: Permission,
  memberships: PersonMembership[],
): PersonMembership[] {
  return memberships.filter((m) =>
    householdInScope(assignments, permission, { site: m.site, destinationTownshipCode: m.destinationTownshipCode }),
  );
}

/**
 * A person is readable through any household they belong or belonged to that is in scope (history stays
 * readable to the scopes it passed through); out of scope is invisible.
 */
export async function loadPersonInScope(deps: Deps, auth: AuthState, id: string, ex: Executor = deps.db) {
  const person = await findPerson(ex, id);
  if (!person) throw notFound('人员');
  return scopePerson(auth, person, await membershipsOfPerson(ex, [id]));
}

function scopePerson(auth: AuthState, person: PersonRow, memberships: PersonMembership[]) {
  const visible = membershipsInScope(auth.assignments, 'household.read', memberships);
  if (visible.length === 0) throw notFound('人员');
  return { person, memberships, visible };
}

/**
 * The person as the caller may see it. Memberships and employment are read side by side (one round trip's
 * latency on PostgreSQL); employment is only sent once the memberships put the person in scope.
 */
async function presentInScope(deps: Deps, auth: AuthState, person: PersonRow): Promise<Person> {
  const [memberships, employment] = await Promise.all([
    membershipsOfPerson(deps.db, [person.id]),
    employmentOf(deps.db, [person.id]),
  ]);
  return presentLoaded(deps, auth, { person, memberships, employment });
}

/** The person, memberships and employment already read: scope check and masked output. */
function presentLoaded(deps: Deps, auth: AuthState, { person, memberships, employment }: LookedUpPerson): Person {
  const { visible } = scopePerson(auth, person, memberships);
  const today = todayOf(deps);
  const current = visible.find(
    (m) => m.member.validFrom <= today && (m.member.validTo === null || m.member.validTo > today),
  );
  const reveal =
    auth.permissions.includes('person.reveal') &&
    membershipsInScope(auth.assignments, 'person.reveal', visible).length > 0;
  return presentPerson(
    person,
    deps.cipher,
    today,
    current
      ? {
          id: current.member.householdId,
          householdNumber: current.householdNumber,
          relation: current.member.relation as NonNullable<Person['household']>['relation'],
        }
      : null,
    employment,
    { reveal },
  );
}

export async function getPerson(deps: Deps, auth: AuthState, id: string): Promise<Person> {
  const person = await findPerson(deps.db, id);
  if (!person) throw notFound('人员');
  return presentInScope(deps, auth, person);
}

/** Exact search by ID number through the blind index; a person outside the caller's scope is "not found". */
export async function lookupPerson(deps: Deps, auth: AuthState, raw: string | number): Promise<Person> {
  const check = checkIdNumber(raw, todayOf(deps));
  if (!check.ok) throw validationFailed([{ path: 'idNumber', message: idNumberMessage(check) }]);
  // One round trip: the person with memberships (for the scope check) and employment.
  const found = await findPersonForLookup(deps.db, deps.cipher.blindIndex(check.value));
  const miss = new AppError('NOT_FOUND', '未找到该身份证号码登记的人员（或不在您的管辖范围内）');
  if (!found) throw miss;
  try {
    return presentLoaded(deps, auth, found);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw miss;
    throw err;
  }
}

/**
 * Shows one full number to a caller who holds person.reveal over one of the person's households, with a
 * reason. Audited as 'person.reveal' with the field and the reason, never the value.
 */
export async function revealPerson(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: RevealInput,
): Promise<RevealResult> {
  const { person, visible } = await loadPersonInScope(deps, auth, id);
  if (membershipsInScope(auth.assignments, 'person.reveal', visible).length === 0)
    throw new AppError('FORBIDDEN', '您在该人员所在范围内没有查看完整号码的权限');
  const enc = input.field === 'idNumber' ? (person.idNumberEnc ?? person.otherDocumentNoEnc) : person.phoneEnc;
  const value = enc ? deps.cipher.decrypt(enc) : null;
  await auditedTransaction(deps.db, deps.clock, actor, 'person.reveal', async (_tx, audit) => {
    audit.entity('person', person.id, null, { field: input.field, reason: input.reason, name: person.name });
  });
  return { field: input.field, value };
}

/**
 * Refuses ID numbers already registered to a live person. Within the caller's scope the answer names the
 * household; in another scope it is only `已在其他辖区登记` — no name, no place (decisions.md, scope).
 */
export async function assertIdNumbersFree(
  ex: Executor,
  deps: Deps,
  auth: AuthState,
  prepared: PreparedPerson[],
): Promise<void> {
  const bidxs = prepared.map((p) => p.idNumberBidx).filter((b): b is string => b !== null);
  const existing = await findPersonsByIdBidx(ex, bidxs);
  if (existing.length === 0) return;
  const today = todayOf(deps);
  const memberships = await membershipsOfPerson(
    ex,
    existing.map((p) => p.id),
  );
  const details: FieldError[] = [];
  for (const p of prepared) {
    const holder = existing.find((e) => e.idNumberBidx === p.idNumberBidx);
    if (!holder) continue;
    const own = memberships.filter((m) => m.member.personId === holder.id);
    // The household that holds the person now (or last held them).
    const latest = own.find((m) => m.member.validTo === null) ?? own[0];
    const inScope =
      latest !== undefined &&
      householdInScope(auth.assignments, 'household.read', {
        site: latest.site,
        destinationTownshipCode: latest.destinationTownshipCode,
      });
    let message = '已在其他辖区登记';
    if (inScope && latest) {
      const headName = await headNameOf(ex, latest.member.householdId, today);
      const masked = p.idNumber ? maskIdNumber(p.idNumber) : '';
      message =
        latest.member.validTo === null
          ? `身份证号码 ${masked} 已登记在户编号 ${latest.householdNumber}（户主：${headName ?? '未登记'}）`
          : `身份证号码 ${masked} 已登记（原属户编号 ${latest.householdNumber}，现不在任何户中），请以“已登记人员”方式加入`;
    }
    details.push({ path: `${p.path}.idNumber`, message });
  }
  const first = details[0]!;
  throw new AppError(
    'CONFLICT',
    details.length === 1
      ? first.message
      : `${details.length} 名人员的身份证号码已登记：${details.map((d) => d.message).join('；')}`,
    details,
  );
}
