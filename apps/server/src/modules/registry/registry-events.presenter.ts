import type { Household } from '@anzhi/contracts/registry';
import type { HouseholdEvent, HousingTransaction, PersonHistory } from '@anzhi/contracts/registry-events';
import type { EmploymentRow } from './households.repository';
import {
  factOn,
  type EventRow,
  type HealthRow,
  type HousingTransactionRow,
  type LabourRow,
} from './registry-facts.repository';

type Member = Household['members'][number];

/** Health and labour capacity of each member as of the household's `asOf` day, from the dated facts. */
export function withFactsAsOf(h: Household, health: HealthRow[], labour: LabourRow[]): Household {
  return {
    ...h,
    members: h.members.map((m) => {
      const hf = factOn(health, m.personId, h.asOf);
      const lf = factOn(labour, m.personId, h.asOf);
      return {
        ...m,
        ...(hf
          ? { health: hf.health as Member['health'], disabilityGrade: hf.disabilityGrade as Member['disabilityGrade'] }
          : {}),
        ...(lf ? { labourCapacity: lf.labourCapacity as Member['labourCapacity'] } : {}),
      };
    }),
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A one-line Chinese description of an event, from its payload. */
export function eventSummary(kind: string, p: Record<string, unknown>): string {
  switch (kind) {
    case 'split':
      return `分出新户 ${str(p.newHouseholdNumber)}（${Array.isArray(p.personIds) ? p.personIds.length : 0} 人）`;
    case 'split_from':
      return `由户 ${str(p.fromHouseholdNumber)} 分户新立`;
    case 'move':
      return `${str(p.reason) || '迁移'}：${str(p.from)} → ${str(p.to)}`;
    case 'close':
      return `注销：${str(p.reason)}${p.note ? `（${str(p.note)}）` : ''}`;
    case 'housing_transaction':
      return `安置住房${str(p.kind)}（${str(p.counterparty)}）${p.violation ? '，违反20年内不得转让、出租规定，已生成整改任务' : ''}`;
    case 'rectified':
      return `整改完成：${str(p.note)}`;
    default:
      return kind;
  }
}

export function presentEvent(e: EventRow): HouseholdEvent {
  return {
    id: e.id,
    kind: e.kind as HouseholdEvent['kind'],
    effectiveDate: e.effectiveDate,
    summary: eventSummary(e.kind, e.payload),
    payload: e.payload,
    actorName: e.actorName,
    createdAt: e.createdAt.toISOString(),
  };
}

export function presentHousingTransaction(t: HousingTransactionRow): HousingTransaction {
  return {
    id: t.id,
    kind: t.kind as HousingTransaction['kind'],
    date: t.transactionDate,
    counterparty: t.counterparty,
    note: t.note,
    attachmentId: t.attachmentId,
    lockEndDate: t.lockEndDate,
    violation: t.violation,
    rectificationStatus: t.rectificationStatus as HousingTransaction['rectificationStatus'],
    rectificationDueAt: t.rectificationDueAt?.toISOString() ?? null,
    rectifiedAt: t.rectifiedAt?.toISOString() ?? null,
    rectificationNote: t.rectificationNote,
    createdAt: t.createdAt.toISOString(),
  };
}

export function presentPersonHistory(
  personId: string,
  health: HealthRow[],
  labour: LabourRow[],
  employment: EmploymentRow[],
): PersonHistory {
  const period = (r: { validFrom: string; validTo: string | null }) => ({ validFrom: r.validFrom, validTo: r.validTo });
  return {
    personId,
    health: health.map((r) => ({
      health: r.health as PersonHistory['health'][number]['health'],
      disabilityGrade: r.disabilityGrade,
      ...period(r),
    })),
    labour: labour.map((r) => ({
      labourCapacity: r.labourCapacity as PersonHistory['labour'][number]['labourCapacity'],
      ...period(r),
    })),
    employment: employment.map((r) => ({
      status: r.status as PersonHistory['employment'][number]['status'],
      employer: r.employer,
      place: r.place,
      monthlyIncome: r.monthlyIncome,
      ...period(r),
    })),
  };
}
