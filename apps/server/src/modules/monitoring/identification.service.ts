import { eq } from 'drizzle-orm';
import type { FieldError } from '@anzhi/contracts/errors';
import type { CaseDetail, CaseStepInputSchema } from '@anzhi/contracts/monitoring';
import { identificationStepPermission } from '@anzhi/contracts/monitoring';
import {
  caseStepLabels,
  categoryAllowed,
  identificationSteps,
  monitoringCategoryLabels,
} from '@anzhi/contracts/monitoring-vocabulary';
import { nextStep, postingDays, stepRefusal } from '@anzhi/domain/monitoring';
import type { z } from 'zod';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { linkAttachments } from '../../platform/files/attachments.service';
import { households } from '../registry/registry.table';
import { validationFailed } from '../registry/registry.validation';
import {
  findCaseInScope,
  getCaseDetail,
  identificationSettings,
  loadCaseView,
  staleCaseMessage,
  todayOf,
  writeCaseEvent,
} from './cases.service';
import { stepsOf } from './cases.repository';
import { monitoringCaseSteps, monitoringCases, monitoringClues } from './monitoring.table';

/*
 * Identification (识别, domain.md §4; procedure from the national monitoring rules): 入户核实 → 信息比对 → 村级评议和公示
 * → 乡镇审核 → 县级审批 → 结果公告 → 建档, in order, each by its role. A failed step ends with 不予纳入 (its note is the
 * reason); a passed 建档 includes the household with a category compatible with its 户类别 and 1–5 risk types.
 */

type StepInput = z.output<typeof CaseStepInputSchema>;

export const stepAttachmentOwner = 'monitoring_case_step';

export async function recordIdentificationStep(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  caseId: string,
  input: StepInput,
): Promise<CaseDetail> {
  const { row, household } = await loadCaseView(deps, auth, caseId);
  const permission = identificationStepPermission[input.step];
  if (!auth.permissions.includes(permission) || !(await findCaseInScope(deps.db, deps, auth, caseId, permission)))
    throw new AppError('FORBIDDEN', `您没有办理“${caseStepLabels[input.step]}”的权限`);
  if (row.version !== input.version) throw new AppError('CONFLICT', staleCaseMessage);
  if (row.status !== 'identifying') throw new AppError('CONFLICT', '该案件的识别程序已结束');
  const settings = await identificationSettings(deps.db);
  const today = todayOf(deps);
  const done = (await stepsOf(deps.db, [caseId]))
    .filter((s) => s.stage === 'identification')
    .map((s) => ({
      step: s.step as (typeof identificationSteps)[number],
      outcome: s.outcome as 'passed' | 'failed',
      stepDate: s.stepDate,
    }));
  const expected = nextStep(identificationSteps, done);
  const refusal = stepRefusal(identificationSteps, done, input.step, input.stepDate, row.startedOn);
  if (refusal && expected !== input.step)
    throw new AppError(
      'CONFLICT',
      expected ? `请按顺序办理：下一步应为“${caseStepLabels[expected]}”` : '识别程序已结束，不能再登记步骤',
    );
  const errors: FieldError[] = [];
  if (refusal) errors.push({ path: 'stepDate', message: refusal });
  if (input.stepDate > today) errors.push({ path: 'stepDate', message: '步骤日期不能晚于今天' });
  const failed = input.outcome === 'failed';
  if (failed && !input.note) errors.push({ path: 'note', message: '不予纳入时请填写原因' });
  if (input.step === 'village_review' && !failed) {
    if (!input.postedFrom) errors.push({ path: 'postedFrom', message: '请填写公示开始日期' });
    if (!input.postedTo) errors.push({ path: 'postedTo', message: '请填写公示结束日期' });
    if (input.postedFrom && input.postedTo) {
      if (postingDays(input.postedFrom, input.postedTo) < settings.postingMinDays)
        errors.push({ path: 'postedTo', message: `公示时间不少于 ${settings.postingMinDays} 天` });
      if (input.postedTo > input.stepDate) errors.push({ path: 'stepDate', message: '公示结束后才能登记村级评议结果' });
    }
  }
  const including = input.step === 'registration' && !failed;
  const risks = input.riskTypes ?? [];
  if (including) {
    if (!input.category) errors.push({ path: 'category', message: '请选择监测类别' });
    else if (!categoryAllowed(input.category, household.householdCategory ?? '')) {
      const message = `${household.householdCategory ?? '该户'}不能认定为${monitoringCategoryLabels[input.category]}（同步搬迁户不能认定为脱贫不稳定户，搬迁脱贫户不能认定为边缘易致贫户）`;
      throw new AppError('UNPROCESSABLE', message, [{ path: 'category', message }]);
    }
    if (risks.length === 0) errors.push({ path: 'riskTypes', message: '请至少选择 1 项风险类型' });
    if (risks.includes('disaster') && !input.disasterKind)
      errors.push({ path: 'disasterKind', message: '因自然灾害时请选择灾害类型' });
  }
  if (errors.length > 0) throw validationFailed(errors);

  await auditedTransaction(deps.db, deps.clock, actor, `monitoring.case.step.${input.step}`, async (tx, audit) => {
    const now = deps.clock.now();
    const [step] = await tx
      .insert(monitoringCaseSteps)
      .values({
        caseId,
        stage: 'identification',
        round: 1,
        step: input.step,
        stepDate: input.stepDate,
        outcome: input.outcome,
        note: input.note ?? null,
        participants: input.participants,
        postedFrom: input.postedFrom ?? null,
        postedTo: input.postedTo ?? null,
        attachmentIds: input.attachmentIds,
        actorId: actor.actorId,
        actorName: actor.actorName ?? auth.user.displayName,
      })
      .onConflictDoNothing()
      .returning();
    if (!step) throw new AppError('CONFLICT', staleCaseMessage);
    if (input.attachmentIds.length > 0)
      await linkAttachments(tx, {
        attachmentIds: input.attachmentIds,
        ownerType: stepAttachmentOwner,
        ownerId: step.id,
        userId: auth.user.id,
        divisionCode: household.townshipCode,
      });
    const { createdAt: _c, ...image } = step;
    audit.entity('monitoring_case_step', step.id, null, image);

    const patch: Partial<typeof monitoringCases.$inferInsert> = { version: row.version + 1, updatedAt: now };
    if (failed) {
      Object.assign(patch, { status: 'not_included', identifiedOn: input.stepDate, notIncludedReason: input.note });
    } else if (including) {
      Object.assign(patch, {
        status: 'monitored',
        identifiedOn: input.stepDate,
        category: input.category,
        riskTypes: risks,
        disasterKind: risks.includes('disaster') ? input.disasterKind : null,
        riskFlags: input.riskFlags ?? row.riskFlags,
        incomeAtIdentification:
          input.incomeAtIdentification !== undefined ? String(input.incomeAtIdentification) : null,
      });
    }
    const updated = await tx
      .update(monitoringCases)
      .set(patch)
      .where(eq(monitoringCases.id, caseId))
      .returning({ version: monitoringCases.version });
    if (updated[0]?.version !== row.version + 1) throw new AppError('CONFLICT', staleCaseMessage);
    const { updatedAt: _u, ...patchImage } = patch;
    audit.entity('monitoring_case', caseId, { status: row.status, version: row.version }, patchImage);

    if (failed || including) {
      await tx
        .update(monitoringClues)
        .set({ status: 'closed', updatedAt: now })
        .where(eq(monitoringClues.caseId, caseId));
      const status = failed ? ('not_included' as const) : ('monitored' as const);
      await writeCaseEvent(tx, audit, actor, {
        caseId,
        householdId: row.householdId,
        kind: failed ? 'not_included' : 'included',
        eventDate: input.stepDate,
        status,
        category: failed ? null : input.category,
        reason: failed ? input.note : null,
      });
      if (including && input.category) {
        const label = monitoringCategoryLabels[input.category];
        const [before] = await tx
          .select({ monitoringStatus: households.monitoringStatus })
          .from(households)
          .where(eq(households.id, row.householdId));
        await tx
          .update(households)
          .set({ monitoringStatus: label, updatedAt: now })
          .where(eq(households.id, row.householdId));
        audit.entity('household', row.householdId, before ?? null, { monitoringStatus: label });
      }
    }
  });
  return getCaseDetail(deps, auth, caseId);
}
