import path from 'node:path';
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  type ComparisonBatch,
  type ComparisonBatchQuery,
  type ComparisonCalendar,
  type ComparisonRowQuery,
  type ComparisonUploadFields,
  type ComparisonWarning,
  type ComparisonWarningQuery,
  type Deliberation,
  type DeliberationInput,
  type VerificationInput,
} from '@anzhi/contracts/comparison';
import type { Permission } from '@anzhi/contracts/permissions';
import { comparisonChainRule, type ChainFact } from '@anzhi/domain/rules/comparison-chain';
import { evaluateRule } from '@anzhi/domain/rules/registry';
import { deadlineByDay, localDate, parsePeriodKey } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error';
import { drain, linkAttachments, uploadAttachment, type UploadSource } from '../../platform/files/attachments.service';
import { cancelQueuedJob, findJobByDedupeKey } from '../../platform/jobs/jobs.repository';
import { enqueueIn } from '../../platform/jobs/jobs.service';
import { completeInboxItem } from '../../platform/notifications/notifications.service';
import { openClueInTx } from '../monitoring/clues.service';
import { divisions, sites, units } from '../org/org.table';
import { granting, hasCountyScope } from '../org/scope';
import { households } from '../registry/registry.table';
import { latestParameterSet } from '../rules/rules.repository';
import { users } from '../users/users.table';
import { ensureKinds, loadKind, uploadUnits, type KindRow } from './comparison.kinds';
import { comparisonProcessJob } from './comparison.jobs';
import { comparisonInboxSource, postComparisonInbox } from './comparison.process';
import {
  presentBatch,
  presentDeliberation,
  presentWarning,
  type BatchRow,
  type WarningRow,
} from './comparison.presenter';
import {
  comparisonBatches,
  comparisonDeliberations,
  comparisonKinds,
  comparisonRows,
  comparisonWarnings,
} from './comparison.table';

/*
 * 部门数据比对 (see README.md). Departments see their own unit's batches (counts, masked numbers), never the
 * registry; warnings are seen and verified in the scope responsible for the household; the township deliberates.
 */

export const warningOwnerType = 'comparison_warning';
const processKey = (id: string) => `comparison:process:${id}`;

// ---------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------

function seesAllBatches(auth: AuthState): boolean {
  return hasCountyScope(auth.assignments, 'comparison.read');
}

async function batchWithNames(ex: Executor, where: SQL | undefined, limit = 1, offset = 0) {
  return ex
    .select({
      batch: comparisonBatches,
      unitName: units.name,
      kindTitle: comparisonKinds.title,
      createdByName: users.displayName,
    })
    .from(comparisonBatches)
    .innerJoin(units, eq(units.id, comparisonBatches.unitId))
    .innerJoin(comparisonKinds, eq(comparisonKinds.key, comparisonBatches.kindKey))
    .innerJoin(users, eq(users.id, comparisonBatches.createdBy))
    .where(where)
    .orderBy(desc(comparisonBatches.createdAt))
    .limit(limit)
    .offset(offset);
}

type BatchWithNames = Awaited<ReturnType<typeof batchWithNames>>[number];
const present = (r: BatchWithNames) => presentBatch(r.batch, r);

async function loadVisibleBatch(deps: Deps, auth: AuthState, id: string): Promise<BatchWithNames> {
  const [row] = await batchWithNames(deps.db, eq(comparisonBatches.id, id));
  if (!row || row.batch.countyCode !== deps.config.countyCode) throw notFound('比对批次');
  if (!seesAllBatches(auth) && !uploadUnits(auth).includes(row.batch.unitId)) throw notFound('比对批次');
  return row;
}

export async function getBatch(deps: Deps, auth: AuthState, id: string): Promise<ComparisonBatch> {
  return present(await loadVisibleBatch(deps, auth, id));
}

export async function listBatches(deps: Deps, auth: AuthState, q: ComparisonBatchQuery) {
  const where: (SQL | undefined)[] = [eq(comparisonBatches.countyCode, deps.config.countyCode)];
  if (!seesAllBatches(auth)) {
    const mine = uploadUnits(auth);
    where.push(mine.length ? inArray(comparisonBatches.unitId, mine) : sql`false`);
  }
  if (q.month) where.push(eq(comparisonBatches.month, q.month));
  if (q.kindKey) where.push(eq(comparisonBatches.kindKey, q.kindKey));
  if (q.status) where.push(eq(comparisonBatches.status, q.status));
  const cond = and(...where);
  const [items, [total]] = await Promise.all([
    batchWithNames(deps.db, cond, q.pageSize, (q.page - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(comparisonBatches).where(cond),
  ]);
  return { items: items.map(present), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function listBatchRows(deps: Deps, auth: AuthState, id: string, q: ComparisonRowQuery) {
  await loadVisibleBatch(deps, auth, id);
  // 问题行: spelled `status <> 'matched'` with the literal, so the partial index of the rows not matched serves it.
  const statusCond =
    q.status === 'problem'
      ? sql`${comparisonRows.status} <> 'matched'`
      : q.status
        ? eq(comparisonRows.status, q.status)
        : undefined;
  const cond = and(eq(comparisonRows.batchId, id), statusCond);
  const [items, [total]] = await Promise.all([
    deps.db
      .select({
        rowNumber: comparisonRows.rowNumber,
        idNumberMasked: comparisonRows.idMasked,
        status: comparisonRows.status,
        reason: comparisonRows.reason,
      })
      .from(comparisonRows)
      .where(cond)
      .orderBy(asc(comparisonRows.rowNumber))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(comparisonRows).where(cond),
  ]);
  return {
    items: items.map((r) => ({ ...r, status: r.status as 'matched' | 'unmatched' | 'invalid' | 'duplicate' })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function formatOf(filename: string): 'xlsx' | 'csv' | null {
  const ext = path.extname(filename).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : null;
}

/**
 * POST /comparison/batches: a department uploads a month's file for one of its kinds. The identical file again
 * (same unit, kind, month and content) answers the existing batch and changes nothing.
 */
export async function uploadBatch(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  upload: UploadSource,
  fields: ComparisonUploadFields,
): Promise<{ batch: ComparisonBatch; created: boolean }> {
  await ensureKinds(deps.db);
  if (fields.id) {
    const [existing] = await deps.db.select().from(comparisonBatches).where(eq(comparisonBatches.id, fields.id));
    if (existing) {
      await drain(upload.stream);
      if (existing.createdBy !== auth.user.id) throw new AppError('CONFLICT', '该批次编号已被使用');
      return { batch: await getBatch(deps, auth, existing.id), created: false };
    }
  }
  const kind = await loadKind(deps.db, fields.kindKey);
  if (!kind) {
    await drain(upload.stream);
    throw new AppError('VALIDATION_FAILED', '数据类别不存在', [{ path: 'kindKey', message: '数据类别不存在' }]);
  }
  if (!uploadUnits(auth).includes(kind.unitId)) {
    await drain(upload.stream);
    throw forbidden('只能上传本单位的比对数据');
  }
  const format = formatOf(upload.filename);
  if (!format) {
    await drain(upload.stream);
    throw new AppError('VALIDATION_FAILED', '只能上传 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）', [
      { path: 'file', message: '文件类型应为 .xlsx 或 .csv' },
    ]);
  }
  const file = await uploadAttachment(deps, auth, actor, upload, { purpose: 'import', personalData: true });
  const [same] = await deps.db
    .select({ id: comparisonBatches.id })
    .from(comparisonBatches)
    .where(
      and(
        eq(comparisonBatches.unitId, kind.unitId),
        eq(comparisonBatches.kindKey, kind.key),
        eq(comparisonBatches.month, fields.month),
        eq(comparisonBatches.fileSha256, file.sha256),
        inArray(comparisonBatches.status, ['uploaded', 'processing', 'processed']),
      ),
    );
  if (same) return { batch: await getBatch(deps, auth, same.id), created: false };
  const id = fields.id ?? file.id;
  await auditedTransaction(deps.db, deps.clock, actor, 'comparison.batch.upload', async (tx, audit) => {
    const now = deps.clock.now();
    await tx.insert(comparisonBatches).values({
      id,
      countyCode: deps.config.countyCode,
      unitId: kind.unitId,
      kindKey: kind.key,
      month: fields.month,
      fileName: upload.filename,
      format,
      fileSha256: file.sha256,
      attachmentId: file.id,
      status: 'uploaded',
      counts: { rows: 0, matched: 0, unmatched: 0, invalid: 0, duplicate: 0, warnings: 0 },
      mappingInput: fields.mapping ?? null,
      createdBy: auth.user.id,
      createdAt: now,
      updatedAt: now,
    });
    await linkAttachments(tx, {
      attachmentIds: [file.id],
      ownerType: 'comparison_batch',
      ownerId: id,
      userId: auth.user.id,
    });
    await enqueueIn(
      tx,
      deps.clock,
      comparisonProcessJob,
      { batchId: id, actor },
      { dedupeKey: processKey(id), createdBy: auth.user.id },
    );
    audit.entity('comparison_batch', id, null, {
      kindKey: kind.key,
      month: fields.month,
      fileName: upload.filename,
      sha256: file.sha256,
    });
  });
  return { batch: await getBatch(deps, auth, id), created: true };
}

/** POST /comparison/batches/:id/withdraw: before processing starts. */
export async function withdrawBatch(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
): Promise<ComparisonBatch> {
  const found = await loadVisibleBatch(deps, auth, id);
  if (!uploadUnits(auth).includes(found.batch.unitId)) throw forbidden('只能撤回本单位的批次');
  if (found.batch.status === 'withdrawn') return present(found);
  if (found.batch.status !== 'uploaded') throw new AppError('CONFLICT', '该批次已开始比对，不能撤回');
  await auditedTransaction(deps.db, deps.clock, actor, 'comparison.batch.withdraw', async (tx, audit) => {
    const now = deps.clock.now();
    const moved = await tx
      .update(comparisonBatches)
      .set({ status: 'withdrawn', updatedAt: now })
      .where(and(eq(comparisonBatches.id, id), eq(comparisonBatches.status, 'uploaded')))
      .returning({ id: comparisonBatches.id });
    if (moved.length === 0) throw new AppError('CONFLICT', '该批次已开始比对，不能撤回');
    const job = await findJobByDedupeKey(tx, processKey(id));
    if (job) await cancelQueuedJob(tx, job.id, now);
    audit.entity('comparison_batch', id, { status: 'uploaded' }, { status: 'withdrawn' });
  });
  return getBatch(deps, auth, id);
}

// ---------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------

/** The warnings the user reaches with the permission: by site, urban community, township, or the county. */
export function warningScope(auth: AuthState, permission: Permission): SQL {
  const conds: SQL[] = [];
  for (const a of granting(auth.assignments, permission)) {
    if (a.kind === 'county') return sql`true`;
    if (a.kind === 'township' && a.divisionCode) conds.push(eq(comparisonWarnings.townshipCode, a.divisionCode));
    if (a.kind === 'site' && a.siteId) conds.push(eq(comparisonWarnings.siteId, a.siteId));
    if (a.kind === 'urban')
      conds.push(sql`${comparisonWarnings.siteId} in (select ${sites.id} from ${sites} where ${sites.urbanCommunity})`);
  }
  return conds.length === 0 ? sql`false` : (or(...conds) ?? sql`false`);
}

const kindCache = async (ex: Executor) => {
  const rows = await ex
    .select({ kind: comparisonKinds, unitName: units.name })
    .from(comparisonKinds)
    .innerJoin(units, eq(units.id, comparisonKinds.unitId));
  return new Map(rows.map((r) => [r.kind.key, r] as [string, { kind: KindRow; unitName: string }]));
};

async function warningRows(ex: Executor, where: SQL | undefined, limit: number, offset: number) {
  return ex
    .select({
      w: comparisonWarnings,
      householdNumber: households.householdNumber,
      siteName: sites.name,
      townshipName: divisions.name,
    })
    .from(comparisonWarnings)
    .innerJoin(households, eq(households.id, comparisonWarnings.householdId))
    .leftJoin(sites, eq(sites.id, comparisonWarnings.siteId))
    .leftJoin(divisions, eq(divisions.code, comparisonWarnings.townshipCode))
    .where(where)
    .orderBy(desc(comparisonWarnings.month), asc(comparisonWarnings.dueAt), asc(comparisonWarnings.id))
    .limit(limit)
    .offset(offset);
}

async function presentRows(deps: Deps, rows: Awaited<ReturnType<typeof warningRows>>): Promise<ComparisonWarning[]> {
  const kinds = await kindCache(deps.db);
  const now = deps.clock.now();
  return rows.map((r) => {
    const k = kinds.get(r.w.kindKey);
    return presentWarning(
      r.w,
      {
        kind: k?.kind,
        unitName: k?.unitName ?? '',
        householdNumber: r.householdNumber,
        siteName: r.siteName,
        townshipName: r.townshipName,
      },
      now,
    );
  });
}

export async function listWarnings(deps: Deps, auth: AuthState, q: ComparisonWarningQuery) {
  const now = deps.clock.now();
  const where = and(
    eq(comparisonWarnings.countyCode, deps.config.countyCode),
    warningScope(auth, 'comparison.read'),
    q.month ? eq(comparisonWarnings.month, q.month) : undefined,
    q.status ? eq(comparisonWarnings.status, q.status) : undefined,
    q.result ? eq(comparisonWarnings.result, q.result) : undefined,
    q.townshipCode ? eq(comparisonWarnings.townshipCode, q.townshipCode) : undefined,
    q.siteId ? eq(comparisonWarnings.siteId, q.siteId) : undefined,
    q.batchId ? eq(comparisonWarnings.batchId, q.batchId) : undefined,
    q.overdue === true
      ? sql`${comparisonWarnings.status} = 'new' and ${comparisonWarnings.dueAt} <= ${now.toISOString()}::timestamptz`
      : q.overdue === false
        ? sql`not (${comparisonWarnings.status} = 'new' and ${comparisonWarnings.dueAt} <= ${now.toISOString()}::timestamptz)`
        : undefined,
  );
  const [rows, [total]] = await Promise.all([
    warningRows(deps.db, where, q.pageSize, (q.page - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(comparisonWarnings).where(where),
  ]);
  return { items: await presentRows(deps, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function loadWarning(deps: Deps, auth: AuthState, id: string, permission: Permission): Promise<WarningRow> {
  const [row] = await deps.db
    .select()
    .from(comparisonWarnings)
    .where(
      and(
        eq(comparisonWarnings.id, id),
        eq(comparisonWarnings.countyCode, deps.config.countyCode),
        warningScope(auth, 'comparison.read'),
      ),
    );
  if (!row) throw notFound('比对预警');
  if (permission !== 'comparison.read') {
    const [ok] = await deps.db
      .select({ id: comparisonWarnings.id })
      .from(comparisonWarnings)
      .where(and(eq(comparisonWarnings.id, id), warningScope(auth, permission)));
    if (!ok) throw forbidden('您对该预警只有查看权限');
  }
  return row;
}

export async function getWarning(deps: Deps, auth: AuthState, id: string): Promise<ComparisonWarning> {
  await loadWarning(deps, auth, id, 'comparison.read');
  const rows = await warningRows(deps.db, eq(comparisonWarnings.id, id), 1, 0);
  return (await presentRows(deps, rows))[0]!;
}

export async function canSeeWarning(deps: Deps, auth: AuthState, id: string): Promise<boolean> {
  try {
    await loadWarning(deps, auth, id, 'comparison.read');
    return true;
  } catch {
    return false;
  }
}

/** POST /comparison/warnings/:id/verification: the on-site verification (入户核实); may be corrected until deliberated. */
export async function verifyWarning(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: VerificationInput,
): Promise<ComparisonWarning> {
  const w = await loadWarning(deps, auth, id, 'comparison.verify');
  if (w.status !== 'new' && w.status !== 'verified')
    throw new AppError('CONFLICT', '该预警已经研判，不能再修改核实结果');
  await auditedTransaction(deps.db, deps.clock, actor, 'comparison.warning.verify', async (tx, audit) => {
    const now = deps.clock.now();
    const moved = await tx
      .update(comparisonWarnings)
      .set({
        status: 'verified',
        result: input.result,
        notes: input.notes ?? null,
        attachmentId: input.attachmentId ?? null,
        verifiedBy: auth.user.id,
        verifiedByName: auth.user.displayName,
        verifiedAt: now,
        updatedAt: now,
      })
      .where(and(eq(comparisonWarnings.id, id), inArray(comparisonWarnings.status, ['new', 'verified'])))
      .returning({ id: comparisonWarnings.id });
    if (moved.length === 0) throw new AppError('CONFLICT', '该预警状态已变化，请刷新后重试');
    if (input.attachmentId)
      await linkAttachments(tx, {
        attachmentIds: [input.attachmentId],
        ownerType: warningOwnerType,
        ownerId: id,
        userId: auth.user.id,
        divisionCode: w.townshipCode,
      });
    audit.entity(
      'comparison_warning',
      id,
      { status: w.status, result: w.result },
      { status: 'verified', result: input.result, notes: input.notes ?? null },
    );
    // The place's to-do is done once none of its warnings of the month waits for verification.
    const [left] = await tx
      .select({ n: count() })
      .from(comparisonWarnings)
      .where(
        and(
          eq(comparisonWarnings.month, w.month),
          eq(comparisonWarnings.status, 'new'),
          eq(comparisonWarnings.townshipCode, w.townshipCode),
          w.siteId ? eq(comparisonWarnings.siteId, w.siteId) : sql`${comparisonWarnings.siteId} is null`,
        ),
      );
    const ref = `${w.month}:${w.siteId ?? w.townshipCode}`;
    if ((left?.n ?? 0) === 0)
      await completeInboxItem(tx, deps.clock, { source: comparisonInboxSource, sourceRef: ref, doneBy: auth.user.id });
    else await postComparisonInbox(tx, deps, w.month, null, [{ site_id: w.siteId, township_code: w.townshipCode }]);
  });
  return getWarning(deps, auth, id);
}

// ---------------------------------------------------------------------------------------------
// Deliberations (综合研判)
// ---------------------------------------------------------------------------------------------

function deliberationScope(auth: AuthState, permission: Permission): SQL {
  const conds: SQL[] = [];
  for (const a of granting(auth.assignments, permission)) {
    if (a.kind === 'county') return sql`true`;
    if (a.kind === 'township' && a.divisionCode) conds.push(eq(comparisonDeliberations.townshipCode, a.divisionCode));
    if (a.kind === 'site' && a.siteId)
      conds.push(
        sql`${comparisonDeliberations.townshipCode} = (select ${sites.townshipCode} from ${sites} where ${sites.id} = ${a.siteId})`,
      );
    if (a.kind === 'urban')
      conds.push(
        sql`${comparisonDeliberations.townshipCode} in (select ${sites.townshipCode} from ${sites} where ${sites.urbanCommunity})`,
      );
  }
  return conds.length === 0 ? sql`false` : (or(...conds) ?? sql`false`);
}

function mayDeliberate(auth: AuthState, townshipCode: string): boolean {
  return granting(auth.assignments, 'comparison.deliberate').some(
    (a) => a.kind === 'county' || (a.kind === 'township' && a.divisionCode === townshipCode),
  );
}

async function presentDeliberations(deps: Deps, where: SQL | undefined): Promise<Deliberation[]> {
  const rows = await deps.db
    .select({ d: comparisonDeliberations, townshipName: divisions.name })
    .from(comparisonDeliberations)
    .leftJoin(divisions, eq(divisions.code, comparisonDeliberations.townshipCode))
    .where(where)
    .orderBy(desc(comparisonDeliberations.month), asc(comparisonDeliberations.townshipCode));
  const ids = rows.map((r) => r.d.id);
  const clues = ids.length
    ? await deps.db
        .select({ d: comparisonWarnings.deliberationId, clueId: comparisonWarnings.clueId })
        .from(comparisonWarnings)
        .where(and(inArray(comparisonWarnings.deliberationId, ids), eq(comparisonWarnings.status, 'escalated')))
    : [];
  return rows.map((r) =>
    presentDeliberation(
      r.d,
      r.townshipName,
      clues.filter((c) => c.d === r.d.id && c.clueId).map((c) => c.clueId!),
    ),
  );
}

export async function listDeliberations(deps: Deps, auth: AuthState, q: { month?: string | undefined }) {
  return {
    items: await presentDeliberations(
      deps,
      and(
        eq(comparisonDeliberations.countyCode, deps.config.countyCode),
        deliberationScope(auth, 'comparison.read'),
        q.month ? eq(comparisonDeliberations.month, q.month) : undefined,
      ),
    ),
  };
}

/**
 * POST /comparison/deliberations: the township's monthly 综合研判. The chosen confirmed warnings become monitoring
 * clues in the same transaction (source department_warning, ref = the warning id); the month's other verified
 * warnings of the township are dismissed. A replay of the same id answers the deliberation it created.
 */
export async function holdDeliberation(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: DeliberationInput,
): Promise<{ deliberation: Deliberation; created: boolean }> {
  const [replay] = await presentDeliberations(deps, eq(comparisonDeliberations.id, input.id));
  if (replay) return { deliberation: replay, created: false };
  if (!mayDeliberate(auth, input.townshipCode)) throw notFound('乡镇');
  if (input.heldOn > localDate(deps.clock.now()))
    throw new AppError('VALIDATION_FAILED', '研判日期不能晚于今天', [
      { path: 'heldOn', message: '研判日期不能晚于今天' },
    ]);
  const kinds = await kindCache(deps.db);
  await auditedTransaction(deps.db, deps.clock, actor, 'comparison.deliberation.hold', async (tx, audit) => {
    const now = deps.clock.now();
    const candidates = await tx
      .select()
      .from(comparisonWarnings)
      .where(
        and(
          eq(comparisonWarnings.townshipCode, input.townshipCode),
          eq(comparisonWarnings.month, input.month),
          eq(comparisonWarnings.status, 'verified'),
        ),
      )
      .for('update');
    const chosen = new Set(input.escalateWarningIds);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    for (const id of chosen) {
      const w = byId.get(id);
      if (!w) throw new AppError('CONFLICT', '所选预警不是本乡镇本月已核实的预警，或已研判');
      if (w.result !== 'confirmed') throw new AppError('CONFLICT', '只有核实属实的预警才能转为监测线索');
    }
    try {
      await tx.insert(comparisonDeliberations).values({
        id: input.id,
        countyCode: deps.config.countyCode,
        townshipCode: input.townshipCode,
        month: input.month,
        heldOn: input.heldOn,
        participants: input.participants,
        notes: input.notes ?? null,
        escalated: chosen.size,
        dismissed: candidates.length - chosen.size,
        createdBy: auth.user.id,
        createdByName: auth.user.displayName,
        createdAt: now,
      });
    } catch (err) {
      if (String((err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code) === '23505')
        throw new AppError('CONFLICT', `该乡镇 ${input.month} 已召开综合研判`);
      throw err;
    }
    for (const w of candidates) {
      if (chosen.has(w.id)) {
        const k = kinds.get(w.kindKey);
        const rule = k?.kind.rules.find((r) => r.id === w.ruleId);
        const { clue } = await openClueInTx(tx, audit, actor, {
          householdId: w.householdId,
          source: 'department_warning',
          sourceRef: w.id,
          reason: `${k?.unitName ?? ''}${k?.kind.title ?? ''}比对预警：${rule?.title ?? w.ruleId}${w.personName ? `（${w.personName}）` : ''}`,
          riskTypes: rule ? [rule.riskType] : [],
          details: {
            warningId: w.id,
            batchId: w.batchId,
            kindKey: w.kindKey,
            ruleId: w.ruleId,
            ruleVersion: w.ruleVersion,
            values: w.values,
            verificationNotes: w.notes,
            deliberationId: input.id,
          },
          reportedOn: input.heldOn,
        });
        await tx
          .update(comparisonWarnings)
          .set({ status: 'escalated', deliberationId: input.id, clueId: clue.id, updatedAt: now })
          .where(eq(comparisonWarnings.id, w.id));
        audit.entity('comparison_warning', w.id, { status: 'verified' }, { status: 'escalated', clueId: clue.id });
      } else {
        await tx
          .update(comparisonWarnings)
          .set({ status: 'dismissed', deliberationId: input.id, updatedAt: now })
          .where(eq(comparisonWarnings.id, w.id));
        audit.entity('comparison_warning', w.id, { status: 'verified' }, { status: 'dismissed' });
      }
    }
    audit.entity('comparison_deliberation', input.id, null, {
      townshipCode: input.townshipCode,
      month: input.month,
      heldOn: input.heldOn,
      escalated: chosen.size,
      dismissed: candidates.length - chosen.size,
    });
  });
  const [created] = await presentDeliberations(deps, eq(comparisonDeliberations.id, input.id));
  return { deliberation: created!, created: true };
}

// ---------------------------------------------------------------------------------------------
// Calendar and R05
// ---------------------------------------------------------------------------------------------

/**
 * The facts R05 judges for a month: every department with its kinds and first delivery, every place with its
 * warnings (in the caller's scope; the whole county when `auth` is null, for the rules engine's month run).
 */
export async function chainFacts(deps: Pick<Deps, 'db' | 'config'>, month: string, auth: AuthState | null) {
  await ensureKinds(deps.db);
  const county = auth === null || seesAllBatches(auth);
  const mine = auth ? uploadUnits(auth) : [];
  // Delivery is not personal data: everyone sees every department, except a department user (its own).
  const kinds = [...(await kindCache(deps.db)).values()].filter(
    (k) => county || mine.length === 0 || mine.includes(k.kind.unitId),
  );
  const batches = await deps.db
    .select()
    .from(comparisonBatches)
    .where(
      and(
        eq(comparisonBatches.countyCode, deps.config.countyCode),
        eq(comparisonBatches.month, month),
        inArray(comparisonBatches.status, ['processed', 'processing', 'uploaded', 'superseded']),
      ),
    );
  const firstDelivery = (key: string): BatchRow | undefined =>
    batches.filter((b) => b.kindKey === key).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  const byUnit = new Map<string, { unitName: string; kinds: typeof kinds }>();
  for (const k of kinds) {
    const e = byUnit.get(k.kind.unitId) ?? { unitName: k.unitName, kinds: [] };
    e.kinds.push(k);
    byUnit.set(k.kind.unitId, e);
  }
  const facts: ChainFact[] = [...byUnit.entries()].map(([unitId, e]) => ({
    entity: 'department',
    id: unitId,
    name: e.unitName,
    kinds: e.kinds.map((k) => {
      const b = firstDelivery(k.kind.key);
      return { key: k.kind.key, title: k.kind.title, deliveredAt: b?.createdAt ?? null, batchId: b?.id ?? null };
    }),
  }));
  const warnings = await deps.db
    .select({
      id: comparisonWarnings.id,
      siteId: comparisonWarnings.siteId,
      townshipCode: comparisonWarnings.townshipCode,
      verifiedAt: comparisonWarnings.verifiedAt,
      siteName: sites.name,
      townshipName: divisions.name,
    })
    .from(comparisonWarnings)
    .leftJoin(sites, eq(sites.id, comparisonWarnings.siteId))
    .leftJoin(divisions, eq(divisions.code, comparisonWarnings.townshipCode))
    .where(
      and(
        eq(comparisonWarnings.month, month),
        eq(comparisonWarnings.countyCode, deps.config.countyCode),
        auth ? warningScope(auth, 'comparison.read') : undefined,
      ),
    );
  const deliberations = await deps.db
    .select()
    .from(comparisonDeliberations)
    .where(eq(comparisonDeliberations.month, month));
  const places = new Map<string, { siteId: string | null; name: string; townshipCode: string; ws: typeof warnings }>();
  for (const w of warnings) {
    const key = w.siteId ? `site:${w.siteId}` : `township:${w.townshipCode}`;
    const e = places.get(key) ?? {
      siteId: w.siteId,
      name: w.siteName ?? `${w.townshipName ?? w.townshipCode}（分散安置）`,
      townshipCode: w.townshipCode,
      ws: [],
    };
    e.ws.push(w);
    places.set(key, e);
  }
  for (const [key, p] of places) {
    const d = deliberations.find((x) => x.townshipCode === p.townshipCode);
    facts.push({
      entity: 'place',
      id: key,
      name: p.name,
      warnings: p.ws.map((w) => ({ id: w.id, verifiedAt: w.verifiedAt })),
      deliberation: d ? { id: d.id, heldOn: d.heldOn } : null,
    });
  }
  return { facts, byUnit, places, deliberations };
}

/** R05's stored parameters (the rules page), or its defaults. */
async function chainParameters(deps: Pick<Deps, 'db'>) {
  const stored = await latestParameterSet(deps.db, comparisonChainRule.id);
  return { version: stored?.version ?? 0, parameters: stored?.parameters ?? {} };
}

/** R05 for the whole county (the rules engine's month run). */
export async function evaluateChainRule(deps: Pick<Deps, 'db' | 'config' | 'clock'>, month: string) {
  const { facts } = await chainFacts(deps, month, null);
  const p = await chainParameters(deps);
  return evaluateRule(comparisonChainRule, facts, {
    parameterVersion: p.version,
    parameters: p.parameters,
    period: parsePeriodKey(month),
    clock: deps.clock,
  });
}

/** GET /comparison/calendar: per department and per place, whether the month's chain was done by the 25th (R05). */
export async function comparisonCalendar(deps: Deps, auth: AuthState, month: string): Promise<ComparisonCalendar> {
  const { facts, byUnit, places, deliberations } = await chainFacts(deps, month, auth);
  const params = await chainParameters(deps);
  const run = evaluateRule(comparisonChainRule, facts, {
    parameterVersion: params.version,
    parameters: params.parameters,
    period: parsePeriodKey(month),
    clock: deps.clock,
  });
  const deadline = deadlineByDay(month, run.parameters.chainDay);
  const verdictOf = (id: string) => {
    const v = run.results.find((r) => r.entityId === id)?.verdict ?? 'not_applicable';
    return v === 'not_met' && deps.clock.now() < deadline ? ('pending' as const) : v;
  };
  return {
    month,
    deadline: deadline.toISOString(),
    departments: [...byUnit.entries()]
      .map(([unitId, e]) => {
        const f = facts.find((x) => x.id === unitId) as Extract<ChainFact, { entity: 'department' }>;
        return {
          unitId,
          unitName: e.unitName,
          kinds: f.kinds.map((k) => ({
            kindKey: k.key,
            title: k.title,
            deliveredAt: k.deliveredAt?.toISOString() ?? null,
          })),
          deliveredByDeadline: f.kinds.some((k) => k.deliveredAt !== null && k.deliveredAt < deadline),
          verdict: verdictOf(unitId),
        };
      })
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    sites: [...places.entries()]
      .map(([key, p]) => ({
        placeKey: key,
        siteId: p.siteId,
        name: p.name,
        townshipCode: p.townshipCode,
        warnings: p.ws.length,
        verifiedByDeadline: p.ws.filter((w) => w.verifiedAt !== null && w.verifiedAt < deadline).length,
        deliberationHeldOn: deliberations.find((x) => x.townshipCode === p.townshipCode)?.heldOn ?? null,
        verdict: verdictOf(key),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  };
}
