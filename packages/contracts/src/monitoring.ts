import { z } from 'zod';
import {
  caseStages,
  caseStatuses,
  clueSources,
  clueStatuses,
  disasterKinds,
  eliminationMethods,
  identificationSteps,
  maxRiskTypes,
  monitoringCategories,
  riskFlags,
  riskTypes,
  type CaseStep,
} from './monitoring-vocabulary';
import { localDate } from './registry';

/*
 * 防返贫监测: risk clues, cases and identification (domain.md §4). Vocabulary and labels in monitoring-vocabulary.ts;
 * help plans, measures and risk elimination in monitoring-help.ts.
 */

const monthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const divisionCode = z.string().regex(/^\d{12}$/, '区划代码应为 12 位数字');

/** The household side of a clue or case. */
export const MonitoringHouseholdSchema = z.object({
  householdId: z.string(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  /** 户类别: 搬迁脱贫户 | 同步搬迁户. */
  householdCategory: z.string().nullable(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  townshipCode: z.string().nullable(),
  townshipName: z.string().nullable(),
});
export type MonitoringHousehold = z.infer<typeof MonitoringHouseholdSchema>;

export const ClueSchema = MonitoringHouseholdSchema.extend({
  id: z.string(),
  source: z.enum(clueSources),
  sourceRef: z.string().nullable(),
  reason: z.string(),
  riskTypes: z.array(z.enum(riskTypes)),
  details: z.record(z.string(), z.unknown()),
  declarantName: z.string().nullable(),
  /** Masked (138****1234). */
  declarantPhone: z.string().nullable(),
  declarantPersonId: z.string().nullable(),
  reportedOn: z.string(),
  reportedByName: z.string(),
  status: z.enum(clueStatuses),
  caseId: z.string().nullable(),
  dismissedReason: z.string().nullable(),
  createdAt: z.string(),
});
export type Clue = z.infer<typeof ClueSchema>;

const riskTypeList = z
  .array(z.enum(riskTypes, '风险类型无效'))
  .max(maxRiskTypes, `风险类型最多 ${maxRiskTypes} 项`)
  .refine((a) => new Set(a).size === a.length, '风险类型不能重复');

/** A clue a cadre records: a household's self-declaration (自主申报) or a cadre's screening (干部排查). */
export const ClueInputSchema = z
  .object({
    /** Client-generated id (UUIDv7): a replay returns the clue it created. */
    id: z.uuid('编号格式不正确'),
    source: z.enum(['self_declaration', 'screening'], '请选择线索来源'),
    /** The household; for a self-declaration it may instead be found from the declarant's ID number. */
    householdId: z.uuid('搬迁户 id 格式不正确').optional(),
    reportedOn: localDate('发现日期'),
    hardship: z.string().trim().min(1, '请填写困难情况').max(500, '困难情况不能超过 500 个字'),
    riskTypes: riskTypeList.default([]),
    declarant: z
      .object({
        name: z.string().trim().min(1, '请填写申报人姓名').max(50),
        phone: z.string().trim().max(20).optional(),
        idNumber: z.string().trim().max(18).optional(),
      })
      .optional(),
  })
  .refine((c) => c.source !== 'self_declaration' || !!c.declarant, {
    message: '农户自主申报请填写申报人',
    path: ['declarant'],
  })
  .refine((c) => !!c.householdId || !!c.declarant?.idNumber, {
    message: '请选择搬迁户，或填写申报人身份证号码以匹配搬迁户',
    path: ['householdId'],
  });
export type ClueInput = z.input<typeof ClueInputSchema>;

export const ClueQuerySchema = z.object({
  status: z.enum(clueStatuses).optional(),
  source: z.enum(clueSources).optional(),
  townshipCode: divisionCode.optional(),
  siteId: z.uuid().optional(),
  /** Month the clue was reported in. */
  month: monthKey.optional(),
  householdId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ClueQuery = z.infer<typeof ClueQuerySchema>;

export const ClueDismissInputSchema = z.object({
  reason: z.string().trim().min(2, '请填写排除原因').max(500, '排除原因不能超过 500 个字'),
});

/** Starting identification from a clue; the household's other open clues attach to the case. */
export const CaseStartInputSchema = z.object({
  /** Client-generated id (UUIDv7) of the case: a replay returns it. */
  id: z.uuid('编号格式不正确'),
  clueId: z.uuid('线索 id 格式不正确'),
});

export const IdentificationClockSchema = z.object({
  startedOn: z.string(),
  dueOn: z.string(),
  daysUsed: z.number(),
  daysLeft: z.number().nullable(),
  late: z.boolean(),
  atRisk: z.boolean(),
  finished: z.boolean(),
  limitDays: z.number(),
});
export type IdentificationClockDto = z.infer<typeof IdentificationClockSchema>;

export const CaseSchema = MonitoringHouseholdSchema.extend({
  id: z.string(),
  clueId: z.string().nullable(),
  previousCaseId: z.string().nullable(),
  status: z.enum(caseStatuses),
  category: z.enum(monitoringCategories).nullable(),
  riskTypes: z.array(z.enum(riskTypes)),
  disasterKind: z.enum(disasterKinds).nullable(),
  riskFlags: z.array(z.enum(riskFlags)),
  startedOn: z.string(),
  dueOn: z.string(),
  identifiedOn: z.string().nullable(),
  notIncludedReason: z.string().nullable(),
  incomeAtIdentification: z.number().nullable(),
  planGoal: z.string().nullable(),
  planUpdatedOn: z.string().nullable(),
  contactUserId: z.string().nullable(),
  eliminatedOn: z.string().nullable(),
  eliminationMethod: z.enum(eliminationMethods).nullable(),
  eliminationRound: z.number(),
  version: z.number(),
  /** The identification clock (national rule: 15 days, a parameter of R07). */
  clock: IdentificationClockSchema,
  /** The identification step to record next, or null when identification is over. */
  nextStep: z.enum(identificationSteps).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MonitoringCase = z.infer<typeof CaseSchema>;

export const CaseStepSchema = z.object({
  id: z.string(),
  stage: z.enum(caseStages),
  round: z.number(),
  step: z.string() as z.ZodType<CaseStep>,
  stepDate: z.string(),
  outcome: z.enum(['passed', 'failed']),
  note: z.string().nullable(),
  participants: z.array(z.string()),
  postedFrom: z.string().nullable(),
  postedTo: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  actorName: z.string(),
  createdAt: z.string(),
});
export type CaseStepDto = z.infer<typeof CaseStepSchema>;

export const CaseEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  eventDate: z.string(),
  status: z.enum(caseStatuses),
  category: z.enum(monitoringCategories).nullable(),
  reason: z.string().nullable(),
  actorName: z.string(),
  createdAt: z.string(),
});

export const CaseDetailSchema = CaseSchema.extend({
  clues: z.array(ClueSchema),
  steps: z.array(CaseStepSchema),
  events: z.array(CaseEventSchema),
  /** The permission the next step needs, and whether the caller holds it for this household. */
  nextStepPermission: z.string().nullable(),
  canRecordNextStep: z.boolean(),
  /** 村级评议 posting days (national rule: ≥ 5, a parameter of R07). */
  postingMinDays: z.number(),
  /** Members (masked numbers) for the papers. */
  members: z.array(
    z.object({
      name: z.string(),
      relation: z.string(),
      idNumber: z.string().nullable(),
      health: z.string().nullable(),
    }),
  ),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const CaseQuerySchema = z.object({
  status: z.enum(caseStatuses).optional(),
  category: z.enum(monitoringCategories).optional(),
  townshipCode: divisionCode.optional(),
  siteId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  /** late | at_risk: identifying cases past or near the limit. */
  clock: z.enum(['late', 'at_risk']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CaseQuery = z.infer<typeof CaseQuerySchema>;

/**
 * One identification step. `failed` ends the procedure with 不予纳入 (the note is the reason). The registration step
 * (建档) that passes includes the household with a category compatible with it and 1–5 risk types.
 */
export const CaseStepInputSchema = z.object({
  version: z.number().int().min(1),
  step: z.enum(identificationSteps, '步骤无效'),
  stepDate: localDate('步骤日期'),
  outcome: z.enum(['passed', 'failed'], '请选择结果'),
  note: z.string().trim().max(1000, '说明不能超过 1000 个字').optional(),
  participants: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  postedFrom: localDate('公示开始日期').optional(),
  postedTo: localDate('公示结束日期').optional(),
  attachmentIds: z.array(z.uuid('附件 id 格式不正确')).max(20).default([]),
  category: z.enum(monitoringCategories, '请选择监测类别').optional(),
  riskTypes: riskTypeList.optional(),
  disasterKind: z.enum(disasterKinds, '灾害类型无效').optional(),
  riskFlags: z.array(z.enum(riskFlags)).max(riskFlags.length).optional(),
  incomeAtIdentification: z.number().min(0).max(10_000_000).optional(),
});
export type CaseStepInput = z.input<typeof CaseStepInputSchema>;

/** Which permission records which identification step (site staff / township; township; county). */
export const identificationStepPermission = {
  household_verification: 'monitoring.verify',
  information_check: 'monitoring.verify',
  village_review: 'monitoring.verify',
  township_review: 'monitoring.township_review',
  county_approval: 'monitoring.county_approve',
  announcement: 'monitoring.county_approve',
  registration: 'monitoring.county_approve',
} as const;
