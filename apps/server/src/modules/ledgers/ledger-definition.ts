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

/** How a ledger's rows are read (both optional). */
export interface LedgerReading {
  /** Rows per query (keyset pages): `ledgerPageSize` unless the caller needs only the first few (the page). */
  pageSize?: number | undefined;
  /**
   * Read the next page while the caller works on this one (the database and the workbook overlap). Only for a
   * caller on the pool: in a transaction the read would share the connection with the caller's own queries.
   */
  readAhead?: boolean | undefined;
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
  rows?: (
    deps: Deps,
    assignments: readonly Assignment[],
    f: LedgerFilter,
    reading?: LedgerReading,
  ) => AsyncIterable<PlacedRow>;
  /** The number of rows `rows` yields, by a count query (the page's total); without it the rows are walked. */
  count?: (deps: Deps, assignments: readonly Assignment[], f: LedgerFilter) => Promise<number>;
}

/** The day a month's ledger is read "as of": its last day, or today while the month runs. */
export function asOfDate(deps: Deps, month: string): string {
  const last = addDays(monthDays(month).to, -1);
  const today = localDate(deps.clock.now());
  return today < last ? today : last;
}

export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Rows read per query while a ledger streams (keyset pagination: constant cost per page, bounded memory). */
export const ledgerPageSize = 5000;

/**
 * Keyset pagination over a ledger's source rows: `read(after, limit)` returns the rows after the key `after` (null:
 * from the start) in the key's order, at most `limit`; `keyOf` gives a row's key, which must be unique in that
 * order (else a page boundary falls between rows of the same key and loses or repeats some). Yields each page.
 * With `readAhead`, the next page is read while the caller holds this one; a caller that stops early waits for
 * that read to end, so no query outlives the iteration.
 */
export async function* keysetPages<Row, Key>(
  read: (after: Key | null, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  reading: LedgerReading = {},
): AsyncGenerator<Row[]> {
  const pageSize = reading.pageSize ?? ledgerPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size ${pageSize}`);
  // Settled at once into a value: a read failing while the caller holds the previous page is never unhandled.
  const start = (after: Key | null) =>
    read(after, pageSize).then(
      (rows) => ({ rows }),
      (error: unknown) => ({ error }),
    );
  let next: ReturnType<typeof start> | null = start(null);
  try {
    while (next) {
      const result = await next;
      next = null;
      if ('error' in result) throw result.error;
      const last = result.rows.at(-1);
      const more = last !== undefined && result.rows.length >= pageSize;
      if (more && reading.readAhead) next = start(keyOf(last));
      if (result.rows.length > 0) yield result.rows;
      if (more && !next) next = start(keyOf(last));
    }
  } finally {
    if (next) await next;
  }
}
