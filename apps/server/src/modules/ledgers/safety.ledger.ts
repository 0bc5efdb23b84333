import type { LedgerDefinition } from './ledger-definition';

/*
 * 2. 安全隐患排查台账 (ledgers.md §2): one row per hazard found. The inspection records arrive with the safety
 * feature; until then the ledger exports its title, headers and the explicit `本期无记录` row.
 */
export const safetyLedger: LedgerDefinition = {
  kind: 'safety',
  rowUnit: '每条隐患一行（按月）',
  source: 'none',
  frozenOnClose: false,
  sourcePermission: 'household.read',
  columns: [
    { key: 'seq', header: '序号', type: 'index' },
    { key: 'township', header: '乡镇', type: 'text', width: 10 },
    { key: 'site', header: '安置点', type: 'text', width: 16 },
    { key: 'inspectedOn', header: '排查日期', type: 'date' },
    { key: 'inspectionKind', header: '排查类别', type: 'text', width: 10 },
    { key: 'target', header: '排查对象', type: 'text', width: 14 },
    { key: 'hazard', header: '隐患名称', type: 'text', width: 14 },
    { key: 'details', header: '隐患详情', type: 'text', width: 20, wrap: true },
    { key: 'level', header: '隐患等级', type: 'text', width: 8 },
    { key: 'responsible', header: '责任人', type: 'text', width: 10 },
    { key: 'measures', header: '整治措施', type: 'text', width: 20, wrap: true },
    { key: 'deadline', header: '整改时限', type: 'date' },
    { key: 'progress', header: '整改情况', type: 'text', width: 14, wrap: true },
    { key: 'acceptedOn', header: '验收时间', type: 'date' },
    { key: 'acceptedBy', header: '验收单位', type: 'text', width: 12 },
    { key: 'conclusion', header: '验收结论', type: 'text', width: 10 },
    { key: 'closedOn', header: '销账时间', type: 'date' },
    { key: 'remark', header: '备注', type: 'text', width: 14, wrap: true },
  ],
};
