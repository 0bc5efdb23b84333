import type { Attachment, AttachmentPurpose } from '@anzhi/contracts/attachments';
import type { AuthState } from '../auth/auth.service';
import type { AttachmentRow } from './attachments.repository';

export const isAttachmentAdmin = (auth: AuthState) => auth.permissions.includes('attachment.admin');

/** Row → DTO. Only called for rows the caller may see; the abilities say what else they may do. */
export function presentAttachment(row: AttachmentRow, auth: AuthState): Attachment {
  return {
    id: row.id,
    filename: row.originalFilename,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    purpose: row.purpose as AttachmentPurpose,
    personalData: row.personalData,
    encrypted: row.encrypted,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt.toISOString(),
    purgeAfter: row.purgeAfter?.toISOString() ?? null,
    purgedAt: row.purgedAt?.toISOString() ?? null,
    abilities: {
      download: row.purgedAt === null,
      delete: row.uploadedBy === auth.user.id || isAttachmentAdmin(auth),
    },
  };
}
