import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { attachmentKeys, deleteAttachment, fetchMyUploads } from '../api';

export function useMyUploads(page: number, pageSize: number) {
  return useQuery({
    queryKey: attachmentKeys.mine(page, pageSize),
    queryFn: ({ signal }) => fetchMyUploads(page, pageSize, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
}

export function useDeleteAttachment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteAttachment(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attachmentKeys.all }),
  });
}
