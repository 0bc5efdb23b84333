import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '@anzhi/contracts/org';
import type { Household, HouseholdListItem, Person } from '@anzhi/contracts/registry';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { generateHouseholds } from '../../demo/generator/registry-generator';
import { auditEvents } from '../../platform/audit/audit.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { divisions } from '../org/org.table';
import { insertAssignment } from '../users/role-assignments.service';
import { loadGenerated } from './registry-load';
import { householdMembers, households, persons } from './registry.table';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';
const PINGSHAN_VILLAGE = '360735102201';
const XIAOSONG_VILLAGE = '360735101002';
const ORIGIN_VILLAGE = '360735101002';

type Page<T> = { items: T[]; total: number };

let counter = 0;
/** A fresh, valid, unique ID number (sex by parity of the sequence). */
function idNumber(birth: string, male: boolean, region = '360735'): string {
  counter += 1;
  const seq = ((counter * 2) % 1000) + (male ? 1 : 0);
  return makeIdNumber(region, birth, seq % 1000);
}

function person(name: string, id: string, extra: Record<string, unknown> = {}) {
  return { name, idNumber: id, labourCapacity: '普通劳动力', ...extra };
}

function householdBody(siteId: string | null, members: unknown[], extra: Record<string, unknown> = {}) {
  counter += 1;
  return {
    householdNumber: `HH${String(counter).padStart(6, '0')}`,
    category: '搬迁脱贫户',
    relocationYear: 2019,
    originVillageCode: ORIGIN_VILLAGE,
    ...(siteId
      ? { placement: '集中安置', siteId, building: '3栋', unit: '2单元', room: '1203' }
      : { placement: '分散安置', destinationVillageCode: PINGSHAN_VILLAGE }),
    housingType: siteId ? '套房' : '一户一宅',
    floorArea: 100,
    handoverDate: '2019-10-01',
    phone: '13907971234',
    lands: [{ kind: '耕地', area: 2.5, transferStatus: '已流转', tenant: '白莲合作社', annualRent: 1000 }],
    members,
    ...extra,
  };
}

describe.skipIf(engineUnavailable())(`registry on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent & { userId: string };
  const siteIds: Record<string, string> = {};

  async function agentFor(
    assignments: { role: Parameters<typeof insertAssignment>[2]['role']; divisionCode?: string; siteId?: string }[],
  ) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return Object.assign(agent, { userId: u.id });
  }

  async function create(agent: Agent, body: unknown): Promise<Household> {
    const res = await agent.post('/api/v1/households', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Household>();
  }

  beforeAll(async () => {
    t = await buildTestApp(); // today is 2022-03-15 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const [key, townshipCode] of [
      ['a', QINJIANG],
      ['b', QINJIANG],
      ['p', PINGSHAN],
    ] as const) {
      const res = await a.post('/api/v1/sites', { name: `登记测试点${key}`, townshipCode, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      siteIds[key] = res.json<Site>().id;
    }
    lead = await agentFor([{ role: 'county_lead' }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a household with members and returns masked numbers and ages, never birth dates', async () => {
    const headId = idNumber('19800520', true);
    const spouseId = idNumber('19820311', false);
    const childId = idNumber('20100101', true);
    const clientId = uuidv7();
    const body = householdBody(
      siteIds.a!,
      [
        {
          relation: '户主',
          validFrom: '2019-10-01',
          person: person('赖建国', headId, {
            phone: '13807971111',
            employment: { status: '省外', employer: '东莞市电子厂', place: '广东省东莞市', monthlyIncome: 5200 },
          }),
        },
        { relation: '配偶', validFrom: '2019-10-01', person: person('黄秀英', spouseId, { health: '长期慢性病' }) },
        {
          relation: '子',
          validFrom: '2019-10-01',
          person: person('赖子轩', childId, { labourCapacity: '无劳动力', studentStatus: '小学' }),
        },
      ],
      { id: clientId },
    );
    const h = await create(lead, body);
    expect(h.id).toBe(clientId);
    expect(h).toMatchObject({ placement: '集中安置', siteName: '登记测试点a', townshipName: '琴江镇', version: 1 });
    expect(h.memberCount).toBe(3);
    const head = h.members.find((m) => m.relation === '户主')!;
    expect(head).toMatchObject({
      name: '赖建国',
      sex: '男',
      age: 41,
      documentNumber: `360735********${headId.slice(14)}`,
    });
    expect(head.employment).toMatchObject({ status: '省外', monthlyIncome: 5200 });
    expect(h.members.find((m) => m.relation === '配偶')).toMatchObject({ sex: '女', age: 40, health: '长期慢性病' });
    expect(h.members.find((m) => m.relation === '子')?.age).toBe(12);
    expect(h.phone).toBe('139****1234');
    // No clear number, no birth date anywhere in the answer.
    const text = JSON.stringify(h);
    for (const clear of [headId, spouseId, childId, '1980-05-20', '19800520', '13907971234', '13807971111'])
      expect(text).not.toContain(clear);
    expect(text).not.toMatch(/birth/i);

    // A replay with the same client id creates nothing twice.
    const again = await lead.post('/api/v1/households', body);
    expect(again.statusCode).toBe(201);
    expect(again.json<Household>().id).toBe(clientId);
    const rows = await t.deps.db.select().from(households).where(eq(households.householdNumber, body.householdNumber));
    expect(rows).toHaveLength(1);

    const read = await lead.get(`/api/v1/households/${clientId}`);
    expect(read.json<Household>()).toMatchObject({
      id: clientId,
      memberCount: 3,
      abilities: { update: true, reveal: true },
    });
    const p = await lead.get(`/api/v1/persons/${head.personId}`);
    expect(p.json<Person>()).toMatchObject({
      name: '赖建国',
      age: 41,
      phone: '138****1111',
      household: { id: clientId, relation: '户主' },
    });
    expect(p.body).not.toContain('1980-05-20');
  });

  it('stores ID and phone numbers encrypted: no clear number in the persons table nor in the audit', async () => {
    const clear = idNumber('19700707', true);
    await create(
      lead,
      householdBody(siteIds.a!, [{ relation: '户主', person: person('温国平', clear, { phone: '15979791234' }) }]),
    );
    const dump = await t.deps.db.select({ j: sql<string>`row_to_json(${persons})::text` }).from(persons);
    const all = dump.map((r) => r.j).join('\n');
    expect(all).toContain('温国平');
    expect(all).not.toContain(clear);
    expect(all).not.toContain('15979791234');
    const hh = await t.deps.db.select({ j: sql<string>`row_to_json(${households})::text` }).from(households);
    expect(hh.map((r) => r.j).join('\n')).not.toContain('13907971234');
    const audit = await t.deps.db.select({ j: sql<string>`${auditEvents.entities}::text` }).from(auditEvents);
    const auditText = audit.map((r) => r.j).join('\n');
    expect(auditText).toContain(`360735********${clear.slice(14)}`);
    expect(auditText).not.toContain(clear);
    expect(auditText).not.toContain('1970-07-07');
  });

  it('explains invalid ID numbers in Chinese: check digit, date, 15 digits, numbers mangled by Excel', async () => {
    const good = idNumber('19800101', true);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const cases: [unknown, RegExp][] = [
      [wrongCheck, /身份证号码校验码错误/],
      [makeIdNumber('360735', '19801340', 11), /身份证号码出生日期无效/],
      ['360735800101123', /15 位旧身份证号码不再受理/],
      ['3.60735198001011E+17', /Excel/],
      [360735198001011000, /Excel/],
      ['36073519800101', /长度应为 18 位/],
    ];
    for (const [value, message] of cases) {
      const res = await lead.post(
        '/api/v1/households',
        householdBody(siteIds.a!, [{ relation: '户主', person: person('测试', value as string) }]),
      );
      expect(res.statusCode, String(value)).toBe(400);
      const body = res.json<{ error: string; details: { path: string; message: string }[] }>();
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.details.find((d) => d.path === 'members.0.person.idNumber')?.message, String(value)).toMatch(message);
    }
    // Every field is explained at once, in Chinese.
    const many = await lead.post('/api/v1/households', {
      ...householdBody(siteIds.a!, [
        { relation: '配偶', person: { name: '', idNumber: good, labourCapacity: '很强' } },
      ]),
      category: '贫困户',
      placement: '集中安置',
    });
    expect(many.statusCode).toBe(400);
    const msg = many.json<{ message: string }>().message;
    expect(msg).toContain('请选择户类别');
    expect(msg).toContain('请输入姓名');
    expect(msg).toContain('请选择劳动技能');
    expect(msg).toContain('应有且只有一名户主');
  });

  it('refuses a duplicate ID number: names the household within scope, only 已在其他辖区登记 outside it', async () => {
    const managerA = await agentFor([{ role: 'site_manager', siteId: siteIds.a! }]);
    const managerP = await agentFor([{ role: 'site_manager', siteId: siteIds.p! }]);
    const shared = idNumber('19751111', false);
    const first = await create(
      managerA,
      householdBody(siteIds.a!, [{ relation: '户主', person: person('钟美兰', shared) }]),
    );

    const inScope = await managerA.post(
      '/api/v1/households',
      householdBody(siteIds.a!, [{ relation: '户主', person: person('钟美兰', shared) }]),
    );
    expect(inScope.statusCode).toBe(409);
    expect(inScope.json<{ message: string }>().message).toContain(first.householdNumber);
    expect(inScope.json<{ message: string }>().message).toContain('钟美兰');

    const elsewhere = await managerP.post(
      '/api/v1/households',
      householdBody(siteIds.p!, [{ relation: '户主', person: person('某某', shared) }]),
    );
    expect(elsewhere.statusCode).toBe(409);
    const body = elsewhere.json<{ message: string; details: { path: string; message: string }[] }>();
    expect(body.message).toBe('已在其他辖区登记');
    expect(body.details).toEqual([{ path: 'members.0.person.idNumber', message: '已在其他辖区登记' }]);
    for (const leak of ['钟美兰', first.householdNumber, '登记测试点', '琴江', first.id])
      expect(elsewhere.body).not.toContain(leak);
    // The same person entered twice in one request.
    const dup = idNumber('19900101', true);
    const twice = await managerA.post(
      '/api/v1/households',
      householdBody(siteIds.a!, [
        { relation: '户主', person: person('甲', dup) },
        { relation: '子', person: person('乙', dup) },
      ]),
    );
    expect(twice.statusCode).toBe(400);
    expect(twice.json<{ message: string }>().message).toContain('身份证号码重复');
  });

  it('keeps a person in one household at a time', async () => {
    const id = idNumber('19880808', true);
    const h1 = await create(
      lead,
      householdBody(siteIds.a!, [{ relation: '户主', validFrom: '2020-01-01', person: person('罗小兵', id) }]),
    );
    const h2 = await create(
      lead,
      householdBody(siteIds.b!, [
        { relation: '户主', validFrom: '2020-01-01', person: person('罗大兵', idNumber('19600101', true)) },
      ]),
    );
    const personId = h1.members[0]!.personId;
    const refused = await lead.post(`/api/v1/households/${h2.id}/members`, {
      personId,
      relation: '子',
      validFrom: '2021-01-01',
      joinReason: '迁入',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain('同一时间只能属于一户');
    // The database refuses it too, whatever a service might miss.
    await expect(
      t.deps.db.insert(householdMembers).values({
        countyCode: '360735',
        householdId: h2.id,
        personId,
        relation: '子',
        validFrom: '2021-01-01',
      }),
    ).rejects.toThrow();
    // After leaving the first household (分户), the person may join the second from that day on.
    const gone = await lead.post(`/api/v1/households/${h1.id}/members/${personId}/leave`, {
      date: '2021-06-01',
      reason: '分户',
    });
    expect(gone.statusCode, gone.body).toBe(200);
    const early = await lead.post(`/api/v1/households/${h2.id}/members`, {
      personId,
      relation: '子',
      validFrom: '2021-05-01',
      joinReason: '迁入',
    });
    expect(early.statusCode).toBe(409);
    const joined = await lead.post(`/api/v1/households/${h2.id}/members`, {
      personId,
      relation: '子',
      validFrom: '2021-06-01',
      joinReason: '迁入',
    });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json<Household>().memberCount).toBe(2);
  });

  it('answers membership as of a date: joins and leaves are dated, counts follow them', async () => {
    const h = await create(
      lead,
      householdBody(siteIds.b!, [
        { relation: '户主', validFrom: '2019-10-01', person: person('曾德兴', idNumber('19700202', true)) },
        { relation: '配偶', validFrom: '2019-10-01', person: person('廖春花', idNumber('19720303', false)) },
        {
          relation: '父母',
          validFrom: '2019-10-01',
          joinReason: '搬迁入住',
          person: person('曾老汉', idNumber('19400404', true), { labourCapacity: '丧失劳动力' }),
        },
      ]),
    );
    const baby = await lead.post(`/api/v1/households/${h.id}/members`, {
      relation: '孙子女',
      validFrom: '2021-05-20',
      joinReason: '出生',
      person: person('曾小宝', idNumber('20210520', false), { labourCapacity: '无劳动力' }),
    });
    expect(baby.statusCode, baby.body).toBe(200);
    const grandpa = h.members.find((m) => m.relation === '父母')!;
    const died = await lead.post(`/api/v1/households/${h.id}/members/${grandpa.personId}/leave`, {
      date: '2022-01-10',
      reason: '死亡',
    });
    expect(died.statusCode, died.body).toBe(200);

    const at = async (d: string) => (await lead.get(`/api/v1/households/${h.id}?asOf=${d}`)).json<Household>();
    expect((await at('2019-09-30')).memberCount).toBe(0);
    expect((await at('2020-06-01')).members.map((m) => m.name).sort()).toEqual(['廖春花', '曾德兴', '曾老汉'].sort());
    expect((await at('2021-05-20')).memberCount).toBe(4);
    expect((await at('2022-01-09')).memberCount).toBe(4);
    const now = await at('2022-01-10');
    expect(now.members.map((m) => m.name).sort()).toEqual(['廖春花', '曾小宝', '曾德兴'].sort());
    expect(now.members.find((m) => m.name === '曾小宝')?.age).toBe(0);
    expect(now.membershipHistory.find((m) => m.name === '曾老汉')).toMatchObject({
      validTo: '2022-01-10',
      leaveReason: '死亡',
    });
    // The list counts members as of today.
    const list = (await lead.get(`/api/v1/households?q=${h.householdNumber}`)).json<Page<HouseholdListItem>>();
    expect(list.items).toEqual([expect.objectContaining({ id: h.id, memberCount: 3, headName: '曾德兴' })]);
    // Leaving again, or before joining, is refused.
    const twice = await lead.post(`/api/v1/households/${h.id}/members/${grandpa.personId}/leave`, {
      date: '2022-02-01',
      reason: '死亡',
    });
    expect(twice.statusCode).toBe(404);
    // The head leaves only with a successor, from the same day.
    const head = h.members.find((m) => m.relation === '户主')!;
    const spouse = h.members.find((m) => m.relation === '配偶')!;
    const noSuccessor = await lead.post(`/api/v1/households/${h.id}/members/${head.personId}/leave`, {
      date: '2022-03-01',
      reason: '死亡',
    });
    expect(noSuccessor.statusCode).toBe(400);
    expect(noSuccessor.json<{ message: string }>().message).toContain('指定新户主');
    const succeeded = await lead.post(`/api/v1/households/${h.id}/members/${head.personId}/leave`, {
      date: '2022-03-01',
      reason: '死亡',
      newHeadPersonId: spouse.personId,
    });
    expect(succeeded.statusCode, succeeded.body).toBe(200);
    const after = succeeded.json<Household>();
    expect(after.members.find((m) => m.relation === '户主')?.name).toBe('廖春花');
    expect((await at('2022-02-28')).members.find((m) => m.relation === '户主')?.name).toBe('曾德兴');
  });

  it('derives the resettled households and persons of sites and of the home page from the registry', async () => {
    const fresh = await agentFor([{ role: 'site_manager', siteId: siteIds.p! }]);
    const before = (await fresh.get(`/api/v1/sites/${siteIds.p}`)).json<Site>();
    const home = (await fresh.get('/api/v1/home/summary')).json<{ households: number; persons: number }>();
    await create(
      lead,
      householdBody(siteIds.p!, [
        { relation: '户主', validFrom: '2020-01-01', person: person('计数甲', idNumber('19760101', true)) },
        { relation: '配偶', validFrom: '2020-01-01', person: person('计数乙', idNumber('19770101', false)) },
      ]),
    );
    const after = (await fresh.get(`/api/v1/sites/${siteIds.p}`)).json<Site>();
    expect(after.households - before.households).toBe(1);
    expect(after.persons - before.persons).toBe(2);
    const homeAfter = (await fresh.get('/api/v1/home/summary')).json<{ households: number; persons: number }>();
    expect(homeAfter).toMatchObject({ households: home.households + 1, persons: home.persons + 2 });
    const department = await agentFor([{ role: 'help_cadre' }]);
    expect((await department.get('/api/v1/home/summary')).json()).toMatchObject({ households: null, persons: null });
  });

  it('refuses a stale update with 409 and overwrites nothing', async () => {
    const h = await create(
      lead,
      householdBody(siteIds.a!, [{ relation: '户主', person: person('邱志强', idNumber('19780808', true)) }]),
    );
    const first = await lead.request('PATCH', `/api/v1/households/${h.id}`, {
      version: 1,
      room: '0501',
      phone: '13600001111',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<Household>()).toMatchObject({ version: 2, room: '0501', phone: '136****1111' });
    const stale = await lead.request('PATCH', `/api/v1/households/${h.id}`, { version: 1, room: '9999' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ message: string }>().message).toBe('该记录已被他人修改，请刷新后重试');
    expect((await lead.get(`/api/v1/households/${h.id}`)).json<Household>()).toMatchObject({
      room: '0501',
      version: 2,
    });
    const noVersion = await lead.request('PATCH', `/api/v1/households/${h.id}`, { room: '1' });
    expect(noVersion.statusCode).toBe(400);
    // §4 compatibility is checked on update too.
    const wrong = await lead.request('PATCH', `/api/v1/households/${h.id}`, {
      version: 2,
      monitoringStatus: '边缘易致贫户',
    });
    expect(wrong.statusCode).toBe(400);
    const [audit] = await t.deps.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'household.update'))
      .orderBy(sql`occurred_at desc`)
      .limit(1);
    const entity = audit!.entities[0]!;
    expect(entity.before).toMatchObject({ room: '1203', phone: '139****1234' });
    expect(entity.after).toMatchObject({ room: '0501', phone: '136****1111' });
  });

  it('scopes households: a site manager sees only their site, a township its sites and dispersed households', async () => {
    const atA = await create(
      lead,
      householdBody(siteIds.a!, [{ relation: '户主', person: person('谢甲', idNumber('19810101', true)) }]),
    );
    const atP = await create(
      lead,
      householdBody(siteIds.p!, [{ relation: '户主', person: person('谢乙', idNumber('19810102', true)) }]),
    );
    const pId = idNumber('19810103', true);
    const dispersed = await create(lead, householdBody(null, [{ relation: '户主', person: person('谢丙', pId) }]));
    expect(dispersed).toMatchObject({ placement: '分散安置', townshipName: '屏山镇', siteId: null });

    const managerA = await agentFor([{ role: 'site_manager', siteId: siteIds.a! }]);
    expect((await managerA.get(`/api/v1/households/${atP.id}`)).statusCode).toBe(404);
    expect((await managerA.get(`/api/v1/households/${dispersed.id}`)).statusCode).toBe(404);
    expect((await managerA.get(`/api/v1/persons/${atP.members[0]!.personId}`)).statusCode).toBe(404);
    expect(
      (await managerA.request('PATCH', `/api/v1/households/${atP.id}`, { version: 1, room: 'x' })).statusCode,
    ).toBe(404);
    const listA = (await managerA.get('/api/v1/households?pageSize=200')).json<Page<HouseholdListItem>>();
    expect(listA.items.map((i) => i.id)).toContain(atA.id);
    expect(listA.items.every((i) => i.siteId === siteIds.a)).toBe(true);
    expect((await managerA.get(`/api/v1/households?siteId=${siteIds.p}`)).json<Page<HouseholdListItem>>().total).toBe(
      0,
    );
    const lookOut = await managerA.post('/api/v1/persons:lookup', { idNumber: pId });
    expect(lookOut.statusCode).toBe(404);
    const missing = await managerA.post('/api/v1/persons:lookup', { idNumber: idNumber('19990101', true) });
    expect(lookOut.json<{ message: string }>().message).toBe(missing.json<{ message: string }>().message);

    const township = await agentFor([{ role: 'township', divisionCode: PINGSHAN }]);
    const listP = (await township.get('/api/v1/households?pageSize=200')).json<Page<HouseholdListItem>>();
    expect(listP.items.map((i) => i.id)).toEqual(expect.arrayContaining([atP.id, dispersed.id]));
    expect(listP.items.every((i) => i.townshipCode === PINGSHAN)).toBe(true);
    expect(listP.items.map((i) => i.id)).not.toContain(atA.id);
    expect(
      (await township.get(`/api/v1/households?townshipCode=${PINGSHAN}&placement=分散安置`))
        .json<Page<HouseholdListItem>>()
        .items.map((i) => i.id),
    ).toEqual([dispersed.id]);
    const found = await township.post('/api/v1/persons:lookup', { idNumber: pId });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<Person>()).toMatchObject({ name: '谢丙', household: { id: dispersed.id } });
    expect((await township.get(`/api/v1/households/${atA.id}`)).statusCode).toBe(404);

    // Read-only roles see but may not write; a site chief of another site sees nothing of site a.
    const chief = await agentFor([{ role: 'site_chief', siteId: siteIds.a! }]);
    const chiefRead = await chief.get(`/api/v1/households/${atA.id}`);
    expect(chiefRead.json<Household>().abilities).toEqual({
      update: false,
      delete: false,
      manageMembers: false,
      reveal: false,
    });
    expect((await chief.request('PATCH', `/api/v1/households/${atA.id}`, { version: 1, room: 'x' })).statusCode).toBe(
      403,
    );
    // A township clerk may not register a household at a site outside the township.
    expect(
      (
        await township.post(
          '/api/v1/households',
          householdBody(siteIds.a!, [{ relation: '户主', person: person('越权', idNumber('19700101', true)) }]),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await township.post(
          '/api/v1/households',
          householdBody(null, [{ relation: '户主', person: person('屏山分散', idNumber('19700102', true)) }], {
            destinationVillageCode: PINGSHAN_VILLAGE,
          }),
        )
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await township.post(
          '/api/v1/households',
          householdBody(null, [{ relation: '户主', person: person('小松分散', idNumber('19700103', true)) }], {
            destinationVillageCode: XIAOSONG_VILLAGE,
          }),
        )
      ).statusCode,
    ).toBe(403);
  });

  it('reveals a full number only with person.reveal and a reason, and audits the reason without the number', async () => {
    const clear = idNumber('19660606', false);
    const h = await create(
      lead,
      householdBody(siteIds.a!, [{ relation: '户主', person: person('熊桂珍', clear, { phone: '18870707070' }) }]),
    );
    const pid = h.members[0]!.personId;
    const manager = await agentFor([{ role: 'site_manager', siteId: siteIds.a! }]);
    const res = await manager.post(`/api/v1/persons/${pid}/reveal`, { field: 'idNumber', reason: '核对医保报销信息' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ field: 'idNumber', value: clear });
    const phone = await manager.post(`/api/v1/persons/${pid}/reveal`, { field: 'phone', reason: '电话回访联系' });
    expect(phone.json()).toEqual({ field: 'phone', value: '18870707070' });
    const events = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'person.reveal'));
    const mine = events.filter((e) => e.actorId === manager.userId);
    expect(mine).toHaveLength(2);
    const revealed = mine.map((e) => e.entities[0]!);
    expect(revealed.every((e) => e.type === 'person' && e.id === pid)).toBe(true);
    expect(revealed.map((e) => e.after).sort((a, b) => String(a?.field).localeCompare(String(b?.field)))).toEqual([
      { field: 'idNumber', reason: '核对医保报销信息', name: '熊桂珍' },
      { field: 'phone', reason: '电话回访联系', name: '熊桂珍' },
    ]);
    expect(JSON.stringify(mine)).not.toContain(clear);
    expect(JSON.stringify(mine)).not.toContain('18870707070');

    const noReason = await manager.post(`/api/v1/persons/${pid}/reveal`, { field: 'idNumber', reason: '看看' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ message: string }>().message).toContain('查看原因至少 4 个字');
    const chief = await agentFor([{ role: 'site_chief', siteId: siteIds.a! }]);
    expect(
      (await chief.post(`/api/v1/persons/${pid}/reveal`, { field: 'idNumber', reason: '核对信息用途' })).statusCode,
    ).toBe(403);
    const otherManager = await agentFor([{ role: 'site_manager', siteId: siteIds.p! }]);
    expect(
      (await otherManager.post(`/api/v1/persons/${pid}/reveal`, { field: 'idNumber', reason: '核对信息用途' }))
        .statusCode,
    ).toBe(404);
    expect((await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'person.reveal'))).length).toBe(
      events.length,
    );
  });

  it('soft-deletes a household with an audit event and frees its persons’ ID numbers', async () => {
    const id = idNumber('19850505', true);
    const h = await create(lead, householdBody(siteIds.b!, [{ relation: '户主', person: person('误登记', id) }]));
    const del = await lead.request('DELETE', `/api/v1/households/${h.id}`);
    expect(del.statusCode).toBe(204);
    expect((await lead.get(`/api/v1/households/${h.id}`)).statusCode).toBe(404);
    expect((await lead.post('/api/v1/persons:lookup', { idNumber: id })).statusCode).toBe(404);
    const [row] = await t.deps.db.select().from(households).where(eq(households.id, h.id));
    expect(row?.deletedAt).not.toBeNull();
    const [event] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'household.delete'));
    expect(event!.entities.map((e) => e.type)).toEqual(['household', 'person']);
    expect(JSON.stringify(event)).not.toContain(id);
    await create(
      lead,
      householdBody(siteIds.b!, [{ relation: '户主', person: person('正确登记', id) }], {
        householdNumber: h.householdNumber,
      }),
    );
  });

  it('bulk-loads generated households through the real encryption and blind index', async () => {
    const villages = (
      await t.deps.db
        .select({ code: divisions.code, townshipCode: divisions.parentCode })
        .from(divisions)
        .where(eq(divisions.level, 'village'))
        .orderBy(divisions.code)
    ).map((v) => ({ code: v.code, townshipCode: v.townshipCode! }));
    const generated = [
      ...generateHouseholds({
        seed: 7,
        households: 60,
        countyCode: '360735',
        sites: [{ id: siteIds.p!, townshipCode: PINGSHAN }],
        villages,
        asOf: '2022-03-15',
        firstNumber: 900_000,
      }),
    ];
    const before = (await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(persons))[0]!.n;
    const counts = await loadGenerated(
      { db: t.deps.db, cipher: t.deps.cipher, countyCode: '360735', now: t.clock.now() },
      generated,
    );
    const personCount = generated.reduce((n, h) => n + h.members.length, 0);
    expect(counts).toMatchObject({ households: 60, persons: personCount, members: personCount });
    expect((await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(persons))[0]!.n).toBe(before + personCount);
    // The API finds a generated person by ID number: the bulk path wrote the same blind index.
    const sample = generated.find((h) => h.placement === '集中安置')!;
    const found = await lead.post('/api/v1/persons:lookup', { idNumber: sample.members[0]!.person.idNumber });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<Person>().name).toBe(sample.members[0]!.person.name);
    const list = (await lead.get(`/api/v1/households?q=${sample.householdNumber}`)).json<Page<HouseholdListItem>>();
    expect(list.items[0]).toMatchObject({
      householdNumber: sample.householdNumber,
      headName: sample.members[0]!.person.name,
      memberCount: sample.members.filter((m) => m.validTo === null).length,
    });
  });
});
