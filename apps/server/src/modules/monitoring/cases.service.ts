import { and, eq, inArray } from 'drizzle-orm';
import type { CaseDetail, CaseQuery, MonitoringCase } from '@anzhi/contracts/monitoring';
import { identificationStepPermission } from '@anzhi/contracts/monitoring';
import {
  type CaseEventKind,
  type CaseStatus,
  type MonitoringCategory,
  maxRiskTypes,
} from '@anzhi/contracts/monitoring-vocabulary';
import type { Permission } from '@anzhi/contracts/permissions';
import { maskIdNumber } from '@anzhi/domain/id-number';
import { identificationDueOn } from '@anzhi/domain/monitoring';
import { addDays, localDate } from '@anzhi/domain/periods';
import { resolveParameters } from '@anzhi/domain/rules/registry';
import { identificationRule } from '@anzhi/domain/rules/identification-rule';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, type ActorContext, type AuditRecorder } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { membershipsOf } from '../registry/households.repository';
import { followUpScope } from '../registry/registry.scope';
import { latestParameterSet } from '../rules/rules.repository';
import {
  presentCase,
  presentClue,
  presentEvent,
  presentStep,
  type CaseRow,
  type HouseholdSide,
} from './cases.presenter';
import {
  countCases,
  eventsOf,
  householdSideOf,
  listCaseRows,
  listClueRows,
  stepsOf,
  type CaseFilter,
} from './cases.repository';
import { monitoringCaseEvents, monitoringCases, monitoringClues } from './monitoring.table';

/*
 * Monitoring cases (domain.md §4): a case starts from a clue and runs the identification steps to a result
 * (identification.service.ts); M2's help plans and elimination build on `loadCaseInScope` and `presentCase`.
 */

export const todayOf = (deps: Pick<Deps, 'clock'>) => localDate(deps.clock.now());
export const staleCaseMessage = '该监测案件已被他人修改，请刷新后重试';

/** The households a permission reaches: the registry scope, widened to paired help cadres and origin cadres. */
export const monitoringScope = (auth: AuthState, permission: Permission) =>
  followUpScope(auth.assignments, permission, auth.user.id);

/** R07's parameters in force: the identification limit, the at-risk margin, the posting days (national rules). */
export async function identificationSettings(ex: Executor) {
  const stored = await latestParameterSet(ex, identificationRule.id);
  return {
    version: stored?.version ?? 0,
    ...resolveParameters(identificationRule, stored?.parameters ?? {}),
  };
}
export type IdentificationSettings = Awaited<ReturnType<typeof identificationSettings>>;

/** A case with its household, when the permission's scope reaches the household; else undefined. */
export async function findCaseInScope(
  ex: Executor,
  deps: Deps,
  auth: AuthState,
  caseId: string,
  permission: Permission,
) {
  const [row] = await listCaseRows(
    ex,
    { countyCode: deps.config.countyCode, scope: monitoringScope(auth, permission), today: todayOf(deps), id: caseId },
    1,
  );
  return row ? { row: row.case, household: householdSideOf(row) } : undefined;
}

/** The case row, or 404 when it does not exist or its household is outside the permission's scope. */
export async function loadCaseInScope(
  deps: Deps,
  auth: AuthState,
  caseId: string,
  permission: Permission = 'monitoring.read',
): Promise<CaseRow> {
  return (await loadCaseView(deps, auth, caseId, permission)).row;
}

/** The case with its household side (number, head, site, township, 户类别); 404 out of scope. */
export async function loadCaseView(
  deps: Deps,
  auth: AuthState,
  caseId: string,
  permission: Permission = 'monitoring.read',
  ex: Executor = deps.db,
): Promise<{ row: CaseRow; household: HouseholdSide }> {
  const found = await findCaseInScope(ex, deps, auth, caseId, permission);
  if (!found) throw notFound('监测案件');
  return found;
}

/** Records a case event (every status change) inside the caller's transaction. */
export async function writeCaseEvent(
  tx: Tx,
  audit: AuditRecorder,
  actor: ActorContext,
  e: {
    caseId: string;
    householdId: string;
    kind: CaseEventKind;
    eventDate: string;
    status: CaseStatus;
    category?: MonitoringCategory | null;
    reason?: string | null;
  },
) {
  const [row] = await tx
    .insert(monitoringCaseEvents)
    .values({
      caseId: e.caseId,
      householdId: e.householdId,
      kind: e.kind,
      eventDate: e.eventDate,
      status: e.status,
      category: e.category ?? null,
      reason: e.reason ?? null,
      actorId: actor.actorId,
      actorName: actor.actorName ?? '系统',
    })
    .returning();
  audit.entity('monitoring_case_event', row!.id, null, { ...e });
  return row!;
}

function caseFilter(deps: Deps, auth: AuthState, q: Partial<CaseQuery>, atRiskDays: number): CaseFilter {
  const today = todayOf(deps);
  return {
    countyCode: deps.config.countyCode,
    scope: monitoringScope(auth, 'monitoring.read'),
    today,
    townshipCode: q.townshipCode,
    siteId: q.siteId,
    householdId: q.householdId,
    status: q.status,
    category: q.category,
    clock: q.clock ? { kind: q.clock, today, atRiskFrom: addDays(today, atRiskDays) } : undefined,
  };
}

export async function listCasesInScope(deps: Deps, auth: AuthState, q: CaseQuery) {
  const settings = await identificationSettings(deps.db);
  const f = caseFilter(deps, auth, q, settings.atRiskDays);
  const [rows, total] = await Promise.all([
    listCaseRows(deps.db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countCases(deps.db, f),
  ]);
  const steps = await stepsOf(
    deps.db,
    rows.map((r) => r.case.id),
  );
  const items: MonitoringCase[] = rows.map((r) =>
    presentCase(
      r.case,
      householdSideOf(r),
      f.today,
      settings,
      steps.filter((s) => s.caseId === r.case.id),
    ),
  );
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getCaseDetail(deps: Deps, auth: AuthState, id: string): Promise<CaseDetail> {
  const { row, household } = await loadCaseView(deps, auth, id);
  const settings = await identificationSettings(deps.db);
  const today = todayOf(deps);
  const [steps, events, clueRows, memberships] = await Promise.all([
    stepsOf(deps.db, [id]),
    eventsOf(deps.db, id),
    listClueRows(
      deps.db,
      { countyCode: deps.config.countyCode, scope: monitoringScope(auth, 'monitoring.read'), today, caseId: id },
      null,
    ),
    membershipsOf(deps.db, row.householdId),
  ]);
  const base = presentCase(row, household, today, settings, steps);
  const permission = base.nextStep ? identificationStepPermission[base.nextStep] : null;
  const canRecordNextStep =
    permission !== null &&
    auth.permissions.includes(permission) &&
    !!(await findCaseInScope(deps.db, deps, auth, id, permission));
  const current = memberships.filter((m) => m.member.validTo === null || m.member.validTo > today);
  return {
    ...base,
    clues: clueRows.map((r) => presentClue(r.clue, householdSideOf(r), deps.cipher)),
    steps: steps.map(presentStep),
    events: events.map(presentEvent),
    nextStepPermission: permission,
    canRecordNextStep,
    postingMinDays: settings.postingMinDays,
    members: current.map((m) => ({
      name: m.person.name,
      relation: m.member.relation,
      idNumber: m.person.idNumberEnc ? maskIdNumber(deps.cipher.decrypt(m.person.idNumberEnc)) : null,
      health: m.person.health,
    })),
  };
}

/**
 * Starts identification from an open clue (启动识别): the case's clock starts on the clue's day; the household's
 * other open clues attach to the case. A replay of the case id returns the case. A household already under an
 * active case cannot get a second one (its new clues attach to the active case when they are opened).
 */
export async function startCase(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: { id: string; clueId: string },
): Promise<{ detail: CaseDetail; created: boolean }> {
  const [replay] = await deps.db.select().from(monitoringCases).where(eq(monitoringCases.id, input.id));
  if (replay) return { detail: await getCaseDetail(deps, auth, replay.id), created: false };
  const today = todayOf(deps);
  const [clueRow] = await listClueRows(
    deps.db,
    {
      countyCode: deps.config.countyCode,
      scope: monitoringScope(auth, 'monitoring.clue.write'),
      today,
      ids: [input.clueId],
    },
    1,
  );
  if (!clueRow) throw notFound('监测线索');
  const clue = clueRow.clue;
  if (clue.status !== 'open')
    throw new AppError('CONFLICT', '该线索已处理（已启动识别、已并入在监测案件或已排除），不能再启动识别');
  const settings = await identificationSettings(deps.db);
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.case.start', async (tx, audit) => {
    const [active] = await tx
      .select({ id: monitoringCases.id })
      .from(monitoringCases)
      .where(
        and(
          eq(monitoringCases.householdId, clue.householdId),
          inArray(monitoringCases.status, ['identifying', 'monitored']),
        ),
      );
    if (active)
      throw new AppError('CONFLICT', '该户已有识别中或监测中的案件，新线索已并入该案件', { caseId: active.id });
    const others = await tx
      .select()
      .from(monitoringClues)
      .where(and(eq(monitoringClues.householdId, clue.householdId), eq(monitoringClues.status, 'open')));
    const risks = [...new Set(others.flatMap((c) => c.riskTypes))].slice(0, maxRiskTypes);
    const now = deps.clock.now();
    const values = {
      id: input.id,
      countyCode: clue.countyCode,
      householdId: clue.householdId,
      clueId: clue.id,
      status: 'identifying' as const,
      riskTypes: risks,
      startedOn: clue.reportedOn,
      dueOn: identificationDueOn(clue.reportedOn, settings),
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(monitoringCases).values(values);
    for (const c of others) {
      const status = c.id === clue.id ? ('in_identification' as const) : ('attached' as const);
      await tx
        .update(monitoringClues)
        .set({ status, caseId: input.id, updatedAt: now })
        .where(eq(monitoringClues.id, c.id));
      audit.entity('monitoring_clue', c.id, { status: c.status, caseId: null }, { status, caseId: input.id });
    }
    const { createdAt: _c, updatedAt: _u, ...image } = values;
    audit.entity('monitoring_case', input.id, null, image);
    audit.entity('household', clue.householdId, null, { monitoringCase: input.id });
    await writeCaseEvent(tx, audit, actor, {
      caseId: input.id,
      householdId: clue.householdId,
      kind: 'opened',
      eventDate: today < clue.reportedOn ? clue.reportedOn : today,
      status: 'identifying',
    });
  });
  return { detail: await getCaseDetail(deps, auth, input.id), created: true };
}
