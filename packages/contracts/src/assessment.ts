import { z } from 'zod';

/** Annual assessment of townships and units (§27) and experience reports (§28). */

export const assessmentUnitKinds = ['township', 'unit'] as const;
export type AssessmentUnitKind = (typeof assessmentUnitKinds)[number];
export const assessmentUnitKindLabels: Record<AssessmentUnitKind, string> = { township: '乡镇', unit: '单位' };

export const AssessmentIndicatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  unitKinds: z.array(z.enum(assessmentUnitKinds)),
  defaultWeight: z.number(),
  weight: z.number(),
  /** False while the data behind the indicator is not connected (数据尚未接入). */
  available: z.boolean(),
});
export type AssessmentIndicator = z.infer<typeof AssessmentIndicatorSchema>;

export const AssessmentWeightsSchema = z.object({
  version: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdByName: z.string().nullable(),
  indicators: z.array(AssessmentIndicatorSchema),
  abilities: z.object({ update: z.boolean() }),
});
export type AssessmentWeights = z.infer<typeof AssessmentWeightsSchema>;

export const AssessmentWeightsInputSchema = z.object({
  weights: z.record(z.string(), z.number().min(0, '权重不能为负').max(100, '权重不超过 100')),
  note: z.string().trim().min(1, '请填写修改说明').max(500),
  baseVersion: z.number().int().min(0).optional(),
});
export type AssessmentWeightsInput = z.infer<typeof AssessmentWeightsInputSchema>;

export const AssessmentYearSchema = z.object({
  year: z.number().int(),
  runId: z.string().nullable(),
  computedAt: z.string().nullable(),
  weightVersion: z.number().int().nullable(),
  units: z.number().int(),
});

export const AssessmentYearListSchema = z.object({
  items: z.array(AssessmentYearSchema),
  abilities: z.object({ compute: z.boolean() }),
});
export type AssessmentYearList = z.infer<typeof AssessmentYearListSchema>;

export const AssessmentEvidenceSchema = z.object({
  label: z.string(),
  outcome: z.enum(['met', 'not_met', 'info']),
  detail: z.string().nullable(),
  ref: z.object({ type: z.string(), id: z.string() }).nullable(),
});
export type AssessmentEvidence = z.infer<typeof AssessmentEvidenceSchema>;

export const AssessmentCellSchema = z.object({
  indicatorId: z.string(),
  /** 0–100, or null when the indicator has no data for this unit (not available, not zero). */
  score: z.number().nullable(),
  weight: z.number(),
  values: z.record(z.string(), z.unknown()),
});

export const AssessmentRankRowSchema = z.object({
  rank: z.number().int().nullable(),
  unitKind: z.enum(assessmentUnitKinds),
  unitKey: z.string(),
  unitName: z.string(),
  /** Weighted mean over the indicators available for the unit (weights renormalised); null if none. */
  total: z.number().nullable(),
  cells: z.array(AssessmentCellSchema),
});
export type AssessmentRankRow = z.infer<typeof AssessmentRankRowSchema>;

export const AssessmentResultSchema = z.object({
  year: z.number().int(),
  runId: z.string(),
  computedAt: z.string(),
  weightVersion: z.number().int(),
  indicators: z.array(AssessmentIndicatorSchema),
  rows: z.array(AssessmentRankRowSchema),
});
export type AssessmentResult = z.infer<typeof AssessmentResultSchema>;

export const AssessmentEvidenceQuerySchema = z.object({
  unitKind: z.enum(assessmentUnitKinds),
  unitKey: z.string().min(1).max(64),
  indicatorId: z.string().min(1).max(64),
});

export const AssessmentEvidenceListSchema = z.object({
  unitName: z.string(),
  indicatorName: z.string(),
  score: z.number().nullable(),
  values: z.record(z.string(), z.unknown()),
  items: z.array(AssessmentEvidenceSchema),
});
export type AssessmentEvidenceList = z.infer<typeof AssessmentEvidenceListSchema>;

export const AssessmentComputeInputSchema = z.object({ id: z.uuid().optional() });

// ---------------------------------------------------------------------------------------------
// Experience reports (§28)
// ---------------------------------------------------------------------------------------------

export const experienceGrades = ['优秀', '良好', '一般', '较差'] as const;

export const ExperienceReportSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  title: z.string(),
  body: z.string(),
  submitterLabel: z.string(),
  submittedByName: z.string(),
  submittedAt: z.string(),
  score: z.number().nullable(),
  grade: z.string().nullable(),
  comment: z.string().nullable(),
  markedByName: z.string().nullable(),
  markedAt: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  abilities: z.object({ mark: z.boolean() }),
});
export type ExperienceReport = z.infer<typeof ExperienceReportSchema>;

export const ExperienceReportInputSchema = z.object({
  id: z.uuid().optional(),
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1, '请填写标题').max(200, '标题不超过 200 字'),
  body: z.string().trim().min(1, '请填写正文').max(20000, '正文不超过 20000 字'),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
});
export type ExperienceReportInput = z.input<typeof ExperienceReportInputSchema>;

export const ExperienceMarkInputSchema = z
  .object({
    score: z.number().min(0, '分数为 0–100').max(100, '分数为 0–100').nullable(),
    grade: z.enum(experienceGrades).nullable(),
    comment: z.string().trim().max(2000, '评语不超过 2000 字').default(''),
  })
  .refine((v) => v.score !== null || v.grade !== null, { message: '请填写分数或等次', path: ['score'] });
export type ExperienceMarkInput = z.input<typeof ExperienceMarkInputSchema>;

export const ExperienceReportQuerySchema = z.object({
  year: z.coerce.number().int().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ExperienceReportPageSchema = z.object({
  items: z.array(ExperienceReportSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  abilities: z.object({ submit: z.boolean() }),
});
export type ExperienceReportPage = z.infer<typeof ExperienceReportPageSchema>;
