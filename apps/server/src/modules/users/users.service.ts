import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Role } from '@anzhi/contracts/permissions';
import type { User, UserCreateInput } from '@anzhi/contracts/users';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import { hashPassword, passwordPolicyViolation } from '../../platform/auth/password';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { findUserById, findUserByUsername, rolesOfUser } from './users.repository';
import { presentUser } from './users.presenter';
import { roleAssignments, users } from './users.table';

export interface NewUser {
  id?: string;
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  mustChangePassword?: boolean;
  isDemo?: boolean;
  totpSecret?: string;
}

/** Inserts a user and role assignments inside the caller's transaction (used by the service and the demo). */
export async function insertUser(ex: Executor, deps: Pick<Deps, 'cipher' | 'clock'>, u: NewUser): Promise<string> {
  const id = u.id ?? uuidv7();
  const now = deps.clock.now();
  await ex.insert(users).values({
    id,
    username: u.username,
    displayName: u.displayName,
    passwordHash: await hashPassword(u.password),
    mustChangePassword: u.mustChangePassword ?? true,
    isDemo: u.isDemo ?? false,
    totpSecretEnc: u.totpSecret ? deps.cipher.encrypt(u.totpSecret) : null,
    totpEnabledAt: u.totpSecret ? now : null,
    createdAt: now,
    updatedAt: now,
  });
  if (u.roles.length > 0) {
    await ex.insert(roleAssignments).values(u.roles.map((role) => ({ id: uuidv7(), userId: id, role, createdAt: now })));
  }
  return id;
}

/** Accounts created by an administrator must change their password at first login. */
export async function createUser(deps: Deps, actor: ActorContext, input: UserCreateInput): Promise<User> {
  if (input.id) {
    const existing = await findUserById(deps.db, input.id);
    if (existing) {
      // Replayed request with a client-generated id: answer with what exists, create nothing twice.
      if (existing.username === input.username) return presentUser(existing, await rolesOfUser(deps.db, existing.id));
      throw new AppError('CONFLICT', '该 id 已被其他用户使用');
    }
  }
  if (await findUserByUsername(deps.db, input.username)) {
    throw new AppError('CONFLICT', `用户名“${input.username}”已存在`);
  }
  const violation = passwordPolicyViolation(input.password, input.username);
  if (violation) throw new AppError('PASSWORD_POLICY', `初始密码不符合要求：${violation}`);
  const id = await auditedTransaction(deps.db, deps.clock, actor, 'user.create', async (tx, audit) => {
    const newId = await insertUser(tx, deps, { ...input, roles: input.roles, mustChangePassword: true });
    audit.entity('user', newId, null, { username: input.username, displayName: input.displayName, roles: input.roles });
    return newId;
  });
  const row = await findUserById(deps.db, id);
  return presentUser(row!, input.roles);
}

export async function listUsers(deps: Deps, page: number, pageSize: number) {
  const [total] = await deps.db.select({ n: count() }).from(users);
  const rows = await deps.db
    .select()
    .from(users)
    .orderBy(asc(users.username))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const ids = rows.map((r) => r.id);
  const assignments = ids.length
    ? await deps.db.select().from(roleAssignments).where(inArray(roleAssignments.userId, ids))
    : [];
  const rolesBy = new Map<string, Role[]>();
  for (const a of assignments) rolesBy.set(a.userId, [...(rolesBy.get(a.userId) ?? []), a.role as Role]);
  return { items: rows.map((r) => presentUser(r, rolesBy.get(r.id) ?? [])), total: total?.n ?? 0, page, pageSize };
}

export async function userExists(ex: Executor, username: string): Promise<boolean> {
  const [row] = await ex.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return row !== undefined;
}
