import { z } from 'zod';
import { PageQuerySchema } from './common';

/** What an upload is for. The purpose sets the size limit, the accepted types and the retention. */
export const attachmentPurposes = ['general', 'import', 'error_report', 'evidence'] as const;
export type AttachmentPurpose = (typeof attachmentPurposes)[number];

export const attachmentPurposeLabels: Record<AttachmentPurpose, string> = {
  general: '一般附件',
  import: '导入文件',
  error_report: '错误报告',
  evidence: '佐证材料',
};

/** Accepted file types (checked by extension and by the file's first bytes). */
export const attachmentExtensions = ['.xlsx', '.xls', '.csv', '.pdf', '.jpg', '.jpeg', '.png', '.docx'] as const;
export type AttachmentExtension = (typeof attachmentExtensions)[number];

export interface AttachmentPurposePolicy {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Days after upload when the stored bytes are purged; null = kept until the record is deleted. */
  retentionDays: number | null;
  /** Types accepted for this purpose (all of {@link attachmentExtensions} when absent). */
  extensions?: readonly AttachmentExtension[];
  /** A different cap for some types (a CSV import may be far larger than a workbook). */
  maxBytesByExtension?: Partial<Record<AttachmentExtension, number>>;
}

const MB = 1024 * 1024;
export const defaultAttachmentMaxBytes = 20 * MB;

/**
 * Per-purpose policy. Import files and error workbooks hold ID numbers and are purged after 30 days
 * (decisions.md, personal data); the bytes go, the metadata row stays.
 */
export const attachmentPurposePolicies: Record<AttachmentPurpose, AttachmentPurposePolicy> = {
  general: { maxBytes: defaultAttachmentMaxBytes, retentionDays: null },
  // Uploads are streamed to disk, never buffered: a CSV of millions of rows is fine (the file size column is int4).
  import: {
    maxBytes: 100 * MB,
    retentionDays: 30,
    extensions: ['.xlsx', '.xls', '.csv'],
    maxBytesByExtension: { '.csv': 2000 * MB },
  },
  error_report: { maxBytes: defaultAttachmentMaxBytes, retentionDays: 30, extensions: ['.xlsx', '.csv'] },
  evidence: { maxBytes: defaultAttachmentMaxBytes, retentionDays: null },
};

/** The cap for a file of this type and purpose. */
export function attachmentMaxBytes(purpose: AttachmentPurpose, extension: AttachmentExtension): number {
  const policy = attachmentPurposePolicies[purpose];
  return policy.maxBytesByExtension?.[extension] ?? policy.maxBytes;
}

/** The largest cap of any type and purpose (the multipart parser's limit). */
export const largestAttachmentMaxBytes = Math.max(
  ...Object.values(attachmentPurposePolicies).flatMap((p) => [
    p.maxBytes,
    ...Object.values(p.maxBytesByExtension ?? {}),
  ]),
);

/** "20 MB" for a limit in bytes (whole megabytes where possible). */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

const booleanField = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', ''])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

/** The text fields of the multipart upload; they must come before the file part. */
export const AttachmentUploadFieldsSchema = z.object({
  id: z.uuid('id 必须是 UUID').optional(),
  purpose: z.enum(attachmentPurposes, '用途不正确').default('general'),
  personalData: booleanField.default(false),
});
export type AttachmentUploadFields = z.infer<typeof AttachmentUploadFieldsSchema>;

export const AttachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  purpose: z.enum(attachmentPurposes),
  personalData: z.boolean(),
  encrypted: z.boolean(),
  ownerType: z.string().nullable(),
  ownerId: z.string().nullable(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  purgeAfter: z.string().nullable(),
  purgedAt: z.string().nullable(),
  abilities: z.object({ download: z.boolean(), delete: z.boolean() }),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const AttachmentIdParamsSchema = z.object({ id: z.uuid('附件编号不正确') });

export const AttachmentListQuerySchema = PageQuerySchema;
export type AttachmentListQuery = z.infer<typeof AttachmentListQuerySchema>;
