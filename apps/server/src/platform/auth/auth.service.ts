import crypto from 'node:crypto';
import type { Me, PasswordChangeInput, PendingStep, TotpEnrollment } from '@anzhi/contracts/auth';
import { adminRoles, permissionsOf, type Permission, type Role } from '@anzhi/contracts/permissions';
import type { Tx } from '../../db/client';
import { assignmentsOfUser, type Assignment } from '../../modules/org/scope';
import { findUserById, findUserByUsername, updateUser, type UserRow } from '../../modules/users/users.repository';
import { writeAuditEvent, type ActorContext } from '../audit/audit.service';
import type { Deps } from '../deps';
import { AppError } from '../errors/app-error';
import {
  deleteOtherSessions,
  deleteSession,
  findSession,
  insertSession,
  updateSession,
  writeLoginLog,
  type LoginResult,
  type SessionRow,
} from './auth.repository';
import { dummyPasswordHash, hashPassword, passwordPolicyViolation, verifyPassword } from './password';
import { generateTotpSecret, otpauthUrl, verifyTotp } from './totp';

export interface AuthState {
  tokenHash: string;
  session: SessionRow;
  user: UserRow;
  roles: Role[];
  /** Each role assignment with its own scope; services check scope per assignment. */
  assignments: Assignment[];
  permissions: Permission[];
}

async function loadGrants(ex: Parameters<typeof assignmentsOfUser>[0], userId: string) {
  const assignments = await assignmentsOfUser(ex, userId);
  const roles = [...new Set(assignments.map((a) => a.role))];
  return { assignments, roles, permissions: permissionsOf(roles) };
}

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

// Session bookkeeping is throttled: last_seen_at is written at most once a minute.
const touchEveryMs = 60_000;

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function requiresTotp(roles: readonly Role[]): boolean {
  return roles.some((r) => adminRoles.includes(r));
}

/** The step a session must still complete after the password (and, where enrolled, the TOTP code). */
function stepAfterSecondFactor(user: UserRow, roles: Role[]): PendingStep | null {
  if (user.mustChangePassword && !user.isDemo) return 'password_change';
  if (requiresTotp(roles) && !user.totpEnabledAt && !user.isDemo) return 'totp_enroll';
  return null;
}

function actorOf(user: UserRow | null, meta: ClientMeta): ActorContext {
  return { actorId: user?.id ?? null, actorName: user?.displayName ?? null, ip: meta.ip, requestId: meta.requestId };
}

export function presentMe(deps: Deps, auth: AuthState): Me {
  const { user } = auth;
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: auth.roles,
      totpEnabled: user.totpEnabledAt !== null,
    },
    pending: (auth.session.pending as PendingStep | null) ?? null,
    permissions: auth.session.pending ? [] : auth.permissions,
    csrfToken: auth.session.csrfToken,
    idleTimeoutSeconds: deps.config.security.idleTimeoutMinutes * 60,
  };
}

/** Resolves the session cookie; expires it after the idle timeout (MLPS: 30 minutes). */
export async function resolveSession(deps: Deps, token: string): Promise<AuthState | null> {
  const tokenHash = hashToken(token);
  const session = await findSession(deps.db, tokenHash);
  if (!session) return null;
  const now = deps.clock.now();
  const idleMs = deps.config.security.idleTimeoutMinutes * 60_000;
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMs) {
    await deleteSession(deps.db, tokenHash);
    throw new AppError('SESSION_EXPIRED', '登录已超时，请重新登录');
  }
  const user = await findUserById(deps.db, session.userId);
  if (!user || !user.active) {
    await deleteSession(deps.db, tokenHash);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= touchEveryMs) {
    await updateSession(deps.db, tokenHash, { lastSeenAt: now });
    session.lastSeenAt = now;
  }
  return { tokenHash, session, user, ...(await loadGrants(deps.db, user.id)) };
}

async function recordAttempt(
  tx: Tx,
  deps: Deps,
  user: UserRow | null,
  username: string,
  meta: ClientMeta,
  result: LoginResult,
) {
  await writeLoginLog(tx, {
    occurredAt: deps.clock.now(),
    userId: user?.id ?? null,
    username,
    ip: meta.ip,
    userAgent: meta.userAgent,
    result,
  });
}

/** Counts a failed password or TOTP attempt; the fifth in a row locks the account for 15 minutes. */
async function countFailure(tx: Tx, deps: Deps, user: UserRow, meta: ClientMeta): Promise<Date | null> {
  const { maxFailedLogins, lockoutMinutes } = deps.config.security;
  const failed = user.failedLoginCount + 1;
  if (failed >= maxFailedLogins) {
    const lockedUntil = new Date(deps.clock.now().getTime() + lockoutMinutes * 60_000);
    await updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil });
    await writeAuditEvent(tx, deps.clock, actorOf(user, meta), 'auth.lockout', [
      {
        type: 'user',
        id: user.id,
        before: null,
        after: { lockedUntil: lockedUntil.toISOString(), failedAttempts: failed },
      },
    ]);
    return lockedUntil;
  }
  await updateUser(tx, user.id, { failedLoginCount: failed });
  return null;
}

function lockedError(until: Date): AppError {
  const local = new Date(until.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  return new AppError('ACCOUNT_LOCKED', `连续登录失败次数过多，账户已锁定，请于 ${local} 后再试`, {
    lockedUntil: until.toISOString(),
  });
}

export interface LoginOutcome {
  token: string;
  auth: AuthState;
}

export async function login(deps: Deps, username: string, password: string, meta: ClientMeta): Promise<LoginOutcome> {
  const now = deps.clock.now();
  const user = await findUserByUsername(deps.db, username);
  if (!user || !user.active) {
    await verifyPassword(await dummyPasswordHash(), password); // same work either way
    await deps.db.transaction(async (tx) => {
      await recordAttempt(tx, deps, user ?? null, username, meta, user ? 'inactive' : 'unknown_user');
      await writeAuditEvent(tx, deps.clock, actorOf(null, meta), 'auth.login_failed', [
        {
          type: 'user',
          id: user?.id ?? '-',
          before: null,
          after: { username, reason: user ? '账户已停用' : '用户不存在' },
        },
      ]);
    });
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await deps.db.transaction(async (tx) => {
      await recordAttempt(tx, deps, user, username, meta, 'locked');
      await writeAuditEvent(tx, deps.clock, actorOf(user, meta), 'auth.login_refused_locked', [
        { type: 'user', id: user.id, before: null, after: { lockedUntil: user.lockedUntil!.toISOString() } },
      ]);
    });
    throw lockedError(user.lockedUntil);
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const lockedUntil = await deps.db.transaction(async (tx) => {
      await recordAttempt(tx, deps, user, username, meta, 'bad_password');
      await writeAuditEvent(tx, deps.clock, actorOf(user, meta), 'auth.login_failed', [
        { type: 'user', id: user.id, before: null, after: { username, reason: '密码错误' } },
      ]);
      return countFailure(tx, deps, user, meta);
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    const remaining = deps.config.security.maxFailedLogins - (user.failedLoginCount + 1);
    throw new AppError('INVALID_CREDENTIALS', `用户名或密码错误，再失败 ${remaining} 次账户将被锁定`, {
      remainingAttempts: remaining,
    });
  }

  const grants = await loadGrants(deps.db, user.id);
  const { roles } = grants;
  const pending: PendingStep | null = user.totpEnabledAt ? 'totp' : stepAfterSecondFactor(user, roles);
  const token = crypto.randomBytes(32).toString('base64url');
  const session: SessionRow = {
    tokenHash: hashToken(token),
    userId: user.id,
    pending,
    csrfToken: crypto.randomBytes(24).toString('base64url'),
    enrollSecretEnc: null,
    ip: meta.ip,
    userAgent: meta.userAgent,
    createdAt: now,
    lastSeenAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null });
    await insertSession(tx, session);
    const result = pending === 'totp' ? 'password_ok_totp_pending' : 'success';
    await recordAttempt(tx, deps, user, username, meta, result);
    await writeAuditEvent(
      tx,
      deps.clock,
      actorOf(user, meta),
      pending === 'totp' ? 'auth.password_verified' : 'auth.login',
      [{ type: 'user', id: user.id, before: null, after: { pending } }],
    );
  });
  const fresh = { ...user, failedLoginCount: 0, lockedUntil: null };
  return { token, auth: { tokenHash: session.tokenHash, session, user: fresh, ...grants } };
}

function requirePending(auth: AuthState, step: PendingStep) {
  if (auth.session.pending !== step) throw new AppError('BAD_REQUEST', '当前登录状态无需此步骤');
}

export async function completeTotpLogin(
  deps: Deps,
  auth: AuthState,
  code: string,
  meta: ClientMeta,
): Promise<AuthState> {
  requirePending(auth, 'totp');
  const { user } = auth;
  const now = deps.clock.now();
  if (user.lockedUntil && user.lockedUntil > now) {
    await deleteSession(deps.db, auth.tokenHash);
    throw lockedError(user.lockedUntil);
  }
  const secret = user.totpSecretEnc ? deps.cipher.decrypt(user.totpSecretEnc) : null;
  const step = secret ? verifyTotp(secret, code, now, user.totpLastStep) : null;
  if (step === null) {
    const lockedUntil = await deps.db.transaction(async (tx) => {
      await recordAttempt(tx, deps, user, user.username, meta, 'totp_failed');
      await writeAuditEvent(tx, deps.clock, actorOf(user, meta), 'auth.totp_failed', [
        { type: 'user', id: user.id, before: null, after: null },
      ]);
      const until = await countFailure(tx, deps, user, meta);
      if (until) await deleteSession(tx, auth.tokenHash);
      return until;
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError('TOTP_INVALID', '动态验证码错误或已使用，请输入验证器上最新的 6 位数字');
  }
  const pending = stepAfterSecondFactor(user, auth.roles);
  await deps.db.transaction(async (tx) => {
    await updateUser(tx, user.id, { totpLastStep: step, failedLoginCount: 0 });
    await updateSession(tx, auth.tokenHash, { pending });
    await recordAttempt(tx, deps, user, user.username, meta, 'success');
    await writeAuditEvent(tx, deps.clock, actorOf(user, meta), 'auth.login', [
      { type: 'user', id: user.id, before: null, after: { secondFactor: 'totp', pending } },
    ]);
  });
  return { ...auth, session: { ...auth.session, pending }, user: { ...user, totpLastStep: step, failedLoginCount: 0 } };
}

export async function changePassword(
  deps: Deps,
  auth: AuthState,
  input: PasswordChangeInput,
  meta: ClientMeta,
): Promise<AuthState> {
  const { user } = auth;
  if (auth.session.pending === 'totp') throw new AppError('STEP_REQUIRED', '请先输入动态验证码');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    const lockedUntil = await deps.db.transaction(async (tx) => {
      await writeAuditEvent(tx, deps.clock, actorOf(user, meta), 'auth.password_change_failed', [
        { type: 'user', id: user.id, before: null, after: { reason: '当前密码不正确' } },
      ]);
      const until = await countFailure(tx, deps, user, meta);
      if (until) await deleteSession(tx, auth.tokenHash);
      return until;
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError('INVALID_CREDENTIALS', '当前密码不正确');
  }
  const violation = passwordPolicyViolation(input.newPassword, user.username);
  if (violation) throw new AppError('PASSWORD_POLICY', violation);
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_POLICY', '新密码不能与当前密码相同');
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  const changed: UserRow = {
    ...user,
    passwordHash,
    mustChangePassword: false,
    passwordChangedAt: now,
    failedLoginCount: 0,
  };
  const pending =
    auth.session.pending === 'password_change' ? stepAfterSecondFactor(changed, auth.roles) : auth.session.pending;
  await deps.db.transaction(async (tx) => {
    await updateUser(tx, user.id, {
      passwordHash,
      mustChangePassword: false,
      passwordChangedAt: now,
      failedLoginCount: 0,
      updatedAt: now,
    });
    await deleteOtherSessions(tx, user.id, auth.tokenHash);
    await updateSession(tx, auth.tokenHash, { pending });
    await writeAuditEvent(tx, deps.clock, actorOf(user, meta), 'auth.password_changed', [
      {
        type: 'user',
        id: user.id,
        before: { mustChangePassword: user.mustChangePassword },
        after: { mustChangePassword: false },
      },
    ]);
  });
  return { ...auth, user: changed, session: { ...auth.session, pending } };
}

export async function startTotpEnrollment(deps: Deps, auth: AuthState): Promise<TotpEnrollment> {
  if (auth.session.pending && auth.session.pending !== 'totp_enroll') {
    throw new AppError('STEP_REQUIRED', '请先完成当前登录步骤');
  }
  const secret = generateTotpSecret();
  await updateSession(deps.db, auth.tokenHash, { enrollSecretEnc: deps.cipher.encrypt(secret) });
  return { secret, otpauthUrl: otpauthUrl(secret, auth.user.username) };
}

export async function confirmTotpEnrollment(
  deps: Deps,
  auth: AuthState,
  code: string,
  meta: ClientMeta,
): Promise<AuthState> {
  const fresh = await findSession(deps.db, auth.tokenHash);
  if (!fresh?.enrollSecretEnc) throw new AppError('BAD_REQUEST', '请先生成动态验证码密钥');
  const secret = deps.cipher.decrypt(fresh.enrollSecretEnc);
  const now = deps.clock.now();
  const step = verifyTotp(secret, code, now, null);
  if (step === null) throw new AppError('TOTP_INVALID', '验证码不正确，请核对验证器应用中的时间和密钥后重试');
  const pending = auth.session.pending === 'totp_enroll' ? null : auth.session.pending;
  await deps.db.transaction(async (tx) => {
    await updateUser(tx, auth.user.id, {
      totpSecretEnc: deps.cipher.encrypt(secret),
      totpEnabledAt: now,
      totpLastStep: step,
      updatedAt: now,
    });
    await updateSession(tx, auth.tokenHash, { enrollSecretEnc: null, pending });
    await writeAuditEvent(tx, deps.clock, actorOf(auth.user, meta), 'auth.totp_enrolled', [
      {
        type: 'user',
        id: auth.user.id,
        before: { totpEnabled: auth.user.totpEnabledAt !== null },
        after: { totpEnabled: true },
      },
    ]);
  });
  return {
    ...auth,
    user: { ...auth.user, totpEnabledAt: now, totpLastStep: step },
    session: { ...auth.session, pending },
  };
}

export async function logout(deps: Deps, auth: AuthState, meta: ClientMeta): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await deleteSession(tx, auth.tokenHash);
    await writeAuditEvent(tx, deps.clock, actorOf(auth.user, meta), 'auth.logout', [
      { type: 'user', id: auth.user.id, before: null, after: null },
    ]);
  });
}
