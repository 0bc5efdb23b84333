import { and, asc, count, desc, eq, gt, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { TaskStatus } from '@anzhi/contracts/supervision';
import type { Executor } from '../../db/client';
import { divisions, sites, units } from '../org/org.table';
import { households } from '../registry/registry.table';
import type { ActingUnits } from './supervision.scope';
import { planItems, plans, taskInstances, taskReports } from './supervision.table';

export type PlanRow = typeof plans.$inferSelect;
export type PlanItemRow = typeof planItems.$inferSelect;
export type InstanceRow = typeof taskInstances.$inferSelect;
export type ReportRow = typeof taskReports.$inferSelect;
export type UnitRow = typeof units.$inferSelect;

/** Workflow states in which a party still owes its report (and which turn 'overdue' at the due instant). */
export const openStatuses = ['not_started', 'in_progress', 'returned'] as const;

const uuidArray = (ids: readonly string[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;

// --- units -----------------------------------------------------------------------------------

/** Every unit by id (a few dozen rows: reference data). */
export async function unitMap(ex: Executor): Promise<Map<string, UnitRow>> {
  const rows = await ex.select().from(units);
  return new Map(rows.map((u) => [u.id, u]));
}

/**
 * The township units ("有关乡(镇)党委、政府") with relocated households: townships with an active site not governed
 * by the urban community committee (that committee answers for its own sites), or with active dispersed
 * households whose destination village lies in the township.
 */
export async function townshipPartyIds(ex: Executor): Promise<string[]> {
  const rows = await ex
    .select({ id: units.id })
    .from(units)
    .where(
      and(
        eq(units.kind, 'township'),
        eq(units.active, true),
        or(
          inArray(
            units.divisionCode,
            sql`(select ${sites.townshipCode} from ${sites} where ${sites.status} = 'active' and ${sites.urbanCommunity} = false)`,
          ),
          inArray(
            units.divisionCode,
            sql`(select ${divisions.parentCode} from ${households} join ${divisions} on ${divisions.code} = ${households.destinationVillageCode} where ${households.placement} = '分散安置' and ${households.status} = 'active')`,
          ),
        ),
      ),
    )
    .orderBy(asc(units.divisionCode));
  return rows.map((r) => r.id);
}

// --- plans and items -------------------------------------------------------------------------

export async function listPlanRows(ex: Executor): Promise<(PlanRow & { itemCount: number })[]> {
  const rows = await ex
    .select({ plan: plans, itemCount: count(planItems.id) })
    .from(plans)
    .leftJoin(planItems, eq(planItems.planId, plans.id))
    .groupBy(plans.id)
    .orderBy(desc(plans.year), asc(plans.title));
  return rows.map((r) => ({ ...r.plan, itemCount: Number(r.itemCount) }));
}

export async function findPlan(ex: Executor, id: string): Promise<PlanRow | undefined> {
  const [row] = await ex.select().from(plans).where(eq(plans.id, id));
  return row;
}

export async function findItem(ex: Executor, id: string): Promise<PlanItemRow | undefined> {
  const [row] = await ex.select().from(planItems).where(eq(planItems.id, id));
  return row;
}

export async function itemsOfPlan(ex: Executor, planId: string): Promise<PlanItemRow[]> {
  return ex.select().from(planItems).where(eq(planItems.planId, planId)).orderBy(asc(planItems.rowNo));
}

/** Published plans of a year: those whose instances the daily job generates. */
export async function publishedPlansOfYear(ex: Executor, year: number): Promise<PlanRow[]> {
  return ex
    .select()
    .from(plans)
    .where(and(eq(plans.year, year), eq(plans.status, 'published')));
}

// --- instances -------------------------------------------------------------------------------

export interface InstanceFilter {
  planId?: string | undefined;
  unitId?: string | undefined;
  status?: TaskStatus | undefined;
  row?: number | undefined;
  dueAfter?: Date | undefined;
  dueAtOrBefore?: Date | undefined;
  itemIds?: readonly string[] | undefined;
  /** Only these parties. */
  partyIn?: readonly string[] | undefined;
  /** Only rows led by one of these units. */
  ledBy?: readonly string[] | undefined;
}

/** The effective status as SQL: 'overdue' is a stored open state past its due instant. */
function statusCondition(status: TaskStatus, now: Date): SQL {
  const open = inArray(taskInstances.status, [...openStatuses]);
  if (status === 'overdue') return and(open, lte(taskInstances.dueAt, now))!;
  if ((openStatuses as readonly string[]).includes(status))
    return and(eq(taskInstances.status, status), gt(taskInstances.dueAt, now))!;
  return eq(taskInstances.status, status);
}

/** What a reader may see: county-wide readers everything; others their units' instances and the rows they lead. */
export function instanceScope(reader: ActingUnits): SQL {
  if (reader.all) return sql`true`;
  if (reader.unitIds.length === 0) return sql`false`;
  return or(
    inArray(taskInstances.partyUnitId, reader.unitIds),
    sql`${planItems.leadUnitIds} && ${uuidArray(reader.unitIds)}`,
  )!;
}

function filterConditions(f: InstanceFilter, now: Date): SQL[] {
  const conds: SQL[] = [];
  if (f.planId) conds.push(eq(taskInstances.planId, f.planId));
  if (f.unitId) conds.push(eq(taskInstances.partyUnitId, f.unitId));
  if (f.status) conds.push(statusCondition(f.status, now));
  if (f.row) conds.push(eq(planItems.rowNo, f.row));
  if (f.dueAfter) conds.push(gt(taskInstances.dueAt, f.dueAfter));
  if (f.dueAtOrBefore) conds.push(lte(taskInstances.dueAt, f.dueAtOrBefore));
  if (f.itemIds) conds.push(f.itemIds.length ? inArray(taskInstances.itemId, [...f.itemIds]) : sql`false`);
  if (f.partyIn) conds.push(f.partyIn.length ? inArray(taskInstances.partyUnitId, [...f.partyIn]) : sql`false`);
  if (f.ledBy) conds.push(f.ledBy.length ? sql`${planItems.leadUnitIds} && ${uuidArray(f.ledBy)}` : sql`false`);
  return conds;
}

export interface InstanceWithItem {
  instance: InstanceRow;
  item: PlanItemRow;
  planYear: number;
}

export async function listInstances(
  ex: Executor,
  scope: SQL,
  f: InstanceFilter,
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ rows: InstanceWithItem[]; total: number }> {
  const where = and(scope, ...filterConditions(f, now));
  const base = ex
    .select({ instance: taskInstances, item: planItems, planYear: plans.year })
    .from(taskInstances)
    .innerJoin(planItems, eq(planItems.id, taskInstances.itemId))
    .innerJoin(plans, eq(plans.id, taskInstances.planId))
    .where(where);
  const rows = await base
    .orderBy(asc(taskInstances.dueAt), asc(planItems.rowNo), asc(taskInstances.partyUnitId))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await ex
    .select({ n: count() })
    .from(taskInstances)
    .innerJoin(planItems, eq(planItems.id, taskInstances.itemId))
    .where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function findInstance(ex: Executor, id: string, scope: SQL): Promise<InstanceWithItem | undefined> {
  const [row] = await ex
    .select({ instance: taskInstances, item: planItems, planYear: plans.year })
    .from(taskInstances)
    .innerJoin(planItems, eq(planItems.id, taskInstances.itemId))
    .innerJoin(plans, eq(plans.id, taskInstances.planId))
    .where(and(eq(taskInstances.id, id), scope));
  return row;
}

/** Open instances of published plans whose period has begun (the daily sweep's work list). */
export async function openInstances(ex: Executor, now: Date): Promise<InstanceWithItem[]> {
  return ex
    .select({ instance: taskInstances, item: planItems, planYear: plans.year })
    .from(taskInstances)
    .innerJoin(planItems, eq(planItems.id, taskInstances.itemId))
    .innerJoin(plans, eq(plans.id, taskInstances.planId))
    .where(
      and(
        eq(plans.status, 'published'),
        inArray(taskInstances.status, [...openStatuses]),
        lte(taskInstances.periodStart, now),
      ),
    )
    .orderBy(asc(taskInstances.dueAt));
}

export async function updateInstance(ex: Executor, id: string, patch: Partial<InstanceRow>): Promise<void> {
  await ex.update(taskInstances).set(patch).where(eq(taskInstances.id, id));
}

// --- reports ---------------------------------------------------------------------------------

export async function reportsOf(ex: Executor, instanceId: string): Promise<ReportRow[]> {
  return ex
    .select()
    .from(taskReports)
    .where(eq(taskReports.instanceId, instanceId))
    .orderBy(asc(taskReports.createdAt), asc(taskReports.id));
}

export async function findReport(ex: Executor, id: string): Promise<ReportRow | undefined> {
  const [row] = await ex.select().from(taskReports).where(eq(taskReports.id, id));
  return row;
}

export async function latestSubmission(ex: Executor, instanceId: string): Promise<ReportRow | undefined> {
  const [row] = await ex
    .select()
    .from(taskReports)
    .where(and(eq(taskReports.instanceId, instanceId), eq(taskReports.kind, 'submission')))
    .orderBy(desc(taskReports.createdAt), desc(taskReports.id))
    .limit(1);
  return row;
}
