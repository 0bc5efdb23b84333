import path from 'node:path';
import {
  attachmentExtensions,
  attachmentPurposePolicies,
  type AttachmentExtension,
  type AttachmentPurpose,
} from '@anzhi/contracts/attachments';
import { AppError } from '../errors/app-error';

export const contentTypeOf: Record<AttachmentExtension, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const typeLabel: Record<AttachmentExtension, string> = {
  '.xlsx': 'Excel 工作簿',
  '.xls': 'Excel 97-2003 工作簿',
  '.csv': 'CSV 文本',
  '.pdf': 'PDF 文档',
  '.jpg': 'JPEG 图片',
  '.jpeg': 'JPEG 图片',
  '.png': 'PNG 图片',
  '.docx': 'Word 文档',
};

const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const pdf = Buffer.from('%PDF-', 'latin1');
const jpeg = Buffer.from([0xff, 0xd8, 0xff]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const binarySignatures = [zip, ole2, pdf, jpeg, png, Buffer.from('MZ', 'latin1'), Buffer.from('\x7fELF', 'latin1')];

/** How many leading bytes the content check looks at (CSV: no NUL byte in the first 4 KB). */
export const headBytes = 4096;

const startsWith = (head: Buffer, sig: Buffer) => head.length >= sig.length && head.subarray(0, sig.length).equals(sig);

/** Whether the first bytes of a file fit its extension ("magic bytes"). */
export function contentMatches(ext: AttachmentExtension, head: Buffer): boolean {
  switch (ext) {
    case '.xlsx':
    case '.docx':
      return startsWith(head, zip);
    case '.xls':
      return startsWith(head, ole2);
    case '.pdf':
      return startsWith(head, pdf);
    case '.jpg':
    case '.jpeg':
      return startsWith(head, jpeg);
    case '.png':
      return startsWith(head, png);
    case '.csv':
      // Text has no magic: refuse NUL bytes and known binary signatures (an .exe renamed to .csv).
      return !head.includes(0) && !binarySignatures.some((sig) => startsWith(head, sig));
  }
}

export function allowedExtensions(purpose: AttachmentPurpose): readonly AttachmentExtension[] {
  return attachmentPurposePolicies[purpose].extensions ?? attachmentExtensions;
}

const isExtension = (ext: string): ext is AttachmentExtension =>
  (attachmentExtensions as readonly string[]).includes(ext);

/** The extension of `filename` if the purpose accepts it; otherwise a Chinese error listing what is accepted. */
export function acceptedExtension(filename: string, purpose: AttachmentPurpose): AttachmentExtension {
  const ext = path.extname(filename).toLowerCase();
  const allowed = allowedExtensions(purpose);
  if (isExtension(ext) && allowed.includes(ext)) return ext;
  const shown = allowed.filter((e) => e !== '.jpeg').join('、');
  throw new AppError('BAD_REQUEST', `不支持的文件类型：${ext || '（无扩展名）'}（允许：${shown}）`, {
    extension: ext,
    allowed,
  });
}

export function contentMismatch(ext: AttachmentExtension): AppError {
  return new AppError('BAD_REQUEST', `文件内容与扩展名不符：不是有效的${typeLabel[ext]}（${ext}）`, { extension: ext });
}
