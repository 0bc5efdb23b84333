import { z } from 'zod';
import { PageQuerySchema } from './common';

/** Yearly household income and the monitoring line (decisions.md, income). Amounts are whole yuan (元). */

const amount = (label: string) =>
  z.number(`请填写${label}（元）`).int(`${label}请填写整数（元）`).min(0, `${label}不能为负数`).max(100_000_000);
const year = z.coerce.number('请填写年度').int().min(2000, '年度不正确').max(2100, '年度不正确');

export const incomeComponentLabels = {
  wage: '工资性收入',
  business: '生产经营性收入',
  property: '财产性收入',
  transfer: '转移性收入',
  businessCost: '生产经营性支出',
  rigidSpending: '合规自付支出',
} as const;

export const IncomeComponentsSchema = z.object({
  wage: amount(incomeComponentLabels.wage),
  business: amount(incomeComponentLabels.business),
  property: amount(incomeComponentLabels.property),
  transfer: amount(incomeComponentLabels.transfer),
  businessCost: amount(incomeComponentLabels.businessCost),
  rigidSpending: amount(incomeComponentLabels.rigidSpending),
});

/** Against the line: below, near (临界: above it by less than the line's margin), above. */
export const LineStandingSchema = z.enum(['below', 'near', 'above']);

// ----- monitoring lines -----

export const IncomeLineInputSchema = z.object({
  id: z.uuid('编号格式不正确').optional(),
  year,
  /** The county (default; also when left out) or one of its townships (override). */
  divisionCode: z
    .string('请选择区划')
    .regex(/^\d{12}$/, '区划代码应为12位数字')
    .optional(),
  amount: amount('监测线'),
  nearMarginPercent: z.number().int().min(0).max(100).default(10),
  note: z.string().max(200).default(''),
});
export type IncomeLineInput = z.infer<typeof IncomeLineInputSchema>;

export const IncomeLineUpdateSchema = z.object({
  amount: amount('监测线'),
  nearMarginPercent: z.number().int().min(0).max(100),
  note: z.string().max(200),
  version: z.number('缺少版本号 version').int().min(1),
});
export type IncomeLineUpdate = z.infer<typeof IncomeLineUpdateSchema>;

export const IncomeLineSchema = z.object({
  id: z.string(),
  year: z.number(),
  divisionCode: z.string(),
  divisionName: z.string(),
  level: z.enum(['county', 'township']),
  amount: z.number(),
  nearMarginPercent: z.number(),
  note: z.string(),
  version: z.number(),
  updatedAt: z.string(),
});
export type IncomeLine = z.infer<typeof IncomeLineSchema>;

export const IncomeLineListSchema = z.object({ items: z.array(IncomeLineSchema) });
export const IncomeLineQuerySchema = z.object({ year: year.optional() });

// ----- yearly incomes -----

export const IncomeInputSchema = IncomeComponentsSchema.extend({
  id: z.uuid('编号格式不正确').optional(),
  householdId: z.uuid('请选择搬迁户'),
  year,
  note: z.string().max(500).default(''),
});
export type IncomeInput = z.infer<typeof IncomeInputSchema>;

export const IncomeUpdateSchema = IncomeComponentsSchema.extend({
  note: z.string().max(500),
  version: z.number('缺少版本号 version').int().min(1),
});
export type IncomeUpdate = z.infer<typeof IncomeUpdateSchema>;

export const HouseholdIncomeSchema = IncomeComponentsSchema.extend({
  id: z.string(),
  householdId: z.string(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  year: z.number(),
  netIncome: z.number(),
  /** Members on the last day of the year (or on the day of collection during the year). */
  memberCount: z.number(),
  perCapita: z.number().nullable(),
  /** The line that applies (township override, else county); null when none is set for the year. */
  line: z.number().nullable(),
  standing: LineStandingSchema.nullable(),
  note: z.string(),
  version: z.number(),
  recordedByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type HouseholdIncome = z.infer<typeof HouseholdIncomeSchema>;

export const incomeListStatuses = ['collected', 'missing', 'below', 'near', 'above'] as const;
export const incomeListStatusLabels: Record<(typeof incomeListStatuses)[number], string> = {
  collected: '已采集',
  missing: '未采集',
  below: '低于监测线',
  near: '临界',
  above: '高于监测线',
};

export const IncomeListQuerySchema = PageQuerySchema.extend({
  year,
  townshipCode: z.string().optional(),
  siteId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  status: z.enum(incomeListStatuses).optional(),
});
export type IncomeListQuery = z.infer<typeof IncomeListQuerySchema>;

/** One household of the list: its income of the year when collected. */
export const IncomeListItemSchema = z.object({
  householdId: z.string(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  siteName: z.string().nullable(),
  townshipName: z.string().nullable(),
  monitoringStatus: z.string(),
  income: HouseholdIncomeSchema.nullable(),
});
export type IncomeListItem = z.infer<typeof IncomeListItemSchema>;
