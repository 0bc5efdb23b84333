import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EliminationView, HelpPlan, Measure, ReflagResult } from '@anzhi/contracts/monitoring-help';
import type { Site } from '@anzhi/contracts/org';
import type { Household } from '@anzhi/contracts/registry';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { inboxItems } from '../../platform/notifications/notifications.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { households } from '../registry/registry.table';
import { revisits } from '../revisits/revisits.table';
import { serverRuleRegistry } from '../rules/rules.registry';
import { insertAssignment } from '../users/role-assignments.service';
import { runEliminationRule } from './elimination-rule.service';
import { measureInboxSource, runMeasureInboxSweep } from './measures.service';
import { monitoringCaseEvents, monitoringCases } from './monitoring.table';

const QINJIANG = '360735100000';
const ORIGIN_VILLAGE = '360735101002';

type Role = Parameters<typeof insertAssignment>[2]['role'];
type Page<T> = { items: T[]; total: number };

let serial = 0;
function idNumber(birth: string, male: boolean): string {
  serial += 1;
  return makeIdNumber('360735', birth, (serial * 2 + (male ? 1 : 0) + 300) % 1000);
}

const unchanged = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, { changed: false }]));
const changeKeys = ['householdSize', 'health', 'industry', 'employment', 'income'];
const situationKeys = ['policies', 'pairing', 'integration', 'demands', 'suddenHardship'];

describe.skipIf(engineUnavailable())(`help plans, measures and risk elimination on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let township: Agent;
  let cadre: Agent;
  let siteId: string;
  const users: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const logins = new Map<Agent, { username: string; password: string }>();

  /** Moves the injected clock and signs everyone in again (a jump of months expires the sessions). */
  async function setClock(iso: string) {
    t.clock.set(new Date(iso));
    for (const [agent, u] of logins) expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
  }

  async function agentFor(assignments: { role: Role; divisionCode?: string; siteId?: string }[], key: string) {
    const u = await buildUser(t, { roles: [], displayName: key });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    users[key] = u.id;
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    logins.set(agent, u);
    return agent;
  }

  async function household(no: string, names: string[]) {
    const res = await lead.post('/api/v1/households', {
      householdNumber: no,
      category: '搬迁脱贫户',
      relocationYear: 2019,
      originVillageCode: ORIGIN_VILLAGE,
      placement: '集中安置',
      siteId,
      building: '2栋',
      unit: '1单元',
      room: no.slice(-3),
      housingType: '套房',
      floorArea: 80,
      monitoringStatus: '脱贫不稳定户',
      members: names.map((name, i) => ({
        relation: i === 0 ? '户主' : '配偶',
        validFrom: '2019-10-01',
        joinReason: '搬迁入住',
        person: { name, idNumber: idNumber(i === 0 ? '19800520' : '19820311', i === 0), labourCapacity: '普通劳动力' },
      })),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Household>().id;
  }

  /** A case included on `identifiedOn` (rows written directly: identification is another feature's). */
  async function monitoredCase(householdId: string, identifiedOn: string) {
    const id = uuidv7();
    await t.deps.db.insert(monitoringCases).values({
      id,
      countyCode: '360735',
      householdId,
      status: 'monitored',
      category: 'unstable',
      riskTypes: ['illness'],
      startedOn: '2022-03-01',
      dueOn: '2022-03-16',
      identifiedOn,
    });
    return id;
  }

  async function revisit(householdId: string, month: string, over: Record<string, unknown> = {}) {
    await t.deps.db.insert(revisits).values({
      countyCode: '360735',
      householdId,
      month,
      visitDate: `${month}-12`,
      method: '入户',
      visitorName: '回访员',
      siteId,
      townshipCode: QINJIANG,
      changes: unchanged(changeKeys),
      situations: unchanged(situationKeys),
      riskSignals: [],
      registryChanges: [],
      ...over,
    });
  }

  const measureBody = (over: Record<string, unknown> = {}) => ({
    type: 'health',
    riskType: 'illness',
    content: '协助办理大病医疗救助和慢病卡',
    responsibleUserId: users.cadre,
    responsibleName: '帮扶干部甲',
    startOn: '2022-03-15',
    dueOn: '2022-03-20',
    amount: 1200.5,
    term: 'short',
    emergency: false,
    ...over,
  });

  const elimination = async (agent: Agent, caseId: string) => {
    const res = await agent.get(`/api/v1/monitoring/cases/${caseId}/elimination`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<EliminationView>();
  };
  const step = (agent: Agent, caseId: string, body: Record<string, unknown>) =>
    agent.post(`/api/v1/monitoring/cases/${caseId}/elimination/steps`, body);

  async function eliminate(caseId: string, days: [string, string, string, string, string, string]) {
    const [visit, from, to, review, townshipDay, countyDay] = days;
    const v = await step(cadre, caseId, {
      step: 'elimination_visit',
      stepDate: visit,
      outcome: 'passed',
      participants: ['帮扶干部甲', '村干部乙'],
    });
    expect(v.statusCode, v.body).toBe(200);
    const r = await step(cadre, caseId, {
      step: 'elimination_village_review',
      stepDate: review,
      outcome: 'passed',
      postedFrom: from,
      postedTo: to,
    });
    expect(r.statusCode, r.body).toBe(200);
    const tw = await step(township, caseId, {
      step: 'elimination_township_review',
      stepDate: townshipDay,
      outcome: 'passed',
    });
    expect(tw.statusCode, tw.body).toBe(200);
    const c = await step(lead, caseId, {
      step: 'elimination_county_approval',
      stepDate: countyDay,
      outcome: 'passed',
      method: 'assisted',
    });
    expect(c.statusCode, c.body).toBe(200);
    return c.json<EliminationView>();
  }

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 10:00 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    const site = await a.post('/api/v1/sites', { name: '帮扶测试点', townshipCode: QINJIANG, type: '中心集镇' });
    expect(site.statusCode, site.body).toBe(201);
    siteId = site.json<Site>().id;
    lead = await agentFor([{ role: 'county_lead' }], 'lead');
    township = await agentFor([{ role: 'township', divisionCode: QINJIANG }], 'township');
    cadre = await agentFor([{ role: 'help_cadre' }], 'cadre');
    ids.a = await household('HLP0001', ['钟长生', '温秀兰']);
    ids.b = await household('HLP0002', ['刘建华']);
    ids.caseA = await monitoredCase(ids.a, '2022-03-10');
    ids.caseB = await monitoredCase(ids.b, '2022-03-10');
    const pair = await lead.post('/api/v1/pairings', {
      householdId: ids.a,
      side: 'destination',
      cadreUserId: users.cadre,
    });
    expect(pair.statusCode, pair.body).toBe(201);
    const line = await lead.post('/api/v1/settings/income-lines', { year: 2022, amount: 7000, note: '测试值' });
    expect(line.statusCode, line.body).toBe(201);
    const income = await lead.post('/api/v1/incomes', {
      householdId: ids.a,
      year: 2021,
      wage: 20000,
      business: 0,
      property: 0,
      transfer: 0,
      businessCost: 0,
      rigidSpending: 0,
    });
    expect(income.statusCode, income.body).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates measures idempotently with hints; refuses a foreign risk, stale edits', async () => {
    const plan0 = (await lead.get(`/api/v1/monitoring/cases/${ids.caseA}/measures`)).json<HelpPlan>();
    expect(plan0.uncoveredRisks).toEqual(['illness']);
    expect(plan0.membersAbleToWork).toBe(2);

    ids.m1 = uuidv7();
    const first = await lead.post(`/api/v1/monitoring/cases/${ids.caseA}/measures`, { id: ids.m1, ...measureBody() });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<Measure>()).toMatchObject({ status: 'planned', amount: 1200.5, dueSoon: true, version: 1 });
    const replay = await lead.post(`/api/v1/monitoring/cases/${ids.caseA}/measures`, { id: ids.m1, ...measureBody() });
    expect(replay.statusCode).toBe(200);
    expect(replay.json<Measure>().id).toBe(ids.m1);

    const foreign = await lead.post(
      `/api/v1/monitoring/cases/${ids.caseA}/measures`,
      measureBody({ riskType: 'education' }),
    );
    expect(foreign.statusCode).toBe(400);

    const plan = (await lead.get(`/api/v1/monitoring/cases/${ids.caseA}/measures`)).json<HelpPlan>();
    expect(plan.measures.map((m) => m.id)).toEqual([ids.m1]);
    expect(plan.uncoveredRisks).toEqual([]);
    // Able to work, but only a health measure: advise development help (a hint, not a block).
    expect(plan.hints.join()).toContain('开发式');

    const edit = await lead.request('PATCH', `/api/v1/monitoring/measures/${ids.m1}`, {
      ...measureBody({ content: '协助办理大病医疗救助' }),
      version: 1,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json<Measure>().version).toBe(2);
    const stale = await lead.request('PATCH', `/api/v1/monitoring/measures/${ids.m1}`, {
      ...measureBody(),
      version: 1,
    });
    expect(stale.statusCode).toBe(409);

    // B's measure names the same cadre as responsible, but B is not paired with them.
    const b = await lead.post(
      `/api/v1/monitoring/cases/${ids.caseB}/measures`,
      measureBody({ dueOn: '2022-03-10', startOn: '2022-03-01' }),
    );
    expect(b.statusCode, b.body).toBe(201);
    ids.mb = b.json<Measure>().id;
  });

  it('shows a help cadre only the measures of paired households', async () => {
    const mine = (await cadre.get('/api/v1/monitoring/measures?mine=1')).json<Page<Measure>>();
    expect(mine.items.map((m) => m.householdNumber)).toEqual(['HLP0001']);
    expect((await cadre.get(`/api/v1/monitoring/cases/${ids.caseB}/measures`)).statusCode).toBe(404);
    expect((await cadre.get(`/api/v1/monitoring/measures/${ids.mb}`)).statusCode).toBe(404);
    expect((await cadre.get(`/api/v1/monitoring/cases/${ids.caseB}/elimination`)).statusCode).toBe(404);
    const overdue = (await lead.get('/api/v1/monitoring/measures?due=overdue')).json<Page<Measure>>();
    expect(overdue.items.map((m) => m.id)).toEqual([ids.mb]);
  });

  it('puts due and overdue measures in the responsible cadre inbox once, and closes the item when done', async () => {
    const first = await runMeasureInboxSweep(t.deps);
    const second = await runMeasureInboxSweep(t.deps);
    expect(first.posted).toBe(2);
    expect(second.posted).toBe(2);
    const items = await t.deps.db
      .select()
      .from(inboxItems)
      .where(and(eq(inboxItems.source, measureInboxSource), eq(inboxItems.userId, users.cadre!)));
    expect(items.map((i) => i.sourceRef).sort()).toEqual([ids.m1, ids.mb].sort());
    expect(items.find((i) => i.sourceRef === ids.mb)!.title).toContain('已逾期');

    const done = await cadre.post(`/api/v1/monitoring/measures/${ids.m1}/complete`, {
      version: 2,
      completedOn: '2022-03-15',
      result: '已办理慢病卡，报销医疗费用 1.2 万元',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Measure>()).toMatchObject({ status: 'done', completedOn: '2022-03-15' });
    const [item] = await t.deps.db
      .select()
      .from(inboxItems)
      .where(and(eq(inboxItems.source, measureInboxSource), eq(inboxItems.sourceRef, ids.m1!)));
    expect(item!.status).toBe('done');
  });

  it('refuses elimination while conditions are unmet, listing them', async () => {
    const view = await elimination(lead, ids.caseA!);
    expect(view.assessment.eligible).toBe(false);
    const status = Object.fromEntries(view.assessment.conditions.map((c) => [c.key, c.status]));
    expect(status).toMatchObject({
      monitored_months: 'not_met',
      measure_done: 'met',
      income_above_line: 'met',
      income_stable: 'unknown',
      labour_capacity: 'met',
    });
    expect(view.nextStep).toBe('elimination_visit');
    const refused = await step(cadre, ids.caseA!, {
      step: 'elimination_visit',
      stepDate: '2022-03-15',
      outcome: 'passed',
      participants: ['帮扶干部甲', '村干部乙'],
    });
    expect(refused.statusCode).toBe(422);
    const unmet = refused.json<{ details: { unmet: { key: string }[] } }>().details.unmet.map((u) => u.key);
    expect(unmet).toEqual(['monitored_months', 'income_stable']);

    // A failing step is allowed whatever the conditions: it ends the round, the next attempt starts round 2.
    const failed = await step(lead, ids.caseB!, {
      step: 'elimination_visit',
      stepDate: '2022-03-15',
      outcome: 'failed',
      participants: ['干部甲', '干部乙'],
      note: '核实发现仍有大额医疗支出',
    });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json<EliminationView>()).toMatchObject({ round: 2, steps: [], nextStep: 'elimination_visit' });
    expect(failed.json<EliminationView>().history.map((h) => h.outcome)).toEqual(['failed']);
  });

  it('six months later (Shanghai midnight) eliminates through the four steps, in order and by the right roles', async () => {
    for (const month of ['2022-03', '2022-04', '2022-05', '2022-06', '2022-07', '2022-08'])
      await revisit(ids.a!, month);
    // 2022-09-09T16:00Z is 2022-09-10 00:00 in Shanghai: six months after 2022-03-10.
    await setClock('2022-09-09T15:59:59Z');
    expect((await elimination(lead, ids.caseA!)).assessment.conditions[0]!.status).toBe('not_met');
    await setClock('2022-09-09T16:00:00Z');
    const ready = await elimination(lead, ids.caseA!);
    expect(ready.assessment.conditions.filter((c) => c.status !== 'met')).toEqual([]);
    expect(ready.assessment.eligible).toBe(true);

    const oneVisitor = await step(cadre, ids.caseA!, {
      step: 'elimination_visit',
      stepDate: '2022-09-10',
      outcome: 'passed',
      participants: ['帮扶干部甲'],
    });
    expect(oneVisitor.statusCode).toBe(400);
    const outOfOrder = await step(township, ids.caseA!, {
      step: 'elimination_township_review',
      stepDate: '2022-09-10',
      outcome: 'passed',
    });
    expect(outOfOrder.statusCode).toBe(409);
    const byCadre = await step(cadre, ids.caseA!, {
      step: 'elimination_county_approval',
      stepDate: '2022-09-10',
      outcome: 'passed',
      method: 'assisted',
    });
    expect(byCadre.statusCode).toBe(403);

    await setClock('2022-09-20T02:00:00Z');
    const shortPosting = await (async () => {
      await step(cadre, ids.caseA!, {
        step: 'elimination_visit',
        stepDate: '2022-09-10',
        outcome: 'passed',
        participants: ['帮扶干部甲', '村干部乙'],
      });
      return step(cadre, ids.caseA!, {
        step: 'elimination_village_review',
        stepDate: '2022-09-14',
        outcome: 'passed',
        postedFrom: '2022-09-11',
        postedTo: '2022-09-14',
      });
    })();
    expect(shortPosting.statusCode).toBe(400);
    const r = await step(cadre, ids.caseA!, {
      step: 'elimination_village_review',
      stepDate: '2022-09-15',
      outcome: 'passed',
      postedFrom: '2022-09-11',
      postedTo: '2022-09-15',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(
      (
        await step(township, ids.caseA!, {
          step: 'elimination_township_review',
          stepDate: '2022-09-16',
          outcome: 'passed',
        })
      ).statusCode,
    ).toBe(200);
    const noMethod = await step(lead, ids.caseA!, {
      step: 'elimination_county_approval',
      stepDate: '2022-09-18',
      outcome: 'passed',
    });
    expect(noMethod.statusCode).toBe(400);
    const approved = await step(lead, ids.caseA!, {
      step: 'elimination_county_approval',
      stepDate: '2022-09-18',
      outcome: 'passed',
      method: 'assisted',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const view = approved.json<EliminationView>();
    expect(view).toMatchObject({
      caseStatus: 'eliminated',
      method: 'assisted',
      eliminatedOn: '2022-09-18',
      nextStep: null,
    });
    expect(view.steps.map((s) => s.step)).toEqual([
      'elimination_visit',
      'elimination_village_review',
      'elimination_township_review',
      'elimination_county_approval',
    ]);
    expect(view.events.map((e) => e.kind)).toContain('eliminated');
    const [h] = await t.deps.db.select().from(households).where(eq(households.id, ids.a!));
    expect(h!.monitoringStatus).toBe('风险已消除');

    // R07E: the eliminated household still meets the present-state conditions.
    const { run } = await runEliminationRule({ ...t.deps, rules: serverRuleRegistry }, '2022-09-20');
    expect(run.results.find((x) => x.entityId === ids.a)?.verdict).toBe('met');
  });

  it('rolls back (county, with a reason) to monitoring in a new round', async () => {
    const view = await elimination(lead, ids.caseA!);
    expect(
      (
        await cadre.post(`/api/v1/monitoring/cases/${ids.caseA}/elimination/rollback`, {
          caseVersion: view.caseVersion,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const stale = await lead.post(`/api/v1/monitoring/cases/${ids.caseA}/elimination/rollback`, {
      caseVersion: view.caseVersion - 1,
      reason: '核查发现收入数据有误',
    });
    expect(stale.statusCode).toBe(409);
    const back = await lead.post(`/api/v1/monitoring/cases/${ids.caseA}/elimination/rollback`, {
      caseVersion: view.caseVersion,
      reason: '核查发现收入数据有误',
    });
    expect(back.statusCode, back.body).toBe(200);
    const after = back.json<EliminationView>();
    expect(after).toMatchObject({ caseStatus: 'monitored', round: 2, method: null, eliminatedOn: null });
    expect(after.steps).toEqual([]);
    expect(after.history).toHaveLength(4);
    expect(after.nextStep).toBe('elimination_visit');
    const events = await t.deps.db
      .select()
      .from(monitoringCaseEvents)
      .where(eq(monitoringCaseEvents.caseId, ids.caseA!));
    expect(events.find((e) => e.kind === 'rolled_back')?.reason).toBe('核查发现收入数据有误');
    const [h] = await t.deps.db.select().from(households).where(eq(households.id, ids.a!));
    expect(h!.monitoringStatus).toBe('脱贫不稳定户');
  });

  it('re-flags an eliminated household as a new case linked to the old one', async () => {
    await setClock('2022-10-10T02:00:00Z');
    await revisit(ids.a!, '2022-09');
    await eliminate(ids.caseA!, ['2022-10-01', '2022-10-02', '2022-10-06', '2022-10-07', '2022-10-08', '2022-10-09']);
    const id = uuidv7();
    const res = await cadre.post(`/api/v1/monitoring/cases/${ids.caseA}/reflag`, {
      id,
      reason: '户主务工返乡，收入骤降',
      riskTypes: ['unstable_employment'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ReflagResult>()).toMatchObject({ caseId: id, previousCaseId: ids.caseA });
    const replay = await cadre.post(`/api/v1/monitoring/cases/${ids.caseA}/reflag`, {
      id,
      reason: '户主务工返乡，收入骤降',
      riskTypes: ['unstable_employment'],
    });
    expect(replay.statusCode).toBe(201);
    const [created] = await t.deps.db.select().from(monitoringCases).where(eq(monitoringCases.id, id));
    expect(created).toMatchObject({
      status: 'identifying',
      previousCaseId: ids.caseA,
      startedOn: '2022-10-10',
      dueOn: '2022-10-25',
    });
    expect(
      await t.deps.db.select().from(monitoringCases).where(eq(monitoringCases.previousCaseId, ids.caseA!)),
    ).toHaveLength(1);
    expect((await elimination(lead, ids.caseA!)).nextCaseId).toBe(id);
    const again = await cadre.post(`/api/v1/monitoring/cases/${ids.caseA}/reflag`, {
      reason: '重复',
      riskTypes: ['illness'],
    });
    expect(again.statusCode).toBe(409);
    const view = await elimination(lead, ids.caseA!);
    const rollback = await lead.post(`/api/v1/monitoring/cases/${ids.caseA}/elimination/rollback`, {
      caseVersion: view.caseVersion,
      reason: '不应回退',
    });
    expect(rollback.statusCode).toBe(409);
  });
});
