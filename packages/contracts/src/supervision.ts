import { z } from 'zod';
import { PageQuerySchema } from './common';

/** Supervision (督导, domain.md §13): the yearly responsibility list, its rows, and each party's instances. */

export const planStatuses = ['draft', 'published'] as const;
export type PlanStatus = (typeof planStatuses)[number];
export const planStatusLabels: Record<PlanStatus, string> = { draft: '草稿', published: '已发布' };

export const PlanSchema = z.object({
  id: z.string(),
  year: z.number(),
  title: z.string(),
  status: z.enum(planStatuses),
  /** The plan this one was rolled from, if any. */
  rolledFromId: z.string().nullable(),
  /** Loaded from the published source (the 2022 list). */
  fromSource: z.boolean(),
  itemCount: z.number(),
  publishedAt: z.string().nullable(),
});
export type Plan = z.infer<typeof PlanSchema>;

export const PlanInputSchema = z.object({
  id: z.uuid().optional(),
  year: z.number().int().min(2000, '年份不正确').max(2100, '年份不正确'),
  title: z.string().trim().min(2, '请输入标题').max(100),
});
export type PlanInput = z.infer<typeof PlanInputSchema>;

export const PlanRollInputSchema = z.object({
  /** Client-generated id of the new plan: the roll is idempotent. */
  id: z.uuid('id 必须是 UUID'),
  year: z.number().int().min(2000, '年份不正确').max(2100, '年份不正确'),
});
export type PlanRollInput = z.infer<typeof PlanRollInputSchema>;

export const deadlineKinds = ['once', 'monthly', 'next_month', 'quarterly', 'ongoing'] as const;

export const UnitRefSchema = z.object({ id: z.string(), name: z.string() });
export type UnitRef = z.infer<typeof UnitRefSchema>;

export const PlanItemSchema = z.object({
  id: z.string(),
  planId: z.string(),
  row: z.number(),
  group: z.string(),
  /** 'list': the list's 类别 cell; 'body': taken from the plan body's section (source rows 19–23); 'manual'. */
  groupFrom: z.enum(['list', 'body', 'manual']),
  text: z.string(),
  leadUnits: z.array(UnitRefSchema),
  responsibleUnits: z.array(UnitRefSchema),
  /** "有关乡(镇)党委、政府": one instance per township with relocated households. */
  includesTownships: z.boolean(),
  /** Names in the source the reviewed alias table could not resolve (reported, not dropped). */
  unresolvedNames: z.array(z.string()),
  deadlineText: z.string(),
  deadlineKind: z.enum(deadlineKinds),
  /** The deadline spelled out for people ("每季度最后一个月前" → the end of March, June, …). */
  deadlineReading: z.string(),
  note: z.string().nullable(),
});
export type PlanItem = z.infer<typeof PlanItemSchema>;

export const PlanItemInputSchema = z.object({
  id: z.uuid().optional(),
  row: z.number().int().min(1, '序号应为正整数').max(999),
  group: z.string().trim().min(1, '请输入类别').max(50),
  text: z.string().trim().min(2, '请输入工作计划').max(1000),
  leadUnitIds: z.array(z.uuid()).min(1, '请选择牵头单位'),
  responsibleUnitIds: z.array(z.uuid()).default([]),
  includesTownships: z.boolean().default(false),
  deadlineText: z.string().trim().min(2, '请输入完成时限').max(50),
  note: z.string().trim().max(500).nullable().optional(),
});
export type PlanItemInput = z.infer<typeof PlanItemInputSchema>;

export const taskStatuses = ['not_started', 'in_progress', 'submitted', 'accepted', 'returned', 'overdue'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const taskStatusLabels: Record<TaskStatus, string> = {
  not_started: '未开始',
  in_progress: '进行中',
  submitted: '已提交',
  accepted: '已通过',
  returned: '已退回',
  overdue: '已逾期',
};

export const TaskInstanceSchema = z.object({
  id: z.string(),
  planId: z.string(),
  planYear: z.number(),
  itemId: z.string(),
  row: z.number(),
  group: z.string(),
  itemText: z.string(),
  deadlineText: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  /** Exclusive due instant (ISO); `dueLabel` shows it as "YYYY-MM-DD 24:00". */
  dueAt: z.string(),
  dueLabel: z.string(),
  party: UnitRefSchema,
  leadUnits: z.array(UnitRefSchema),
  /** Effective status: 'overdue' when not submitted or accepted by the due instant. */
  status: z.enum(taskStatuses),
  firstSubmittedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  abilities: z.object({ report: z.boolean(), review: z.boolean() }),
});
export type TaskInstance = z.infer<typeof TaskInstanceSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const TaskInstanceQuerySchema = PageQuerySchema.extend({
  planId: z.uuid().optional(),
  /** The responsible party (a unit, township or the urban community committee). */
  unitId: z.uuid().optional(),
  status: z.enum(taskStatuses).optional(),
  row: z.coerce.number().int().min(1).optional(),
  /** Due on or after this local date (Asia/Shanghai). */
  dueFrom: isoDate.optional(),
  /** Due on or before this local date (Asia/Shanghai). */
  dueTo: isoDate.optional(),
  /** Only instances the caller's own units report on. */
  mine: booleanQuery,
  /** Only instances of rows the caller's units lead. */
  leading: booleanQuery,
});
export type TaskInstanceQuery = z.infer<typeof TaskInstanceQuerySchema>;

export const FigureSchema = z.object({
  label: z.string().trim().min(1, '请输入指标名称').max(50),
  value: z.number(),
  unit: z.string().trim().max(10).optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const taskReportKinds = ['progress', 'submission', 'accepted', 'returned'] as const;
export type TaskReportKind = (typeof taskReportKinds)[number];
export const taskReportKindLabels: Record<TaskReportKind, string> = {
  progress: '进展',
  submission: '提交审核',
  accepted: '审核通过',
  returned: '退回',
};

export const TaskReportInputSchema = z.object({
  /** Client-generated id: a replayed submission creates nothing twice. */
  id: z.uuid('id 必须是 UUID'),
  text: z.string().trim().min(2, '请填写进展情况').max(4000),
  figures: z.array(FigureSchema).max(20).default([]),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
  /** true: submit for the lead unit's review; false: a progress note (进行中). */
  submit: z.boolean().default(true),
});
export type TaskReportInput = z.infer<typeof TaskReportInputSchema>;

export const TaskReviewInputSchema = z
  .object({
    id: z.uuid('id 必须是 UUID'),
    decision: z.enum(['accept', 'return']),
    comment: z.string().trim().max(2000).default(''),
  })
  .refine((v) => v.decision === 'accept' || v.comment.length >= 2, {
    path: ['comment'],
    message: '退回时请填写退回意见',
  });
export type TaskReviewInput = z.infer<typeof TaskReviewInputSchema>;

export const TaskReportSchema = z.object({
  id: z.string(),
  kind: z.enum(taskReportKinds),
  text: z.string(),
  figures: z.array(FigureSchema),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string() })),
  authorName: z.string(),
  createdAt: z.string(),
});
export type TaskReport = z.infer<typeof TaskReportSchema>;

export const TaskInstanceDetailSchema = TaskInstanceSchema.extend({ reports: z.array(TaskReportSchema) });
export type TaskInstanceDetail = z.infer<typeof TaskInstanceDetailSchema>;

/** The lead unit's grid: its rows × responsible parties, the period of each row that contains `at`. */
export const TaskGridQuerySchema = z.object({ planId: z.uuid(), at: isoDate.optional() });
export const TaskGridSchema = z.object({
  parties: z.array(UnitRefSchema),
  rows: z.array(
    z.object({
      itemId: z.string(),
      row: z.number(),
      text: z.string(),
      periodLabel: z.string(),
      dueLabel: z.string(),
      cells: z.array(z.object({ partyId: z.string(), instanceId: z.string(), status: z.enum(taskStatuses) })),
    }),
  ),
});
export type TaskGrid = z.infer<typeof TaskGridSchema>;
