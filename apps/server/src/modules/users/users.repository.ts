import { eq } from 'drizzle-orm';
import type { Role } from '@anzhi/contracts/permissions';
import type { Executor } from '../../db/client';
import { roleAssignments, users } from './users.table';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(ex: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await ex.select().from(users).where(eq(users.username, username)).limit(1);
  return row;
}

export async function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await ex.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function rolesOfUser(ex: Executor, userId: string): Promise<Role[]> {
  const rows = await ex
    .selectDistinct({ role: roleAssignments.role })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId));
  return rows.map((r) => r.role as Role);
}

export async function updateUser(ex: Executor, id: string, patch: Partial<typeof users.$inferInsert>) {
  await ex.update(users).set(patch).where(eq(users.id, id));
}
