import { registerRuleEvaluator } from '../rules/rule-evaluations';
import { recordRun } from '../rules/rules.service';
import { evaluateChainRule } from './comparison.service';

/** R05 in the rules engine's month run: the whole county's departments and places (the calendar's verdicts). */
registerRuleEvaluator({
  ruleId: 'R05',
  run: async (deps, month, actor) => {
    const run = await evaluateChainRule(deps, month);
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
