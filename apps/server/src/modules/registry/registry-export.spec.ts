import type { LedgerColumnSpec } from '../../platform/excel/ledger-spec';

/** 搬迁户名单: one row per household, ledger 1's names where they coincide (ledgers.md). */
export const householdExportColumns: readonly LedgerColumnSpec[] = [
  { key: 'seq', header: '序号', type: 'index' },
  { key: 'township', header: '乡镇', type: 'text', width: 10 },
  { key: 'place', header: '安置点（安置村）', type: 'text', width: 18 },
  { key: 'householdNumber', header: '户编号', type: 'text', width: 19 },
  { key: 'headName', header: '户主姓名', type: 'text', width: 10 },
  { key: 'idNumber', header: '身份证号', type: 'text', width: 21 },
  { key: 'members', header: '家庭人口', type: 'integer', width: 8, total: true },
  { key: 'category', header: '搬迁类型', type: 'text', width: 12 },
  {
    header: '安置情况',
    children: [
      { key: 'placement', header: '安置方式', type: 'text', width: 10 },
      { key: 'housingType', header: '安置房类型', type: 'text', width: 10 },
      { key: 'address', header: '安置地址', type: 'text', width: 24, wrap: true },
      { key: 'relocationYear', header: '搬迁年份', type: 'integer', width: 8 },
    ],
  },
  {
    header: '就业情况',
    children: [
      { key: 'labourers', header: '劳动力人数', type: 'integer', width: 8, total: true },
      { key: 'employed', header: '务工人数', type: 'integer', width: 8, total: true },
    ],
  },
  { key: 'monitoringStatus', header: '监测状态', type: 'text', width: 12 },
  { key: 'phone', header: '联系电话', type: 'text', width: 14 },
  { key: 'status', header: '状态', type: 'text', width: 8 },
];

/** 人员名单: one row per current member. Ages, not birth dates (decisions.md, personal data). */
export const personExportColumns: readonly LedgerColumnSpec[] = [
  { key: 'seq', header: '序号', type: 'index' },
  { key: 'township', header: '乡镇', type: 'text', width: 10 },
  { key: 'place', header: '安置点（安置村）', type: 'text', width: 18 },
  { key: 'householdNumber', header: '户编号', type: 'text', width: 19 },
  { key: 'name', header: '姓名', type: 'text', width: 10 },
  { key: 'relation', header: '与户主关系', type: 'text', width: 8 },
  { key: 'sex', header: '性别', type: 'text', width: 6 },
  { key: 'age', header: '年龄', type: 'integer', width: 6 },
  { key: 'documentType', header: '证件类型', type: 'text', width: 12 },
  { key: 'documentNumber', header: '证件号码', type: 'text', width: 21 },
  { key: 'health', header: '健康状况', type: 'text', width: 12 },
  { key: 'labourCapacity', header: '劳动技能', type: 'text', width: 14 },
  { key: 'studentStatus', header: '在校生情况', type: 'text', width: 10 },
  {
    header: '务工就业',
    children: [
      { key: 'employmentStatus', header: '务工状态', type: 'text', width: 10 },
      { key: 'employer', header: '就业单位', type: 'text', width: 16, wrap: true },
      { key: 'employmentPlace', header: '就业地点', type: 'text', width: 14, wrap: true },
      { key: 'monthlyIncome', header: '月收入（元）', type: 'amount', width: 12 },
    ],
  },
  { key: 'phone', header: '联系电话', type: 'text', width: 14 },
];
