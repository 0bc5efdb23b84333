import { and, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  defaultCountyChiefDuties,
  defaultSiteChiefDuties,
  type ChiefAssignment,
  type ChiefAssignmentInput,
  type ChiefAssignmentUpdate,
  type ChiefReport,
  type ChiefReportInput,
  type ChiefVisit,
  type ChiefVisitInput,
} from '@anzhi/contracts/chiefs';
import { ChiefReportInputSchema, ChiefVisitInputSchema } from '@anzhi/contracts/chiefs';
import { uuidv7 } from '@anzhi/domain/ids';
import { localDate, parsePeriodKey } from '@anzhi/domain/periods';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error';
import { linkAttachments } from '../../platform/files/attachments.service';
import { sites } from '../org/org.table';
import { hasCountyScope, siteInScope, siteScope } from '../org/scope';
import { insertAssignment } from '../users/role-assignments.service';
import { findUserById } from '../users/users.repository';
import { roleAssignments } from '../users/users.table';
import { presentAssignment, presentReport, presentVisit } from './chiefs.presenter';
import {
  attachmentIdsOf,
  countyChiefOn,
  findAssignment,
  findReportRow,
  findVisitRow,
  insertChiefAssignment,
  insertReport,
  insertVisit,
  overlappingTerms,
  selectAssignments,
  selectReports,
  selectVisits,
  siteNames,
  termCovering,
  updateChiefAssignment,
  type ChiefAssignmentView,
} from './chiefs.repository';
import { chiefAssignments, chiefReports, chiefVisits } from './chiefs.table';

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

async function loadSite(ex: Executor, id: string) {
  const [row] = await ex.select().from(sites).where(eq(sites.id, id)).limit(1);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Terms (任命), plans, duties, task lists
// ---------------------------------------------------------------------------------------------

function canUpdateTerm(auth: AuthState, view: ChiefAssignmentView): boolean {
  return auth.permissions.includes('chief.manage') || view.a.userId === auth.user.id;
}

/** Chief terms visible to the viewer: the county chief's, those at sites in scope, and their own. */
function visibleTerms(auth: AuthState): SQL {
  return or(
    eq(chiefAssignments.kind, 'county_chief'),
    siteScope(auth.assignments, 'chief.read'),
    eq(chiefAssignments.userId, auth.user.id),
  )!;
}

export async function listChiefAssignments(
  deps: Deps,
  auth: AuthState,
  q: { kind?: string | undefined; siteId?: string | undefined; userId?: string | undefined; currentOnly: boolean },
): Promise<ChiefAssignment[]> {
  const today = localDate(deps.clock.now());
  const conds: SQL[] = [visibleTerms(auth)];
  if (q.kind) conds.push(eq(chiefAssignments.kind, q.kind));
  if (q.siteId) conds.push(eq(chiefAssignments.siteId, q.siteId));
  if (q.userId) conds.push(eq(chiefAssignments.userId, q.userId));
  if (q.currentOnly) {
    conds.push(sql`${chiefAssignments.fromDate} <= ${today}`);
    conds.push(or(sql`${chiefAssignments.toDate} is null`, gte(chiefAssignments.toDate, today))!);
  }
  const rows = await selectAssignments(deps.db, and(...conds));
  return rows.map((r) => presentAssignment(r, today, canUpdateTerm(auth, r)));
}

async function visibleAssignment(deps: Deps, auth: AuthState, id: string): Promise<ChiefAssignmentView> {
  const [row] = await selectAssignments(deps.db, and(eq(chiefAssignments.id, id), visibleTerms(auth)));
  if (!row) throw notFound('点长任命');
  return row;
}

export async function getChiefAssignment(deps: Deps, auth: AuthState, id: string): Promise<ChiefAssignment> {
  const row = await visibleAssignment(deps, auth, id);
  return presentAssignment(row, localDate(deps.clock.now()), canUpdateTerm(auth, row));
}

/** The role assignment that carries the chief's scope: reused when it exists, created otherwise. */
async function ensureRoleAssignment(tx: Tx, userId: string, kind: string, siteId: string | null, now: Date) {
  const [existing] = await tx
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.userId, userId),
        eq(roleAssignments.role, kind),
        siteId ? eq(roleAssignments.siteId, siteId) : sql`${roleAssignments.siteId} is null`,
      ),
    )
    .limit(1);
  if (existing) return existing.id;
  const role = kind === 'site_chief' ? 'site_chief' : 'county_chief';
  return insertAssignment(tx, userId, { role, divisionCode: null, siteId, unitId: null }, now);
}

export async function createChiefAssignment(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: ChiefAssignmentInput,
): Promise<ChiefAssignment> {
  if (input.id && (await findAssignment(deps.db, input.id))) return getChiefAssignment(deps, auth, input.id);
  const user = await findUserById(deps.db, input.userId);
  if (!user || !user.active) throw invalid('userId', '人员不存在或已停用');
  const siteId = input.kind === 'site_chief' ? input.siteId! : null;
  if (siteId) {
    const site = await loadSite(deps.db, siteId);
    if (!site || !siteInScope(auth.assignments, 'chief.manage', site)) throw notFound('安置点');
  }
  const to = input.to ?? null;
  const clash = await overlappingTerms(deps.db, {
    userId: input.userId,
    kind: input.kind,
    siteId,
    from: input.from,
    to,
  });
  if (clash.length > 0) throw new AppError('CONFLICT', '该人员在此期间已有相同的任命，请修改原任命的起止日期');
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'chief.assignment.create', async (tx, audit) => {
    const roleAssignmentId = await ensureRoleAssignment(tx, input.userId, input.kind, siteId, now);
    const row = {
      id,
      kind: input.kind,
      userId: input.userId,
      siteId,
      roleAssignmentId,
      fromDate: input.from,
      toDate: to,
      plan: input.plan ?? '',
      duties: input.duties ?? [...(input.kind === 'site_chief' ? defaultSiteChiefDuties : defaultCountyChiefDuties)],
      tasks: input.tasks ?? [],
      createdBy: auth.user.id,
      createdAt: now,
      updatedAt: now,
    };
    await insertChiefAssignment(tx, row);
    audit.entity('chief_assignment', id, null, { kind: row.kind, userId: row.userId, siteId, from: row.fromDate, to });
  });
  return getChiefAssignment(deps, auth, id);
}

/** Managers change everything; a chief may keep their own plan and task list (not dates or duties). */
export async function changeChiefAssignment(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: ChiefAssignmentUpdate,
): Promise<ChiefAssignment> {
  const view = await visibleAssignment(deps, auth, id);
  const manager = auth.permissions.includes('chief.manage');
  if (!canUpdateTerm(auth, view)) throw forbidden('只有点长本人或点长制管理人员可以修改');
  if (!manager && (input.to !== undefined || input.duties !== undefined)) {
    throw forbidden('起止日期和工作职责由点长制管理人员维护');
  }
  const before = view.a;
  if (input.to !== undefined && input.to !== null && input.to < before.fromDate) {
    throw invalid('to', '结束日期不能早于开始日期');
  }
  const patch = {
    ...(input.to !== undefined ? { toDate: input.to } : {}),
    ...(input.plan !== undefined ? { plan: input.plan } : {}),
    ...(input.duties !== undefined ? { duties: input.duties } : {}),
    ...(input.tasks !== undefined ? { tasks: input.tasks } : {}),
    updatedAt: deps.clock.now(),
  };
  await auditedTransaction(deps.db, deps.clock, actor, 'chief.assignment.update', async (tx, audit) => {
    await updateChiefAssignment(tx, id, patch);
    audit.entity(
      'chief_assignment',
      id,
      { to: before.toDate, plan: before.plan, duties: before.duties, tasks: before.tasks },
      { to: patch.toDate ?? before.toDate, plan: patch.plan, duties: patch.duties, tasks: patch.tasks },
    );
  });
  return getChiefAssignment(deps, auth, id);
}

// ---------------------------------------------------------------------------------------------
// Visits (调研指导)
// ---------------------------------------------------------------------------------------------

async function presentVisits(deps: Deps, views: Awaited<ReturnType<typeof selectVisits>>['rows']) {
  const files = await attachmentIdsOf(
    deps.db,
    'chief_visit',
    views.map((v) => v.v.id),
  );
  return views.map((v) => presentVisit(v, files.get(v.v.id) ?? []));
}

export async function listChiefVisits(
  deps: Deps,
  auth: AuthState,
  q: {
    siteId?: string | undefined;
    chiefId?: string | undefined;
    month?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  const conds: SQL[] = [siteScope(auth.assignments, 'chief.read')];
  if (q.siteId) conds.push(eq(chiefVisits.siteId, q.siteId));
  if (q.chiefId) conds.push(eq(chiefVisits.chiefId, q.chiefId));
  if (q.month) {
    let period;
    try {
      period = parsePeriodKey(q.month);
    } catch (error) {
      throw invalid('month', error instanceof Error ? error.message : '月份无效');
    }
    conds.push(gte(chiefVisits.visitedAt, period.start), lt(chiefVisits.visitedAt, period.end));
  }
  const { rows, total } = await selectVisits(deps.db, and(...conds), q.page, q.pageSize);
  return { items: await presentVisits(deps, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getChiefVisit(deps: Deps, auth: AuthState, id: string): Promise<ChiefVisit> {
  const { rows } = await selectVisits(
    deps.db,
    and(eq(chiefVisits.id, id), siteScope(auth.assignments, 'chief.read')),
    1,
    1,
  );
  if (rows.length === 0) throw notFound('走访记录');
  return (await presentVisits(deps, rows))[0]!;
}

/**
 * Records a visit. The chief is the caller unless a manager records for someone; the site must be one
 * the chief held a term at on the visit date (R01 counts only those); a visit cannot lie in the future.
 */
export async function createChiefVisit(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  raw: ChiefVisitInput,
): Promise<ChiefVisit> {
  const input = ChiefVisitInputSchema.parse(raw);
  if (input.id) {
    const existing = await findVisitRow(deps.db, input.id);
    if (existing) return getChiefVisit(deps, auth, existing.id);
  }
  const chiefId = input.chiefId ?? auth.user.id;
  const manager = auth.permissions.includes('chief.manage');
  if (chiefId !== auth.user.id && !manager) throw forbidden('只能登记本人的走访记录');
  const site = await loadSite(deps.db, input.siteId);
  const mayRecord = manager ? 'chief.manage' : 'chief.visit.write';
  const ownSite = site
    ? await termCovering(deps.db, chiefId, site.id, localDate(new Date(input.visitedAt)))
    : undefined;
  if (!site || (!siteInScope(auth.assignments, 'chief.read', site) && !ownSite)) throw notFound('安置点');
  if (manager && !siteInScope(auth.assignments, mayRecord, site)) throw notFound('安置点');
  const visitedAt = new Date(input.visitedAt);
  if (visitedAt.getTime() > deps.clock.now().getTime()) throw invalid('visitedAt', '走访时间不能晚于当前时间');
  if (!ownSite)
    throw invalid(
      'siteId',
      `走访当日（${localDate(visitedAt)}）该安置点不在${chiefId === auth.user.id ? '您' : '该点长'}的点长任期内`,
    );
  const id = input.id ?? uuidv7();
  await auditedTransaction(deps.db, deps.clock, actor, 'chief.visit.create', async (tx, audit) => {
    const row = {
      id,
      siteId: site.id,
      chiefId,
      visitedAt,
      problemsFound: input.problemsFound,
      problemsSolved: input.problemsSolved,
      followUps: input.followUps,
      recordedBy: auth.user.id,
      createdAt: deps.clock.now(),
    };
    await insertVisit(tx, row);
    const files = await linkAttachments(tx, {
      attachmentIds: input.attachmentIds,
      ownerType: 'chief_visit',
      ownerId: id,
      userId: auth.user.id,
      divisionCode: site.townshipCode,
    });
    audit.entity('chief_visit', id, null, {
      siteId: site.id,
      chiefId,
      visitedAt: visitedAt.toISOString(),
      attachments: files.map((f) => f.id),
    });
  });
  return getChiefVisit(deps, auth, id);
}

/** Attachment access for visits: whoever may see the visit (its site in their chief.read scope). */
export async function canSeeVisit(deps: Deps, auth: AuthState, id: string): Promise<boolean> {
  const row = await findVisitRow(deps.db, id);
  if (!row) return false;
  const site = await loadSite(deps.db, row.siteId);
  return !!site && siteInScope(auth.assignments, 'chief.read', site);
}

// ---------------------------------------------------------------------------------------------
// The county chief's half-year hearings (R02)
// ---------------------------------------------------------------------------------------------

/** Hearings visible to the viewer: county-wide readers see all; others those of chiefs of their sites, and their own. */
function visibleReports(auth: AuthState): SQL {
  if (hasCountyScope(auth.assignments, 'chief.read')) return sql`true`;
  return or(
    eq(chiefReports.siteChiefId, auth.user.id),
    sql`exists (select 1 from ${chiefAssignments} ca join ${sites} on ${sites.id} = ca.site_id
      where ca.user_id = ${chiefReports.siteChiefId} and ${siteScope(auth.assignments, 'chief.read')})`,
  )!;
}

async function presentReports(deps: Deps, views: Awaited<ReturnType<typeof selectReports>>['rows']) {
  const names = await siteNames(deps.db, [...new Set(views.flatMap((v) => v.r.siteIds))]);
  const files = await attachmentIdsOf(
    deps.db,
    'chief_report',
    views.map((v) => v.r.id),
  );
  return views.map((v) => presentReport(v, names, files.get(v.r.id) ?? []));
}

export async function listChiefReports(
  deps: Deps,
  auth: AuthState,
  q: { siteChiefId?: string | undefined; halfYear?: string | undefined; page: number; pageSize: number },
) {
  const conds: SQL[] = [visibleReports(auth)];
  if (q.siteChiefId) conds.push(eq(chiefReports.siteChiefId, q.siteChiefId));
  if (q.halfYear) {
    const period = parsePeriodKey(q.halfYear);
    conds.push(gte(chiefReports.heardAt, period.start), lt(chiefReports.heardAt, period.end));
  }
  const { rows, total } = await selectReports(deps.db, and(...conds), q.page, q.pageSize);
  return { items: await presentReports(deps, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getChiefReport(deps: Deps, auth: AuthState, id: string): Promise<ChiefReport> {
  const { rows } = await selectReports(deps.db, and(eq(chiefReports.id, id), visibleReports(auth)), 1, 1);
  if (rows.length === 0) throw notFound('汇报记录');
  return (await presentReports(deps, rows))[0]!;
}

/** Records that the county chief heard a site chief's report; the chief must have been in office that day. */
export async function createChiefReport(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  raw: ChiefReportInput,
): Promise<ChiefReport> {
  const input = ChiefReportInputSchema.parse(raw);
  if (input.id && (await findReportRow(deps.db, input.id))) return getChiefReport(deps, auth, input.id);
  const heardAt = new Date(input.heardAt);
  if (heardAt.getTime() > deps.clock.now().getTime()) throw invalid('heardAt', '汇报时间不能晚于当前时间');
  const day = localDate(heardAt);
  const terms = await selectAssignments(
    deps.db,
    and(
      eq(chiefAssignments.userId, input.siteChiefId),
      eq(chiefAssignments.kind, 'site_chief'),
      sql`${chiefAssignments.fromDate} <= ${day}`,
      or(sql`${chiefAssignments.toDate} is null`, gte(chiefAssignments.toDate, day)),
    ),
  );
  if (terms.length === 0) throw invalid('siteChiefId', `汇报当日（${day}）该人员不是在任点长`);
  const chiefSites = new Set(terms.map((t) => t.a.siteId));
  const siteIds = input.siteIds.length > 0 ? input.siteIds : [...chiefSites].filter((s): s is string => !!s);
  const foreign = siteIds.filter((s) => !chiefSites.has(s));
  if (foreign.length > 0) throw invalid('siteIds', '所选安置点不都是该点长负责的安置点');
  const countyChiefId = auth.roles.includes('county_chief') ? auth.user.id : await countyChiefOn(deps.db, day);
  const id = input.id ?? uuidv7();
  await auditedTransaction(deps.db, deps.clock, actor, 'chief.report.create', async (tx, audit) => {
    await insertReport(tx, {
      id,
      heardAt,
      siteChiefId: input.siteChiefId,
      countyChiefId,
      siteIds,
      summary: input.summary,
      recordedBy: auth.user.id,
      createdAt: deps.clock.now(),
    });
    const files = await linkAttachments(tx, {
      attachmentIds: input.attachmentIds,
      ownerType: 'chief_report',
      ownerId: id,
      userId: auth.user.id,
    });
    audit.entity('chief_report', id, null, {
      siteChiefId: input.siteChiefId,
      heardAt: heardAt.toISOString(),
      siteIds,
      attachments: files.map((f) => f.id),
    });
  });
  return getChiefReport(deps, auth, id);
}

export async function canSeeReport(deps: Deps, auth: AuthState, id: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ id: chiefReports.id })
    .from(chiefReports)
    .where(and(eq(chiefReports.id, id), visibleReports(auth)))
    .limit(1);
  return !!row;
}
