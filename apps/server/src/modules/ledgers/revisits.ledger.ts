import type { Deps } from '../../platform/deps';
import type { Assignment } from '../org/scope';
import { revisitLedgerEntries, revisitLedgerSpec } from '../revisits/revisit-ledger.service';
import type { LedgerDefinition, LedgerFilter, PlacedRow } from './ledger-definition';

/*
 * 7. 每月回访台账 (ledgers.md §7): the revisits module's ledger (revisit-ledger.service.ts) behind the catalogue —
 * same columns (two header rows), same rows, the households not revisited last with 回访日期 `未回访`.
 */

async function* revisitRows(
  deps: Deps,
  assignments: readonly Assignment[],
  f: LedgerFilter,
): AsyncGenerator<PlacedRow> {
  for await (const e of revisitLedgerEntries(deps, { assignments: [...assignments] }, f))
    yield { townshipCode: e.townshipCode, siteId: e.siteId, placeName: e.siteName ?? '分散安置', row: e.row };
}

export const revisitsLedger: LedgerDefinition = {
  kind: 'revisits',
  rowUnit: '每次回访一行，未回访户列在最后',
  source: 'revisits',
  frozenOnClose: true,
  sourcePermission: 'revisit.read',
  columns: revisitLedgerSpec('', '', '2022-01', '').columns,
  rows: revisitRows,
};
