import type { LedgerDefinition } from './ledger-definition';

/*
 * 4. 设施管护工作台账 (ledgers.md §4): one row per facility check or repair. The facility records arrive with the
 * facilities feature; until then the ledger exports its title, headers and the explicit `本期无记录` row.
 */
export const facilitiesLedger: LedgerDefinition = {
  kind: 'facilities',
  rowUnit: '每次巡查或维修一行',
  source: 'none',
  frozenOnClose: false,
  sourcePermission: 'household.read',
  columns: [
    { key: 'seq', header: '序号', type: 'index' },
    { key: 'township', header: '乡镇', type: 'text', width: 10 },
    { key: 'site', header: '安置点', type: 'text', width: 16 },
    { key: 'facilityKind', header: '设施类别', type: 'text', width: 10 },
    { key: 'facility', header: '设施名称', type: 'text', width: 14 },
    { key: 'quantity', header: '数量', type: 'integer', width: 6 },
    { key: 'state', header: '状态', type: 'text', width: 8 },
    { key: 'responsible', header: '管护责任人', type: 'text', width: 10 },
    { key: 'checkedOn', header: '巡查日期', type: 'date' },
    { key: 'problem', header: '发现问题', type: 'text', width: 18, wrap: true },
    { key: 'repair', header: '维修措施', type: 'text', width: 18, wrap: true },
    { key: 'completedOn', header: '完成日期', type: 'date' },
    { key: 'cost', header: '费用（元）', type: 'amount' },
    { key: 'remark', header: '备注', type: 'text', width: 14, wrap: true },
  ],
};
