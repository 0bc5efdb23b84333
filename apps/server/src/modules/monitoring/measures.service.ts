import { and, eq, isNull } from 'drizzle-orm';
import type {
  HelpPlan,
  HelpPlanUpdate,
  Measure,
  MeasureCancel,
  MeasureComplete,
  MeasureInput,
  MeasureListQuery,
  MeasureUpdate,
} from '@anzhi/contracts/monitoring-help';
import { measureTypeLabels, type RiskType } from '@anzhi/contracts/monitoring-vocabulary';
import type { Permission } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import { ableToWork, helpPlanHints } from '@anzhi/domain/monitoring/elimination';
import { addDays, localDateToInstant } from '@anzhi/domain/periods';
import { eliminationRule } from '@anzhi/domain/rules/elimination-rule';
import { resolveParameters } from '@anzhi/domain/rules/registry';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, systemActor, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { completeInboxItem, postInboxItem } from '../../platform/notifications/notifications.service';
import { units } from '../org/org.table';
import { membershipsOf } from '../registry/households.repository';
import { validationFailed } from '../registry/registry.validation';
import { latestParameterSet } from '../rules/rules.repository';
import { users } from '../users/users.table';
import { loadCaseView, monitoringScope, staleCaseMessage, todayOf } from './cases.service';
import { measureImage, presentMeasure } from './measures.presenter';
import {
  countMeasures,
  dueMeasuresForInbox,
  findMeasure,
  listMeasureRows,
  measuresOfCase,
  openMeasureStatuses,
  type MeasureFilter,
  type MeasureRow,
} from './measures.repository';
import { helpMeasures, monitoringCases } from './monitoring.table';

/*
 * Help plans (一户一方案) and measures (domain.md §4 "Help"). The plan's goal lives on the case, its measures in
 * help_measures. Scope: the household of the case, through followUpScope (registry scope, paired help cadres,
 * origin-village cadres); out of scope is 404. Writes are audited; stale versions answer 409.
 */

export const staleMeasureMessage = '该帮扶措施已被他人修改，请刷新后重试';
/** Inbox source of due and overdue measures (one item per measure and responsible cadre). */
export const measureInboxSource = 'help_measure';

/** R07E's parameters in force (national monitoring rules; the due-soon window of measures is one of them). */
export async function eliminationSettings(ex: Executor) {
  const stored = await latestParameterSet(ex, eliminationRule.id);
  return { version: stored?.version ?? 0, ...resolveParameters(eliminationRule, stored?.parameters ?? {}) };
}

export const measureLink = (caseId: string) => `/monitoring/cases/${caseId}?tab=plan`;

async function dueSoonUntilOf(deps: Deps) {
  const settings = await eliminationSettings(deps.db);
  return addDays(todayOf(deps), settings.measureDueSoonDays);
}

async function currentMembers(ex: Executor, householdId: string, today: string) {
  const rows = await membershipsOf(ex, householdId);
  return rows
    .filter((m) => m.member.validFrom <= today && (m.member.validTo === null || m.member.validTo > today))
    .map((m) => m.person);
}

export async function getPlan(deps: Deps, auth: AuthState, caseId: string): Promise<HelpPlan> {
  const { row, household } = await loadCaseView(deps, auth, caseId, 'help.read');
  const today = todayOf(deps);
  const [rows, members, dueSoonUntil] = await Promise.all([
    measuresOfCase(deps.db, caseId),
    currentMembers(deps.db, row.householdId, today),
    dueSoonUntilOf(deps),
  ]);
  const live = rows.filter((m) => m.status !== 'cancelled');
  const covered = new Set(live.map((m) => m.riskType));
  const hints = helpPlanHints(
    members,
    live.map((m) => m.type),
  );
  return {
    caseId,
    caseStatus: row.status,
    caseVersion: row.version,
    goal: row.planGoal,
    updatedOn: row.planUpdatedOn,
    riskTypes: row.riskTypes,
    uncoveredRisks: row.status === 'monitored' ? row.riskTypes.filter((r) => !covered.has(r)) : [],
    hints,
    membersAbleToWork: members.filter((m) => ableToWork(m.labourCapacity)).length,
    members: members.length,
    measures: rows.map((m) => presentMeasure(m, household, today, dueSoonUntil)),
  };
}

export async function updatePlan(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  caseId: string,
  input: HelpPlanUpdate,
): Promise<HelpPlan> {
  const { row } = await loadCaseView(deps, auth, caseId, 'help.write');
  if (row.status !== 'monitored' && row.status !== 'identifying')
    throw new AppError('CONFLICT', '该户不在监测帮扶中，不能修改帮扶计划');
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.plan.update', async (tx, audit) => {
    const [updated] = await tx
      .update(monitoringCases)
      .set({
        planGoal: input.goal,
        planUpdatedOn: todayOf(deps),
        version: row.version + 1,
        updatedAt: deps.clock.now(),
      })
      .where(and(eq(monitoringCases.id, caseId), eq(monitoringCases.version, input.caseVersion)))
      .returning({ id: monitoringCases.id });
    if (!updated) throw new AppError('CONFLICT', staleCaseMessage);
    audit.entity('monitoring_case', caseId, { planGoal: row.planGoal }, { planGoal: input.goal });
    audit.entity('household', row.householdId, null, null);
  });
  return getPlan(deps, auth, caseId);
}

/** One measure in the caller's scope (the household's), or 404. */
export async function getMeasure(deps: Deps, auth: AuthState, id: string, permission: Permission = 'help.read') {
  const today = todayOf(deps);
  const [row] = await listMeasureRows(
    deps.db,
    { countyCode: deps.config.countyCode, scope: monitoringScope(auth, permission), today, id },
    1,
  );
  if (!row) throw notFound('帮扶措施');
  return presentMeasure(row.measure, row, today, await dueSoonUntilOf(deps));
}

async function checkPeople(deps: Deps, input: { responsibleUserId?: string | null; unitId?: string | null }) {
  if (input.responsibleUserId) {
    const [u] = await deps.db.select({ id: users.id }).from(users).where(eq(users.id, input.responsibleUserId));
    if (!u) throw validationFailed([{ path: 'responsibleUserId', message: '责任人账号不存在' }]);
  }
  if (input.unitId) {
    const [u] = await deps.db.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
    if (!u) throw validationFailed([{ path: 'unitId', message: '责任单位不存在' }]);
  }
}

function checkRisk(riskType: RiskType | null | undefined, caseRisks: readonly RiskType[]) {
  if (riskType && !caseRisks.includes(riskType))
    throw validationFailed([{ path: 'riskType', message: '所选风险不是该户的监测风险类型' }]);
}

export async function createMeasure(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  caseId: string,
  input: MeasureInput,
): Promise<{ measure: Measure; created: boolean }> {
  if (input.id) {
    const replay = await findMeasure(deps.db, input.id);
    if (replay) return { measure: await getMeasure(deps, auth, replay.id), created: false };
  }
  const { row } = await loadCaseView(deps, auth, caseId, 'help.write');
  if (row.status !== 'monitored' && row.status !== 'identifying')
    throw new AppError('CONFLICT', '该户不在监测帮扶中，不能新增帮扶措施');
  checkRisk(input.riskType, row.riskTypes);
  await checkPeople(deps, input);
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.measure.create', async (tx, audit) => {
    const [inserted] = await tx
      .insert(helpMeasures)
      .values({
        id,
        countyCode: row.countyCode,
        caseId,
        householdId: row.householdId,
        type: input.type,
        riskType: input.riskType ?? null,
        content: input.content,
        responsibleUserId: input.responsibleUserId ?? null,
        responsibleName: input.responsibleName,
        unitId: input.unitId ?? null,
        startOn: input.startOn,
        dueOn: input.dueOn,
        status: 'planned',
        amount: input.amount == null ? null : input.amount.toFixed(2),
        term: input.term,
        emergency: input.emergency,
        createdBy: auth.user.id,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) return; // a concurrent replay of the same client id won
    audit.entity('help_measure', id, null, measureImage(inserted));
    audit.entity('household', row.householdId, null, null);
  });
  return { measure: await getMeasure(deps, auth, id), created: true };
}

async function loadForWrite(deps: Deps, auth: AuthState, id: string): Promise<MeasureRow> {
  await getMeasure(deps, auth, id, 'help.write');
  const row = await findMeasure(deps.db, id);
  if (!row || row.deletedAt) throw notFound('帮扶措施');
  return row;
}

function assertOpen(row: MeasureRow) {
  if (!openMeasureStatuses.includes(row.status))
    throw new AppError('CONFLICT', `该措施${row.status === 'done' ? '已落实' : '已取消'}，不能再修改`);
}

async function versioned(
  tx: Tx,
  row: MeasureRow,
  version: number,
  values: Partial<typeof helpMeasures.$inferInsert>,
  now: Date,
): Promise<MeasureRow> {
  const [updated] = await tx
    .update(helpMeasures)
    .set({ ...values, version: row.version + 1, updatedAt: now })
    .where(and(eq(helpMeasures.id, row.id), eq(helpMeasures.version, version), isNull(helpMeasures.deletedAt)))
    .returning();
  if (!updated) throw new AppError('CONFLICT', staleMeasureMessage);
  return updated;
}

export async function updateMeasure(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: MeasureUpdate,
): Promise<Measure> {
  const row = await loadForWrite(deps, auth, id);
  if (row.version !== input.version) throw new AppError('CONFLICT', staleMeasureMessage);
  assertOpen(row);
  const [c] = await deps.db.select().from(monitoringCases).where(eq(monitoringCases.id, row.caseId));
  checkRisk(input.riskType, c?.riskTypes ?? []);
  await checkPeople(deps, input);
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.measure.update', async (tx, audit) => {
    const after = await versioned(
      tx,
      row,
      input.version,
      {
        type: input.type,
        riskType: input.riskType ?? null,
        content: input.content,
        responsibleUserId: input.responsibleUserId ?? null,
        responsibleName: input.responsibleName,
        unitId: input.unitId ?? null,
        startOn: input.startOn,
        dueOn: input.dueOn,
        amount: input.amount == null ? null : input.amount.toFixed(2),
        term: input.term,
        emergency: input.emergency,
        ...(input.status ? { status: input.status } : {}),
      },
      deps.clock.now(),
    );
    // A cadre no longer responsible loses the inbox item; the next sweep posts it to the new one.
    if (row.responsibleUserId && row.responsibleUserId !== after.responsibleUserId)
      await completeInboxItem(tx, deps.clock, {
        source: measureInboxSource,
        sourceRef: id,
        userId: row.responsibleUserId,
        doneBy: auth.user.id,
      });
    audit.entity('help_measure', id, measureImage(row), measureImage(after));
    audit.entity('household', row.householdId, null, null);
  });
  return getMeasure(deps, auth, id);
}

export async function completeMeasure(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: MeasureComplete,
): Promise<Measure> {
  const row = await loadForWrite(deps, auth, id);
  if (row.version !== input.version) throw new AppError('CONFLICT', staleMeasureMessage);
  assertOpen(row);
  if (input.completedOn > todayOf(deps))
    throw validationFailed([{ path: 'completedOn', message: '落实日期不能晚于今天' }]);
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.measure.complete', async (tx, audit) => {
    const after = await versioned(
      tx,
      row,
      input.version,
      { status: 'done', completedOn: input.completedOn, result: input.result },
      deps.clock.now(),
    );
    await completeInboxItem(tx, deps.clock, { source: measureInboxSource, sourceRef: id, doneBy: auth.user.id });
    audit.entity('help_measure', id, measureImage(row), measureImage(after));
    audit.entity('household', row.householdId, null, null);
  });
  return getMeasure(deps, auth, id);
}

export async function cancelMeasure(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: MeasureCancel,
): Promise<Measure> {
  const row = await loadForWrite(deps, auth, id);
  if (row.version !== input.version) throw new AppError('CONFLICT', staleMeasureMessage);
  assertOpen(row);
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.measure.cancel', async (tx, audit) => {
    const after = await versioned(
      tx,
      row,
      input.version,
      { status: 'cancelled', result: `取消：${input.reason}` },
      deps.clock.now(),
    );
    await completeInboxItem(tx, deps.clock, { source: measureInboxSource, sourceRef: id, doneBy: auth.user.id });
    audit.entity('help_measure', id, measureImage(row), measureImage(after));
    audit.entity('household', row.householdId, null, null);
  });
  return getMeasure(deps, auth, id);
}

/** Measures in scope (我的帮扶措施 with `mine=1`: those the caller is responsible for). */
export async function listMeasures(deps: Deps, auth: AuthState, q: MeasureListQuery) {
  const today = todayOf(deps);
  const dueSoonUntil = await dueSoonUntilOf(deps);
  const f: MeasureFilter = {
    countyCode: deps.config.countyCode,
    scope: monitoringScope(auth, 'help.read'),
    today,
    status: q.status,
    due: q.due,
    dueSoonUntil,
    ...(q.mine === '1' ? { responsibleUserId: auth.user.id } : {}),
  };
  const [rows, total] = await Promise.all([
    listMeasureRows(deps.db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countMeasures(deps.db, f),
  ]);
  return {
    items: rows.map((r) => presentMeasure(r.measure, r, today, dueSoonUntil)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The daily sweep: every open measure of a case under monitoring that is overdue or due within the window (a
 * setting of R07E) is in its responsible cadre's 我的待办 — one item per measure, updated (title, due) on each run,
 * never duplicated (the inbox upserts on source + ref + user). Completing or cancelling a measure closes its item.
 */
export async function runMeasureInboxSweep(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const today = todayOf(deps);
  const settings = await eliminationSettings(deps.db);
  const rows = await dueMeasuresForInbox(deps.db, deps.config.countyCode, addDays(today, settings.measureDueSoonDays));
  let posted = 0;
  await auditedTransaction(deps.db, deps.clock, systemActor, 'monitoring.measure.sweep', async (tx, audit) => {
    for (const { measure, householdNumber } of rows) {
      const overdue = measure.dueOn < today;
      await postInboxItem(tx, deps.clock, {
        userId: measure.responsibleUserId!,
        title: `${overdue ? '帮扶措施已逾期' : '帮扶措施即将到期'}：${measureTypeLabels[measure.type]}（户号 ${householdNumber}，期限 ${measure.dueOn}）`,
        dueAt: localDateToInstant(addDays(measure.dueOn, 1)),
        link: measureLink(measure.caseId),
        source: measureInboxSource,
        sourceRef: measure.id,
      });
      posted += 1;
    }
    audit.entity('help_measure_sweep', today, null, { posted, window: settings.measureDueSoonDays });
  });
  return { posted };
}
