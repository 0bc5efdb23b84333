import { and, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { loginLog, sessions } from './auth.table';

export type SessionRow = typeof sessions.$inferSelect;

export async function findSession(ex: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await ex.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1);
  return row;
}

export async function insertSession(ex: Executor, row: typeof sessions.$inferInsert) {
  await ex.insert(sessions).values(row);
}

export async function updateSession(ex: Executor, tokenHash: string, patch: Partial<typeof sessions.$inferInsert>) {
  await ex.update(sessions).set(patch).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(ex: Executor, tokenHash: string) {
  await ex.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteOtherSessions(ex: Executor, userId: string, keepTokenHash: string) {
  await ex.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)));
}

export type LoginResult =
  'success' | 'password_ok_totp_pending' | 'bad_password' | 'unknown_user' | 'locked' | 'inactive' | 'totp_failed';

export async function writeLoginLog(
  ex: Executor,
  entry: {
    occurredAt: Date;
    userId: string | null;
    username: string;
    ip: string | null;
    userAgent: string | null;
    result: LoginResult;
  },
) {
  await ex.insert(loginLog).values(entry);
}
