import {
  insertEmploymentResults,
  insertRevisitResults,
  employmentFacts,
  employmentRuleBySql,
  revisitFacts,
  revisitRuleBySql,
  townshipCloseFacts,
} from './household-rules.sql';
import { lastDayOfMonth } from './household-rules.sql';
import { householdEmploymentRule } from '@anzhi/domain/rules/employment-rule';
import { monthCloseRule } from '@anzhi/domain/rules/month-close-rule';
import { localDate, parsePeriodKey, periodOf } from '@anzhi/domain/periods';
import {
  evaluateRule,
  periodForRule,
  resolveParameters,
  RuleError,
  type AnyRule,
  type ParamsSchema,
  type RuleDefinition,
  type RuleKind,
  type RuleRun,
  type RuleRunResult,
} from '@anzhi/domain/rules/registry';
import { monthlyRevisitRule } from '@anzhi/domain/rules/revisit-rule';
import { systemActor, type ActorContext } from '../../platform/audit/audit.service';
import { runChiefRule } from '../chiefs/chief-rules.service';
import { runPairingRule } from '../pairings/pairing-rule.service';
import { runHousingLockRule } from '../registry/housing-lock.service';
import { runEliminationRule } from '../monitoring/elimination-rule.service';
import { runIdentificationRule } from '../monitoring/identification.rule';
import { latestParameterSet } from './rules.repository';
import { recordRun, ruleErrorToAppError, storeSetBasedRun, type RulesDeps } from './rules.service';

/*
 * How each registered rule is evaluated for a month (issue 9 item 1): the month job runs every rule that has an
 * evaluator here and stores a run per rule, so results are comparable month to month. A feature that adds a rule
 * adds its pure rule in packages/domain, registers it in rules.registry.ts and its evaluator here (one entry).
 * Month rules are judged for the month; half-year rules for the half year the month is in; `always` rules as of
 * the month's last day (or today in the current month).
 */

export interface MonthEvaluation {
  ruleId: string;
  periodKey: string;
  runId: string;
  results: number;
  notMet: number;
  /** Wall time of the rule's evaluation and storage, in milliseconds (filled by evaluateMonth). */
  ms?: number;
}

export interface RuleEvaluator {
  ruleId: string;
  /** Evaluates and stores one run for the month. */
  run(deps: RulesDeps, month: string, actor: ActorContext): Promise<MonthEvaluation>;
}

/** The day `always` rules are judged on for a month: its last day, or today while the month runs. */
export function evaluationDay(deps: Pick<RulesDeps, 'clock'>, month: string): string {
  const last = lastDayOfMonth(month);
  const today = localDate(deps.clock.now());
  return today < last ? today : last;
}

function counted(ruleId: string, periodKey: string, runId: string, results: readonly RuleRunResult[]) {
  return {
    ruleId,
    periodKey,
    runId,
    results: results.length,
    notMet: results.filter((r) => r.verdict === 'not_met').length,
  };
}

async function parametersOf(deps: RulesDeps, rule: AnyRule) {
  const stored = await latestParameterSet(deps.db, rule.id);
  try {
    return { version: stored?.version ?? 0, parameters: resolveParameters(rule, stored?.parameters ?? {}) };
  } catch (error) {
    throw ruleErrorToAppError(error);
  }
}

/** A run assembled from results computed in SQL (the same shape evaluateRule gives). */
async function sqlRun(
  deps: RulesDeps,
  rule: AnyRule,
  month: string,
  compute: (parameters: Record<string, unknown>) => Promise<RuleRunResult[]>,
  scopeKey: string,
): Promise<RuleRun> {
  const period = periodForRule(rule, month);
  const p = await parametersOf(deps, rule);
  const results = await compute(p.parameters);
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    kind: rule.kind,
    scope: rule.scope,
    parameterVersion: p.version,
    parameters: p.parameters,
    period: { kind: period.kind, key: period.key },
    scopeKey,
    evaluatedAt: deps.clock.now(),
    results,
  };
}

/** A run of a pure rule over facts a loader read. */
async function pureRun(deps: RulesDeps, rule: AnyRule, month: string, input: unknown, scopeKey: string) {
  const p = await parametersOf(deps, rule);
  try {
    return evaluateRule(rule as unknown as RuleDefinition<string, unknown, ParamsSchema, RuleKind>, input, {
      parameters: p.parameters,
      parameterVersion: p.version,
      period: periodForRule(rule, month),
      clock: deps.clock,
      scopeKey,
    });
  } catch (error) {
    throw ruleErrorToAppError(error);
  }
}

async function store(deps: RulesDeps, run: RuleRun, actor: ActorContext): Promise<MonthEvaluation> {
  const { runId } = await recordRun(deps, run, actor);
  return counted(run.ruleId, run.period.key, runId, run.results);
}

/** R04 over the county for a month, set-based (the bulk form). */
export function computeRevisitRun(deps: RulesDeps, month: string) {
  const county = deps.config.countyCode;
  return sqlRun(
    deps,
    monthlyRevisitRule,
    month,
    (p) => revisitRuleBySql(deps.db, { countyCode: county, month }, p as { minRevisitsPerMonth: number }),
    county,
  );
}

/** R11 over the county for a month, set-based (the bulk form). */
export function computeEmploymentRun(deps: RulesDeps, month: string) {
  const county = deps.config.countyCode;
  return sqlRun(
    deps,
    householdEmploymentRule,
    month,
    (p) =>
      employmentRuleBySql(
        deps.db,
        { countyCode: county, month },
        p as { smallHouseholdMax: number; largeHouseholdRequired: number; minCanWorkForLarge: number },
      ),
    county,
  );
}

/** R04 for the county, judged and stored set-based (INSERT … SELECT): the month job's form. */
export async function storeRevisitRun(deps: RulesDeps, month: string, actor: ActorContext = systemActor) {
  const period = periodForRule(monthlyRevisitRule, month);
  const parameterSet = await parametersOf(deps, monthlyRevisitRule);
  const parameters = parameterSet.parameters as { minRevisitsPerMonth: number };
  const f = { countyCode: deps.config.countyCode, month };
  return storeSetBasedRun(
    deps,
    { rule: monthlyRevisitRule, period, parameterSet, insert: (runId) => insertRevisitResults(runId, f, parameters) },
    actor,
  );
}

/** R11 for the county, judged and stored set-based (INSERT … SELECT): the month job's form. */
export async function storeEmploymentRun(deps: RulesDeps, month: string, actor: ActorContext = systemActor) {
  const period = periodForRule(householdEmploymentRule, month);
  const parameterSet = await parametersOf(deps, householdEmploymentRule);
  const parameters = parameterSet.parameters as {
    smallHouseholdMax: number;
    largeHouseholdRequired: number;
    minCanWorkForLarge: number;
  };
  const f = { countyCode: deps.config.countyCode, month };
  return storeSetBasedRun(
    deps,
    {
      rule: householdEmploymentRule,
      period,
      parameterSet,
      insert: (runId) => insertEmploymentResults(runId, f, parameters),
    },
    actor,
  );
}

/** R06 for every township of the county (pure rule over the loaded month closes). */
export async function computeMonthCloseRun(deps: RulesDeps, month: string) {
  const county = deps.config.countyCode;
  const facts = await townshipCloseFacts(deps.db, { countyCode: county, month });
  return pureRun(deps, monthCloseRule, month, facts, county);
}

/**
 * The shared TypeScript explanation of one household for R04 or R11 in a month (what the SQL twin must agree with).
 */
export async function explainHousehold(deps: RulesDeps, ruleId: 'R04' | 'R11', month: string, householdId: string) {
  const f = { countyCode: deps.config.countyCode, month, householdIds: [householdId] };
  const input = ruleId === 'R04' ? await revisitFacts(deps.db, f) : await employmentFacts(deps.db, f);
  const rule = ruleId === 'R04' ? monthlyRevisitRule : householdEmploymentRule;
  const run = await pureRun(deps, rule, month, input, `household:${householdId}`);
  return run.results[0] ?? null;
}

const monthEvaluators: RuleEvaluator[] = [
  { ruleId: 'R01', run: async (deps, month, actor) => chiefRun(deps, 'R01', month, actor) },
  {
    ruleId: 'R02',
    run: async (deps, month, actor) =>
      chiefRun(deps, 'R02', periodOf('half_year', parsePeriodKey(month).start).key, actor),
  },
  { ruleId: 'R03', run: (deps, month, actor) => runPairingRule(deps, evaluationDay(deps, month), actor) },
  { ruleId: 'R04', run: (deps, month, actor) => storeRevisitRun(deps, month, actor) },
  { ruleId: 'R06', run: async (deps, month, actor) => store(deps, await computeMonthCloseRun(deps, month), actor) },
  { ruleId: 'R11', run: (deps, month, actor) => storeEmploymentRun(deps, month, actor) },
  { ruleId: 'R23', run: (deps, month, actor) => runHousingLockRule(deps, evaluationDay(deps, month), actor) },
  {
    ruleId: 'R07',
    run: async (deps, month, actor) => {
      const { run, runId } = await runIdentificationRule(deps, evaluationDay(deps, month), actor);
      return counted(run.ruleId, run.period.key, runId, run.results);
    },
  },
  {
    ruleId: 'R07E',
    run: async (deps, month, actor) => {
      const { run, runId } = await runEliminationRule(deps, evaluationDay(deps, month), actor);
      return counted(run.ruleId, run.period.key, runId, run.results);
    },
  },
];

async function chiefRun(deps: RulesDeps, ruleId: 'R01' | 'R02', periodKey: string, actor: ActorContext) {
  const r = await runChiefRule(deps, ruleId, periodKey, actor);
  return { ruleId, periodKey, runId: r.runId, results: r.results, notMet: r.notMet };
}

/** Evaluators of other features (R05, R07 …) register here. */
export function registerRuleEvaluator(evaluator: RuleEvaluator): void {
  if (monthEvaluators.some((e) => e.ruleId === evaluator.ruleId)) {
    throw new RuleError('duplicate_rule', `规则 ${evaluator.ruleId} 的评估方式已登记`);
  }
  monthEvaluators.push(evaluator);
}

export function ruleEvaluators(): readonly RuleEvaluator[] {
  return monthEvaluators;
}

/**
 * How many rules of a month are evaluated at once. No rule reads another's results, and each stores its run in its
 * own transaction, so two run side by side: on PostgreSQL each on its own connection (one core each on the 2-core
 * reference machine); PGlite takes their statements in turn.
 */
export const monthRuleConcurrency = 2;

/**
 * Evaluates every registered rule that has an evaluator for the month and stores a run each. A rule that fails
 * does not stop the others; its error is reported. Runs are listed in the evaluators' order, each with its own
 * wall time (`ms`; rules evaluated side by side overlap).
 */
export async function evaluateMonth(
  deps: RulesDeps,
  month: string,
  actor: ActorContext = systemActor,
): Promise<{ month: string; runs: MonthEvaluation[]; failed: { ruleId: string; message: string }[] }> {
  const p = parsePeriodKey(month);
  if (p.kind !== 'month') throw new RuleError('invalid_period', `不是月份：${month}`);
  const pending = monthEvaluators.filter((e) => deps.rules.has(e.ruleId));
  const outcomes: ({ run: MonthEvaluation } | { failed: { ruleId: string; message: string } })[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < pending.length; i = next++) {
      const evaluator = pending[i]!;
      try {
        const t0 = performance.now();
        const r = await evaluator.run(deps, month, actor);
        outcomes[i] = { run: { ...r, ms: Math.round(performance.now() - t0) } };
      } catch (error) {
        outcomes[i] = {
          failed: { ruleId: evaluator.ruleId, message: error instanceof Error ? error.message : String(error) },
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(monthRuleConcurrency, pending.length) }, worker));
  const runs: MonthEvaluation[] = [];
  const failed: { ruleId: string; message: string }[] = [];
  for (const o of outcomes) {
    if ('run' in o) runs.push(o.run);
    else failed.push(o.failed);
  }
  return { month, runs, failed };
}
