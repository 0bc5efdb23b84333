import { eq } from 'drizzle-orm';
import { eliminationRule, type EliminatedCaseFact } from '@anzhi/domain/rules/elimination-rule';
import { asOfPeriod, evaluateRule, resolveParameters } from '@anzhi/domain/rules/registry';
import { systemActor, type ActorContext } from '../../platform/audit/audit.service';
import { townshipCodeOf, withHouseholdJoins } from '../pairings/follow-up.repository';
import { households } from '../registry/registry.table';
import { latestParameterSet } from '../rules/rules.repository';
import { recordRun, type RulesDeps } from '../rules/rules.service';
import { casesWithStatus, eliminationFacts } from './elimination.repository';

/**
 * R07E over every household of the county whose current case is eliminated, as of `day`: loads each case's
 * elimination facts (the same loader as the case's assessment) and stores a run.
 */
export async function runEliminationRule(deps: RulesDeps, day: string, actor: ActorContext = systemActor) {
  const county = deps.config.countyCode;
  const stored = await latestParameterSet(deps.db, eliminationRule.id);
  const params = resolveParameters(eliminationRule, stored?.parameters ?? {});
  const cases = await casesWithStatus(deps.db, county, ['eliminated']);
  // A household re-flagged (再标注) after elimination is under a new case: its old elimination no longer counts.
  const active = new Set(
    (await casesWithStatus(deps.db, county, ['identifying', 'monitored'])).map((c) => c.householdId),
  );
  const facts: EliminatedCaseFact[] = [];
  for (const c of cases.filter((x) => !active.has(x.householdId))) {
    const [h] = await withHouseholdJoins(
      deps.db.select({ number: households.householdNumber, townshipCode: townshipCodeOf }).from(households).$dynamic(),
      day,
    ).where(eq(households.id, c.householdId));
    if (!h) continue;
    facts.push({
      caseId: c.id,
      householdId: c.householdId,
      householdNumber: h.number,
      status: c.status,
      eliminatedOn: c.eliminatedOn,
      facts: await eliminationFacts(deps.db, c, h.townshipCode, day, params.incomeStableMonths),
    });
  }
  // A household has at most one eliminated case that counts: its latest.
  const latest = new Map<string, EliminatedCaseFact>();
  for (const f of facts) {
    const seen = latest.get(f.householdId);
    if (!seen || (f.eliminatedOn ?? '') > (seen.eliminatedOn ?? '')) latest.set(f.householdId, f);
  }
  const run = evaluateRule(eliminationRule, [...latest.values()], {
    parameters: params,
    parameterVersion: stored?.version ?? 0,
    period: asOfPeriod(day),
    clock: deps.clock,
    scopeKey: county,
  });
  return { run, ...(await recordRun(deps, run, actor)) };
}
