import { z } from 'zod';
import { PageQuerySchema } from './common';
import type { RiskType } from './monitoring-vocabulary';

/*
 * 部门数据比对 (domain.md §5, list row L5): each month every department delivers its data once; the server
 * matches it by ID number against the registry, turns what the rules pick into warnings for the site or
 * township responsible for the household, which verifies them on site; the township's monthly deliberation
 * (综合研判) turns chosen confirmed warnings into monitoring clues. The whole chain by the 25th.
 *
 * The catalogue below is configuration data: the server seeds it into `comparison_kinds` (rule parameters can
 * then be changed there, each change a new rule version). Departments are units (org reference data).
 */

/** The day of the month by which the whole chain is done. */
export const comparisonChainDay = 25;

export const comparisonColumnTypes = ['id_number', 'text', 'date', 'number'] as const;
export type ComparisonColumnType = (typeof comparisonColumnTypes)[number];

export interface ComparisonColumnDef {
  key: string;
  label: string;
  type: ComparisonColumnType;
  required: boolean;
  /** Other headers departments use for it (matched after full-width → half-width and removing spaces). */
  aliases: string[];
}

/**
 * How a rule fires (compiled to one set-based SQL statement per rule):
 * - `any`: every matched row;
 * - `value_in`: the column's value is one of `parameters.values`;
 * - `amount_at_least`: the number column ≥ `parameters.amount`;
 * - `cumulative_at_least`: the sum of the number column over the year's current batches of the kind ≥
 *   `parameters.amount` (fires once per person and year, naming the months that add up);
 * - `school_age_missing`: a household member aged `parameters.minAge`–`parameters.maxAge` on the 1st of
 *   September of the school year is absent from the batch (not enrolled).
 */
export const comparisonRuleTypes = [
  'any',
  'value_in',
  'amount_at_least',
  'cumulative_at_least',
  'school_age_missing',
] as const;
export type ComparisonRuleType = (typeof comparisonRuleTypes)[number];

export type ComparisonRuleParameters = {
  values?: string[];
  amount?: number;
  minAge?: number;
  maxAge?: number;
};

export interface ComparisonRuleDef {
  id: string;
  title: string;
  type: ComparisonRuleType;
  /** The column the rule reads (value_in, amount_at_least, cumulative_at_least). */
  column?: string;
  parameters: ComparisonRuleParameters;
  riskType: RiskType;
}

export interface ComparisonKindDef {
  key: string;
  /** The department (a unit name of org reference data). */
  unitName: string;
  title: string;
  /** False: a useful addition beyond the 2022 plan (labelled as such). */
  inSeed: boolean;
  columns: ComparisonColumnDef[];
  rules: ComparisonRuleDef[];
}

const idCol = (aliases: string[] = []): ComparisonColumnDef => ({
  key: 'idNumber',
  label: '身份证号码',
  type: 'id_number',
  required: true,
  aliases: ['身份证号', '公民身份号码', '证件号码', '身份证', '证件号', ...aliases],
});
const nameCol: ComparisonColumnDef = {
  key: 'name',
  label: '姓名',
  type: 'text',
  required: false,
  aliases: ['人员姓名', '参保人姓名', '学生姓名', '户主姓名'],
};
const col = (
  key: string,
  label: string,
  type: ComparisonColumnType,
  required: boolean,
  aliases: string[] = [],
): ComparisonColumnDef => ({ key, label, type, required, aliases });

export const comparisonCatalogue: ComparisonKindDef[] = [
  {
    key: 'rs_unemployment',
    unitName: '县人社局',
    title: '登记失业人员',
    inSeed: true,
    columns: [idCol(), nameCol, col('registeredOn', '失业登记日期', 'date', true, ['登记日期', '失业日期'])],
    rules: [{ id: 'RS01', title: '家庭成员登记失业', type: 'any', parameters: {}, riskType: 'unstable_employment' }],
  },
  {
    key: 'rs_employment_end',
    unitName: '县人社局',
    title: '就业终止（解除劳动合同）',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('endedOn', '终止日期', 'date', true, ['就业终止日期', '解除日期']),
      col('employer', '原就业单位', 'text', false, ['单位名称', '用工单位']),
    ],
    rules: [{ id: 'RS02', title: '家庭成员就业终止', type: 'any', parameters: {}, riskType: 'unstable_employment' }],
  },
  {
    key: 'rs_social_insurance',
    unitName: '县人社局',
    title: '社会保险参保状态',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('insurance', '险种', 'text', true, ['参保险种']),
      col('status', '参保状态', 'text', true, ['状态', '缴费状态']),
    ],
    rules: [
      {
        id: 'RS03',
        title: '社会保险停保、断缴',
        type: 'value_in',
        column: 'status',
        parameters: { values: ['停保', '断缴', '终止'] },
        riskType: 'other',
      },
    ],
  },
  {
    key: 'ny_industry_support',
    unitName: '县农业农村局',
    title: '产业奖补',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('project', '产业项目', 'text', true, ['项目名称']),
      col('status', '项目状态', 'text', true, ['状态']),
      col('amount', '奖补金额', 'number', false, ['金额（元）', '奖补金额（元）']),
    ],
    rules: [
      {
        id: 'NY01',
        title: '产业项目失败或停止',
        type: 'value_in',
        column: 'status',
        parameters: { values: ['失败', '停止', '绝收'] },
        riskType: 'industry_failure',
      },
    ],
  },
  {
    key: 'ny_subsidy',
    unitName: '县农业农村局',
    title: '农业补贴发放',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('subsidy', '补贴项目', 'text', true, ['补贴类型']),
      col('status', '发放状态', 'text', true, ['状态']),
    ],
    rules: [
      {
        id: 'NY02',
        title: '农业补贴停发',
        type: 'value_in',
        column: 'status',
        parameters: { values: ['停发', '取消'] },
        riskType: 'other',
      },
    ],
  },
  {
    key: 'jk_enrolment',
    unitName: '县教科体局',
    title: '在校学生学籍',
    inSeed: true,
    columns: [
      idCol(['学生身份证号']),
      nameCol,
      col('school', '就读学校', 'text', true, ['学校', '学校名称']),
      col('grade', '年级', 'text', false, ['学段']),
    ],
    rules: [
      {
        id: 'JK01',
        title: '义务教育阶段适龄儿童无学籍（未入学或失学）',
        type: 'school_age_missing',
        parameters: { minAge: 6, maxAge: 15 },
        riskType: 'education',
      },
    ],
  },
  {
    key: 'jk_dropout',
    unitName: '县教科体局',
    title: '辍学学生',
    inSeed: true,
    columns: [
      idCol(['学生身份证号']),
      nameCol,
      col('school', '原就读学校', 'text', false, ['学校']),
      col('droppedOn', '辍学日期', 'date', true, ['日期']),
    ],
    rules: [{ id: 'JK02', title: '义务教育阶段辍学', type: 'any', parameters: {}, riskType: 'education' }],
  },
  {
    key: 'zj_dangerous_house',
    unitName: '县住建局',
    title: '危房鉴定',
    inSeed: true,
    columns: [
      idCol(['户主身份证号']),
      nameCol,
      col('grade', '鉴定等级', 'text', true, ['危险等级', '等级']),
      col('appraisedOn', '鉴定日期', 'date', false),
    ],
    rules: [
      {
        id: 'ZJ01',
        title: '住房鉴定为C级、D级危房',
        type: 'value_in',
        column: 'grade',
        parameters: { values: ['C', 'D', 'C级', 'D级'] },
        riskType: 'other',
      },
    ],
  },
  {
    key: 'sl_drinking_water',
    unitName: '县水利局',
    title: '饮水安全问题',
    inSeed: true,
    columns: [
      idCol(['户主身份证号']),
      nameCol,
      col('problem', '问题类型', 'text', true, ['问题', '饮水问题']),
      col('foundOn', '发现日期', 'date', false),
    ],
    rules: [{ id: 'SL01', title: '饮水安全存在问题', type: 'any', parameters: {}, riskType: 'other' }],
  },
  {
    key: 'mz_assistance',
    unitName: '县民政局',
    title: '低保、特困供养变动',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('assistance', '救助类型', 'text', true, ['保障类型']),
      col('change', '变动类型', 'text', true, ['变动情况', '变动']),
      col('changedOn', '变动日期', 'date', false),
    ],
    rules: [
      {
        id: 'MZ01',
        title: '低保、特困供养停发',
        type: 'value_in',
        column: 'change',
        parameters: { values: ['停发', '退出', '停保'] },
        riskType: 'other',
      },
    ],
  },
  {
    key: 'mz_temporary',
    unitName: '县民政局',
    title: '临时救助',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('amount', '救助金额', 'number', true, ['金额（元）', '救助金额（元）']),
      col('reason', '救助原因', 'text', false),
    ],
    rules: [
      {
        id: 'MZ02',
        title: '临时救助金额较大',
        type: 'amount_at_least',
        column: 'amount',
        parameters: { amount: 2000 },
        riskType: 'accident',
      },
    ],
  },
  {
    key: 'wj_serious_illness',
    unitName: '县卫健委',
    title: '大病、住院',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('diagnosis', '疾病名称', 'text', true, ['诊断', '病种']),
      col('admittedOn', '入院日期', 'date', false),
    ],
    rules: [{ id: 'WJ01', title: '家庭成员患大病或住院', type: 'any', parameters: {}, riskType: 'illness' }],
  },
  {
    key: 'yb_medical',
    unitName: '县医保局',
    title: '医疗费用（个人自付）',
    inSeed: true,
    columns: [
      idCol(),
      nameCol,
      col('visitDate', '就诊日期', 'date', false, ['结算日期', '出院日期']),
      col('total', '医疗总费用', 'number', false, ['总费用', '医疗费用总额']),
      col('outOfPocket', '个人自付', 'number', true, ['个人自付金额', '自付费用', '个人负担']),
    ],
    rules: [
      {
        id: 'YB01',
        title: '年度累计个人自付医疗费用超过限额',
        type: 'cumulative_at_least',
        column: 'outOfPocket',
        parameters: { amount: 10000 },
        riskType: 'illness',
      },
    ],
  },
  {
    key: 'cl_disability',
    unitName: '县残联',
    title: '残疾人证',
    inSeed: false,
    columns: [idCol(), nameCol, col('category', '残疾类别', 'text', true), col('grade', '残疾等级', 'text', false)],
    rules: [{ id: 'CL01', title: '新办残疾人证', type: 'any', parameters: {}, riskType: 'disability' }],
  },
  {
    key: 'ga_registration',
    unitName: '县公安局',
    title: '户籍变动（死亡、迁出）',
    inSeed: false,
    columns: [
      idCol(),
      nameCol,
      col('change', '变动类型', 'text', true, ['变动原因']),
      col('changedOn', '变动日期', 'date', false),
    ],
    rules: [
      {
        id: 'GA01',
        title: '家庭成员死亡',
        type: 'value_in',
        column: 'change',
        parameters: { values: ['死亡'] },
        riskType: 'lack_of_labour',
      },
      {
        id: 'GA02',
        title: '家庭成员户籍迁出',
        type: 'value_in',
        column: 'change',
        parameters: { values: ['迁出'] },
        riskType: 'other',
      },
    ],
  },
  {
    key: 'yj_disaster',
    unitName: '县应急管理局',
    title: '受灾情况',
    inSeed: false,
    columns: [
      idCol(['户主身份证号']),
      nameCol,
      col('disaster', '灾害类型', 'text', true),
      col('loss', '损失金额', 'number', true, ['损失金额（元）', '直接经济损失']),
    ],
    rules: [
      {
        id: 'YJ01',
        title: '受灾损失较大',
        type: 'amount_at_least',
        column: 'loss',
        parameters: { amount: 5000 },
        riskType: 'disaster',
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const ComparisonRuleSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: z.enum(comparisonRuleTypes),
  column: z.string().nullable(),
  parameters: z.object({
    values: z.array(z.string()).optional(),
    amount: z.number().optional(),
    minAge: z.number().optional(),
    maxAge: z.number().optional(),
  }),
  version: z.number(),
  riskType: z.string(),
});
export type ComparisonRule = z.infer<typeof ComparisonRuleSchema>;

export const ComparisonKindSchema = z.object({
  key: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  title: z.string(),
  inSeed: z.boolean(),
  columns: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(comparisonColumnTypes),
      required: z.boolean(),
      aliases: z.array(z.string()),
    }),
  ),
  rules: z.array(ComparisonRuleSchema),
  /** The caller's unit's saved mapping (department header → column key), if any. */
  savedMapping: z.record(z.string(), z.string()).nullable(),
  canUpload: z.boolean(),
});
export type ComparisonKind = z.infer<typeof ComparisonKindSchema>;
export const ComparisonKindListSchema = z.object({ items: z.array(ComparisonKindSchema) });

export const ComparisonRuleParamsInputSchema = z.object({
  parameters: z.object({
    values: z.array(z.string().min(1)).min(1).optional(),
    amount: z.number().min(0).optional(),
    minAge: z.number().int().min(0).max(30).optional(),
    maxAge: z.number().int().min(0).max(30).optional(),
  }),
});

export const comparisonBatchStatuses = [
  'uploaded',
  'processing',
  'processed',
  'failed',
  'withdrawn',
  'superseded',
] as const;
export type ComparisonBatchStatus = (typeof comparisonBatchStatuses)[number];
export const comparisonBatchStatusLabels: Record<ComparisonBatchStatus, string> = {
  uploaded: '待处理',
  processing: '比对中',
  processed: '已比对',
  failed: '失败',
  withdrawn: '已撤回',
  superseded: '已被新文件替代',
};

export const ComparisonCountsSchema = z.object({
  rows: z.number(),
  matched: z.number(),
  unmatched: z.number(),
  invalid: z.number(),
  duplicate: z.number(),
  warnings: z.number(),
});
export type ComparisonCounts = z.infer<typeof ComparisonCountsSchema>;

export const ComparisonBatchSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  kindKey: z.string(),
  kindTitle: z.string(),
  month: z.string(),
  fileName: z.string(),
  format: z.enum(['xlsx', 'csv']),
  status: z.enum(comparisonBatchStatuses),
  counts: ComparisonCountsSchema,
  /** The mapping used (header → column key) and the header row found. */
  mapping: z.record(z.string(), z.string()),
  headerRow: z.number().nullable(),
  ignoredColumns: z.array(z.string()),
  error: z.string().nullable(),
  supersededBy: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  processedAt: z.string().nullable(),
});
export type ComparisonBatch = z.infer<typeof ComparisonBatchSchema>;

export const ComparisonBatchQuerySchema = PageQuerySchema.extend({
  month: month.optional(),
  kindKey: z.string().optional(),
  status: z.enum(comparisonBatchStatuses).optional(),
});
export type ComparisonBatchQuery = z.infer<typeof ComparisonBatchQuerySchema>;

export const ComparisonUploadFieldsSchema = z.object({
  id: z.uuid('编号格式不正确').optional(),
  kindKey: z.string().min(1, '请选择数据类别'),
  month,
  /** JSON of { header: columnKey } when the automatic mapping needs help. */
  mapping: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: 'custom', message: '列对应关系格式不正确' });
        return z.NEVER;
      }
    }),
});
export type ComparisonUploadFields = z.output<typeof ComparisonUploadFieldsSchema>;

export const comparisonRowStatuses = ['matched', 'unmatched', 'invalid', 'duplicate'] as const;
export type ComparisonRowStatus = (typeof comparisonRowStatuses)[number];
export const comparisonRowStatusLabels: Record<ComparisonRowStatus, string> = {
  matched: '已匹配',
  unmatched: '非搬迁人口',
  invalid: '无效',
  duplicate: '重复',
};

export const ComparisonRowSchema = z.object({
  rowNumber: z.number(),
  idNumberMasked: z.string().nullable(),
  status: z.enum(comparisonRowStatuses),
  reason: z.string().nullable(),
});
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;
/** A row status, or `problem`: every row that is not matched (非搬迁人口、无效、重复), the rows a clerk reads. */
export const comparisonRowFilters = [...comparisonRowStatuses, 'problem'] as const;
export type ComparisonRowFilter = (typeof comparisonRowFilters)[number];
export const ComparisonRowQuerySchema = PageQuerySchema.extend({
  status: z.enum(comparisonRowFilters, '结果筛选应为 matched、unmatched、invalid、duplicate 或 problem').optional(),
});
export type ComparisonRowQuery = z.infer<typeof ComparisonRowQuerySchema>;

export const comparisonWarningStatuses = ['new', 'verified', 'dismissed', 'escalated'] as const;
export type ComparisonWarningStatus = (typeof comparisonWarningStatuses)[number];
export const comparisonWarningStatusLabels: Record<ComparisonWarningStatus, string> = {
  new: '待核实',
  verified: '已核实',
  dismissed: '已排除',
  escalated: '已转监测线索',
};

export const verificationResults = ['confirmed', 'not_confirmed', 'already_known'] as const;
export type VerificationResult = (typeof verificationResults)[number];
export const verificationResultLabels: Record<VerificationResult, string> = {
  confirmed: '情况属实',
  not_confirmed: '情况不属实',
  already_known: '已掌握（已在帮扶）',
};

export const ComparisonWarningSchema = z.object({
  id: z.string(),
  month: z.string(),
  batchId: z.string(),
  kindKey: z.string(),
  kindTitle: z.string(),
  unitName: z.string(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  ruleVersion: z.number(),
  riskType: z.string(),
  values: z.record(z.string(), z.unknown()),
  householdId: z.string(),
  householdNumber: z.string(),
  personName: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  townshipCode: z.string(),
  townshipName: z.string().nullable(),
  status: z.enum(comparisonWarningStatuses),
  dueAt: z.string(),
  overdue: z.boolean(),
  verification: z
    .object({
      result: z.enum(verificationResults),
      notes: z.string().nullable(),
      attachmentId: z.string().nullable(),
      verifiedByName: z.string(),
      verifiedAt: z.string(),
    })
    .nullable(),
  deliberationId: z.string().nullable(),
  clueId: z.string().nullable(),
  createdAt: z.string(),
});
export type ComparisonWarning = z.infer<typeof ComparisonWarningSchema>;

export const ComparisonWarningQuerySchema = PageQuerySchema.extend({
  month: month.optional(),
  status: z.enum(comparisonWarningStatuses).optional(),
  result: z.enum(verificationResults).optional(),
  townshipCode: z.string().optional(),
  siteId: z.uuid().optional(),
  batchId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ComparisonWarningQuery = z.output<typeof ComparisonWarningQuerySchema>;

export const VerificationInputSchema = z.object({
  result: z.enum(verificationResults, '请选择核实结果'),
  notes: z.string().trim().max(2000).optional(),
  attachmentId: z.uuid().optional(),
});
export type VerificationInput = z.infer<typeof VerificationInputSchema>;

export const DeliberationInputSchema = z.object({
  id: z.uuid('编号格式不正确'),
  townshipCode: z.string().regex(/^\d{12}$/, '乡镇代码应为 12 位'),
  month,
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  participants: z.string().trim().min(1, '请填写参会人员').max(1000),
  notes: z.string().trim().max(4000).optional(),
  /** Confirmed warnings turned into monitoring clues; the other verified warnings of the month are dismissed. */
  escalateWarningIds: z.array(z.uuid()).max(1000),
});
export type DeliberationInput = z.infer<typeof DeliberationInputSchema>;

export const DeliberationSchema = z.object({
  id: z.string(),
  townshipCode: z.string(),
  townshipName: z.string().nullable(),
  month: z.string(),
  heldOn: z.string(),
  participants: z.string(),
  notes: z.string().nullable(),
  escalated: z.number(),
  dismissed: z.number(),
  clueIds: z.array(z.string()),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type Deliberation = z.infer<typeof DeliberationSchema>;
export const DeliberationQuerySchema = z.object({ month: month.optional() });
export const DeliberationListSchema = z.object({ items: z.array(DeliberationSchema) });

export const CalendarQuerySchema = z.object({ month });
const chainVerdict = z.enum(['met', 'not_met', 'not_applicable', 'pending']);
export const ComparisonCalendarSchema = z.object({
  month: z.string(),
  deadline: z.string(),
  departments: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      kinds: z.array(z.object({ kindKey: z.string(), title: z.string(), deliveredAt: z.string().nullable() })),
      deliveredByDeadline: z.boolean(),
      verdict: chainVerdict,
    }),
  ),
  sites: z.array(
    z.object({
      placeKey: z.string(),
      siteId: z.string().nullable(),
      name: z.string(),
      townshipCode: z.string(),
      warnings: z.number(),
      verifiedByDeadline: z.number(),
      deliberationHeldOn: z.string().nullable(),
      verdict: chainVerdict,
    }),
  ),
});
export type ComparisonCalendar = z.infer<typeof ComparisonCalendarSchema>;
