import { housingLockRule } from '@anzhi/domain/rules/housing-lock';
import { chiefReportsRule, siteChiefVisitsRule } from '@anzhi/domain/rules/chief-rules';
import { pairingRule } from '@anzhi/domain/rules/pairing-rule';
import { eliminationRule } from '@anzhi/domain/rules/elimination-rule';
import { comparisonChainRule } from '@anzhi/domain/rules/comparison-chain';
import { identificationRule } from '@anzhi/domain/rules/identification-rule';
import { RuleRegistry } from '@anzhi/domain/rules/registry';
import { householdEmploymentRule } from '@anzhi/domain/rules/employment-rule';
import { monthCloseRule } from '@anzhi/domain/rules/month-close-rule';
import { monthlyRevisitRule } from '@anzhi/domain/rules/revisit-rule';

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
    .register(identificationRule)
    .register(pairingRule)
    .register(eliminationRule)
    .register(comparisonChainRule)
    .register(monthlyRevisitRule)
    .register(monthCloseRule)
    .register(householdEmploymentRule);
}

/** The registry the server uses unless one is injected. */
export const serverRuleRegistry = createServerRuleRegistry();
