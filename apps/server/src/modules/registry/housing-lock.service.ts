import type {
  HousingLock,
  HousingTransaction,
  HousingTransactionInput,
  RectifyInput,
} from '@anzhi/contracts/registry-events';
import {
  housingLock,
  housingLockRule,
  insideLock,
  type HousingLockHouseholdFact,
} from '@anzhi/domain/rules/housing-lock';
import { asOfPeriod, evaluateRule, resolveParameters } from '@anzhi/domain/rules/registry';
import { uuidv7 } from '@anzhi/domain/ids';
import { addDays, localDate, localDateToInstant } from '@anzhi/domain/periods';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, systemActor, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { linkAttachments } from '../../platform/files/attachments.service';
import { completeInboxItem, notify, postInboxItem } from '../../platform/notifications/notifications.service';
import { latestParameterSet } from '../rules/rules.repository';
import { storeSetBasedRun, type RulesDeps } from '../rules/rules.service';
import type { HouseholdRow, HouseholdWithPlace } from './households.repository';
import { assertWritable, loadHouseholdInScope } from './households.service';
import { eventRow, type EventContext } from './household-events.service';
import { todayOf } from './persons.service';
import {
  findHousingTransaction,
  insertEvents,
  insertHousingTransaction,
  markRectified,
  responsibleTownshipUsers,
  type HousingTransactionRow,
} from './registry-facts.repository';
import { housingLockFacts, insertHousingLockResults } from './housing-lock.sql';
import { presentHousingTransaction } from './registry-events.presenter';
import { checkNotAfter, validationFailed } from './registry.validation';

/*
 * §23 and rule R23: the 20-year lock on resettlement housing. The window's length, its start (certificate date, or
 * the handover) and the rectification period are R23's parameters, stored and versioned by the rules engine. A sale
 * or sublet is always recorded; inside the window it is a violation with a rectification item (整改) in the
 * responsible township's 我的待办 and a notification.
 */

export const rectificationSource = 'registry.r23';
/** Attachments (a photo, a contract) are linked to the transaction under this owner type. */
export const housingTransactionOwnerType = 'housing_transaction';

/** Attachment access: who may read the household may read the transaction's files. */
export async function canSeeHousingTransaction(deps: Deps, auth: AuthState, id: string): Promise<boolean> {
  const t = await findHousingTransaction(deps.db, id);
  if (!t) return false;
  try {
    await loadHouseholdInScope(deps.db, auth, t.householdId);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return false;
    throw err;
  }
}

/** R23's parameters in force (the latest stored set, or the defaults), with their version. */
export async function housingLockSettings(ex: Executor) {
  const stored = await latestParameterSet(ex, housingLockRule.id);
  return {
    version: stored?.version ?? 0,
    parameters: resolveParameters(housingLockRule, stored?.parameters ?? {}),
  };
}

function factOf(
  h: Pick<HouseholdRow, 'id' | 'householdNumber' | 'certificateDate' | 'handoverDate'>,
  transactions: readonly HousingTransactionRow[],
): HousingLockHouseholdFact {
  return {
    id: h.id,
    householdNumber: h.householdNumber,
    certificateDate: h.certificateDate,
    handoverDate: h.handoverDate,
    transactions: transactions
      .filter((t) => t.householdId === h.id)
      .map((t) => ({ id: t.id, kind: t.kind, date: t.transactionDate, rectified: t.rectificationStatus === 'done' })),
  };
}

/** The lock window of a household and R23's verdict on it today. */
export async function housingLockOf(
  deps: Deps,
  h: HouseholdRow,
  transactions: readonly HousingTransactionRow[],
): Promise<HousingLock> {
  const settings = await housingLockSettings(deps.db);
  const today = todayOf(deps);
  const run = evaluateRule(housingLockRule, [factOf(h, transactions)], {
    parameters: settings.parameters,
    parameterVersion: settings.version,
    period: asOfPeriod(today),
    clock: deps.clock,
  });
  const lock = housingLock(h, settings.parameters);
  return {
    start: lock?.start ?? null,
    end: lock?.end ?? null,
    basis: lock?.basis ?? null,
    years: settings.parameters.lockYears,
    active: insideLock(lock, today),
    verdict: run.results[0]!.verdict,
  };
}

/** Rectification is due by the end of the `days`-th day after `today` (half-open: the next day's midnight). */
export function rectificationDueAt(today: string, days: number): Date {
  return localDateToInstant(addDays(today, days + 1));
}

export interface TransactionPlan {
  id: string;
  household: HouseholdWithPlace;
  input: HousingTransactionInput;
  lockEnd: string | null;
  violation: boolean;
  /** Rectification due (end of the last day), when a violation. */
  dueAt: Date | null;
}

/** Writes the transaction, its event, and for a violation the rectification items and notifications. */
export async function applyHousingTransaction(tx: Tx, ctx: EventContext, plan: TransactionPlan): Promise<string[]> {
  const { household: h, input } = plan;
  const householdId = h.household.id;
  await insertHousingTransaction(tx, {
    id: plan.id,
    countyCode: ctx.countyCode,
    householdId,
    kind: input.kind,
    transactionDate: input.date,
    counterparty: input.counterparty,
    note: input.note ?? null,
    attachmentId: input.attachmentId ?? null,
    lockEndDate: plan.lockEnd,
    violation: plan.violation,
    rectificationStatus: plan.violation ? 'open' : 'none',
    rectificationDueAt: plan.dueAt,
    createdBy: ctx.actor.actorId,
    createdAt: ctx.now,
  });
  if (input.attachmentId && ctx.actor.actorId)
    await linkAttachments(tx, {
      attachmentIds: [input.attachmentId],
      ownerType: housingTransactionOwnerType,
      ownerId: plan.id,
      userId: ctx.actor.actorId,
    });
  await insertEvents(tx, [
    eventRow(ctx, householdId, 'housing_transaction', input.date, {
      transactionId: plan.id,
      kind: input.kind,
      counterparty: input.counterparty,
      violation: plan.violation,
      lockEnd: plan.lockEnd,
    }),
  ]);
  if (!plan.violation) return [];
  const userIds = await responsibleTownshipUsers(
    tx,
    h.site?.townshipCode ?? h.destinationTownshipCode,
    h.site?.urbanCommunity ?? false,
  );
  const number = h.household.householdNumber;
  const link = `/households/${householdId}`;
  const clock = { now: () => ctx.now };
  for (const userId of userIds) {
    await postInboxItem(tx, clock, {
      userId,
      title: `整改：户 ${number} 安置住房20年内${input.kind}（R23）`,
      dueAt: plan.dueAt,
      link,
      source: rectificationSource,
      sourceRef: plan.id,
    });
  }
  await notify(tx, clock, {
    userIds,
    title: `发现安置住房违规${input.kind}`,
    body: `户 ${number} 的安置住房在禁止转让、出租期内（至 ${plan.lockEnd ?? ''}）${input.kind}，已生成整改待办。`,
    link,
    source: rectificationSource,
  });
  return userIds;
}

export async function recordHousingTransaction(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  householdId: string,
  input: HousingTransactionInput,
): Promise<HousingTransaction> {
  const h = await loadHouseholdInScope(deps.db, auth, householdId);
  assertWritable(auth, h);
  if (input.id) {
    const existing = await findHousingTransaction(deps.db, input.id);
    if (existing && existing.householdId === householdId) return presentHousingTransaction(existing);
    if (existing) throw new AppError('CONFLICT', '记录 id 已被使用');
  }
  const today = todayOf(deps);
  const errors: { path: string; message: string }[] = [];
  checkNotAfter(input.date, today, 'date', '发生日期', errors);
  if (errors.length > 0) throw validationFailed(errors);
  const { parameters } = await housingLockSettings(deps.db);
  const lock = housingLock(h.household, parameters);
  const violation = insideLock(lock, input.date);
  const plan: TransactionPlan = {
    id: input.id ?? uuidv7(),
    household: h,
    input,
    lockEnd: lock?.end ?? null,
    violation,
    dueAt: violation ? rectificationDueAt(today, parameters.rectificationDays) : null,
  };
  await auditedTransaction(deps.db, deps.clock, actor, 'household.housing_transaction', async (tx, audit) => {
    const notified = await applyHousingTransaction(
      tx,
      { countyCode: deps.config.countyCode, now: deps.clock.now(), actor },
      plan,
    );
    audit.entity('housing_transaction', plan.id, null, {
      householdId,
      kind: input.kind,
      date: input.date,
      counterparty: input.counterparty,
      lockEnd: plan.lockEnd,
      violation,
      rectificationUsers: notified.length,
    });
  });
  return presentHousingTransaction((await findHousingTransaction(deps.db, plan.id))!);
}

/** 整改完成: closes the rectification and its inbox items (every user's), audited; the violation stays recorded. */
export async function rectifyHousingTransaction(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  householdId: string,
  transactionId: string,
  input: RectifyInput,
): Promise<HousingTransaction> {
  const h = await loadHouseholdInScope(deps.db, auth, householdId);
  assertWritable(auth, h);
  const t = await findHousingTransaction(deps.db, transactionId);
  if (!t || t.householdId !== householdId) throw notFound('转让、出租记录');
  if (t.rectificationStatus !== 'open')
    throw new AppError('CONFLICT', t.rectificationStatus === 'done' ? '该记录已整改完成' : '该记录不需要整改');
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'household.rectify', async (tx, audit) => {
    if (
      !(await markRectified(tx, t.id, { rectifiedAt: now, rectifiedBy: actor.actorId, rectificationNote: input.note }))
    )
      throw new AppError('CONFLICT', '该记录已整改完成');
    await completeInboxItem(tx, deps.clock, {
      source: rectificationSource,
      sourceRef: t.id,
      doneBy: actor.actorId,
    });
    await insertEvents(tx, [
      eventRow({ countyCode: deps.config.countyCode, now, actor }, householdId, 'rectified', localDate(now), {
        transactionId: t.id,
        note: input.note,
      }),
    ]);
    audit.entity(
      'housing_transaction',
      t.id,
      { rectificationStatus: 'open' },
      { rectificationStatus: 'done', note: input.note },
    );
  });
  return presentHousingTransaction((await findHousingTransaction(deps.db, t.id))!);
}

/**
 * R23 judged by the pure rule over loaded facts, as of `day` (nothing stored): the explainer of one household or a
 * few (`householdIds`), and what the set-based form below must agree with.
 */
export async function evaluateHousingLock(deps: Deps, day: string, householdIds?: readonly string[]) {
  const county = deps.config.countyCode;
  const [facts, settings] = await Promise.all([
    housingLockFacts(deps.db, { countyCode: county, day, householdIds }),
    housingLockSettings(deps.db),
  ]);
  return evaluateRule(housingLockRule, facts, {
    parameters: settings.parameters,
    parameterVersion: settings.version,
    period: asOfPeriod(day),
    clock: deps.clock,
    scopeKey: householdIds?.length === 1 ? `household:${householdIds[0]}` : county,
  });
}

/**
 * Evaluates R23 for every household of the county as of `day` and stores the run: judged set-based and written
 * straight into rule_results (one INSERT … SELECT, no row through Node), in the audited transaction of recordSqlRun.
 * Nothing else is written: the rectification item and notification of a violation are made when the sale or
 * sublet is recorded (applyHousingTransaction), not by the rule run.
 */
export async function runHousingLockRule(deps: RulesDeps, day: string, actor: ActorContext = systemActor) {
  const county = deps.config.countyCode;
  const settings = await housingLockSettings(deps.db);
  return storeSetBasedRun(
    deps,
    {
      rule: housingLockRule,
      period: asOfPeriod(day),
      parameterSet: settings,
      insert: (runId) => insertHousingLockResults(runId, { countyCode: county, day }, settings.parameters),
    },
    actor,
  );
}
