import { z } from 'zod';
import {
  disabilityGrades,
  documentTypes,
  educationLevels,
  employmentStatuses,
  healthStatuses,
  labourCapacities,
  localDate,
  memberRelations,
  placements,
  politicalStatuses,
  studentStatuses,
} from './registry';

/*
 * Household events (分户, 迁移, 注销, 安置点合并与撤销), person edits and dated facts (health, labour capacity,
 * employment), the 20-year rule's housing transactions (§23, R23) and the registry's data-quality findings.
 * Every event carries its effective date: "as of" reads follow it.
 */

const note = z.string('说明应为文本').trim().max(200, '说明不能超过 200 个字').nullable().optional();
const uuid = (label: string) => z.uuid(`${label} id 格式不正确`);
const placeText = (label: string) =>
  z.string(`${label}应为文本`).trim().max(20, `${label}不能超过 20 个字`).nullable().optional();

/** Where a household lives from a date: a site (集中安置) or a destination village (分散安置). */
export const PlacementInputSchema = z.object({
  placement: z.enum(placements, '请选择安置方式（集中安置或分散安置）'),
  siteId: uuid('安置点').nullable().optional(),
  building: placeText('楼栋'),
  unit: placeText('单元'),
  room: placeText('房号'),
  destinationVillageCode: z
    .string('请选择安置村')
    .regex(/^\d{12}$/, '安置村应为 12 位行政区划代码')
    .nullable()
    .optional(),
});
export type PlacementInput = z.infer<typeof PlacementInputSchema>;

/** 分户: chosen members leave on `date` and form a new household (new 户编号) with its own head. */
export const HouseholdSplitInputSchema = z.object({
  /** Client id of the new household (a replayed request creates nothing twice). */
  newHouseholdId: uuid('新户').optional(),
  householdNumber: z
    .string('请输入新户编号')
    .trim()
    .regex(/^[0-9A-Za-z-]{4,30}$/, '户编号应为 4–30 位数字或字母'),
  date: localDate('分户日期'),
  /** The members who move to the new household, with their relation to its head (exactly one 户主). */
  members: z
    .array(z.object({ personId: uuid('人员'), relation: z.enum(memberRelations, '请选择与新户主关系') }))
    .min(1, '请选择分出的成员')
    .max(30, '成员不能超过 30 人')
    .refine((ms) => ms.filter((m) => m.relation === '户主').length === 1, '分出的成员中应有且只有一名户主'),
  /** When the old head leaves with the new household: who heads the old one from `date`. */
  remainingHeadPersonId: uuid('原户新户主').optional(),
  /** Placement of the new household; default: the old household's. */
  placement: PlacementInputSchema.optional(),
  note,
});
export type HouseholdSplitInput = z.infer<typeof HouseholdSplitInputSchema>;

/** 迁移: the household lives at another site, township or village from `date` (or changes 集中/分散). */
export const HouseholdMoveInputSchema = PlacementInputSchema.extend({
  date: localDate('迁移日期'),
  note,
});
export type HouseholdMoveInput = z.infer<typeof HouseholdMoveInputSchema>;

/** 注销 reasons. */
export const closeReasons = ['全户死亡', '全户迁出本县', '并入其他户', '重复登记', '其他'] as const;
export const HouseholdCloseInputSchema = z.object({
  date: localDate('注销日期'),
  reason: z.enum(closeReasons, '请选择注销原因'),
  note,
});
export type HouseholdCloseInput = z.infer<typeof HouseholdCloseInputSchema>;

/** 安置点合并: every household of the site moves to the target site on `date`; the site closes. */
export const SiteMergeInputSchema = z.object({
  targetSiteId: uuid('合并到的安置点'),
  date: localDate('合并日期'),
  note,
});
export type SiteMergeInput = z.infer<typeof SiteMergeInputSchema>;

/** 安置点撤销: only when no household lives there any more (otherwise merge, or move them first). */
export const SiteCloseInputSchema = z.object({ date: localDate('撤销日期'), note });
export type SiteCloseInput = z.infer<typeof SiteCloseInputSchema>;

export const SiteEventResultSchema = z.object({
  siteId: z.string(),
  status: z.enum(['active', 'closed']),
  closedOn: z.string().nullable(),
  mergedIntoSiteId: z.string().nullable(),
  /** Households moved by a merge. */
  movedHouseholds: z.number(),
});
export type SiteEventResult = z.infer<typeof SiteEventResultSchema>;

// ---------------------------------------------------------------------------------------------
// Persons
// ---------------------------------------------------------------------------------------------

/**
 * Corrections of a person's own fields, with the version read (409 when stale). Health, labour capacity and
 * employment change through their dated endpoints. A person registered with another document can receive a
 * 居民身份证 number here (birth date and sex then come from it).
 */
export const PersonUpdateInputSchema = z.object({
  version: z.number('缺少版本号 version').int().min(1),
  name: z.string('请输入姓名').trim().min(1, '请输入姓名').max(50, '姓名不能超过 50 个字').optional(),
  documentType: z.enum(documentTypes, '请选择证件类型').optional(),
  idNumber: z.union([z.string(), z.number()], '身份证号码应为文本').optional(),
  otherDocumentNo: z.string().trim().max(50, '证件号码不能超过 50 个字符').optional(),
  ethnicity: z.string('民族应为文本').trim().min(1, '请输入民族').max(20, '民族不能超过 20 个字').optional(),
  politicalStatus: z.enum(politicalStatuses, '请选择政治面貌').optional(),
  education: z.enum(educationLevels, '请选择文化程度').nullable().optional(),
  studentStatus: z.enum(studentStatuses, '请选择在校生情况').optional(),
  medicalInsurance: z.boolean('是否参加基本医疗保险应为是或否').optional(),
  pensionInsurance: z.boolean('是否参加养老保险应为是或否').optional(),
  dibao: z.boolean('是否享受低保应为是或否').optional(),
  tekun: z.boolean('是否特困供养应为是或否').optional(),
  /** A mobile number (checked), or null to remove it. */
  phone: z.string('电话号码应为文本').trim().max(30).nullable().optional(),
});
export type PersonUpdateInput = z.infer<typeof PersonUpdateInputSchema>;

export const HealthChangeInputSchema = z
  .object({
    date: localDate('变更日期'),
    health: z.enum(healthStatuses, '请选择健康状况'),
    disabilityGrade: z.enum(disabilityGrades, '请选择残疾等级').nullable().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.health === '残疾' && !p.disabilityGrade)
      ctx.addIssue({ code: 'custom', path: ['disabilityGrade'], message: '健康状况为残疾时需填写残疾等级' });
    if (p.health !== '残疾' && p.disabilityGrade)
      ctx.addIssue({ code: 'custom', path: ['disabilityGrade'], message: '只有健康状况为残疾时才填写残疾等级' });
  });
export type HealthChangeInput = z.infer<typeof HealthChangeInputSchema>;

export const LabourChangeInputSchema = z.object({
  date: localDate('变更日期'),
  labourCapacity: z.enum(labourCapacities, '请选择劳动技能'),
});
export type LabourChangeInput = z.infer<typeof LabourChangeInputSchema>;

export const EmploymentChangeInputSchema = z.object({
  date: localDate('变更日期'),
  status: z.enum(employmentStatuses, '请选择务工就业状态'),
  employer: z.string().trim().max(100, '就业单位不能超过 100 个字').nullable().optional(),
  place: z.string().trim().max(100, '就业地点不能超过 100 个字').nullable().optional(),
  monthlyIncome: z
    .number('月收入应为数字')
    .min(0, '月收入不能为负数')
    .max(10_000_000, '月收入过大')
    .nullable()
    .optional(),
});
export type EmploymentChangeInput = z.infer<typeof EmploymentChangeInputSchema>;

const period = { validFrom: z.string(), validTo: z.string().nullable() };

/** A person's dated facts, oldest first. */
export const PersonHistorySchema = z.object({
  personId: z.string(),
  health: z.array(z.object({ health: z.enum(healthStatuses), disabilityGrade: z.string().nullable(), ...period })),
  labour: z.array(z.object({ labourCapacity: z.enum(labourCapacities), ...period })),
  employment: z.array(
    z.object({
      status: z.enum(employmentStatuses),
      employer: z.string().nullable(),
      place: z.string().nullable(),
      monthlyIncome: z.number().nullable(),
      ...period,
    }),
  ),
});
export type PersonHistory = z.infer<typeof PersonHistorySchema>;

// ---------------------------------------------------------------------------------------------
// §23: housing transactions and R23
// ---------------------------------------------------------------------------------------------

export const housingTransactionKinds = ['转让', '出租', '转借'] as const;

export const HousingTransactionInputSchema = z.object({
  id: uuid('记录').optional(),
  kind: z.enum(housingTransactionKinds, '请选择类型（转让、出租、转借）'),
  date: localDate('发生日期'),
  counterparty: z.string('请填写受让方或承租方').trim().min(1, '请填写受让方或承租方').max(100, '不能超过 100 个字'),
  note,
  attachmentId: uuid('附件').nullable().optional(),
});
export type HousingTransactionInput = z.infer<typeof HousingTransactionInputSchema>;

export const RectifyInputSchema = z.object({
  note: z.string('请填写整改情况').trim().min(2, '请填写整改情况').max(500, '整改情况不能超过 500 个字'),
});
export type RectifyInput = z.infer<typeof RectifyInputSchema>;

export const rectificationStatuses = ['none', 'open', 'done'] as const;
export const rectificationStatusLabels: Record<(typeof rectificationStatuses)[number], string> = {
  none: '无需整改',
  open: '整改中',
  done: '已整改',
};

export const HousingTransactionSchema = z.object({
  id: z.string(),
  kind: z.enum(housingTransactionKinds),
  date: z.string(),
  counterparty: z.string(),
  note: z.string().nullable(),
  attachmentId: z.string().nullable(),
  lockEndDate: z.string().nullable(),
  /** Inside the lock window: a violation of R23. */
  violation: z.boolean(),
  rectificationStatus: z.enum(rectificationStatuses),
  rectificationDueAt: z.string().nullable(),
  rectifiedAt: z.string().nullable(),
  rectificationNote: z.string().nullable(),
  createdAt: z.string(),
});
export type HousingTransaction = z.infer<typeof HousingTransactionSchema>;

export const HousingLockSchema = z.object({
  /** null: no certificate or handover date. */
  start: z.string().nullable(),
  end: z.string().nullable(),
  basis: z.enum(['certificate', 'handover']).nullable(),
  years: z.number(),
  /** The lock is in force today. */
  active: z.boolean(),
  /** R23 as of today: met, not_met (a recorded sale or sublet inside the window) or not_applicable. */
  verdict: z.enum(['met', 'not_met', 'not_applicable']),
});
export type HousingLock = z.infer<typeof HousingLockSchema>;

export const householdEventKinds = [
  'split',
  'split_from',
  'move',
  'close',
  'housing_transaction',
  'rectified',
] as const;
export const householdEventLabels: Record<(typeof householdEventKinds)[number], string> = {
  split: '分户（分出）',
  split_from: '分户（新立户）',
  move: '迁移',
  close: '注销',
  housing_transaction: '转让/出租/转借',
  rectified: '整改完成',
};

export const HouseholdEventSchema = z.object({
  id: z.string(),
  kind: z.enum(householdEventKinds),
  effectiveDate: z.string(),
  /** A Chinese one-line description. */
  summary: z.string(),
  payload: z.record(z.string(), z.unknown()),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type HouseholdEvent = z.infer<typeof HouseholdEventSchema>;

export const PlacementPeriodSchema = z.object({
  placement: z.enum(placements),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  building: z.string().nullable(),
  unit: z.string().nullable(),
  room: z.string().nullable(),
  destinationVillageCode: z.string().nullable(),
  destinationVillageName: z.string().nullable(),
  ...period,
});

/** A household's dated history: placements, events, the 20-year lock and its housing transactions. */
export const HouseholdHistorySchema = z.object({
  householdId: z.string(),
  closedOn: z.string().nullable(),
  placements: z.array(PlacementPeriodSchema),
  events: z.array(HouseholdEventSchema),
  housingLock: HousingLockSchema,
  housingTransactions: z.array(HousingTransactionSchema),
});
export type HouseholdHistory = z.infer<typeof HouseholdHistorySchema>;

// ---------------------------------------------------------------------------------------------
// Data quality (domain.md §17, the registry part)
// ---------------------------------------------------------------------------------------------

export const dataQualityKinds = [
  'id_number_reused',
  'possible_duplicate_person',
  'person_in_two_households',
  'no_valid_id_number',
  'household_without_head',
  'household_without_members',
  'dispersed_without_village',
  'centralised_without_site',
  'head_under_16',
] as const;
export type DataQualityKind = (typeof dataQualityKinds)[number];
export const dataQualityKindLabels: Record<DataQualityKind, string> = {
  id_number_reused: '身份证号码重复使用',
  possible_duplicate_person: '疑似重复登记的人员',
  person_in_two_households: '同一时间属于两户的人员',
  no_valid_id_number: '无有效 18 位身份证号码',
  household_without_head: '无户主的户',
  household_without_members: '无成员的户',
  dispersed_without_village: '分散安置户缺少安置村',
  centralised_without_site: '集中安置户缺少安置点',
  head_under_16: '户主未满 16 周岁',
};

export const DataQualityQuerySchema = z.object({
  kind: z.enum(dataQualityKinds, '问题类型无效').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DataQualityQuery = z.infer<typeof DataQualityQuerySchema>;

export const DataQualityFindingSchema = z.object({
  kind: z.enum(dataQualityKinds),
  /** Chinese description of this finding. */
  description: z.string(),
  householdId: z.string().nullable(),
  householdNumber: z.string().nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
});
export type DataQualityFinding = z.infer<typeof DataQualityFindingSchema>;

export const DataQualityReportSchema = z.object({
  asOf: z.string(),
  /** Every kind with its count in the caller's scope (capped at `cap`; `capped` says so). */
  summary: z.array(
    z.object({ kind: z.enum(dataQualityKinds), label: z.string(), count: z.number(), capped: z.boolean() }),
  ),
  items: z.array(DataQualityFindingSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type DataQualityReport = z.infer<typeof DataQualityReportSchema>;
