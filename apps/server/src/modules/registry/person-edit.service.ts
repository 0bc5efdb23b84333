import type { FieldError } from '@anzhi/contracts/errors';
import type { Person } from '@anzhi/contracts/registry';
import type {
  EmploymentChangeInput,
  HealthChangeInput,
  LabourChangeInput,
  PersonHistory,
  PersonUpdateInput,
} from '@anzhi/contracts/registry-events';
import { checkIdNumber, normalizeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, type ActorContext, type AuditRecorder } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { employmentOf, insertEmployment, type NewPerson, type PersonRow } from './households.repository';
import { staleMessage } from './households.service';
import { assertIdNumbersFree, getPerson, loadPersonInScope, membershipsInScope, todayOf } from './persons.service';
import {
  endOpenPersonFact,
  healthOf,
  insertHealth,
  insertLabour,
  labourOf,
  openPersonFact,
  setPersonCache,
  updatePersonVersioned,
} from './registry-facts.repository';
import { presentPersonHistory } from './registry-events.presenter';
import { rethrowUniqueViolation } from './registry.errors';
import {
  checkNotAfter,
  checkPhone,
  idNumberMessage,
  validationFailed,
  type PreparedPerson,
} from './registry.validation';

/*
 * Person edits: corrections of a person's own fields (versioned: a stale edit is 409), and dated changes of
 * health, labour capacity and employment — each closes the period in force and opens a new one on its date.
 */

/** A person the caller may change: through a household in their write scope; readable only → 403. */
async function loadWritablePerson(deps: Deps, auth: AuthState, id: string, ex: Executor = deps.db) {
  const loaded = await loadPersonInScope(deps, auth, id, ex);
  if (membershipsInScope(auth.assignments, 'household.write', loaded.visible).length === 0)
    throw new AppError('FORBIDDEN', '您对该人员只有查看权限');
  return loaded.person;
}

/** The audit image: clear numbers under keys the audit masks (idNumber, phone); never the birth date. */
function personEditImage(p: Partial<PersonRow>, numbers: { idNumber?: string | null; phone?: string | null }) {
  const {
    idNumberEnc: _i,
    idNumberBidx: _b,
    otherDocumentNoEnc: _o,
    phoneEnc: _p,
    phoneBidx: _pb,
    birthDate: _d,
    ...rest
  } = p;
  const { createdAt: _c, updatedAt: _u, deletedAt: _x, ...fields } = rest;
  return { ...fields, ...numbers };
}

/** The document part of an edit: a 居民身份证 number (birth date and sex derive from it) or another document. */
async function documentPatch(
  deps: Deps,
  auth: AuthState,
  person: PersonRow,
  input: PersonUpdateInput,
  errors: FieldError[],
): Promise<{ patch: Partial<NewPerson>; idNumber?: string }> {
  const type = input.documentType ?? person.documentType;
  if (type === '居民身份证') {
    if (input.idNumber === undefined) {
      if (input.documentType && person.documentType !== '居民身份证')
        errors.push({ path: 'idNumber', message: '改为居民身份证时请填写身份证号码' });
      return { patch: {} };
    }
    const check = checkIdNumber(input.idNumber, todayOf(deps));
    if (!check.ok) {
      errors.push({ path: 'idNumber', message: idNumberMessage(check) });
      return { patch: {} };
    }
    const bidx = deps.cipher.blindIndex(check.value);
    if (bidx !== person.idNumberBidx) {
      const probe = { path: 'person', idNumber: check.value, idNumberBidx: bidx } as PreparedPerson;
      await assertIdNumbersFree(deps.db, deps, auth, [probe]);
    }
    return {
      idNumber: check.value,
      patch: {
        documentType: '居民身份证',
        idNumberEnc: deps.cipher.encrypt(check.value),
        idNumberBidx: bidx,
        otherDocumentNoEnc: null,
        birthDate: check.birthDate,
        sex: check.sex === 'male' ? '男' : '女',
      },
    };
  }
  if (input.idNumber !== undefined)
    errors.push({ path: 'idNumber', message: '证件类型不是居民身份证时，请把号码填在“证件号码”中' });
  const other = input.otherDocumentNo !== undefined ? normalizeIdNumber(input.otherDocumentNo) : undefined;
  if (!other && (person.documentType === '居民身份证' || input.otherDocumentNo !== undefined))
    errors.push({ path: 'otherDocumentNo', message: '请输入证件号码' });
  if (!other) return { patch: input.documentType ? { documentType: type } : {} };
  return {
    patch: {
      documentType: type,
      idNumberEnc: null,
      idNumberBidx: null,
      otherDocumentNoEnc: deps.cipher.encrypt(other),
    },
  };
}

export async function updatePerson(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: PersonUpdateInput,
): Promise<Person> {
  const person = await loadWritablePerson(deps, auth, id);
  if (person.version !== input.version) throw new AppError('CONFLICT', staleMessage);
  const errors: FieldError[] = [];
  const { version: _v, documentType: _t, idNumber: _n, otherDocumentNo: _o, phone: phoneInput, ...fields } = input;
  const patch: Partial<NewPerson> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const doc = await documentPatch(deps, auth, person, input, errors);
  Object.assign(patch, doc.patch);
  let phone: string | null | undefined;
  if (phoneInput !== undefined) {
    phone = checkPhone(phoneInput, 'phone', errors);
    patch.phoneEnc = phone ? deps.cipher.encrypt(phone) : null;
    patch.phoneBidx = phone ? deps.cipher.blindIndex(phone) : null;
  }
  if (errors.length > 0) throw validationFailed(errors);
  const oldNumbers = {
    idNumber: person.idNumberEnc ? deps.cipher.decrypt(person.idNumberEnc) : null,
    phone: person.phoneEnc ? deps.cipher.decrypt(person.phoneEnc) : null,
  };
  await auditedTransaction(deps.db, deps.clock, actor, 'person.update', async (tx, audit) => {
    let updated = false;
    try {
      updated = await updatePersonVersioned(tx, id, input.version, { ...patch, updatedAt: deps.clock.now() });
    } catch (err) {
      rethrowUniqueViolation(err);
    }
    if (!updated) throw new AppError('CONFLICT', staleMessage);
    audit.entity(
      'person',
      id,
      personEditImage(person, oldNumbers),
      personEditImage(
        { ...person, ...patch, version: person.version + 1 },
        {
          idNumber:
            doc.idNumber ?? (patch.documentType && patch.documentType !== '居民身份证' ? null : oldNumbers.idNumber),
          phone: phone === undefined ? oldNumbers.phone : phone,
        },
      ),
    );
  });
  return getPerson(deps, auth, id);
}

/** A dated change of one of a person's facts. */
export type FactChange =
  | { kind: 'health'; health: string; disabilityGrade: string | null }
  | { kind: 'labour'; labourCapacity: string }
  | { kind: 'employment'; status: string; employer: string | null; place: string | null; monthlyIncome: number | null };

/**
 * Closes the open period of a person's fact on `date` and opens the new one (a change on the day the open period
 * began replaces it); the cache columns on the person row follow. Inside the caller's transaction: the person-edit
 * endpoints use it, and so can a bulk path (the staged import) that changes these facts.
 */
export async function applyPersonFactChange(
  tx: Tx,
  countyCode: string,
  personId: string,
  date: string,
  change: FactChange,
): Promise<void> {
  const open = await openPersonFact(tx, change.kind, personId);
  if (open) await endOpenPersonFact(tx, change.kind, open, date);
  const base = { id: uuidv7(), countyCode, personId, validFrom: date, validTo: null };
  switch (change.kind) {
    case 'health': {
      const { kind: _k, ...v } = change;
      await insertHealth(tx, [{ ...base, ...v }]);
      await setPersonCache(tx, personId, v);
      return;
    }
    case 'labour': {
      const { kind: _k, ...v } = change;
      await insertLabour(tx, [{ ...base, ...v }]);
      await setPersonCache(tx, personId, v);
      return;
    }
    case 'employment': {
      const { kind: _k, ...v } = change;
      await insertEmployment(tx, [{ ...base, ...v }]);
    }
  }
}

/** The endpoints' form: one audited transaction around changeFactInTx. */
async function changeFact(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  date: string,
  change: FactChange,
): Promise<Person> {
  await auditedTransaction(deps.db, deps.clock, actor, `person.${change.kind}.change`, (tx, audit) =>
    changeFactInTx(tx, audit, deps, auth, id, date, change),
  );
  return getPerson(deps, auth, id);
}

/**
 * A dated change of a person's fact inside the caller's transaction (the endpoint's, or a revisit's): scope, date
 * checks, the change, the person's version raised (stale: 409).
 */
export async function changeFactInTx(
  tx: Tx,
  audit: AuditRecorder,
  deps: Deps,
  auth: AuthState,
  id: string,
  date: string,
  change: FactChange,
): Promise<void> {
  const person = await loadWritablePerson(deps, auth, id, tx);
  const open = await openPersonFact(tx, change.kind, id);
  const errors: FieldError[] = [];
  checkNotAfter(date, todayOf(deps), 'date', '变更日期', errors);
  if (open && date < open.validFrom)
    errors.push({ path: 'date', message: `变更日期不能早于当前记录的起始日期（${open.validFrom}）` });
  if (errors.length > 0) throw validationFailed(errors);
  await applyPersonFactChange(tx, deps.config.countyCode, id, date, change);
  if (!(await updatePersonVersioned(tx, id, person.version, { updatedAt: deps.clock.now() })))
    throw new AppError('CONFLICT', staleMessage);
  audit.entity(`person_${change.kind}`, id, open ? { validFrom: open.validFrom } : null, {
    ...change,
    validFrom: date,
  });
}

/** The fact change of a health change input (shared by the endpoint and the revisit). */
export const healthFactOf = (input: HealthChangeInput): FactChange => ({
  kind: 'health',
  health: input.health,
  disabilityGrade: input.disabilityGrade ?? null,
});

/** The fact change of an employment change input (shared by the endpoint and the revisit). */
export const employmentFactOf = (input: EmploymentChangeInput): FactChange => ({
  kind: 'employment',
  status: input.status,
  employer: input.employer ?? null,
  place: input.place ?? null,
  monthlyIncome: input.monthlyIncome ?? null,
});

export async function changeHealth(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: HealthChangeInput,
) {
  return changeFact(deps, auth, actor, id, input.date, healthFactOf(input));
}

export async function changeLabour(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: LabourChangeInput,
) {
  return changeFact(deps, auth, actor, id, input.date, { kind: 'labour', labourCapacity: input.labourCapacity });
}

export async function changeEmployment(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: EmploymentChangeInput,
) {
  return changeFact(deps, auth, actor, id, input.date, employmentFactOf(input));
}

export async function personHistory(deps: Deps, auth: AuthState, id: string): Promise<PersonHistory> {
  await loadPersonInScope(deps, auth, id);
  const [health, labour, employment] = await Promise.all([
    healthOf(deps.db, [id]),
    labourOf(deps.db, [id]),
    employmentOf(deps.db, [id]),
  ]);
  return presentPersonHistory(id, health, labour, employment);
}
