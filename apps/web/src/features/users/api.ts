import { PageSchema } from '@anzhi/contracts/common';
import { CadreImportResultSchema, RoleAssignmentSchema } from '@anzhi/contracts/org';
import type { CadreImportResult, RoleAssignment, RoleAssignmentInput } from '@anzhi/contracts/org';
import { UserSchema } from '@anzhi/contracts/users';
import type { User, UserCreateInput } from '@anzhi/contracts/users';
import { apiRequest, apiRequestVoid } from '../../api/client';
import type { ResponseSchema } from '../../api/client';
import { toQueryString } from '../../api/query';

export interface UserQuery {
  q?: string | undefined;
  active?: 'true' | 'false' | undefined;
  page: number;
  pageSize: number;
}

export interface UserPage {
  items: User[];
  total: number;
  page: number;
  pageSize: number;
}

export interface HandoverResult {
  moved: number;
  merged: number;
}

const UserPageSchema = PageSchema(UserSchema);
const HandoverResultSchema: ResponseSchema<HandoverResult> = {
  safeParse(value) {
    if (typeof value !== 'object' || value === null || !('moved' in value) || !('merged' in value)) {
      return { success: false };
    }
    const { moved, merged } = value;
    if (typeof moved !== 'number' || typeof merged !== 'number') return { success: false };
    return { success: true, data: { moved, merged } };
  },
};

export const userKeys = {
  all: ['users'] as const,
  list: (query: UserQuery) => ['users', 'list', query] as const,
  assignments: (userId: string) => ['role-assignments', userId] as const,
};

export function fetchUsers(query: UserQuery, signal?: AbortSignal): Promise<UserPage> {
  return apiRequest(`/users${toQueryString({ ...query })}`, UserPageSchema, signal ? { signal } : {});
}

export function createUser(input: UserCreateInput): Promise<User> {
  return apiRequest('/users', UserSchema, { method: 'POST', body: input });
}

export function deactivateUser(id: string, reason: string): Promise<void> {
  return apiRequestVoid(`/users/${id}/deactivate`, { method: 'POST', body: { reason } });
}

export function activateUser(id: string): Promise<void> {
  return apiRequestVoid(`/users/${id}/activate`, { method: 'POST' });
}

export function handOverUser(id: string, toUserId: string, reason: string): Promise<HandoverResult> {
  return apiRequest(`/users/${id}/handover`, HandoverResultSchema, { method: 'POST', body: { toUserId, reason } });
}

export interface CadreImportInput {
  fileName: string;
  contentBase64: string;
  initialPassword: string;
}

export function importCadres(input: CadreImportInput): Promise<CadreImportResult> {
  return apiRequest('/users/import', CadreImportResultSchema, { method: 'POST', body: input });
}

export function fetchRoleAssignments(userId: string): Promise<RoleAssignment[]> {
  return apiRequest(`/role-assignments${toQueryString({ userId })}`, RoleAssignmentSchema.array());
}

export function createRoleAssignment(input: RoleAssignmentInput): Promise<RoleAssignment> {
  return apiRequest('/role-assignments', RoleAssignmentSchema, { method: 'POST', body: input });
}

export function deleteRoleAssignment(id: string): Promise<void> {
  return apiRequestVoid(`/role-assignments/${id}`, { method: 'DELETE' });
}
