import { reportingPeriods } from '@anzhi/domain/deadlines';
import { uuidv7 } from '@anzhi/domain/ids';
import { periodOf } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import {
  itemsOfPlan,
  publishedPlansOfYear,
  townshipPartyIds,
  type PlanItemRow,
  type PlanRow,
} from './supervision.repository';
import { taskInstances } from './supervision.table';

/** The parties of a row: its responsible units, and each township with relocated households when it names them. */
export function partiesOf(item: PlanItemRow, townships: readonly string[]): string[] {
  const parties = [...item.responsibleUnitIds];
  if (item.includesTownships) for (const t of townships) if (!parties.includes(t)) parties.push(t);
  return parties;
}

/**
 * Creates the instances of a published plan for every period that has begun by `now` (one per row, period and
 * party). Idempotent: the unique key (item, period, party) makes a second run, or a second server process,
 * create nothing twice.
 */
export async function generatePlanInstances(ex: Executor, plan: PlanRow, now: Date): Promise<number> {
  const townships = await townshipPartyIds(ex);
  const items = await itemsOfPlan(ex, plan.id);
  const values: (typeof taskInstances.$inferInsert)[] = [];
  for (const item of items) {
    const parties = partiesOf(item, townships);
    for (const p of reportingPeriods(item.deadline, plan.year)) {
      if (p.start.getTime() > now.getTime()) continue;
      for (const party of parties)
        values.push({
          id: uuidv7(),
          planId: plan.id,
          itemId: item.id,
          periodKey: p.key,
          periodStart: p.start,
          periodEnd: p.end,
          dueAt: p.dueAt,
          partyUnitId: party,
          status: 'not_started',
          createdAt: now,
          updatedAt: now,
        });
    }
  }
  let created = 0;
  for (let i = 0; i < values.length; i += 500) {
    const rows = await ex
      .insert(taskInstances)
      .values(values.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: taskInstances.id });
    created += rows.length;
  }
  return created;
}

/** The daily job's first step: instances of every published plan of the current (Asia/Shanghai) year. */
export async function generateCurrentInstances(ex: Executor, now: Date): Promise<number> {
  const year = Number(periodOf('year', now).key);
  let created = 0;
  for (const plan of await publishedPlansOfYear(ex, year)) created += await generatePlanInstances(ex, plan, now);
  return created;
}
