import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleList, RuleParameterHistory, RuleParameterSet, RuleRunList } from '@anzhi/contracts/rules';
import { defineRule, RuleRegistry, type RuleCatalog, type RuleRun } from '@anzhi/domain/rules/registry';
import { toyEmploymentRule, toyHousehold, type ToyHousehold } from '@anzhi/domain/rules/testing/toy-rules';
import { z } from 'zod';
import { auditEvents } from '../../platform/audit/audit.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { resultsOfRun } from './rules.repository';
import { evaluateWithCurrentParameters, recordRun, type RulesDeps } from './rules.service';
import { ruleParameterSets, ruleResults, ruleRuns } from './rules.table';

const nationalTarget = defineRule({
  id: 'N01',
  title: '监测对象识别时限（测试规则）',
  clause: '中农组发〔2021〕7号',
  listRows: [],
  source: 'national',
  version: 2,
  kind: 'target',
  period: 'always',
  scope: 'household',
  parameters: z.object({
    identificationDays: z.number().int().min(1).default(15).describe('识别时限（天）'),
    enabled: z.boolean().default(true).describe('启用'),
  }),
  evaluate: () => [],
});

const households: ToyHousehold[] = [
  toyHousehold('h-large', { persons: 6, canWork: 2, employed: ['p1'] }),
  toyHousehold('h-small', { persons: 3, canWork: 1, employed: ['p2'] }),
  toyHousehold('h-none', { persons: 2, canWork: 0, employed: [] }),
];

describe.skipIf(engineUnavailable())(`rules registry and thresholds on ${engine}`, () => {
  let t: TestApp;
  let registry: RuleCatalog;
  let rulesDeps: RulesDeps;
  let admin: Agent;
  let lead: Agent;
  let township: Agent;

  const put = (agent: Agent, id: string, body: unknown) => agent.request('PUT', `/api/v1/rules/${id}/parameters`, body);
  const parameterSetCount = async () =>
    (await t.deps.db.select({ n: count() }).from(ruleParameterSets).where(eq(ruleParameterSets.ruleId, 'R11')))[0]!.n;
  const auditCount = async (action: string) =>
    (await t.deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, action)))[0]!.n;

  beforeAll(async () => {
    registry = new RuleRegistry().register(toyEmploymentRule).register(nationalTarget);
    t = await buildTestApp({ ruleRegistry: registry });
    rulesDeps = { ...t.deps, rules: registry };
    const signIn = async (role: 'system_admin' | 'county_lead' | 'township') => {
      const agent = new Agent(t.app);
      const user = await buildUser(t, { roles: [role], isDemo: true });
      expect((await agent.login(user.username, user.password)).statusCode).toBe(200);
      return agent;
    };
    admin = await signIn('system_admin');
    lead = await signIn('county_lead');
    township = await signIn('township');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the registered rules with their defaults as version 0 and what the viewer may do', async () => {
    const res = await lead.get('/api/v1/rules');
    expect(res.statusCode).toBe(200);
    const body = res.json<RuleList>();
    expect(body.items.map((r) => r.id)).toEqual(['N01', 'R11']);
    const r11 = body.items.find((r) => r.id === 'R11')!;
    expect(r11).toMatchObject({
      title: '搬迁户家庭就业（测试）',
      clause: '§12',
      listRows: ['L14'],
      source: 'seed',
      kind: 'requirement',
      period: 'month',
      scope: 'household',
      version: 1,
      current: { version: 0, parameters: { smallHouseholdMax: 5, minEmployedSmall: 1, minEmployedLarge: 2 } },
      abilities: { configure: false },
    });
    expect(r11.parameterList[0]).toEqual({
      key: 'smallHouseholdMax',
      label: '小户人数上限（人）',
      type: 'integer',
      default: 5,
      minimum: 1,
    });
    const n01 = body.items.find((r) => r.id === 'N01')!;
    expect(n01).toMatchObject({ source: 'national', sourceLabel: '国家监测帮扶规定', kind: 'target' });
    expect(n01.parameterList.map((p) => p.type)).toEqual(['integer', 'boolean']);

    const asAdmin = (await admin.get('/api/v1/rules')).json<RuleList>();
    expect(asAdmin.items.every((r) => r.abilities.configure)).toBe(true);
  });

  it('keeps version 1 and its run when version 2 is saved; runs after the change use version 2', async () => {
    const v1 = await put(admin, 'R11', { parameters: { minEmployedLarge: 2 }, note: '按实施方案设定', baseVersion: 0 });
    expect(v1.statusCode).toBe(200);
    expect(v1.json<RuleParameterSet>()).toMatchObject({
      version: 1,
      parameters: { smallHouseholdMax: 5, minEmployedSmall: 1, minEmployedLarge: 2 },
      note: '按实施方案设定',
      ruleVersion: 1,
      createdByName: admin.me!.user.displayName,
    });

    const before = await evaluateWithCurrentParameters(rulesDeps, 'R11', households, {
      periodKey: '2022-03',
      scopeKey: '360735',
    });
    expect(before.parameterVersion).toBe(1);
    const { runId: firstRun } = await recordRun(rulesDeps, before);

    const v2 = await put(admin, 'R11', {
      parameters: { minEmployedLarge: 1 },
      note: '县里调整：大户 1 人就业即可',
      baseVersion: 1,
    });
    expect(v2.statusCode).toBe(200);
    expect(v2.json<RuleParameterSet>()).toMatchObject({ version: 2, parameters: { minEmployedLarge: 1 } });

    t.clock.advance(60_000);
    const after = await evaluateWithCurrentParameters(rulesDeps, 'R11', households, {
      periodKey: '2022-03',
      scopeKey: '360735',
    });
    expect(after.parameterVersion).toBe(2);
    const { runId: secondRun } = await recordRun(rulesDeps, after);

    // Version 1 is still there, unchanged, beside version 2.
    const history = (await lead.get('/api/v1/rules/R11/parameters')).json<RuleParameterHistory>();
    expect(history.defaults).toEqual({ smallHouseholdMax: 5, minEmployedSmall: 1, minEmployedLarge: 2 });
    expect(history.versions.map((v) => [v.version, v.parameters.minEmployedLarge, v.note])).toEqual([
      [2, 1, '县里调整：大户 1 人就业即可'],
      [1, 2, '按实施方案设定'],
    ]);

    // The first run keeps version 1 and its verdicts; the second gives a different verdict under version 2.
    const [run1] = await t.deps.db.select().from(ruleRuns).where(eq(ruleRuns.id, firstRun));
    const [run2] = await t.deps.db.select().from(ruleRuns).where(eq(ruleRuns.id, secondRun));
    expect(run1).toMatchObject({ parameterVersion: 1, parameters: { minEmployedLarge: 2 }, periodKey: '2022-03' });
    expect(run2).toMatchObject({ parameterVersion: 2, parameters: { minEmployedLarge: 1 }, scopeKey: '360735' });
    const verdictsOf = async (runId: string) =>
      Object.fromEntries((await resultsOfRun(t.deps.db, runId)).map((r) => [r.entityId, r.verdict]));
    expect(await verdictsOf(firstRun)).toEqual({ 'h-large': 'not_met', 'h-none': 'not_applicable', 'h-small': 'met' });
    expect(await verdictsOf(secondRun)).toEqual({ 'h-large': 'met', 'h-none': 'not_applicable', 'h-small': 'met' });
    const [large] = await t.deps.db
      .select()
      .from(ruleResults)
      .where(and(eq(ruleResults.runId, firstRun), eq(ruleResults.entityId, 'h-large')));
    expect(large).toMatchObject({
      entityType: 'household',
      values: { persons: 6, canWork: 2, employed: 1, required: 2 },
      evidence: [
        { type: 'household', id: 'h-large' },
        { type: 'person', id: 'p1', label: '成员p1' },
      ],
    });

    const runs = (await lead.get('/api/v1/rules/R11/runs')).json<RuleRunList>();
    expect(runs.items.map((r) => [r.id, r.parameterVersion, r.summary.met, r.summary.notMet, r.summary.rate])).toEqual([
      [secondRun, 2, 2, 0, 1],
      [firstRun, 1, 1, 1, 0.5],
    ]);
    expect(await auditCount('rule.parameters.update')).toBe(2);
    expect(await auditCount('rule.run.record')).toBe(2);

    // The list shows version 2 as current.
    const list = (await lead.get('/api/v1/rules')).json<RuleList>();
    expect(list.items.find((r) => r.id === 'R11')?.current).toMatchObject({
      version: 2,
      parameters: { minEmployedLarge: 1 },
    });
  });

  it('refuses invalid parameters with 400 in Chinese and writes nothing', async () => {
    const sets = await parameterSetCount();
    const audits = await auditCount('rule.parameters.update');

    const bad = await put(admin, 'R11', {
      parameters: { smallHouseholdMax: 0, minEmployedSmall: 'x' },
      note: '错误示例',
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json<{ error: string; message: string; details: { path: string; message: string }[] }>();
    expect(body.error).toBe('VALIDATION_FAILED');
    expect(body.message).toContain('规则 R11 的参数有误');
    expect(body.message).toContain('小户人数上限（人）：应至少为 1');
    expect(body.details.map((d) => d.path)).toEqual(['parameters.smallHouseholdMax', 'parameters.minEmployedSmall']);
    expect(body.details[1]?.message).toMatch(/^小户最少就业人数：[^A-Za-z]*/);

    const unknown = await put(admin, 'R11', { parameters: { smallHouseholdMx: 6 }, note: '拼写错误' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ message: string }>().message).toContain('未知参数“smallHouseholdMx”');

    const noNote = await put(admin, 'R11', { parameters: { minEmployedLarge: 3 }, note: '  ' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json<{ message: string }>().message).toContain('请填写修改说明');

    expect(await parameterSetCount()).toBe(sets);
    expect(await auditCount('rule.parameters.update')).toBe(audits);
  });

  it('refuses PUT to anyone but the system administrator (403) and reading to roles without rule.read', async () => {
    const sets = await parameterSetCount();
    const res = await put(lead, 'R11', { parameters: { minEmployedLarge: 3 }, note: '越权修改' });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ message: string }>().message).toBe('您没有执行此操作的权限');
    expect((await township.get('/api/v1/rules')).statusCode).toBe(403);
    expect((await township.get('/api/v1/rules/R11/parameters')).statusCode).toBe(403);
    expect(await parameterSetCount()).toBe(sets);
  });

  it('answers a replayed save without a new version and refuses a save based on a stale version', async () => {
    const sets = await parameterSetCount();
    const replay = await put(admin, 'R11', { parameters: { minEmployedLarge: 1 }, note: '重复提交', baseVersion: 1 });
    expect(replay.statusCode).toBe(200);
    expect(replay.json<RuleParameterSet>()).toMatchObject({ version: 2, note: '县里调整：大户 1 人就业即可' });
    const stale = await put(admin, 'R11', { parameters: { minEmployedLarge: 3 }, note: '旧页面', baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ message: string }>().message).toContain('当前为第 2 版');
    expect(await parameterSetCount()).toBe(sets);
  });

  it('answers 404 for a rule that is not registered', async () => {
    expect((await lead.get('/api/v1/rules/R99/parameters')).statusCode).toBe(404);
    expect((await lead.get('/api/v1/rules/R99/runs')).statusCode).toBe(404);
    const res = await put(admin, 'R99', { parameters: {}, note: '不存在' });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ message: string }>().message).toBe('规则 R99 不存在');
  });

  it('stores a large run in chunks in one transaction, and nothing when any chunk fails', async () => {
    const many: ToyHousehold[] = Array.from({ length: 2_500 }, (_, i) =>
      toyHousehold(`h${String(i).padStart(5, '0')}`, {
        persons: 4,
        canWork: 1,
        employed: i % 4 === 0 ? [] : [`p${i}`],
      }),
    );
    const run = await evaluateWithCurrentParameters(rulesDeps, 'R11', many, { periodKey: '2022-04' });
    const { runId } = await recordRun(rulesDeps, run);
    const [stored] = await t.deps.db.select({ n: count() }).from(ruleResults).where(eq(ruleResults.runId, runId));
    expect(stored?.n).toBe(2_500);
    const [row] = await t.deps.db.select().from(ruleRuns).where(eq(ruleRuns.id, runId));
    expect(row?.summary).toEqual({
      total: 2_500,
      met: 1_875,
      notMet: 625,
      notApplicable: 0,
      rate: 0.75,
      averageProgress: null,
    });

    // A duplicate in the third chunk breaks the primary key: the run and the first chunks roll back too.
    const runsBefore = (await t.deps.db.select({ n: count() }).from(ruleRuns))[0]!.n;
    const broken: RuleRun = { ...run, results: [...run.results, run.results[0]!] };
    await expect(recordRun(rulesDeps, broken)).rejects.toThrow();
    expect((await t.deps.db.select({ n: count() }).from(ruleRuns))[0]!.n).toBe(runsBefore);
  });

  it('refuses to record a run for a parameter version that does not exist', async () => {
    const run = await evaluateWithCurrentParameters(rulesDeps, 'R11', households, { periodKey: '2022-05' });
    await expect(recordRun(rulesDeps, { ...run, parameterVersion: 7 })).rejects.toThrow('规则 R11 的第 7 版参数不存在');
  });
});
