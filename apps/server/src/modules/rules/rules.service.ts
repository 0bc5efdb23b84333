import type { FieldError } from '@anzhi/contracts/errors';
import type { Permission } from '@anzhi/contracts/permissions';
import type {
  RuleList,
  RuleParameterHistory,
  RuleParameterSet,
  RuleParametersUpdateInput,
  RuleRunList,
} from '@anzhi/contracts/rules';
import { eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import {
  defaultParameters,
  evaluateRule,
  periodForRule,
  resolveParameters,
  RuleError,
  summarizeResults,
  type AnyRule,
  type ParamsSchema,
  type RuleCatalog,
  type RuleDefinition,
  type RuleKind,
  type RuleRun,
} from '@anzhi/domain/rules/registry';
import { auditedTransaction, systemActor, type ActorContext } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { presentDefaultSet, presentParameterSet, presentRule, presentRun } from './rules.presenter';
import { ruleRuns } from './rules.table';
import {
  findParameterSet,
  insertParameterSet,
  insertResults,
  insertRun,
  latestParameterSet,
  latestParameterSets,
  latestRuns,
  parameterSetHistory,
  type NewRuleResult,
  type RuleParameterSetWithAuthor,
} from './rules.repository';

/** The rules service needs the registry of this deployment (injected: tests pass their own). */
export type RulesDeps = Deps & { rules: RuleCatalog };

/** The parameters a rule uses now: the latest stored version, or its defaults as version 0. */
export interface CurrentParameters {
  ruleId: string;
  version: number;
  parameters: Record<string, unknown>;
  stored: RuleParameterSetWithAuthor | null;
}

/** Turns the engine's errors into the API's: unknown rule → 404, bad parameters → 400 listing each. */
export function ruleErrorToAppError(error: unknown): unknown {
  if (!(error instanceof RuleError)) return error;
  switch (error.code) {
    case 'unknown_rule':
      return new AppError('NOT_FOUND', error.message);
    case 'invalid_parameters': {
      const details: FieldError[] = error.issues.map((i) => ({ path: `parameters.${i.path}`, message: i.message }));
      return new AppError('VALIDATION_FAILED', error.message, details);
    }
    case 'invalid_period':
      return new AppError('BAD_REQUEST', error.message);
    default:
      return error;
  }
}

function requireRule(deps: RulesDeps, ruleId: string): AnyRule {
  const rule = deps.rules.get(ruleId);
  if (!rule) throw new AppError('NOT_FOUND', `规则 ${ruleId} 不存在`);
  return rule;
}

/** Stored values checked against today's rule code (a newer rule version may add parameters with defaults). */
function effectiveParameters(rule: AnyRule, stored: RuleParameterSetWithAuthor): Record<string, unknown> {
  try {
    return resolveParameters(rule, stored.parameters);
  } catch (error) {
    if (error instanceof RuleError) {
      throw new AppError(
        'CONFLICT',
        `规则 ${rule.id} 已保存的第 ${stored.version} 版参数不符合当前规则定义（${error.issues.map((i) => i.message).join('；')}），请系统管理员重新设置`,
      );
    }
    throw error;
  }
}

function currentOf(rule: AnyRule, stored: RuleParameterSetWithAuthor | undefined): CurrentParameters {
  if (!stored) return { ruleId: rule.id, version: 0, parameters: defaultParameters(rule), stored: null };
  return { ruleId: rule.id, version: stored.version, parameters: effectiveParameters(rule, stored), stored };
}

export async function currentParameters(deps: RulesDeps, ruleId: string): Promise<CurrentParameters> {
  const rule = requireRule(deps, ruleId);
  return currentOf(rule, await latestParameterSet(deps.db, ruleId));
}

export async function listRules(deps: RulesDeps, viewer: readonly Permission[]): Promise<RuleList> {
  const rules = deps.rules.list();
  const stored = await latestParameterSets(
    deps.db,
    rules.map((r) => r.id),
  );
  const canConfigure = viewer.includes('rule.configure');
  return { items: rules.map((rule) => presentRule(rule, currentOf(rule, stored.get(rule.id)), canConfigure)) };
}

export async function parameterHistory(deps: RulesDeps, ruleId: string): Promise<RuleParameterHistory> {
  const rule = requireRule(deps, ruleId);
  const rows = await parameterSetHistory(deps.db, ruleId);
  return { ruleId, defaults: defaultParameters(rule), versions: rows.map(presentParameterSet) };
}

function sameParameters(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  return true;
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (typeof e === 'object' && e !== null);) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Saves new thresholds for a rule as version N+1 (never in place), audited. Values left out take the
 * rule's defaults. Saving the values already in force writes nothing and answers the current version,
 * so a replayed request creates no second version.
 */
export async function updateParameters(
  deps: RulesDeps,
  actor: ActorContext,
  ruleId: string,
  input: RuleParametersUpdateInput,
): Promise<RuleParameterSet> {
  const rule = requireRule(deps, ruleId);
  let parameters: Record<string, unknown>;
  try {
    parameters = resolveParameters(rule, input.parameters);
  } catch (error) {
    throw ruleErrorToAppError(error);
  }
  const current = await currentParameters(deps, ruleId);
  if (current.stored && sameParameters(current.parameters, parameters)) {
    return presentParameterSet(current.stored);
  }
  if (input.baseVersion !== undefined && input.baseVersion !== current.version) {
    throw new AppError('CONFLICT', `规则 ${ruleId} 的参数已被修改（当前为第 ${current.version} 版），请刷新后重试`);
  }
  const version = current.version + 1;
  try {
    await auditedTransaction(deps.db, deps.clock, actor, 'rule.parameters.update', async (tx, audit) => {
      const id = uuidv7();
      await insertParameterSet(tx, {
        id,
        ruleId,
        version,
        parameters,
        ruleVersion: rule.version,
        note: input.note,
        createdBy: actor.actorId,
        createdAt: deps.clock.now(),
      });
      audit.entity(
        'rule_parameter_set',
        id,
        { ruleId, version: current.version, parameters: current.parameters },
        { ruleId, version, parameters, note: input.note },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `规则 ${ruleId} 的参数刚被他人修改，请刷新后重试`);
    }
    throw error;
  }
  const saved = await latestParameterSet(deps.db, ruleId);
  return saved ? presentParameterSet(saved) : presentDefaultSet(rule);
}

/**
 * Evaluates a rule with the parameters in force now (pure evaluation; nothing is written). The run
 * carries the parameter version, so `recordRun` stores results that keep it.
 */
export async function evaluateWithCurrentParameters(
  deps: RulesDeps,
  ruleId: string,
  input: unknown,
  options: { periodKey: string; scopeKey?: string },
): Promise<RuleRun> {
  const rule = requireRule(deps, ruleId) as unknown as RuleDefinition<string, unknown, ParamsSchema, RuleKind>;
  const current = await currentParameters(deps, ruleId);
  try {
    return evaluateRule(rule, input, {
      parameters: current.parameters,
      parameterVersion: current.version,
      period: periodForRule(rule, options.periodKey),
      clock: deps.clock,
      ...(options.scopeKey !== undefined ? { scopeKey: options.scopeKey } : {}),
    });
  } catch (error) {
    throw ruleErrorToAppError(error);
  }
}

/** Stores a run and all its results in one transaction (results in chunks), with one audit event holding the counts. */
export async function recordRun(
  deps: RulesDeps,
  run: RuleRun,
  actor: ActorContext = systemActor,
): Promise<{ runId: string }> {
  const rule = requireRule(deps, run.ruleId);
  if (run.parameterVersion > 0 && !(await findParameterSet(deps.db, run.ruleId, run.parameterVersion))) {
    throw new AppError('CONFLICT', `规则 ${run.ruleId} 的第 ${run.parameterVersion} 版参数不存在`);
  }
  const runId = uuidv7();
  const summary = summarizeResults(run.results);
  const rows: NewRuleResult[] = run.results.map((r) => ({
    runId,
    entityType: r.entityType,
    entityId: r.entityId,
    verdict: r.verdict,
    progress: r.progress,
    values: r.values,
    evidence: r.evidence,
    note: r.note,
  }));
  await auditedTransaction(deps.db, deps.clock, actor, 'rule.run.record', async (tx, audit) => {
    await insertRun(tx, {
      id: runId,
      ruleId: run.ruleId,
      ruleVersion: run.ruleVersion,
      parameterVersion: run.parameterVersion,
      parameters: run.parameters,
      periodKey: run.period.key,
      scopeKey: run.scopeKey,
      evaluatedAt: run.evaluatedAt,
      summary,
      createdAt: deps.clock.now(),
    });
    await insertResults(tx, rows);
    audit.entity('rule_run', runId, null, {
      ruleId: rule.id,
      ruleVersion: run.ruleVersion,
      parameterVersion: run.parameterVersion,
      periodKey: run.period.key,
      scopeKey: run.scopeKey,
      summary,
    });
  });
  return { runId };
}

export async function listRuns(deps: RulesDeps, ruleId: string, limit: number): Promise<RuleRunList> {
  requireRule(deps, ruleId);
  const rows = await latestRuns(deps.db, ruleId, limit);
  return { items: rows.map(presentRun) };
}

/**
 * Stores a run whose results a set-based SQL writes straight into rule_results (`insert(runId)`: an INSERT …
 * SELECT without RETURNING), so bulk results never pass through Node. The summary is counted from the rows the
 * insert returns. One audited transaction, like `recordRun`.
 */
export async function recordSqlRun(
  deps: RulesDeps,
  run: Omit<RuleRun, 'results'>,
  insert: (runId: string) => SQL,
  actor: ActorContext = systemActor,
): Promise<{ runId: string; results: number; notMet: number }> {
  const rule = requireRule(deps, run.ruleId);
  if (run.parameterVersion > 0 && !(await findParameterSet(deps.db, run.ruleId, run.parameterVersion))) {
    throw new AppError('CONFLICT', `规则 ${run.ruleId} 的第 ${run.parameterVersion} 版参数不存在`);
  }
  const runId = uuidv7();
  let summary = summarizeResults([]);
  await auditedTransaction(deps.db, deps.clock, actor, 'rule.run.record', async (tx, audit) => {
    await insertRun(tx, {
      id: runId,
      ruleId: run.ruleId,
      ruleVersion: run.ruleVersion,
      parameterVersion: run.parameterVersion,
      parameters: run.parameters,
      periodKey: run.period.key,
      scopeKey: run.scopeKey,
      evaluatedAt: run.evaluatedAt,
      summary,
      createdAt: deps.clock.now(),
    });
    // A bulk statement over the whole county, local to this transaction: no JIT (compiling it costs seconds, more
    // than it saves on a single pass) and room to hash and sort the county's households and persons in memory
    // rather than spilling batches to disk (the 4 MB default spills from about 100,000 persons on).
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    // One statement: the INSERT … SELECT, counted from what it returns (no second pass over rule_results).
    const countedResult: unknown = await tx.execute(sql`with inserted as (${insert(runId)} returning verdict)
      select count(*) filter (where verdict = 'met')::int as met,
        count(*) filter (where verdict = 'not_met')::int as not_met,
        count(*) filter (where verdict = 'not_applicable')::int as na
      from inserted`);
    const counted = countedResult as { rows: { met: number; not_met: number; na: number }[] };
    const c = counted.rows[0] ?? { met: 0, not_met: 0, na: 0 };
    summary = summarizeResults([
      ...Array.from({ length: Number(c.met) }, () => ({ verdict: 'met' as const, progress: null })),
      ...Array.from({ length: Number(c.not_met) }, () => ({ verdict: 'not_met' as const, progress: null })),
      ...Array.from({ length: Number(c.na) }, () => ({ verdict: 'not_applicable' as const, progress: null })),
    ]);
    await tx.update(ruleRuns).set({ summary }).where(eq(ruleRuns.id, runId));
    audit.entity('rule_run', runId, null, {
      ruleId: rule.id,
      ruleVersion: run.ruleVersion,
      parameterVersion: run.parameterVersion,
      periodKey: run.period.key,
      scopeKey: run.scopeKey,
      summary,
    });
  });
  return { runId, results: summary.total, notMet: summary.notMet };
}

/** A rule judged set-based over the county for one period: what `storeSetBasedRun` stores. */
export interface SetBasedRun {
  rule: Pick<AnyRule, 'id' | 'version' | 'kind' | 'scope'>;
  period: RuleRun['period'];
  /** The parameter set in force: its version (0: the rule's defaults) and its parameters, defaults filled in. */
  parameterSet: { version: number; parameters: Record<string, unknown> };
  /** The INSERT … SELECT writing the run's results (see `recordSqlRun`). */
  insert: (runId: string) => SQL;
}

/**
 * Stores a county-wide set-based run evaluated now (`recordSqlRun`) and says what it stored: the common form of the
 * rules whose results SQL writes straight into rule_results (R03, R04, R11, R23).
 */
export async function storeSetBasedRun(
  deps: RulesDeps,
  run: SetBasedRun,
  actor: ActorContext = systemActor,
): Promise<{ ruleId: string; periodKey: string; runId: string; results: number; notMet: number }> {
  const r = await recordSqlRun(
    deps,
    {
      ruleId: run.rule.id,
      ruleVersion: run.rule.version,
      kind: run.rule.kind,
      scope: run.rule.scope,
      parameterVersion: run.parameterSet.version,
      parameters: run.parameterSet.parameters,
      period: { kind: run.period.kind, key: run.period.key },
      scopeKey: deps.config.countyCode,
      evaluatedAt: deps.clock.now(),
    },
    run.insert,
    actor,
  );
  return { ruleId: run.rule.id, periodKey: run.period.key, ...r };
}
