import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../modules/users/users.table';

/** Server-side sessions: the cookie holds a random token, the table its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** null when fully signed in; otherwise the step still required ('totp' | 'password_change' | 'totp_enroll'). */
    pending: text('pending'),
    csrfToken: text('csrf_token').notNull(),
    /** Secret of a TOTP enrolment in progress (encrypted), confirmed by a code. */
    enrollSecretEnc: text('enroll_secret_enc'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** 登录日志: every login attempt, successful or not. */
export const loginLog = pgTable(
  'login_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    userId: uuid('user_id'),
    username: text('username').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    result: text('result').notNull(),
  },
  (t) => [index('login_log_user_idx').on(t.userId, t.occurredAt)],
);
