import type { LedgerDefinition } from './ledger-definition';

/*
 * 5. 群众诉求处理台账 (ledgers.md §5): one row per grievance. The grievance records arrive with the grievance
 * feature; until then the ledger exports its title, headers and the explicit `本期无记录` row.
 */
export const grievancesLedger: LedgerDefinition = {
  kind: 'grievances',
  rowUnit: '每件诉求一行',
  source: 'none',
  frozenOnClose: false,
  sourcePermission: 'household.read',
  columns: [
    { key: 'seq', header: '序号', type: 'index' },
    { key: 'number', header: '编号', type: 'text', width: 14 },
    { key: 'receivedOn', header: '受理日期', type: 'date' },
    { key: 'channel', header: '渠道', type: 'text', width: 10 },
    { key: 'claimant', header: '诉求人', type: 'text', width: 10 },
    { key: 'phone', header: '联系电话', type: 'text', width: 14 },
    { key: 'site', header: '安置点', type: 'text', width: 16 },
    { key: 'category', header: '诉求类别', type: 'text', width: 10 },
    { key: 'content', header: '诉求内容', type: 'text', width: 24, wrap: true },
    { key: 'unit', header: '承办单位', type: 'text', width: 12 },
    { key: 'deadline', header: '办理时限', type: 'date' },
    { key: 'progress', header: '办理进度', type: 'text', width: 10 },
    { key: 'result', header: '办理结果', type: 'text', width: 20, wrap: true },
    { key: 'followUpOn', header: '回访日期', type: 'date' },
    { key: 'satisfaction', header: '满意度', type: 'text', width: 8 },
    { key: 'closedOn', header: '办结日期', type: 'date' },
    { key: 'remark', header: '备注', type: 'text', width: 14, wrap: true },
  ],
};
