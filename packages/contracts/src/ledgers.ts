import { z } from 'zod';

/**
 * The eight ledgers of ledgers.md (issue 9, item 3): a catalogue, a page per ledger (period, township, site,
 * paginated) and the workbook export (one sheet, a sheet per township or a sheet per site).
 */
export const ledgerKinds = [
  'support',
  'safety',
  'governance',
  'facilities',
  'grievances',
  'monitoring',
  'revisits',
  'policies',
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** The ledger names of ledgers.md, kept verbatim (the title is `{county}易地扶贫搬迁{name}`). */
export const ledgerNames: Record<LedgerKind, string> = {
  support: '后续扶持台账',
  safety: '安全隐患排查台账',
  governance: '社区治理工作台账',
  facilities: '设施管护工作台账',
  grievances: '群众诉求处理台账',
  monitoring: '“三类人员”监测帮扶台账',
  revisits: '每月回访台账',
  policies: '政策享受台账',
};

/** The explicit row of a ledger whose source records do not exist (yet) for the period: never invented rows. */
export const noRecordsText = '本期无记录';

export const ledgerSplits = ['none', 'township', 'site'] as const;
export type LedgerSplit = (typeof ledgerSplits)[number];
export const ledgerSplitLabels: Record<LedgerSplit, string> = {
  none: '一张工作表',
  township: '每个乡镇一张工作表',
  site: '每个安置点一张工作表',
};

const monthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const townshipCode = z
  .string()
  .regex(/^\d{12}$/, '乡镇代码应为 12 位数字')
  .optional();

export const LedgerKindParamsSchema = z.object({ kind: z.enum(ledgerKinds, '没有这种台账') });

export const LedgerQuerySchema = z.object({
  month: monthKey,
  townshipCode,
  siteId: z.uuid('安置点编号格式不正确').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type LedgerQuery = z.input<typeof LedgerQuerySchema>;

export const LedgerExportQuerySchema = z.object({
  month: monthKey,
  townshipCode,
  siteId: z.uuid('安置点编号格式不正确').optional(),
  split: z.enum(ledgerSplits).default('none'),
});
export type LedgerExportQuery = z.input<typeof LedgerExportQuerySchema>;

/** Where a ledger's rows come from; `none`: the feature that records them has not landed yet. */
export const ledgerSources = ['registry', 'monitoring', 'revisits', 'none'] as const;
export type LedgerSource = (typeof ledgerSources)[number];

export const LedgerCatalogueItemSchema = z.object({
  kind: z.enum(ledgerKinds),
  name: z.string(),
  /** One row per … (ledgers.md). */
  rowUnit: z.string(),
  source: z.enum(ledgerSources),
  /** False while the source records do not exist: the ledger shows `本期无记录`. */
  hasSource: z.boolean(),
  /** Read from the month-end snapshot once a township has closed the month. */
  frozenOnClose: z.boolean(),
  columns: z.number(),
});
export const LedgerCatalogueSchema = z.object({ items: z.array(LedgerCatalogueItemSchema) });
export type LedgerCatalogue = z.infer<typeof LedgerCatalogueSchema>;
export type LedgerCatalogueItem = z.infer<typeof LedgerCatalogueItemSchema>;

export const LedgerColumnDtoSchema = z.object({
  key: z.string(),
  header: z.string(),
  /** The group header spanning it (two header rows), e.g. 五个变化. */
  group: z.string().nullable(),
  type: z.enum(['index', 'text', 'integer', 'amount', 'date', 'percent']),
});
export type LedgerColumnDto = z.infer<typeof LedgerColumnDtoSchema>;

export const FrozenTownshipSchema = z.object({
  townshipCode: z.string(),
  townshipName: z.string().nullable(),
  frozenAt: z.string(),
  trigger: z.enum(['close', 'auto']),
});

export const LedgerPageSchema = z.object({
  kind: z.enum(ledgerKinds),
  title: z.string(),
  unit: z.string(),
  period: z.string(),
  month: z.string(),
  columns: z.array(LedgerColumnDtoSchema),
  items: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  /** Townships whose month is frozen: their rows are read from the snapshot. */
  frozen: z.array(FrozenTownshipSchema),
  /** No source records: the ledger shows its explicit `本期无记录` row. */
  empty: z.boolean(),
});
export type LedgerPage = z.infer<typeof LedgerPageSchema>;

// ---------------------------------------------------------------------------------------------------------
// Month-end snapshots (item 4)
// ---------------------------------------------------------------------------------------------------------

export const snapshotTriggers = ['close', 'auto'] as const;
export const snapshotTriggerLabels: Record<(typeof snapshotTriggers)[number], string> = {
  close: '乡镇月度确认时冻结',
  auto: '次月4日自动冻结（乡镇未确认）',
};

export const SnapshotQuerySchema = z.object({
  month: monthKey.optional(),
  townshipCode,
  includeSuperseded: z.coerce.boolean().default(false),
});

/** The figures frozen with a township's month (dashboards read them for a closed month). */
export const SnapshotFiguresSchema = z.record(z.string(), z.unknown());

export const SnapshotSchema = z.object({
  id: z.string(),
  townshipCode: z.string(),
  townshipName: z.string().nullable(),
  month: z.string(),
  /** current: what the closed month reads; superseded: replaced by a reopen or a new close. */
  status: z.enum(['current', 'superseded']),
  trigger: z.enum(snapshotTriggers),
  frozenAt: z.string(),
  supersededAt: z.string().nullable(),
  /** Rows frozen per ledger kind. */
  rowCounts: z.record(z.string(), z.number()),
  /** Where the figures came from: the dashboards' computeFigures, or the snapshot's own counts. */
  figuresSource: z.enum(['dashboards', 'snapshot']),
  figures: SnapshotFiguresSchema,
});
export type Snapshot = z.infer<typeof SnapshotSchema>;
export const SnapshotListSchema = z.object({ items: z.array(SnapshotSchema) });

// ---------------------------------------------------------------------------------------------------------
// Monthly report (item 5)
// ---------------------------------------------------------------------------------------------------------

export const MonthlyReportQuerySchema = z.object({ month: monthKey });
