import { inArray, sql } from 'drizzle-orm';
import { pairingRule, type PairingHouseholdFact } from '@anzhi/domain/rules/pairing-rule';
import { asOfPeriod, evaluateRule, resolveParameters } from '@anzhi/domain/rules/registry';
import { systemActor, type ActorContext } from '../../platform/audit/audit.service';
import { latestParameterSet } from '../rules/rules.repository';
import type { Deps } from '../../platform/deps';
import { households } from '../registry/registry.table';
import { storeSetBasedRun, type RulesDeps } from '../rules/rules.service';
import { insertPairingResults } from './pairing-rule.sql';
import { pairingOverview, type PairingOverviewRow } from './pairings.repository';

function factOf(r: PairingOverviewRow): PairingHouseholdFact {
  const side = (id: string | null, name: string | null) => (id ? { pairingId: id, cadreName: name ?? '' } : null);
  return {
    id: r.householdId,
    householdNumber: r.householdNumber,
    monitoringStatus: r.monitoringStatus,
    destination: side(r.destId, r.destCadreName),
    origin: side(r.originId, r.originCadreName),
  };
}

/**
 * R03 judged by the pure rule over loaded facts as of `day` (nothing stored): the explainer of one household or a
 * few (`householdIds`), and what the set-based form below must agree with.
 */
export async function evaluatePairingRule(deps: Deps, day: string, householdIds?: readonly string[]) {
  const county = deps.config.countyCode;
  const scope =
    householdIds === undefined
      ? sql`true`
      : householdIds.length === 0
        ? sql`false`
        : inArray(households.id, [...householdIds]);
  const [rows, stored] = await Promise.all([
    pairingOverview(
      deps.db,
      { countyCode: county, scope, today: day, monitoredOnly: true },
      { limit: 1_000_000, offset: 0 },
    ),
    latestParameterSet(deps.db, pairingRule.id),
  ]);
  return evaluateRule(pairingRule, rows.map(factOf), {
    parameters: resolveParameters(pairingRule, stored?.parameters ?? {}),
    parameterVersion: stored?.version ?? 0,
    period: asOfPeriod(day),
    clock: deps.clock,
    scopeKey: householdIds?.length === 1 ? `household:${householdIds[0]}` : county,
  });
}

/**
 * R03 over every monitored household of the county as of `day` (today's open pairings), stored as a run: judged
 * set-based and written straight into rule_results (one INSERT … SELECT), in the audited transaction of recordSqlRun.
 */
export async function runPairingRule(deps: RulesDeps, day: string, actor: ActorContext = systemActor) {
  const stored = await latestParameterSet(deps.db, pairingRule.id);
  const parameters = resolveParameters(pairingRule, stored?.parameters ?? {});
  return storeSetBasedRun(
    deps,
    {
      rule: pairingRule,
      period: asOfPeriod(day),
      parameterSet: { version: stored?.version ?? 0, parameters },
      insert: (runId) => insertPairingResults(runId, { countyCode: deps.config.countyCode }, parameters),
    },
    actor,
  );
}
