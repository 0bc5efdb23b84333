import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from '../../db/columns';
import { divisions, sites } from '../org/org.table';

/*
 * The registry (domain.md §2). Every table carries county_code: the key by which a province- or nation-wide
 * deployment can shard (architecture.md). Code-list values are the Chinese terms of
 * packages/contracts/src/registry.ts, stored as they are shown. ID and phone numbers are stored encrypted
 * (`*_enc`, AES-256-GCM) with a blind index (`*_bidx`, keyed HMAC of the normalised number) for exact search.
 * Facts that rules read by period (membership, employment) carry half-open validity [valid_from, valid_to).
 */

const deletedAt = () => timestamp('deleted_at', { withTimezone: true });

/** 搬迁户. */
export const households = pgTable(
  'households',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    /** 户编号: unique within the county among live households; the import key. */
    householdNumber: text('household_number').notNull(),
    /** 户类别: 搬迁脱贫户 | 同步搬迁户. */
    category: text('category').notNull(),
    /** 搬迁年度. */
    relocationYear: integer('relocation_year').notNull(),
    /** 迁出村 (origin village, 12-digit division code). */
    originVillageCode: text('origin_village_code')
      .notNull()
      .references(() => divisions.code),
    /** 安置方式: 集中安置 (at a site) | 分散安置 (in a destination village). */
    placement: text('placement').notNull(),
    /** 安置点 (集中安置 only). */
    siteId: uuid('site_id').references(() => sites.id),
    /** 楼栋 / 单元 / 房号 (集中安置). */
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
    /** 安置村 (分散安置 only): its township decides the township scope. */
    destinationVillageCode: text('destination_village_code').references(() => divisions.code),
    /** 住房类型: 套房 | 一户一宅. */
    housingType: text('housing_type').notNull(),
    /** 住房面积（平方米）. */
    floorArea: numeric('floor_area', { precision: 8, scale: 2, mode: 'number' }),
    /** 不动产权证号 and its 发证日期 (start of the 20-year no-sale period, §23). */
    propertyCertificateNo: text('property_certificate_no'),
    certificateDate: date('certificate_date'),
    /** 交房日期 (start of the no-sale period where there is no certificate). */
    handoverDate: date('handover_date'),
    /** 旧房处置 (§21). */
    oldHouseStatus: text('old_house_status'),
    /** 联系电话 (encrypted) and its blind index. */
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    /** 监测状态 (§4): 未纳入监测 | 脱贫不稳定户 | 边缘易致贫户 | 突发严重困难户 | 风险已消除. */
    monitoringStatus: text('monitoring_status').notNull().default('未纳入监测'),
    /** active | closed (注销). */
    status: text('status').notNull().default('active'),
    closedReason: text('closed_reason'),
    /** 注销日期: the first day the household no longer counts (its placement and memberships end on it). */
    closedOn: date('closed_on'),
    /** Optimistic concurrency: every update checks and increments it. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Soft delete (a mistaken entry); a deleted household is invisible everywhere. */
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('households_number_uq')
      .on(t.countyCode, t.householdNumber)
      .where(sql`deleted_at is null`),
    index('households_site_idx').on(t.siteId),
    index('households_destination_idx').on(t.destinationVillageCode),
    check(
      'households_placement_ck',
      sql`(placement = '集中安置' and site_id is not null and destination_village_code is null) or (placement = '分散安置' and site_id is null and destination_village_code is not null)`,
    ),
  ],
);

/** 三块地 (§8): 宅基地, 耕地, 林地 of a household, with their transfer. */
export const householdLands = pgTable(
  'household_lands',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** 宅基地 | 耕地 | 林地. */
    kind: text('kind').notNull(),
    /** 面积（亩）. */
    area: numeric('area', { precision: 10, scale: 2, mode: 'number' }).notNull(),
    /** 流转情况: 未流转 | 部分流转 | 已流转. */
    transferStatus: text('transfer_status').notNull().default('未流转'),
    /** 流转对象 (tenant: a cooperative, an enterprise, a person). */
    tenant: text('tenant'),
    /** 年租金（元）. */
    annualRent: numeric('annual_rent', { precision: 12, scale: 2, mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('household_lands_household_idx').on(t.householdId)],
);

/** 人员. Birth date and sex are derived from the ID number at entry and stored. */
export const persons = pgTable(
  'persons',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    /** 姓名. */
    name: text('name').notNull(),
    /** 证件类型: 居民身份证 (default) or another document for persons without a mainland ID number. */
    documentType: text('document_type').notNull().default('居民身份证'),
    /** 身份证号码 (encrypted) and its blind index (unique among live persons: one person, one record). */
    idNumberEnc: text('id_number_enc'),
    idNumberBidx: text('id_number_bidx'),
    /** 其他证件号码 (encrypted). */
    otherDocumentNoEnc: text('other_document_no_enc'),
    /** 出生日期 (never sent with a masked number: ages instead). */
    birthDate: date('birth_date').notNull(),
    /** 性别: 男 | 女. */
    sex: text('sex').notNull(),
    /** 民族. */
    ethnicity: text('ethnicity').notNull().default('汉族'),
    /** 政治面貌 (§19: party members). */
    politicalStatus: text('political_status').notNull().default('群众'),
    /** 文化程度. */
    education: text('education'),
    /** 在校生情况. */
    studentStatus: text('student_status').notNull().default('非在校生'),
    /** 健康状况: 健康 | 长期慢性病 | 患有大病 | 残疾, with 残疾等级. */
    health: text('health').notNull().default('健康'),
    disabilityGrade: text('disability_grade'),
    /** 劳动技能: 普通劳动力 | 技能劳动力 | 弱劳动力或半劳动力 | 丧失劳动力 | 无劳动力. */
    labourCapacity: text('labour_capacity').notNull(),
    /** 参加城乡居民基本医疗保险 / 基本养老保险. */
    medicalInsurance: boolean('medical_insurance').notNull().default(true),
    pensionInsurance: boolean('pension_insurance').notNull().default(false),
    /** 享受低保 / 特困供养. */
    dibao: boolean('dibao').notNull().default(false),
    tekun: boolean('tekun').notNull().default(false),
    /** 联系电话 (encrypted) and its blind index. */
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('persons_id_number_uq')
      .on(t.idNumberBidx)
      .where(sql`deleted_at is null and id_number_bidx is not null`),
    index('persons_name_idx').on(t.name),
  ],
);

/**
 * 家庭成员: a person's membership of a household over [valid_from, valid_to). A person belongs to at most one
 * household at a time (the open period is unique; the service also refuses overlapping dated periods).
 */
export const householdMembers = pgTable(
  'household_members',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    /** 与户主关系: 户主 | 配偶 | 子 | 女 | 父母 | 孙子女 | 其他. */
    relation: text('relation').notNull(),
    /** 入户日期 (first day as a member). */
    validFrom: date('valid_from').notNull(),
    /** 离户日期 (first day no longer a member); null while a member. */
    validTo: date('valid_to'),
    /** 入户原因 (搬迁入住, 出生, 婚入 …) and 离户原因 (死亡, 婚出, 分户, 其他). */
    joinReason: text('join_reason'),
    leaveReason: text('leave_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('household_members_open_person_uq')
      .on(t.personId)
      .where(sql`valid_to is null`),
    uniqueIndex('household_members_open_head_uq')
      .on(t.householdId)
      .where(sql`valid_to is null and relation = '户主'`),
    index('household_members_household_idx').on(t.householdId, t.validFrom),
    index('household_members_person_idx').on(t.personId, t.validFrom),
    check('household_members_period_ck', sql`valid_to is null or valid_to > valid_from`),
  ],
);

/** 务工就业 (§12) over [valid_from, valid_to): status, employer, place, monthly income. */
export const personEmployment = pgTable(
  'person_employment',
  {
    id: idColumn(),
    countyCode: text('county_code').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    /** 县内务工 | 省内县外 | 省外 | 帮扶车间 | 公益岗位 | 自主创业 | 灵活就业 | 未就业 | 在校生 | 不适用. */
    status: text('status').notNull(),
    /** 就业单位 / 就业地点. */
    employer: text('employer'),
    place: text('place'),
    /** 月收入（元）. */
    monthlyIncome: numeric('monthly_income', { precision: 10, scale: 2, mode: 'number' }),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    createdAt: createdAt(),
  },
  (t) => [
    index('person_employment_person_idx').on(t.personId, t.validFrom),
    uniqueIndex('person_employment_open_uq')
      .on(t.personId)
      .where(sql`valid_to is null`),
    check('person_employment_period_ck', sql`valid_to is null or valid_to > valid_from`),
  ],
);
