import { housingLockRule } from '@anzhi/domain/rules/housing-lock';
import { chiefReportsRule, siteChiefVisitsRule } from '@anzhi/domain/rules/chief-rules';
import { pairingRule } from '@anzhi/domain/rules/pairing-rule';
import { RuleRegistry } from '@anzhi/domain/rules/registry';

/**
 * The rules this deployment checks (domain.md §16). Features add theirs here as they land, each a pure
 * rule from packages/domain, e.g. `.register(householdEmploymentRule)`; the chain keeps every rule's
 * input and parameter types. Tests build their own registry and pass it to `buildApp({ ruleRegistry })`.
 */
export function createServerRuleRegistry() {
  return new RuleRegistry()
    .register(housingLockRule)
    .register(siteChiefVisitsRule)
    .register(chiefReportsRule)
    .register(pairingRule);
}

/** The registry the server uses unless one is injected. */
export const serverRuleRegistry = createServerRuleRegistry();
