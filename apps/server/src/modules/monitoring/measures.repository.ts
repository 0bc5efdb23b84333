import { and, asc, eq, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { MeasureStatus } from '@anzhi/contracts/monitoring-vocabulary';
import type { Executor } from '../../db/client';
import { householdColumns, liveHouseholdsOf, withHouseholdJoins } from '../pairings/follow-up.repository';
import { households } from '../registry/registry.table';
import { helpMeasures, monitoringCases } from './monitoring.table';

/*
 * Reads of help measures with their household (number, head) under a scope condition (followUpScope: the
 * registry's scope widened to paired help cadres and origin-village cadres). Soft-deleted measures never show.
 */

export type MeasureRow = typeof helpMeasures.$inferSelect;

export const openMeasureStatuses: MeasureStatus[] = ['planned', 'in_progress'];

export interface MeasureFilter {
  countyCode: string;
  scope: SQL;
  today: string;
  caseId?: string;
  id?: string;
  responsibleUserId?: string;
  status?: MeasureStatus;
  /** open: planned or in progress; overdue: open and past due; due_soon: open and due by `dueSoonUntil`. */
  due?: 'open' | 'overdue' | 'due_soon';
  dueSoonUntil?: string;
}

function conditions(f: MeasureFilter): SQL {
  const where: SQL[] = [liveHouseholdsOf(f.countyCode), f.scope, isNull(helpMeasures.deletedAt)];
  if (f.caseId) where.push(eq(helpMeasures.caseId, f.caseId));
  if (f.id) where.push(eq(helpMeasures.id, f.id));
  if (f.responsibleUserId) where.push(eq(helpMeasures.responsibleUserId, f.responsibleUserId));
  if (f.status) where.push(eq(helpMeasures.status, f.status));
  if (f.due) where.push(inArray(helpMeasures.status, openMeasureStatuses));
  if (f.due === 'overdue') where.push(lt(helpMeasures.dueOn, f.today));
  if (f.due === 'due_soon') where.push(lte(helpMeasures.dueOn, f.dueSoonUntil ?? f.today));
  return and(...where)!;
}

const measureColumns = () => {
  const c = householdColumns();
  return { measure: helpMeasures, householdNumber: c.householdNumber, headName: c.headName };
};

export async function listMeasureRows(ex: Executor, f: MeasureFilter, limit: number | null, offset = 0) {
  const q = withHouseholdJoins(ex.select(measureColumns()).from(households).$dynamic(), f.today)
    .innerJoin(helpMeasures, eq(helpMeasures.householdId, households.id))
    .where(conditions(f))
    .orderBy(asc(helpMeasures.dueOn), asc(helpMeasures.id));
  return limit === null ? q : q.limit(limit).offset(offset);
}
export type MeasureListRow = Awaited<ReturnType<typeof listMeasureRows>>[number];

export async function countMeasures(ex: Executor, f: MeasureFilter): Promise<number> {
  const [row] = await withHouseholdJoins(
    ex
      .select({ n: sql<number>`count(*)::int` })
      .from(households)
      .$dynamic(),
    f.today,
  )
    .innerJoin(helpMeasures, eq(helpMeasures.householdId, households.id))
    .where(conditions(f));
  return row?.n ?? 0;
}

export async function findMeasure(ex: Executor, id: string) {
  const [row] = await ex.select().from(helpMeasures).where(eq(helpMeasures.id, id));
  return row;
}

/** Measures of a case (not deleted), oldest due first. */
export async function measuresOfCase(ex: Executor, caseId: string) {
  return ex
    .select()
    .from(helpMeasures)
    .where(and(eq(helpMeasures.caseId, caseId), isNull(helpMeasures.deletedAt)))
    .orderBy(asc(helpMeasures.dueOn), asc(helpMeasures.id));
}

/**
 * Open measures with a responsible user that are overdue or due by `until`, of cases still under monitoring
 * (identifying or monitored), for the inbox sweep.
 */
export async function dueMeasuresForInbox(ex: Executor, countyCode: string, until: string) {
  return ex
    .select({ measure: helpMeasures, householdNumber: households.householdNumber })
    .from(helpMeasures)
    .innerJoin(monitoringCases, eq(monitoringCases.id, helpMeasures.caseId))
    .innerJoin(households, eq(households.id, helpMeasures.householdId))
    .where(
      and(
        eq(helpMeasures.countyCode, countyCode),
        isNull(helpMeasures.deletedAt),
        isNull(households.deletedAt),
        inArray(helpMeasures.status, openMeasureStatuses),
        sql`${helpMeasures.responsibleUserId} is not null`,
        lte(helpMeasures.dueOn, until),
        inArray(monitoringCases.status, ['identifying', 'monitored']),
      ),
    )
    .orderBy(asc(helpMeasures.dueOn), asc(helpMeasures.id));
}
