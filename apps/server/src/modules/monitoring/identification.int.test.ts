import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Clue, MonitoringCase } from '@anzhi/contracts/monitoring';
import type { Site } from '@anzhi/contracts/org';
import type { Role } from '@anzhi/contracts/permissions';
import type { Household } from '@anzhi/contracts/registry';
import type { Revisit } from '@anzhi/contracts/revisits';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { households } from '../registry/registry.table';
import { revisits } from '../revisits/revisits.table';
import { insertAssignment } from '../users/role-assignments.service';
import { inboxItems } from '../../platform/notifications/notifications.table';
import { serverRuleRegistry } from '../rules/rules.registry';
import { identificationInboxSource, runIdentificationClockSweep } from './identification.job';
import { runIdentificationRule } from './identification.rule';
import { monitoringCaseEvents, monitoringClues } from './monitoring.table';

const QINJIANG = '360735100000';
const ORIGIN_VILLAGE = '360735101002';

let counter = 300;
const idNumber = (birth: string, male: boolean) => {
  counter += 1;
  return makeIdNumber('360735', birth, ((counter * 2) % 1000) + (male ? 1 : 0));
};

describe.skipIf(engineUnavailable())(`monitoring clues, cases and identification on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let clerk: Agent;
  let manager: Agent;
  let cadre: Agent;
  let siteId: string;
  const users: Record<string, string> = {};
  const hh: Record<string, Household> = {};
  const headIds: Record<string, string> = {};

  async function agentFor(assignments: { role: Role; divisionCode?: string; siteId?: string }[], key: string) {
    const u = await buildUser(t, { roles: [], displayName: key });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    users[key] = u.id;
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return agent;
  }

  async function household(key: string, category: string) {
    counter += 1;
    const headId = idNumber('19700304', true);
    headIds[key] = headId;
    const res = await lead.post('/api/v1/households', {
      householdNumber: `MN${String(counter).padStart(6, '0')}`,
      category,
      relocationYear: 2019,
      originVillageCode: ORIGIN_VILLAGE,
      placement: '集中安置',
      siteId,
      building: '1栋',
      unit: '1单元',
      room: '101',
      housingType: '套房',
      handoverDate: '2019-10-01',
      members: [
        {
          relation: '户主',
          validFrom: '2019-10-01',
          person: { name: `户主${key}`, idNumber: headId, labourCapacity: '普通劳动力' },
        },
        {
          relation: '配偶',
          validFrom: '2019-10-01',
          person: { name: `配偶${key}`, idNumber: idNumber('19720811', false), labourCapacity: '普通劳动力' },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    hh[key] = res.json<Household>();
  }

  const headOf = (key: string) => hh[key]!.members.find((m) => m.relation === '户主')!;

  async function clues(agent: Agent, query = ''): Promise<Clue[]> {
    const res = await agent.get(`/api/v1/monitoring/clues?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Clue[] }>().items;
  }

  async function step(agent: Agent, c: CaseDetail, body: Record<string, unknown>) {
    return agent.post(`/api/v1/monitoring/cases/${c.id}/steps`, { version: c.version, outcome: 'passed', ...body });
  }

  beforeAll(async () => {
    t = await buildTestApp(); // today is 2022-03-15 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    const site = await a.post('/api/v1/sites', { name: '监测测试点', townshipCode: QINJIANG, type: '中心集镇' });
    expect(site.statusCode, site.body).toBe(201);
    siteId = site.json<Site>().id;
    lead = await agentFor([{ role: 'county_lead' }], 'lead');
    clerk = await agentFor([{ role: 'township', divisionCode: QINJIANG }], 'clerk');
    manager = await agentFor([{ role: 'site_manager', siteId }], 'manager');
    cadre = await agentFor([{ role: 'help_cadre' }], 'cadre');
    await household('ill', '搬迁脱贫户');
    await household('sync', '同步搬迁户');
    await household('other', '搬迁脱贫户');
    await household('atomic', '搬迁脱贫户');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a revisit that fails after a registry change leaves the registry as it was (one transaction)', async () => {
    const before = (await lead.get(`/api/v1/households/${hh.atomic!.id}`)).json<Household>().members.length;
    const res = await manager.post('/api/v1/revisits', {
      id: uuidv7(),
      householdId: hh.atomic!.id,
      visitDate: '2022-03-10',
      method: '入户',
      changes: { householdSize: { changed: true, what: '新增人口' } },
      registryChanges: {
        joins: [
          {
            relation: '子女',
            validFrom: '2022-03-01',
            joinReason: '出生',
            person: { name: '新生儿', idNumber: idNumber('20220301', true), labourCapacity: '无劳动能力' },
          },
        ],
        // Dated before the person's health period began: refused after the join was written.
        health: [{ personId: headOf('atomic').personId, change: { date: '2019-01-01', health: '患有大病' } }],
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    const after = (await lead.get(`/api/v1/households/${hh.atomic!.id}`)).json<Household>().members.length;
    expect(after).toBe(before);
    expect(await t.deps.db.select().from(revisits).where(eq(revisits.householdId, hh.atomic!.id))).toHaveLength(0);
  });

  it('an unchanged revisit opens no clue; one that reveals a serious illness opens a clue naming the answer', async () => {
    const plain = await manager.post('/api/v1/revisits', {
      id: uuidv7(),
      householdId: hh.other!.id,
      visitDate: '2022-03-09',
      method: '电话',
    });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json<Revisit>().clues).toEqual([]);

    const body = {
      id: uuidv7(),
      householdId: hh.ill!.id,
      visitDate: '2022-03-10',
      method: '入户',
      changes: { health: { changed: true, what: '患大病', newValue: '户主确诊尿毒症' } },
    };
    const res = await manager.post('/api/v1/revisits', body);
    expect(res.statusCode, res.body).toBe(201);
    const revisit = res.json<Revisit>();
    expect(revisit.clues).toHaveLength(1);
    expect(revisit.clues![0]!.reason).toBe('回访"身体状况"：患大病');
    // A replay creates nothing twice.
    expect((await manager.post('/api/v1/revisits', body)).statusCode).toBe(200);
    const listed = await clues(manager, `householdId=${hh.ill!.id}`);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      source: 'revisit',
      status: 'open',
      riskTypes: ['illness'],
      reportedOn: '2022-03-10',
      sourceRef: `${revisit.id}:serious_illness`,
    });
  });

  it('reads the income line from the yearly settings for the income signal', async () => {
    const line = await lead.post('/api/v1/settings/income-lines', { year: 2022, amount: 7000, note: '演示值' });
    expect(line.statusCode, line.body).toBe(201);
    const res = await manager.post('/api/v1/revisits', {
      id: uuidv7(),
      householdId: hh.sync!.id,
      visitDate: '2022-03-11',
      method: '入户',
      changes: { income: { changed: true, what: '减少', newValue: '5200' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Revisit>().clues!.map((c) => c.reason)).toEqual(['回访"人均收入"：5200元，低于监测线7000元']);
  });

  it('runs identification in order, each step by its role, and includes with a compatible category', async () => {
    const [clue] = await clues(manager, `householdId=${hh.ill!.id}`);
    const start = await manager.post('/api/v1/monitoring/cases', { id: uuidv7(), clueId: clue!.id });
    expect(start.statusCode, start.body).toBe(201);
    let c = start.json<CaseDetail>();
    expect(c).toMatchObject({
      status: 'identifying',
      startedOn: '2022-03-10',
      dueOn: '2022-03-25',
      nextStep: 'household_verification',
    });
    expect(c.clock).toMatchObject({ daysUsed: 5, daysLeft: 10, late: false, atRisk: false, limitDays: 15 });
    expect(c.clues.map((x) => x.status)).toEqual(['in_identification']);

    // A self-declaration for the same household while the case runs attaches to it.
    const declared = await clerk.post('/api/v1/monitoring/clues', {
      id: uuidv7(),
      source: 'self_declaration',
      reportedOn: '2022-03-11',
      hardship: '医疗费用支出大',
      riskTypes: ['illness'],
      declarant: { name: '户主ill', phone: '13912345678', idNumber: headIds.ill },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    expect(declared.json<Clue>()).toMatchObject({
      householdId: hh.ill!.id,
      status: 'attached',
      caseId: c.id,
      declarantPhone: '139****5678',
    });

    // Out of order, and the wrong role.
    expect((await step(lead, c, { step: 'county_approval', stepDate: '2022-03-11' })).statusCode).toBe(409);
    expect((await step(clerk, c, { step: 'county_approval', stepDate: '2022-03-11' })).statusCode).toBe(403);

    let res = await step(manager, c, {
      step: 'household_verification',
      stepDate: '2022-03-11',
      participants: ['张三', '李四'],
      note: '户主确诊尿毒症，需长期透析',
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json<CaseDetail>();
    // A stale version is refused.
    expect(
      (
        await manager.post(`/api/v1/monitoring/cases/${c.id}/steps`, {
          version: 1,
          step: 'information_check',
          stepDate: '2022-03-11',
          outcome: 'passed',
        })
      ).statusCode,
    ).toBe(409);
    res = await step(manager, c, { step: 'information_check', stepDate: '2022-03-11' });
    c = res.json<CaseDetail>();
    // Posting for fewer than 5 days is refused.
    res = await step(manager, c, {
      step: 'village_review',
      stepDate: '2022-03-14',
      postedFrom: '2022-03-11',
      postedTo: '2022-03-14',
    });
    expect(res.statusCode).toBe(400);
    res = await step(manager, c, {
      step: 'village_review',
      stepDate: '2022-03-14',
      postedFrom: '2022-03-10',
      postedTo: '2022-03-14',
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json<CaseDetail>();
    expect((await step(manager, c, { step: 'township_review', stepDate: '2022-03-14' })).statusCode).toBe(403);
    res = await step(clerk, c, { step: 'township_review', stepDate: '2022-03-14' });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json<CaseDetail>();
    for (const s of ['county_approval', 'announcement']) {
      res = await step(lead, c, { step: s, stepDate: '2022-03-15' });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json<CaseDetail>();
    }
    // 搬迁脱贫户 can never be 边缘易致贫户.
    res = await step(lead, c, {
      step: 'registration',
      stepDate: '2022-03-15',
      category: 'marginal',
      riskTypes: ['illness'],
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('搬迁脱贫户不能认定为边缘易致贫户');
    res = await step(lead, c, {
      step: 'registration',
      stepDate: '2022-03-15',
      category: 'unstable',
      riskTypes: ['illness'],
      incomeAtIdentification: 6200,
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json<CaseDetail>();
    expect(c).toMatchObject({ status: 'monitored', category: 'unstable', identifiedOn: '2022-03-15', nextStep: null });
    expect(c.clock).toMatchObject({ finished: true, late: false, daysUsed: 5 });
    expect(c.steps).toHaveLength(7);
    expect(c.clues.every((x) => x.status === 'closed')).toBe(true);
    const events = await t.deps.db.select().from(monitoringCaseEvents).where(eq(monitoringCaseEvents.caseId, c.id));
    expect(events.map((e) => e.kind).sort()).toEqual(['included', 'opened']);
    const [row] = await t.deps.db.select().from(households).where(eq(households.id, hh.ill!.id));
    expect(row!.monitoringStatus).toBe('脱贫不稳定户');

    // The papers: masked numbers only, posting dates on the board list.
    const paper = await manager.get(`/api/v1/monitoring/cases/${c.id}/papers/verification`);
    expect(paper.statusCode).toBe(200);
    expect(paper.body).toContain('入户核实表');
    expect(paper.body).toContain('户主ill');
    expect(paper.body).not.toContain(headIds.ill);
    expect(paper.body).toContain(`${headIds.ill!.slice(0, 6)}********${headIds.ill!.slice(14)}`);
    const board = await manager.get(`/api/v1/monitoring/cases/${c.id}/papers/posting`);
    expect(board.body).toContain('2022-03-10 至 2022-03-14');
    const notice = await manager.get(`/api/v1/monitoring/cases/${c.id}/papers/announcement`);
    expect(notice.body).toContain('纳入脱贫不稳定户');
  });

  it('ends with 不予纳入 on a failed step, and no step follows', async () => {
    const [clue] = await clues(lead, `householdId=${hh.sync!.id}`);
    const start = await clerk.post('/api/v1/monitoring/cases', { id: uuidv7(), clueId: clue!.id });
    expect(start.statusCode, start.body).toBe(201);
    let c = start.json<CaseDetail>();
    const res = await step(clerk, c, {
      step: 'household_verification',
      stepDate: '2022-03-12',
      outcome: 'failed',
      note: '收入核实后高于监测线',
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json<CaseDetail>();
    expect(c).toMatchObject({ status: 'not_included', notIncludedReason: '收入核实后高于监测线', nextStep: null });
    expect((await step(clerk, c, { step: 'information_check', stepDate: '2022-03-12' })).statusCode).toBe(409);
  });

  it('refuses an incompatible category for a 同步搬迁户 (never 脱贫不稳定户)', async () => {
    const clue = await clerk.post('/api/v1/monitoring/clues', {
      id: uuidv7(),
      householdId: hh.sync!.id,
      source: 'screening',
      reportedOn: '2022-03-01',
      hardship: '家中房屋受损',
      riskTypes: ['disaster'],
    });
    expect(clue.statusCode, clue.body).toBe(201);
    let c = (
      await clerk.post('/api/v1/monitoring/cases', { id: uuidv7(), clueId: clue.json<Clue>().id })
    ).json<CaseDetail>();
    for (const s of ['household_verification', 'information_check'])
      c = (await step(clerk, c, { step: s, stepDate: '2022-03-05' })).json<CaseDetail>();
    c = (
      await step(clerk, c, {
        step: 'village_review',
        stepDate: '2022-03-10',
        postedFrom: '2022-03-06',
        postedTo: '2022-03-10',
      })
    ).json<CaseDetail>();
    c = (await step(clerk, c, { step: 'township_review', stepDate: '2022-03-11' })).json<CaseDetail>();
    for (const s of ['county_approval', 'announcement'])
      c = (await step(lead, c, { step: s, stepDate: '2022-03-12' })).json<CaseDetail>();
    const refused = await step(lead, c, {
      step: 'registration',
      stepDate: '2022-03-12',
      category: 'unstable',
      riskTypes: ['disaster'],
      disasterKind: 'flood',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('同步搬迁户不能认定为脱贫不稳定户');
    // Its clock on 2022-03-15: 14 of 15 days used, 1 left: at risk.
    expect(c.clock).toMatchObject({ daysUsed: 14, daysLeft: 1, atRisk: true, late: false });
    const atRisk = (await lead.get('/api/v1/monitoring/cases?clock=at_risk')).json<{ items: MonitoringCase[] }>().items;
    expect(atRisk.map((x) => x.id)).toContain(c.id);
    const ok = await step(lead, c, {
      step: 'registration',
      stepDate: '2022-03-12',
      category: 'marginal',
      riskTypes: ['disaster'],
      disasterKind: 'flood',
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('flags a late identification, matches a self-declaration by ID number, dismisses, replays', async () => {
    const body = {
      id: uuidv7(),
      source: 'self_declaration',
      reportedOn: '2022-02-20',
      hardship: '务工失业，收入骤减',
      riskTypes: ['unstable_employment'],
      declarant: { name: '户主other', idNumber: headIds.other },
    };
    const res = await clerk.post('/api/v1/monitoring/clues', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Clue>().householdId).toBe(hh.other!.id);
    expect((await clerk.post('/api/v1/monitoring/clues', body)).statusCode).toBe(200);
    const start = await clerk.post('/api/v1/monitoring/cases', { id: uuidv7(), clueId: body.id });
    const c = start.json<CaseDetail>();
    expect(c.clock).toMatchObject({ dueOn: '2022-03-07', late: true });
    const late = (await clerk.get('/api/v1/monitoring/cases?clock=late')).json<{ items: MonitoringCase[] }>().items;
    expect(late.map((x) => x.id)).toEqual([c.id]);

    // The daily sweep puts the late case into the inbox of those who may record its next step (site staff and
    // the township and the county lead for 入户核实, not the help cadre); a second run adds nothing twice.
    await runIdentificationClockSweep(t.deps);
    await runIdentificationClockSweep(t.deps);
    const items = await t.deps.db
      .select()
      .from(inboxItems)
      .where(and(eq(inboxItems.source, identificationInboxSource), eq(inboxItems.sourceRef, c.id)));
    expect(new Set(items.map((i) => i.userId))).toEqual(new Set([users.clerk, users.manager, users.lead]));
    expect(items[0]!.title).toContain('识别已超时');

    const other = await clerk.post('/api/v1/monitoring/clues', {
      id: uuidv7(),
      householdId: hh.atomic!.id,
      source: 'screening',
      reportedOn: '2022-03-14',
      hardship: '排查发现子女辍学风险',
    });
    const dismissed = await clerk.post(`/api/v1/monitoring/clues/${other.json<Clue>().id}/dismiss`, {
      reason: '核实后已返校',
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json<Clue>()).toMatchObject({ status: 'dismissed', dismissedReason: '核实后已返校' });
  });

  it('judges R07 per household under a case: late identification, a risk without a measure', async () => {
    const { run } = await runIdentificationRule({ ...t.deps, rules: serverRuleRegistry }, '2022-03-15');
    const of = (key: string) => run.results.find((r) => r.entityId === hh[key]!.id);
    // Monitored with 因病 and no measure yet; the late self-declared case of `other`.
    expect(of('ill')).toMatchObject({ verdict: 'not_met', values: { uncoveredRiskTypes: ['illness'], late: false } });
    expect(of('other')).toMatchObject({ verdict: 'not_met', values: { late: true } });
  });

  it('documents the monitoring endpoints in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/monitoring/clues',
        '/api/v1/monitoring/cases',
        '/api/v1/monitoring/cases/{id}',
        '/api/v1/monitoring/cases/{id}/steps',
      ]),
    );
  });

  it('a help cadre sees only the clues and cases of paired households', async () => {
    expect(await clues(cadre)).toEqual([]);
    const pair = await lead.post('/api/v1/pairings', {
      householdId: hh.ill!.id,
      side: 'destination',
      cadreUserId: users.cadre,
    });
    expect(pair.statusCode, pair.body).toBe(201);
    const seen = await clues(cadre);
    expect(new Set(seen.map((c) => c.householdId))).toEqual(new Set([hh.ill!.id]));
    const cases = (await cadre.get('/api/v1/monitoring/cases')).json<{ items: MonitoringCase[] }>().items;
    expect(cases.map((c) => c.householdId)).toEqual([hh.ill!.id]);
    const [otherCase] = (await lead.get(`/api/v1/monitoring/cases?householdId=${hh.other!.id}`)).json<{
      items: MonitoringCase[];
    }>().items;
    expect((await cadre.get(`/api/v1/monitoring/cases/${otherCase!.id}`)).statusCode).toBe(404);
    const [otherClue] = await t.deps.db
      .select()
      .from(monitoringClues)
      .where(and(eq(monitoringClues.householdId, hh.other!.id), eq(monitoringClues.source, 'self_declaration')));
    expect((await cadre.get(`/api/v1/monitoring/clues/${otherClue!.id}`)).statusCode).toBe(404);
  });
});
