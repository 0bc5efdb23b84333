import { and, eq, inArray } from 'drizzle-orm';
import type { Plan, PlanInput, PlanItem, PlanItemInput, PlanRollInput } from '@anzhi/contracts/supervision';
import { deadlineText, shiftDeadline, tryParseDeadline } from '@anzhi/domain/deadlines';
import { uuidv7 } from '@anzhi/domain/ids';
import { periodOf } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { units } from '../org/org.table';
import { findItem, findPlan, itemsOfPlan, listPlanRows, unitMap, type PlanRow } from './supervision.repository';
import { presentItem, presentPlan } from './supervision.presenter';
import { planItems, plans } from './supervision.table';
import { generatePlanInstances } from './task-generation';

export async function listPlans(deps: Deps): Promise<Plan[]> {
  return (await listPlanRows(deps.db)).map(presentPlan);
}

async function planOrThrow(ex: Executor, id: string) {
  const plan = await findPlan(ex, id);
  if (!plan) throw notFound('责任清单');
  return plan;
}

async function presentPlanById(ex: Executor, id: string): Promise<Plan> {
  const row = (await listPlanRows(ex)).find((p) => p.id === id);
  if (!row) throw notFound('责任清单');
  return presentPlan(row);
}

export async function getPlan(deps: Deps, id: string): Promise<Plan> {
  return presentPlanById(deps.db, id);
}

export async function listPlanItems(deps: Deps, planId: string): Promise<PlanItem[]> {
  await planOrThrow(deps.db, planId);
  const byId = await unitMap(deps.db);
  return (await itemsOfPlan(deps.db, planId)).map((r) => presentItem(r, byId));
}

export async function createPlan(deps: Deps, actor: ActorContext, input: PlanInput): Promise<Plan> {
  if (input.id && (await findPlan(deps.db, input.id))) return presentPlanById(deps.db, input.id);
  const id = input.id ?? uuidv7();
  await auditedTransaction(deps.db, deps.clock, actor, 'plan.create', async (tx, audit) => {
    const [dup] = await tx
      .select({ id: plans.id })
      .from(plans)
      .where(and(eq(plans.year, input.year), eq(plans.title, input.title)));
    if (dup) throw new AppError('CONFLICT', `${input.year} 年已有同名责任清单`);
    const now = deps.clock.now();
    await tx.insert(plans).values({ id, year: input.year, title: input.title, createdAt: now, updatedAt: now });
    audit.entity('plan', id, null, { year: input.year, title: input.title });
  });
  return presentPlanById(deps.db, id);
}

/** Checks an item input: a deadline the grammar reads, and units that exist. Errors name the field in Chinese. */
async function checkedItem(ex: Executor, input: PlanItemInput) {
  const deadline = tryParseDeadline(input.deadlineText);
  if (!deadline)
    throw new AppError('VALIDATION_FAILED', `无法识别的完成时限“${input.deadlineText}”`, [
      {
        path: 'deadlineText',
        message: '应为“2022年3月底前”“每月25日前”“每月月底前”“次月3日前”“每季度最后一个月前”或“长期坚持”',
      },
    ]);
  const ids = [...new Set([...input.leadUnitIds, ...input.responsibleUnitIds])];
  const found = await ex.select({ id: units.id }).from(units).where(inArray(units.id, ids));
  if (found.length !== ids.length)
    throw new AppError('VALIDATION_FAILED', '所选单位不存在', [{ path: 'leadUnitIds', message: '所选单位不存在' }]);
  return {
    rowNo: input.row,
    groupName: input.group,
    text: input.text,
    leadUnitIds: [...new Set(input.leadUnitIds)],
    responsibleUnitIds: [...new Set(input.responsibleUnitIds)],
    includesTownships: input.includesTownships,
    deadlineText: input.deadlineText.replace(/\s+/g, ''),
    deadline,
    note: input.note ?? null,
  };
}

async function rowTaken(ex: Executor, planId: string, rowNo: number, exceptId?: string): Promise<boolean> {
  const rows = await ex
    .select({ id: planItems.id })
    .from(planItems)
    .where(and(eq(planItems.planId, planId), eq(planItems.rowNo, rowNo)));
  return rows.some((r) => r.id !== exceptId);
}

/** Adds a row (e.g. one of the rows 30–35 missing from the 2022 source, once the county supplies its text). */
export async function addPlanItem(
  deps: Deps,
  actor: ActorContext,
  planId: string,
  input: PlanItemInput,
): Promise<PlanItem> {
  await planOrThrow(deps.db, planId);
  const byId = await unitMap(deps.db);
  if (input.id) {
    const existing = await findItem(deps.db, input.id);
    if (existing) return presentItem(existing, byId);
  }
  const values = await checkedItem(deps.db, input);
  const id = input.id ?? uuidv7();
  const row = await auditedTransaction(deps.db, deps.clock, actor, 'plan.item.create', async (tx, audit) => {
    if (await rowTaken(tx, planId, input.row)) throw new AppError('CONFLICT', `序号 ${input.row} 已存在`);
    const now = deps.clock.now();
    const [inserted] = await tx
      .insert(planItems)
      .values({ id, planId, groupFrom: 'manual', unresolvedNames: [], ...values, createdAt: now, updatedAt: now })
      .returning();
    audit.entity('plan_item', id, null, {
      planId,
      row: input.row,
      text: input.text,
      deadlineText: values.deadlineText,
    });
    return inserted!;
  });
  return presentItem(row, byId);
}

/**
 * Edits a row. Instances already generated keep their due dates; parties added get instances on the next run of
 * the daily job.
 */
export async function updatePlanItem(
  deps: Deps,
  actor: ActorContext,
  planId: string,
  itemId: string,
  input: PlanItemInput,
): Promise<PlanItem> {
  const before = await findItem(deps.db, itemId);
  if (!before || before.planId !== planId) throw notFound('清单事项');
  const values = await checkedItem(deps.db, input);
  const row = await auditedTransaction(deps.db, deps.clock, actor, 'plan.item.update', async (tx, audit) => {
    if (await rowTaken(tx, planId, input.row, itemId)) throw new AppError('CONFLICT', `序号 ${input.row} 已存在`);
    const [updated] = await tx
      .update(planItems)
      .set({ ...values, updatedAt: deps.clock.now() })
      .where(eq(planItems.id, itemId))
      .returning();
    audit.entity(
      'plan_item',
      itemId,
      {
        row: before.rowNo,
        text: before.text,
        deadlineText: before.deadlineText,
        lead: before.leadUnitIds,
        responsible: before.responsibleUnitIds,
      },
      {
        row: values.rowNo,
        text: values.text,
        deadlineText: values.deadlineText,
        lead: values.leadUnitIds,
        responsible: values.responsibleUnitIds,
      },
    );
    return updated!;
  });
  return presentItem(row, await unitMap(deps.db));
}

/** Publishes a plan; a plan of the current year gets its instances at once (the daily job keeps them coming). */
export async function publishPlan(deps: Deps, actor: ActorContext, planId: string): Promise<Plan> {
  const plan = await planOrThrow(deps.db, planId);
  if (plan.status !== 'published') {
    await auditedTransaction(deps.db, deps.clock, actor, 'plan.publish', async (tx, audit) => {
      const now = deps.clock.now();
      const [published] = await tx
        .update(plans)
        .set({ status: 'published', publishedAt: now, updatedAt: now })
        .where(eq(plans.id, planId))
        .returning();
      audit.entity('plan', planId, { status: plan.status }, { status: 'published' });
      if (plan.year === Number(periodOf('year', now).key)) {
        const created = await generatePlanInstances(tx, published!, now);
        audit.entity('plan', planId, null, { instancesCreated: created });
      }
    });
  }
  return presentPlanById(deps.db, planId);
}

/**
 * Rolls a plan into a new year as a draft: every row copied with its units, one-off dates moved by the years
 * between (2022年3月底前 → 2026年3月底前), recurring deadlines kept. Idempotent by the new plan's id.
 */
export async function rollPlan(deps: Deps, actor: ActorContext, planId: string, input: PlanRollInput): Promise<Plan> {
  if (await findPlan(deps.db, input.id)) return presentPlanById(deps.db, input.id);
  const source = await planOrThrow(deps.db, planId);
  const years = input.year - source.year;
  if (years <= 0)
    throw new AppError('VALIDATION_FAILED', '只能滚动到以后的年度', [{ path: 'year', message: '应晚于原清单年度' }]);
  const title = rolledTitle(source, input.year);
  await auditedTransaction(deps.db, deps.clock, actor, 'plan.roll', async (tx, audit) => {
    const [dup] = await tx
      .select({ id: plans.id })
      .from(plans)
      .where(and(eq(plans.year, input.year), eq(plans.title, title)));
    if (dup) throw new AppError('CONFLICT', `${input.year} 年已有“${title}”`);
    const rows = await copyPlan(tx, source, { id: input.id, year: input.year, title }, deps.clock.now());
    audit.entity('plan', input.id, null, { year: input.year, title, rolledFrom: source.id, rows });
  });
  return presentPlanById(deps.db, input.id);
}

/** The title of a plan rolled into `year`: its year replaced ("石城县2022年…" → "石城县2026年…"). */
export function rolledTitle(source: PlanRow, year: number): string {
  return source.title.includes(String(source.year))
    ? source.title.replace(String(source.year), String(year))
    : `${year}年${source.title}`;
}

/** Copies a plan's rows into a new draft plan, one-off dates moved by the years between. Returns the row count. */
export async function copyPlan(
  ex: Executor,
  source: PlanRow,
  target: { id: string; year: number; title: string },
  now: Date,
): Promise<number> {
  const years = target.year - source.year;
  await ex.insert(plans).values({ ...target, rolledFromId: source.id, createdAt: now, updatedAt: now });
  const items = await itemsOfPlan(ex, source.id);
  if (items.length)
    await ex.insert(planItems).values(
      items.map((it) => {
        const deadline = shiftDeadline(it.deadline, years);
        return {
          ...it,
          id: uuidv7(),
          planId: target.id,
          deadline,
          deadlineText: it.deadline.kind === 'once' ? deadlineText(deadline) : it.deadlineText,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
  return items.length;
}
