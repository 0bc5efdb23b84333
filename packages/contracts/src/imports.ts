import { z } from 'zod';
import { PageQuerySchema, PageSchema } from './common';

/*
 * Staged imports (issue 5, item 5): upload a file → a job parses and classifies every row (dry run) →
 * the user confirms → a job applies it. Personal numbers are masked in every response.
 */

/** What an import loads. Only the registry workbook (ledgers.md, "the registry workbook") for now. */
export const importKinds = ['registry'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKindLabels: Record<ImportKind, string> = { registry: '搬迁户花名册' };

export const importFormats = ['xlsx', 'csv'] as const;
export type ImportFormat = (typeof importFormats)[number];

/**
 * Life of a batch: uploaded → parsing → parsed (dry run ready, waiting for confirmation) → applying → applied.
 * failed: parsing or applying stopped with an error (`error`). cancelled: the user cancelled before applying finished
 * (nothing reaches the registry from a cancelled dry run).
 */
export const importStatuses = ['uploaded', 'parsing', 'parsed', 'applying', 'applied', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importStatusLabels: Record<ImportStatus, string> = {
  uploaded: '已上传',
  parsing: '解析中',
  parsed: '待确认',
  applying: '导入中',
  applied: '已导入',
  failed: '失败',
  cancelled: '已取消',
};
/** Statuses in which a batch still changes on its own: pages showing one keep polling. */
export const activeImportStatuses: readonly ImportStatus[] = ['uploaded', 'parsing', 'applying'];

/** What the running job is doing. */
export const importPhases = ['queued', 'reading', 'classifying', 'applying', 'done'] as const;
export type ImportPhase = (typeof importPhases)[number];
export const importPhaseLabels: Record<ImportPhase, string> = {
  queued: '排队中',
  reading: '读取文件',
  classifying: '比对花名册',
  applying: '写入花名册',
  done: '完成',
};

/** How a row compares with the registry. */
export const importRowClasses = ['new', 'changed', 'unchanged', 'error'] as const;
export type ImportRowClass = (typeof importRowClasses)[number];
export const importRowClassLabels: Record<ImportRowClass, string> = {
  new: '新增',
  changed: '变更',
  unchanged: '无变化',
  error: '错误',
};

export const ImportProgressSchema = z.object({
  phase: z.enum(importPhases),
  /** Data rows read so far (parsing), or rows applied so far (applying). */
  rowsRead: z.number(),
  /** Estimated data rows in the file; null while unknown (e.g. a CSV before it is read). */
  totalRowsEstimate: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ImportCountsSchema = z.object({
  /** Data rows (persons) in the file. */
  rows: z.number(),
  new: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  error: z.number(),
  /** Households (户编号) in the file. */
  households: z.number(),
  /** Households with at least one error row: skipped as a whole when applying. */
  householdsWithErrors: z.number(),
  /** Households written to the registry by the apply (0 until applied). */
  householdsApplied: z.number(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportBatchSchema = z.object({
  id: z.string(),
  kind: z.enum(importKinds),
  fileName: z.string(),
  format: z.enum(importFormats),
  /** Size of the uploaded file in bytes. */
  fileSize: z.number(),
  status: z.enum(importStatuses),
  progress: ImportProgressSchema,
  counts: ImportCountsSchema,
  /** Columns of the file that are not part of the registry workbook (reported, not fatal). */
  unknownColumns: z.array(z.string()),
  /** Chinese message when the batch failed (e.g. "未找到表头行：…"). */
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  parsedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  abilities: z.object({
    /** The dry run is ready and has something to apply. */
    confirm: z.boolean(),
    cancel: z.boolean(),
    /** An error workbook can be downloaded (the batch has error rows). */
    downloadErrors: z.boolean(),
  }),
});
export type ImportBatch = z.infer<typeof ImportBatchSchema>;

/** One field that an import row changes. Personal numbers (ID, phone) are masked in both values. */
export const ImportFieldChangeSchema = z.object({
  /** Internal field key, e.g. "labourCapacity". */
  field: z.string(),
  /** Chinese column label, e.g. "劳动能力". */
  label: z.string(),
  old: z.string().nullable(),
  new: z.string().nullable(),
});
export type ImportFieldChange = z.infer<typeof ImportFieldChangeSchema>;

export const ImportRowResultSchema = z.object({
  /** Row number in the uploaded sheet (1-based, as Excel shows it). */
  rowNumber: z.number(),
  householdNumber: z.string().nullable(),
  personName: z.string().nullable(),
  /** Masked ID number as read from the file. */
  idNumber: z.string().nullable(),
  class: z.enum(importRowClasses),
  changes: z.array(ImportFieldChangeSchema),
  /** Chinese messages, each starting with the row, e.g. "第12行：身份证号校验位错误". */
  errors: z.array(z.string()),
  /** The row belongs to a household that is skipped because one of its rows has an error. */
  householdSkipped: z.boolean(),
});
export type ImportRowResult = z.infer<typeof ImportRowResultSchema>;

export const ImportListQuerySchema = z
  .object({
    status: z.enum(importStatuses, '状态无效').optional(),
    kind: z.enum(importKinds, '导入类型无效').optional(),
  })
  .extend(PageQuerySchema.shape);
export type ImportListQuery = z.infer<typeof ImportListQuerySchema>;

export const ImportRowsQuerySchema = z
  .object({
    class: z.enum(importRowClasses, '行分类无效').optional(),
    /** 户编号 or 姓名. */
    q: z.string().trim().max(50, '查询内容过长').optional(),
  })
  .extend(PageQuerySchema.shape);
export type ImportRowsQuery = z.infer<typeof ImportRowsQuerySchema>;

export const ImportIdParamsSchema = z.object({ id: z.uuid('导入批次 id 格式不正确') });

/**
 * The text fields of the multipart upload (they must come before the file part). `id` makes the upload
 * idempotent: the same id again answers the existing batch.
 */
export const ImportUploadFieldsSchema = z.object({
  id: z.uuid('id 必须是 UUID').optional(),
  kind: z.enum(importKinds, '导入类型无效').default('registry'),
});
export type ImportUploadFields = z.infer<typeof ImportUploadFieldsSchema>;

export const ImportBatchPageSchema = PageSchema(ImportBatchSchema);
export type ImportBatchPage = z.infer<typeof ImportBatchPageSchema>;
export const ImportRowPageSchema = PageSchema(ImportRowResultSchema);
export type ImportRowPage = z.infer<typeof ImportRowPageSchema>;

/** Largest .xlsx accepted, in data rows (decisions.md: larger loads use CSV). */
export const importXlsxMaxRows = 200_000;
