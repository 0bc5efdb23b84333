import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { divisions, sites, units } from '../org/org.table';

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** TOTP secret, encrypted (AES-256-GCM, key-versioned). */
    totpSecretEnc: text('totp_secret_enc'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** Last TOTP step accepted, so a code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    /** Demo accounts: fixed published passwords, exempt from the first-login change and from TOTP. */
    /** Mobile phone (encrypted) and its blind index for exact search. */
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    isDemo: boolean('is_demo').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
);

/**
 * A user's role assignments. Each carries its own scope; the scope columns are filled by the
 * organisation module (site, township division, unit) — null means the role's natural scope.
 */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    divisionCode: text('division_code').references(() => divisions.code),
    siteId: uuid('site_id').references(() => sites.id),
    unitId: uuid('unit_id').references(() => units.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('role_assignments_user_idx').on(t.userId),
    index('role_assignments_site_idx').on(t.siteId),
    index('role_assignments_division_idx').on(t.divisionCode),
  ],
);
