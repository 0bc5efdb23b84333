import { z } from 'zod';

/** Wire forms of the rules engine's vocabulary (packages/domain/src/rules/registry.ts defines the same lists). */
export const ruleSourceValues = ['seed', 'national'] as const;
export const ruleKindValues = ['requirement', 'target'] as const;
export const rulePeriodValues = ['month', 'quarter', 'half_year', 'year', 'always', 'once'] as const;
export const ruleScopeValues = [
  'household',
  'site',
  'township',
  'county',
  'site_chief',
  'department',
  'workshop',
] as const;

export type RuleSourceValue = (typeof ruleSourceValues)[number];
export type RuleKindValue = (typeof ruleKindValues)[number];
export type RulePeriodValue = (typeof rulePeriodValues)[number];
export type RuleScopeValue = (typeof ruleScopeValues)[number];

/** Rules taken from national monitoring rules rather than the county plan are labelled as such (decisions.md). */
export const ruleSourceLabels: Record<RuleSourceValue, string> = {
  seed: '后续扶持实施方案',
  national: '国家监测帮扶规定',
};

export const ruleKindLabels: Record<RuleKindValue, string> = {
  requirement: '要求',
  target: '目标',
};

export const rulePeriodLabels: Record<RulePeriodValue, string> = {
  month: '每月',
  quarter: '每季度',
  half_year: '每半年',
  year: '每年',
  always: '常态',
  once: '一次（变更时复核）',
};

export const ruleScopeLabels: Record<RuleScopeValue, string> = {
  household: '搬迁户',
  site: '安置点',
  township: '乡镇',
  county: '全县',
  site_chief: '点长',
  department: '县直部门',
  workshop: '帮扶车间',
};

export const RuleIdParamsSchema = z.object({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,31}$/, '规则编号格式不正确'),
});
export type RuleIdParams = z.infer<typeof RuleIdParamsSchema>;

/** One parameter as the settings form needs it (generated from the rule's zod schema). */
export const RuleParameterDescriptorSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'string', 'other']),
  default: z.unknown(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
});
export type RuleParameterDescriptor = z.infer<typeof RuleParameterDescriptorSchema>;

export const RuleParameterValuesSchema = z.record(z.string(), z.unknown());
export type RuleParameterValues = z.infer<typeof RuleParameterValuesSchema>;

/** A version of a rule's parameters. Version 0 is the rule's defaults (nothing stored yet). */
export const RuleParameterSetSchema = z.object({
  ruleId: z.string(),
  version: z.number().int(),
  parameters: RuleParameterValuesSchema,
  /** Version of the rule's code when the set was saved; null for the defaults. */
  ruleVersion: z.number().int().nullable(),
  note: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type RuleParameterSet = z.infer<typeof RuleParameterSetSchema>;

export const RuleSchema = z.object({
  id: z.string(),
  title: z.string(),
  clause: z.string(),
  listRows: z.array(z.string()),
  source: z.enum(ruleSourceValues),
  sourceLabel: z.string(),
  /** Version of the rule's code. */
  version: z.number().int(),
  kind: z.enum(ruleKindValues),
  period: z.enum(rulePeriodValues),
  scope: z.enum(ruleScopeValues),
  parameterList: z.array(RuleParameterDescriptorSchema),
  current: RuleParameterSetSchema,
  abilities: z.object({ configure: z.boolean() }),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleListSchema = z.object({ items: z.array(RuleSchema) });
export type RuleList = z.infer<typeof RuleListSchema>;

export const RuleParameterHistorySchema = z.object({
  ruleId: z.string(),
  defaults: RuleParameterValuesSchema,
  /** Stored versions, newest first. */
  versions: z.array(RuleParameterSetSchema),
});
export type RuleParameterHistory = z.infer<typeof RuleParameterHistorySchema>;

/**
 * A new version of a rule's parameters. Parameters left out take the rule's defaults; the rule's own
 * schema validates the values. `baseVersion` (the version the form was opened on) refuses the change
 * if someone saved another version in between.
 */
export const RuleParametersUpdateInputSchema = z.object({
  parameters: RuleParameterValuesSchema,
  note: z.string().trim().min(1, '请填写修改说明').max(500, '修改说明不超过 500 字'),
  baseVersion: z.number().int().min(0).optional(),
});
export type RuleParametersUpdateInput = z.infer<typeof RuleParametersUpdateInputSchema>;

export const RuleRunSummarySchema = z.object({
  total: z.number().int(),
  met: z.number().int(),
  notMet: z.number().int(),
  notApplicable: z.number().int(),
  rate: z.number().nullable(),
  averageProgress: z.number().nullable(),
});
export type RuleRunSummary = z.infer<typeof RuleRunSummarySchema>;

export const RuleRunSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  parameterVersion: z.number().int(),
  parameters: RuleParameterValuesSchema,
  periodKey: z.string(),
  scopeKey: z.string(),
  evaluatedAt: z.string(),
  summary: RuleRunSummarySchema,
});
export type RuleRunDto = z.infer<typeof RuleRunSchema>;

export const RuleRunsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const RuleRunListSchema = z.object({ items: z.array(RuleRunSchema) });
export type RuleRunList = z.infer<typeof RuleRunListSchema>;
