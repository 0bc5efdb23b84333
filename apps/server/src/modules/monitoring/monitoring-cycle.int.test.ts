import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Clue } from '@anzhi/contracts/monitoring';
import type { EliminationView, HelpPlan, Measure } from '@anzhi/contracts/monitoring-help';
import type { Site } from '@anzhi/contracts/org';
import type { Household } from '@anzhi/contracts/registry';
import type { Revisit } from '@anzhi/contracts/revisits';
import type { Role } from '@anzhi/contracts/permissions';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { households } from '../registry/registry.table';
import { insertAssignment } from '../users/role-assignments.service';

const QINJIANG = '360735100000';
const ORIGIN_VILLAGE = '360735101002';

/**
 * The whole monitoring cycle through the API, one household, on the injected clock (issue: "from a revisit that
 * reveals a serious illness to an included case with a plan and measures, then, six months later, an elimination"):
 * revisit → clue → identification (7 steps) → plan and a carried-out measure → monthly revisits → elimination
 * (assessment met, 4 steps) → the household shows 风险已消除.
 */
describe.skipIf(engineUnavailable())(`the monitoring cycle from revisit to elimination on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let clerk: Agent;
  let manager: Agent;
  let cadre: Agent;
  let household: Household;
  const users: Record<string, string> = {};
  const logins = new Map<Agent, { username: string; password: string }>();

  async function agentFor(assignments: { role: Role; divisionCode?: string; siteId?: string }[], key: string) {
    const u = await buildUser(t, { roles: [], displayName: key });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    users[key] = u.id;
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    logins.set(agent, u);
    return agent;
  }

  /** Moves the injected clock and signs everyone in again (a jump of months expires sessions). */
  async function setClock(iso: string) {
    t.clock.set(new Date(iso));
    for (const [agent, u] of logins) expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
  }

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 10:00 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    const site = await a.post('/api/v1/sites', { name: '全流程测试点', townshipCode: QINJIANG, type: '中心集镇' });
    expect(site.statusCode, site.body).toBe(201);
    const siteId = site.json<Site>().id;
    lead = await agentFor([{ role: 'county_lead' }], 'lead');
    clerk = await agentFor([{ role: 'township', divisionCode: QINJIANG }], 'clerk');
    manager = await agentFor([{ role: 'site_manager', siteId }], 'manager');
    cadre = await agentFor([{ role: 'help_cadre' }], 'cadre');
    const res = await lead.post('/api/v1/households', {
      householdNumber: 'CYC000001',
      category: '搬迁脱贫户',
      relocationYear: 2019,
      originVillageCode: ORIGIN_VILLAGE,
      placement: '集中安置',
      siteId,
      building: '3栋',
      unit: '1单元',
      room: '301',
      housingType: '套房',
      handoverDate: '2019-10-01',
      members: [
        {
          relation: '户主',
          validFrom: '2019-10-01',
          person: { name: '赖有福', idNumber: makeIdNumber('360735', '19780415', 31), labourCapacity: '普通劳动力' },
        },
        {
          relation: '配偶',
          validFrom: '2019-10-01',
          person: { name: '曾春梅', idNumber: makeIdNumber('360735', '19800906', 42), labourCapacity: '普通劳动力' },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    household = res.json<Household>();
    const pair = await lead.post('/api/v1/pairings', {
      householdId: household.id,
      side: 'destination',
      cadreUserId: users.cadre,
    });
    expect(pair.statusCode, pair.body).toBe(201);
    const line = await lead.post('/api/v1/settings/income-lines', { year: 2022, amount: 7000, note: '测试值' });
    expect(line.statusCode, line.body).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('revisit → clue → included → plan → six months of revisits → eliminated', async () => {
    // 1. The March revisit reveals a serious illness: a clue opens in the same step.
    const visit = await manager.post('/api/v1/revisits', {
      id: uuidv7(),
      householdId: household.id,
      visitDate: '2022-03-10',
      method: '入户',
      changes: { health: { changed: true, what: '患大病', newValue: '户主确诊肾衰竭' } },
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const clues = visit.json<Revisit>().clues ?? [];
    expect(clues.map((c) => c.reason)).toEqual(['回访"身体状况"：患大病']);
    const clueList = await manager.get(`/api/v1/monitoring/clues?householdId=${household.id}`);
    const [clue] = clueList.json<{ items: Clue[] }>().items;
    expect(clue).toMatchObject({ source: 'revisit', status: 'open', riskTypes: ['illness'] });

    // 2. Identification: seven steps by their roles, within the 15 days.
    const start = await manager.post('/api/v1/monitoring/cases', { id: uuidv7(), clueId: clue!.id });
    expect(start.statusCode, start.body).toBe(201);
    let c = start.json<CaseDetail>();
    const steps: [Agent, Record<string, unknown>][] = [
      [manager, { step: 'household_verification', stepDate: '2022-03-11', participants: ['甲', '乙'] }],
      [manager, { step: 'information_check', stepDate: '2022-03-11' }],
      [manager, { step: 'village_review', stepDate: '2022-03-14', postedFrom: '2022-03-10', postedTo: '2022-03-14' }],
      [clerk, { step: 'township_review', stepDate: '2022-03-14' }],
      [lead, { step: 'county_approval', stepDate: '2022-03-15' }],
      [lead, { step: 'announcement', stepDate: '2022-03-15' }],
      [
        lead,
        {
          step: 'registration',
          stepDate: '2022-03-15',
          category: 'unstable',
          riskTypes: ['illness'],
          incomeAtIdentification: 6400,
        },
      ],
    ];
    for (const [agent, body] of steps) {
      const res = await agent.post(`/api/v1/monitoring/cases/${c.id}/steps`, {
        version: c.version,
        outcome: 'passed',
        ...body,
      });
      expect(res.statusCode, `${String(body.step)}: ${res.body}`).toBe(200);
      c = res.json<CaseDetail>();
    }
    expect(c).toMatchObject({ status: 'monitored', category: 'unstable', identifiedOn: '2022-03-15' });
    expect(c.clock).toMatchObject({ finished: true, late: false });

    // Too early to eliminate: the assessment says why.
    const early = await lead.get(`/api/v1/monitoring/cases/${c.id}/elimination`);
    expect(early.statusCode, early.body).toBe(200);
    expect(early.json<EliminationView>().assessment.eligible).toBe(false);

    // 3. The help plan: a health measure for the illness, carried out by the paired cadre.
    const m = await lead.post(`/api/v1/monitoring/cases/${c.id}/measures`, {
      id: uuidv7(),
      type: 'health',
      riskType: 'illness',
      content: '办理大病医疗救助和门诊慢特病待遇',
      responsibleUserId: users.cadre,
      responsibleName: '帮扶干部',
      startOn: '2022-03-16',
      dueOn: '2022-04-30',
      amount: 3000,
      term: 'short',
      emergency: false,
    });
    expect(m.statusCode, m.body).toBe(201);
    const employment = await lead.post(`/api/v1/monitoring/cases/${c.id}/measures`, {
      id: uuidv7(),
      type: 'employment',
      riskType: 'illness',
      content: '配偶推荐到帮扶车间就业',
      responsibleUserId: users.cadre,
      responsibleName: '帮扶干部',
      startOn: '2022-03-16',
      dueOn: '2022-05-31',
      term: 'long',
      emergency: false,
    });
    expect(employment.statusCode, employment.body).toBe(201);
    const plan = (await cadre.get(`/api/v1/monitoring/cases/${c.id}/measures`)).json<HelpPlan>();
    expect(plan.uncoveredRisks).toEqual([]);
    expect(plan.measures).toHaveLength(2);

    // 4. Months pass: revisits each month (on the clock of that month), measures carried out, the year's income.
    for (const [i, month] of ['2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09'].entries()) {
      await setClock(`${month}-05T02:00:00Z`);
      const r = await manager.post('/api/v1/revisits', {
        id: uuidv7(),
        householdId: household.id,
        visitDate: `${month}-05`,
        method: i % 2 ? '电话' : '入户',
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json<Revisit>().clues ?? []).toEqual([]);
      if (month === '2022-05') {
        for (const measure of [m.json<Measure>(), employment.json<Measure>()]) {
          const done = await cadre.post(`/api/v1/monitoring/measures/${measure.id}/complete`, {
            version: measure.version,
            completedOn: '2022-05-04',
            result: '已落实',
          });
          expect(done.statusCode, done.body).toBe(200);
        }
      }
    }
    const income = await lead.post('/api/v1/incomes', {
      householdId: household.id,
      year: 2022,
      wage: 26000,
      business: 0,
      property: 0,
      transfer: 2400,
      businessCost: 0,
      rigidSpending: 3000,
    });
    expect(income.statusCode, income.body).toBe(201);

    // 5. Six months after identification (2022-09-15 in Shanghai): every condition met, the four steps, eliminated.
    await setClock('2022-09-15T02:00:00Z');
    const ready = (await lead.get(`/api/v1/monitoring/cases/${c.id}/elimination`)).json<EliminationView>();
    expect(ready.assessment.conditions.filter((x) => x.status !== 'met')).toEqual([]);
    expect(ready.assessment.eligible).toBe(true);
    await setClock('2022-09-22T02:00:00Z');
    const eliminationSteps: [Agent, Record<string, unknown>][] = [
      [cadre, { step: 'elimination_visit', stepDate: '2022-09-15', participants: ['帮扶干部', '村干部'] }],
      [
        cadre,
        {
          step: 'elimination_village_review',
          stepDate: '2022-09-21',
          postedFrom: '2022-09-16',
          postedTo: '2022-09-20',
        },
      ],
      [clerk, { step: 'elimination_township_review', stepDate: '2022-09-21' }],
      [lead, { step: 'elimination_county_approval', stepDate: '2022-09-22', method: 'assisted' }],
    ];
    let view: EliminationView | undefined;
    for (const [agent, body] of eliminationSteps) {
      const res = await agent.post(`/api/v1/monitoring/cases/${c.id}/elimination/steps`, {
        outcome: 'passed',
        ...body,
      });
      expect(res.statusCode, `${String(body.step)}: ${res.body}`).toBe(200);
      view = res.json<EliminationView>();
    }
    expect(view).toMatchObject({ caseStatus: 'eliminated', method: 'assisted', eliminatedOn: '2022-09-22' });
    const [row] = await t.deps.db.select().from(households).where(eq(households.id, household.id));
    expect(row!.monitoringStatus).toBe('风险已消除');
    const after = (await manager.get(`/api/v1/monitoring/cases/${c.id}`)).json<CaseDetail>();
    expect(after.status).toBe('eliminated');
  });
});
