import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, type SQL } from 'drizzle-orm';
import type {
  ImportBatch,
  ImportBatchPage,
  ImportFormat,
  ImportListQuery,
  ImportRowPage,
  ImportRowsQuery,
  ImportUploadFields,
} from '@anzhi/contracts/imports';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { findAttachment } from '../../platform/files/attachments.repository';
import { blobExists, openBlob } from '../../platform/files/attachment-store';
import {
  drain,
  filesRoot,
  linkAttachments,
  uploadAttachment,
  type UploadSource,
} from '../../platform/files/attachments.service';
import { cancelQueuedJob, findJobByDedupeKey, requestCancelRunningJob } from '../../platform/jobs/jobs.repository';
import { enqueueIn } from '../../platform/jobs/jobs.service';
import { granting } from '../org/scope';
import { importApplyJob, importParseJob } from './imports.jobs';
import { emptyCounts, presentBatch, presentRow } from './imports.presenter';
import {
  errorMessagesByRow,
  findBatch,
  insertBatch,
  listBatches,
  pageRows,
  transitionBatch,
  type BatchWithCreator,
} from './imports.repository';
import { importBatches } from './imports.table';
import { csvErrorFile, xlsxErrorWorkbook } from './imports.workbooks';

export const importOwnerType = 'import_batch';
const parseKey = (id: string) => `import:parse:${id}`;
const applyKey = (id: string) => `import:apply:${id}`;

/** County-wide importers see every batch of the county; others their own (out of scope is invisible). */
function seesAll(auth: AuthState): boolean {
  return granting(auth.assignments, 'registry.import').some((a) => a.kind === 'county');
}

function visibleTo(auth: AuthState, found: BatchWithCreator | undefined, countyCode: string): BatchWithCreator {
  if (!found || found.batch.countyCode !== countyCode) throw notFound('导入批次');
  if (found.batch.createdBy !== auth.user.id && !seesAll(auth)) throw notFound('导入批次');
  return found;
}

async function loadVisible(deps: Deps, auth: AuthState, id: string): Promise<BatchWithCreator> {
  return visibleTo(auth, await findBatch(deps.db, id), deps.config.countyCode);
}

/** For the attachment access checker: may this user see the batch's uploaded file? */
export async function canSeeBatch(deps: Deps, auth: AuthState, id: string): Promise<boolean> {
  try {
    await loadVisible(deps, auth, id);
    return true;
  } catch {
    return false;
  }
}

const present = (auth: AuthState, found: BatchWithCreator): ImportBatch =>
  presentBatch(found, { write: auth.permissions.includes('registry.import') });

function formatOf(filename: string): ImportFormat | null {
  const ext = path.extname(filename).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : null;
}

/**
 * POST /imports: stores the file (encrypted: it holds ID numbers), creates the batch and queues its dry run.
 * A replayed upload with the same client id answers the existing batch.
 */
export async function uploadImport(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  upload: UploadSource,
  fields: ImportUploadFields,
): Promise<ImportBatch> {
  if (fields.id) {
    const existing = await findBatch(deps.db, fields.id);
    if (existing) {
      await drain(upload.stream);
      if (existing.batch.createdBy !== auth.user.id) throw new AppError('CONFLICT', '该导入批次编号已被使用');
      return present(auth, existing);
    }
  }
  const format = formatOf(upload.filename);
  if (!format) {
    await drain(upload.stream);
    throw new AppError('VALIDATION_FAILED', '只能导入 .xlsx 或 .csv 文件（.xls 请先在 Excel 中另存为 .xlsx）', [
      { path: 'file', message: '文件类型应为 .xlsx 或 .csv' },
    ]);
  }
  const file = await uploadAttachment(deps, auth, actor, upload, { purpose: 'import', personalData: true });
  const id = fields.id ?? file.id;
  await auditedTransaction(deps.db, deps.clock, actor, 'import.upload', async (tx, audit) => {
    const now = deps.clock.now();
    await insertBatch(tx, {
      id,
      countyCode: deps.config.countyCode,
      kind: fields.kind,
      fileName: upload.filename,
      format,
      fileSize: file.size,
      fileSha256: file.sha256,
      attachmentId: file.id,
      status: 'uploaded',
      phase: 'queued',
      counts: emptyCounts(),
      createdBy: auth.user.id,
      createdAt: now,
      updatedAt: now,
    });
    await linkAttachments(tx, {
      attachmentIds: [file.id],
      ownerType: importOwnerType,
      ownerId: id,
      userId: auth.user.id,
    });
    await enqueueIn(
      tx,
      deps.clock,
      importParseJob,
      { batchId: id },
      { dedupeKey: parseKey(id), createdBy: auth.user.id },
    );
    audit.entity('import_batch', id, null, {
      kind: fields.kind,
      fileName: upload.filename,
      format,
      size: file.size,
      sha256: file.sha256,
    });
  });
  return getImport(deps, auth, id);
}

export async function getImport(deps: Deps, auth: AuthState, id: string): Promise<ImportBatch> {
  return present(auth, await loadVisible(deps, auth, id));
}

export async function listImports(deps: Deps, auth: AuthState, q: ImportListQuery): Promise<ImportBatchPage> {
  const where: (SQL | undefined)[] = [eq(importBatches.countyCode, deps.config.countyCode)];
  if (!seesAll(auth)) where.push(eq(importBatches.createdBy, auth.user.id));
  if (q.status) where.push(eq(importBatches.status, q.status));
  if (q.kind) where.push(eq(importBatches.kind, q.kind));
  const { items, total } = await listBatches(deps.db, and(...where), q.page, q.pageSize);
  return { items: items.map((i) => present(auth, i)), total, page: q.page, pageSize: q.pageSize };
}

export async function listImportRows(
  deps: Deps,
  auth: AuthState,
  id: string,
  q: ImportRowsQuery,
): Promise<ImportRowPage> {
  await loadVisible(deps, auth, id);
  const { items, total } = await pageRows(deps.db, id, q, q.page, q.pageSize);
  return { items: items.map(presentRow), total, page: q.page, pageSize: q.pageSize };
}

/** POST /imports/:id/confirm: the dry run is accepted; the apply runs as a job. */
export async function confirmImport(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
): Promise<ImportBatch> {
  const found = await loadVisible(deps, auth, id);
  if (found.batch.status === 'applying' || found.batch.status === 'applied') return present(auth, found); // replay
  if (found.batch.status !== 'parsed') throw new AppError('CONFLICT', '只有试导入完成、待确认的批次才能确认导入');
  await auditedTransaction(deps.db, deps.clock, actor, 'import.confirm', async (tx, audit) => {
    const now = deps.clock.now();
    const moved = await transitionBatch(tx, id, ['parsed'], {
      status: 'applying',
      phase: 'queued',
      confirmedAt: now,
      updatedAt: now,
    });
    if (!moved) throw new AppError('CONFLICT', '该批次状态已变化，请刷新后重试');
    await enqueueIn(
      tx,
      deps.clock,
      importApplyJob,
      { batchId: id, actor },
      { dedupeKey: applyKey(id), createdBy: auth.user.id },
    );
    audit.entity('import_batch', id, { status: 'parsed' }, { status: 'applying' });
  });
  return getImport(deps, auth, id);
}

/**
 * POST /imports/:id/cancel: before the apply starts (uploaded, parsing or waiting for confirmation). Nothing
 * has reached the registry then; once applying, households are written page by page and the import cannot be
 * cancelled.
 */
export async function cancelImport(deps: Deps, auth: AuthState, actor: ActorContext, id: string): Promise<ImportBatch> {
  const found = await loadVisible(deps, auth, id);
  if (found.batch.status === 'cancelled') return present(auth, found);
  const from = ['uploaded', 'parsing', 'parsed'];
  if (!from.includes(found.batch.status))
    throw new AppError(
      'CONFLICT',
      found.batch.status === 'applying' ? '正在写入花名册，不能取消' : '该批次已结束，不能取消',
    );
  await auditedTransaction(deps.db, deps.clock, actor, 'import.cancel', async (tx, audit) => {
    const now = deps.clock.now();
    const moved = await transitionBatch(tx, id, from, {
      status: 'cancelled',
      phase: 'done',
      cancelledAt: now,
      updatedAt: now,
    });
    if (!moved) throw new AppError('CONFLICT', '该批次状态已变化，请刷新后重试');
    const job = await findJobByDedupeKey(tx, parseKey(id));
    if (job && !(await cancelQueuedJob(tx, job.id, now))) await requestCancelRunningJob(tx, job.id);
    audit.entity('import_batch', id, { status: found.batch.status }, { status: 'cancelled' });
  });
  return getImport(deps, auth, id);
}

export interface ErrorReport {
  filename: string;
  contentType: string;
  body: Buffer | Readable;
}

/** GET /imports/:id/errors.xlsx: the uploaded file with an error column (audited: it holds personal data). */
export async function errorReport(deps: Deps, auth: AuthState, actor: ActorContext, id: string): Promise<ErrorReport> {
  const { batch } = await loadVisible(deps, auth, id);
  if (!['parsed', 'applying', 'applied'].includes(batch.status))
    throw new AppError('CONFLICT', '试导入尚未完成，暂无错误报告');
  const attachment = await findAttachment(deps.db, batch.attachmentId);
  if (!attachment || attachment.purgedAt || !blobExists(filesRoot(deps), attachment.storageKey))
    throw new AppError('GONE', '上传的文件已按保存期限清除，无法生成错误报告');
  const fileKey = attachment.wrappedKey ? Buffer.from(deps.cipher.decrypt(attachment.wrappedKey), 'base64') : undefined;
  const source = await openBlob(filesRoot(deps), attachment.storageKey, fileKey);
  const errors = await errorMessagesByRow(deps.db, id);
  await auditedTransaction(deps.db, deps.clock, actor, 'import.error_report', async (_tx, audit) => {
    audit.entity('import_batch', id, null, { fileName: batch.fileName, errorRows: errors.size });
  });
  const base = batch.fileName.replace(/\.(xlsx|csv)$/i, '');
  if (batch.format === 'xlsx')
    return {
      filename: `${base}_错误报告.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await xlsxErrorWorkbook(source, errors),
    };
  return {
    filename: `${base}_错误报告.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: csvErrorFile(source, errors),
  };
}
