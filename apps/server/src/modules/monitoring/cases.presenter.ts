import type {
  CaseStepDto,
  Clue,
  IdentificationClockDto,
  MonitoringCase,
  MonitoringHousehold,
} from '@anzhi/contracts/monitoring';
import { identificationSteps } from '@anzhi/contracts/monitoring-vocabulary';
import { maskPhone } from '@anzhi/domain/id-number';
import { identificationClock, nextStep, type ClockParameters } from '@anzhi/domain/monitoring';
import type { FieldCipher } from '../../platform/crypto/cipher';
import {
  type monitoringCaseEvents,
  type monitoringCaseSteps,
  type monitoringCases,
  type monitoringClues,
} from './monitoring.table';

export type CaseRow = typeof monitoringCases.$inferSelect;
export type ClueRow = typeof monitoringClues.$inferSelect;
export type CaseStepRow = typeof monitoringCaseSteps.$inferSelect;
export type CaseEventRow = typeof monitoringCaseEvents.$inferSelect;

/** The household columns a clue or case is shown with (see `monitoringHouseholdColumns`). */
export type HouseholdSide = MonitoringHousehold;

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);

/** The identification clock of a case on `today` (stopped at its result). */
export function clockOf(row: Pick<CaseRow, 'startedOn' | 'identifiedOn'>, today: string, p: ClockParameters) {
  const c = identificationClock(row.startedOn, today, p, row.identifiedOn);
  const dto: IdentificationClockDto = { ...c, limitDays: p.identificationDays };
  return dto;
}

/**
 * A case as the API shows it. `steps` are the case's identification steps when known (for `nextStep`); without
 * them `nextStep` is derived from the status only (identifying → the first step).
 */
export function presentCase(
  row: CaseRow,
  household: HouseholdSide,
  today: string,
  p: ClockParameters,
  steps: readonly Pick<CaseStepRow, 'stage' | 'step' | 'outcome' | 'stepDate'>[] | null = null,
): MonitoringCase {
  const done = (steps ?? [])
    .filter((s) => s.stage === 'identification')
    .map((s) => ({
      step: s.step as (typeof identificationSteps)[number],
      outcome: s.outcome as 'passed' | 'failed',
      stepDate: s.stepDate,
    }));
  return {
    ...household,
    id: row.id,
    clueId: row.clueId,
    previousCaseId: row.previousCaseId,
    status: row.status,
    category: row.category,
    riskTypes: row.riskTypes,
    disasterKind: row.disasterKind,
    riskFlags: row.riskFlags,
    startedOn: row.startedOn,
    dueOn: row.dueOn,
    identifiedOn: row.identifiedOn,
    notIncludedReason: row.notIncludedReason,
    incomeAtIdentification: row.incomeAtIdentification === null ? null : Number(row.incomeAtIdentification),
    planGoal: row.planGoal,
    planUpdatedOn: row.planUpdatedOn,
    contactUserId: row.contactUserId,
    eliminatedOn: row.eliminatedOn,
    eliminationMethod: row.eliminationMethod,
    eliminationRound: row.eliminationRound,
    version: row.version,
    clock: clockOf(row, today, p),
    nextStep: row.status === 'identifying' ? nextStep(identificationSteps, done) : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentClue(row: ClueRow, household: HouseholdSide, cipher: FieldCipher): Clue {
  return {
    ...household,
    id: row.id,
    source: row.source,
    sourceRef: row.sourceRef,
    reason: row.reason,
    riskTypes: row.riskTypes,
    details: row.details,
    declarantName: row.declarantName,
    declarantPhone: row.declarantPhoneEnc ? maskPhone(cipher.decrypt(row.declarantPhoneEnc)) : null,
    declarantPersonId: row.declarantPersonId,
    reportedOn: row.reportedOn,
    reportedByName: row.reportedByName,
    status: row.status,
    caseId: row.caseId,
    dismissedReason: row.dismissedReason,
    createdAt: iso(row.createdAt),
  };
}

export function presentStep(row: CaseStepRow): CaseStepDto {
  return {
    id: row.id,
    stage: row.stage,
    round: row.round,
    step: row.step,
    stepDate: row.stepDate,
    outcome: row.outcome as 'passed' | 'failed',
    note: row.note,
    participants: row.participants,
    postedFrom: row.postedFrom,
    postedTo: row.postedTo,
    attachmentIds: row.attachmentIds,
    actorName: row.actorName,
    createdAt: iso(row.createdAt),
  };
}

export function presentEvent(row: CaseEventRow) {
  return {
    id: row.id,
    kind: row.kind,
    eventDate: row.eventDate,
    status: row.status,
    category: row.category,
    reason: row.reason,
    actorName: row.actorName,
    createdAt: iso(row.createdAt),
  };
}
