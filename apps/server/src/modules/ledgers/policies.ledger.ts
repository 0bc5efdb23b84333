import type { LedgerDefinition } from './ledger-definition';

/*
 * 8. 政策享受台账 (ledgers.md §8): one row per household × policy. The policy records arrive with the policies
 * feature; until then the ledger exports its title, headers and the explicit `本期无记录` row.
 */
export const policiesLedger: LedgerDefinition = {
  kind: 'policies',
  rowUnit: '每户每项政策一行',
  source: 'none',
  frozenOnClose: false,
  sourcePermission: 'household.read',
  columns: [
    { key: 'seq', header: '序号', type: 'index' },
    { key: 'township', header: '乡镇', type: 'text', width: 10 },
    { key: 'site', header: '安置点', type: 'text', width: 16 },
    { key: 'householdNumber', header: '户编号', type: 'text', width: 19 },
    { key: 'headName', header: '户主姓名', type: 'text', width: 10 },
    { key: 'category', header: '户类别', type: 'text', width: 12 },
    { key: 'policy', header: '政策名称', type: 'text', width: 18, wrap: true },
    { key: 'policyKind', header: '政策类别', type: 'text', width: 10 },
    { key: 'beneficiary', header: '享受人', type: 'text', width: 10 },
    { key: 'amount', header: '享受标准或金额（元）', type: 'amount', width: 14 },
    { key: 'term', header: '享受期间', type: 'text', width: 16 },
    { key: 'payer', header: '发放单位', type: 'text', width: 12 },
    { key: 'remark', header: '备注', type: 'text', width: 14, wrap: true },
  ],
};
