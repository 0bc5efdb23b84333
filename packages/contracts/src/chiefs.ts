import { z } from 'zod';

/** Site chiefs (点长制, plan §1, list rows L1–L2): terms, duties, visits and the county chief's hearings. */

export const localDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const chiefKinds = ['site_chief', 'county_chief'] as const;
export type ChiefKind = (typeof chiefKinds)[number];
export const chiefKindLabels: Record<ChiefKind, string> = { site_chief: '点长', county_chief: '总点长' };

/**
 * §1: 点长 duties as the plan states them (the default duties list of a new term; editable per term).
 */
export const defaultSiteChiefDuties: readonly string[] = [
  '主持安置点全面工作，所在地村（居）委会干部、驻村工作队、社区管理人员共同负责管理，做到既有分工、又有合作',
  '每月至少到安置点调研指导 2 次，帮助解决实际问题',
  '每半年向“总点长”汇报 1 次工作',
  '制定安置点帮扶规划，列好任务清单并推动落实',
];
export const defaultCountyChiefDuties: readonly string[] = [
  '建立健全县级“总点长”调度机制',
  '每半年听取 1 次各“点长”的工作汇报',
];

export const ChiefTaskSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().trim().min(1, '请填写任务内容').max(200, '任务内容不超过 200 字'),
  due: localDateText.nullable(),
  done: z.boolean(),
});
export type ChiefTask = z.infer<typeof ChiefTaskSchema>;

export const ChiefAssignmentSchema = z.object({
  id: z.string(),
  kind: z.enum(chiefKinds),
  userId: z.string(),
  userDisplayName: z.string(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  townshipName: z.string().nullable(),
  from: z.string(),
  to: z.string().nullable(),
  /** True when the term covers today (Asia/Shanghai). */
  current: z.boolean(),
  plan: z.string(),
  duties: z.array(z.string()),
  tasks: z.array(ChiefTaskSchema),
  abilities: z.object({ update: z.boolean() }),
});
export type ChiefAssignment = z.infer<typeof ChiefAssignmentSchema>;

export const ChiefAssignmentInputSchema = z
  .object({
    id: z.uuid().optional(),
    kind: z.enum(chiefKinds),
    userId: z.uuid('请选择人员'),
    siteId: z.uuid('请选择安置点').nullable().optional(),
    from: localDateText,
    to: localDateText.nullable().optional(),
    plan: z.string().max(5000, '帮扶规划不超过 5000 字').optional(),
    duties: z.array(z.string().trim().min(1).max(300)).max(30).optional(),
    tasks: z.array(ChiefTaskSchema).max(100).optional(),
  })
  .refine((v) => v.kind === 'county_chief' || !!v.siteId, { message: '点长须指定安置点', path: ['siteId'] })
  .refine((v) => !v.to || v.to >= v.from, { message: '结束日期不能早于开始日期', path: ['to'] });
export type ChiefAssignmentInput = z.infer<typeof ChiefAssignmentInputSchema>;

export const ChiefAssignmentUpdateSchema = z.object({
  to: localDateText.nullable().optional(),
  plan: z.string().max(5000, '帮扶规划不超过 5000 字').optional(),
  duties: z.array(z.string().trim().min(1).max(300)).max(30).optional(),
  tasks: z.array(ChiefTaskSchema).max(100).optional(),
});
export type ChiefAssignmentUpdate = z.infer<typeof ChiefAssignmentUpdateSchema>;

export const ChiefAssignmentQuerySchema = z.object({
  kind: z.enum(chiefKinds).optional(),
  siteId: z.uuid().optional(),
  userId: z.uuid().optional(),
  currentOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const ChiefAssignmentListSchema = z.object({ items: z.array(ChiefAssignmentSchema) });

const longText = (label: string) => z.string().trim().max(5000, `${label}不超过 5000 字`);

export const ChiefVisitSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  chiefId: z.string(),
  chiefName: z.string(),
  visitedAt: z.string(),
  problemsFound: z.string(),
  problemsSolved: z.string(),
  followUps: z.string(),
  attachmentIds: z.array(z.string()),
  recordedByName: z.string(),
  createdAt: z.string(),
});
export type ChiefVisit = z.infer<typeof ChiefVisitSchema>;

export const ChiefVisitInputSchema = z.object({
  id: z.uuid().optional(),
  siteId: z.uuid('请选择安置点'),
  /** Only a chief manager may record a visit for another chief; by default the visit is the caller's own. */
  chiefId: z.uuid().optional(),
  visitedAt: z.iso.datetime({ offset: true, message: '请填写走访时间' }),
  problemsFound: longText('发现的问题').min(1, '请填写发现的问题（没有问题请写“无”）'),
  problemsSolved: longText('解决的问题').default(''),
  followUps: longText('后续跟进事项').default(''),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
});
export type ChiefVisitInput = z.input<typeof ChiefVisitInputSchema>;

export const ChiefVisitQuerySchema = z.object({
  siteId: z.uuid().optional(),
  chiefId: z.uuid().optional(),
  /** A month 'YYYY-MM'. */
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ChiefReportSchema = z.object({
  id: z.string(),
  heardAt: z.string(),
  siteChiefId: z.string(),
  siteChiefName: z.string(),
  countyChiefId: z.string().nullable(),
  countyChiefName: z.string().nullable(),
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  summary: z.string(),
  attachmentIds: z.array(z.string()),
  recordedByName: z.string(),
  createdAt: z.string(),
});
export type ChiefReport = z.infer<typeof ChiefReportSchema>;

export const ChiefReportInputSchema = z.object({
  id: z.uuid().optional(),
  heardAt: z.iso.datetime({ offset: true, message: '请填写汇报时间' }),
  siteChiefId: z.uuid('请选择点长'),
  siteIds: z.array(z.uuid()).max(50).default([]),
  summary: longText('汇报摘要').min(1, '请填写汇报摘要'),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
});
export type ChiefReportInput = z.input<typeof ChiefReportInputSchema>;

export const ChiefReportQuerySchema = z.object({
  siteChiefId: z.uuid().optional(),
  /** A half year '2022-H1'. */
  halfYear: z
    .string()
    .regex(/^\d{4}-H[12]$/, '半年格式应为 2022-H1')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** One site of "my shortfalls this month" (R01 explained for the viewer's sites). */
export const SiteShortfallSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  townshipName: z.string(),
  verdict: z.enum(['met', 'not_met', 'not_applicable']),
  required: z.number().int(),
  visits: z.number().int(),
  shortfall: z.number().int(),
  chiefs: z.array(
    z.object({ chiefId: z.string(), chiefName: z.string(), visits: z.number().int(), shortfall: z.number().int() }),
  ),
  lastVisitAt: z.string().nullable(),
});
export type SiteShortfall = z.infer<typeof SiteShortfallSchema>;

export const ChiefReportStatusSchema = z.object({
  chiefId: z.string(),
  chiefName: z.string(),
  verdict: z.enum(['met', 'not_met', 'not_applicable']),
  reports: z.number().int(),
  required: z.number().int(),
  lastHeardAt: z.string().nullable(),
});

/** The chiefs page summary: this month's R01 for the viewer's sites and this half year's R02. */
export const ChiefOverviewSchema = z.object({
  month: z.string(),
  monthLabel: z.string(),
  halfYear: z.string(),
  halfYearLabel: z.string(),
  sites: z.array(SiteShortfallSchema),
  sitesShort: z.number().int(),
  visitsShort: z.number().int(),
  reports: z.array(ChiefReportStatusSchema),
  abilities: z.object({
    logVisit: z.boolean(),
    recordReport: z.boolean(),
    manage: z.boolean(),
  }),
  /** Sites where the viewer may log a visit as chief today. */
  mySites: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ChiefOverview = z.infer<typeof ChiefOverviewSchema>;

export const ChiefRuleRunInputSchema = z.object({
  id: z.uuid().optional(),
  ruleId: z.enum(['R01', 'R02']),
  periodKey: z.string().min(4).max(10),
});
export type ChiefRuleRunInput = z.infer<typeof ChiefRuleRunInputSchema>;
