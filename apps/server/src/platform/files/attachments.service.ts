import crypto from 'node:crypto';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  attachmentMaxBytes,
  attachmentPurposePolicies,
  formatMegabytes,
  largestAttachmentMaxBytes,
  type Attachment,
  type AttachmentPurpose,
  type AttachmentUploadFields,
} from '@anzhi/contracts/attachments';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Tx } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../audit/audit.service';
import type { AuthState } from '../auth/auth.service';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors/app-error';
import { attachmentAccess } from './attachment-access';
import { blobExists, commitBlob, discardTemp, filesRootOf, openBlob, UploadGuard, writeTemp } from './attachment-store';
import { acceptedExtension, contentMatches, contentMismatch, contentTypeOf, headBytes } from './attachment-types';
import {
  findAttachment,
  findAttachmentsByIds,
  insertAttachment,
  listUploadsOf,
  lockStorageKey,
  updateAttachment,
  type AttachmentRow,
} from './attachments.repository';
import { isAttachmentAdmin, presentAttachment } from './attachments.presenter';

const dayMs = 24 * 60 * 60 * 1000;

/** Largest file any purpose accepts: the multipart parser's own backstop. */
export const largestAttachmentBytes = largestAttachmentMaxBytes;

export const filesRoot = (deps: Pick<Deps, 'config'>) => filesRootOf(deps.config.dataDir);

/** Reads a stream to its end and throws the bytes away (so a refused upload still gets a clean answer). */
export async function drain(source: Readable): Promise<void> {
  await pipeline(
    source,
    new Writable({
      write(_chunk, _enc, done) {
        done();
      },
    }),
  );
}

interface PreparedBlob {
  tempPath: string;
  storageKey: string;
  sha256: string;
  size: number;
  contentType: string;
  encrypted: boolean;
  wrappedKey: string | null;
  keyVersion: number | null;
}

/**
 * Checks type and size while streaming the file to a temporary file (encrypted for personal data).
 * Nothing is kept when a check fails.
 */
async function prepareBlob(
  deps: Pick<Deps, 'config' | 'cipher'>,
  source: Readable,
  filename: string,
  purpose: AttachmentPurpose,
  personalData: boolean,
): Promise<PreparedBlob> {
  let ext;
  try {
    ext = acceptedExtension(filename, purpose);
  } catch (err) {
    await drain(source);
    throw err;
  }
  const maxBytes = attachmentMaxBytes(purpose, ext);
  const guard = new UploadGuard(
    maxBytes,
    headBytes,
    (head) => (contentMatches(ext, head) ? null : contentMismatch(ext)),
    () => new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${formatMegabytes(maxBytes)} 上限`, { maxBytes }),
    () => new AppError('BAD_REQUEST', '文件为空'),
  );
  // Personal data: a random key per file, wrapped by the current data key (rotating the data key
  // only re-wraps these keys, never re-encrypts the files).
  const fileKey = personalData ? crypto.randomBytes(32) : undefined;
  const written = await writeTemp(filesRoot(deps), source, guard, fileKey);
  const sha256 = guard.hash.digest('hex');
  const wrappedKey = fileKey ? deps.cipher.encrypt(fileKey.toString('base64')) : null;
  return {
    tempPath: written.tempPath,
    // Unencrypted bytes are the plaintext: the storage key is its sha256 and identical files share one blob.
    storageKey: fileKey ? written.storageKey : sha256,
    sha256,
    size: guard.size,
    contentType: contentTypeOf[ext],
    encrypted: fileKey !== undefined,
    wrappedKey,
    // FieldCipher output starts with its key-version byte.
    keyVersion: wrappedKey ? (Buffer.from(wrappedKey, 'base64')[0] ?? null) : null,
  };
}

export interface AttachmentMeta {
  id?: string | undefined;
  filename: string;
  purpose: AttachmentPurpose;
  personalData: boolean;
  uploadedBy: string;
  ownerType?: string | null;
  ownerId?: string | null;
  divisionCode?: string | null;
}

/** Moves the prepared blob into place and inserts its row, under the storage key's lock. */
async function recordAttachment(
  tx: Tx,
  deps: Pick<Deps, 'config' | 'clock'>,
  blob: PreparedBlob,
  meta: AttachmentMeta,
) {
  const now = deps.clock.now();
  const retention = attachmentPurposePolicies[meta.purpose].retentionDays;
  const row: AttachmentRow = {
    id: meta.id ?? uuidv7(),
    sha256: blob.sha256,
    size: blob.size,
    originalFilename: meta.filename,
    contentType: blob.contentType,
    ownerType: meta.ownerType ?? null,
    ownerId: meta.ownerId ?? null,
    purpose: meta.purpose,
    personalData: meta.personalData,
    encrypted: blob.encrypted,
    keyVersion: blob.keyVersion,
    wrappedKey: blob.wrappedKey,
    storageKey: blob.storageKey,
    uploadedBy: meta.uploadedBy,
    uploadedAt: now,
    purgeAfter: retention === null ? null : new Date(now.getTime() + retention * dayMs),
    purgedAt: null,
    deletedAt: null,
    deletedBy: null,
    divisionCode: meta.divisionCode ?? null,
  };
  await lockStorageKey(tx, blob.storageKey);
  await insertAttachment(tx, row);
  await commitBlob(filesRoot(deps), blob.tempPath, blob.storageKey);
  return row;
}

function auditImage(row: AttachmentRow): Record<string, unknown> {
  return {
    filename: row.originalFilename,
    size: row.size,
    sha256: row.sha256,
    purpose: row.purpose,
    personalData: row.personalData,
    encrypted: row.encrypted,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
  };
}

export interface UploadSource {
  stream: Readable;
  filename: string;
}

/** POST /attachments: one file, checked, stored (encrypted when it holds personal data), audited. */
export async function uploadAttachment(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  upload: UploadSource,
  fields: AttachmentUploadFields,
): Promise<Attachment> {
  if (fields.id) {
    const existing = await findAttachment(deps.db, fields.id);
    if (existing) {
      await drain(upload.stream);
      // A replayed upload (double click, later sync): answer with what exists.
      if (existing.uploadedBy === auth.user.id && existing.deletedAt === null) return presentAttachment(existing, auth);
      throw new AppError('CONFLICT', '该附件编号已被使用');
    }
  }
  const blob = await prepareBlob(deps, upload.stream, upload.filename, fields.purpose, fields.personalData);
  try {
    const row = await auditedTransaction(deps.db, deps.clock, actor, 'attachment.upload', async (tx, audit) => {
      const inserted = await recordAttachment(tx, deps, blob, {
        id: fields.id,
        filename: upload.filename,
        purpose: fields.purpose,
        personalData: fields.personalData,
        uploadedBy: auth.user.id,
      });
      audit.entity('attachment', inserted.id, null, auditImage(inserted));
      return inserted;
    });
    return presentAttachment(row, auth);
  } finally {
    await discardTemp(blob.tempPath); // no-op once moved into place
  }
}

export interface GeneratedFile extends AttachmentMeta {
  source: Readable;
}

/**
 * Stores a file the server made (an import's error workbook) inside the caller's transaction, which
 * writes the audit event. The bytes are written before the row; if the transaction rolls back, the blob
 * may stay on disk unreferenced (harmless; identical content is reused).
 */
export async function storeGeneratedAttachment(
  deps: Pick<Deps, 'config' | 'cipher' | 'clock'>,
  tx: Tx,
  file: GeneratedFile,
): Promise<AttachmentRow> {
  const blob = await prepareBlob(deps, file.source, file.filename, file.purpose, file.personalData);
  try {
    return await recordAttachment(tx, deps, blob, file);
  } finally {
    await discardTemp(blob.tempPath);
  }
}

/**
 * The attachment if the user may see it, else 404 (out of scope is invisible):
 * attachment administrators see all; an unlinked file only its uploader; a linked file whoever the
 * owner type's checker admits.
 */
export async function visibleAttachment(deps: Deps, auth: AuthState, id: string): Promise<AttachmentRow> {
  const row = await findAttachment(deps.db, id);
  if (!row || row.deletedAt !== null) throw notFound('附件');
  if (await canSee(deps, auth, row)) return row;
  throw notFound('附件');
}

async function canSee(deps: Deps, auth: AuthState, row: AttachmentRow): Promise<boolean> {
  if (isAttachmentAdmin(auth)) return true;
  if (row.ownerType === null || row.ownerId === null) return row.uploadedBy === auth.user.id;
  return attachmentAccess.check(auth, row.ownerType, row.ownerId, deps);
}

export async function getAttachmentMeta(deps: Deps, auth: AuthState, id: string): Promise<Attachment> {
  return presentAttachment(await visibleAttachment(deps, auth, id), auth);
}

export async function listMyUploads(deps: Deps, auth: AuthState, page: number, pageSize: number) {
  const { items, total } = await listUploadsOf(deps.db, auth.user.id, page, pageSize);
  return { items: items.map((r) => presentAttachment(r, auth)), total, page, pageSize };
}

export interface AttachmentDownload {
  attachment: AttachmentRow;
  stream: Readable;
}

/** The plaintext of a visible attachment; a download of personal data is audited. */
export async function openAttachmentDownload(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
): Promise<AttachmentDownload> {
  const row = await visibleAttachment(deps, auth, id);
  if (row.purgedAt !== null) {
    throw new AppError('GONE', '文件已按保存期限清除', { purgedAt: row.purgedAt.toISOString() });
  }
  const root = filesRoot(deps);
  if (!blobExists(root, row.storageKey)) {
    throw new AppError('INTERNAL', `附件文件缺失（编号 ${row.id}），请联系管理员`);
  }
  const fileKey = row.wrappedKey ? Buffer.from(deps.cipher.decrypt(row.wrappedKey), 'base64') : undefined;
  if (row.personalData) {
    await auditedTransaction(deps.db, deps.clock, actor, 'attachment.download', async (_tx, audit) => {
      audit.entity('attachment', row.id, null, auditImage(row));
    });
  }
  return { attachment: row, stream: await openBlob(root, row.storageKey, fileKey) };
}

/**
 * Soft delete by the uploader or an attachment administrator: the row stays (with deleted_at) and the
 * bytes are due for the next purge run.
 */
export async function deleteAttachment(deps: Deps, auth: AuthState, actor: ActorContext, id: string): Promise<void> {
  const row = await visibleAttachment(deps, auth, id);
  if (row.uploadedBy !== auth.user.id && !isAttachmentAdmin(auth)) {
    throw new AppError('FORBIDDEN', '只有上传人或管理员可以删除附件');
  }
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'attachment.delete', async (tx, audit) => {
    const purgeAfter = row.purgeAfter && row.purgeAfter < now ? row.purgeAfter : now;
    await updateAttachment(tx, row.id, { deletedAt: now, deletedBy: auth.user.id, purgeAfter });
    audit.entity('attachment', row.id, auditImage(row), { ...auditImage(row), deletedAt: now.toISOString() });
  });
}

export interface LinkInput {
  attachmentIds: readonly string[];
  ownerType: string;
  ownerId: string;
  /** The user saving the feature record: only their own unlinked uploads can be attached. */
  userId: string;
  divisionCode?: string | null;
}

/**
 * Links uploads to a feature record inside the feature's transaction (its audit event covers it).
 * Idempotent: a file already linked to the same record is left as is. Anything else → 404.
 */
export async function linkAttachments(tx: Tx, input: LinkInput): Promise<AttachmentRow[]> {
  if (!attachmentAccess.has(input.ownerType)) {
    throw new Error(`no attachment access checker registered for owner type "${input.ownerType}"`);
  }
  const rows = await findAttachmentsByIds(tx, input.attachmentIds);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const linked: AttachmentRow[] = [];
  for (const id of input.attachmentIds) {
    const row = byId.get(id);
    if (!row || row.deletedAt !== null || row.purgedAt !== null) throw notFound('附件');
    if (row.ownerType === input.ownerType && row.ownerId === input.ownerId) {
      linked.push(row);
      continue;
    }
    if (row.ownerType !== null || row.uploadedBy !== input.userId) throw notFound('附件');
    const patch = { ownerType: input.ownerType, ownerId: input.ownerId, divisionCode: input.divisionCode ?? null };
    await updateAttachment(tx, id, patch);
    linked.push({ ...row, ...patch });
  }
  return linked;
}
