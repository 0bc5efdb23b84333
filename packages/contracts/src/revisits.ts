import { z } from 'zod';
import { EmploymentChangeInputSchema, HealthChangeInputSchema } from './registry-events';
import { MemberJoinInputSchema, MemberLeaveInputSchema, localDate } from './registry';

/** 回访方式. */
export const revisitMethods = ['入户', '电话', '微信'] as const;
export type RevisitMethod = (typeof revisitMethods)[number];

/** The five changes (五个变化) with their labels and the code list of `what`. */
export const revisitChangeKeys = ['householdSize', 'health', 'industry', 'employment', 'income'] as const;
export type RevisitChangeKey = (typeof revisitChangeKeys)[number];
export const revisitChangeLabels: Record<RevisitChangeKey, string> = {
  householdSize: '家庭成员数量',
  health: '身体状况',
  industry: '产业发展',
  employment: '就业务工',
  income: '人均收入',
};
export const revisitChangeWhats: Record<RevisitChangeKey, readonly string[]> = {
  householdSize: ['新增人口', '减少人口', '死亡'],
  health: ['患大病', '慢性病', '残疾', '好转'],
  industry: ['新发展产业', '扩大规模', '减产减收', '产业停止'],
  employment: ['新就业', '换工作', '收入增加', '收入减少', '失业'],
  income: ['增加', '减少'],
};

/** The five situations (五种情况). */
export const revisitSituationKeys = ['policies', 'pairing', 'integration', 'demands', 'suddenHardship'] as const;
export type RevisitSituationKey = (typeof revisitSituationKeys)[number];
export const revisitSituationLabels: Record<RevisitSituationKey, string> = {
  policies: '政策享受落实',
  pairing: '干部结对帮扶',
  integration: '社区生活融入',
  demands: '合理诉求解决',
  suddenHardship: '突发困难问题',
};
export const revisitSituationWhats: Record<RevisitSituationKey, readonly string[]> = {
  policies: ['政策未落实', '政策待办理', '其他'],
  pairing: ['未见帮扶干部', '帮扶措施未落实', '其他'],
  integration: ['生活不适应', '邻里矛盾', '其他'],
  demands: ['就业诉求', '住房诉求', '教育诉求', '医疗诉求', '其他'],
  suddenHardship: ['自然灾害', '意外事故', '重大疾病', '辍学', '住房安全', '饮水安全', '其他'],
};

/** One answer: did it change (or is there a problem), what, the new value, free text. */
export const RevisitItemSchema = z
  .object({
    changed: z.boolean(),
    what: z.string().trim().max(50, '变化类别不能超过 50 个字').nullable().optional(),
    newValue: z.string().trim().max(100, '新情况不能超过 100 个字').nullable().optional(),
    note: z.string().trim().max(500, '说明不能超过 500 个字').nullable().optional(),
  })
  .refine((i) => !i.changed || !!i.what || !!i.note, { message: '有变化时请选择变化类别或填写说明', path: ['what'] });
export type RevisitItem = z.infer<typeof RevisitItemSchema>;

const unchanged: RevisitItem = { changed: false };
const itemsOf = <K extends string>(keys: readonly K[]) =>
  z.object(
    Object.fromEntries(keys.map((k) => [k, RevisitItemSchema.default(unchanged)])) as Record<
      K,
      z.ZodDefault<typeof RevisitItemSchema>
    >,
  );
export const RevisitChangesSchema = itemsOf(revisitChangeKeys);
export const RevisitSituationsSchema = itemsOf(revisitSituationKeys);

/** Registry changes a revisit records; each goes through the registry's own audited service. */
export const RevisitRegistryChangesSchema = z.object({
  /** A new member (birth, marriage in …): the registry's member join. */
  joins: z.array(MemberJoinInputSchema).max(10).default([]),
  /** A member who left (死亡 …): the registry's member leave. */
  leaves: z
    .array(MemberLeaveInputSchema.extend({ personId: z.uuid('人员 id 格式不正确') }))
    .max(10)
    .default([]),
  health: z
    .array(z.object({ personId: z.uuid('人员 id 格式不正确'), change: HealthChangeInputSchema }))
    .max(20)
    .default([]),
  employment: z
    .array(z.object({ personId: z.uuid('人员 id 格式不正确'), change: EmploymentChangeInputSchema }))
    .max(20)
    .default([]),
});
export type RevisitRegistryChanges = z.infer<typeof RevisitRegistryChangesSchema>;

export const RevisitInputSchema = z.object({
  /** Client-generated id (UUIDv7): a replayed submission returns the revisit it created. */
  id: z.uuid('编号格式不正确'),
  householdId: z.uuid('搬迁户 id 格式不正确'),
  visitDate: localDate('回访日期'),
  method: z.enum(revisitMethods, '请选择回访方式'),
  changes: RevisitChangesSchema.default(RevisitChangesSchema.parse({})),
  situations: RevisitSituationsSchema.default(RevisitSituationsSchema.parse({})),
  problems: z.string().trim().max(500, '发现问题不能超过 500 个字').optional(),
  measures: z.string().trim().max(500, '处理措施不能超过 500 个字').optional(),
  note: z.string().trim().max(500, '备注不能超过 500 个字').optional(),
  photoAttachmentId: z.uuid('附件 id 格式不正确').optional(),
  registryChanges: RevisitRegistryChangesSchema.optional(),
});
export type RevisitInput = z.input<typeof RevisitInputSchema>;

export const RiskSignalSchema = z.object({ kind: z.string(), label: z.string(), source: z.string() });

export const RevisitSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  townshipCode: z.string(),
  townshipName: z.string().nullable(),
  month: z.string(),
  visitDate: z.string(),
  method: z.enum(revisitMethods),
  visitorName: z.string(),
  changes: RevisitChangesSchema,
  situations: RevisitSituationsSchema,
  problems: z.string().nullable(),
  measures: z.string().nullable(),
  note: z.string().nullable(),
  photoAttachmentId: z.string().nullable(),
  riskSignals: z.array(RiskSignalSchema),
  registryChanges: z.array(z.string()),
  /** Monitoring clues the revisit's risk signals opened (on the single-revisit read and the create answer). */
  clues: z.array(z.object({ id: z.string(), reason: z.string(), status: z.string() })).optional(),
  createdAt: z.string(),
});
export type Revisit = z.infer<typeof RevisitSchema>;

const monthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const RevisitQuerySchema = z.object({
  month: monthKey.optional(),
  siteId: z.uuid().optional(),
  townshipCode: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  householdId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type RevisitQuery = z.input<typeof RevisitQuerySchema>;

export const CompletionQuerySchema = z.object({ month: monthKey });

const completionCounts = { households: z.number(), revisited: z.number(), rate: z.number() };
export const RevisitCompletionSchema = z.object({
  month: z.string(),
  county: z.object(completionCounts),
  townships: z.array(z.object({ townshipCode: z.string(), townshipName: z.string().nullable(), ...completionCounts })),
  sites: z.array(
    z.object({
      siteId: z.string(),
      siteName: z.string(),
      townshipCode: z.string(),
      ...completionCounts,
    }),
  ),
});
export type RevisitCompletion = z.infer<typeof RevisitCompletionSchema>;

export const PendingQuerySchema = z.object({
  month: monthKey,
  siteId: z.uuid().optional(),
  townshipCode: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});
export const PendingHouseholdSchema = z.object({
  householdId: z.string(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  address: z.string().nullable(),
  townshipCode: z.string(),
});
export type PendingHousehold = z.infer<typeof PendingHouseholdSchema>;
export const PendingListSchema = z.object({ month: z.string(), items: z.array(PendingHouseholdSchema) });
export type PendingList = z.infer<typeof PendingListSchema>;

// ---------------------------------------------------------------------------------------------
// Month close (月度确认, L7)
// ---------------------------------------------------------------------------------------------

export const MonthCloseInputSchema = z.object({
  townshipCode: z.string().regex(/^\d{12}$/, '请选择乡镇'),
  month: monthKey,
});
export const MonthReopenInputSchema = z.object({
  reason: z.string().trim().min(2, '请填写重新打开的原因').max(500, '原因不能超过 500 个字'),
});
export const MonthCloseQuerySchema = z.object({ month: monthKey.optional(), townshipCode: z.string().optional() });

export const MonthCloseSchema = z.object({
  id: z.string(),
  townshipCode: z.string(),
  townshipName: z.string().nullable(),
  month: z.string(),
  status: z.enum(['closed', 'reopened']),
  closedAt: z.string(),
  closedByName: z.string(),
  /** Whether it was confirmed by the deadline (the 3rd of the next month, R06). */
  onTime: z.boolean(),
  deadline: z.string(),
  reopenedAt: z.string().nullable(),
  reopenReason: z.string().nullable(),
});
export type MonthClose = z.infer<typeof MonthCloseSchema>;
export const MonthCloseListSchema = z.object({ items: z.array(MonthCloseSchema) });
