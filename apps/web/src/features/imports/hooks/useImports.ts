import type { ImportBatch } from '@anzhi/contracts/imports';
import { ApiError } from '../../../api/client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  cancelImport,
  confirmImport,
  fetchImport,
  fetchImportRows,
  fetchImports,
  importKeys,
  isImportActive,
  uploadImport,
} from '../api';
import type { ImportListQuery, ImportRowsQuery, UploadImportInput } from '../api';

/** A batch being parsed or applied is asked for again every second (the progress bar moves). */
export const importPollMs = 1000;

/** A page of batches; polls while any of them is parsing or applying. */
export function useImports(query: ImportListQuery) {
  return useQuery({
    queryKey: importKeys.list(query),
    queryFn: ({ signal }) => fetchImports(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(isImportActive) ? importPollMs : false),
    meta: { inlineError: true },
  });
}

/** One batch; polls every second while it is active and stops once it is parsed, applied, failed or cancelled. */
export function useImport(id: string) {
  return useQuery({
    queryKey: importKeys.one(id),
    queryFn: ({ signal }) => fetchImport(id, signal),
    retry: false,
    refetchInterval: (q) => {
      if (q.state.status === 'error') return false;
      return q.state.data === undefined || isImportActive(q.state.data) ? importPollMs : false;
    },
    meta: { inlineError: true },
  });
}

/** The dry run's rows (once the batch has been classified). */
export function useImportRows(id: string, query: ImportRowsQuery) {
  return useQuery({
    queryKey: importKeys.rows(id, query),
    queryFn: ({ signal }) => fetchImportRows(id, query, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

/** After a batch changes: the new state in the cache, the lists asked again. */
function useStoreBatch() {
  const queryClient = useQueryClient();
  return async (batch: ImportBatch) => {
    queryClient.setQueryData(importKeys.one(batch.id), batch);
    await queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
  };
}

/** A network failure is retried with the same id: the server answers the batch it may already have made. */
const retryLostUpload = (failures: number, error: Error) =>
  failures < 2 && error instanceof ApiError && error.status === 0;

export function useUploadImport() {
  const store = useStoreBatch();
  return useMutation({
    mutationFn: (input: UploadImportInput) => uploadImport(input),
    retry: retryLostUpload,
    onSuccess: store,
    meta: { inlineError: true },
  });
}

/** Confirm and cancel report a refusal as an error message (global toast). */
export function useConfirmImport() {
  const store = useStoreBatch();
  return useMutation({ mutationFn: (id: string) => confirmImport(id), onSuccess: store });
}

export function useCancelImport() {
  const store = useStoreBatch();
  return useMutation({ mutationFn: (id: string) => cancelImport(id), onSuccess: store });
}
