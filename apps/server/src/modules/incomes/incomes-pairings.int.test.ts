import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdIncome, IncomeLine, IncomeListItem } from '@anzhi/contracts/incomes';
import type { Site } from '@anzhi/contracts/org';
import type { OriginContact, PairingCadre, PairingOverviewItem } from '@anzhi/contracts/pairings';
import type { Household } from '@anzhi/contracts/registry';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditEvents } from '../../platform/audit/audit.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { insertAssignment } from '../users/role-assignments.service';
import { serverRuleRegistry } from '../rules/rules.registry';
import { evaluatePairingRule, runPairingRule } from '../pairings/pairing-rule.service';
import { resultsOfRun } from '../rules/rules.repository';

const COUNTY = '360735000000';
const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';
const PINGSHAN_VILLAGE = '360735102201';
const ORIGIN_VILLAGE = '360735101002';
const OTHER_ORIGIN_VILLAGE = '360735101001';

type Page<T> = { items: T[]; total: number };
type Role = Parameters<typeof insertAssignment>[2]['role'];

let serial = 0;
function idNumber(birth: string, male: boolean): string {
  serial += 1;
  return makeIdNumber('360735', birth, (serial * 2 + (male ? 1 : 0)) % 1000);
}

const patch = (agent: Agent, url: string, body: unknown) => agent.request('PATCH', url, body);

describe.skipIf(engineUnavailable())(`yearly incomes, monitoring lines and two-way pairing on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  const siteIds: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};
  let cadre1: Agent;

  async function agentFor(assignments: { role: Role; divisionCode?: string; siteId?: string }[], key?: string) {
    const u = await buildUser(t, { roles: [], displayName: key ?? '测试用户' });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    if (key) users[key] = u.id;
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return agent;
  }

  const member = (relation: string, name: string, id: string, validFrom = '2019-10-01') => ({
    relation,
    validFrom,
    joinReason: validFrom === '2019-10-01' ? '搬迁入住' : '出生',
    person: { name, idNumber: id, labourCapacity: '普通劳动力' },
  });

  async function household(no: string, siteId: string | null, members: unknown[], extra: Record<string, unknown>) {
    const res = await lead.post('/api/v1/households', {
      householdNumber: no,
      category: '搬迁脱贫户',
      relocationYear: 2019,
      originVillageCode: ORIGIN_VILLAGE,
      ...(siteId
        ? { placement: '集中安置', siteId, building: '1栋', unit: '1单元', room: '101' }
        : { placement: '分散安置', destinationVillageCode: PINGSHAN_VILLAGE }),
      housingType: siteId ? '套房' : '一户一宅',
      floorArea: 90,
      members,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Household>().id;
  }

  const income = (householdId: string, wage: number, extra: Record<string, unknown> = {}) => ({
    householdId,
    year: 2021,
    wage,
    business: 0,
    property: 0,
    transfer: 0,
    businessCost: 0,
    rigidSpending: 0,
    ...extra,
  });

  async function listed(agent: Agent, query: string): Promise<IncomeListItem[]> {
    const res = await agent.get(`/api/v1/incomes?year=2021&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page<IncomeListItem>>().items;
  }

  async function pairingsOf(agent: Agent, query: string): Promise<PairingOverviewItem[]> {
    const res = await agent.get(`/api/v1/pairings?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page<PairingOverviewItem>>().items;
  }

  beforeAll(async () => {
    t = await buildTestApp(); // today is 2022-03-15 10:00 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const [key, townshipCode] of [
      ['a', QINJIANG],
      ['b', QINJIANG],
    ] as const) {
      const res = await a.post('/api/v1/sites', { name: `收入测试点${key}`, townshipCode, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      siteIds[key] = res.json<Site>().id;
    }
    lead = await agentFor([{ role: 'county_lead' }], 'lead');
    // A: at site a, two members all year 2021 and a child born in January 2022; monitored.
    ids.a = await household(
      'INC0001',
      siteIds.a!,
      [
        member('户主', '钟长生', idNumber('19800520', true)),
        member('配偶', '温秀兰', idNumber('19820311', false)),
        member('子', '钟小宝', idNumber('20220110', true), '2022-01-10'),
      ],
      { monitoringStatus: '脱贫不稳定户' },
    );
    // D: dispersed in Pingshan, one member, monitored, from another origin village.
    ids.d = await household('INC0002', null, [member('户主', '黄金凤', idNumber('19550606', false))], {
      monitoringStatus: '脱贫不稳定户',
      originVillageCode: OTHER_ORIGIN_VILLAGE,
    });
    // B: at site b, not monitored.
    ids.b = await household('INC0003', siteIds.b!, [member('户主', '刘建华', idNumber('19750808', true))], {});
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('sets the line per year for the county with a township override; refuses duplicates, other divisions, stale edits', async () => {
    const county = await lead.post('/api/v1/settings/income-lines', {
      year: 2021,
      divisionCode: COUNTY,
      amount: 7000,
      nearMarginPercent: 10,
      note: '演示值，非官方标准',
    });
    expect(county.statusCode, county.body).toBe(201);
    expect(county.json<IncomeLine>()).toMatchObject({ level: 'county', amount: 7000, version: 1 });
    const township = await lead.post('/api/v1/settings/income-lines', {
      year: 2021,
      divisionCode: PINGSHAN,
      amount: 8000,
    });
    expect(township.statusCode, township.body).toBe(201);
    expect(township.json<IncomeLine>()).toMatchObject({ level: 'township', nearMarginPercent: 10 });
    ids.pingshanLine = township.json<IncomeLine>().id;

    const again = await lead.post('/api/v1/settings/income-lines', { year: 2021, divisionCode: COUNTY, amount: 1 });
    expect(again.statusCode).toBe(409);
    const village = await lead.post('/api/v1/settings/income-lines', {
      year: 2021,
      divisionCode: PINGSHAN_VILLAGE,
      amount: 1,
    });
    expect(village.statusCode).toBe(400);

    const changed = await patch(lead, `/api/v1/settings/income-lines/${ids.pingshanLine}`, {
      amount: 8000,
      nearMarginPercent: 10,
      note: '乡镇调整',
      version: 1,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<IncomeLine>().version).toBe(2);
    const stale = await patch(lead, `/api/v1/settings/income-lines/${ids.pingshanLine}`, {
      amount: 1,
      nearMarginPercent: 10,
      note: '',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);

    const township2 = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    expect(
      (await township2.post('/api/v1/settings/income-lines', { year: 2022, divisionCode: QINJIANG, amount: 1 }))
        .statusCode,
    ).toBe(403);
    const list = (await township2.get('/api/v1/settings/income-lines?year=2021')).json<{ items: IncomeLine[] }>();
    expect(list.items.map((l) => l.amount).sort()).toEqual([7000, 8000]);
  });

  it('computes per-capita net income over the members at year end and compares it with the line that applies', async () => {
    const id = uuidv7();
    const res = await lead.post('/api/v1/incomes', {
      id,
      ...income(ids.a!, 12000, { transfer: 1000, rigidSpending: 1000 }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json<HouseholdIncome>();
    // Two members on 2021-12-31 (the child joined in 2022): (12000 + 1000 − 1000) / 2.
    expect(a).toMatchObject({ memberCount: 2, netIncome: 12000, perCapita: 6000, line: 7000, standing: 'below' });
    ids.aIncome = a.id;
    // A replay with the same id creates nothing new.
    const replay = await lead.post('/api/v1/incomes', { id, ...income(ids.a!, 99999) });
    expect(replay.statusCode).toBe(201);
    expect(replay.json<HouseholdIncome>()).toMatchObject({ id, wage: 12000 });
    // Another record for the same household and year: 409.
    expect((await lead.post('/api/v1/incomes', income(ids.a!, 1))).statusCode).toBe(409);

    // D is in Pingshan: its township's line (8000) applies, not the county's; 8500 is within 10 % above: near.
    const d = await lead.post('/api/v1/incomes', income(ids.d!, 8500));
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json<HouseholdIncome>()).toMatchObject({ memberCount: 1, perCapita: 8500, line: 8000, standing: 'near' });
    ids.dIncome = d.json<HouseholdIncome>().id;

    expect((await lead.post('/api/v1/incomes', { ...income(ids.b!, 1), year: 2023 })).statusCode).toBe(400);

    expect((await listed(lead, 'status=below')).map((i) => i.householdNumber)).toEqual(['INC0001']);
    expect((await listed(lead, 'status=near')).map((i) => i.householdNumber)).toEqual(['INC0002']);
    expect((await listed(lead, 'status=missing')).map((i) => i.householdNumber)).toEqual(['INC0003']);
    expect((await listed(lead, `townshipCode=${PINGSHAN}`)).map((i) => i.householdNumber)).toEqual(['INC0002']);
  });

  it('refuses a stale edit with 409 and records edits in the audit log', async () => {
    const ok = await patch(lead, `/api/v1/incomes/${ids.aIncome}`, {
      ...income(ids.a!, 16000),
      note: '补充务工收入',
      version: 1,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<HouseholdIncome>()).toMatchObject({ version: 2, perCapita: 8000, standing: 'above' });
    const stale = await patch(lead, `/api/v1/incomes/${ids.aIncome}`, { ...income(ids.a!, 1), note: '', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await lead.get(`/api/v1/incomes/${ids.aIncome}`)).json<HouseholdIncome>().wage).toBe(16000);
    const events = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'income.update'));
    expect(events).toHaveLength(1);
  });

  it('scopes incomes like households: 404 and absent from lists outside the scope', async () => {
    const managerB = await agentFor([{ role: 'site_manager', siteId: siteIds.b! }]);
    expect((await managerB.get(`/api/v1/incomes/${ids.aIncome}`)).statusCode).toBe(404);
    expect((await managerB.post('/api/v1/incomes', income(ids.a!, 1, { year: 2020 }))).statusCode).toBe(404);
    expect((await listed(managerB, '')).map((i) => i.householdNumber)).toEqual(['INC0003']);
    const qinjiang = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    expect((await listed(qinjiang, '')).map((i) => i.householdNumber)).toEqual(['INC0001', 'INC0003']);
    expect((await qinjiang.get(`/api/v1/incomes/${ids.dIncome}`)).statusCode).toBe(404);
    // The workbook follows the same scope and is audited with its filters and row count.
    const book = await qinjiang.get('/api/v1/incomes/export.xlsx?year=2021');
    expect(book.statusCode).toBe(200);
    expect(book.headers['content-type']).toContain('spreadsheetml');
    expect(book.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const [exported] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'income.export'));
    expect(exported?.entities[0]?.after).toMatchObject({ rows: 2, filters: { year: 2021 } });
  });

  it('pairs cadres on both sides, lists 两不管 and one-side-only households, scopes help cadres to their pairs', async () => {
    cadre1 = await agentFor([{ role: 'help_cadre' }], 'cadre1');
    await agentFor([{ role: 'help_cadre' }], 'cadre2');
    const village = await agentFor([{ role: 'origin_cadre', divisionCode: ORIGIN_VILLAGE }], 'village');
    const cadres = (await lead.get('/api/v1/pairings/cadres')).json<{ items: PairingCadre[] }>().items;
    expect(cadres.find((c) => c.id === users.village)?.sides).toEqual(['origin']);
    expect(cadres.find((c) => c.id === users.cadre1)?.sides).toEqual(['destination', 'origin']);

    // Before any pairing both monitored households are 两不管; the unmonitored one is not listed by default.
    expect((await pairingsOf(lead, 'gap=none')).map((i) => i.householdNumber)).toEqual(['INC0001', 'INC0002']);
    expect((await pairingsOf(lead, 'households=all')).map((i) => i.householdNumber)).toHaveLength(3);

    const pair = await lead.post('/api/v1/pairings', {
      householdId: ids.a,
      side: 'destination',
      cadreUserId: users.cadre1,
    });
    expect(pair.statusCode, pair.body).toBe(201);
    expect(pair.json<PairingOverviewItem>()).toMatchObject({ gap: 'destination_only' });
    // A village cadre cannot stand on the destination side.
    const wrong = await lead.post('/api/v1/pairings', {
      householdId: ids.d,
      side: 'destination',
      cadreUserId: users.village,
    });
    expect(wrong.statusCode).toBe(400);
    const origin = await lead.post('/api/v1/pairings', {
      householdId: ids.d,
      side: 'origin',
      cadreUserId: users.village,
    });
    expect(origin.statusCode, origin.body).toBe(201);

    expect((await pairingsOf(lead, 'gap=none')).map((i) => i.householdNumber)).toEqual([]);
    expect((await pairingsOf(lead, 'gap=destination_only')).map((i) => i.householdNumber)).toEqual(['INC0001']);
    expect((await pairingsOf(lead, 'gap=origin_only')).map((i) => i.householdNumber)).toEqual(['INC0002']);

    // The help cadre sees exactly the paired household: its income and pairing; the others are 404.
    expect((await listed(cadre1, '')).map((i) => i.householdNumber)).toEqual(['INC0001']);
    expect((await cadre1.get(`/api/v1/incomes/${ids.aIncome}`)).statusCode).toBe(200);
    expect((await cadre1.get(`/api/v1/incomes/${ids.dIncome}`)).statusCode).toBe(404);
    expect((await cadre1.get(`/api/v1/pairings/households/${ids.d}`)).statusCode).toBe(404);
    expect((await pairingsOf(cadre1, 'households=all')).map((i) => i.householdNumber)).toEqual(['INC0001']);
    expect(
      (await cadre1.post('/api/v1/pairings', { householdId: ids.a, side: 'origin', cadreUserId: users.cadre1 }))
        .statusCode,
    ).toBe(403);
    // The origin-village cadre sees the households that left their village (A and B), not D, although paired with D.
    expect((await listed(village, '')).map((i) => i.householdNumber)).toEqual(['INC0001', 'INC0003']);
    expect((await village.get(`/api/v1/incomes/${ids.dIncome}`)).statusCode).toBe(404);
  });

  it('hands all pairings of one cadre to another in one audited action', async () => {
    await lead.post('/api/v1/pairings', { householdId: ids.b, side: 'origin', cadreUserId: users.cadre1 });
    const res = await lead.post('/api/v1/pairings/handover', {
      fromUserId: users.cadre1,
      toUserId: users.cadre2,
      reason: '工作调动',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ moved: 2 });
    const a = (await lead.get(`/api/v1/pairings/households/${ids.a}`)).json<PairingOverviewItem>();
    expect(a.destination).toMatchObject({ cadreUserId: users.cadre2, fromDate: '2022-03-15' });
    expect((await pairingsOf(lead, `cadreUserId=${users.cadre1}&households=all`)).length).toBe(0);
    expect((await pairingsOf(lead, `cadreUserId=${users.cadre2}&households=all`)).length).toBe(2);
    const [event] = await t.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'pairing.handover')));
    expect(event?.entities.filter((e) => e.type === 'pairing')).toHaveLength(2);
    // The former cadre no longer reaches the households.
    expect((await cadre1.get(`/api/v1/incomes/${ids.aIncome}`)).statusCode).toBe(404);
    expect(await listed(cadre1, '')).toEqual([]);
  });

  it('checks R03 over the monitored households: one side only is not met, both sides is met', async () => {
    const before = await runPairingRule({ ...t.deps, rules: serverRuleRegistry }, '2022-03-15');
    const stored = async (runId: string) => resultsOfRun(t.deps.db, runId);
    const verdicts = Object.fromEntries((await stored(before.runId)).map((r) => [r.entityId, r.verdict]));
    expect(verdicts).toEqual({ [ids.a!]: 'not_met', [ids.d!]: 'not_met' });
    expect(before).toMatchObject({ results: 2, notMet: 2 });
    await lead.post('/api/v1/pairings', { householdId: ids.a, side: 'origin', cadreUserId: users.village });
    const after = await runPairingRule({ ...t.deps, rules: serverRuleRegistry }, '2022-03-15');
    const a = (await stored(after.runId)).find((r) => r.entityId === ids.a);
    expect(a?.verdict).toBe('met');
    expect(a?.evidence.filter((e) => e.type === 'pairing')).toHaveLength(2);
    // The pure rule explains the household the same way.
    const explained = (await evaluatePairingRule(t.deps, '2022-03-15', [ids.a!])).results;
    expect(explained.map((r) => ({ verdict: r.verdict, values: r.values, evidence: r.evidence }))).toEqual([
      { verdict: a?.verdict, values: a?.values, evidence: a?.evidence },
    ]);
  });

  it('keeps a site contact list of origin-village cadres with masked phones, within the site scope', async () => {
    const managerA = await agentFor([{ role: 'site_manager', siteId: siteIds.a! }]);
    const managerB = await agentFor([{ role: 'site_manager', siteId: siteIds.b! }]);
    const res = await managerA.post('/api/v1/pairings/origin-contacts', {
      siteId: siteIds.a,
      name: '吴春生',
      villageCode: ORIGIN_VILLAGE,
      position: '村支书',
      phone: '13907970001',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [contact] = res.json<{ items: OriginContact[] }>().items;
    expect(contact).toMatchObject({ name: '吴春生', villageCode: ORIGIN_VILLAGE });
    expect(contact?.phone).not.toContain('13907970001');
    expect(contact?.phone).toMatch(/^139\*+0001$/);
    expect((await managerB.get(`/api/v1/pairings/origin-contacts?siteId=${siteIds.a}`)).statusCode).toBe(404);
    const bad = await managerA.post('/api/v1/pairings/origin-contacts', {
      siteId: siteIds.a,
      name: '某人',
      villageCode: QINJIANG,
      phone: '123',
    });
    expect(bad.statusCode).toBe(400);
    const events = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'origin_contact.create'));
    expect(JSON.stringify(events)).not.toContain('13907970001');
  });

  it('documents its routes in OpenAPI', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    for (const p of [
      '/api/v1/incomes',
      '/api/v1/settings/income-lines',
      '/api/v1/pairings',
      '/api/v1/pairings/handover',
    ])
      expect(paths).toContain(p);
  });
});
