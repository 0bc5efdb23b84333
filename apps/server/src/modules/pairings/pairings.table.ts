import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { sites } from '../org/org.table';
import { households } from '../registry/registry.table';
import { users } from '../users/users.table';

/**
 * Two-way help pairing (domain.md §6, R03): a cadre on the destination side or the origin side paired with a
 * household from `from_date` (Shanghai calendar day) until `to_date` (exclusive; null while it lasts). At most one
 * open pairing per household and side. The help cadre's scope derives from these rows (decisions.md, scope).
 */
export const householdPairings = pgTable(
  'household_pairings',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    side: text('side').notNull(),
    cadreUserId: uuid('cadre_user_id')
      .notNull()
      .references(() => users.id),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('household_pairings_open_uq')
      .on(t.householdId, t.side)
      .where(sql`${t.toDate} is null`),
    index('household_pairings_cadre_idx').on(t.cadreUserId),
    // Ledgers and rules read a household's pairings as of a date (closed ones too).
    index('household_pairings_household_idx').on(t.householdId, t.fromDate),
    check('household_pairings_side_check', sql`${t.side} in ('destination', 'origin')`),
  ],
);

/**
 * A site's contact list of origin-village cadres (domain.md §6: site managers keep contact with the villages their
 * households came from). The phone is encrypted and sent masked.
 */
export const originCadreContacts = pgTable(
  'origin_cadre_contacts',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    villageCode: text('village_code').notNull(),
    position: text('position').notNull().default(''),
    phoneEnc: text('phone_enc'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('origin_cadre_contacts_site_idx').on(t.siteId)],
);
