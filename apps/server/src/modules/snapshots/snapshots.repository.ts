import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { divisions, sites } from '../org/org.table';
import { monthSnapshots, snapshotLedgerRows } from './snapshots.table';

export type SnapshotRow = typeof monthSnapshots.$inferSelect;

/** The current (frozen) snapshots of a month, optionally of some townships only. */
export async function currentSnapshots(
  ex: Executor,
  countyCode: string,
  month: string,
  townships?: readonly string[],
): Promise<SnapshotRow[]> {
  return ex
    .select()
    .from(monthSnapshots)
    .where(
      and(
        eq(monthSnapshots.countyCode, countyCode),
        eq(monthSnapshots.month, month),
        eq(monthSnapshots.status, 'current'),
        townships ? inArray(monthSnapshots.townshipCode, [...townships]) : undefined,
      ),
    );
}

export async function supersedeSnapshot(ex: Executor, townshipCode: string, month: string, at: Date) {
  return ex
    .update(monthSnapshots)
    .set({ status: 'superseded', supersededAt: at })
    .where(
      and(
        eq(monthSnapshots.townshipCode, townshipCode),
        eq(monthSnapshots.month, month),
        eq(monthSnapshots.status, 'current'),
      ),
    )
    .returning({ id: monthSnapshots.id });
}

export async function listSnapshotRows(
  ex: Executor,
  f: { countyCode: string; month?: string | undefined; townships: string[] | null; includeSuperseded: boolean },
) {
  return ex
    .select({ snapshot: monthSnapshots, townshipName: divisions.name })
    .from(monthSnapshots)
    .leftJoin(divisions, eq(divisions.code, monthSnapshots.townshipCode))
    .where(
      and(
        eq(monthSnapshots.countyCode, f.countyCode),
        f.month ? eq(monthSnapshots.month, f.month) : undefined,
        f.townships ? inArray(monthSnapshots.townshipCode, f.townships.length ? f.townships : ['-']) : undefined,
        f.includeSuperseded ? undefined : eq(monthSnapshots.status, 'current'),
      ),
    )
    .orderBy(sql`${monthSnapshots.month} desc`, asc(monthSnapshots.townshipCode), sql`${monthSnapshots.frozenAt} desc`);
}

/** The frozen rows of one ledger of a snapshot that the scope reaches (optionally one site's). */
interface FrozenRowsFilter {
  snapshotId: string;
  kind: string;
  siteId?: string | undefined;
  scope: SQL;
}

const frozenWhere = (q: FrozenRowsFilter) =>
  and(
    eq(snapshotLedgerRows.snapshotId, q.snapshotId),
    eq(snapshotLedgerRows.kind, q.kind),
    q.siteId ? eq(snapshotLedgerRows.siteId, q.siteId) : undefined,
    q.scope,
  );

/**
 * Frozen rows of one ledger of a snapshot, in the order they were frozen, limited to the scope: `siteScope` over
 * `sites` (left-joined on the row's site) or, for a dispersed household's row, the township's own grant.
 */
export async function frozenRows(ex: Executor, q: FrozenRowsFilter & { afterSeq: number; limit: number }) {
  return ex
    .select({ seq: snapshotLedgerRows.seq, siteId: snapshotLedgerRows.siteId, row: snapshotLedgerRows.row })
    .from(snapshotLedgerRows)
    .leftJoin(sites, eq(sites.id, snapshotLedgerRows.siteId))
    .where(and(frozenWhere(q), sql`${snapshotLedgerRows.seq} > ${q.afterSeq}`))
    .orderBy(asc(snapshotLedgerRows.seq))
    .limit(q.limit);
}

/** How many frozen rows `frozenRows` pages through (the ledger page's total). */
export async function countFrozenRows(ex: Executor, q: FrozenRowsFilter): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(snapshotLedgerRows)
    .leftJoin(sites, eq(sites.id, snapshotLedgerRows.siteId))
    .where(frozenWhere(q));
  return Number(row?.n ?? 0);
}
