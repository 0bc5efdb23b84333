import { and, eq, lte } from 'drizzle-orm';
import { identificationStepPermission } from '@anzhi/contracts/monitoring';
import { caseStepLabels, identificationSteps } from '@anzhi/contracts/monitoring-vocabulary';
import { roleScopeKind, type Role } from '@anzhi/contracts/permissions';
import { identificationClock, nextStep } from '@anzhi/domain/monitoring';
import { addDays, localDate, localDateToInstant } from '@anzhi/domain/periods';
import { alias } from 'drizzle-orm/pg-core';
import { auditedTransaction, systemActor } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { definePeriodic } from '../../platform/jobs/job-definition';
import { postInboxItem } from '../../platform/notifications/notifications.service';
import { divisions, sites } from '../org/org.table';
import type { Assignment } from '../org/scope';
import { householdInScope } from '../registry/registry.scope';
import { households } from '../registry/registry.table';
import { roleAssignments, users } from '../users/users.table';
import { identificationSettings } from './cases.service';
import { stepsOf } from './cases.repository';
import { monitoringCases } from './monitoring.table';

export const identificationInboxSource = 'monitoring.identification';
export const caseLink = (caseId: string) => `/monitoring/cases/${caseId}`;

const destVillage = alias(divisions, 'ic_dest_village');

/**
 * 识别时限提醒: identifying cases past their due day or with at most `atRiskDays` left (R07 parameters) go to the
 * inbox of every user who may record the case's next step on its household (site staff / township / county).
 * Inbox items are upserts per case and user, so a repeated run adds nothing twice.
 */
export async function runIdentificationClockSweep(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const today = localDate(deps.clock.now());
  const settings = await identificationSettings(deps.db);
  const rows = await deps.db
    .select({
      c: monitoringCases,
      householdNumber: households.householdNumber,
      site: { id: sites.id, townshipCode: sites.townshipCode, urbanCommunity: sites.urbanCommunity },
      destinationTownshipCode: destVillage.parentCode,
    })
    .from(monitoringCases)
    .innerJoin(households, eq(households.id, monitoringCases.householdId))
    .leftJoin(sites, eq(sites.id, households.siteId))
    .leftJoin(destVillage, eq(destVillage.code, households.destinationVillageCode))
    .where(
      and(
        eq(monitoringCases.countyCode, deps.config.countyCode),
        eq(monitoringCases.status, 'identifying'),
        // Only cases already at risk or late: due within atRiskDays from today.
        lte(monitoringCases.dueOn, addDays(today, settings.atRiskDays)),
      ),
    );
  const flagged = rows.filter((r) => {
    const clock = identificationClock(r.c.startedOn, today, settings);
    return clock.late || clock.atRisk;
  });
  const steps = await stepsOf(
    deps.db,
    flagged.map((r) => r.c.id),
  );
  const assignmentRows = await deps.db
    .select({ userId: roleAssignments.userId, a: roleAssignments })
    .from(roleAssignments)
    .innerJoin(users, and(eq(users.id, roleAssignments.userId), eq(users.active, true)));
  const byUser = new Map<string, Assignment[]>();
  for (const { userId, a } of assignmentRows) {
    const list = byUser.get(userId) ?? [];
    list.push({
      id: a.id,
      role: a.role as Role,
      kind: roleScopeKind[a.role as Role],
      divisionCode: a.divisionCode,
      siteId: a.siteId,
      unitId: a.unitId,
    });
    byUser.set(userId, list);
  }
  let posted = 0;
  await auditedTransaction(deps.db, deps.clock, systemActor, 'monitoring.identification.sweep', async (tx, audit) => {
    for (const r of flagged) {
      const done = steps
        .filter((s) => s.caseId === r.c.id && s.stage === 'identification')
        .map((s) => ({
          step: s.step as (typeof identificationSteps)[number],
          outcome: s.outcome as 'passed' | 'failed',
          stepDate: s.stepDate,
        }));
      const step = nextStep(identificationSteps, done);
      if (!step) continue;
      const permission = identificationStepPermission[step];
      const clock = identificationClock(r.c.startedOn, today, settings);
      const place = { site: r.site?.id ? r.site : null, destinationTownshipCode: r.destinationTownshipCode };
      for (const [userId, assignments] of byUser) {
        if (!householdInScope(assignments, permission, place)) continue;
        await postInboxItem(tx, deps.clock, {
          userId,
          title: `${clock.late ? '识别已超时' : '识别即将超时'}：户号 ${r.householdNumber}，待办“${caseStepLabels[step]}”，时限 ${r.c.dueOn}`,
          dueAt: localDateToInstant(addDays(r.c.dueOn, 1)),
          link: caseLink(r.c.id),
          source: identificationInboxSource,
          sourceRef: r.c.id,
        });
        posted += 1;
      }
    }
    audit.entity('monitoring_identification_sweep', today, null, { cases: flagged.length, posted });
  });
  return { cases: flagged.length, posted };
}

export const identificationInboxJob = definePeriodic({
  kind: 'monitoring.identification.daily',
  title: '防返贫监测识别时限提醒（超时、即将超时）',
  every: 'daily',
  maxAttempts: 3,
  backoff: { baseMs: 60_000, maxMs: 3_600_000 },
  async run(ctx) {
    return runIdentificationClockSweep(ctx.deps);
  },
});
