import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import { periodOf } from '@anzhi/domain/periods';
import type { Tx } from '../db/client';
import { units } from '../modules/org/org.table';
import { plan2022SourceKey } from '../modules/supervision/plan-source';
import { copyPlan, rolledTitle } from '../modules/supervision/plans.service';
import { itemsOfPlan, type InstanceRow } from '../modules/supervision/supervision.repository';
import { plans, taskInstances, taskReports } from '../modules/supervision/supervision.table';
import { generatePlanInstances } from '../modules/supervision/task-generation';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';

const dayMs = 86_400_000;
/** Instances due longer ago than this are shown as done (accepted), except the ones kept open on purpose. */
const historyDays = 14;

type Report = typeof taskReports.$inferInsert;

/**
 * The 2022 list in motion (issue 8): the published 2022 plan is rolled into the demo's current year and
 * published, so its instances run on today's dates. Older instances are accepted; a few are kept overdue
 * (屏山镇's monthly revisit ledger, 县教科体局's training row 14), one is returned, some are submitted and
 * wait for review (by 县乡村振兴局 and 县人社局), one is in progress. The daily job then posts the inbox items
 * and reminders when the server starts.
 */
export async function loadSupervisionDemo(tx: Tx, deps: Pick<Deps, 'clock'>, audit: AuditRecorder): Promise<void> {
  const now = deps.clock.now();
  const year = Number(periodOf('year', now).key);
  const [source] = await tx.select().from(plans).where(eq(plans.sourceKey, plan2022SourceKey));
  if (!source || year <= source.year) return;
  const id = uuidv7();
  await copyPlan(tx, source, { id, year, title: rolledTitle(source, year) }, now);
  const [plan] = await tx
    .update(plans)
    .set({ status: 'published', publishedAt: now })
    .where(eq(plans.id, id))
    .returning();
  const created = await generatePlanInstances(tx, plan!, now);
  audit.entity('plan', id, null, { year, rolledFrom: source.id, status: 'published', instancesCreated: created });

  const unitIdOf = await unitIds(tx);
  const items = new Map((await itemsOfPlan(tx, id)).map((i) => [i.id, i]));
  const instances = await tx
    .select()
    .from(taskInstances)
    .where(and(eq(taskInstances.planId, id), lte(taskInstances.periodStart, now)));
  const find = (row: number, party: string, latest = true) => {
    const list = instances
      .filter((i) => items.get(i.itemId)?.rowNo === row && i.partyUnitId === unitIdOf(party))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    return latest ? list.at(-1) : list[0];
  };
  const keptOpen = new Set(
    [find(6, '屏山镇党委、政府'), find(7, '屏山镇党委、政府'), find(14, '县教科体局')]
      .filter(Boolean)
      .map((i) => i!.id),
  );
  // Due in the last two weeks or later: the current work, left as it is unless set below.
  const reports: Report[] = [];
  const history = instances.filter(
    (i) => i.dueAt.getTime() <= now.getTime() - historyDays * dayMs && !keptOpen.has(i.id),
  );
  for (const i of history) {
    const submittedAt = new Date(i.dueAt.getTime() - 2 * dayMs);
    const acceptedAt = new Date(i.dueAt.getTime() + dayMs);
    reports.push(
      report(i, 'submission', '已按要求完成本期工作，相关台账已更新。', '责任单位经办人（演示）', submittedAt),
    );
    reports.push(report(i, 'accepted', '审核通过', '牵头单位审核人（演示）', acceptedAt));
  }
  for (let k = 0; k < history.length; k += 500) {
    const ids = history.slice(k, k + 500).map((i) => i.id);
    await tx
      .update(taskInstances)
      .set({
        status: 'accepted',
        firstSubmittedAt: sql`${taskInstances.dueAt} - interval '2 days'`,
        submittedAt: sql`${taskInstances.dueAt} - interval '2 days'`,
        acceptedAt: sql`${taskInstances.dueAt} + interval '1 day'`,
      })
      .where(inArray(taskInstances.id, ids));
  }

  // The current work: a submission waiting for each lead unit, a return, a progress note.
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const current = [
    {
      i: find(6, '琴江镇党委、政府'),
      kind: 'submitted' as const,
      text: '本月 3 个安置点回访已完成 412 户，台账已更新。',
    },
    {
      i: find(16, '琴江镇党委、政府'),
      kind: 'submitted' as const,
      text: '下半年在安置点公告栏和微信群发布岗位信息 36 条。',
    },
    { i: find(7, '琴江镇党委、政府'), kind: 'returned' as const, text: '上月“三类人员”台账已更新。' },
    { i: find(5, '县教科体局'), kind: 'progress' as const, text: '已收到本月学籍数据，正在与搬迁人口比对。' },
  ];
  for (const { i, kind, text } of current) {
    if (!i || i.status === 'accepted' || history.some((h) => h.id === i.id)) continue;
    reports.push(
      report(i, kind === 'progress' ? 'progress' : 'submission', text, '责任单位经办人（演示）', hoursAgo(30)),
    );
    if (kind === 'returned')
      reports.push(
        report(i, 'returned', '请补充监测对象帮扶措施落实情况后重新提交。', '刘振华（县乡村振兴局）', hoursAgo(6)),
      );
    const status = kind === 'progress' ? 'in_progress' : kind;
    await tx
      .update(taskInstances)
      .set({
        status,
        ...(kind === 'progress' ? {} : { firstSubmittedAt: hoursAgo(30), submittedAt: hoursAgo(30) }),
        ...(kind === 'returned' ? { returnedAt: hoursAgo(6) } : {}),
      })
      .where(eq(taskInstances.id, i.id));
  }
  for (let k = 0; k < reports.length; k += 500) await tx.insert(taskReports).values(reports.slice(k, k + 500));
  audit.entity('plan', id, null, { demoAccepted: history.length, demoCurrent: current.length });
}

function report(i: InstanceRow, kind: string, text: string, authorName: string, createdAt: Date): Report {
  return { id: uuidv7(), instanceId: i.id, kind, text, figures: [], authorId: null, authorName, createdAt };
}

async function unitIds(tx: Tx): Promise<(name: string) => string | undefined> {
  const rows = await tx.select({ id: units.id, name: units.name }).from(units);
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  return (name) => byName.get(name);
}
