import type { LedgerDefinition } from './ledger-definition';

/*
 * 3. 社区治理工作台账 (ledgers.md §3): one row per activity. The activity records arrive with the community
 * governance feature; until then the ledger exports its title, headers and the explicit `本期无记录` row.
 */
export const governanceLedger: LedgerDefinition = {
  kind: 'governance',
  rowUnit: '每项活动一行',
  source: 'none',
  frozenOnClose: false,
  sourcePermission: 'household.read',
  columns: [
    { key: 'seq', header: '序号', type: 'index' },
    { key: 'township', header: '乡镇', type: 'text', width: 10 },
    { key: 'site', header: '安置点', type: 'text', width: 16 },
    { key: 'date', header: '日期', type: 'date' },
    { key: 'category', header: '工作类别', type: 'text', width: 12 },
    { key: 'content', header: '工作内容', type: 'text', width: 30, wrap: true },
    { key: 'participants', header: '参与人数', type: 'integer', width: 8 },
    { key: 'responsible', header: '责任人', type: 'text', width: 10 },
    { key: 'outcome', header: '成效', type: 'text', width: 20, wrap: true },
    { key: 'attachments', header: '附件数', type: 'integer', width: 8 },
    { key: 'remark', header: '备注', type: 'text', width: 14, wrap: true },
  ],
};
