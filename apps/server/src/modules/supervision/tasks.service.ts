import { and, eq, inArray } from 'drizzle-orm';
import type {
  TaskGrid,
  TaskInstanceDetail,
  TaskInstanceQuery,
  TaskReportInput,
  TaskReviewInput,
} from '@anzhi/contracts/supervision';
import { reportingPeriodAt } from '@anzhi/domain/deadlines';
import { addDays, formatDeadline, localDateToInstant } from '@anzhi/domain/periods';
import type { Tx } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error';
import { linkAttachments } from '../../platform/files/attachments.service';
import { attachments } from '../../platform/files/attachments.table';
import { completeInboxItem, notify, postInboxItem } from '../../platform/notifications/notifications.service';
import {
  findInstance,
  findReport,
  instanceScope,
  itemsOfPlan,
  latestSubmission,
  listInstances,
  reportsOf,
  unitMap,
  updateInstance,
  type InstanceWithItem,
} from './supervision.repository';
import {
  effectiveStatus,
  instancePeriodLabel,
  presentInstance,
  presentReport,
  type Abilities,
} from './supervision.presenter';
import { actingUnits, usersOfUnits, type ActingUnits } from './supervision.scope';
import { taskReports } from './supervision.table';

export const taskSource = 'supervision.task';
export const reviewSource = 'supervision.review';
export const taskLink = (id: string) => `/supervision/tasks/${id}`;

/** What the caller may do in supervision: read (scope), report for its units, review the rows its units lead. */
interface Grants {
  read: ActingUnits;
  report: string[];
  review: string[];
}

async function grantsOf(deps: Deps, auth: AuthState): Promise<Grants> {
  const [read, report, review] = await Promise.all([
    actingUnits(deps.db, auth.assignments, 'task.read'),
    actingUnits(deps.db, auth.assignments, 'task.report'),
    actingUnits(deps.db, auth.assignments, 'task.review'),
  ]);
  return { read, report: report.unitIds, review: review.unitIds };
}

const leads = (r: InstanceWithItem, units: readonly string[]) => r.item.leadUnitIds.some((id) => units.includes(id));

function abilitiesOf(r: InstanceWithItem, g: Grants): Abilities {
  const status = r.instance.status;
  return {
    report: g.report.includes(r.instance.partyUnitId) && status !== 'submitted' && status !== 'accepted',
    review: leads(r, g.review) && status === 'submitted',
  };
}

export async function listTaskInstances(deps: Deps, auth: AuthState, q: TaskInstanceQuery) {
  const g = await grantsOf(deps, auth);
  const now = deps.clock.now();
  const { rows, total } = await listInstances(
    deps.db,
    instanceScope(g.read),
    {
      planId: q.planId,
      unitId: q.unitId,
      status: q.status,
      row: q.row,
      // Due dates are exclusive instants: "due on D" is an instant in (D 00:00, D+1 00:00].
      dueAfter: q.dueFrom ? localDateToInstant(q.dueFrom) : undefined,
      dueAtOrBefore: q.dueTo ? localDateToInstant(addDays(q.dueTo, 1)) : undefined,
      partyIn: q.mine ? g.report : undefined,
      ledBy: q.leading ? g.review : undefined,
    },
    now,
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const byId = await unitMap(deps.db);
  return {
    items: rows.map((r) => presentInstance(r, byId, now, abilitiesOf(r, g))),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** An instance in the caller's scope (404 otherwise) with what the caller may do on it. */
async function visibleInstance(deps: Deps, auth: AuthState, id: string) {
  const g = await grantsOf(deps, auth);
  const row = await findInstance(deps.db, id, instanceScope(g.read));
  if (!row) throw notFound('任务');
  return { row, g };
}

async function detailOf(deps: Deps, row: InstanceWithItem, g: Grants): Promise<TaskInstanceDetail> {
  const reports = await reportsOf(deps.db, row.instance.id);
  const files = reports.length
    ? await deps.db
        .select({ id: attachments.id, fileName: attachments.originalFilename, ownerId: attachments.ownerId })
        .from(attachments)
        .where(
          and(
            eq(attachments.ownerType, 'task_report'),
            inArray(
              attachments.ownerId,
              reports.map((r) => r.id),
            ),
          ),
        )
    : [];
  const byId = await unitMap(deps.db);
  return {
    ...presentInstance(row, byId, deps.clock.now(), abilitiesOf(row, g)),
    reports: reports.map((r) =>
      presentReport(
        r,
        files.filter((f) => f.ownerId === r.id).map(({ id, fileName }) => ({ id, fileName })),
      ),
    ),
  };
}

export async function getTaskInstance(deps: Deps, auth: AuthState, id: string): Promise<TaskInstanceDetail> {
  const { row, g } = await visibleInstance(deps, auth, id);
  return detailOf(deps, row, g);
}

/** For the attachment registry: may the user see the files of this report? */
export async function canSeeReport(deps: Deps, auth: AuthState, reportId: string): Promise<boolean> {
  const report = await findReport(deps.db, reportId);
  if (!report) return false;
  const read = await actingUnits(deps.db, auth.assignments, 'task.read');
  return (await findInstance(deps.db, report.instanceId, instanceScope(read))) !== undefined;
}

const titleOf = (r: InstanceWithItem, partyName: string) =>
  `责任清单第${r.item.rowNo}项（${partyName}，${instancePeriodLabel(r.item, r.instance.periodKey)}）`;

/**
 * A responsible party reports progress (`submit: false`, 进行中) or submits for review. Only the party's own users
 * may; a replayed request (same report id) changes nothing.
 */
export async function submitReport(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: TaskReportInput,
): Promise<TaskInstanceDetail> {
  const { row, g } = await visibleInstance(deps, auth, id);
  const replay = await findReport(deps.db, input.id);
  if (replay) {
    if (replay.instanceId !== id) throw new AppError('CONFLICT', '该报送编号已用于其他任务');
    return detailOf(deps, row, g);
  }
  if (!g.report.includes(row.instance.partyUnitId)) throw forbidden('只有责任单位可以报送本任务的进展');
  if (row.instance.status === 'accepted') throw new AppError('CONFLICT', '该任务已审核通过，无需再报送');
  if (row.instance.status === 'submitted') throw new AppError('CONFLICT', '该任务已提交，正在等待牵头单位审核');
  const now = deps.clock.now();
  const byId = await unitMap(deps.db);
  const partyName = byId.get(row.instance.partyUnitId)?.name ?? '';
  await auditedTransaction(
    deps.db,
    deps.clock,
    actor,
    input.submit ? 'task.submit' : 'task.progress',
    async (tx, audit) => {
      await tx.insert(taskReports).values({
        id: input.id,
        instanceId: id,
        kind: input.submit ? 'submission' : 'progress',
        text: input.text,
        figures: input.figures,
        authorId: auth.user.id,
        authorName: auth.user.displayName,
        createdAt: now,
      });
      if (input.attachmentIds.length)
        await linkAttachments(tx, {
          attachmentIds: input.attachmentIds,
          ownerType: 'task_report',
          ownerId: input.id,
          userId: auth.user.id,
        });
      const patch = input.submit
        ? {
            status: 'submitted',
            submittedAt: now,
            firstSubmittedAt: row.instance.firstSubmittedAt ?? now,
            updatedAt: now,
          }
        : { status: 'in_progress', updatedAt: now };
      await updateInstance(tx, id, patch);
      if (input.submit) await askForReview(tx, deps, row, input.id, titleOf(row, partyName));
      audit.entity(
        'task_instance',
        id,
        { status: row.instance.status },
        { status: patch.status, reportId: input.id, attachments: input.attachmentIds.length },
      );
    },
  );
  return getTaskInstance(deps, auth, id);
}

/** A submission puts a review item in the lead units' users' inbox (one per submission). */
async function askForReview(tx: Tx, deps: Deps, row: InstanceWithItem, reportId: string, title: string) {
  for (const userId of await usersOfUnits(tx, row.item.leadUnitIds, 'task.review'))
    await postInboxItem(tx, deps.clock, {
      userId,
      title: `审核：${title}`,
      dueAt: null,
      link: taskLink(row.instance.id),
      source: reviewSource,
      sourceRef: reportId,
    });
}

/** The lead unit accepts the submission or returns it with a comment. */
export async function reviewInstance(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: TaskReviewInput,
): Promise<TaskInstanceDetail> {
  const { row, g } = await visibleInstance(deps, auth, id);
  const replay = await findReport(deps.db, input.id);
  if (replay) {
    if (replay.instanceId !== id) throw new AppError('CONFLICT', '该审核编号已用于其他任务');
    return detailOf(deps, row, g);
  }
  if (!leads(row, g.review)) throw forbidden('只有牵头单位可以审核本任务');
  if (row.instance.status !== 'submitted') throw new AppError('CONFLICT', '该任务当前没有待审核的报送');
  const accept = input.decision === 'accept';
  const now = deps.clock.now();
  const byId = await unitMap(deps.db);
  const title = titleOf(row, byId.get(row.instance.partyUnitId)?.name ?? '');
  await auditedTransaction(deps.db, deps.clock, actor, accept ? 'task.accept' : 'task.return', async (tx, audit) => {
    await tx.insert(taskReports).values({
      id: input.id,
      instanceId: id,
      kind: accept ? 'accepted' : 'returned',
      text: input.comment || '审核通过',
      figures: [],
      authorId: auth.user.id,
      authorName: auth.user.displayName,
      createdAt: now,
    });
    const patch = accept
      ? { status: 'accepted', acceptedAt: now, updatedAt: now }
      : { status: 'returned', returnedAt: now, updatedAt: now };
    await updateInstance(tx, id, patch);
    const submission = await latestSubmission(tx, id);
    if (submission)
      await completeInboxItem(tx, deps.clock, { source: reviewSource, sourceRef: submission.id, doneBy: auth.user.id });
    if (accept) await completeInboxItem(tx, deps.clock, { source: taskSource, sourceRef: id, doneBy: auth.user.id });
    await notify(tx, deps.clock, {
      userIds: await usersOfUnits(tx, [row.instance.partyUnitId], 'task.report'),
      title: accept ? `已通过：${title}` : `已退回：${title}`,
      body: accept
        ? '牵头单位已审核通过。'
        : `退回意见：${input.comment}。请修改后重新提交（截止 ${formatDeadline(row.instance.dueAt)}）。`,
      link: taskLink(id),
      source: taskSource,
    });
    audit.entity(
      'task_instance',
      id,
      { status: row.instance.status },
      { status: patch.status, comment: input.comment },
    );
  });
  return getTaskInstance(deps, auth, id);
}

/**
 * The lead unit's grid: the rows its units lead (all rows for county-wide readers without a unit) × the parties,
 * each row in its period that contains the given local date.
 */
export async function taskGrid(deps: Deps, auth: AuthState, planId: string, at: string | undefined): Promise<TaskGrid> {
  const g = await grantsOf(deps, auth);
  const now = deps.clock.now();
  const instant = at ? localDateToInstant(at) : now;
  const items = (await itemsOfPlan(deps.db, planId)).filter(
    (it) => it.leadUnitIds.some((id) => g.review.includes(id)) || (g.read.all && g.review.length === 0),
  );
  const byId = await unitMap(deps.db);
  const rows: TaskGrid['rows'] = [];
  const partyIds: string[] = [];
  for (const item of items) {
    const period = reportingPeriodAt(item.deadline, instant);
    const { rows: found } = await listInstances(deps.db, instanceScope(g.read), { planId, itemIds: [item.id] }, now, {
      limit: 500,
      offset: 0,
    });
    const inPeriod = found.filter((r) => r.instance.periodKey === period.key);
    for (const r of inPeriod) if (!partyIds.includes(r.instance.partyUnitId)) partyIds.push(r.instance.partyUnitId);
    rows.push({
      itemId: item.id,
      row: item.rowNo,
      text: item.text,
      periodLabel: instancePeriodLabel(item, period.key),
      dueLabel: formatDeadline(period.dueAt),
      cells: inPeriod.map((r) => ({
        partyId: r.instance.partyUnitId,
        instanceId: r.instance.id,
        status: effectiveStatus(r.instance.status, r.instance.dueAt, now),
      })),
    });
  }
  const kindOrder = ['county_department', 'lead', 'other', 'community_committee', 'township'];
  const parties = partyIds
    .map((id) => byId.get(id)!)
    .sort(
      (a, b) =>
        kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
        (a.divisionCode ?? '').localeCompare(b.divisionCode ?? '') ||
        a.name.localeCompare(b.name),
    )
    .map((u) => ({ id: u.id, name: u.name }));
  return { parties, rows };
}
