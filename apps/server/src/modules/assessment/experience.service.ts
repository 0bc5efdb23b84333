import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  ExperienceMarkInputSchema,
  ExperienceReportInputSchema,
  type ExperienceMarkInput,
  type ExperienceReport,
  type ExperienceReportInput,
  type ExperienceReportPage,
} from '@anzhi/contracts/assessment';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { forbidden, notFound } from '../../platform/errors/app-error';
import { linkAttachments } from '../../platform/files/attachments.service';
import { attachmentIdsOf } from '../chiefs/chiefs.repository';
import { divisions, units } from '../org/org.table';
import { granting } from '../org/scope';
import { users } from '../users/users.table';
import { experienceReports } from './assessment.table';

const submitter = alias(users, 'experience_submitter');
const marker = alias(users, 'experience_marker');

/** The township or unit a user submits for (§28: townships and the 城市社区党工委、管委会). */
async function submitterOf(deps: Deps, auth: AuthState) {
  for (const a of granting(auth.assignments, 'experience.submit')) {
    if (a.divisionCode) {
      const [d] = await deps.db
        .select({ name: divisions.name })
        .from(divisions)
        .where(eq(divisions.code, a.divisionCode));
      if (d) return { divisionCode: a.divisionCode, unitId: null, label: d.name };
    }
    if (a.unitId) {
      const [u] = await deps.db.select({ name: units.name }).from(units).where(eq(units.id, a.unitId));
      if (u) return { divisionCode: null, unitId: a.unitId, label: u.name };
    }
  }
  return null;
}

/** Markers see every report; submitters those of their own township or unit. */
function visibleReports(auth: AuthState): SQL {
  if (auth.permissions.includes('experience.mark')) return sql`true`;
  const conds: SQL[] = [eq(experienceReports.submittedBy, auth.user.id)];
  for (const a of granting(auth.assignments, 'experience.read')) {
    if (a.divisionCode) conds.push(eq(experienceReports.divisionCode, a.divisionCode));
    if (a.unitId) conds.push(eq(experienceReports.unitId, a.unitId));
  }
  return or(...conds)!;
}

async function select(deps: Deps, auth: AuthState, where: SQL | undefined, page: number, pageSize: number) {
  const rows = await deps.db
    .select({ r: experienceReports, submittedByName: submitter.displayName, markedByName: marker.displayName })
    .from(experienceReports)
    .innerJoin(submitter, eq(submitter.id, experienceReports.submittedBy))
    .leftJoin(marker, eq(marker.id, experienceReports.markedBy))
    .where(and(visibleReports(auth), where))
    .orderBy(desc(experienceReports.submittedAt), desc(experienceReports.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const files = await attachmentIdsOf(
    deps.db,
    'experience_report',
    rows.map((r) => r.r.id),
  );
  const canMark = auth.permissions.includes('experience.mark');
  return rows.map(({ r, submittedByName, markedByName }): ExperienceReport => ({
    id: r.id,
    year: r.year,
    title: r.title,
    body: r.body,
    submitterLabel: r.submitterLabel,
    submittedByName,
    submittedAt: r.submittedAt.toISOString(),
    score: r.score,
    grade: r.grade,
    comment: r.comment,
    markedByName,
    markedAt: r.markedAt?.toISOString() ?? null,
    attachmentIds: files.get(r.id) ?? [],
    abilities: { mark: canMark },
  }));
}

export async function listExperienceReports(
  deps: Deps,
  auth: AuthState,
  q: { year?: number | undefined; page: number; pageSize: number },
): Promise<ExperienceReportPage> {
  const where = q.year ? eq(experienceReports.year, q.year) : undefined;
  const [total] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(experienceReports)
    .where(and(visibleReports(auth), where));
  const items = await select(deps, auth, where, q.page, q.pageSize);
  const canSubmit = auth.permissions.includes('experience.submit') && (await submitterOf(deps, auth)) !== null;
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize, abilities: { submit: canSubmit } };
}

export async function getExperienceReport(deps: Deps, auth: AuthState, id: string): Promise<ExperienceReport> {
  const [row] = await select(deps, auth, eq(experienceReports.id, id), 1, 1);
  if (!row) throw notFound('经验做法材料');
  return row;
}

export async function submitExperienceReport(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  raw: ExperienceReportInput,
): Promise<ExperienceReport> {
  const input = ExperienceReportInputSchema.parse(raw);
  if (input.id) {
    const [existing] = await deps.db
      .select({ id: experienceReports.id })
      .from(experienceReports)
      .where(eq(experienceReports.id, input.id));
    if (existing) return getExperienceReport(deps, auth, existing.id);
  }
  const who = await submitterOf(deps, auth);
  if (!who) throw forbidden('只有乡镇、城市社区用户可以报送经验做法材料');
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'experience.submit', async (tx, audit) => {
    await tx.insert(experienceReports).values({
      id,
      year: input.year,
      title: input.title,
      body: input.body,
      divisionCode: who.divisionCode,
      unitId: who.unitId,
      submitterLabel: who.label,
      submittedBy: auth.user.id,
      submittedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const files = await linkAttachments(tx, {
      attachmentIds: input.attachmentIds,
      ownerType: 'experience_report',
      ownerId: id,
      userId: auth.user.id,
      divisionCode: who.divisionCode,
    });
    audit.entity('experience_report', id, null, {
      year: input.year,
      title: input.title,
      submitter: who.label,
      attachments: files.map((f) => f.id),
    });
  });
  return getExperienceReport(deps, auth, id);
}

/** The county marks a report (score and/or grade, comment); marking again replaces the mark, audited. */
export async function markExperienceReport(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  raw: ExperienceMarkInput,
): Promise<ExperienceReport> {
  const input = ExperienceMarkInputSchema.parse(raw);
  const [before] = await deps.db.select().from(experienceReports).where(eq(experienceReports.id, id));
  if (!before) throw notFound('经验做法材料');
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'experience.mark', async (tx, audit) => {
    const patch = {
      score: input.score,
      grade: input.grade,
      comment: input.comment,
      markedBy: auth.user.id,
      markedAt: now,
      updatedAt: now,
    };
    await tx.update(experienceReports).set(patch).where(eq(experienceReports.id, id));
    audit.entity(
      'experience_report',
      id,
      { score: before.score, grade: before.grade, comment: before.comment },
      { score: patch.score, grade: patch.grade, comment: patch.comment },
    );
  });
  return getExperienceReport(deps, auth, id);
}

export async function canSeeExperienceReport(deps: Deps, auth: AuthState, id: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ id: experienceReports.id })
    .from(experienceReports)
    .where(and(eq(experienceReports.id, id), visibleReports(auth)));
  return !!row;
}
