/**
 * R11 (domain.md §16; plan §12): household employment (有劳动力的搬迁家庭至少 1 人就业).
 *
 * A household of ≤ 5 persons has ≥ 1 employed member; a household of > 5 persons has ≥ 2 employed where ≥ 2
 * members can work, else ≥ 1; not applicable where nobody can work. Can work: 普通劳动力, 技能劳动力,
 * 弱劳动力或半劳动力. Employed: any work status but 未就业, 在校生, 不适用 (公益岗位, 帮扶车间, 自主创业 and
 * 灵活就业 count). Members, labour capacity and employment are the facts in force on the evaluated day (the
 * last day of the month). The server's set-based SQL twin (rules-sql.ts) uses the same vocabulary.
 */
import { z } from 'zod';
import { defineRule, RuleError, type EvidenceRef, type RequirementVerdict } from './registry';

/** 劳动技能 values that count as able to work. */
export const canWorkCapacities = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力'] as const;
/** 务工就业 statuses that do not count as employed. */
export const notEmployedStatuses = ['未就业', '在校生', '不适用'] as const;

export function canWork(labourCapacity: string | null): boolean {
  return labourCapacity !== null && (canWorkCapacities as readonly string[]).includes(labourCapacity);
}

export function isEmployed(employmentStatus: string | null): boolean {
  return employmentStatus !== null && !(notEmployedStatuses as readonly string[]).includes(employmentStatus);
}

export interface EmploymentMemberFact {
  personId: string;
  name: string;
  /** 劳动技能 on the day, null when none is recorded. */
  labourCapacity: string | null;
  /** 务工就业 status on the day, null when none is recorded (not employed). */
  employmentStatus: string | null;
}

export interface EmploymentHouseholdFact {
  id: string;
  householdNumber: string;
  siteId: string | null;
  townshipCode: string | null;
  /** 分散安置: the destination village. */
  villageCode: string | null;
  members: readonly EmploymentMemberFact[];
}

export interface EmploymentParams {
  smallHouseholdMax: number;
  largeHouseholdRequired: number;
  minCanWorkForLarge: number;
}

/** How many employed members a household needs (0: nobody can work, not applicable). */
export function requiredEmployed(persons: number, canWorkCount: number, p: EmploymentParams): number {
  if (canWorkCount === 0) return 0;
  if (persons <= p.smallHouseholdMax) return 1;
  return canWorkCount >= p.minCanWorkForLarge ? p.largeHouseholdRequired : 1;
}

/** R11 for one household, with the persons, those who can work and those employed as values and evidence. */
export function judgeEmployment(h: EmploymentHouseholdFact, p: EmploymentParams): RequirementVerdict {
  const persons = h.members.length;
  const workers = h.members.filter((m) => canWork(m.labourCapacity));
  const employed = h.members.filter((m) => isEmployed(m.employmentStatus));
  const required = requiredEmployed(persons, workers.length, p);
  const values = {
    persons,
    canWork: workers.length,
    employed: employed.length,
    required,
    siteId: h.siteId,
    townshipCode: h.townshipCode,
    villageCode: h.villageCode,
  };
  const evidence: EvidenceRef[] = [
    { type: 'household', id: h.id, label: h.householdNumber },
    ...[...employed]
      .sort((a, b) => (a.personId < b.personId ? -1 : 1))
      .map((m) => ({ type: 'person', id: m.personId, label: m.name })),
  ];
  if (required === 0) {
    return { entityId: h.id, verdict: 'not_applicable', values, evidence, note: '家庭无劳动力' };
  }
  return { entityId: h.id, verdict: employed.length >= required ? 'met' : 'not_met', values, evidence };
}

export const householdEmploymentRule = defineRule({
  id: 'R11',
  title: '有劳动力的搬迁家庭就业（5人及以下至少1人，5人以上至少2人）',
  clause: '§12',
  listRows: [],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'month',
  scope: 'household',
  parameters: z.object({
    smallHouseholdMax: z.number().int().min(1).max(20).default(5).describe('“小家庭”人数上限（人）'),
    largeHouseholdRequired: z.number().int().min(1).max(10).default(2).describe('大家庭最少就业人数'),
    minCanWorkForLarge: z.number().int().min(1).max(10).default(2).describe('大家庭按多人就业要求所需劳动力人数'),
  }),
  evaluate(households: readonly EmploymentHouseholdFact[], p, ctx) {
    if (ctx.period.kind !== 'month') throw new RuleError('invalid_period', `规则 ${ctx.ruleId} 需要按月评估`);
    return households.map((h) => judgeEmployment(h, p));
  },
});
