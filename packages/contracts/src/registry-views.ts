import { z } from 'zod';
import {
  documentTypes,
  employmentStatuses,
  healthStatuses,
  householdCategories,
  HouseholdQuerySchema,
  labourCapacities,
  memberRelations,
  placements,
  sexes,
} from './registry';

/*
 * Read views of the registry: the person list, a household's timeline (变更记录), a site's live counts and the
 * list exports. Numbers are masked and ages replace birth dates everywhere here (decisions.md, personal data).
 */

/** 务工就业 statuses that count as employed (rule R11: every status but 未就业, 在校生, 不适用). */
export const employedStatuses = employmentStatuses.slice(0, 7);

// ---------------------------------------------------------------------------------------------
// Persons list
// ---------------------------------------------------------------------------------------------

export const personEmploymentFilters = ['employed', 'unemployed'] as const;
export const personEmploymentFilterLabels: Record<(typeof personEmploymentFilters)[number], string> = {
  employed: '已就业',
  unemployed: '未就业（含无就业记录）',
};

const age = (label: string) => z.coerce.number(`${label}应为数字`).int(`${label}应为整数`).min(0).max(150).optional();

export const PersonQuerySchema = z
  .object({
    /** Part of the name. */
    name: z.string().trim().max(50, '姓名过长').optional(),
    /** Exact 户编号. */
    householdNumber: z.string().trim().max(30, '户编号过长').optional(),
    townshipCode: z
      .string()
      .regex(/^\d{12}$/, '乡镇应为 12 位行政区划代码')
      .optional(),
    siteId: z.uuid('安置点 id 格式不正确').optional(),
    labourCapacity: z.enum(labourCapacities, '劳动技能无效').optional(),
    employment: z.enum(personEmploymentFilters, '就业情况筛选无效').optional(),
    health: z.enum(healthStatuses, '健康状况无效').optional(),
    /** Age in completed years today, inclusive bounds. */
    ageMin: age('最小年龄'),
    ageMax: age('最大年龄'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.ageMin === undefined || q.ageMax === undefined || q.ageMin <= q.ageMax, {
    message: '最小年龄不能大于最大年龄',
    path: ['ageMin'],
  });
export type PersonQuery = z.infer<typeof PersonQuerySchema>;

/** A current member of a household in scope: masked number and age, never the birth date. */
export const PersonListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.enum(sexes),
  age: z.number(),
  documentType: z.enum(documentTypes),
  documentNumber: z.string().nullable(),
  relation: z.enum(memberRelations),
  householdId: z.string(),
  householdNumber: z.string(),
  category: z.enum(householdCategories),
  placement: z.enum(placements),
  siteName: z.string().nullable(),
  townshipName: z.string().nullable(),
  health: z.enum(healthStatuses),
  labourCapacity: z.enum(labourCapacities),
  /** Today's employment status, null without a record. */
  employmentStatus: z.enum(employmentStatuses).nullable(),
  employer: z.string().nullable(),
});
export type PersonListItem = z.infer<typeof PersonListItemSchema>;

// ---------------------------------------------------------------------------------------------
// Timeline (变更记录)
// ---------------------------------------------------------------------------------------------

export const TimelineEntrySchema = z.object({
  /** The audit event's id (or `registered` for the registration of a bulk-loaded household). */
  id: z.string(),
  occurredAt: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  /** What happened, in Chinese, without the time and the actor, e.g. `新增成员 李四（出生，2022-03-01 起）`. */
  summary: z.string(),
  /** One line per changed field (`住房面积：90 → 100`); personal numbers only masked. */
  details: z.array(z.string()),
  /** The whole line: `2022-03-02 14:10 张三（县乡村振兴局） 新增成员 李四（出生）`. */
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TimelineSchema = z.object({ items: z.array(TimelineEntrySchema) });
export type Timeline = z.infer<typeof TimelineSchema>;

// ---------------------------------------------------------------------------------------------
// A site's live counts
// ---------------------------------------------------------------------------------------------

const countsOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.object({ value: z.enum(values), count: z.number() }));

export const SiteRegistrySummarySchema = z.object({
  siteId: z.string(),
  /** The day the counts are for (today, Asia/Shanghai). */
  asOf: z.string(),
  households: z.number(),
  persons: z.number(),
  byCategory: countsOf(householdCategories),
  /** Persons by labour capacity. */
  byLabourCapacity: countsOf(labourCapacities),
  /** Persons who can work (普通、技能、弱或半劳动力). */
  labourers: z.number(),
  /** Persons employed today. */
  employed: z.number(),
  /** Households with nobody employed although someone can work. */
  householdsWithoutEmployment: z.number(),
});
export type SiteRegistrySummary = z.infer<typeof SiteRegistrySummarySchema>;

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

/** `reveal=1` with a reason asks for full numbers (person.reveal only; audited with the reason and the count). */
const revealFields = {
  reveal: z
    .enum(['0', '1'], 'reveal 应为 0 或 1')
    .optional()
    .transform((v) => v === '1'),
  reason: z.string().trim().max(200, '导出原因不能超过 200 个字').optional(),
};
const needsReason = <T extends { reveal: boolean; reason?: string | undefined }>(q: T) =>
  !q.reveal || (q.reason !== undefined && q.reason.length >= 4);
const reasonIssue = { message: '导出完整号码须填写原因（至少 4 个字）', path: ['reason'] };

export const HouseholdExportQuerySchema = HouseholdQuerySchema.omit({ page: true, pageSize: true })
  .extend(revealFields)
  .refine(needsReason, reasonIssue);
export type HouseholdExportQuery = z.infer<typeof HouseholdExportQuerySchema>;

export const PersonExportQuerySchema = PersonQuerySchema.safeExtend(revealFields).refine(needsReason, reasonIssue);
export type PersonExportQuery = z.infer<typeof PersonExportQuerySchema>;
