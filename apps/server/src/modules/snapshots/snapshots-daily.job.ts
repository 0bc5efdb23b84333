import { and, eq } from 'drizzle-orm';
import { currentPeriod, localDate, previousPeriod } from '@anzhi/domain/periods';
import { auditedTransaction, systemActor } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { definePeriodic } from '../../platform/jobs/job-definition';
import { divisions } from '../org/org.table';
import { monthCloses } from '../revisits/revisits.table';
import { currentSnapshots } from './snapshots.repository';
import { freezeMonth } from './snapshots.service';

/** The day of the next month on which townships that have not closed their month are frozen anyway. */
export const autoFreezeDay = 4;

/**
 * From the 4th of a month: every township that has neither closed last month nor a snapshot of it is frozen
 * (trigger `auto`). A township that closed and was reopened is left alone (it is being corrected and will close
 * again). Idempotent: a township with a current snapshot is skipped, so a missed day catches up later.
 */
export async function autoFreezeLastMonth(deps: Deps): Promise<{ month: string; frozen: string[] }> {
  const now = deps.clock.now();
  const month = previousPeriod(currentPeriod('month', deps.clock)).key;
  if (Number(localDate(now).slice(8, 10)) < autoFreezeDay) return { month, frozen: [] };
  const townships = await deps.db
    .select({ code: divisions.code })
    .from(divisions)
    .where(and(eq(divisions.parentCode, deps.config.countyCode.padEnd(12, '0')), eq(divisions.level, 'township')));
  const closes = await deps.db
    .select({ townshipCode: monthCloses.townshipCode })
    .from(monthCloses)
    .where(eq(monthCloses.month, month));
  const touched = new Set(closes.map((c) => c.townshipCode));
  const frozenAlready = new Set(
    (await currentSnapshots(deps.db, deps.config.countyCode, month)).map((s) => s.townshipCode),
  );
  const frozen: string[] = [];
  for (const t of townships) {
    if (touched.has(t.code) || frozenAlready.has(t.code)) continue;
    await auditedTransaction(deps.db, deps.clock, systemActor, 'month.snapshot', async (tx, audit) => {
      const s = await freezeMonth(deps, tx, { townshipCode: t.code, month, trigger: 'auto' });
      audit.entity('month_snapshot', s.id, null, {
        townshipCode: t.code,
        month,
        trigger: 'auto',
        rowCounts: s.rowCounts,
      });
    });
    frozen.push(t.code);
  }
  return { month, frozen };
}

export const snapshotsDailyJob = definePeriodic({
  kind: 'snapshots.daily',
  title: '月末快照：次月4日起自动冻结未确认的乡镇',
  every: 'daily',
  maxAttempts: 3,
  backoff: { baseMs: 60_000, maxMs: 3_600_000 },
  async run(ctx) {
    return autoFreezeLastMonth(ctx.deps);
  },
});
