import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { fixedClock, parsePeriodKey } from '../periods';
import {
  asOfPeriod,
  defineRule,
  describeParameters,
  evaluateRule,
  periodForRule,
  resolveParameters,
  RuleError,
  RuleRegistry,
  summarizeResults,
  type RuleRun,
} from './registry';
import { toyEmploymentRule, toyMember, type ToyHousehold } from './testing/toy-rules';

interface ToySite {
  id: string;
  persons: number;
  collectiveIncome: number;
}

/** A toy version of R21 (§22, 力争): sites with ≥ minPersons persons reach ≥ targetIncome collective income. */
const toyIncomeTarget = defineRule({
  id: 'R21',
  title: '村集体经济收入（测试）',
  clause: '§22',
  listRows: ['L28'],
  source: 'seed',
  version: 3,
  kind: 'target',
  period: 'year',
  scope: 'site',
  parameters: z.object({
    minPersons: z.number().int().min(1).default(200).describe('适用安置点最少人数'),
    targetIncome: z.number().min(0).default(10_000).describe('集体经济收入目标（元）'),
  }),
  evaluate(sites: readonly ToySite[], p) {
    return sites.map((s) => {
      const values = { persons: s.persons, income: s.collectiveIncome, target: p.targetIncome };
      const evidence = [{ type: 'site', id: s.id }];
      if (s.persons < p.minPersons)
        return { entityId: s.id, verdict: 'not_applicable' as const, values, evidence, progress: 0 };
      const progress = Math.min(1, s.collectiveIncome / p.targetIncome);
      return {
        entityId: s.id,
        verdict: progress >= 1 ? ('met' as const) : ('not_met' as const),
        values,
        evidence,
        progress,
      };
    });
  },
});

// h1: 6 persons, 2 can work, 1 employed → not met with defaults (needs 2), met when minEmployedLarge = 1.
const households: ToyHousehold[] = [
  {
    id: 'h1',
    members: [
      toyMember('a', true, true),
      toyMember('b', true, false),
      toyMember('c', false, false),
      toyMember('d', false, false),
      toyMember('e', false, false),
      toyMember('f', false, false),
    ],
  },
  { id: 'h2', members: [toyMember('g', true, true), toyMember('h', false, false)] },
  { id: 'h3', members: [toyMember('i', false, false), toyMember('j', false, false)] },
];

const clock = fixedClock('2022-03-31T08:00:00Z');
const march = parsePeriodKey('2022-03');

function registry() {
  return new RuleRegistry().register(toyEmploymentRule).register(toyIncomeTarget);
}

describe('rule registry', () => {
  it('applies the defaults when no parameters are given and records what was used', () => {
    const run = registry().evaluate('R11', households, { parameterVersion: 0, period: march, clock });
    expect(run).toMatchObject({
      ruleId: 'R11',
      ruleVersion: 1,
      kind: 'requirement',
      scope: 'household',
      parameterVersion: 0,
      parameters: { smallHouseholdMax: 5, minEmployedSmall: 1, minEmployedLarge: 2 },
      period: { kind: 'month', key: '2022-03' },
      scopeKey: 'all',
      evaluatedAt: new Date('2022-03-31T08:00:00Z'),
    });
    expect(run.results.map((r) => [r.entityId, r.verdict, r.presentation])).toEqual([
      ['h1', 'not_met', 'violation'],
      ['h2', 'met', 'met'],
      ['h3', 'not_applicable', 'not_applicable'],
    ]);
    expect(run.results[0]?.values).toEqual({ persons: 6, canWork: 2, employed: 1, required: 2 });
    expectTypeOf(run.parameters.smallHouseholdMax).toEqualTypeOf<number>();
  });

  it('takes parameter overrides and fills the rest from the defaults', () => {
    const run = registry().evaluate('R11', households, {
      parameters: { minEmployedLarge: 1 },
      parameterVersion: 4,
      period: march,
      clock,
      scopeKey: '360735',
    });
    expect(run.parameters).toEqual({ smallHouseholdMax: 5, minEmployedSmall: 1, minEmployedLarge: 1 });
    expect(run.parameterVersion).toBe(4);
    expect(run.scopeKey).toBe('360735');
    expect(run.results.find((r) => r.entityId === 'h1')).toMatchObject({ verdict: 'met', values: { required: 1 } });

    // Six persons is a small household once the limit is raised.
    const raised = registry().evaluate('R11', households, {
      parameters: { smallHouseholdMax: 6 },
      parameterVersion: 5,
      period: march,
      clock,
    });
    expect(raised.results[0]).toMatchObject({ entityId: 'h1', verdict: 'met', values: { required: 1 } });
  });

  it('rejects invalid parameters with Chinese messages naming each parameter', () => {
    let caught: unknown;
    try {
      registry().evaluate('R11', households, {
        parameters: { smallHouseholdMax: 0, minEmployedSmall: 1.5 },
        parameterVersion: 1,
        period: march,
        clock,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleError);
    const error = caught as RuleError;
    expect(error.code).toBe('invalid_parameters');
    expect(error.message).toContain('规则 R11 的参数有误');
    expect(error.issues.map((i) => i.path)).toEqual(['smallHouseholdMax', 'minEmployedSmall']);
    expect(error.issues[0]?.message).toBe('小户人数上限（人）：应至少为 1');
    // Without a message of the rule's own, zod's Chinese locale speaks (not its English default).
    expect(error.issues[1]?.message).toMatch(/^小户最少就业人数：无效输入/);

    // Unknown names and wrong types are refused too, never silently dropped.
    expect(() => resolveParameters(toyEmploymentRule, { smallHouseholdMx: 6 })).toThrow('未知参数“smallHouseholdMx”');
    expect(() => resolveParameters(toyEmploymentRule, { minEmployedLarge: '2' })).toThrow(/大户最少就业人数：/);
    expect(() => resolveParameters(toyEmploymentRule, [1])).toThrow('参数应为对象');
  });

  it('gives not_applicable where the rule does not apply and leaves it out of the rate', () => {
    const run = registry().evaluate('R11', households, { parameterVersion: 0, period: march, clock });
    const na = run.results.find((r) => r.entityId === 'h3');
    expect(na).toMatchObject({
      verdict: 'not_applicable',
      presentation: 'not_applicable',
      note: '无劳动能力人员',
      progress: null,
    });
    expect(summarizeResults(run.results)).toEqual({
      total: 3,
      met: 1,
      notMet: 1,
      notApplicable: 1,
      rate: 0.5,
      averageProgress: null,
    });
    expect(summarizeResults([])).toMatchObject({ total: 0, rate: null });
  });

  it('carries the evidence behind each verdict', () => {
    const run = registry().evaluate('R11', households, { parameterVersion: 0, period: march, clock });
    expect(run.results[0]?.evidence).toEqual([
      { type: 'household', id: 'h1' },
      { type: 'person', id: 'a', label: '成员a' },
    ]);
    expect(run.results[1]?.evidence).toEqual([
      { type: 'household', id: 'h2' },
      { type: 'person', id: 'g', label: '成员g' },
    ]);
  });

  it('gives targets progress and never a violation', () => {
    const sites: ToySite[] = [
      { id: 's1', persons: 250, collectiveIncome: 4_000 },
      { id: 's2', persons: 300, collectiveIncome: 12_000 },
      { id: 's3', persons: 80, collectiveIncome: 0 },
    ];
    const run = registry().evaluate('R21', sites, { parameterVersion: 0, period: parsePeriodKey('2022'), clock });
    expect(run.kind).toBe('target');
    expect(run.results.map((r) => [r.entityId, r.verdict, r.presentation, r.progress])).toEqual([
      ['s1', 'not_met', 'target_progress', 0.4],
      ['s2', 'met', 'target_progress', 1],
      ['s3', 'not_applicable', 'not_applicable', null],
    ]);
    expect(run.results.some((r) => r.presentation === 'violation')).toBe(false);
    expect(summarizeResults(run.results)).toMatchObject({ met: 1, notMet: 1, notApplicable: 1, averageProgress: 0.7 });

    // A target that reports no usable progress is a bug in the rule, not a result.
    const broken = defineRule({
      ...toyIncomeTarget,
      id: 'R99',
      evaluate: () => [{ entityId: 'x', verdict: 'met', values: {}, evidence: [], progress: 1.5 }],
    });
    expect(() => evaluateRule(broken, [], { parameterVersion: 0, period: parsePeriodKey('2022'), clock })).toThrow(
      '目标类规则的进度应为 0–1 之间的数',
    );
  });

  it('refuses a second rule with the same id', () => {
    const r = registry();
    expect(() => r.register({ ...toyEmploymentRule, title: '另一条' })).toThrow(RuleError);
    expect(() => r.register({ ...toyEmploymentRule, title: '另一条' })).toThrow('规则 R11 已登记，不能重复登记');
    expect(r.get('R11').title).toBe('搬迁户家庭就业（测试）');
    expect(r.list().map((x) => x.id)).toEqual(['R11', 'R21']);
  });

  it('lists rules in id order, finds them by id and refuses unknown ids', () => {
    const r = new RuleRegistry()
      .register(defineRule({ ...toyEmploymentRule, id: 'R10' }))
      .register(defineRule({ ...toyEmploymentRule, id: 'R02' }))
      .register(defineRule({ ...toyEmploymentRule, id: 'R2a' }));
    expect(r.list().map((x) => x.id)).toEqual(['R02', 'R2a', 'R10']);
    expect(r.get('R404')).toBeUndefined();
    expect(r.has('R10')).toBe(true);
    expect(() => r.evaluate('R404', [], { parameterVersion: 0, period: march, clock })).toThrow('规则 R404 不存在');
  });

  it('checks the period against the rule and parses period keys for it', () => {
    expect(() =>
      registry().evaluate('R11', households, { parameterVersion: 0, period: parsePeriodKey('2022-Q1'), clock }),
    ).toThrow('规则 R11 按月评估，收到的期间“2022-Q1”是按季度');
    expect(periodForRule(toyEmploymentRule, '2022-03')).toMatchObject({ kind: 'month', key: '2022-03' });
    expect(() => periodForRule(toyEmploymentRule, '2022')).toThrow(RuleError);
    expect(() => periodForRule(toyEmploymentRule, 'bad')).toThrow(/无效的期间编码/);
    const always = defineRule({ ...toyEmploymentRule, id: 'R18', period: 'always' });
    expect(periodForRule(always, '2022-03-31')).toEqual(asOfPeriod('2022-03-31'));
    expect(asOfPeriod('2022-03-31').end).toEqual(new Date('2022-03-31T16:00:00Z'));
    expect(() => asOfPeriod('2022-02-30')).toThrow('无效的日期“2022-02-30”');
  });

  it('refuses a rule that gives two verdicts for one entity', () => {
    const twice = [households[1]!, households[1]!];
    expect(() => evaluateRule(toyEmploymentRule, twice, { parameterVersion: 0, period: march, clock })).toThrow(
      '规则 R11 对“h2”给出了多个结果',
    );
  });

  it('refuses rules without defaults and bad parameter versions', () => {
    const noDefault = z.object({ n: z.number().describe('无默认值') });
    expect(() => defineRule({ ...toyEmploymentRule, id: 'R50', parameters: noDefault, evaluate: () => [] })).toThrow(
      '规则 R50 的参数必须都有默认值',
    );
    expect(() => defineRule({ ...toyEmploymentRule, id: 'R51', version: 0 })).toThrow('版本号应为正整数');
    expect(() => registry().evaluate('R11', households, { parameterVersion: -1, period: march, clock })).toThrow(
      '参数版本号应为非负整数',
    );
  });

  it('describes the parameters for a settings form', () => {
    expect(describeParameters(toyEmploymentRule.parameters)).toEqual([
      { key: 'smallHouseholdMax', label: '小户人数上限（人）', type: 'integer', default: 5, minimum: 1 },
      { key: 'minEmployedSmall', label: '小户最少就业人数', type: 'integer', default: 1, minimum: 0 },
      { key: 'minEmployedLarge', label: '大户最少就业人数', type: 'integer', default: 2, minimum: 0 },
    ]);
    const flags = z.object({ strict: z.boolean().default(false).describe('严格模式') });
    expect(describeParameters(flags)).toEqual([{ key: 'strict', label: '严格模式', type: 'boolean', default: false }]);
  });

  it('types evaluation by rule id', () => {
    const r = registry();
    const run = r.evaluate('R21', [], { parameterVersion: 0, period: parsePeriodKey('2022'), clock });
    expectTypeOf(run).toEqualTypeOf<RuleRun<{ minPersons: number; targetIncome: number }>>();
    const sites = [{ id: 's', persons: 1, collectiveIncome: 0 }];
    // @ts-expect-error the input of R11 is a list of households, not sites
    expect(() => r.evaluate('R11', sites, { parameterVersion: 0, period: march, clock })).toThrow();
    const wrong = { minPersons: 3 };
    // @ts-expect-error R11 has no parameter named minPersons
    expect(() => r.evaluate('R11', [], { parameters: wrong, parameterVersion: 0, period: march, clock })).toThrow(
      '未知参数“minPersons”',
    );
    // An id only known at run time: unknown input, checked when it runs.
    const someId: string = 'R11';
    expect(r.get(someId)?.id).toBe('R11');
    expectTypeOf(r.get('R11').parameters.shape.smallHouseholdMax).not.toBeUnknown();
  });
});
