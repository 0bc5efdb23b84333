import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RoleAssignment, RoleAssignmentInput } from '@anzhi/contracts/org';
import { roleLabels, roleScopeKind, type Role } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import { sessions } from '../../platform/auth/auth.table';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { getDivision } from '../org/divisions.service';
import { divisions, sites, units } from '../org/org.table';
import type { Assignment } from '../org/scope';
import { findUserById } from './users.repository';
import { roleAssignments, users } from './users.table';

const siteTownship = alias(sites, 'site_for_scope');

/** Which assignments a viewer may see: those inside any of the viewer's own scopes, and their own. */
function visibleCondition(viewer: AuthState): SQL {
  const conds: SQL[] = [eq(roleAssignments.userId, viewer.user.id)];
  for (const a of viewer.assignments) conds.push(...conditionsFor(a));
  return or(...conds)!;
}

function conditionsFor(a: Assignment): SQL[] {
  switch (a.kind) {
    case 'county':
      return [sql`true`];
    case 'township': {
      if (!a.divisionCode) return [];
      const prefix = a.divisionCode.slice(0, 9);
      return [
        like(roleAssignments.divisionCode, `${prefix}%`),
        inArray(roleAssignments.siteId, sql`(select id from ${sites} where ${sites.townshipCode} = ${a.divisionCode})`),
      ];
    }
    case 'urban':
      return [inArray(roleAssignments.siteId, sql`(select id from ${sites} where ${sites.urbanCommunity} = true)`)];
    case 'site':
      return a.siteId ? [eq(roleAssignments.siteId, a.siteId)] : [];
    case 'unit':
      return a.unitId ? [eq(roleAssignments.unitId, a.unitId)] : [];
    default:
      return [];
  }
}

async function select(ex: Executor, where: SQL | undefined): Promise<RoleAssignment[]> {
  const rows = await ex
    .select({
      ra: roleAssignments,
      userName: users.displayName,
      divisionName: divisions.name,
      siteName: siteTownship.name,
      unitName: units.name,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .leftJoin(divisions, eq(divisions.code, roleAssignments.divisionCode))
    .leftJoin(siteTownship, eq(siteTownship.id, roleAssignments.siteId))
    .leftJoin(units, eq(units.id, roleAssignments.unitId))
    .where(where)
    .orderBy(users.displayName, roleAssignments.role)
    .limit(2000);
  return rows.map(({ ra, userName, divisionName, siteName, unitName }) => {
    const role = ra.role as Role;
    return {
      id: ra.id,
      userId: ra.userId,
      userDisplayName: userName,
      role,
      divisionCode: ra.divisionCode,
      divisionName,
      siteId: ra.siteId,
      siteName,
      unitId: ra.unitId,
      unitName,
      scopeLabel: scopeLabel(role, { divisionName, siteName, unitName }),
    };
  });
}

export function scopeLabel(
  role: Role,
  names: { divisionName: string | null; siteName: string | null; unitName: string | null },
): string {
  switch (roleScopeKind[role]) {
    case 'county':
      return '全县';
    case 'township':
      return names.divisionName ?? '（未指定乡镇）';
    case 'urban':
      return '城市社区管辖的县城安置点';
    case 'site':
      return names.siteName ?? '（未指定安置点）';
    case 'unit':
      return names.unitName ?? '（未指定单位）';
    case 'village':
      return names.divisionName ? `迁出村：${names.divisionName}` : '（未指定村）';
    case 'pairing':
      return '结对帮扶户';
    case 'household':
      return '本户';
  }
}

export async function listRoleAssignments(
  deps: Deps,
  viewer: AuthState,
  q: { userId?: string | undefined; role?: Role | undefined },
) {
  const where: SQL[] = [visibleCondition(viewer)];
  if (q.userId) where.push(eq(roleAssignments.userId, q.userId));
  if (q.role) where.push(eq(roleAssignments.role, q.role));
  return select(deps.db, and(...where));
}

/** Checks that the assignment names exactly the record its role's scope derives from. */
async function normalise(ex: Executor, input: Omit<RoleAssignmentInput, 'id' | 'userId'>) {
  const kind = roleScopeKind[input.role];
  const out = { divisionCode: null as string | null, siteId: null as string | null, unitId: null as string | null };
  const fail = (message: string) => new AppError('VALIDATION_FAILED', message);
  if (kind === 'township' || kind === 'village') {
    const level = kind === 'township' ? 'township' : 'village';
    if (!input.divisionCode) throw fail(kind === 'township' ? '乡镇用户须指定所属乡镇' : '迁出地村干部须指定迁出村');
    const d = await getDivision(ex, input.divisionCode);
    if (!d || d.level !== level) throw fail(kind === 'township' ? '所选区划不是乡镇' : '所选区划不是村（社区）');
    out.divisionCode = d.code;
  }
  if (kind === 'site') {
    if (!input.siteId) throw fail(`${roleLabels[input.role]}须指定安置点`);
    const [s] = await ex.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId));
    if (!s) throw fail('安置点不存在');
    out.siteId = s.id;
  }
  if (kind === 'unit' || (kind === 'urban' && input.unitId)) {
    if (!input.unitId) throw fail('县直部门用户须指定所属单位');
    const [u] = await ex.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
    if (!u) throw fail('单位不存在');
    out.unitId = u.id;
  }
  return out;
}

export async function insertAssignment(
  ex: Executor,
  userId: string,
  input: Omit<RoleAssignmentInput, 'userId'>,
  now: Date,
): Promise<string> {
  const scope = await normalise(ex, input);
  const id = input.id ?? uuidv7();
  await ex.insert(roleAssignments).values({ id, userId, role: input.role, ...scope, createdAt: now });
  return id;
}

export async function createRoleAssignment(
  deps: Deps,
  actor: ActorContext,
  input: RoleAssignmentInput,
): Promise<RoleAssignment> {
  if (input.id) {
    const [existing] = await deps.db.select().from(roleAssignments).where(eq(roleAssignments.id, input.id));
    if (existing) return (await select(deps.db, eq(roleAssignments.id, input.id)))[0]!;
  }
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw notFound('用户');
  const id = await auditedTransaction(deps.db, deps.clock, actor, 'role_assignment.create', async (tx, audit) => {
    const newId = await insertAssignment(tx, input.userId, input, deps.clock.now());
    const [row] = await tx.select().from(roleAssignments).where(eq(roleAssignments.id, newId));
    audit.entity('role_assignment', newId, null, { ...row });
    return newId;
  });
  return (await select(deps.db, eq(roleAssignments.id, id)))[0]!;
}

export async function deleteRoleAssignment(deps: Deps, actor: ActorContext, id: string): Promise<void> {
  const [row] = await deps.db.select().from(roleAssignments).where(eq(roleAssignments.id, id));
  if (!row) throw notFound('角色分配');
  await auditedTransaction(deps.db, deps.clock, actor, 'role_assignment.delete', async (tx, audit) => {
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, row.userId)); // permissions changed: sign in again
    audit.entity('role_assignment', id, { ...row }, null);
  });
}

/**
 * Hands every assignment of a departing user to another user and deactivates the departing account, in one
 * audited transaction (e.g. a site manager transferred to another post).
 */
export async function handOver(deps: Deps, actor: ActorContext, fromUserId: string, toUserId: string, reason: string) {
  if (fromUserId === toUserId) throw new AppError('VALIDATION_FAILED', '接手人不能是本人');
  const from = await findUserById(deps.db, fromUserId);
  const to = await findUserById(deps.db, toUserId);
  if (!from) throw notFound('用户');
  if (!to || !to.active) throw new AppError('VALIDATION_FAILED', '接手人不存在或已停用');
  return auditedTransaction(deps.db, deps.clock, actor, 'user.handover', async (tx, audit) => {
    const moving = await tx.select().from(roleAssignments).where(eq(roleAssignments.userId, fromUserId));
    const held = await tx.select().from(roleAssignments).where(eq(roleAssignments.userId, toUserId));
    const key = (r: (typeof moving)[number]) => `${r.role}|${r.divisionCode ?? ''}|${r.siteId ?? ''}|${r.unitId ?? ''}`;
    const heldKeys = new Set(held.map(key));
    let moved = 0;
    for (const r of moving) {
      if (heldKeys.has(key(r))) {
        await tx.delete(roleAssignments).where(eq(roleAssignments.id, r.id));
      } else {
        await tx.update(roleAssignments).set({ userId: toUserId }).where(eq(roleAssignments.id, r.id));
        moved += 1;
      }
      audit.entity('role_assignment', r.id, { userId: fromUserId, role: r.role }, { userId: toUserId, role: r.role });
    }
    await tx.update(users).set({ active: false, updatedAt: deps.clock.now() }).where(eq(users.id, fromUserId));
    await tx.delete(sessions).where(eq(sessions.userId, fromUserId));
    audit.entity('user', fromUserId, { active: true }, { active: false, handedOverTo: toUserId, reason });
    return { moved, merged: moving.length - moved };
  });
}

export async function setUserActive(deps: Deps, actor: ActorContext, userId: string, active: boolean, reason: string) {
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('用户');
  if (user.active === active) return;
  await auditedTransaction(
    deps.db,
    deps.clock,
    actor,
    active ? 'user.activate' : 'user.deactivate',
    async (tx, audit) => {
      await tx.update(users).set({ active, updatedAt: deps.clock.now() }).where(eq(users.id, userId));
      if (!active) await tx.delete(sessions).where(eq(sessions.userId, userId));
      audit.entity('user', userId, { active: user.active }, { active, reason });
    },
  );
}
