import {
  ImportBatchPageSchema,
  ImportBatchSchema,
  ImportRowPageSchema,
  activeImportStatuses,
} from '@anzhi/contracts/imports';
import type {
  ImportBatch,
  ImportBatchPage,
  ImportCounts,
  ImportKind,
  ImportRowClass,
  ImportRowPage,
} from '@anzhi/contracts/imports';
import { apiBase, apiRequest } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface ImportListQuery {
  page: number;
  pageSize: number;
}

export interface ImportRowsQuery {
  class?: ImportRowClass | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export const importKeys = {
  all: ['imports'] as const,
  list: (query: ImportListQuery) => ['imports', 'list', query] as const,
  one: (id: string) => ['imports', 'one', id] as const,
  rows: (id: string, query: ImportRowsQuery) => ['imports', 'rows', id, query] as const,
};

/** Plain links: the session cookie is enough for a download. */
export const templateUrl = `${apiBase}/imports/registry/template`;
export const errorsUrl = (id: string) => `${apiBase}/imports/${encodeURIComponent(id)}/errors.xlsx`;

/** True while the batch still changes on its own (parsing or applying): pages showing it keep polling. */
export function isImportActive(batch: Pick<ImportBatch, 'status'>): boolean {
  return activeImportStatuses.includes(batch.status);
}

/** The households a confirmation writes: those without an error row. */
export const householdsToApply = (c: ImportCounts) => c.households - c.householdsWithErrors;

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export function fetchImports(query: ImportListQuery, signal?: AbortSignal): Promise<ImportBatchPage> {
  return apiRequest(`/imports${toQueryString({ ...query })}`, ImportBatchPageSchema, opts(signal));
}

export function fetchImport(id: string, signal?: AbortSignal): Promise<ImportBatch> {
  return apiRequest(`/imports/${encodeURIComponent(id)}`, ImportBatchSchema, opts(signal));
}

export function fetchImportRows(id: string, query: ImportRowsQuery, signal?: AbortSignal): Promise<ImportRowPage> {
  return apiRequest(
    `/imports/${encodeURIComponent(id)}/rows${toQueryString({ ...query })}`,
    ImportRowPageSchema,
    opts(signal),
  );
}

export interface UploadImportInput {
  /** Client-generated (uuidv7) when the file is picked: sending the same file again answers the same batch. */
  id: string;
  kind: ImportKind;
  file: File;
}

/** The multipart upload; the text fields go before the file part (the server reads them first). */
export function uploadImport({ id, kind, file }: UploadImportInput): Promise<ImportBatch> {
  const form = new FormData();
  form.append('id', id);
  form.append('kind', kind);
  form.append('file', file, file.name);
  return apiRequest('/imports', ImportBatchSchema, { method: 'POST', form });
}

export function confirmImport(id: string): Promise<ImportBatch> {
  return apiRequest(`/imports/${encodeURIComponent(id)}/confirm`, ImportBatchSchema, { method: 'POST' });
}

export function cancelImport(id: string): Promise<ImportBatch> {
  return apiRequest(`/imports/${encodeURIComponent(id)}/cancel`, ImportBatchSchema, { method: 'POST' });
}
