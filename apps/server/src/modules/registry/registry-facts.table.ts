import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from '../../db/columns';
import { divisions, sites } from '../org/org.table';
import { users } from '../users/users.table';
import { households, persons } from './registry.table';

/*
 * Dated facts that rules read by period (decisions.md, time): health, labour capacity and placement are kept as
 * half-open periods [valid_from, valid_to) like membership and employment. The columns of the same name on
 * `persons` and `households` are a cache of the fact in force today (every change writes both in one
 * transaction, and effective dates are never in the future); every read "as of a date" uses these tables.
 */

/** The half-open validity of a dated fact. */
const validity = () => ({ validFrom: date('valid_from').notNull(), validTo: date('valid_to') });

/** A dated fact's indexes: by owner and start, one open period per owner, and a period that is not empty. */
function datedFactConstraints(table: string, ownerName: string, owner: AnyPgColumn, validFrom: AnyPgColumn) {
  return [
    index(`${table}_${ownerName}_idx`).on(owner, validFrom),
    uniqueIndex(`${table}_open_uq`)
      .on(owner)
      .where(sql`valid_to is null`),
    check(`${table}_period_ck`, sql`valid_to is null or valid_to > valid_from`),
  ];
}

/** 健康状况 (健康 | 长期慢性病 | 患有大病 | 残疾) and 残疾等级 over [valid_from, valid_to). */
export const personHealth = pgTable(
  'person_health',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    health: text('health').notNull(),
    disabilityGrade: text('disability_grade'),
    ...validity(),
    createdAt: createdAt(),
  },
  (t) => datedFactConstraints('person_health', 'person', t.personId, t.validFrom),
);

/** 劳动技能 over [valid_from, valid_to). */
export const personLabour = pgTable(
  'person_labour',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    labourCapacity: text('labour_capacity').notNull(),
    ...validity(),
    createdAt: createdAt(),
  },
  (t) => datedFactConstraints('person_labour', 'person', t.personId, t.validFrom),
);

/**
 * 安置 of a household over [valid_from, valid_to): a site (building/unit/room) or a destination village. A household
 * counts on a day exactly when a placement period covers that day: moving in opens the first period, a move
 * closes one and opens the next, 注销 closes the last. No consistency check here on purpose: imported data can be
 * incomplete (a dispersed placement without its village), and data quality lists it instead of refusing it.
 */
export const householdPlacement = pgTable(
  'household_placement',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** 集中安置 | 分散安置. */
    placement: text('placement').notNull(),
    siteId: uuid('site_id').references(() => sites.id),
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
    destinationVillageCode: text('destination_village_code').references(() => divisions.code),
    ...validity(),
    createdAt: createdAt(),
  },
  (t) => [
    ...datedFactConstraints('household_placement', 'household', t.householdId, t.validFrom),
    index('household_placement_site_idx').on(t.siteId, t.validFrom),
  ],
);

/**
 * The history of household events (分户, 迁移, 注销, 成员变动, 安置点合并 …): one row per household touched by an
 * event, with its effective date and what changed. The audit log holds who/when/before/after of the transaction;
 * this table is the household's own timeline.
 */
export const householdEvents = pgTable(
  'household_events',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** split | split_from | move | close | member_join | member_leave | housing_transaction | rectified. */
    kind: text('kind').notNull(),
    effectiveDate: date('effective_date').notNull(),
    /** What changed (ids, codes, reasons); never clear ID or phone numbers. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name'),
    createdAt: createdAt(),
  },
  (t) => [index('household_events_household_idx').on(t.householdId, t.effectiveDate)],
);

/**
 * A sale or sublet (转让 / 出租 / 转借) of resettlement housing (§23). Recorded, never refused: inside the lock
 * window it is a violation of R23 with a rectification item (整改) in the responsible township's inbox.
 */
export const housingTransactions = pgTable(
  'housing_transactions',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** 转让 | 出租 | 转借. */
    kind: text('kind').notNull(),
    transactionDate: date('transaction_date').notNull(),
    counterparty: text('counterparty').notNull(),
    note: text('note'),
    attachmentId: uuid('attachment_id'),
    /** The lock end date in force when recorded (null: no certificate or handover date). */
    lockEndDate: date('lock_end_date'),
    /** Inside [lock start, lock end): a violation of R23. */
    violation: boolean('violation').notNull(),
    /** 整改: none (no violation) | open | done. */
    rectificationStatus: text('rectification_status').notNull(),
    rectificationDueAt: timestamp('rectification_due_at', { withTimezone: true }),
    rectifiedAt: timestamp('rectified_at', { withTimezone: true }),
    rectifiedBy: uuid('rectified_by').references(() => users.id),
    rectificationNote: text('rectification_note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('housing_transactions_household_idx').on(t.householdId, t.transactionDate)],
);
