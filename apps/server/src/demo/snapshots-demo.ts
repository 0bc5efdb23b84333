import { eq } from 'drizzle-orm';
import { auditedTransaction, systemActor } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import { monthCloses } from '../modules/revisits/revisits.table';
import { freezeMonth } from '../modules/snapshots/snapshots.service';

/**
 * 月末快照 of the demo: the townships that closed the latest closed month (the revisits demo writes its closes
 * directly) get every closed month of theirs frozen as the close would have frozen it, so those months' ledgers and
 * figures read their snapshots and the monthly report compares two frozen months. Other closed months stay unfrozen
 * to keep the demo quick to load (they read live records, as before a close). Runs last, after the records the
 * ledgers read (registry, revisits, incomes, pairings, monitoring, rule results).
 */
export async function loadSnapshotsDemo(deps: Pick<Deps, 'db' | 'clock' | 'cipher' | 'config'>): Promise<number> {
  const closes = await deps.db
    .select({ townshipCode: monthCloses.townshipCode, month: monthCloses.month })
    .from(monthCloses)
    .where(eq(monthCloses.status, 'closed'))
    .orderBy(monthCloses.month, monthCloses.townshipCode);
  const latest = closes.at(-1)?.month;
  const townships = new Set(closes.filter((c) => c.month === latest).map((c) => c.townshipCode));
  const chosen = closes.filter((c) => townships.has(c.townshipCode));
  const full = deps as Deps;
  for (const c of chosen) {
    await auditedTransaction(deps.db, deps.clock, systemActor, 'demo.load', async (tx, audit) => {
      const s = await freezeMonth(full, tx, { ...c, trigger: 'close' });
      audit.entity('month_snapshot', s.id, null, { ...c, rowCounts: s.rowCounts });
    });
  }
  return chosen.length;
}
