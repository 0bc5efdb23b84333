import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import type { Assignment } from '../org/scope';
import { revisitLedgerEntries, revisitLedgerSpec } from '../revisits/revisit-ledger.service';
import { completionCounts } from '../revisits/revisits.repository';
import { dueFilter, listRevisitsInScope } from '../revisits/revisits.service';
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

/**
 * The page's total without reading the rows: the month's revisits in scope (their list's own count) and the
 * households due and not revisited (due minus revisited: one revisit per household and month), the same two parts
 * `revisitLedgerEntries` yields.
 */
async function countRevisitRows(deps: Deps, assignments: readonly Assignment[], f: LedgerFilter): Promise<number> {
  const auth = { assignments: [...assignments] } as unknown as AuthState;
  const place = {
    ...(f.siteId ? { siteId: f.siteId } : {}),
    ...(f.townshipCode ? { townshipCode: f.townshipCode } : {}),
  };
  const { total } = await listRevisitsInScope(deps, auth, { month: f.month, ...place, page: 1, pageSize: 1 });
  const due = await completionCounts(deps.db, dueFilter(deps, auth, f.month, place));
  return total + due.reduce((n, c) => n + c.households - c.revisited, 0);
}

export const revisitsLedger: LedgerDefinition = {
  kind: 'revisits',
  rowUnit: '每次回访一行，未回访户列在最后',
  source: 'revisits',
  frozenOnClose: true,
  sourcePermission: 'revisit.read',
  columns: revisitLedgerSpec('', '', '2022-01', '').columns,
  rows: revisitRows,
  count: countRevisitRows,
};
