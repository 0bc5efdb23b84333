import { z } from 'zod';
import { PageQuerySchema } from './common';
import {
  eliminationMethods,
  eliminationSteps,
  measureStatuses,
  measureTerms,
  measureTypes,
  riskTypes,
} from './monitoring-vocabulary';
import { localDate } from './registry';

/**
 * Help plans and measures (帮扶计划、帮扶措施) and risk elimination (风险消除) of a monitoring case (domain.md §4).
 * Vocabulary: monitoring-vocabulary.ts. The procedure and its numbers come from the national monitoring rules.
 */

const id = z.uuid('编号格式不正确');
const version = z.number('缺少版本号').int().min(1);
const text = (label: string, max: number) =>
  z.string(`请填写${label}`).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
const amount = z
  .number('金额应为数字')
  .min(0, '金额不能为负数')
  .max(100_000_000, '金额过大')
  .multipleOf(0.01, '金额最多两位小数')
  .nullable()
  .optional();

// ----- measures -----

const MeasureFieldsSchema = z.object({
  type: z.enum(measureTypes, '请选择措施类型'),
  riskType: z.enum(riskTypes, '风险类型无效').nullable().optional(),
  content: text('措施内容', 500),
  responsibleUserId: id.nullable().optional(),
  responsibleName: text('责任人', 50),
  unitId: id.nullable().optional(),
  startOn: localDate('开始日期'),
  dueOn: localDate('完成期限'),
  amount,
  term: z.enum(measureTerms, '请选择短期或长期'),
  emergency: z.boolean().default(false),
});

const datesInOrder = (m: { startOn: string; dueOn: string }) => m.dueOn >= m.startOn;
const datesMessage = { message: '完成期限不能早于开始日期', path: ['dueOn'] };

export const MeasureInputSchema = MeasureFieldsSchema.extend({ id: id.optional() }).refine(datesInOrder, datesMessage);
export type MeasureInput = z.infer<typeof MeasureInputSchema>;

export const MeasureUpdateSchema = MeasureFieldsSchema.extend({
  version,
  status: z.enum(['planned', 'in_progress'], '状态无效').optional(),
}).refine(datesInOrder, datesMessage);
export type MeasureUpdate = z.infer<typeof MeasureUpdateSchema>;

export const MeasureCompleteSchema = z.object({
  version,
  completedOn: localDate('落实日期'),
  result: text('落实成效', 500),
});
export type MeasureComplete = z.infer<typeof MeasureCompleteSchema>;

export const MeasureCancelSchema = z.object({ version, reason: text('取消原因', 200) });
export type MeasureCancel = z.infer<typeof MeasureCancelSchema>;

export const MeasureSchema = z.object({
  id,
  caseId: id,
  householdId: id,
  householdNumber: z.string(),
  headName: z.string().nullable(),
  type: z.enum(measureTypes),
  typeLabel: z.string(),
  riskType: z.enum(riskTypes).nullable(),
  content: z.string(),
  responsibleUserId: id.nullable(),
  responsibleName: z.string(),
  unitId: id.nullable(),
  startOn: z.string(),
  dueOn: z.string(),
  status: z.enum(measureStatuses),
  statusLabel: z.string(),
  completedOn: z.string().nullable(),
  amount: z.number().nullable(),
  term: z.enum(measureTerms),
  emergency: z.boolean(),
  result: z.string().nullable(),
  /** Open and past its due date (Shanghai calendar). */
  overdue: z.boolean(),
  /** Open and due within the due-soon window. */
  dueSoon: z.boolean(),
  version: z.number(),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const HelpPlanSchema = z.object({
  caseId: id,
  caseStatus: z.string(),
  caseVersion: z.number(),
  goal: z.string().nullable(),
  updatedOn: z.string().nullable(),
  riskTypes: z.array(z.enum(riskTypes)),
  /** Risk types without a live measure (R07). */
  uncoveredRisks: z.array(z.enum(riskTypes)),
  /** Advice, never a block: development help for those able to work, safety net for those who cannot. */
  hints: z.array(z.string()),
  membersAbleToWork: z.number(),
  members: z.number(),
  measures: z.array(MeasureSchema),
});
export type HelpPlan = z.infer<typeof HelpPlanSchema>;

export const HelpPlanUpdateSchema = z.object({ caseVersion: version, goal: text('帮扶目标', 500) });
export type HelpPlanUpdate = z.infer<typeof HelpPlanUpdateSchema>;

export const MeasureListQuerySchema = PageQuerySchema.extend({
  /** '1': only the caller's own measures (我的帮扶措施). */
  mine: z.enum(['0', '1']).optional(),
  status: z.enum(measureStatuses).optional(),
  /** 'overdue' | 'due_soon' | 'open' (planned or in progress). */
  due: z.enum(['overdue', 'due_soon', 'open']).optional(),
});
export type MeasureListQuery = z.infer<typeof MeasureListQuerySchema>;

// ----- risk elimination -----

export const EliminationConditionSchema = z.object({
  key: z.string(),
  label: z.string(),
  status: z.enum(['met', 'not_met', 'unknown']),
  detail: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type EliminationCondition = z.infer<typeof EliminationConditionSchema>;

export const EliminationStepRecordSchema = z.object({
  id,
  round: z.number(),
  step: z.enum(eliminationSteps),
  stepLabel: z.string(),
  stepDate: z.string(),
  outcome: z.enum(['passed', 'failed']),
  note: z.string().nullable(),
  participants: z.array(z.string()),
  postedFrom: z.string().nullable(),
  postedTo: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  actorName: z.string(),
});
export type EliminationStepRecord = z.infer<typeof EliminationStepRecordSchema>;

export const CaseEventSchema = z.object({
  kind: z.string(),
  kindLabel: z.string(),
  eventDate: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  actorName: z.string(),
});

export const EliminationViewSchema = z.object({
  caseId: id,
  caseStatus: z.string(),
  caseVersion: z.number(),
  round: z.number(),
  method: z.enum(eliminationMethods).nullable(),
  eliminatedOn: z.string().nullable(),
  /** National monitoring rules label (not the county's plan). */
  ruleLabel: z.string(),
  parameters: z.object({
    monitoredMonths: z.number(),
    incomeStableMonths: z.number(),
    visitorsMin: z.number(),
    postingDays: z.number(),
  }),
  assessment: z.object({
    today: z.string(),
    eligible: z.boolean(),
    conditions: z.array(EliminationConditionSchema),
  }),
  /** The step to record next in this round, or null (no procedure open: not monitored, or finished). */
  nextStep: z.enum(eliminationSteps).nullable(),
  steps: z.array(EliminationStepRecordSchema),
  /** Steps of earlier rounds (before a rollback or a failed attempt). */
  history: z.array(EliminationStepRecordSchema),
  events: z.array(CaseEventSchema),
  /** The case that re-flagged this household after elimination, if any. */
  nextCaseId: id.nullable(),
});
export type EliminationView = z.infer<typeof EliminationViewSchema>;

export const EliminationStepInputSchema = z.object({
  id: id.optional(),
  step: z.enum(eliminationSteps, '请选择步骤'),
  stepDate: localDate('办理日期'),
  outcome: z.enum(['passed', 'failed'], '请选择结果'),
  note: z.string().trim().max(500, '说明不能超过 500 个字').nullable().optional(),
  participants: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  postedFrom: localDate('公示开始日期').nullable().optional(),
  postedTo: localDate('公示结束日期').nullable().optional(),
  attachmentIds: z.array(id).max(20).default([]),
  /** Required with the county approval that passes: 帮扶消除 or 自然消除. */
  method: z.enum(eliminationMethods, '请选择消除方式').nullable().optional(),
});
export type EliminationStepInput = z.infer<typeof EliminationStepInputSchema>;

export const RollbackInputSchema = z.object({
  caseVersion: version,
  reason: text('回退原因', 500),
  date: localDate('回退日期').optional(),
});
export type RollbackInput = z.infer<typeof RollbackInputSchema>;

export const ReflagInputSchema = z.object({
  /** Client id of the new case. */
  id: id.optional(),
  reason: text('再标注原因', 500),
  riskTypes: z.array(z.enum(riskTypes)).min(1, '请选择风险类型').max(5, '风险类型最多 5 项'),
  date: localDate('再标注日期').optional(),
});
export type ReflagInput = z.infer<typeof ReflagInputSchema>;

export const ReflagResultSchema = z.object({ caseId: id, previousCaseId: id, clueId: id.nullable() });
export type ReflagResult = z.infer<typeof ReflagResultSchema>;
