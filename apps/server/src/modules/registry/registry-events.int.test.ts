import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '@anzhi/contracts/org';
import type { Household, Person } from '@anzhi/contracts/registry';
import type {
  DataQualityReport,
  HouseholdHistory,
  HousingTransaction,
  PersonHistory,
  SiteEventResult,
} from '@anzhi/contracts/registry-events';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditEvents } from '../../platform/audit/audit.table';
import { upload } from '../../platform/files/testing/multipart';
import { inboxItems } from '../../platform/notifications/notifications.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { insertAssignment } from '../users/role-assignments.service';
import { serverRuleRegistry } from '../rules/rules.registry';
import { resultsOfRun } from '../rules/rules.repository';
import { evaluateHousingLock, runHousingLockRule } from './housing-lock.service';
import { householdsAsOf, membersAsOf } from './registry-facts.repository';
import { householdPlacement } from './registry-facts.table';
import { householdMembers, persons } from './registry.table';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';
const PINGSHAN_VILLAGE = '360735102201';
const ORIGIN_VILLAGE = '360735101002';
const COUNTY = '360735';

let counter = 500;
function idNumber(birth: string, male: boolean): string {
  counter += 1;
  return makeIdNumber('360735', birth, ((counter * 2) % 1000) + (male ? 1 : 0));
}

const member = (relation: string, name: string, birth: string, male: boolean, extra: Record<string, unknown> = {}) => ({
  relation,
  validFrom: '2019-10-01',
  person: { name, idNumber: idNumber(birth, male), labourCapacity: '普通劳动力', ...extra },
});

function householdBody(siteId: string | null, members: unknown[], extra: Record<string, unknown> = {}) {
  counter += 1;
  return {
    householdNumber: `EV${String(counter).padStart(6, '0')}`,
    category: '搬迁脱贫户',
    relocationYear: 2019,
    originVillageCode: ORIGIN_VILLAGE,
    ...(siteId
      ? { placement: '集中安置', siteId, building: '1栋', unit: '1单元', room: '101' }
      : { placement: '分散安置', destinationVillageCode: PINGSHAN_VILLAGE }),
    housingType: siteId ? '套房' : '一户一宅',
    handoverDate: '2019-10-01',
    members,
    ...extra,
  };
}

describe.skipIf(engineUnavailable())(`household events, dated facts, R23 and data quality on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let qinjiang: Agent & { userId: string };
  let pingshan: Agent & { userId: string };
  let managerB: Agent;
  const site: Record<string, string> = {};

  async function agentFor(
    assignments: { role: 'county_lead' | 'township' | 'site_manager'; divisionCode?: string; siteId?: string }[],
  ) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return Object.assign(agent, { userId: u.id });
  }

  async function create(body: unknown): Promise<Household> {
    const res = await lead.post('/api/v1/households', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Household>();
  }

  const get = async (id: string, asOf?: string) => {
    const res = await lead.get(`/api/v1/households/${id}${asOf ? `?asOf=${asOf}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Household>();
  };
  const history = async (id: string) => (await lead.get(`/api/v1/households/${id}/history`)).json<HouseholdHistory>();
  const asOf = (day: string) => householdsAsOf(t.deps.db, { countyCode: COUNTY, day });
  const siteCounts = async (id: string) => (await lead.get(`/api/v1/sites/${id}`)).json<Site>();

  beforeAll(async () => {
    t = await buildTestApp(); // today is 2022-03-15 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const [key, townshipCode] of [
      ['a', QINJIANG],
      ['b', QINJIANG],
      ['c', QINJIANG],
      ['p', PINGSHAN],
    ] as const) {
      const res = await a.post('/api/v1/sites', { name: `事件测试点${key}`, townshipCode, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      site[key] = res.json<Site>().id;
    }
    lead = await agentFor([{ role: 'county_lead' }]);
    qinjiang = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    pingshan = await agentFor([{ role: 'township', divisionCode: PINGSHAN }]);
    managerB = await agentFor([{ role: 'site_manager', siteId: site.b! }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes the initial dated facts with a new household', async () => {
    const h = await create(householdBody(site.a!, [member('户主', '钟立新', '19750302', true)]));
    const placements = await t.deps.db
      .select()
      .from(householdPlacement)
      .where(eq(householdPlacement.householdId, h.id));
    expect(placements).toEqual([
      expect.objectContaining({
        placement: '集中安置',
        siteId: site.a,
        room: '101',
        validFrom: '2019-10-01',
        validTo: null,
      }),
    ]);
    const hist = await lead.get(`/api/v1/persons/${h.members[0]!.personId}/history`);
    expect(hist.json<PersonHistory>()).toMatchObject({
      health: [{ health: '健康', validFrom: '2019-10-01', validTo: null }],
      labour: [{ labourCapacity: '普通劳动力', validFrom: '2019-10-01', validTo: null }],
    });
    expect((await asOf('2019-09-30')).some((r) => r.householdId === h.id)).toBe(false);
    expect((await asOf('2019-10-01')).find((r) => r.householdId === h.id)).toMatchObject({
      members: 1,
      siteId: site.a,
    });
  });

  it('moves a household on a date: counts before stay at the old site, the old township keeps read access', async () => {
    const h = await create(
      householdBody(site.a!, [member('户主', '黄志明', '19800101', true), member('配偶', '李春花', '19820202', false)]),
    );
    const before = { a: (await siteCounts(site.a!)).households, p: (await siteCounts(site.p!)).households };
    const bad = await lead.post(`/api/v1/households/${h.id}/move`, {
      date: '2019-09-01',
      placement: '集中安置',
      siteId: site.p,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await lead.post(`/api/v1/households/${h.id}/move`, {
          date: '2022-04-01',
          placement: '集中安置',
          siteId: site.p,
        })
      ).statusCode,
    ).toBe(400);
    // A township user may not move a household out of reach into another township.
    const denied = await qinjiang.post(`/api/v1/households/${h.id}/move`, {
      date: '2021-06-01',
      placement: '集中安置',
      siteId: site.p,
    });
    expect(denied.statusCode).toBe(403);

    const res = await lead.post(`/api/v1/households/${h.id}/move`, {
      date: '2021-06-01',
      placement: '集中安置',
      siteId: site.p,
      building: '5栋',
      room: '502',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Household>()).toMatchObject({ siteId: site.p, townshipCode: PINGSHAN, room: '502', version: 2 });
    expect((await siteCounts(site.a!)).households).toBe(before.a - 1);
    expect((await siteCounts(site.p!)).households).toBe(before.p + 1);
    expect((await asOf('2021-05-31')).find((r) => r.householdId === h.id)?.siteId).toBe(site.a);
    expect((await asOf('2021-06-01')).find((r) => r.householdId === h.id)?.siteId).toBe(site.p);
    const members = await membersAsOf(t.deps.db, { countyCode: COUNTY, day: '2021-05-31', siteIds: [site.a!] });
    expect(members.filter((m) => m.householdId === h.id)).toHaveLength(2);

    const hist = await history(h.id);
    expect(hist.placements.map((p) => [p.siteName, p.validFrom, p.validTo])).toEqual([
      ['事件测试点a', '2019-10-01', '2021-06-01'],
      ['事件测试点p', '2021-06-01', null],
    ]);
    expect(hist.events[0]).toMatchObject({ kind: 'move', effectiveDate: '2021-06-01' });
    expect(hist.events[0]!.summary).toContain('事件测试点a1栋1单元101 → 事件测试点p5栋502');
    // History stays readable to the township it passed through, but not writable; the new one may write.
    expect((await qinjiang.get(`/api/v1/households/${h.id}`)).statusCode).toBe(200);
    expect(
      (await qinjiang.post(`/api/v1/households/${h.id}/close`, { date: '2022-03-01', reason: '其他' })).statusCode,
    ).toBe(403);
    expect((await pingshan.get(`/api/v1/households/${h.id}`)).statusCode).toBe(200);
    // The move to a dispersed village of the same township is the new township's to make.
    const dispersed = await pingshan.post(`/api/v1/households/${h.id}/move`, {
      date: '2022-01-01',
      placement: '分散安置',
      destinationVillageCode: PINGSHAN_VILLAGE,
    });
    expect(dispersed.statusCode, dispersed.body).toBe(200);
    expect(dispersed.json<Household>()).toMatchObject({ placement: '分散安置', siteId: null, room: null });
    const audit = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'household.move'));
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('splits a household: chosen members form a new one from the date, one open membership per person', async () => {
    const h = await create(
      householdBody(site.a!, [
        member('户主', '赖长生', '19550303', true),
        member('配偶', '刘桂英', '19570404', false),
        member('子', '赖志强', '19850505', true),
        member('其他', '温小燕', '19870606', false),
      ]),
    );
    const byName = new Map(h.members.map((m) => [m.name, m.personId]));
    const body = {
      newHouseholdId: uuidv7(),
      householdNumber: `SP${counter}`,
      date: '2022-01-10',
      members: [
        { personId: byName.get('赖志强'), relation: '户主' },
        { personId: byName.get('温小燕'), relation: '配偶' },
      ],
    };
    const wrong = await lead.post(`/api/v1/households/${h.id}/split`, {
      ...body,
      members: [{ personId: uuidv7(), relation: '户主' }],
    });
    expect(wrong.statusCode).toBe(400);
    const res = await lead.post(`/api/v1/households/${h.id}/split`, body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<Household>();
    expect(created).toMatchObject({
      id: body.newHouseholdId,
      householdNumber: body.householdNumber,
      siteId: site.a,
      memberCount: 2,
    });
    expect(created.members.find((m) => m.relation === '户主')?.name).toBe('赖志强');
    // Replayed: nothing twice.
    expect((await lead.post(`/api/v1/households/${h.id}/split`, body)).statusCode).toBe(201);
    expect((await get(h.id)).memberCount).toBe(2);
    expect((await get(h.id, '2022-01-09')).memberCount).toBe(4);
    expect((await get(created.id, '2022-01-09')).memberCount).toBe(0);
    expect((await asOf('2022-01-09')).some((r) => r.householdId === created.id)).toBe(false);
    expect((await asOf('2022-01-10')).find((r) => r.householdId === created.id)?.members).toBe(2);
    const open = await t.deps.db
      .select({ personId: householdMembers.personId, n: sql<number>`count(*)::int` })
      .from(householdMembers)
      .where(isNull(householdMembers.validTo))
      .groupBy(householdMembers.personId);
    expect(open.every((r) => r.n === 1)).toBe(true);
    const events = (await history(h.id)).events.map((e) => e.kind);
    expect(events).toContain('split');
    expect((await history(created.id)).events[0]).toMatchObject({ kind: 'split_from', effectiveDate: '2022-01-10' });

    // The head leaving with the new household needs a successor in the old one.
    const noHead = await lead.post(`/api/v1/households/${h.id}/split`, {
      householdNumber: `SQ${counter}`,
      date: '2022-02-01',
      members: [{ personId: byName.get('赖长生'), relation: '户主' }],
    });
    expect(noHead.statusCode).toBe(400);
    expect(noHead.json<{ details: { path: string }[] }>().details.map((d) => d.path)).toContain(
      'remainingHeadPersonId',
    );
    const ok = await lead.post(`/api/v1/households/${h.id}/split`, {
      householdNumber: `SQ${counter}`,
      date: '2022-02-01',
      members: [{ personId: byName.get('赖长生'), relation: '户主' }],
      remainingHeadPersonId: byName.get('刘桂英'),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await get(h.id)).members).toMatchObject([{ name: '刘桂英', relation: '户主' }]);
  });

  it('closes a household: it stops counting from the date and takes no more events', async () => {
    const h = await create(householdBody(site.c!, [member('户主', '邱老汉', '19400101', true)]));
    expect((await siteCounts(site.c!)).households).toBe(1);
    const res = await lead.post(`/api/v1/households/${h.id}/close`, {
      date: '2022-02-01',
      reason: '全户死亡',
      note: '户主病故',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Household>()).toMatchObject({ status: 'closed', closedReason: '全户死亡', memberCount: 0 });
    expect((await asOf('2022-01-31')).some((r) => r.householdId === h.id)).toBe(true);
    expect((await asOf('2022-02-01')).some((r) => r.householdId === h.id)).toBe(false);
    expect((await siteCounts(site.c!)).households).toBe(0);
    expect((await get(h.id, '2022-01-31')).memberCount).toBe(1);
    expect((await history(h.id)).closedOn).toBe('2022-02-01');
    // The household's timeline tells the event in Chinese.
    const timeline = (await lead.get(`/api/v1/households/${h.id}/timeline`)).json<{
      items: { text: string; details: string[] }[];
    }>();
    const closing = timeline.items.find((i) => i.text.includes('注销'));
    expect(closing?.text).toContain('注销（全户死亡，2022-02-01 起）');
    expect(closing?.details).toEqual(['说明：户主病故']);
    const again = await lead.post(`/api/v1/households/${h.id}/move`, {
      date: '2022-03-01',
      placement: '集中安置',
      siteId: site.a,
    });
    expect(again.statusCode).toBe(409);
    const join = await lead.post(`/api/v1/households/${h.id}/members`, {
      relation: '子',
      validFrom: '2022-03-01',
      joinReason: '出生',
      person: {
        name: '邱小宝',
        documentType: '出生医学证明',
        otherDocumentNo: 'O360735001',
        birthDate: '2022-03-01',
        sex: '男',
        labourCapacity: '无劳动力',
      },
    });
    expect(join.statusCode).toBe(409);
  });

  it('merges a site into another on a date and closes a site only when nobody lives there', async () => {
    const h1 = await create(householdBody(site.b!, [member('户主', '陈一', '19700101', true)]));
    await create(householdBody(site.b!, [member('户主', '陈二', '19710101', true)]));
    // A site manager of b may not manage the site (no site.manage) — 403, not 404: the site is theirs to see.
    expect((await managerB.post(`/api/v1/sites/${site.b}/close`, { date: '2022-03-01' })).statusCode).toBe(403);
    const busy = await lead.post(`/api/v1/sites/${site.b}/close`, { date: '2022-03-01' });
    expect(busy.statusCode).toBe(409);
    expect(busy.json<{ message: string }>().message).toContain('仍有 2 户');
    const targetBefore = (await siteCounts(site.a!)).households;
    const res = await qinjiang.post(`/api/v1/sites/${site.b}/merge`, { targetSiteId: site.a, date: '2022-03-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<SiteEventResult>()).toMatchObject({
      status: 'closed',
      closedOn: '2022-03-01',
      mergedIntoSiteId: site.a,
      movedHouseholds: 2,
    });
    expect(await siteCounts(site.b!)).toMatchObject({ households: 0, status: 'closed' });
    expect((await siteCounts(site.a!)).households).toBe(targetBefore + 2);
    expect((await asOf('2022-02-28')).find((r) => r.householdId === h1.id)?.siteId).toBe(site.b);
    expect((await history(h1.id)).events[0]!.payload).toMatchObject({
      reason: '安置点合并',
      fromSiteId: site.b,
      toSiteId: site.a,
    });
    // Households of a closed site can no longer be placed there; the closed site takes no more events.
    expect((await lead.post(`/api/v1/sites/${site.b}/close`, { date: '2022-03-02' })).statusCode).toBe(409);
    // A township user may not merge into another township's site: it is out of their scope.
    expect(
      (await qinjiang.post(`/api/v1/sites/${site.a}/merge`, { targetSiteId: site.p, date: '2022-03-01' })).statusCode,
    ).toBe(404);
    expect((await qinjiang.post(`/api/v1/sites/${site.c}/close`, { date: '2022-03-10' })).statusCode).toBe(200);
  });

  it('edits a person with the version read (stale: 409), validates and masks the phone, reveals it audited', async () => {
    const h = await create(
      householdBody(site.a!, [
        member('户主', '谢国华', '19780808', true),
        {
          relation: '子',
          validFrom: '2021-05-01',
          joinReason: '出生',
          person: {
            name: '谢小华',
            documentType: '出生医学证明',
            otherDocumentNo: 'O36073500777',
            birthDate: '2021-05-01',
            sex: '男',
            labourCapacity: '无劳动力',
          },
        },
      ]),
    );
    const headId = h.members.find((m) => m.relation === '户主')!.personId;
    const p = (await lead.get(`/api/v1/persons/${headId}`)).json<Person>();
    const bad = await lead.request('PATCH', `/api/v1/persons/${headId}`, { version: p.version, phone: '12345' });
    expect(bad.statusCode).toBe(400);
    const ok = await lead.request('PATCH', `/api/v1/persons/${headId}`, {
      version: p.version,
      phone: '13907970001',
      politicalStatus: '中共党员',
      dibao: true,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<Person>()).toMatchObject({
      phone: '139****0001',
      politicalStatus: '中共党员',
      dibao: true,
      version: p.version + 1,
    });
    expect(ok.body).not.toContain('13907970001');
    const stale = await lead.request('PATCH', `/api/v1/persons/${headId}`, { version: p.version, name: '谢国强' });
    expect(stale.statusCode).toBe(409);
    expect((await lead.get(`/api/v1/persons/${headId}`)).json<Person>().name).toBe('谢国华');
    const reveal = await lead.post(`/api/v1/persons/${headId}/reveal`, { field: 'phone', reason: '电话回访核实' });
    expect(reveal.json()).toEqual({ field: 'phone', value: '13907970001' });
    const audits = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'person.update'));
    expect(JSON.stringify(audits)).not.toContain('13907970001');

    // A newborn registered with a birth certificate receives an ID number: birth date and sex come from it.
    const child = h.members.find((m) => m.relation === '子')!;
    const cp = (await lead.get(`/api/v1/persons/${child.personId}`)).json<Person>();
    const number = makeIdNumber('360735', '20210501', 11);
    const edited = await lead.request('PATCH', `/api/v1/persons/${child.personId}`, {
      version: cp.version,
      documentType: '居民身份证',
      idNumber: number,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Person>()).toMatchObject({
      documentType: '居民身份证',
      documentNumber: `360735********${number.slice(14)}`,
    });
    // Scope: a site manager of another site sees nothing (404).
    expect((await managerB.request('PATCH', `/api/v1/persons/${headId}`, { version: 2, name: 'x' })).statusCode).toBe(
      404,
    );
  });

  it('changes health and labour capacity on a date; "as of" reads follow the dated facts', async () => {
    const h = await create(householdBody(site.a!, [member('户主', '温建华', '19690909', true)]));
    const pid = h.members[0]!.personId;
    const early = await lead.post(`/api/v1/persons/${pid}/health`, { date: '2019-01-01', health: '患有大病' });
    expect(early.statusCode).toBe(400);
    const noGrade = await lead.post(`/api/v1/persons/${pid}/health`, { date: '2021-01-01', health: '残疾' });
    expect(noGrade.statusCode).toBe(400);
    const res = await lead.post(`/api/v1/persons/${pid}/health`, {
      date: '2021-01-01',
      health: '残疾',
      disabilityGrade: '二级',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Person>()).toMatchObject({ health: '残疾', disabilityGrade: '二级' });
    const lab = await lead.post(`/api/v1/persons/${pid}/labour`, {
      date: '2021-01-01',
      labourCapacity: '弱劳动力或半劳动力',
    });
    expect(lab.statusCode, lab.body).toBe(200);
    const job = await lead.post(`/api/v1/persons/${pid}/employment`, {
      date: '2021-03-01',
      status: '公益岗位',
      employer: '社区',
      monthlyIncome: 800,
    });
    expect(job.statusCode, job.body).toBe(200);
    expect((await get(h.id, '2020-12-31')).members[0]).toMatchObject({
      health: '健康',
      disabilityGrade: null,
      labourCapacity: '普通劳动力',
      employment: null,
    });
    expect((await get(h.id, '2021-03-01')).members[0]).toMatchObject({
      health: '残疾',
      disabilityGrade: '二级',
      labourCapacity: '弱劳动力或半劳动力',
      employment: { status: '公益岗位' },
    });
    const hist = (await lead.get(`/api/v1/persons/${pid}/history`)).json<PersonHistory>();
    expect(hist.health.map((f) => [f.health, f.validFrom, f.validTo])).toEqual([
      ['健康', '2019-10-01', '2021-01-01'],
      ['残疾', '2021-01-01', null],
    ]);
  });

  it('records a sale or sublet inside the 20-year lock as an R23 violation with a rectification item', async () => {
    const h = await create(
      householdBody(site.a!, [member('户主', '廖春生', '19720707', true)], {
        certificateDate: '2020-05-01',
        propertyCertificateNo: '赣(2020)石城县不动产权第0000001号',
      }),
    );
    expect((await history(h.id)).housingLock).toMatchObject({
      start: '2020-05-01',
      end: '2040-05-01',
      basis: 'certificate',
      years: 20,
      active: true,
      verdict: 'met',
    });
    const file = await upload(lead, { filename: '租房合同.csv', content: '出租方,承租方\n廖春生,外来务工人员\n' });
    expect(file.statusCode, file.body).toBe(201);
    const attachmentId = file.json<{ id: string }>().id;
    const res = await lead.post(`/api/v1/households/${h.id}/housing-transactions`, {
      kind: '出租',
      date: '2021-06-01',
      counterparty: '外来务工人员',
      note: '整套出租',
      attachmentId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const tx = res.json<HousingTransaction>();
    expect(tx).toMatchObject({ violation: true, rectificationStatus: 'open', lockEndDate: '2040-05-01' });
    // The file is linked to the transaction: readable by the township, not by a site manager of another site.
    expect((await qinjiang.get(`/api/v1/attachments/${attachmentId}`)).statusCode).toBe(200);
    expect((await managerB.get(`/api/v1/attachments/${attachmentId}`)).statusCode).toBe(404);
    expect((await history(h.id)).housingLock.verdict).toBe('not_met');
    // The township answering for the site has the rectification item (due in 30 days) and a notification.
    const inbox = await t.deps.db
      .select()
      .from(inboxItems)
      .where(and(eq(inboxItems.sourceRef, tx.id), eq(inboxItems.userId, qinjiang.userId)));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ status: 'open', link: `/households/${h.id}` });
    expect(inbox[0]!.dueAt?.toISOString()).toBe('2022-04-14T16:00:00.000Z');
    expect((await pingshan.get('/api/v1/inbox')).json<{ total: number }>().total).toBe(0);
    const unread = (await qinjiang.get('/api/v1/notifications/unread-count')).json<{ unread: number }>();
    expect(unread.unread).toBeGreaterThanOrEqual(1);

    // The rules engine: R23 run as of today names the household and the transaction.
    const stored = await runHousingLockRule({ ...t.deps, rules: serverRuleRegistry }, '2022-03-15');
    expect(stored.notMet).toBeGreaterThanOrEqual(1);
    const result = (await resultsOfRun(t.deps.db, stored.runId)).find((r) => r.entityId === h.id)!;
    expect(result).toMatchObject({ verdict: 'not_met' });
    expect(result.evidence).toContainEqual(expect.objectContaining({ type: 'housing_transaction', id: tx.id }));
    // The pure rule explains the household the same way (the set-based run and the explainer agree).
    const explained = (await evaluateHousingLock(t.deps, '2022-03-15', [h.id])).results[0]!;
    expect(explained).toMatchObject({ verdict: 'not_met', presentation: 'violation' });
    expect({ values: result.values, evidence: result.evidence, note: result.note }).toEqual({
      values: explained.values,
      evidence: explained.evidence,
      note: explained.note,
    });
    expect((await lead.get('/api/v1/rules/R23/runs')).json<{ items: unknown[] }>().items).toHaveLength(1);

    const done = await qinjiang.post(`/api/v1/households/${h.id}/housing-transactions/${tx.id}/rectify`, {
      note: '已收回，租户搬离',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<HousingTransaction>()).toMatchObject({
      rectificationStatus: 'done',
      rectificationNote: '已收回，租户搬离',
    });
    const after = await t.deps.db.select().from(inboxItems).where(eq(inboxItems.sourceRef, tx.id));
    expect(after.every((i) => i.status === 'done')).toBe(true);
    expect(
      (await qinjiang.post(`/api/v1/households/${h.id}/housing-transactions/${tx.id}/rectify`, { note: '再次' }))
        .statusCode,
    ).toBe(409);

    // Without certificate and handover dates there is no lock: recorded, no violation, no item.
    const free = await create(
      householdBody(site.a!, [member('户主', '廖秋生', '19730707', true)], { handoverDate: null }),
    );
    const r2 = await lead.post(`/api/v1/households/${free.id}/housing-transactions`, {
      kind: '转让',
      date: '2021-06-01',
      counterparty: '张某',
    });
    expect(r2.json<HousingTransaction>()).toMatchObject({ violation: false, rectificationStatus: 'none' });
    expect(
      await t.deps.db.select().from(inboxItems).where(eq(inboxItems.sourceRef, r2.json<HousingTransaction>().id)),
    ).toHaveLength(0);
    // Out of scope: 404.
    expect(
      (
        await managerB.post(`/api/v1/households/${h.id}/housing-transactions`, {
          kind: '转让',
          date: '2021-06-01',
          counterparty: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lists data-quality findings of each kind, in the caller scope', async () => {
    const dq = async (agent: Agent, kind?: string) => {
      const res = await agent.get(`/api/v1/data-quality/registry?pageSize=200${kind ? `&kind=${kind}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<DataQualityReport>();
    };
    const ids = (r: DataQualityReport) => new Set(r.items.map((i) => i.householdId));
    // Other document + a same-named ID holder born the same day (possible duplicate).
    const twin = await create(householdBody(site.p!, [member('户主', '罗德明', '20000101', true)]));
    const other = await create(
      householdBody(site.a!, [
        member('户主', '罗父', '19700101', true),
        {
          relation: '子',
          validFrom: '2019-10-01',
          person: {
            name: '罗德明',
            documentType: '其他证件',
            otherDocumentNo: 'X1234567',
            birthDate: '2000-01-01',
            sex: '男',
            labourCapacity: '普通劳动力',
          },
        },
      ]),
    );
    const young = await create(householdBody(site.a!, [member('户主', '罗小弟', '20100101', true)]));
    const headless = await create(
      householdBody(site.a!, [member('户主', '罗甲', '19600101', true), member('配偶', '罗乙', '19610101', false)]),
    );
    const empty = await create(householdBody(site.a!, [member('户主', '罗丙', '19620101', true)]));
    const dispersed = await create(householdBody(null, [member('户主', '罗丁', '19630101', true)]));
    const reused = await create(householdBody(site.a!, [member('户主', '罗戊', '19640101', true)]));
    const overlap = await create(householdBody(site.a!, [member('户主', '罗己', '19650101', true)]));

    // Bad imported data, written directly.
    const db = t.deps.db;
    await db
      .update(householdMembers)
      .set({ relation: '其他' })
      .where(and(eq(householdMembers.householdId, headless.id), eq(householdMembers.relation, '户主')));
    await db.update(householdMembers).set({ validTo: '2020-01-01' }).where(eq(householdMembers.householdId, empty.id));
    await db
      .update(householdPlacement)
      .set({ destinationVillageCode: null })
      .where(eq(householdPlacement.householdId, dispersed.id));
    const [holder] = await db.select().from(persons).where(eq(persons.id, reused.members[0]!.personId));
    const ghost = uuidv7();
    await db.insert(persons).values({ ...holder!, id: ghost, name: '罗戊（重复）', deletedAt: t.clock.now() });
    await db.insert(householdMembers).values({
      countyCode: COUNTY,
      householdId: overlap.id,
      personId: ghost,
      relation: '其他',
      validFrom: '2020-01-01',
    });
    await db.insert(householdMembers).values({
      countyCode: COUNTY,
      householdId: reused.id,
      personId: overlap.members[0]!.personId,
      relation: '其他',
      validFrom: '2018-01-01',
      validTo: '2020-06-01',
    });

    const all = await dq(lead);
    const count = (kind: string) => all.summary.find((s) => s.kind === kind)!.count;
    expect(ids(await dq(lead, 'no_valid_id_number')).has(other.id)).toBe(true);
    const dup = await dq(lead, 'possible_duplicate_person');
    expect(ids(dup)).toEqual(new Set([twin.id, other.id]));
    expect(ids(await dq(lead, 'head_under_16'))).toEqual(new Set([young.id]));
    expect(ids(await dq(lead, 'household_without_head')).has(headless.id)).toBe(true);
    expect(ids(await dq(lead, 'household_without_members')).has(empty.id)).toBe(true);
    expect(ids(await dq(lead, 'dispersed_without_village'))).toEqual(new Set([dispersed.id]));
    const reuse = await dq(lead, 'id_number_reused');
    expect(ids(reuse)).toEqual(new Set([reused.id, overlap.id]));
    expect(reuse.items[0]!.description).toContain('另外 1 条');
    expect(ids(await dq(lead, 'person_in_two_households'))).toEqual(new Set([reused.id, overlap.id]));
    expect(count('centralised_without_site')).toBe(0);
    for (const s of all.summary) expect(s.label).toMatch(/[\u4e00-\u9fa5]/);
    expect(all.total).toBe(all.summary.reduce((n, s) => n + s.count, 0));
    // Paging.
    const page2 = await lead.get('/api/v1/data-quality/registry?pageSize=2&page=2');
    expect(page2.json<DataQualityReport>().items).toHaveLength(2);

    // Scope: Pingshan sees its site's duplicate, not Qinjiang's households; a site manager of b sees nothing here.
    const ps = await dq(pingshan, 'possible_duplicate_person');
    expect(ids(ps)).toEqual(new Set([twin.id]));
    expect((await dq(managerB)).total).toBe(0);
    expect(JSON.stringify(all)).not.toMatch(/\d{17}[\dX]/);
  });

  it('is invisible out of scope: events on a household of another site are 404', async () => {
    const h = await create(
      householdBody(site.a!, [member('户主', '彭一', '19700303', true), member('配偶', '彭二', '19710303', false)]),
    );
    const pid = h.members[1]!.personId;
    for (const [path, body] of [
      ['move', { date: '2022-01-01', placement: '集中安置', siteId: site.b }],
      ['close', { date: '2022-01-01', reason: '其他' }],
      ['split', { householdNumber: 'X0001', date: '2022-01-01', members: [{ personId: pid, relation: '户主' }] }],
    ] as const) {
      expect((await managerB.post(`/api/v1/households/${h.id}/${path}`, body)).statusCode).toBe(404);
    }
    expect((await managerB.get(`/api/v1/households/${h.id}/history`)).statusCode).toBe(404);
    expect(
      (await managerB.post(`/api/v1/persons/${pid}/health`, { date: '2022-01-01', health: '健康' })).statusCode,
    ).toBe(404);
    expect((await pingshan.get(`/api/v1/persons/${pid}/history`)).statusCode).toBe(404);
  });
});
