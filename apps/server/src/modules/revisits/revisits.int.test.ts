import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '@anzhi/contracts/org';
import type { Household } from '@anzhi/contracts/registry';
import type { MonthClose, PendingList, Revisit, RevisitCompletion } from '@anzhi/contracts/revisits';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditEvents } from '../../platform/audit/audit.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { insertAssignment } from '../users/role-assignments.service';
import { revisits } from './revisits.table';

const QINJIANG = '360735100000';
const ORIGIN_VILLAGE = '360735101002';

let counter = 700;
function idNumber(birth: string, male: boolean): string {
  counter += 1;
  return makeIdNumber('360735', birth, ((counter * 2) % 1000) + (male ? 1 : 0));
}
const member = (relation: string, name: string, birth: string, male: boolean) => ({
  relation,
  validFrom: '2019-10-01',
  person: { name, idNumber: idNumber(birth, male), labourCapacity: '普通劳动力' },
});
function householdBody(siteId: string, members: unknown[]) {
  counter += 1;
  return {
    householdNumber: `RV${String(counter).padStart(6, '0')}`,
    category: '搬迁脱贫户',
    relocationYear: 2019,
    originVillageCode: ORIGIN_VILLAGE,
    placement: '集中安置',
    siteId,
    building: '2栋',
    unit: '1单元',
    room: '302',
    housingType: '套房',
    handoverDate: '2019-10-01',
    members,
  };
}

describe.skipIf(engineUnavailable())(`monthly revisits and month close on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let clerk: Agent;
  let managerA: Agent;
  let managerB: Agent;
  const site: Record<string, string> = {};
  const hh: Record<string, Household> = {};
  const logins: [Agent, string, string][] = [];

  async function agentFor(
    assignments: { role: 'county_lead' | 'township' | 'site_manager'; divisionCode?: string; siteId?: string }[],
  ) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    logins.push([agent, u.username, u.password]);
    return agent;
  }
  const unchanged = (householdId: string, visitDate = '2022-03-10') => ({
    id: uuidv7(),
    householdId,
    visitDate,
    method: '入户',
  });

  beforeAll(async () => {
    t = await buildTestApp(); // today is 2022-03-15 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const key of ['a', 'b']) {
      const res = await a.post('/api/v1/sites', { name: `回访测试点${key}`, townshipCode: QINJIANG, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      site[key] = res.json<Site>().id;
    }
    lead = await agentFor([{ role: 'county_lead' }]);
    clerk = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    managerA = await agentFor([{ role: 'site_manager', siteId: site.a! }]);
    managerB = await agentFor([{ role: 'site_manager', siteId: site.b! }]);
    const bodies: [string, unknown][] = [
      [
        'a1',
        householdBody(site.a!, [
          member('户主', '赖春生', '19700304', true),
          member('配偶', '温秀英', '19720811', false),
        ]),
      ],
      [
        'a2',
        householdBody(site.a!, [
          member('户主', '黄建国', '19650101', true),
          member('父母', '黄老伯', '19400101', true),
        ]),
      ],
      ['b1', householdBody(site.b!, [member('户主', '李冬梅', '19800505', false)])],
    ];
    for (const [key, body] of bodies) {
      const res = await lead.post('/api/v1/households', body);
      expect(res.statusCode, res.body).toBe(201);
      hh[key] = res.json<Household>();
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records an unchanged revisit from the prefilled defaults, and a replay creates nothing twice', async () => {
    const body = unchanged(hh.a1!.id);
    const res = await managerA.post('/api/v1/revisits', body);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Revisit>();
    expect(r).toMatchObject({ month: '2022-03', siteId: site.a, townshipCode: QINJIANG, riskSignals: [] });
    expect(Object.values(r.changes).every((c) => !c.changed)).toBe(true);
    expect(Object.values(r.situations).every((c) => !c.changed)).toBe(true);

    const replay = await managerA.post('/api/v1/revisits', body);
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json<Revisit>().id).toBe(body.id);
    const rows = await t.deps.db.select().from(revisits).where(eq(revisits.householdId, hh.a1!.id));
    expect(rows).toHaveLength(1);
    const events = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'revisit.create'));
    expect(events).toHaveLength(1);

    const second = await managerA.post('/api/v1/revisits', unchanged(hh.a1!.id, '2022-03-12'));
    expect(second.statusCode, second.body).toBe(409);
  });

  it('counts a visit on the last day of a month for that month and refuses a future date', async () => {
    const res = await managerA.post('/api/v1/revisits', unchanged(hh.a2!.id, '2022-02-28'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Revisit>().month).toBe('2022-02');
    const future = await managerA.post('/api/v1/revisits', unchanged(hh.a2!.id, '2022-03-16'));
    expect(future.statusCode).toBe(400);
  });

  it('hides a household of another site (404)', async () => {
    const res = await managerB.post('/api/v1/revisits', unchanged(hh.a2!.id));
    expect(res.statusCode).toBe(404);
    const list = await managerB.get('/api/v1/revisits?month=2022-03');
    expect(list.json<{ total: number }>().total).toBe(0);
    const [row] = await t.deps.db.select().from(revisits).where(eq(revisits.householdId, hh.a1!.id));
    expect((await managerB.get(`/api/v1/revisits/${row!.id}`)).statusCode).toBe(404);
    expect((await managerA.get(`/api/v1/revisits/${row!.id}`)).statusCode).toBe(200);
  });

  it('updates the registry from a revisit: a birth, a death and a serious illness, with risk signals', async () => {
    const elder = hh.a2!.members.find((m) => m.relation === '父母')!;
    const head = hh.a2!.members.find((m) => m.relation === '户主')!;
    const res = await managerA.post('/api/v1/revisits', {
      ...unchanged(hh.a2!.id, '2022-03-14'),
      changes: {
        householdSize: { changed: true, what: '死亡', note: '老人病故，另有新生儿' },
        health: { changed: true, what: '患大病', newValue: '患有大病' },
      },
      problems: '户主确诊大病',
      registryChanges: {
        joins: [
          {
            relation: '孙子女',
            validFrom: '2022-03-02',
            joinReason: '出生',
            person: { name: '黄小宝', idNumber: idNumber('20220302', true), labourCapacity: '无劳动力' },
          },
        ],
        leaves: [{ personId: elder.personId, date: '2022-03-08', reason: '死亡' }],
        health: [{ personId: head.personId, change: { date: '2022-03-14', health: '患有大病' } }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Revisit>();
    expect(r.riskSignals.map((s) => s.kind).sort()).toEqual(['member_death', 'serious_illness']);
    expect(r.registryChanges).toHaveLength(3);
    const after = (await lead.get(`/api/v1/households/${hh.a2!.id}`)).json<Household>();
    const names = after.members.map((m) => m.name).sort();
    expect(names).toContain('黄小宝');
    expect(names).not.toContain('黄老伯');
    const history = await lead.get(`/api/v1/persons/${head.personId}/history`);
    expect(history.json<{ health: { health: string; validTo: string | null }[] }>().health).toEqual(
      expect.arrayContaining([expect.objectContaining({ health: '患有大病', validTo: null })]),
    );
  });

  it('computes completion per site, township and county and lists the households not yet revisited', async () => {
    const c = (await clerk.get('/api/v1/revisits/completion?month=2022-03')).json<RevisitCompletion>();
    expect(c.county).toEqual({ households: 3, revisited: 2, rate: 0.667 });
    expect(c.townships).toEqual([expect.objectContaining({ townshipCode: QINJIANG, households: 3, revisited: 2 })]);
    const bySite = Object.fromEntries(c.sites.map((s) => [s.siteId, [s.households, s.revisited]]));
    expect(bySite).toEqual({ [site.a!]: [2, 2], [site.b!]: [1, 0] });
    const mine = (await managerB.get('/api/v1/revisits/completion?month=2022-03')).json<RevisitCompletion>();
    expect(mine.county).toMatchObject({ households: 1, revisited: 0 });
    const pending = (await clerk.get('/api/v1/revisits/pending?month=2022-03')).json<PendingList>();
    expect(pending.items.map((p) => p.householdId)).toEqual([hh.b1!.id]);
    const feb = (await clerk.get('/api/v1/revisits/pending?month=2022-02')).json<PendingList>();
    expect(feb.items.map((p) => p.householdId).sort()).toEqual([hh.a1!.id, hh.b1!.id].sort());
  });

  it('writes the revisit ledger with the households not revisited listed as 未回访', async () => {
    const res = await clerk.get('/api/v1/revisits/ledger.xlsx?month=2022-03');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values: string[][] = [];
    ws.eachRow((row) =>
      values.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')),
      ),
    );
    const headerRow = values.find((v) => v.includes('五个变化'));
    expect(headerRow).toBeDefined();
    const dataRows = values.filter((v) => v.includes(hh.a1!.householdNumber) || v.includes(hh.b1!.householdNumber));
    expect(dataRows.find((v) => v.includes(hh.b1!.householdNumber))).toContain('未回访');
    expect(dataRows.find((v) => v.includes(hh.a1!.householdNumber))).toContain('无变化');
  });

  it('documents the revisit and month-close endpoints in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/revisits', '/api/v1/revisits/completion', '/api/v1/month-closes']),
    );
  });

  it('closes a month after it ends, refuses its revisits, and the county reopens it with a reason', async () => {
    const early = await clerk.post('/api/v1/month-closes', { townshipCode: QINJIANG, month: '2022-03' });
    expect(early.statusCode).toBe(409);
    t.clock.set(new Date('2022-04-03T15:59:00Z')); // 23:59 on the 3rd in Shanghai: still on time
    for (const [agent, username, password] of logins) await agent.login(username, password);
    const closed = await clerk.post('/api/v1/month-closes', { townshipCode: QINJIANG, month: '2022-03' });
    expect(closed.statusCode, closed.body).toBe(201);
    const close = closed.json<MonthClose>();
    expect(close).toMatchObject({ status: 'closed', onTime: true });
    expect((await managerA.post('/api/v1/month-closes', { townshipCode: QINJIANG, month: '2022-03' })).statusCode).toBe(
      403,
    );

    const refused = await managerB.post('/api/v1/revisits', unchanged(hh.b1!.id, '2022-03-20'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain('月度确认');
    const current = await managerB.post('/api/v1/revisits', unchanged(hh.b1!.id, '2022-04-01'));
    expect(current.statusCode, current.body).toBe(201);
    expect(current.json<Revisit>().month).toBe('2022-04');

    expect((await clerk.post(`/api/v1/month-closes/${close.id}/reopen`, { reason: '补录' })).statusCode).toBe(403);
    const reopened = await lead.post(`/api/v1/month-closes/${close.id}/reopen`, { reason: '补录漏登的回访' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json<MonthClose>()).toMatchObject({ status: 'reopened', reopenReason: '补录漏登的回访' });
    const [event] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'month.reopen'));
    expect(event).toBeDefined();
    const late = await managerB.post('/api/v1/revisits', unchanged(hh.b1!.id, '2022-03-20'));
    expect(late.statusCode, late.body).toBe(201);

    t.clock.set(new Date('2022-04-04T02:00:00Z')); // the 4th in Shanghai: a close now is late (R06)
    for (const [agent, username, password] of logins) await agent.login(username, password);
    const again = await clerk.post('/api/v1/month-closes', { townshipCode: QINJIANG, month: '2022-03' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<MonthClose>()).toMatchObject({ status: 'closed', onTime: false });
    const list = (await clerk.get('/api/v1/month-closes?month=2022-03')).json<{ items: MonthClose[] }>();
    expect(list.items).toHaveLength(1);
    // A site manager sees whether the month of the site's township is closed.
    const seen = (await managerA.get('/api/v1/month-closes?month=2022-03')).json<{ items: MonthClose[] }>();
    expect(seen.items.map((c) => c.townshipCode)).toEqual([QINJIANG]);
  });
});
