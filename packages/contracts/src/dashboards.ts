import { z } from 'zod';
import { PageSchema } from './common';

/*
 * 数据看板 (issue 9 item 2): the month's figures of the county, its townships, sites and destination villages
 * (分散安置 households are shown under their destination village), the site × rule matrix and overdue supervision
 * instances by unit. Computed by the rules job into a pre-aggregated table (one row per month), or frozen in a
 * closed month's snapshot, so the overview reads a few rows.
 */

export const figureScopeTypes = ['county', 'township', 'site', 'village'] as const;
export type FigureScopeType = (typeof figureScopeTypes)[number];

const count = z.number().int().nonnegative();

/** The figures of one scope entity for a month. */
export const ScopeFiguresSchema = z.object({
  scopeType: z.enum(figureScopeTypes),
  /** County: 'county'; township and village: the division code; site: the site id. */
  scopeId: z.string(),
  name: z.string(),
  townshipCode: z.string().nullable(),
  sites: count,
  households: count,
  persons: count,
  /** Households under monitoring (三类人员) on the day. */
  monitored: count,
  /** By category key (unstable | marginal | sudden). */
  monitoredByCategory: z.record(z.string(), count),
  /** By risk type key (illness, education …); a household with several risk types counts under each. */
  monitoredByRiskType: z.record(z.string(), count),
  revisitDue: count,
  revisited: count,
  /** R11: households that can work (applicable) and of them those meeting the employment rule. */
  workableHouseholds: count,
  employedHouseholds: count,
});
export type ScopeFigures = z.infer<typeof ScopeFiguresSchema>;

/** A rule's results in the month: a column of the matrix and its county totals. */
export const RuleColumnSchema = z.object({
  ruleId: z.string(),
  title: z.string(),
  kind: z.enum(['requirement', 'target']),
  scope: z.string(),
  /** The period key of the run read ('2026-10', '2026-H2', '2026-10-31'). */
  periodKey: z.string().nullable(),
  runId: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  met: count,
  notMet: count,
  notApplicable: count,
  rate: z.number().nullable(),
  averageProgress: z.number().nullable(),
});
export type RuleColumn = z.infer<typeof RuleColumnSchema>;

/** One cell of the matrix: a rule's results for one site, village or township. */
export const RuleCellSchema = z.object({
  ruleId: z.string(),
  scopeType: z.enum(['site', 'village', 'township']),
  scopeId: z.string(),
  met: count,
  notMet: count,
  notApplicable: count,
  /** Mean progress (targets only). */
  progress: z.number().nullable(),
});
export type RuleCell = z.infer<typeof RuleCellSchema>;

export const OverdueByUnitSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  divisionCode: z.string().nullable(),
  overdue: count,
});
export type OverdueByUnit = z.infer<typeof OverdueByUnitSchema>;

/** What `computeFigures` answers and the month snapshot freezes. */
export const DashboardFiguresSchema = z.object({
  month: z.string(),
  /** The day households, members and monitoring are read on (the month's last day, or today in the current month). */
  asOf: z.string(),
  townshipCode: z.string().nullable(),
  computedAt: z.string(),
  totals: ScopeFiguresSchema,
  townships: z.array(ScopeFiguresSchema),
  sites: z.array(ScopeFiguresSchema),
  villages: z.array(ScopeFiguresSchema),
  rules: z.array(RuleColumnSchema),
  cells: z.array(RuleCellSchema),
  overdue: z.array(OverdueByUnitSchema),
});
export type DashboardFigures = z.infer<typeof DashboardFiguresSchema>;

/** Where a dashboard's figures come from. */
export const figureSources = ['snapshot', 'aggregate', 'live'] as const;

/** How the places of the matrix (sites, then destination villages) are ordered: most unmet requirements first, or by place. */
export const placeOrders = ['worst', 'place'] as const;
export type PlaceOrder = (typeof placeOrders)[number];

/** A matrix place's key: 'site|<id>' or 'village|<code>' (cells carry the same scope type and id). */
export const placeKey = (x: { scopeType: string; scopeId: string }) => `${x.scopeType}|${x.scopeId}`;

/** Unmet requirement results by place (the matrix's red), for the 'worst' order. */
export function unmetByPlace(rules: readonly RuleColumn[], cells: readonly RuleCell[]): Map<string, number> {
  const requirement = new Set(rules.filter((r) => r.kind === 'requirement').map((r) => r.ruleId));
  const out = new Map<string, number>();
  for (const c of cells) {
    if (c.scopeType === 'township' || !requirement.has(c.ruleId) || c.notMet === 0) continue;
    out.set(placeKey(c), (out.get(placeKey(c)) ?? 0) + c.notMet);
  }
  return out;
}

export const DashboardSchema = DashboardFiguresSchema.extend({
  source: z.enum(figureSources),
  /**
   * The matrix is paged (a county may have thousands of sites): `sites`, `villages` and their cells hold one page of
   * places; the townships, their cells, the totals and the rule columns are always whole.
   */
  places: z.object({
    total: count,
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    order: z.enum(placeOrders),
  }),
  /** The scope shown: the county, one township or one site. */
  view: z.object({ scopeType: z.enum(['county', 'township', 'site']), scopeId: z.string(), name: z.string() }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const DashboardQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
    .optional(),
  placePage: z.coerce.number().int('页码应为整数').min(1, '页码应从 1 开始').default(1),
  placePageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 个安置点').default(50),
  placeOrder: z.enum(placeOrders, '排序方式不正确').default('worst'),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const TrendPointSchema = z.object({
  month: z.string(),
  source: z.enum(figureSources).nullable(),
  households: count,
  persons: count,
  monitored: count,
  revisitDue: count,
  revisited: count,
  workableHouseholds: count,
  employedHouseholds: count,
  violations: count,
});
export const TrendSchema = z.object({
  scopeType: z.enum(['county', 'township', 'site']),
  scopeId: z.string(),
  points: z.array(TrendPointSchema),
});
export type Trend = z.infer<typeof TrendSchema>;

export const TrendQuerySchema = z.object({
  month: DashboardQuerySchema.shape.month,
  townshipCode: z.string().optional(),
  siteId: z.uuid().optional(),
  months: z.coerce.number().int().min(1).max(24).default(12),
});

// ---------------------------------------------------------------------------------------------
// Rule results
// ---------------------------------------------------------------------------------------------

export const RuleResultsQuerySchema = z.object({
  ruleId: z.string().optional(),
  /** A period key ('2026-10'); as-of rules are matched by the month their day falls in. */
  period: z.string().optional(),
  townshipCode: z.string().optional(),
  siteId: z.uuid().optional(),
  villageCode: z.string().optional(),
  verdict: z.enum(['met', 'not_met', 'not_applicable']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type RuleResultsQuery = z.infer<typeof RuleResultsQuerySchema>;

export const RuleResultItemSchema = z.object({
  runId: z.string(),
  ruleId: z.string(),
  periodKey: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  entityLabel: z.string().nullable(),
  siteId: z.string().nullable(),
  townshipCode: z.string().nullable(),
  verdict: z.enum(['met', 'not_met', 'not_applicable']),
  presentation: z.enum(['met', 'violation', 'target_progress', 'not_applicable']),
  progress: z.number().nullable(),
  values: z.record(z.string(), z.unknown()),
  evidence: z.array(z.object({ type: z.string(), id: z.string(), label: z.string().optional() })),
  note: z.string().nullable(),
});
export const RuleResultPageSchema = PageSchema(RuleResultItemSchema);
export type RuleResultPage = z.infer<typeof RuleResultPageSchema>;

export const RuleEvaluationInputSchema = z.object({
  id: z.uuid(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
});
export type RuleEvaluationInput = z.infer<typeof RuleEvaluationInputSchema>;
