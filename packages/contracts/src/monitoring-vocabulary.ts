/**
 * Vocabulary of 防止返贫动态监测和帮扶 (domain.md §4). The procedure, categories, time limits and elimination
 * conditions come from the national monitoring rules (中农组发〔2021〕7号 and the national working guide), not from
 * the county's plan; the UI labels them so (`nationalRuleLabel`). Every number is a rule parameter, not a constant.
 */

export const nationalRuleLabel = '依据国家防止返贫监测帮扶工作规定（中农组发〔2021〕7号等），非本县方案原文';

/** 三类人员 (监测对象) categories. */
export const monitoringCategories = ['unstable', 'marginal', 'sudden'] as const;
export type MonitoringCategory = (typeof monitoringCategories)[number];
export const monitoringCategoryLabels: Record<MonitoringCategory, string> = {
  unstable: '脱贫不稳定户',
  marginal: '边缘易致贫户',
  sudden: '突发严重困难户',
};

/** 致贫返贫风险 (up to `maxRiskTypes` per household). */
export const riskTypes = [
  'illness',
  'education',
  'disability',
  'disaster',
  'accident',
  'industry_failure',
  'unstable_employment',
  'lack_of_labour',
  'other',
] as const;
export type RiskType = (typeof riskTypes)[number];
export const riskTypeLabels: Record<RiskType, string> = {
  illness: '因病',
  education: '因学',
  disability: '因残',
  disaster: '因自然灾害',
  accident: '因意外事故',
  industry_failure: '因产业项目失败',
  unstable_employment: '因务工就业不稳',
  lack_of_labour: '缺劳动力',
  other: '其他',
};
export const maxRiskTypes = 5;

/** Sub-kinds of 因自然灾害. */
export const disasterKinds = [
  'flood',
  'geological',
  'drought',
  'biological',
  'meteorological',
  'earthquake',
  'other',
] as const;
export type DisasterKind = (typeof disasterKinds)[number];
export const disasterKindLabels: Record<DisasterKind, string> = {
  flood: '洪涝',
  geological: '地质',
  drought: '旱',
  biological: '生物',
  meteorological: '气象',
  earthquake: '地震',
  other: '其他',
};

/** Flags recorded beside the risk types. */
export const riskFlags = ['housing_unsafe', 'water_unsafe', 'dropout', 'no_medical_insurance'] as const;
export type RiskFlag = (typeof riskFlags)[number];
export const riskFlagLabels: Record<RiskFlag, string> = {
  housing_unsafe: '住房安全有隐患',
  water_unsafe: '饮水安全有隐患',
  dropout: '义务教育阶段辍学',
  no_medical_insurance: '未参加基本医疗保险',
};

/** Where a clue comes from. */
export const clueSources = ['revisit', 'self_declaration', 'screening', 'department_warning'] as const;
export type ClueSource = (typeof clueSources)[number];
export const clueSourceLabels: Record<ClueSource, string> = {
  revisit: '每月回访发现',
  self_declaration: '农户自主申报',
  screening: '干部排查',
  department_warning: '部门数据预警',
};

/**
 * A clue is `open` until someone acts on it: an identification case is started from it (`in_identification`), it is
 * dismissed with a reason (`dismissed`), or the case it fed reached a result (`closed`). A clue for a household that
 * already has an active case is attached to that case (`attached`).
 */
export const clueStatuses = ['open', 'in_identification', 'attached', 'dismissed', 'closed'] as const;
export type ClueStatus = (typeof clueStatuses)[number];
export const clueStatusLabels: Record<ClueStatus, string> = {
  open: '待处理',
  in_identification: '识别中',
  attached: '已并入在监测案件',
  dismissed: '已排除',
  closed: '已办结',
};

/** Steps of identification (at most `identificationDays` from clue to result) and of risk elimination. */
export const identificationSteps = [
  'household_verification',
  'information_check',
  'village_review',
  'township_review',
  'county_approval',
  'announcement',
  'registration',
] as const;
export type IdentificationStep = (typeof identificationSteps)[number];
export const eliminationSteps = [
  'elimination_visit',
  'elimination_village_review',
  'elimination_township_review',
  'elimination_county_approval',
] as const;
export type EliminationStep = (typeof eliminationSteps)[number];
export type CaseStep = IdentificationStep | EliminationStep;
export const caseStepLabels: Record<CaseStep, string> = {
  household_verification: '入户核实',
  information_check: '信息比对',
  village_review: '村级评议和公示',
  township_review: '乡镇审核',
  county_approval: '县级审批',
  announcement: '结果公告',
  registration: '建档',
  elimination_visit: '入户核实（不少于2人）',
  elimination_village_review: '村级评议和公示',
  elimination_township_review: '乡镇审核',
  elimination_county_approval: '县级审批',
};
export const caseStages = ['identification', 'elimination'] as const;
export type CaseStage = (typeof caseStages)[number];

/**
 * A case: `identifying` from its start until the identification result; then `not_included` or `monitored`;
 * a monitored case may be `eliminated` (风险消除), and an elimination rolled back (回退) returns it to `monitored`.
 */
export const caseStatuses = ['identifying', 'not_included', 'monitored', 'eliminated'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseStatusLabels: Record<CaseStatus, string> = {
  identifying: '识别中',
  not_included: '未纳入',
  monitored: '监测帮扶中',
  eliminated: '风险已消除',
};
/** Statuses in which a household is "under a case" (at most one such case per household). */
export const activeCaseStatuses: readonly CaseStatus[] = ['identifying', 'monitored'];

export const caseEventKinds = [
  'opened',
  'included',
  'not_included',
  'eliminated',
  'rolled_back',
  'reflagged',
  'category_changed',
] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];
export const caseEventLabels: Record<CaseEventKind, string> = {
  opened: '启动识别',
  included: '纳入监测',
  not_included: '不予纳入',
  eliminated: '风险消除',
  rolled_back: '回退',
  reflagged: '再标注',
  category_changed: '调整监测类别',
};

export const eliminationMethods = ['assisted', 'natural'] as const;
export type EliminationMethod = (typeof eliminationMethods)[number];
export const eliminationMethodLabels: Record<EliminationMethod, string> = {
  assisted: '帮扶消除',
  natural: '自然消除',
};

/** The 14 kinds of help measure (帮扶措施). */
export const measureTypes = [
  'industry',
  'employment',
  'finance',
  'public_welfare_job',
  'health',
  'compulsory_education',
  'other_education',
  'social_security',
  'housing_safety',
  'water_safety',
  'social_assistance',
  'relocation',
  'living_conditions',
  'infrastructure',
] as const;
export type MeasureType = (typeof measureTypes)[number];
export const measureTypeLabels: Record<MeasureType, string> = {
  industry: '产业帮扶',
  employment: '就业帮扶',
  finance: '金融帮扶',
  public_welfare_job: '公益岗位帮扶',
  health: '健康帮扶',
  compulsory_education: '义务教育帮扶',
  other_education: '其他教育帮扶',
  social_security: '综合保障（兜底）',
  housing_safety: '住房安全保障',
  water_safety: '饮水安全保障',
  social_assistance: '社会帮扶',
  relocation: '搬迁',
  living_conditions: '生产生活条件改善',
  infrastructure: '基础设施建设',
};

export const measureStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];
export const measureStatusLabels: Record<MeasureStatus, string> = {
  planned: '计划中',
  in_progress: '落实中',
  done: '已落实',
  cancelled: '已取消',
};

export const measureTerms = ['short', 'long'] as const;
export type MeasureTerm = (typeof measureTerms)[number];
export const measureTermLabels: Record<MeasureTerm, string> = { short: '短期', long: '长期' };

/** The relocation category each monitoring category is compatible with (domain.md §4). */
export function categoryAllowed(category: MonitoringCategory, householdCategory: string): boolean {
  if (category === 'unstable') return householdCategory === '搬迁脱贫户';
  if (category === 'marginal') return householdCategory === '同步搬迁户';
  return true;
}
