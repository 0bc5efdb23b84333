import type { Role } from '@anzhi/contracts/permissions';
import type { User } from '@anzhi/contracts/users';
import type { UserRow } from './users.repository';

export function presentUser(row: UserRow, roles: Role[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabledAt !== null,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
