import { registerRuleEvaluator } from '../rules/rule-evaluations';
import { recordRun } from '../rules/rules.service';
import { evaluateChainRule } from './comparison.service';

/**
 * R05 in the rules engine's month run. The engine reads a `site` rule's entity ids as site ids (dashboards join them
 * to sites), so the stored run holds the sites' verdicts only (entity id = the site's id); departments and the
 * dispersed households' township places are shown by the comparison calendar, which judges them with the same rule.
 */
registerRuleEvaluator({
  ruleId: 'R05',
  run: async (deps, month, actor) => {
    const full = await evaluateChainRule(deps, month);
    const run = {
      ...full,
      results: full.results
        .filter((r) => r.entityId.startsWith('site:'))
        .map((r) => ({ ...r, entityId: r.entityId.slice('site:'.length) })),
    };
    const { runId } = await recordRun(deps, run, actor);
    return {
      ruleId: run.ruleId,
      periodKey: run.period.key,
      runId,
      results: run.results.length,
      notMet: run.results.filter((r) => r.verdict === 'not_met').length,
    };
  },
});
