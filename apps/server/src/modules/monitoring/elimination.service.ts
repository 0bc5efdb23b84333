import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type {
  EliminationStepInput,
  EliminationStepRecord,
  EliminationView,
  ReflagInput,
  ReflagResult,
  RollbackInput,
} from '@anzhi/contracts/monitoring-help';
import {
  caseEventLabels,
  caseStepLabels,
  eliminationSteps,
  monitoringCategoryLabels,
  nationalRuleLabel,
  type EliminationStep,
} from '@anzhi/contracts/monitoring-vocabulary';
import type { Permission } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import { identificationDueOn, nextStep, postingDays } from '@anzhi/domain/monitoring';
import { assessElimination } from '@anzhi/domain/monitoring/elimination';
import type { Tx } from '../../db/client';
import { auditedTransaction, type ActorContext, type AuditRecorder } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error';
import { households } from '../registry/registry.table';
import { validationFailed } from '../registry/registry.validation';
import { eventsOf, stepsOf } from './cases.repository';
import {
  identificationSettings,
  loadCaseView,
  staleCaseMessage,
  todayOf,
  writeCaseEvent,
  type IdentificationSettings,
} from './cases.service';
import type { CaseRow, CaseStepRow, HouseholdSide } from './cases.presenter';
import { openClueInTx } from './clues.service';
import { eliminationFacts } from './elimination.repository';
import { eliminationSettings } from './measures.service';
import { monitoringCaseSteps, monitoringCases, monitoringClues } from './monitoring.table';

/*
 * Risk elimination (风险消除, 能消则消; domain.md §4, national monitoring rules): the assessment of the conditions
 * from data, the procedure (入户核实 by ≥ N people → 村级评议/公示 → 乡镇审核 → 县级审批) as elimination-stage steps
 * of the case's current round, rollback (回退) and re-flagging (再标注).
 */

/** Who records each elimination step. */
export const eliminationStepPermission: Record<EliminationStep, Permission> = {
  elimination_visit: 'help.write',
  elimination_village_review: 'help.write',
  elimination_township_review: 'elimination.review',
  elimination_county_approval: 'elimination.approve',
};

function presentStepRecord(row: CaseStepRow): EliminationStepRecord {
  return {
    id: row.id,
    round: row.round,
    step: row.step as EliminationStep,
    stepLabel: caseStepLabels[row.step],
    stepDate: row.stepDate,
    outcome: row.outcome as 'passed' | 'failed',
    note: row.note,
    participants: row.participants,
    postedFrom: row.postedFrom,
    postedTo: row.postedTo,
    attachmentIds: row.attachmentIds,
    actorName: row.actorName,
  };
}

async function assess(deps: Deps, row: CaseRow, household: HouseholdSide, today: string) {
  const settings = await eliminationSettings(deps.db);
  const facts = await eliminationFacts(deps.db, row, household.townshipCode, today, settings.incomeStableMonths);
  return { settings, assessment: assessElimination(facts, settings) };
}

function roundSteps(all: CaseStepRow[], round: number) {
  return all.filter((s) => s.stage === 'elimination' && s.round === round);
}

export async function getElimination(deps: Deps, auth: AuthState, caseId: string): Promise<EliminationView> {
  const { row, household } = await loadCaseView(deps, auth, caseId, 'help.read');
  const today = todayOf(deps);
  const [{ settings, assessment }, ident, steps, events, [next]] = await Promise.all([
    assess(deps, row, household, today),
    identificationSettings(deps.db),
    stepsOf(deps.db, [caseId]),
    eventsOf(deps.db, caseId),
    deps.db
      .select({ id: monitoringCases.id })
      .from(monitoringCases)
      .where(eq(monitoringCases.previousCaseId, caseId))
      .orderBy(desc(monitoringCases.startedOn))
      .limit(1),
  ]);
  const elimination = steps.filter((s) => s.stage === 'elimination');
  const current = roundSteps(steps, row.eliminationRound);
  return {
    caseId,
    caseStatus: row.status,
    caseVersion: row.version,
    round: row.eliminationRound,
    method: row.eliminationMethod,
    eliminatedOn: row.eliminatedOn,
    ruleLabel: nationalRuleLabel,
    parameters: {
      monitoredMonths: settings.monitoredMonths,
      incomeStableMonths: settings.incomeStableMonths,
      visitorsMin: settings.visitorsMin,
      postingDays: ident.postingMinDays,
    },
    assessment: { today: assessment.today, eligible: assessment.eligible, conditions: assessment.conditions },
    nextStep:
      row.status === 'monitored'
        ? nextStep(
            eliminationSteps,
            current.map((s) => ({
              step: s.step as EliminationStep,
              outcome: s.outcome as 'passed' | 'failed',
              stepDate: s.stepDate,
            })),
          )
        : null,
    steps: current.map(presentStepRecord),
    history: elimination.filter((s) => s.round !== row.eliminationRound).map(presentStepRecord),
    events: events.map((e) => ({
      kind: e.kind,
      kindLabel: caseEventLabels[e.kind],
      eventDate: e.eventDate,
      status: e.status,
      reason: e.reason,
      actorName: e.actorName,
    })),
    nextCaseId: next?.id ?? null,
  };
}

/** Sets the household's 监测状态 in the registry (audited as a household change in the caller's transaction). */
async function setMonitoringStatus(tx: Tx, audit: AuditRecorder, householdId: string, status: string, now: Date) {
  const [before] = await tx
    .select({ monitoringStatus: households.monitoringStatus })
    .from(households)
    .where(eq(households.id, householdId));
  if (!before || before.monitoringStatus === status) return;
  await tx
    .update(households)
    .set({ monitoringStatus: status, version: sql`${households.version} + 1`, updatedAt: now })
    .where(eq(households.id, householdId));
  audit.entity('household', householdId, { monitoringStatus: before.monitoringStatus }, { monitoringStatus: status });
}

function checkStepInput(
  input: EliminationStepInput,
  row: CaseRow,
  current: CaseStepRow[],
  today: string,
  visitorsMin: number,
  ident: IdentificationSettings,
) {
  const done = current.map((s) => ({
    step: s.step as EliminationStep,
    outcome: s.outcome as 'passed' | 'failed',
    stepDate: s.stepDate,
  }));
  const next = nextStep(eliminationSteps, done);
  if (next === null) throw new AppError('CONFLICT', '本轮风险消除程序已结束');
  if (input.step !== next) throw new AppError('CONFLICT', `请按顺序办理：下一步应为“${caseStepLabels[next]}”`);
  const errors: { path: string; message: string }[] = [];
  if (input.stepDate > today) errors.push({ path: 'stepDate', message: '办理日期不能晚于今天' });
  if (row.identifiedOn && input.stepDate < row.identifiedOn)
    errors.push({ path: 'stepDate', message: '办理日期不能早于纳入监测日期' });
  const last = done.reduce<string | null>((m, d) => (m === null || d.stepDate > m ? d.stepDate : m), null);
  if (last && input.stepDate < last) errors.push({ path: 'stepDate', message: `办理日期不能早于上一步骤（${last}）` });
  if (input.step === 'elimination_visit' && input.participants.length < visitorsMin)
    errors.push({ path: 'participants', message: `入户核实不少于 ${visitorsMin} 人，请填写参加人员` });
  if (input.step === 'elimination_village_review') {
    if (!input.postedFrom || !input.postedTo) errors.push({ path: 'postedFrom', message: '请填写公示起止日期' });
    else if (input.postedTo < input.postedFrom)
      errors.push({ path: 'postedTo', message: '公示结束日期不能早于开始日期' });
    else {
      if (input.outcome === 'passed' && postingDays(input.postedFrom, input.postedTo) < ident.postingMinDays)
        errors.push({ path: 'postedTo', message: `公示不少于 ${ident.postingMinDays} 天` });
      if (input.stepDate < input.postedTo) errors.push({ path: 'stepDate', message: '评议结果应在公示期满后登记' });
    }
  }
  if (input.step === 'elimination_county_approval' && input.outcome === 'passed' && !input.method)
    errors.push({ path: 'method', message: '请选择消除方式（帮扶消除或自然消除）' });
  if (errors.length > 0) throw validationFailed(errors);
}

/**
 * Records the next step of the current elimination round. A passing step is refused (422, listing them) while
 * the assessment has unmet conditions; the county approval that passes eliminates the risk. A failing step ends
 * the round (the next attempt starts a new one).
 */
export async function recordEliminationStep(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  caseId: string,
  input: EliminationStepInput,
): Promise<EliminationView> {
  if (input.id) {
    const [replay] = await deps.db.select().from(monitoringCaseSteps).where(eq(monitoringCaseSteps.id, input.id));
    if (replay) return getElimination(deps, auth, replay.caseId);
  }
  const permission = eliminationStepPermission[input.step];
  const { row, household } = await loadCaseView(deps, auth, caseId, 'help.read');
  if (!auth.permissions.includes(permission)) throw forbidden(`“${caseStepLabels[input.step]}”需由有权限的用户办理`);
  await loadCaseView(deps, auth, caseId, permission); // 404 when that permission's scope does not reach it
  if (row.status !== 'monitored') throw new AppError('CONFLICT', '只有监测帮扶中的户才能办理风险消除');
  const today = todayOf(deps);
  const [{ settings, assessment }, ident, steps] = await Promise.all([
    assess(deps, row, household, today),
    identificationSettings(deps.db),
    stepsOf(deps.db, [caseId]),
  ]);
  const current = roundSteps(steps, row.eliminationRound);
  checkStepInput(input, row, current, today, settings.visitorsMin, ident);
  if (input.outcome === 'passed' && !assessment.eligible) {
    const unmet = assessment.unmet.map((c) => ({ key: c.key, label: c.label, status: c.status, detail: c.detail }));
    throw new AppError(
      'UNPROCESSABLE',
      `尚不符合风险消除条件：${unmet.map((c) => `${c.label}（${c.detail}）`).join('；')}`,
      { unmet },
    );
  }
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, `monitoring.elimination.${input.step}`, async (tx, audit) => {
    const [step] = await tx
      .insert(monitoringCaseSteps)
      .values({
        id,
        caseId,
        stage: 'elimination',
        round: row.eliminationRound,
        step: input.step,
        stepDate: input.stepDate,
        outcome: input.outcome,
        note: input.note ?? null,
        participants: input.participants,
        postedFrom: input.postedFrom ?? null,
        postedTo: input.postedTo ?? null,
        attachmentIds: input.attachmentIds,
        actorId: actor.actorId,
        actorName: actor.actorName ?? '系统',
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!step) throw new AppError('CONFLICT', '该步骤已由他人登记，请刷新');
    const { createdAt: _c, ...image } = step;
    audit.entity('monitoring_case_step', id, null, {
      ...image,
      assessment: assessment.conditions.map((c) => ({ key: c.key, status: c.status })),
    });
    const approved = input.step === 'elimination_county_approval' && input.outcome === 'passed';
    if (!approved && input.outcome === 'passed') return;
    const values = approved
      ? { status: 'eliminated' as const, eliminatedOn: input.stepDate, eliminationMethod: input.method! }
      : { eliminationRound: row.eliminationRound + 1 };
    const [updated] = await tx
      .update(monitoringCases)
      .set({ ...values, version: row.version + 1, updatedAt: now })
      .where(and(eq(monitoringCases.id, caseId), eq(monitoringCases.version, row.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT', staleCaseMessage);
    audit.entity('monitoring_case', caseId, { status: row.status, eliminationRound: row.eliminationRound }, values);
    if (approved) {
      await writeCaseEvent(tx, audit, actor, {
        caseId,
        householdId: row.householdId,
        kind: 'eliminated',
        eventDate: input.stepDate,
        status: 'eliminated',
        category: row.category,
        reason: input.note ?? null,
      });
      await setMonitoringStatus(tx, audit, row.householdId, '风险已消除', now);
    }
  });
  return getElimination(deps, auth, caseId);
}

/** 回退: the county returns an eliminated case to monitoring (new elimination round), with a reason. */
export async function rollbackElimination(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  caseId: string,
  input: RollbackInput,
): Promise<EliminationView> {
  const { row } = await loadCaseView(deps, auth, caseId, 'elimination.approve');
  if (row.status !== 'eliminated') throw new AppError('CONFLICT', '只有风险已消除的户才能回退');
  if (row.version !== input.caseVersion) throw new AppError('CONFLICT', staleCaseMessage);
  const today = todayOf(deps);
  const date = input.date ?? today;
  if (date > today) throw validationFailed([{ path: 'date', message: '回退日期不能晚于今天' }]);
  if (row.eliminatedOn && date < row.eliminatedOn)
    throw validationFailed([{ path: 'date', message: '回退日期不能早于消除日期' }]);
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.elimination.rollback', async (tx, audit) => {
    const [active] = await tx
      .select({ id: monitoringCases.id })
      .from(monitoringCases)
      .where(
        and(
          eq(monitoringCases.householdId, row.householdId),
          inArray(monitoringCases.status, ['identifying', 'monitored']),
        ),
      );
    if (active)
      throw new AppError('CONFLICT', '该户已有识别中或监测中的案件（已再标注），不能回退', { caseId: active.id });
    const values = {
      status: 'monitored' as const,
      eliminatedOn: null,
      eliminationMethod: null,
      eliminationRound: row.eliminationRound + 1,
    };
    const [updated] = await tx
      .update(monitoringCases)
      .set({ ...values, version: row.version + 1, updatedAt: now })
      .where(and(eq(monitoringCases.id, caseId), eq(monitoringCases.version, input.caseVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT', staleCaseMessage);
    audit.entity(
      'monitoring_case',
      caseId,
      { status: row.status, eliminatedOn: row.eliminatedOn, eliminationMethod: row.eliminationMethod },
      { ...values, reason: input.reason },
    );
    await writeCaseEvent(tx, audit, actor, {
      caseId,
      householdId: row.householdId,
      kind: 'rolled_back',
      eventDate: date,
      status: 'monitored',
      category: row.category,
      reason: input.reason,
    });
    if (row.category)
      await setMonitoringStatus(tx, audit, row.householdId, monitoringCategoryLabels[row.category], now);
  });
  return getElimination(deps, auth, caseId);
}

/**
 * 再标注: an eliminated household at risk again gets a new case (previous_case_id = the eliminated one), opened
 * from a screening clue and starting identification at once (the 15-day clock from the re-flag date).
 */
export async function reflagHousehold(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  caseId: string,
  input: ReflagInput,
): Promise<ReflagResult> {
  if (input.id) {
    const [replay] = await deps.db.select().from(monitoringCases).where(eq(monitoringCases.id, input.id));
    if (replay) {
      await loadCaseView(deps, auth, replay.id, 'help.read');
      return { caseId: replay.id, previousCaseId: replay.previousCaseId ?? caseId, clueId: replay.clueId };
    }
  }
  const { row } = await loadCaseView(deps, auth, caseId, 'help.write');
  if (row.status !== 'eliminated') throw new AppError('CONFLICT', '只有风险已消除的户才能再标注');
  const today = todayOf(deps);
  const date = input.date ?? today;
  if (date > today) throw validationFailed([{ path: 'date', message: '再标注日期不能晚于今天' }]);
  const ident = await identificationSettings(deps.db);
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  let clueId: string | null = null;
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.case.reflag', async (tx, audit) => {
    const [active] = await tx
      .select({ id: monitoringCases.id })
      .from(monitoringCases)
      .where(
        and(
          eq(monitoringCases.householdId, row.householdId),
          inArray(monitoringCases.status, ['identifying', 'monitored']),
        ),
      );
    if (active) throw new AppError('CONFLICT', '该户已有识别中或监测中的案件', { caseId: active.id });
    const { clue } = await openClueInTx(tx, audit, actor, {
      householdId: row.householdId,
      source: 'screening',
      sourceRef: `reflag:${id}`,
      reason: `再标注：${input.reason}`,
      riskTypes: input.riskTypes,
      details: { previousCaseId: caseId },
      reportedOn: date,
    });
    clueId = clue.id;
    const values = {
      id,
      countyCode: row.countyCode,
      householdId: row.householdId,
      clueId: clue.id,
      previousCaseId: caseId,
      status: 'identifying' as const,
      riskTypes: input.riskTypes,
      startedOn: date,
      dueOn: identificationDueOn(date, ident),
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(monitoringCases).values(values);
    await tx
      .update(monitoringClues)
      .set({ status: 'in_identification', caseId: id, updatedAt: now })
      .where(eq(monitoringClues.id, clue.id));
    const { createdAt: _c, updatedAt: _u, ...image } = values;
    audit.entity('monitoring_case', id, null, image);
    await writeCaseEvent(tx, audit, actor, {
      caseId: id,
      householdId: row.householdId,
      kind: 'reflagged',
      eventDate: date,
      status: 'identifying',
      reason: input.reason,
    });
  });
  if (!clueId) throw notFound('监测线索');
  return { caseId: id, previousCaseId: caseId, clueId };
}
