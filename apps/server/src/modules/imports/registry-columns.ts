import {
  disabilityGrades,
  educationLevels,
  employmentStatuses,
  healthStatuses,
  householdCategories,
  housingTypes,
  labourCapacities,
  memberRelations,
  oldHouseStatuses,
  placements,
  politicalStatuses,
  studentStatuses,
} from '@anzhi/contracts/registry';

/*
 * The registry workbook counties hold (ledgers.md, "the registry workbook … (import)"): one row per person,
 * household columns repeated on each member's row (or filled on the head's row only). Headers are matched by
 * name in any order; the values people write are mapped onto the code lists of contracts/registry.ts.
 */

export type ColumnKey =
  | 'householdNumber'
  | 'township'
  | 'site'
  | 'placement'
  | 'address'
  | 'destinationVillage'
  | 'originVillage'
  | 'relocationYear'
  | 'category'
  | 'housingType'
  | 'floorArea'
  | 'propertyCertificateNo'
  | 'certificateDate'
  | 'oldHouseStatus'
  | 'name'
  | 'idNumber'
  | 'relation'
  | 'ethnicity'
  | 'politicalStatus'
  | 'education'
  | 'studentStatus'
  | 'health'
  | 'disabilityGrade'
  | 'labourCapacity'
  | 'employmentStatus'
  | 'employmentPlace'
  | 'employmentMode'
  | 'monthlyIncome'
  | 'medicalInsurance'
  | 'pensionInsurance'
  | 'dibao'
  | 'tekun'
  | 'phone';

export interface ColumnDef {
  key: ColumnKey;
  /** The header as the template writes it. */
  label: string;
  /** Other spellings met in county files. */
  aliases?: readonly string[];
  /** A household column: filled on the head's row, inherited by the member rows below it. */
  household?: boolean;
  /** Values the template's code-list sheet offers. */
  codes?: readonly string[];
}

export const registryColumns: readonly ColumnDef[] = [
  { key: 'householdNumber', label: '户编号', aliases: ['户号', '户编码'], household: true },
  { key: 'township', label: '乡镇', aliases: ['乡（镇）', '安置乡镇', '所属乡镇'], household: true },
  { key: 'site', label: '安置点', aliases: ['安置点名称', '集中安置点'], household: true },
  { key: 'placement', label: '安置方式', household: true, codes: placements },
  { key: 'address', label: '安置地址', aliases: ['安置房地址', '房号'], household: true },
  { key: 'destinationVillage', label: '迁入村（分散安置）', aliases: ['迁入村', '安置村'], household: true },
  { key: 'originVillage', label: '迁出地（村）', aliases: ['迁出村', '迁出地'], household: true },
  { key: 'relocationYear', label: '搬迁年份', aliases: ['搬迁年度'], household: true },
  {
    key: 'category',
    label: '搬迁类型',
    aliases: ['户类别', '搬迁户类型'],
    household: true,
    codes: householdCategories,
  },
  { key: 'housingType', label: '安置房类型', aliases: ['住房类型'], household: true, codes: housingTypes },
  {
    key: 'floorArea',
    label: '住房面积（㎡）',
    aliases: ['住房面积', '安置房面积', '住房面积（平方米）'],
    household: true,
  },
  { key: 'propertyCertificateNo', label: '不动产权证号', aliases: ['不动产证号', '产权证号'], household: true },
  { key: 'certificateDate', label: '发证日期', household: true },
  {
    key: 'oldHouseStatus',
    label: '旧房处置',
    aliases: ['旧房处置情况'],
    household: true,
    codes: [
      '已拆除已复垦',
      '已拆除未复垦',
      '保留（连体房）已收归集体并封存',
      '保留（有保存价值）已收归集体并封存',
      '未处置',
    ],
  },
  { key: 'name', label: '姓名', aliases: ['成员姓名'] },
  { key: 'idNumber', label: '身份证号', aliases: ['身份证号码', '证件号码', '公民身份号码'] },
  {
    key: 'relation',
    label: '与户主关系',
    codes: ['户主', '配偶', '之子', '之女', '之儿媳', '之女婿', '之孙子', '之孙女', '之父', '之母', '其他'],
  },
  { key: 'ethnicity', label: '民族' },
  { key: 'politicalStatus', label: '政治面貌', codes: politicalStatuses },
  { key: 'education', label: '文化程度', codes: ['文盲或半文盲', '小学', '初中', '高中', '中专', '大专及以上'] },
  { key: 'studentStatus', label: '在校生情况', codes: studentStatuses },
  { key: 'health', label: '健康状况', codes: healthStatuses },
  { key: 'disabilityGrade', label: '残疾等级', codes: disabilityGrades },
  { key: 'labourCapacity', label: '劳动能力', aliases: ['劳动技能'], codes: labourCapacities },
  {
    key: 'employmentStatus',
    label: '务工状态',
    aliases: ['务工就业状态', '就业状态'],
    codes: [
      '县内务工',
      '省内县外务工',
      '省外务工',
      '帮扶车间',
      '公益岗位',
      '自主创业',
      '灵活就业',
      '未就业',
      '在校生',
      '不适用',
    ],
  },
  { key: 'employmentPlace', label: '务工地点', aliases: ['就业地点'] },
  { key: 'employmentMode', label: '就业方式', aliases: ['就业单位'] },
  { key: 'monthlyIncome', label: '月收入（元）', aliases: ['月收入', '月工资'] },
  {
    key: 'medicalInsurance',
    label: '城乡居民基本医疗保险',
    aliases: ['医疗保险', '基本医疗保险'],
    codes: ['是', '否'],
  },
  { key: 'pensionInsurance', label: '养老保险', aliases: ['基本养老保险'], codes: ['是', '否'] },
  { key: 'dibao', label: '低保', aliases: ['是否低保'], codes: ['是', '否'] },
  { key: 'tekun', label: '特困', aliases: ['是否特困', '特困供养'], codes: ['是', '否'] },
  { key: 'phone', label: '联系电话', aliases: ['电话', '手机号码', '联系方式'] },
];

export const householdColumnKeys: readonly ColumnKey[] = registryColumns.filter((c) => c.household).map((c) => c.key);

export const columnLabel = (key: ColumnKey): string => registryColumns.find((c) => c.key === key)!.label;

/**
 * Text as typed: NFKC (full-width letters, digits and brackets become half-width), no zero-width characters,
 * inner runs of spaces collapsed, trimmed.
 */
export function cleanText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The comparison key of a header or a code: NFKC, without any spaces. */
export const matchKey = (s: string): string => cleanText(s).replace(/\s+/g, '');

const headerIndex = new Map<string, ColumnKey>();
for (const c of registryColumns) {
  for (const name of [c.label, ...(c.aliases ?? [])]) headerIndex.set(matchKey(name), c.key);
}

/** The column a header names, if it is one of the workbook's. */
export const columnOfHeader = (header: string): ColumnKey | undefined => headerIndex.get(matchKey(header));

// ---------------------------------------------------------------------------------------------
// Code lists: what people write → the stored value (contracts/registry.ts)
// ---------------------------------------------------------------------------------------------

function codeMap(values: readonly string[], extra: Record<string, string> = {}): Map<string, string> {
  const m = new Map<string, string>();
  for (const v of values) m.set(matchKey(v), v);
  for (const [k, v] of Object.entries(extra)) m.set(matchKey(k), v);
  return m;
}

export const codeMaps: Partial<Record<ColumnKey, Map<string, string>>> = {
  placement: codeMap(placements, { 集中: '集中安置', 分散: '分散安置' }),
  category: codeMap(householdCategories),
  housingType: codeMap(housingTypes),
  oldHouseStatus: codeMap(oldHouseStatuses, {
    已拆除已复垦: '已拆除复垦',
    '保留（连体房）已收归集体并封存': '保留（连体房）',
    '保留（有保存价值）已收归集体并封存': '保留（有保护价值）',
    '保留（有保存价值）': '保留（有保护价值）',
    未处置: '未拆除',
  }),
  relation: codeMap(memberRelations, {
    本人: '户主',
    妻: '配偶',
    夫: '配偶',
    之子: '子',
    之女: '女',
    儿子: '子',
    女儿: '女',
    之儿媳: '其他',
    之女婿: '其他',
    之孙子: '孙子女',
    之孙女: '孙子女',
    孙子: '孙子女',
    孙女: '孙子女',
    之父: '父母',
    之母: '父母',
    父亲: '父母',
    母亲: '父母',
  }),
  politicalStatus: codeMap(politicalStatuses, { 党员: '中共党员', 团员: '共青团员' }),
  education: codeMap(educationLevels, { 大专及以上: '大专', 文盲: '文盲或半文盲', 半文盲: '文盲或半文盲' }),
  studentStatus: codeMap(studentStatuses, { 否: '非在校生', 无: '非在校生' }),
  health: codeMap(healthStatuses),
  disabilityGrade: codeMap(disabilityGrades, { '1级': '一级', '2级': '二级', '3级': '三级', '4级': '四级' }),
  labourCapacity: codeMap(labourCapacities, { 弱劳动力: '弱劳动力或半劳动力', 半劳动力: '弱劳动力或半劳动力' }),
  employmentStatus: codeMap(employmentStatuses, { 省内县外务工: '省内县外', 省外务工: '省外' }),
};

/** 是/否 columns. */
export const yesNo = new Map<string, boolean>([
  ['是', true],
  ['否', false],
  ['有', true],
  ['无', false],
  ['参加', true],
  ['未参加', false],
]);
