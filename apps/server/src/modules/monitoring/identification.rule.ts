import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { identificationRule, type IdentificationCaseFact } from '@anzhi/domain/rules/identification-rule';
import { asOfPeriod, evaluateRule } from '@anzhi/domain/rules/registry';
import { systemActor, type ActorContext } from '../../platform/audit/audit.service';
import { households } from '../registry/registry.table';
import { recordRun, type RulesDeps } from '../rules/rules.service';
import { identificationSettings } from './cases.service';
import { helpMeasures, monitoringCases } from './monitoring.table';

/**
 * R07 over every household of the county under an active case (identifying or monitored), as of `day`:
 * identification within the limit, and one measure (not cancelled) per risk type of a monitored household.
 */
export async function runIdentificationRule(deps: RulesDeps, day: string, actor: ActorContext = systemActor) {
  const county = deps.config.countyCode;
  const { version, ...parameters } = await identificationSettings(deps.db);
  const cases = await deps.db
    .select({ c: monitoringCases, householdNumber: households.householdNumber })
    .from(monitoringCases)
    .innerJoin(households, eq(households.id, monitoringCases.householdId))
    .where(
      and(
        eq(monitoringCases.countyCode, county),
        inArray(monitoringCases.status, ['identifying', 'monitored']),
        isNull(households.deletedAt),
      ),
    );
  const ids = cases.map((r) => r.c.id);
  const measures =
    ids.length === 0
      ? []
      : await deps.db
          .select({ id: helpMeasures.id, caseId: helpMeasures.caseId, riskType: helpMeasures.riskType })
          .from(helpMeasures)
          .where(
            and(
              inArray(helpMeasures.caseId, ids),
              ne(helpMeasures.status, 'cancelled'),
              isNull(helpMeasures.deletedAt),
            ),
          );
  const facts: IdentificationCaseFact[] = cases.map(({ c, householdNumber }) => ({
    caseId: c.id,
    householdId: c.householdId,
    householdNumber,
    status: c.status,
    startedOn: c.startedOn,
    identifiedOn: c.status === 'identifying' ? null : c.identifiedOn,
    riskTypes: c.riskTypes,
    measures: measures.filter((m) => m.caseId === c.id).map((m) => ({ id: m.id, riskType: m.riskType })),
  }));
  const run = evaluateRule(identificationRule, facts, {
    parameters,
    parameterVersion: version,
    period: asOfPeriod(day),
    clock: deps.clock,
    scopeKey: county,
  });
  return { run, ...(await recordRun(deps, run, actor)) };
}
