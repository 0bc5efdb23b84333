import { maskPhone } from '@anzhi/domain/id-number';
import type { FieldCipher } from '../../platform/crypto/cipher';
import type { Role } from '@anzhi/contracts/permissions';
import type { User } from '@anzhi/contracts/users';
import type { UserRow } from './users.repository';

export function presentUser(row: UserRow, roles: Role[], cipher?: FieldCipher, scopes: string[] = []): User {
  const phone = row.phoneEnc && cipher ? maskPhone(cipher.decrypt(row.phoneEnc)) : null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabledAt !== null,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    phone,
    scopes,
    createdAt: row.createdAt.toISOString(),
  };
}
