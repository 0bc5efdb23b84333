import { z } from 'zod';

/*
 * Registry (domain.md §2): households (搬迁户), persons, dated membership and employment.
 * The code lists are the values stored in the database and shown in the UI as they are.
 */

// ---------------------------------------------------------------------------------------------
// Code lists
// ---------------------------------------------------------------------------------------------

/** 户类别. */
export const householdCategories = ['搬迁脱贫户', '同步搬迁户'] as const;
export type HouseholdCategory = (typeof householdCategories)[number];

/** 安置方式: a site (集中) or a destination village (分散). */
export const placements = ['集中安置', '分散安置'] as const;
export type Placement = (typeof placements)[number];

/** 住房类型. */
export const housingTypes = ['套房', '一户一宅'] as const;

/** 旧房处置 (§21): demolished and reclaimed, or kept only as a 连体房 or a house worth preserving. */
export const oldHouseStatuses = [
  '已拆除复垦',
  '已拆除未复垦',
  '保留（连体房）',
  '保留（有保护价值）',
  '未拆除',
] as const;

/** 监测状态 (§4, national monitoring rules). */
export const monitoringStatuses = [
  '未纳入监测',
  '脱贫不稳定户',
  '边缘易致贫户',
  '突发严重困难户',
  '风险已消除',
] as const;
export type MonitoringStatus = (typeof monitoringStatuses)[number];

export const householdStatuses = ['active', 'closed'] as const;
export const householdStatusLabels: Record<(typeof householdStatuses)[number], string> = {
  active: '正常',
  closed: '已注销',
};

/** 三块地 (§8). */
export const landKinds = ['宅基地', '耕地', '林地'] as const;
export const landTransferStatuses = ['未流转', '部分流转', '已流转'] as const;

/** 证件类型: a person without a mainland ID number keeps another document (decisions.md, identity). */
export const documentTypes = [
  '居民身份证',
  '港澳台居民居住证',
  '外国人永久居留身份证',
  '出生医学证明',
  '其他证件',
] as const;
export type DocumentType = (typeof documentTypes)[number];

export const sexes = ['男', '女'] as const;

export const politicalStatuses = ['群众', '中共党员', '中共预备党员', '共青团员', '民主党派', '其他'] as const;

/** 文化程度. */
export const educationLevels = [
  '学龄前儿童',
  '文盲或半文盲',
  '小学',
  '初中',
  '高中',
  '中专',
  '大专',
  '本科及以上',
] as const;

/** 在校生情况. */
export const studentStatuses = [
  '非在校生',
  '学前教育',
  '小学',
  '初中',
  '普通高中',
  '中职',
  '高职高专',
  '本科及以上',
] as const;

/** 健康状况. */
export const healthStatuses = ['健康', '长期慢性病', '患有大病', '残疾'] as const;
export const disabilityGrades = ['一级', '二级', '三级', '四级'] as const;

/** 劳动技能 (§12: the first three can work). */
export const labourCapacities = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力', '丧失劳动力', '无劳动力'] as const;

/** 与户主关系. */
export const memberRelations = ['户主', '配偶', '子', '女', '父母', '孙子女', '其他'] as const;
export type MemberRelation = (typeof memberRelations)[number];

/** Why a member joins a household on a date. */
export const joinReasons = ['搬迁入住', '新登记', '出生', '婚入', '迁入', '户主变更', '其他'] as const;
/** Why a member leaves a household on a date. */
export const leaveReasons = ['死亡', '婚出', '分户', '其他'] as const;

/** 务工就业状态 (§12, rule R11: the first seven count as employed). */
export const employmentStatuses = [
  '县内务工',
  '省内县外',
  '省外',
  '帮扶车间',
  '公益岗位',
  '自主创业',
  '灵活就业',
  '未就业',
  '在校生',
  '不适用',
] as const;

// ---------------------------------------------------------------------------------------------
// Input pieces
// ---------------------------------------------------------------------------------------------

export const localDate = (label: string) =>
  z
    .string(`${label}应为日期`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`)
    .refine(
      (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      {
        message: `${label}不是有效日期`,
      },
    );

const divisionCode12 = (label: string) =>
  z.string(`请选择${label}`).regex(/^\d{12}$/, `${label}应为 12 位行政区划代码`);

const optionalText = (label: string, max: number) =>
  z.string(`${label}应为文本`).trim().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();

const money = (label: string) =>
  z.number(`${label}应为数字`).min(0, `${label}不能为负数`).max(10_000_000, `${label}过大`).nullable().optional();

export const LandInputSchema = z.object({
  kind: z.enum(landKinds, '请选择土地类型（宅基地、耕地、林地）'),
  /** 面积（亩）. */
  area: z.number('面积应为数字').min(0, '面积不能为负数').max(100_000, '面积过大'),
  transferStatus: z.enum(landTransferStatuses, '请选择流转情况').default('未流转'),
  tenant: optionalText('流转对象', 100),
  /** 年租金（元）. */
  annualRent: money('年租金'),
});
export type LandInput = z.infer<typeof LandInputSchema>;

export const EmploymentInputSchema = z.object({
  status: z.enum(employmentStatuses, '请选择务工就业状态'),
  employer: optionalText('就业单位', 100),
  place: optionalText('就业地点', 100),
  /** 月收入（元）. */
  monthlyIncome: money('月收入'),
  validFrom: localDate('就业信息起始日期').optional(),
});
export type EmploymentInput = z.infer<typeof EmploymentInputSchema>;

/**
 * A person as entered. A 居民身份证 number yields birth date and sex (checked on the server with the
 * injected clock); another document needs the number, birth date and sex typed in.
 */
export const PersonInputSchema = z
  .object({
    id: z.uuid('id 必须是 UUID').optional(),
    name: z.string('请输入姓名').trim().min(1, '请输入姓名').max(50, '姓名不能超过 50 个字'),
    documentType: z.enum(documentTypes, '请选择证件类型').default('居民身份证'),
    idNumber: z.union([z.string(), z.number()], '身份证号码应为文本').optional(),
    otherDocumentNo: z.string().trim().max(50, '证件号码不能超过 50 个字符').optional(),
    birthDate: localDate('出生日期').optional(),
    sex: z.enum(sexes, '性别应为“男”或“女”').optional(),
    ethnicity: z.string('民族应为文本').trim().min(1, '请输入民族').max(20, '民族不能超过 20 个字').default('汉族'),
    politicalStatus: z.enum(politicalStatuses, '请选择政治面貌').default('群众'),
    education: z.enum(educationLevels, '请选择文化程度').nullable().optional(),
    studentStatus: z.enum(studentStatuses, '请选择在校生情况').default('非在校生'),
    health: z.enum(healthStatuses, '请选择健康状况').default('健康'),
    disabilityGrade: z.enum(disabilityGrades, '请选择残疾等级').nullable().optional(),
    labourCapacity: z.enum(labourCapacities, '请选择劳动技能'),
    medicalInsurance: z.boolean('是否参加基本医疗保险应为是或否').default(true),
    pensionInsurance: z.boolean('是否参加养老保险应为是或否').default(false),
    dibao: z.boolean('是否享受低保应为是或否').default(false),
    tekun: z.boolean('是否特困供养应为是或否').default(false),
    phone: z.string('电话号码应为文本').trim().max(30).nullable().optional(),
    employment: EmploymentInputSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.documentType === '居民身份证') {
      if (p.idNumber === undefined || p.idNumber === '')
        ctx.addIssue({ code: 'custom', path: ['idNumber'], message: '身份证号码不能为空' });
    } else {
      if (!p.otherDocumentNo) ctx.addIssue({ code: 'custom', path: ['otherDocumentNo'], message: '请输入证件号码' });
      if (!p.birthDate) ctx.addIssue({ code: 'custom', path: ['birthDate'], message: '非居民身份证需填写出生日期' });
      if (!p.sex) ctx.addIssue({ code: 'custom', path: ['sex'], message: '非居民身份证需填写性别' });
    }
    if (p.health === '残疾' && !p.disabilityGrade)
      ctx.addIssue({ code: 'custom', path: ['disabilityGrade'], message: '健康状况为残疾时需填写残疾等级' });
    if (p.health !== '残疾' && p.disabilityGrade)
      ctx.addIssue({ code: 'custom', path: ['disabilityGrade'], message: '只有健康状况为残疾时才填写残疾等级' });
  });
export type PersonInput = z.infer<typeof PersonInputSchema>;

export const MemberInputSchema = z.object({
  relation: z.enum(memberRelations, '请选择与户主关系'),
  /** Membership starts on this date (half-open: a member counts from this day on); default today. */
  validFrom: localDate('入户日期').optional(),
  joinReason: z.enum(joinReasons, '请选择入户原因').default('新登记'),
  person: PersonInputSchema,
});
export type MemberInput = z.infer<typeof MemberInputSchema>;

const householdFields = {
  householdNumber: z
    .string('请输入户编号')
    .trim()
    .regex(/^[0-9A-Za-z-]{4,30}$/, '户编号应为 4–30 位数字或字母'),
  category: z.enum(householdCategories, '请选择户类别（搬迁脱贫户或同步搬迁户）'),
  relocationYear: z
    .number('搬迁年度应为数字')
    .int('搬迁年度应为整数')
    .min(2000, '搬迁年度不能早于 2000 年')
    .max(2100, '搬迁年度无效'),
  originVillageCode: divisionCode12('迁出村'),
  placement: z.enum(placements, '请选择安置方式（集中安置或分散安置）'),
  siteId: z.uuid('安置点 id 格式不正确').nullable().optional(),
  building: optionalText('楼栋', 20),
  unit: optionalText('单元', 20),
  room: optionalText('房号', 20),
  destinationVillageCode: divisionCode12('安置村').nullable().optional(),
  housingType: z.enum(housingTypes, '请选择住房类型（套房或一户一宅）'),
  /** 住房面积（平方米）. */
  floorArea: z.number('住房面积应为数字').min(0, '住房面积不能为负数').max(2000, '住房面积过大').nullable().optional(),
  propertyCertificateNo: optionalText('不动产权证号', 60),
  certificateDate: localDate('发证日期').nullable().optional(),
  handoverDate: localDate('交房日期').nullable().optional(),
  oldHouseStatus: z.enum(oldHouseStatuses, '请选择旧房处置情况').nullable().optional(),
  phone: z.string('联系电话应为文本').trim().max(30).nullable().optional(),
  monitoringStatus: z.enum(monitoringStatuses, '请选择监测状态').default('未纳入监测'),
};

/** Exactly one 户主; checked even when other fields are invalid, so every problem is reported at once. */
const oneHead = (members: unknown): boolean =>
  !Array.isArray(members) ||
  members.filter(
    (m: unknown) => typeof m === 'object' && m !== null && (m as { relation?: unknown }).relation === '户主',
  ).length === 1;

export const HouseholdCreateInputSchema = z.object({
  id: z.uuid('id 必须是 UUID').optional(),
  ...householdFields,
  lands: z.array(LandInputSchema).max(20, '土地不能超过 20 条').default([]),
  members: z
    .array(MemberInputSchema)
    .min(1, '至少登记一名成员（户主）')
    .max(30, '成员不能超过 30 人')
    .refine(oneHead, { message: '应有且只有一名户主', when: (payload) => Array.isArray(payload.value) }),
});
export type HouseholdCreateInput = z.infer<typeof HouseholdCreateInputSchema>;

/**
 * Corrections of a household's own fields. `version` is the one the client read: a stale version is refused.
 * Placement (site, destination village) changes by a dated move, not here.
 */
export const HouseholdUpdateInputSchema = z.object({
  version: z.number('缺少版本号 version').int().min(1),
  householdNumber: householdFields.householdNumber.optional(),
  category: householdFields.category.optional(),
  relocationYear: householdFields.relocationYear.optional(),
  originVillageCode: householdFields.originVillageCode.optional(),
  building: householdFields.building,
  unit: householdFields.unit,
  room: householdFields.room,
  housingType: householdFields.housingType.optional(),
  floorArea: householdFields.floorArea,
  propertyCertificateNo: householdFields.propertyCertificateNo,
  certificateDate: householdFields.certificateDate,
  handoverDate: householdFields.handoverDate,
  oldHouseStatus: householdFields.oldHouseStatus,
  phone: householdFields.phone,
  monitoringStatus: householdFields.monitoringStatus.optional(),
  lands: z.array(LandInputSchema).max(20, '土地不能超过 20 条').optional(),
});
export type HouseholdUpdateInput = z.infer<typeof HouseholdUpdateInputSchema>;

/** A member joins: a new person, or one already registered (by id) who is in no household on that date. */
export const MemberJoinInputSchema = z
  .object({
    relation: z.enum(memberRelations, '请选择与户主关系'),
    validFrom: localDate('入户日期'),
    joinReason: z.enum(joinReasons, '请选择入户原因'),
    personId: z.uuid('人员 id 格式不正确').optional(),
    person: PersonInputSchema.optional(),
  })
  .refine((m) => (m.personId ? !m.person : !!m.person), {
    message: '请填写新成员信息，或选择一名已登记的人员（二选一）',
    path: ['person'],
  });
export type MemberJoinInput = z.infer<typeof MemberJoinInputSchema>;

export const MemberLeaveInputSchema = z.object({
  /** The first day the person is no longer a member. */
  date: localDate('离户日期'),
  reason: z.enum(leaveReasons, '请选择离户原因（死亡、婚出、分户、其他）'),
  note: z.string().trim().max(200, '说明不能超过 200 个字').optional(),
  /** When the head leaves: the member who becomes head from that date. */
  newHeadPersonId: z.uuid('新户主 id 格式不正确').optional(),
});
export type MemberLeaveInput = z.infer<typeof MemberLeaveInputSchema>;

/** Employment filter of the household list: someone employed now, or nobody. */
export const householdEmploymentFilters = ['employed', 'none'] as const;
export const householdEmploymentFilterLabels: Record<(typeof householdEmploymentFilters)[number], string> = {
  employed: '有成员就业',
  none: '无成员就业',
};
export const householdSorts = ['householdNumber', 'relocationYear', 'memberCount', 'headName'] as const;
export const sortOrders = ['asc', 'desc'] as const;

export const HouseholdQuerySchema = z.object({
  townshipCode: divisionCode12('乡镇').optional(),
  siteId: z.uuid('安置点 id 格式不正确').optional(),
  category: z.enum(householdCategories, '户类别无效').optional(),
  placement: z.enum(placements, '安置方式无效').optional(),
  monitoringStatus: z.enum(monitoringStatuses, '监测状态无效').optional(),
  /** Households with a current member of this labour capacity. */
  labourCapacity: z.enum(labourCapacities, '劳动技能无效').optional(),
  /** Households with (`employed`) or without (`none`) a member employed today (R11's meaning of employed). */
  employment: z.enum(householdEmploymentFilters, '就业情况筛选无效').optional(),
  /** 户编号 or 户主姓名. */
  q: z.string().trim().max(50, '查询内容过长').optional(),
  sort: z.enum(householdSorts, '排序字段无效').default('householdNumber'),
  order: z.enum(sortOrders, '排序方向无效').default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type HouseholdQuery = z.infer<typeof HouseholdQuerySchema>;

export const AsOfQuerySchema = z.object({ asOf: localDate('查询日期').optional() });

export const PersonLookupInputSchema = z.object({
  idNumber: z.union([z.string(), z.number()], '请输入身份证号码'),
});

export const revealFields = ['idNumber', 'phone'] as const;
export const RevealInputSchema = z.object({
  field: z.enum(revealFields, '请选择要查看的字段（身份证号码或电话号码）'),
  reason: z.string('请填写查看原因').trim().min(4, '查看原因至少 4 个字').max(200, '查看原因不能超过 200 个字'),
});
export type RevealInput = z.infer<typeof RevealInputSchema>;

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

export const HouseholdListItemSchema = z.object({
  id: z.string(),
  householdNumber: z.string(),
  category: z.enum(householdCategories),
  placement: z.enum(placements),
  relocationYear: z.number(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  townshipCode: z.string().nullable(),
  townshipName: z.string().nullable(),
  destinationVillageName: z.string().nullable(),
  headName: z.string().nullable(),
  /** Masked (first 6, last 4). */
  headIdNumber: z.string().nullable(),
  /** Members as of today (Asia/Shanghai). */
  memberCount: z.number(),
  monitoringStatus: z.enum(monitoringStatuses),
  status: z.enum(householdStatuses),
});
export type HouseholdListItem = z.infer<typeof HouseholdListItemSchema>;

export const EmploymentSchema = z.object({
  status: z.enum(employmentStatuses),
  employer: z.string().nullable(),
  place: z.string().nullable(),
  monthlyIncome: z.number().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

/** A member as of a date: masked document number and age, never the birth date. */
export const MemberSchema = z.object({
  personId: z.string(),
  name: z.string(),
  relation: z.enum(memberRelations),
  sex: z.enum(sexes),
  /** Age in completed years on the `asOf` date. */
  age: z.number(),
  documentType: z.enum(documentTypes),
  /** Masked 居民身份证 number or other document number. */
  documentNumber: z.string().nullable(),
  health: z.enum(healthStatuses),
  disabilityGrade: z.enum(disabilityGrades).nullable(),
  labourCapacity: z.enum(labourCapacities),
  studentStatus: z.enum(studentStatuses),
  employment: EmploymentSchema.nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  joinReason: z.string().nullable(),
  leaveReason: z.string().nullable(),
});
export type Member = z.infer<typeof MemberSchema>;

export const LandSchema = z.object({
  kind: z.enum(landKinds),
  area: z.number(),
  transferStatus: z.enum(landTransferStatuses),
  tenant: z.string().nullable(),
  annualRent: z.number().nullable(),
});

export const HouseholdSchema = z.object({
  id: z.string(),
  householdNumber: z.string(),
  category: z.enum(householdCategories),
  relocationYear: z.number(),
  originVillageCode: z.string(),
  originVillageName: z.string().nullable(),
  placement: z.enum(placements),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  building: z.string().nullable(),
  unit: z.string().nullable(),
  room: z.string().nullable(),
  destinationVillageCode: z.string().nullable(),
  destinationVillageName: z.string().nullable(),
  townshipCode: z.string().nullable(),
  townshipName: z.string().nullable(),
  housingType: z.enum(housingTypes),
  floorArea: z.number().nullable(),
  propertyCertificateNo: z.string().nullable(),
  certificateDate: z.string().nullable(),
  handoverDate: z.string().nullable(),
  oldHouseStatus: z.enum(oldHouseStatuses).nullable(),
  /** Masked. */
  phone: z.string().nullable(),
  monitoringStatus: z.enum(monitoringStatuses),
  status: z.enum(householdStatuses),
  closedReason: z.string().nullable(),
  lands: z.array(LandSchema),
  /** The date the members are shown for. */
  asOf: z.string(),
  members: z.array(MemberSchema),
  memberCount: z.number(),
  /** Every membership period, current and past (the household's membership timeline). */
  membershipHistory: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      relation: z.enum(memberRelations),
      validFrom: z.string(),
      validTo: z.string().nullable(),
      joinReason: z.string().nullable(),
      leaveReason: z.string().nullable(),
    }),
  ),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({
    update: z.boolean(),
    delete: z.boolean(),
    manageMembers: z.boolean(),
    reveal: z.boolean(),
  }),
});
export type Household = z.infer<typeof HouseholdSchema>;

export const PersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.enum(sexes),
  /** Age today (Asia/Shanghai); the birth date is not sent with a masked number. */
  age: z.number(),
  documentType: z.enum(documentTypes),
  documentNumber: z.string().nullable(),
  ethnicity: z.string(),
  politicalStatus: z.enum(politicalStatuses),
  education: z.enum(educationLevels).nullable(),
  studentStatus: z.enum(studentStatuses),
  health: z.enum(healthStatuses),
  disabilityGrade: z.enum(disabilityGrades).nullable(),
  labourCapacity: z.enum(labourCapacities),
  medicalInsurance: z.boolean(),
  pensionInsurance: z.boolean(),
  dibao: z.boolean(),
  tekun: z.boolean(),
  /** Masked. */
  phone: z.string().nullable(),
  /** The household the person belongs to today, when the viewer may see it. */
  household: z.object({ id: z.string(), householdNumber: z.string(), relation: z.enum(memberRelations) }).nullable(),
  employment: z.array(EmploymentSchema),
  version: z.number(),
  abilities: z.object({ reveal: z.boolean() }),
});
export type Person = z.infer<typeof PersonSchema>;

export const RevealResultSchema = z.object({ field: z.enum(revealFields), value: z.string().nullable() });
export type RevealResult = z.infer<typeof RevealResultSchema>;
