import type { RoleAssignmentInput } from '@anzhi/contracts/org';
import type { UserCreateInput } from '@anzhi/contracts/users';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { homeSummaryKey } from '../../home/api';
import { siteKeys } from '../../sites/api';
import {
  activateUser,
  createRoleAssignment,
  createUser,
  deactivateUser,
  deleteRoleAssignment,
  fetchRoleAssignments,
  fetchUsers,
  handOverUser,
  importCadres,
  userKeys,
} from '../api';
import type { CadreImportInput, UserQuery } from '../api';

export function useUsers(query: UserQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: ({ signal }) => fetchUsers(query, signal),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    meta: { inlineError: true },
  });
}

export function useRoleAssignments(userId: string) {
  return useQuery({
    queryKey: userKeys.assignments(userId),
    queryFn: () => fetchRoleAssignments(userId),
    meta: { inlineError: true },
  });
}

/** After any change to users or their roles: lists, assignments, site people and home counts are stale. */
function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: userKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['role-assignments'] }),
      queryClient.invalidateQueries({ queryKey: siteKeys.all }),
      queryClient.invalidateQueries({ queryKey: homeSummaryKey }),
    ]);
}

export function useCreateUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (input: UserCreateInput) => createUser(input),
    meta: { inlineError: true },
    onSuccess: refresh,
  });
}

export function useSetUserActive() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ userId, active, reason }: { userId: string; active: boolean; reason?: string }) =>
      active ? activateUser(userId) : deactivateUser(userId, reason ?? ''),
    meta: { inlineError: true },
    onSuccess: refresh,
  });
}

export function useHandover() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ fromUserId, toUserId, reason }: { fromUserId: string; toUserId: string; reason: string }) =>
      handOverUser(fromUserId, toUserId, reason),
    meta: { inlineError: true },
    onSuccess: refresh,
  });
}

export function useCreateRoleAssignment() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (input: RoleAssignmentInput) => createRoleAssignment(input),
    meta: { inlineError: true },
    onSuccess: refresh,
  });
}

export function useDeleteRoleAssignment() {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (id: string) => deleteRoleAssignment(id), onSuccess: refresh });
}

export function useImportCadres() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (input: CadreImportInput) => importCadres(input),
    meta: { inlineError: true },
    onSuccess: async (result) => {
      if (result.ok) await refresh();
    },
  });
}
