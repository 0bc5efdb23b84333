import { sql } from 'drizzle-orm';
import { pairingRule, type PairingHouseholdFact } from '@anzhi/domain/rules/pairing-rule';
import { asOfPeriod, evaluateRule, resolveParameters } from '@anzhi/domain/rules/registry';
import { systemActor, type ActorContext } from '../../platform/audit/audit.service';
import { latestParameterSet } from '../rules/rules.repository';
import { recordRun, type RulesDeps } from '../rules/rules.service';
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

/** R03 over every monitored household of the county as of `day` (today's open pairings), stored as a run. */
export async function runPairingRule(deps: RulesDeps, day: string, actor: ActorContext = systemActor) {
  const county = deps.config.countyCode;
  const [rows, stored] = await Promise.all([
    pairingOverview(
      deps.db,
      { countyCode: county, scope: sql`true`, today: day, monitoredOnly: true },
      { limit: 1_000_000, offset: 0 },
    ),
    latestParameterSet(deps.db, pairingRule.id),
  ]);
  const run = evaluateRule(pairingRule, rows.map(factOf), {
    parameters: resolveParameters(pairingRule, stored?.parameters ?? {}),
    parameterVersion: stored?.version ?? 0,
    period: asOfPeriod(day),
    clock: deps.clock,
    scopeKey: county,
  });
  return { run, ...(await recordRun(deps, run, actor)) };
}
