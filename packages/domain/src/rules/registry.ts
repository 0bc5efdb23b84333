/**
 * The rules engine's registry (domain.md §16; decisions.md "Rules and targets").
 *
 * A rule is a pure, versioned function over records a feature has loaded: it declares where it comes
 * from (clause, list rows, seed plan or national monitoring rules), whether it is a hard requirement
 * (a miss is a red violation) or a target (原则上/力争: shown as progress, never red), its period and the
 * kind of entity it judges, and its thresholds as a zod object of parameters with defaults. Every verdict
 * names the records and values behind it, so a user can click from a red cell to what makes it red.
 *
 * Pure: no I/O, no implicit time (the caller passes a clock); runs in Node and in the browser.
 */
import { z } from 'zod';
import { zhCN } from 'zod/v4/locales';
import {
  isValidLocalDate,
  localDateToInstant,
  parsePeriodKey,
  type Clock,
  type Period,
  type PeriodKind,
} from '../periods';

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** Where a rule comes from: the county's implementation plan (the seed) or national monitoring rules. */
export const ruleSources = ['seed', 'national'] as const;
export type RuleSource = (typeof ruleSources)[number];

/** A requirement's miss is a violation; a target (原则上, 力争) shows progress and is never a violation. */
export const ruleKinds = ['requirement', 'target'] as const;
export type RuleKind = (typeof ruleKinds)[number];

/** How often a rule is judged. `always` and `once` rules are judged as of a date. */
export const rulePeriods = ['month', 'quarter', 'half_year', 'year', 'always', 'once'] as const;
export type RulePeriod = (typeof rulePeriods)[number];

/** The kind of entity a rule gives one verdict per. */
export const ruleScopes = ['household', 'site', 'township', 'county', 'site_chief', 'department', 'workshop'] as const;
export type RuleScope = (typeof ruleScopes)[number];

export const verdicts = ['met', 'not_met', 'not_applicable'] as const;
export type Verdict = (typeof verdicts)[number];

/**
 * How a result is shown: a requirement's miss is a red `violation`; every applicable result of a target
 * is `target_progress` (a progress bar toward the target, never red).
 */
export const presentations = ['met', 'violation', 'target_progress', 'not_applicable'] as const;
export type Presentation = (typeof presentations)[number];

/** A record behind a verdict (a household, a person, a revisit …), so the UI can link to it. */
export interface EvidenceRef {
  type: string;
  id: string;
  label?: string;
}

/** One entity's verdict as a requirement rule returns it. */
export interface RequirementVerdict {
  entityId: string;
  verdict: Verdict;
  /** The figures the verdict was computed from (persons, employed, threshold …). JSON-serialisable. */
  values: Record<string, unknown>;
  evidence: EvidenceRef[];
  note?: string;
}

/** A target's verdict also carries its progress toward the target, 0..1. */
export interface TargetVerdict extends RequirementVerdict {
  progress: number;
}

export type VerdictFor<K extends RuleKind> = K extends 'target' ? TargetVerdict : RequirementVerdict;

// ---------------------------------------------------------------------------------------------
// Periods a rule is evaluated for
// ---------------------------------------------------------------------------------------------

/** For `always` and `once` rules: the state as of the end of a Shanghai calendar day. */
export interface AsOfPeriod {
  readonly kind: 'as_of';
  /** 'YYYY-MM-DD' */
  readonly key: string;
  /** Exclusive end: Shanghai midnight after that day. */
  readonly end: Date;
}

export type EvaluationPeriod = Period | AsOfPeriod;

/** The as-of period of a Shanghai calendar date 'YYYY-MM-DD'. */
export function asOfPeriod(date: string): AsOfPeriod {
  const text: unknown = date;
  if (!isValidLocalDate(text)) {
    throw new RuleError('invalid_period', `无效的日期“${date}”，应为 YYYY-MM-DD 格式的真实日期`);
  }
  return { kind: 'as_of', key: date, end: new Date(localDateToInstant(date).getTime() + 86_400_000) };
}

function expectedPeriodKind(period: RulePeriod): PeriodKind | 'as_of' {
  return period === 'always' || period === 'once' ? 'as_of' : period;
}

const periodLabels: Record<PeriodKind | 'as_of', string> = {
  month: '按月',
  quarter: '按季度',
  half_year: '按半年',
  year: '按年',
  as_of: '按截至日期',
};

/**
 * The evaluation period of `rule` for a key: a period key ('2022-03', '2022-Q1', '2022-H1', '2022') for
 * periodic rules, a date ('2022-03-31') for `always` and `once` rules.
 */
export function periodForRule(rule: Pick<AnyRule, 'id' | 'period'>, key: string): EvaluationPeriod {
  const expected = expectedPeriodKind(rule.period);
  if (expected === 'as_of') return asOfPeriod(key);
  let period: Period;
  try {
    period = parsePeriodKey(key);
  } catch (error) {
    throw new RuleError('invalid_period', error instanceof Error ? error.message : `无效的期间“${key}”`);
  }
  assertPeriodFits(rule, period);
  return period;
}

function assertPeriodFits(rule: Pick<AnyRule, 'id' | 'period'>, period: EvaluationPeriod): void {
  const expected = expectedPeriodKind(rule.period);
  if (period.kind !== expected) {
    throw new RuleError(
      'invalid_period',
      `规则 ${rule.id} ${periodLabels[expected]}评估，收到的期间“${period.key}”是${periodLabels[period.kind]}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/** The parameters of a rule: a zod object whose fields have defaults and Chinese descriptions. */
export type ParamsSchema = z.ZodObject;

export interface RuleContext {
  ruleId: string;
  period: EvaluationPeriod;
  /** When the evaluation runs (from the injected clock). */
  now: Date;
}

export interface RuleDefinition<Id extends string, Input, S extends ParamsSchema, K extends RuleKind> {
  /** 'R11' */
  id: Id;
  /** Chinese title shown in the UI. */
  title: string;
  /** Clause of the plan ('§12'), or of the national rules for `national` rules. */
  clause: string;
  /** Rows of the attached responsibility list (['L14']). */
  listRows: readonly string[];
  source: RuleSource;
  /** Version of the rule's code: raise it whenever the logic changes, so old results stay explainable. */
  version: number;
  kind: K;
  period: RulePeriod;
  scope: RuleScope;
  parameters: S;
  /** One verdict per entity in scope. Pure: everything it reads is in `input`. */
  evaluate(input: Input, params: z.output<S>, context: RuleContext): readonly VerdictFor<K>[];
}

/** Any rule, whatever its input and parameters (what the registry stores). */
export type AnyRule = RuleDefinition<string, never, ParamsSchema, RuleKind>;

export type RuleInputOf<R> = R extends RuleDefinition<string, infer I, ParamsSchema, RuleKind> ? I : never;
export type RuleSchemaOf<R> = R extends RuleDefinition<string, never, infer S, RuleKind> ? S : never;
export type RuleParamsOf<R> = z.output<RuleSchemaOf<R>>;

/** Declares a rule with its types inferred (the id stays a literal such as 'R11'). */
export function defineRule<const Id extends string, Input, S extends ParamsSchema, K extends RuleKind>(
  rule: RuleDefinition<Id, Input, S, K>,
): RuleDefinition<Id, Input, S, K> {
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,31}$/.test(rule.id)) {
    throw new RuleError('invalid_rule', `规则编号“${rule.id}”不合法`);
  }
  if (!Number.isInteger(rule.version) || rule.version < 1) {
    throw new RuleError('invalid_rule', `规则 ${rule.id} 的版本号应为正整数`);
  }
  const parsed = rule.parameters.safeParse({}, { error: zhCN().localeError });
  if (!parsed.success) {
    throw new RuleError('invalid_rule', `规则 ${rule.id} 的参数必须都有默认值`);
  }
  return rule;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export type RuleErrorCode =
  'unknown_rule' | 'duplicate_rule' | 'invalid_rule' | 'invalid_parameters' | 'invalid_period' | 'invalid_result';

export interface ParameterIssue {
  /** Parameter name ('smallHouseholdMax'), or '(根)' for the object itself. */
  path: string;
  message: string;
}

/** What the engine throws; `issues` lists every invalid parameter in Chinese. */
export class RuleError extends Error {
  override readonly name = 'RuleError';

  constructor(
    readonly code: RuleErrorCode,
    message: string,
    readonly issues: readonly ParameterIssue[] = [],
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/** One parameter as a form needs it (generated from the schema). */
export interface ParameterDescriptor {
  key: string;
  /** The Chinese description of the field (its label in forms). */
  label: string;
  type: 'integer' | 'number' | 'boolean' | 'string' | 'other';
  default: unknown;
  minimum?: number;
  maximum?: number;
}

interface JsonSchemaField {
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** The parameter list of a schema, in declaration order (drives the settings form). */
export function describeParameters(schema: ParamsSchema): ParameterDescriptor[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaField>;
  };
  const properties = json.properties ?? {};
  return Object.keys(schema.shape).map((key) => {
    const field = properties[key] ?? {};
    const type = field.type;
    const descriptor: ParameterDescriptor = {
      key,
      label: field.description ?? key,
      type: type === 'integer' || type === 'number' || type === 'boolean' || type === 'string' ? type : 'other',
      default: field.default,
    };
    const min = field.minimum ?? field.exclusiveMinimum;
    const max = field.maximum ?? field.exclusiveMaximum;
    if (min !== undefined && Math.abs(min) < Number.MAX_SAFE_INTEGER) descriptor.minimum = min;
    if (max !== undefined && Math.abs(max) < Number.MAX_SAFE_INTEGER) descriptor.maximum = max;
    return descriptor;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates parameters against a rule's schema and fills defaults for what is left out. Unknown
 * parameter names are refused rather than silently dropped (a typo must not reset a threshold).
 * @throws RuleError('invalid_parameters') listing every problem in Chinese.
 */
export function resolveParameters<S extends ParamsSchema>(
  rule: Pick<RuleDefinition<string, never, S, RuleKind>, 'id' | 'parameters'>,
  overrides: unknown = {},
): z.output<S> {
  const schema = rule.parameters;
  if (!isPlainObject(overrides)) {
    const issue = { path: '(根)', message: '参数应为对象' };
    throw new RuleError('invalid_parameters', `规则 ${rule.id} 的参数有误：参数应为对象`, [issue]);
  }
  const labels = new Map(describeParameters(schema).map((d) => [d.key, d.label]));
  const issues: ParameterIssue[] = Object.keys(overrides)
    .filter((key) => !labels.has(key))
    .map((key) => ({ path: key, message: `未知参数“${key}”` }));
  const parsed = schema.safeParse(overrides, { error: zhCN().localeError });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.') || '(根)';
      const label = labels.get(String(issue.path[0] ?? ''));
      issues.push({ path: key, message: label ? `${label}：${issue.message}` : issue.message });
    }
  }
  if (issues.length > 0 || !parsed.success) {
    const text = issues.map((i) => i.message).join('；');
    throw new RuleError('invalid_parameters', `规则 ${rule.id} 的参数有误：${text}`, issues);
  }
  return parsed.data;
}

/** The default parameters of a rule (version 0). */
export function defaultParameters<S extends ParamsSchema>(
  rule: Pick<RuleDefinition<string, never, S, RuleKind>, 'id' | 'parameters'>,
): z.output<S> {
  return resolveParameters(rule, {});
}

// ---------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------

/** One entity's result as a run keeps it (normalised from the rule's verdict). */
export interface RuleRunResult {
  entityType: RuleScope;
  entityId: string;
  verdict: Verdict;
  presentation: Presentation;
  /** 0..1 for applicable results of targets, otherwise null. */
  progress: number | null;
  values: Record<string, unknown>;
  evidence: EvidenceRef[];
  note: string | null;
}

export interface RuleRun<P extends Record<string, unknown> = Record<string, unknown>> {
  ruleId: string;
  ruleVersion: number;
  kind: RuleKind;
  scope: RuleScope;
  /** Version of the stored parameter set used (0: the rule's defaults). */
  parameterVersion: number;
  /** The parameters actually used, defaults filled in. */
  parameters: P;
  period: { kind: PeriodKind | 'as_of'; key: string };
  /** What the run covered ('360735' for a county, a site id …); 'all' when not narrowed. */
  scopeKey: string;
  evaluatedAt: Date;
  results: RuleRunResult[];
}

export interface EvaluateOptions<S extends ParamsSchema> {
  /** Overrides of the defaults (usually the stored parameter set). Validated with the rule's schema. */
  parameters?: Partial<z.input<S>>;
  /** Version of the parameter set `parameters` come from; 0 for the defaults. */
  parameterVersion: number;
  period: EvaluationPeriod;
  clock: Clock;
  scopeKey?: string;
}

export function presentationOf(kind: RuleKind, verdict: Verdict): Presentation {
  if (verdict === 'not_applicable') return 'not_applicable';
  if (kind === 'target') return 'target_progress';
  return verdict === 'met' ? 'met' : 'violation';
}

function normalise(rule: AnyRule, verdict: RequirementVerdict | TargetVerdict): RuleRunResult {
  const fail = (why: string) =>
    new RuleError('invalid_result', `规则 ${rule.id} 对“${String(verdict.entityId)}”的结果无效：${why}`);
  if (typeof verdict.entityId !== 'string' || verdict.entityId === '') throw fail('缺少对象编号');
  if (!(verdicts as readonly string[]).includes(verdict.verdict)) throw fail(`未知结论“${String(verdict.verdict)}”`);
  let progress: number | null = null;
  if (rule.kind === 'target' && verdict.verdict !== 'not_applicable') {
    const value = 'progress' in verdict ? verdict.progress : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw fail('目标类规则的进度应为 0–1 之间的数');
    }
    progress = value;
  }
  return {
    entityType: rule.scope,
    entityId: verdict.entityId,
    verdict: verdict.verdict,
    presentation: presentationOf(rule.kind, verdict.verdict),
    progress,
    values: verdict.values,
    evidence: verdict.evidence.map((e) => (e.label === undefined ? { type: e.type, id: e.id } : { ...e })),
    note: verdict.note ?? null,
  };
}

/** Evaluates one rule: validates parameters and period, runs it, checks and normalises its verdicts. */
export function evaluateRule<const Id extends string, Input, S extends ParamsSchema, K extends RuleKind>(
  rule: RuleDefinition<Id, Input, S, K>,
  input: Input,
  options: EvaluateOptions<S>,
): RuleRun<z.output<S>> {
  const { parameterVersion, period, clock } = options;
  if (!Number.isInteger(parameterVersion) || parameterVersion < 0) {
    throw new RuleError('invalid_parameters', `参数版本号应为非负整数，收到 ${String(parameterVersion)}`);
  }
  assertPeriodFits(rule, period);
  const params = resolveParameters(rule, options.parameters ?? {});
  const now = clock.now();
  const verdictsOut = rule.evaluate(input, params, { ruleId: rule.id, period, now });
  const seen = new Set<string>();
  const results = verdictsOut.map((v) => {
    const result = normalise(rule, v);
    if (seen.has(result.entityId)) {
      throw new RuleError('invalid_result', `规则 ${rule.id} 对“${result.entityId}”给出了多个结果`);
    }
    seen.add(result.entityId);
    return result;
  });
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    kind: rule.kind,
    scope: rule.scope,
    parameterVersion,
    parameters: params,
    period: { kind: period.kind, key: period.key },
    scopeKey: options.scopeKey ?? 'all',
    evaluatedAt: now,
    results,
  };
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

export interface RuleSummary {
  total: number;
  met: number;
  notMet: number;
  notApplicable: number;
  /** met / (met + notMet); null when nothing is applicable. */
  rate: number | null;
  /** Mean progress of applicable target results; null for requirements or when none applies. */
  averageProgress: number | null;
}

export function summarizeResults(results: readonly Pick<RuleRunResult, 'verdict' | 'progress'>[]): RuleSummary {
  let met = 0;
  let notMet = 0;
  let notApplicable = 0;
  let progressSum = 0;
  let progressCount = 0;
  for (const r of results) {
    if (r.verdict === 'met') met += 1;
    else if (r.verdict === 'not_met') notMet += 1;
    else notApplicable += 1;
    if (r.progress !== null && r.verdict !== 'not_applicable') {
      progressSum += r.progress;
      progressCount += 1;
    }
  }
  const applicable = met + notMet;
  return {
    total: results.length,
    met,
    notMet,
    notApplicable,
    rate: applicable === 0 ? null : met / applicable,
    averageProgress: progressCount === 0 ? null : progressSum / progressCount,
  };
}

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

type RuleMap = Record<string, AnyRule>;

/** What code that only looks rules up by a run-time id needs (the server's services, the settings page). */
export interface RuleCatalog {
  has(id: string): boolean;
  get(id: string): AnyRule | undefined;
  /** @throws RuleError('unknown_rule') */
  require(id: string): AnyRule;
  list(): AnyRule[];
}

/** `Then` for an id the registry was built with (a literal key of C), `Else` for any other string. */
type Known<C extends RuleMap, Id extends string, Then, Else> = string extends Id
  ? Else
  : Id extends keyof C
    ? Then
    : Else;

/** Natural order of rule ids: R2 before R10, then by text. */
function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The rules known to a deployment. Registering returns the registry typed with the new rule, so
 * `registry.evaluate('R11', input, …)` checks the input and parameter types of R11:
 *
 *   const registry = new RuleRegistry().register(householdEmploymentRule).register(trainingRule);
 */
export class RuleRegistry<C extends RuleMap = Record<never, never>> implements RuleCatalog {
  readonly #rules = new Map<string, AnyRule>();

  /** @throws RuleError('duplicate_rule') if a rule with that id is already registered. */
  register<const R extends AnyRule>(rule: R): RuleRegistry<C & Record<R['id'], R>> {
    if (this.#rules.has(rule.id)) {
      throw new RuleError('duplicate_rule', `规则 ${rule.id} 已登记，不能重复登记`);
    }
    this.#rules.set(rule.id, rule);
    return this;
  }

  has(id: string): boolean {
    return this.#rules.has(id);
  }

  /** A registered rule: typed for ids the registry was built with, `undefined` for unknown ids. */
  get<Id extends string>(id: Id): Known<C, Id, C[Id & keyof C], AnyRule | undefined> {
    return this.#rules.get(id) as Known<C, Id, C[Id & keyof C], AnyRule | undefined>;
  }

  /** @throws RuleError('unknown_rule') */
  require(id: string): AnyRule {
    const rule = this.#rules.get(id);
    if (!rule) throw new RuleError('unknown_rule', `规则 ${id} 不存在`);
    return rule;
  }

  /** Every registered rule, in rule-id order (R01, R02 … R25). */
  list(): AnyRule[] {
    return [...this.#rules.values()].sort((a, b) => compareIds(a.id, b.id));
  }

  /**
   * Evaluates a registered rule. For an id the registry was built with, the input and parameter types
   * are that rule's; for any other string they are unknown and checked at run time.
   * @throws RuleError
   */
  evaluate<Id extends string>(
    id: Id,
    input: Known<C, Id, RuleInputOf<C[Id & keyof C]>, unknown>,
    options: EvaluateOptions<Known<C, Id, RuleSchemaOf<C[Id & keyof C]>, ParamsSchema>>,
  ): RuleRun<Known<C, Id, RuleParamsOf<C[Id & keyof C]>, Record<string, unknown>>> {
    const rule = this.require(id) as unknown as RuleDefinition<string, unknown, ParamsSchema, RuleKind>;
    return evaluateRule(rule, input, options as EvaluateOptions<ParamsSchema>) as RuleRun<
      Known<C, Id, RuleParamsOf<C[Id & keyof C]>, Record<string, unknown>>
    >;
  }
}
