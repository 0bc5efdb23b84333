import { z } from 'zod';
import { roles } from './permissions';

export const divisionLevels = ['province', 'city', 'county', 'township', 'village'] as const;
export type DivisionLevel = (typeof divisionLevels)[number];
export const divisionLevelLabels: Record<DivisionLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  township: '乡镇',
  village: '村（社区）',
};

export const divisionCode = z.string().regex(/^\d{12}$/, '行政区划代码应为 12 位数字');

export const DivisionSchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  level: z.enum(divisionLevels),
  parentCode: z.string().nullable(),
});
export type Division = z.infer<typeof DivisionSchema>;

export const DivisionQuerySchema = z.object({
  parentCode: divisionCode.optional(),
  level: z.enum(divisionLevels).optional(),
  q: z.string().trim().max(50).optional(),
});

export const DivisionAliasSchema = z.object({
  alias: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  note: z.string().nullable(),
});
export type DivisionAlias = z.infer<typeof DivisionAliasSchema>;

export const DivisionAliasInputSchema = z.object({
  alias: z.string().trim().min(1, '请输入旧名称').max(50),
  divisionCode,
  note: z.string().trim().max(200).optional(),
});

export const unitKinds = ['lead', 'county_department', 'township', 'community_committee', 'other'] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabels: Record<UnitKind, string> = {
  lead: '牵头单位',
  county_department: '县直部门',
  township: '乡镇党委、政府',
  community_committee: '城市社区党工委、管委会',
  other: '其他',
};

export const UnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  divisionCode: z.string().nullable(),
  inSeed: z.boolean(),
  aliases: z.array(z.string()),
  active: z.boolean(),
});
export type Unit = z.infer<typeof UnitSchema>;

export const UnitInputSchema = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(2, '请输入单位名称').max(50),
  kind: z.enum(unitKinds),
  divisionCode: divisionCode.nullable().optional(),
});
export const UnitAliasInputSchema = z.object({ alias: z.string().trim().min(1).max(50) });

export const siteTypes = ['城镇安置区', '中心集镇', '中心村', '工业园区', '乡村旅游区', '其他'] as const;

export const SiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  type: z.enum(siteTypes),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  hasCommittee: z.boolean(),
  serviceWindow: z.string().nullable(),
  facilities: z.string().nullable(),
  urbanCommunity: z.boolean(),
  status: z.enum(['active', 'closed']),
  chiefs: z.array(z.object({ userId: z.string(), displayName: z.string() })),
  managers: z.array(z.object({ userId: z.string(), displayName: z.string() })),
  /** Resettled households and persons today, derived from the registry (never typed). */
  households: z.number(),
  persons: z.number(),
  abilities: z.object({ update: z.boolean() }),
});
export type Site = z.infer<typeof SiteSchema>;

export const SiteInputSchema = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(2, '请输入安置点名称').max(60, '名称过长'),
  townshipCode: divisionCode,
  villageCode: divisionCode.nullable().optional(),
  type: z.enum(siteTypes, '请选择安置点类型'),
  address: z.string().trim().max(200).nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  hasCommittee: z.boolean().default(false),
  serviceWindow: z.string().trim().max(200).nullable().optional(),
  facilities: z.string().trim().max(1000).nullable().optional(),
  urbanCommunity: z.boolean().default(false),
});
export type SiteInput = z.infer<typeof SiteInputSchema>;
export const SiteUpdateSchema = SiteInputSchema.omit({ id: true }).partial();

export const SiteQuerySchema = z.object({
  townshipCode: divisionCode.optional(),
  q: z.string().trim().max(50).optional(),
  status: z.enum(['active', 'closed']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** A role assignment: the role and the record its scope derives from. */
export const RoleAssignmentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  userDisplayName: z.string(),
  role: z.enum(roles),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  scopeLabel: z.string(),
});
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

export const RoleAssignmentInputSchema = z.object({
  id: z.uuid().optional(),
  userId: z.uuid(),
  role: z.enum(roles, '请选择角色'),
  divisionCode: divisionCode.nullable().optional(),
  siteId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
});
export type RoleAssignmentInput = z.infer<typeof RoleAssignmentInputSchema>;

export const HandoverInputSchema = z.object({
  toUserId: z.uuid('请选择接手人'),
  reason: z.string().trim().min(2, '请填写交接原因').max(200),
});

export const HomeSummarySchema = z.object({
  scopeLabel: z.string(),
  sites: z.number(),
  townships: z.number(),
  users: z.number().nullable(),
  units: z.number(),
  /** Households and persons (today) in the viewer's scope; null without access to the registry. */
  households: z.number().nullable(),
  persons: z.number().nullable(),
});
export type HomeSummary = z.infer<typeof HomeSummarySchema>;

export const CadreImportResultSchema = z.object({
  ok: z.boolean(),
  created: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
});
export type CadreImportResult = z.infer<typeof CadreImportResultSchema>;
