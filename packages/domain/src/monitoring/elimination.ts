/**
 * Risk elimination assessment (风险消除, 能消则消; domain.md §4). The conditions come from the national monitoring
 * rules (中农组发〔2021〕7号 and the national working guide), not from the county's plan; every threshold is a
 * parameter (`EliminationParams`, stored with rule R07's parameters).
 *
 * Pure: the caller loads the facts (case, measures, yearly incomes, the income line, revisits, members) and passes
 * today's Shanghai date. Each condition is met, not met or unknown (data missing), with the data behind it.
 */

/** Labour capacities that count as able to work (same list as R11). */
export const ableToWorkCapacities = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力'] as const;

export function ableToWork(labourCapacity: string | null | undefined): boolean {
  return !!labourCapacity && (ableToWorkCapacities as readonly string[]).includes(labourCapacity);
}

/** Development-type measures (开发式帮扶) for households able to work. */
export const developmentMeasureTypes = [
  'industry',
  'employment',
  'finance',
  'public_welfare_job',
  'other_education',
] as const;
/** The safety-net measure (综合保障/兜底) for households without labour. */
export const safetyNetMeasureType = 'social_security';

export interface EliminationParams {
  /** Months a household must have been monitored (from the identification date). */
  monitoredMonths: number;
  /** Months income must have been stable (revisits without an income drop). */
  incomeStableMonths: number;
}

export const defaultEliminationParams: EliminationParams = { monitoredMonths: 6, incomeStableMonths: 6 };

export interface MeasureFact {
  id: string;
  type: string;
  status: string;
  completedOn: string | null;
  emergency: boolean;
  label: string;
}

export interface YearlyIncomeFact {
  year: number;
  perCapita: number | null;
}

export interface RevisitIncomeFact {
  id: string;
  /** 'YYYY-MM' */
  month: string;
  visitDate: string;
  /** Answers that signal an income drop (e.g. 人均收入：减少, 就业务工：失业), in Chinese; empty when none. */
  incomeDrops: string[];
  /** A sudden hardship (突发困难问题) reported in the revisit, in Chinese; null when none. */
  suddenHardship: string | null;
}

export interface MemberFact {
  personId: string;
  name: string;
  labourCapacity: string;
  medicalInsurance: boolean;
  studentStatus: string;
}

export interface EliminationFacts {
  /** Shanghai calendar date of the assessment. */
  today: string;
  identifiedOn: string | null;
  riskFlags: readonly string[];
  measures: readonly MeasureFact[];
  incomes: readonly YearlyIncomeFact[];
  /** This year's monitoring line for the household's division (元/人/年); null when not set. */
  incomeLine: { year: number; amount: number } | null;
  revisits: readonly RevisitIncomeFact[];
  members: readonly MemberFact[];
}

export const eliminationConditionKeys = [
  'monitored_months',
  'measure_done',
  'income_above_line',
  'income_stable',
  'large_expenses_resolved',
  'no_dropout',
  'medical_insurance',
  'housing_safe',
  'water_safe',
  'labour_capacity',
] as const;
export type EliminationConditionKey = (typeof eliminationConditionKeys)[number];

export const eliminationConditionLabels: Record<EliminationConditionKey, string> = {
  monitored_months: '纳入监测满规定月数',
  measure_done: '至少落实 1 项帮扶措施',
  income_above_line: '人均纯收入高于当年监测线',
  income_stable: '收入持续稳定满规定月数',
  large_expenses_resolved: '大额刚性支出问题已解决',
  no_dropout: '义务教育有保障（无辍学）',
  medical_insurance: '基本医疗有保障（全员参保）',
  housing_safe: '住房安全有保障',
  water_safe: '饮水安全有保障',
  labour_capacity: '非整户无劳动能力（整户无劳动能力的不消除，纳入兜底保障持续跟踪）',
};

export type ConditionStatus = 'met' | 'not_met' | 'unknown';

export interface EliminationCondition {
  key: EliminationConditionKey;
  label: string;
  status: ConditionStatus;
  /** Why, in Chinese, naming the data. */
  detail: string;
  /** The figures behind it (JSON-serialisable). */
  data: Record<string, unknown>;
}

export interface EliminationAssessment {
  today: string;
  eligible: boolean;
  conditions: EliminationCondition[];
  /** Conditions that are not met or unknown (what a refusal lists). */
  unmet: EliminationCondition[];
}

/** Adds calendar months to a 'YYYY-MM-DD' date, clamping to the month's last day (08-31 + 6 → 02-28/29). */
export function addMonthsToDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'YYYY-MM' plus n months. */
export function addMonthsToMonth(month: string, n: number): string {
  return addMonthsToDate(`${month}-01`, n).slice(0, 7);
}

/** The `count` whole months before the month of `today`, oldest first. */
export function monthsBefore(today: string, count: number): string[] {
  const current = today.slice(0, 7);
  const out: string[] = [];
  for (let i = count; i >= 1; i -= 1) out.push(addMonthsToMonth(current, -i));
  return out;
}

const condition = (
  key: EliminationConditionKey,
  status: ConditionStatus,
  detail: string,
  data: Record<string, unknown> = {},
): EliminationCondition => ({ key, label: eliminationConditionLabels[key], status, detail, data });

function monitoredMonths(f: EliminationFacts, p: EliminationParams): EliminationCondition {
  if (!f.identifiedOn) return condition('monitored_months', 'unknown', '尚未纳入监测（无识别日期）');
  const from = addMonthsToDate(f.identifiedOn, p.monitoredMonths);
  const data = { identifiedOn: f.identifiedOn, requiredMonths: p.monitoredMonths, eligibleFrom: from, today: f.today };
  return f.today >= from
    ? condition('monitored_months', 'met', `${f.identifiedOn} 纳入监测，${from} 起满 ${p.monitoredMonths} 个月`, data)
    : condition(
        'monitored_months',
        'not_met',
        `${f.identifiedOn} 纳入监测，须到 ${from} 才满 ${p.monitoredMonths} 个月`,
        data,
      );
}

function measureDone(f: EliminationFacts): EliminationCondition {
  const done = f.measures.filter((m) => m.status === 'done' && m.completedOn !== null && m.completedOn <= f.today);
  const data = {
    done: done.map((m) => ({ id: m.id, label: m.label, completedOn: m.completedOn })),
    total: f.measures.length,
  };
  return done.length > 0
    ? condition('measure_done', 'met', `已落实 ${done.length} 项：${done.map((m) => m.label).join('、')}`, data)
    : condition('measure_done', 'not_met', `帮扶措施 ${f.measures.length} 项，尚无已落实的措施`, data);
}

/** The latest collected yearly income (this year's if collected, else the most recent earlier year). */
function latestIncome(f: EliminationFacts): YearlyIncomeFact | undefined {
  return [...f.incomes].filter((i) => i.perCapita !== null).sort((a, b) => b.year - a.year)[0];
}

function incomeAboveLine(f: EliminationFacts): EliminationCondition {
  const income = latestIncome(f);
  if (!f.incomeLine) return condition('income_above_line', 'unknown', '未设置当年监测线');
  if (!income) return condition('income_above_line', 'unknown', '未采集年度收入', { line: f.incomeLine.amount });
  const data = {
    year: income.year,
    perCapita: income.perCapita,
    lineYear: f.incomeLine.year,
    line: f.incomeLine.amount,
  };
  const text = `${income.year} 年人均纯收入 ${income.perCapita} 元，${f.incomeLine.year} 年监测线 ${f.incomeLine.amount} 元`;
  return income.perCapita! > f.incomeLine.amount
    ? condition('income_above_line', 'met', text, data)
    : condition('income_above_line', 'not_met', text, data);
}

function incomeStable(f: EliminationFacts, p: EliminationParams): EliminationCondition {
  const window = monthsBefore(f.today, p.incomeStableMonths);
  const byMonth = new Map(f.revisits.map((r) => [r.month, r]));
  const missing = window.filter((m) => !byMonth.has(m));
  const drops = window
    .map((m) => byMonth.get(m))
    .filter((r): r is RevisitIncomeFact => !!r && r.incomeDrops.length > 0)
    .map((r) => ({ month: r.month, revisitId: r.id, answers: r.incomeDrops }));
  const data = { months: window, missing, drops };
  if (drops.length > 0) {
    const text = drops.map((d) => `${d.month} 回访：${d.answers.join('、')}`).join('；');
    return condition('income_stable', 'not_met', `近 ${p.incomeStableMonths} 个月收入有下降：${text}`, data);
  }
  if (missing.length > 0) {
    return condition(
      'income_stable',
      'unknown',
      `近 ${p.incomeStableMonths} 个月中 ${missing.join('、')} 无回访记录`,
      data,
    );
  }
  return condition('income_stable', 'met', `${window[0]} 至 ${window[window.length - 1]} 每月回访收入无下降`, data);
}

function largeExpenses(f: EliminationFacts, p: EliminationParams): EliminationCondition {
  const window = new Set(monthsBefore(f.today, p.incomeStableMonths).concat(f.today.slice(0, 7)));
  const hardships = f.revisits
    .filter((r) => window.has(r.month) && r.suddenHardship)
    .map((r) => ({ month: r.month, revisitId: r.id, answer: r.suddenHardship }));
  const openEmergency = f.measures
    .filter((m) => m.emergency && (m.status === 'planned' || m.status === 'in_progress'))
    .map((m) => ({ id: m.id, label: m.label }));
  const data = { hardships, openEmergencyMeasures: openEmergency };
  if (openEmergency.length > 0)
    return condition(
      'large_expenses_resolved',
      'not_met',
      `应急措施未落实：${openEmergency.map((m) => m.label).join('、')}`,
      data,
    );
  if (hardships.length > 0)
    return condition(
      'large_expenses_resolved',
      'not_met',
      `近期回访仍报突发困难：${hardships.map((h) => `${h.month} ${h.answer}`).join('；')}`,
      data,
    );
  return condition('large_expenses_resolved', 'met', '近期回访无突发困难，应急措施均已落实', data);
}

/** A flagged hazard counts as resolved once a measure of the matching type has been carried out. */
function flagCondition(
  f: EliminationFacts,
  key: EliminationConditionKey,
  flag: string,
  measureTypes: readonly string[],
  okText: string,
  flagText: string,
  extra?: { status: ConditionStatus; detail: string; data: Record<string, unknown> } | null,
): EliminationCondition {
  const flagged = f.riskFlags.includes(flag);
  const resolvedBy = f.measures.filter(
    (m) => measureTypes.includes(m.type) && m.status === 'done' && m.completedOn !== null && m.completedOn <= f.today,
  );
  const data: Record<string, unknown> = {
    flagged,
    resolvedBy: resolvedBy.map((m) => ({ id: m.id, label: m.label })),
    ...(extra?.data ?? {}),
  };
  if (extra && extra.status !== 'met') return condition(key, extra.status, extra.detail, data);
  if (!flagged) return condition(key, 'met', okText, data);
  if (resolvedBy.length > 0)
    return condition(key, 'met', `${flagText}，已由“${resolvedBy.map((m) => m.label).join('、')}”解决`, data);
  return condition(key, 'not_met', `${flagText}，尚无已落实的对应措施`, data);
}

const compulsoryStudent = ['小学', '初中'];

function noDropout(f: EliminationFacts): EliminationCondition {
  // The registry records no dropout itself: the case's dropout flag (from a revisit or verification) decides.
  return flagCondition(
    f,
    'no_dropout',
    'dropout',
    ['compulsory_education'],
    '无义务教育阶段辍学标记',
    '有辍学标记',
    null,
  );
}

function medicalInsurance(f: EliminationFacts): EliminationCondition {
  const uninsured = f.members.filter((m) => !m.medicalInsurance).map((m) => ({ personId: m.personId, name: m.name }));
  const extra =
    f.members.length === 0
      ? { status: 'unknown' as const, detail: '无在户成员', data: { members: 0 } }
      : uninsured.length > 0
        ? {
            status: 'not_met' as const,
            detail: `未参加基本医疗保险：${uninsured.map((u) => u.name).join('、')}`,
            data: { members: f.members.length, uninsured },
          }
        : { status: 'met' as const, detail: '', data: { members: f.members.length, uninsured } };
  return flagCondition(
    f,
    'medical_insurance',
    'no_medical_insurance',
    ['health', 'social_security'],
    `在户成员 ${f.members.length} 人全部参加基本医疗保险`,
    '有未参保标记',
    extra,
  );
}

function labourCapacity(f: EliminationFacts): EliminationCondition {
  const able = f.members.filter((m) => ableToWork(m.labourCapacity));
  const data = { members: f.members.length, ableToWork: able.map((m) => ({ personId: m.personId, name: m.name })) };
  if (f.members.length === 0) return condition('labour_capacity', 'unknown', '无在户成员', data);
  return able.length > 0
    ? condition('labour_capacity', 'met', `有劳动能力 ${able.length} 人：${able.map((m) => m.name).join('、')}`, data)
    : condition(
        'labour_capacity',
        'not_met',
        `在户 ${f.members.length} 人均无劳动能力，不得消除，纳入兜底保障持续跟踪`,
        data,
      );
}

/** Checks every condition of domain.md §4; eligible only when all are met. */
export function assessElimination(
  f: EliminationFacts,
  p: EliminationParams = defaultEliminationParams,
): EliminationAssessment {
  const students = f.members.filter((m) => compulsoryStudent.includes(m.studentStatus)).length;
  const dropout = noDropout(f);
  dropout.data.compulsoryStudents = students;
  const conditions = [
    monitoredMonths(f, p),
    measureDone(f),
    incomeAboveLine(f),
    incomeStable(f, p),
    largeExpenses(f, p),
    dropout,
    medicalInsurance(f),
    flagCondition(f, 'housing_safe', 'housing_unsafe', ['housing_safety'], '无住房安全隐患标记', '有住房安全隐患标记'),
    flagCondition(f, 'water_safe', 'water_unsafe', ['water_safety'], '无饮水安全隐患标记', '有饮水安全隐患标记'),
    labourCapacity(f),
  ];
  const unmet = conditions.filter((c) => c.status !== 'met');
  return { today: f.today, eligible: unmet.length === 0, conditions, unmet };
}

/** Help-plan hints (a warning, never a block): development help for households able to work, safety net otherwise. */
export function helpPlanHints(
  members: readonly Pick<MemberFact, 'labourCapacity'>[],
  measureTypes: readonly string[],
): string[] {
  const hints: string[] = [];
  const able = members.filter((m) => ableToWork(m.labourCapacity)).length;
  if (members.length > 0 && able === 0 && !measureTypes.includes(safetyNetMeasureType))
    hints.push('该户无劳动能力，应落实综合保障（兜底）措施');
  if (able > 0 && !measureTypes.some((t) => (developmentMeasureTypes as readonly string[]).includes(t)))
    hints.push(`该户有劳动能力 ${able} 人，宜安排产业、就业等开发式帮扶措施`);
  return hints;
}
