import { AttachmentSchema } from '@anzhi/contracts/attachments';
import type { Attachment } from '@anzhi/contracts/attachments';
import { PageSchema } from '@anzhi/contracts/common';
import { apiBase, apiRequest, apiRequestVoid } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface AttachmentPage {
  items: Attachment[];
  total: number;
  page: number;
  pageSize: number;
}

const AttachmentPageSchema = PageSchema(AttachmentSchema);

export const attachmentKeys = {
  all: ['attachments'] as const,
  mine: (page: number, pageSize: number) => ['attachments', 'mine', page, pageSize] as const,
};

/** Where the browser posts uploads (multipart) and fetches downloads (a plain link: the cookie is enough). */
export const uploadUrl = `${apiBase}/attachments`;
export const downloadUrl = (id: string) => `${apiBase}/attachments/${encodeURIComponent(id)}`;

export function fetchMyUploads(page: number, pageSize: number, signal?: AbortSignal): Promise<AttachmentPage> {
  return apiRequest(`/attachments${toQueryString({ page, pageSize })}`, AttachmentPageSchema, signal ? { signal } : {});
}

export function deleteAttachment(id: string): Promise<void> {
  return apiRequestVoid(`/attachments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
