/**
 * Roles of domain.md §1 and the permissions each grants. The server checks these on every route;
 * the web builds its menu from the list the server sends in /me, never from its own copy.
 */
export const roles = [
  'system_admin',
  'county_lead',
  'department',
  'township',
  'urban_community',
  'county_chief',
  'site_chief',
  'site_manager',
  'help_cadre',
  'origin_cadre',
  'resident',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  system_admin: '系统管理员',
  county_lead: '县级牵头单位（县乡村振兴局/县发改委）',
  department: '县直部门用户',
  township: '乡镇用户',
  urban_community: '城市社区党工委/管委会用户',
  county_chief: '总点长',
  site_chief: '点长',
  site_manager: '安置点管理员',
  help_cadre: '帮扶干部',
  origin_cadre: '迁出地村干部',
  resident: '搬迁群众',
};

/** Roles whose holders must use a second factor (TOTP). */
export const adminRoles: readonly Role[] = ['system_admin'];

export const permissions = [
  'audit.read',
  'audit.verify',
  'user.read',
  'user.create',
  'user.update',
  'system.backup',
  'site.read',
  'site.manage',
  'unit.manage',
  'division.manage',
  'job.read',
  'job.manage',
  'attachment.admin',
  'rule.read',
  'rule.configure',
  'ledger.export',
  'household.read',
  'household.write',
  'person.reveal',
  'registry.import',
  'household.export',
  'chief.read',
  'chief.visit.write',
  'chief.report.write',
  'chief.manage',
  'assessment.read',
  'assessment.manage',
  'experience.read',
  'experience.submit',
  'experience.mark',
  'plan.read',
  'plan.manage',
  'task.read',
  'task.report',
  'task.review',
] as const;
export type Permission = (typeof permissions)[number];

export const permissionLabels: Record<Permission, string> = {
  'audit.read': '查看审计日志',
  'audit.verify': '校验审计链',
  'user.read': '查看用户',
  'user.create': '创建用户',
  'user.update': '修改用户',
  'system.backup': '系统备份',
  'site.read': '查看安置点',
  'site.manage': '新建、修改安置点',
  'unit.manage': '维护单位及别名',
  'division.manage': '维护行政区划别名',
  'job.read': '查看后台任务',
  'job.manage': '管理后台任务（取消、重试）',
  'attachment.admin': '管理全部附件（查看、删除未关联的附件）',
  'rule.read': '查看规则与阈值',
  'rule.configure': '修改规则阈值',
  'ledger.export': '导出台账',
  'household.read': '查看搬迁户与人员',
  'household.write': '登记、修改搬迁户与成员',
  'registry.import': '导入搬迁户花名册',
  'household.export': '导出搬迁户与人员名单',
  'chief.read': '查看点长任命、走访记录与汇报记录',
  'chief.visit.write': '登记点长到安置点调研指导（走访）记录',
  'chief.report.write': '登记总点长听取点长工作汇报的记录',
  'chief.manage': '任命点长、总点长，维护点长帮扶规划、职责和任务清单',
  'assessment.read': '查看年度考核排名及依据',
  'assessment.manage': '计算年度考核、修改考核指标权重',
  'experience.read': '查看经验做法材料',
  'experience.submit': '报送经验做法材料',
  'experience.mark': '评定经验做法材料',
  'person.reveal': '查看完整身份证号码、电话号码（需填写原因，留痕）',
  'plan.read': '查看责任清单',
  'plan.manage': '维护责任清单（新增、修改事项，发布，滚动到新年度）',
  'task.read': '查看责任清单任务（本单位的、牵头事项的；县级看全部）',
  'task.report': '报送本单位责任清单任务进展',
  'task.review': '审核牵头事项的任务进展（通过、退回）',
};

/**
 * Personal-data permissions the system administrator does not hold (PIPL, least privilege): administering
 * the deployment does not need to edit households or read full ID numbers.
 */
const notForSystemAdmin: readonly Permission[] = [
  'household.write',
  'person.reveal',
  'registry.import',
  'household.export',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  // The system administrator administers the whole deployment: every permission but personal-data editing and reveal.
  system_admin: permissions.filter((p) => !notForSystemAdmin.includes(p)),
  county_lead: [
    'audit.read',
    'user.read',
    'site.read',
    'site.manage',
    'rule.read',
    'ledger.export',
    'household.read',
    'household.write',
    'person.reveal',
    'registry.import',
    'household.export',
    'chief.read',
    'chief.report.write',
    'chief.manage',
    'assessment.read',
    'assessment.manage',
    'experience.read',
    'experience.mark',
    'plan.read',
    'plan.manage',
    'task.read',
    'task.review',
  ],
  department: ['plan.read', 'task.read', 'task.report', 'task.review'],
  township: [
    'site.read',
    'site.manage',
    'household.read',
    'household.write',
    'person.reveal',
    'registry.import',
    'household.export',
    'chief.read',
    'assessment.read',
    'experience.read',
    'experience.submit',
    'plan.read',
    'task.read',
    'task.report',
  ],
  urban_community: [
    'site.read',
    'site.manage',
    'household.read',
    'household.write',
    'registry.import',
    'household.export',
    'chief.read',
    'assessment.read',
    'experience.read',
    'experience.submit',
    'plan.read',
    'task.read',
    'task.report',
  ],
  county_chief: [
    'site.read',
    'household.read',
    'chief.read',
    'chief.report.write',
    'assessment.read',
    'experience.read',
    'plan.read',
    'task.read',
  ],
  site_chief: ['site.read', 'household.read', 'chief.read', 'chief.visit.write'],
  site_manager: [
    'site.read',
    'household.read',
    'household.write',
    'person.reveal',
    'registry.import',
    'household.export',
  ],
  help_cadre: [],
  origin_cadre: [],
  resident: [],
};

/**
 * The record each role's scope derives from (decisions.md, scope): which field of a role assignment
 * must be filled. `county`: the whole county; `urban`: the county-town sites governed by the
 * 城市社区党工委/管委会; `pairing` and `household` are filled by the monthly-cycle and registry features.
 */
export type ScopeKind = 'county' | 'unit' | 'township' | 'urban' | 'site' | 'pairing' | 'village' | 'household';
export const roleScopeKind: Record<Role, ScopeKind> = {
  system_admin: 'county',
  county_lead: 'county',
  department: 'unit',
  township: 'township',
  urban_community: 'urban',
  county_chief: 'county',
  site_chief: 'site',
  site_manager: 'site',
  help_cadre: 'pairing',
  origin_cadre: 'village',
  resident: 'household',
};

export function permissionsOf(held: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const role of held) for (const p of rolePermissions[role]) set.add(p);
  return permissions.filter((p) => set.has(p));
}
