import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { roleLabels, type Role } from '@anzhi/contracts/permissions';
import { checkMobilePhone } from '@anzhi/domain/id-number';
import { divisions, sites, units } from '../org/org.table';
import { insertAssignment, scopeLabel } from './role-assignments.service';
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
  /** A hash computed once for many users with the same password (the demo). */
  passwordHash?: string;
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
    passwordHash: u.passwordHash ?? (await hashPassword(u.password)),
    mustChangePassword: u.mustChangePassword ?? true,
    isDemo: u.isDemo ?? false,
    totpSecretEnc: u.totpSecret ? deps.cipher.encrypt(u.totpSecret) : null,
    totpEnabledAt: u.totpSecret ? now : null,
    createdAt: now,
    updatedAt: now,
  });
  if (u.roles.length > 0) {
    await ex
      .insert(roleAssignments)
      .values(u.roles.map((role) => ({ id: uuidv7(), userId: id, role, createdAt: now })));
  }
  return id;
}

/** Accounts created by an administrator must change their password at first login. */
export async function createUser(deps: Deps, actor: ActorContext, input: UserCreateInput): Promise<User> {
  if (input.id) {
    const existing = await findUserById(deps.db, input.id);
    if (existing) {
      // Replayed request with a client-generated id: answer with what exists, create nothing twice.
      if (existing.username === input.username)
        return presentUser(existing, await rolesOfUser(deps.db, existing.id), deps.cipher);
      throw new AppError('CONFLICT', '该 id 已被其他用户使用');
    }
  }
  if (await findUserByUsername(deps.db, input.username)) {
    throw new AppError('CONFLICT', `用户名“${input.username}”已存在`);
  }
  const violation = passwordPolicyViolation(input.password, input.username);
  if (violation) throw new AppError('PASSWORD_POLICY', `初始密码不符合要求：${violation}`);
  let phone: string | null = null;
  if (input.phone) {
    const check = checkMobilePhone(input.phone);
    if (!check.ok) throw new AppError('VALIDATION_FAILED', `手机号：${check.reason}`);
    phone = check.value;
  }
  const id = await auditedTransaction(deps.db, deps.clock, actor, 'user.create', async (tx, audit) => {
    const newId = await insertUser(tx, deps, { ...input, roles: [], mustChangePassword: true });
    if (phone)
      await tx
        .update(users)
        .set({ phoneEnc: deps.cipher.encrypt(phone), phoneBidx: deps.cipher.blindIndex(phone) })
        .where(eq(users.id, newId));
    for (const role of input.roles) await insertAssignment(tx, newId, { role }, deps.clock.now());
    for (const a of input.assignments) await insertAssignment(tx, newId, a, deps.clock.now());
    audit.entity('user', newId, null, {
      username: input.username,
      displayName: input.displayName,
      roles: input.roles,
      assignments: input.assignments,
      phone,
    });
    return newId;
  });
  const row = await findUserById(deps.db, id);
  return presentUser(row!, await rolesOfUser(deps.db, id), deps.cipher);
}

export async function listUsers(
  deps: Deps,
  q: { page: number; pageSize: number; q?: string | undefined; active?: 'true' | 'false' | undefined },
) {
  const { page, pageSize } = q;
  const where: SQL[] = [];
  if (q.q) {
    const digits = q.q.replace(/\D/g, '');
    const byPhone = digits.length === 11 ? [eq(users.phoneBidx, deps.cipher.blindIndex(digits))] : [];
    where.push(or(ilike(users.username, `%${q.q}%`), ilike(users.displayName, `%${q.q}%`), ...byPhone)!);
  }
  if (q.active) where.push(eq(users.active, q.active === 'true'));
  const cond = where.length ? and(...where) : undefined;
  const [total] = await deps.db.select({ n: count() }).from(users).where(cond);
  const rows = await deps.db
    .select()
    .from(users)
    .where(cond)
    .orderBy(asc(users.username))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const ids = rows.map((r) => r.id);
  const assignments = ids.length
    ? await deps.db
        .select({ ra: roleAssignments, divisionName: divisions.name, siteName: sites.name, unitName: units.name })
        .from(roleAssignments)
        .leftJoin(divisions, eq(divisions.code, roleAssignments.divisionCode))
        .leftJoin(sites, eq(sites.id, roleAssignments.siteId))
        .leftJoin(units, eq(units.id, roleAssignments.unitId))
        .where(inArray(roleAssignments.userId, ids))
    : [];
  const rolesBy = new Map<string, Role[]>();
  const scopesBy = new Map<string, string[]>();
  for (const { ra, ...names } of assignments) {
    const role = ra.role as Role;
    rolesBy.set(ra.userId, [...new Set([...(rolesBy.get(ra.userId) ?? []), role])]);
    scopesBy.set(ra.userId, [...(scopesBy.get(ra.userId) ?? []), `${roleLabels[role]}：${scopeLabel(role, names)}`]);
  }
  return {
    items: rows.map((r) => presentUser(r, rolesBy.get(r.id) ?? [], deps.cipher, scopesBy.get(r.id) ?? [])),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

export async function userExists(ex: Executor, username: string): Promise<boolean> {
  const [row] = await ex.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return row !== undefined;
}
