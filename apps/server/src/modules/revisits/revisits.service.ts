import type { FieldError } from '@anzhi/contracts/errors';
import type {
  PendingList,
  Revisit,
  RevisitCompletion,
  RevisitQuery,
  RevisitRegistryChanges,
} from '@anzhi/contracts/revisits';
import { type RevisitInputSchema } from '@anzhi/contracts/revisits';
import { localDate } from '@anzhi/domain/periods';
import { monthDays, revisitMonth, revisitRiskSignals } from '@anzhi/domain/revisits';
import type { z } from 'zod';
import { and, eq, like } from 'drizzle-orm';
import { auditedTransaction, type ActorContext, type AuditRecorder } from '../../platform/audit/audit.service';
import type { Tx } from '../../db/client';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error';
import { linkAttachments } from '../../platform/files/attachments.service';
import { loadHouseholdInScope, placementOf } from '../registry/households.service';
import { joinMemberInTx, leaveMemberInTx } from '../registry/members.service';
import { changeFactInTx, employmentFactOf, healthFactOf } from '../registry/person-edit.service';
import { incomeLineFor, openRevisitCluesInTx } from '../monitoring/clues.service';
import { monitoringClues } from '../monitoring/monitoring.table';
import { householdInScope } from '../registry/registry.scope';
import { uniqueViolationOf } from '../registry/registry.errors';
import { validationFailed } from '../registry/registry.validation';
import {
  completionCounts,
  dueHouseholds,
  findRevisit,
  insertRevisit,
  isMonthClosed,
  listRevisits,
  namesOf,
  revisitOfMonth,
  revisitScope,
  type DueFilter,
} from './revisits.repository';
import { presentRevisit } from './revisits.presenter';

/*
 * 每月回访 (§3, L6). Decisions (see README): one revisit per household per month — a second one for the same
 * month is refused (409) and names the first; a replay of the same id returns the revisit it created. A closed
 * month (L7) refuses revisits; the visitor records it in the current month instead.
 */

type ParsedInput = z.output<typeof RevisitInputSchema>;

const rate = (revisited: number, households: number) =>
  households === 0 ? 1 : Math.round((revisited / households) * 1000) / 1000;

export async function getRevisit(deps: Deps, auth: AuthState, id: string): Promise<Revisit> {
  const row = await findRevisit(deps.db, id);
  if (!row) throw notFound('回访记录');
  await loadHouseholdInScope(deps.db, auth, row.revisit.householdId); // 404 out of scope
  const clues = await deps.db
    .select({ id: monitoringClues.id, reason: monitoringClues.reason, status: monitoringClues.status })
    .from(monitoringClues)
    .where(and(eq(monitoringClues.source, 'revisit'), like(monitoringClues.sourceRef, `${id}:%`)));
  return { ...presentRevisit(row), clues };
}

/** The labels of the registry changes, for the ledger's 备注 (no personal numbers). */
function registryChangeLabels(c: RevisitRegistryChanges): string[] {
  return [
    ...c.joins.map((j) => `新增成员：${j.person?.name ?? '已登记人员'}（${j.joinReason}，${j.validFrom}）`),
    ...c.leaves.map((l) => `成员离户：${l.reason}（${l.date}）`),
    ...c.health.map((h) => `健康状况变更为${h.change.health}（${h.change.date}）`),
    ...c.employment.map((e) => `务工就业变更为${e.change.status}（${e.change.date}）`),
  ];
}

/**
 * Applies the registry changes through the registry's own services, in the revisit's transaction (nothing typed
 * twice; the changes and the revisit commit or fail together).
 */
async function applyRegistryChangesInTx(
  tx: Tx,
  audit: AuditRecorder,
  deps: Deps,
  auth: AuthState,
  householdId: string,
  c: RevisitRegistryChanges,
) {
  for (const j of c.joins) await joinMemberInTx(tx, audit, deps, auth, householdId, j);
  for (const l of c.leaves) {
    const { personId, ...input } = l;
    await leaveMemberInTx(tx, audit, deps, auth, householdId, personId, input);
  }
  for (const h of c.health)
    await changeFactInTx(tx, audit, deps, auth, h.personId, h.change.date, healthFactOf(h.change));
  for (const e of c.employment)
    await changeFactInTx(tx, audit, deps, auth, e.personId, e.change.date, employmentFactOf(e.change));
}

export async function createRevisit(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: ParsedInput,
): Promise<{ revisit: Revisit; created: boolean }> {
  const replay = await findRevisit(deps.db, input.id);
  if (replay) {
    if (replay.revisit.householdId !== input.householdId) throw new AppError('CONFLICT', '该编号已用于其他回访记录');
    return { revisit: await getRevisit(deps, auth, input.id), created: false };
  }
  const h = await loadHouseholdInScope(deps.db, auth, input.householdId);
  if (!householdInScope(auth.assignments, 'revisit.write', placementOf(h)))
    throw forbidden('您对该搬迁户只有查看权限，不能登记回访');
  const errors: FieldError[] = [];
  const today = localDate(deps.clock.now());
  if (input.visitDate > today) errors.push({ path: 'visitDate', message: '回访日期不能晚于今天' });
  if (errors.length > 0) throw validationFailed(errors);

  const month = revisitMonth(input.visitDate);
  const townshipCode = h.site?.townshipCode ?? h.destinationTownshipCode ?? '';
  if (await isMonthClosed(deps.db, townshipCode, month))
    throw new AppError('CONFLICT', `${month} 已由乡镇月度确认，不能再登记该月回访：请按实际情况登记在当月`);
  const earlier = await revisitOfMonth(deps.db, input.householdId, month);
  if (earlier) throw new AppError('CONFLICT', `该户 ${month} 已有回访记录，每户每月一条`, { revisitId: earlier.id });

  const registry = input.registryChanges ?? { joins: [], leaves: [], health: [], employment: [] };
  // The yearly monitoring line of the visit's year (township's, else county's) for the income signal.
  const incomeLine = await incomeLineFor(
    deps.db,
    deps.config.countyCode,
    Number(input.visitDate.slice(0, 4)),
    townshipCode || null,
  );
  const riskSignals = revisitRiskSignals({
    changes: input.changes,
    situations: input.situations,
    deaths: registry.leaves.filter((l) => l.reason === '死亡').length,
    healthChangedTo: registry.health.map((x) => x.change.health),
    employmentChangedTo: registry.employment.map((x) => x.change.status),
    incomeLine,
  });

  // One transaction: the registry changes, the revisit and the clues its risk signals open.
  await auditedTransaction(deps.db, deps.clock, actor, 'revisit.create', async (tx, audit) => {
    await applyRegistryChangesInTx(tx, audit, deps, auth, input.householdId, registry);
    const row = {
      id: input.id,
      countyCode: deps.config.countyCode,
      householdId: input.householdId,
      month,
      visitDate: input.visitDate,
      method: input.method,
      visitorId: auth.user.id,
      visitorName: auth.user.displayName,
      siteId: h.site?.id ?? null,
      townshipCode,
      changes: input.changes,
      situations: input.situations,
      problems: input.problems ?? null,
      measures: input.measures ?? null,
      note: input.note ?? null,
      photoAttachmentId: input.photoAttachmentId ?? null,
      riskSignals,
      registryChanges: registryChangeLabels(registry),
      createdAt: deps.clock.now(),
      updatedAt: deps.clock.now(),
    };
    try {
      await insertRevisit(tx, row);
    } catch (err) {
      if (uniqueViolationOf(err)) throw new AppError('CONFLICT', `该户 ${month} 已有回访记录，每户每月一条`);
      throw err;
    }
    if (input.photoAttachmentId)
      await linkAttachments(tx, {
        attachmentIds: [input.photoAttachmentId],
        ownerType: 'revisit',
        ownerId: input.id,
        userId: auth.user.id,
        divisionCode: townshipCode,
      });
    const { countyCode: _c, createdAt: _a, updatedAt: _u, ...image } = row;
    audit.entity('revisit', input.id, null, image);
    audit.entity('household', input.householdId, null, { revisitMonth: month });
    await openRevisitCluesInTx(tx, audit, actor, {
      revisitId: input.id,
      householdId: input.householdId,
      visitDate: input.visitDate,
      signals: riskSignals,
      changes: input.changes,
      situations: input.situations,
      incomeLine,
    });
  });
  return { revisit: await getRevisit(deps, auth, input.id), created: true };
}

export async function listRevisitsInScope(
  deps: Deps,
  auth: AuthState,
  q: RevisitQuery & { page: number; pageSize: number },
) {
  const { items, total } = await listRevisits(
    deps.db,
    {
      scope: revisitScope(auth.assignments, 'revisit.read'),
      month: q.month,
      siteId: q.siteId,
      townshipCode: q.townshipCode,
      householdId: q.householdId,
    },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map(presentRevisit), total, page: q.page, pageSize: q.pageSize };
}

export function dueFilter(
  deps: Deps,
  auth: AuthState,
  month: string,
  place: { siteId?: string; townshipCode?: string } = {},
): DueFilter {
  return { countyCode: deps.config.countyCode, month, ...monthDays(month), assignments: auth.assignments, ...place };
}

/** Completion of a month per site, township and the caller's whole scope (R04: every household ≥ 1 revisit). */
export async function revisitCompletion(deps: Deps, auth: AuthState, month: string): Promise<RevisitCompletion> {
  const rows = await completionCounts(deps.db, dueFilter(deps, auth, month));
  const siteIds = [...new Set(rows.flatMap((r) => (r.siteId ? [r.siteId] : [])))];
  const townshipCodes = [...new Set(rows.map((r) => r.townshipCode))];
  const names = await namesOf(deps.db, siteIds, townshipCodes);
  const sum = (rs: typeof rows) => {
    const households = rs.reduce((n, r) => n + r.households, 0);
    const revisited = rs.reduce((n, r) => n + r.revisited, 0);
    return { households, revisited, rate: rate(revisited, households) };
  };
  return {
    month,
    county: sum(rows),
    townships: townshipCodes.sort().map((code) => ({
      townshipCode: code,
      townshipName: names.townships.get(code) ?? null,
      ...sum(rows.filter((r) => r.townshipCode === code)),
    })),
    sites: rows
      .filter((r) => r.siteId)
      .map((r) => ({
        siteId: r.siteId!,
        siteName: names.sites.get(r.siteId!) ?? '',
        townshipCode: r.townshipCode,
        households: r.households,
        revisited: r.revisited,
        rate: rate(r.revisited, r.households),
      }))
      .sort((a, b) => a.siteName.localeCompare(b.siteName, 'zh-CN')),
  };
}

/** The households of the month not yet revisited (本月未回访), in scope. */
export async function pendingHouseholds(
  deps: Deps,
  auth: AuthState,
  q: { month: string; siteId?: string; townshipCode?: string },
): Promise<PendingList> {
  const rows = await dueHouseholds(deps.db, dueFilter(deps, auth, q.month, q), true);
  return { month: q.month, items: rows.map(({ revisitId: _r, ...r }) => r) };
}
