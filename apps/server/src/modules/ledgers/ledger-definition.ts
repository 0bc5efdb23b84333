import type { LedgerKind, LedgerSource } from '@anzhi/contracts/ledgers';
import type { Permission } from '@anzhi/contracts/permissions';
import { addDays, localDate } from '@anzhi/domain/periods';
import { monthDays } from '@anzhi/domain/revisits';
import type { Deps } from '../../platform/deps';
import type { LedgerColumnSpec, LedgerRow } from '../../platform/excel/ledger-spec';
import type { Assignment } from '../org/scope';

/** What a ledger reads: the month, and optionally one township or one site. */
export interface LedgerFilter {
  month: string;
  townshipCode?: string | undefined;
  siteId?: string | undefined;
}

/**
 * A ledger row with the place it belongs to: the township and site (null: a dispersed household, shown under its
 * destination village) decide the scope, the sheet when split, and the snapshot partition.
 */
export interface PlacedRow {
  townshipCode: string;
  siteId: string | null;
  /** Sheet name when split per site (the site, or the destination village of a dispersed household). */
  placeName: string;
  row: LedgerRow;
}

/**
 * One of the eight ledgers (ledgers.md). `rows` reads the live source records in the given scope (assignments
 * granting `sourcePermission`); a ledger without it has no source records yet and exports its explicit
 * `本期无记录` row. Rows come ordered by township, then as the ledger prints them.
 */
export interface LedgerDefinition {
  kind: LedgerKind;
  rowUnit: string;
  source: LedgerSource;
  /** Frozen into the month-end snapshot when a township closes its month. */
  frozenOnClose: boolean;
  sourcePermission: Permission;
  columns: readonly LedgerColumnSpec[];
  rows?: (deps: Deps, assignments: readonly Assignment[], f: LedgerFilter) => AsyncIterable<PlacedRow>;
}

/** The day a month's ledger is read "as of": its last day, or today while the month runs. */
export function asOfDate(deps: Deps, month: string): string {
  const last = addDays(monthDays(month).to, -1);
  const today = localDate(deps.clock.now());
  return today < last ? today : last;
}

export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
