import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { FieldError } from '@anzhi/contracts/errors';
import type { Clue, ClueInputSchema, ClueQuery } from '@anzhi/contracts/monitoring';
import type { ClueSource, RiskType } from '@anzhi/contracts/monitoring-vocabulary';
import { activeCaseStatuses } from '@anzhi/contracts/monitoring-vocabulary';
import type { Permission } from '@anzhi/contracts/permissions';
import { revisitChangeLabels, revisitSituationLabels } from '@anzhi/contracts/revisits';
import { checkIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { riskOfSignal } from '@anzhi/domain/monitoring';
import { monthDays, riskSignalLabels, type RevisitItemAnswer, type RiskSignal } from '@anzhi/domain/revisits';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, type ActorContext, type AuditRecorder } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { countyDivisionCode } from '../incomes/incomes.repository';
import { incomeLines } from '../incomes/incomes.table';
import { findFollowUpHousehold } from '../pairings/follow-up.repository';
import { membershipsOfPerson } from '../registry/households.repository';
import { findPersonsByIdBidx } from '../registry/persons.repository';
import { households } from '../registry/registry.table';
import { followUpScope } from '../registry/registry.scope';
import { checkPhone, validationFailed } from '../registry/registry.validation';
import { presentClue } from './cases.presenter';
import { countClues, householdSideOf, listClueRows } from './cases.repository';
import { todayOf } from './cases.service';
import { monitoringCases, monitoringClues } from './monitoring.table';

export type ClueRow = typeof monitoringClues.$inferSelect;

export interface OpenClueInput {
  /** Client-generated id (uuidv7): a replay returns the clue it created. */
  id?: string;
  householdId: string;
  source: ClueSource;
  /**
   * What raised it, unique per source (e.g. `${revisitId}:${signalKind}`, a department warning's id). A second
   * call with the same source and ref returns the first clue and writes nothing.
   */
  sourceRef?: string | null;
  reason: string;
  riskTypes?: RiskType[];
  details?: Record<string, unknown>;
  /** Shanghai calendar day the clue was raised. */
  reportedOn: string;
  declarant?: { name: string; phoneEnc: string | null; personId: string | null } | null;
}

export interface OpenClueResult {
  clue: ClueRow;
  created: boolean;
}

async function existingClue(tx: Tx, input: OpenClueInput): Promise<ClueRow | undefined> {
  if (input.id) {
    const [byId] = await tx.select().from(monitoringClues).where(eq(monitoringClues.id, input.id));
    if (byId) return byId;
  }
  if (input.sourceRef) {
    const [byRef] = await tx
      .select()
      .from(monitoringClues)
      .where(and(eq(monitoringClues.source, input.source), eq(monitoringClues.sourceRef, input.sourceRef)));
    return byRef;
  }
  return undefined;
}

/**
 * Opens a risk clue inside the caller's transaction (a revisit, a department deliberation, a cadre's entry), so the
 * clue and what raised it commit or fail together. Idempotent on the client id and on source + source_ref. A clue
 * for a household already under an active case (identifying or monitored) is attached to that case instead of
 * waiting to be acted on. The caller's audit event records the clue.
 */
export async function openClueInTx(
  tx: Tx,
  audit: AuditRecorder,
  actor: ActorContext,
  input: OpenClueInput,
): Promise<OpenClueResult> {
  const existing = await existingClue(tx, input);
  if (existing) return { clue: existing, created: false };

  const [household] = await tx
    .select({ id: households.id, countyCode: households.countyCode })
    .from(households)
    .where(eq(households.id, input.householdId));
  if (!household) throw notFound('搬迁户不存在');

  const [active] = await tx
    .select({ id: monitoringCases.id })
    .from(monitoringCases)
    .where(
      and(eq(monitoringCases.householdId, input.householdId), inArray(monitoringCases.status, [...activeCaseStatuses])),
    );

  const id = input.id ?? uuidv7();
  const [clue] = await tx
    .insert(monitoringClues)
    .values({
      id,
      countyCode: household.countyCode,
      householdId: input.householdId,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      reason: input.reason,
      riskTypes: input.riskTypes ?? [],
      details: input.details ?? {},
      declarantName: input.declarant?.name ?? null,
      declarantPhoneEnc: input.declarant?.phoneEnc ?? null,
      declarantPersonId: input.declarant?.personId ?? null,
      reportedOn: input.reportedOn,
      reportedBy: actor.actorId,
      reportedByName: actor.actorName ?? '系统',
      status: active ? 'attached' : 'open',
      caseId: active?.id ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!clue) {
    // A concurrent call with the same source and ref won the insert: return its clue.
    const raced = await existingClue(tx, input);
    if (raced) return { clue: raced, created: false };
    throw new Error('monitoring clue insert conflicted without an existing row');
  }
  const { declarantPhoneEnc: _phone, ...image } = clue;
  audit.entity('monitoring_clue', clue.id, null, image);
  return { clue, created: true };
}

/** Opens a clue in its own audited transaction (action `monitoring.clue.open`). */
export function openClue(deps: Pick<Deps, 'db' | 'clock'>, actor: ActorContext, input: OpenClueInput) {
  return auditedTransaction(deps.db, deps.clock, actor, 'monitoring.clue.open', (tx, audit) =>
    openClueInTx(tx, audit, actor, input),
  );
}

// ---------------------------------------------------------------------------------------------
// Clues recorded by cadres, the list, dismissal; clues raised by a revisit's risk signals
// ---------------------------------------------------------------------------------------------

/** The reason of a revisit clue: the answer that caused it, e.g. 回访"就业务工"：失业. */
export function revisitClueReason(
  signal: RiskSignal,
  answers: {
    changes: Record<string, RevisitItemAnswer | undefined>;
    situations: Record<string, RevisitItemAnswer | undefined>;
  },
  incomeLine: number | null,
): string {
  const [group, key] = signal.source.split('.') as [string, string];
  if (signal.kind === 'income_below_line') {
    const value = answers.changes.income?.newValue ?? '';
    return `回访"人均收入"：${value}元，低于监测线${incomeLine ?? ''}元`;
  }
  if (group === 'changes' || group === 'situations') {
    const label =
      group === 'changes'
        ? revisitChangeLabels[key as keyof typeof revisitChangeLabels]
        : revisitSituationLabels[key as keyof typeof revisitSituationLabels];
    const answer = (group === 'changes' ? answers.changes : answers.situations)[key];
    return `回访"${label ?? key}"：${answer?.what ?? riskSignalLabels[signal.kind]}`;
  }
  const registryLabels: Record<string, string> = {
    deaths: '家庭成员"：死亡',
    health: '成员健康状况"：患有大病',
    employment: '成员务工就业"：未就业',
  };
  return `回访"${registryLabels[key] ?? `${key}"：${riskSignalLabels[signal.kind]}`}`;
}

/** The yearly monitoring line (元/人·年) that applies to a household's township: the township's, else the county's. */
export async function incomeLineFor(ex: Executor, countyCode: string, year: number, townshipCode: string | null) {
  const rows = await ex
    .select({ divisionCode: incomeLines.divisionCode, amount: incomeLines.amount })
    .from(incomeLines)
    .where(
      and(
        eq(incomeLines.countyCode, countyCode),
        eq(incomeLines.year, year),
        inArray(incomeLines.divisionCode, [countyDivisionCode(countyCode), ...(townshipCode ? [townshipCode] : [])]),
      ),
    );
  const own = rows.find((r) => r.divisionCode === townshipCode);
  return (own ?? rows[0])?.amount ?? null;
}

/**
 * Opens one clue per risk signal of a revisit, inside the revisit's transaction (source `revisit`, ref
 * `${revisitId}:${kind}`), naming the answer that caused it and the risk type it points to.
 */
export async function openRevisitCluesInTx(
  tx: Tx,
  audit: AuditRecorder,
  actor: ActorContext,
  r: {
    revisitId: string;
    householdId: string;
    visitDate: string;
    signals: readonly RiskSignal[];
    changes: Record<string, RevisitItemAnswer | undefined>;
    situations: Record<string, RevisitItemAnswer | undefined>;
    incomeLine: number | null;
  },
): Promise<ClueRow[]> {
  const out: ClueRow[] = [];
  for (const signal of r.signals) {
    const risk = riskOfSignal(signal);
    const { clue } = await openClueInTx(tx, audit, actor, {
      householdId: r.householdId,
      source: 'revisit',
      sourceRef: `${r.revisitId}:${signal.kind}`,
      reason: revisitClueReason(signal, r, r.incomeLine),
      riskTypes: risk.riskTypes,
      details: {
        revisitId: r.revisitId,
        signal: signal.kind,
        answer: signal.source,
        flags: risk.flags,
        ...(signal.kind === 'income_below_line' ? { incomeLine: r.incomeLine } : {}),
      },
      reportedOn: r.visitDate,
    });
    out.push(clue);
  }
  return out;
}

const clueScope = (auth: AuthState, permission: Permission) =>
  followUpScope(auth.assignments, permission, auth.user.id);

export async function getClue(deps: Deps, auth: AuthState, id: string): Promise<Clue> {
  const [row] = await listClueRows(
    deps.db,
    { countyCode: deps.config.countyCode, scope: clueScope(auth, 'monitoring.read'), today: todayOf(deps), ids: [id] },
    1,
  );
  if (!row) throw notFound('监测线索');
  return presentClue(row.clue, householdSideOf(row), deps.cipher);
}

export async function listCluesInScope(deps: Deps, auth: AuthState, q: ClueQuery) {
  const f = {
    countyCode: deps.config.countyCode,
    scope: clueScope(auth, 'monitoring.read'),
    today: todayOf(deps),
    status: q.status,
    source: q.source,
    townshipCode: q.townshipCode,
    siteId: q.siteId,
    householdId: q.householdId,
    month: q.month ? monthDays(q.month) : undefined,
  };
  const [rows, total] = await Promise.all([
    listClueRows(deps.db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countClues(deps.db, f),
  ]);
  return {
    items: rows.map((r) => presentClue(r.clue, householdSideOf(r), deps.cipher)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * A clue a cadre records: a household's self-declaration (name, phone, ID number — matched to the registry person
 * through the blind index) or a cadre's screening. Idempotent on the client id.
 */
export async function recordClue(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: z.output<typeof ClueInputSchema>,
): Promise<{ clue: Clue; created: boolean }> {
  const [replay] = await deps.db.select().from(monitoringClues).where(eq(monitoringClues.id, input.id));
  if (replay) return { clue: await getClue(deps, auth, replay.id), created: false };
  const today = todayOf(deps);
  const errors: FieldError[] = [];
  if (input.reportedOn > today) errors.push({ path: 'reportedOn', message: '发现日期不能晚于今天' });
  let phone: string | null = null;
  let personId: string | null = null;
  let householdId = input.householdId ?? null;
  if (input.declarant) {
    phone = checkPhone(input.declarant.phone, 'declarant.phone', errors);
    if (input.declarant.idNumber) {
      const check = checkIdNumber(input.declarant.idNumber, today);
      if (!check.ok) errors.push({ path: 'declarant.idNumber', message: '身份证号码不正确' });
      else {
        const [person] = await findPersonsByIdBidx(deps.db, [deps.cipher.blindIndex(check.value)]);
        const memberships = person ? await membershipsOfPerson(deps.db, [person.id]) : [];
        const current = memberships.find((m) => m.member.validTo === null || m.member.validTo > today);
        if (person && current && (!householdId || current.member.householdId === householdId)) {
          personId = person.id;
          householdId = current.member.householdId;
        } else if (!householdId)
          errors.push({ path: 'declarant.idNumber', message: '未找到该身份证号码对应的搬迁群众，请选择搬迁户' });
      }
    }
  }
  if (errors.length > 0) throw validationFailed(errors);
  const h = await findFollowUpHousehold(
    deps.db,
    deps.config.countyCode,
    householdId!,
    clueScope(auth, 'monitoring.clue.write'),
    today,
  );
  if (!h) throw notFound('搬迁户');
  const { clue } = await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.clue.record', (tx, audit) =>
    openClueInTx(tx, audit, actor, {
      id: input.id,
      householdId: h.householdId,
      source: input.source,
      reason: input.hardship,
      riskTypes: input.riskTypes,
      reportedOn: input.reportedOn,
      declarant: input.declarant
        ? { name: input.declarant.name, phoneEnc: phone ? deps.cipher.encrypt(phone) : null, personId }
        : null,
    }),
  );
  return { clue: await getClue(deps, auth, clue.id), created: true };
}

/** Dismisses an open clue with a reason (排除). */
export async function dismissClue(deps: Deps, auth: AuthState, actor: ActorContext, id: string, reason: string) {
  const [row] = await listClueRows(
    deps.db,
    {
      countyCode: deps.config.countyCode,
      scope: clueScope(auth, 'monitoring.clue.write'),
      today: todayOf(deps),
      ids: [id],
    },
    1,
  );
  if (!row) throw notFound('监测线索');
  if (row.clue.status !== 'open') throw new AppError('CONFLICT', '只有待处理的线索可以排除');
  await auditedTransaction(deps.db, deps.clock, actor, 'monitoring.clue.dismiss', async (tx, audit) => {
    const done = await tx
      .update(monitoringClues)
      .set({ status: 'dismissed', dismissedReason: reason, updatedAt: deps.clock.now() })
      .where(and(eq(monitoringClues.id, id), eq(monitoringClues.status, 'open')))
      .returning({ id: monitoringClues.id });
    if (done.length === 0) throw new AppError('CONFLICT', '只有待处理的线索可以排除');
    audit.entity('monitoring_clue', id, { status: 'open' }, { status: 'dismissed', dismissedReason: reason });
  });
  return getClue(deps, auth, id);
}
