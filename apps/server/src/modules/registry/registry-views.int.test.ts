import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '@anzhi/contracts/org';
import type { Household, HouseholdListItem } from '@anzhi/contracts/registry';
import type { PersonListItem, SiteRegistrySummary, Timeline } from '@anzhi/contracts/registry-views';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { auditEvents } from '../../platform/audit/audit.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { insertAssignment } from '../users/role-assignments.service';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';
const PINGSHAN_VILLAGE = '360735102201';
const ORIGIN_VILLAGE = '360735101002';

type Page<T> = { items: T[]; total: number };
type Role = Parameters<typeof insertAssignment>[2]['role'];

let serial = 0;
function idNumber(birth: string, male: boolean): string {
  serial += 1;
  return makeIdNumber('360735', birth, (serial * 2 + (male ? 1 : 0)) % 1000);
}

// ---------------------------------------------------------------------------------------------------------
// LibreOffice: the exported workbook converted to CSV (every sheet), read back as rows.
// ---------------------------------------------------------------------------------------------------------

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => fs.existsSync(p));

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function viaLibreOffice(dir: string, name: string, payload: Buffer): Promise<string[][]> {
  if (!soffice) throw new Error('找不到 soffice（LibreOffice）：请安装 libreoffice-calc-nogui');
  const book = path.join(dir, `${name}.xlsx`);
  fs.writeFileSync(book, payload);
  const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';
  await new Promise<void>((resolve, reject) => {
    execFile(
      soffice,
      [
        '--headless',
        `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
        '--convert-to',
        filter,
        '--outdir',
        dir,
        book,
      ],
      { timeout: 120_000, env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } },
      (err, _o, stderr) => (err ? reject(new Error(`soffice failed: ${err.message}\n${stderr}`)) : resolve()),
    );
  });
  const csv = fs.readdirSync(dir).find((f) => f.startsWith(`${name}-`) && f.endsWith('.csv'));
  if (!csv) throw new Error(`LibreOffice wrote no CSV for ${name}`);
  return parseCsv(fs.readFileSync(path.join(dir, csv), 'utf8'));
}

describe.skipIf(engineUnavailable())(`registry lists, timeline and exports on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let tmp: string;
  const siteIds: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  async function agentFor(assignments: { role: Role; divisionCode?: string; siteId?: string }[], name?: string) {
    const u = await buildUser(t, { roles: [], ...(name ? { displayName: name } : {}) });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return agent;
  }

  async function create(agent: Agent, body: Record<string, unknown>): Promise<Household> {
    const res = await agent.post('/api/v1/households', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Household>();
  }

  function body(no: string, siteId: string | null, members: unknown[], extra: Record<string, unknown> = {}) {
    return {
      householdNumber: no,
      category: '搬迁脱贫户',
      relocationYear: 2019,
      originVillageCode: ORIGIN_VILLAGE,
      ...(siteId
        ? { placement: '集中安置', siteId, building: '1栋', unit: '1单元', room: '101' }
        : { placement: '分散安置', destinationVillageCode: PINGSHAN_VILLAGE }),
      housingType: siteId ? '套房' : '一户一宅',
      floorArea: 90,
      phone: '13907970001',
      members,
      ...extra,
    };
  }

  const member = (relation: string, name: string, id: string, extra: Record<string, unknown> = {}) => ({
    relation,
    validFrom: '2019-10-01',
    joinReason: '搬迁入住',
    person: { name, idNumber: id, labourCapacity: '普通劳动力', ...extra },
  });

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 10:00 in Shanghai
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-registry-views-'));
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const [key, townshipCode] of [
      ['a', QINJIANG],
      ['b', QINJIANG],
      ['p', PINGSHAN],
    ] as const) {
      const res = await a.post('/api/v1/sites', { name: `名单测试点${key}`, townshipCode, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      siteIds[key] = res.json<Site>().id;
    }
    lead = await agentFor([{ role: 'county_lead' }], '张三（县乡村振兴局）');

    numbers.head1 = idNumber('19800520', true);
    // A1: at site a, head employed out of province, a skilled spouse, a child.
    const a1 = await create(
      lead,
      body('LIST0001', siteIds.a!, [
        member('户主', '钟长生', numbers.head1, { employment: { status: '省外', employer: '东莞电子厂' } }),
        member('配偶', '温秀兰', idNumber('19820311', false), { labourCapacity: '技能劳动力' }),
        member('子', '钟小宝', idNumber('20150101', true), { labourCapacity: '无劳动力', studentStatus: '小学' }),
      ]),
    );
    ids.a1 = a1.id;
    // A2: at site a, nobody employed, a weak labourer with a chronic illness, monitored.
    const a2 = await create(
      lead,
      body(
        'LIST0002',
        siteIds.a!,
        [
          member('户主', '赖福全', idNumber('19600203', true), {
            labourCapacity: '弱劳动力或半劳动力',
            health: '长期慢性病',
          }),
        ],
        { category: '同步搬迁户', monitoringStatus: '突发严重困难户' },
      ),
    );
    ids.a2 = a2.id;
    // B1: at site b (same township), one employed skilled labourer.
    const b1 = await create(
      lead,
      body('LIST0003', siteIds.b!, [
        member('户主', '刘建华', idNumber('19750808', true), {
          labourCapacity: '技能劳动力',
          employment: { status: '县内务工', employer: '县工业园' },
        }),
      ]),
    );
    ids.b1 = b1.id;
    // D1: dispersed in Pingshan.
    const d1 = await create(
      lead,
      body('LIST0004', null, [member('户主', '黄金凤', idNumber('19550606', false), { labourCapacity: '丧失劳动力' })]),
    );
    ids.d1 = d1.id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function households(agent: Agent, query: string): Promise<string[]> {
    const res = await agent.get(`/api/v1/households?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page<HouseholdListItem>>().items.map((h) => h.householdNumber);
  }

  it('filters households by labour capacity, employment now, monitoring status, township, site and text; sorts', async () => {
    expect(await households(lead, 'labourCapacity=技能劳动力')).toEqual(['LIST0001', 'LIST0003']);
    expect(await households(lead, 'labourCapacity=丧失劳动力')).toEqual(['LIST0004']);
    expect(await households(lead, 'employment=employed')).toEqual(['LIST0001', 'LIST0003']);
    expect(await households(lead, 'employment=none')).toEqual(['LIST0002', 'LIST0004']);
    expect(await households(lead, 'monitoringStatus=突发严重困难户')).toEqual(['LIST0002']);
    expect(await households(lead, `townshipCode=${QINJIANG}`)).toEqual(['LIST0001', 'LIST0002', 'LIST0003']);
    expect(await households(lead, `townshipCode=${PINGSHAN}`)).toEqual(['LIST0004']);
    expect(await households(lead, `siteId=${siteIds.a}&category=同步搬迁户`)).toEqual(['LIST0002']);
    expect(await households(lead, `q=${encodeURIComponent('钟长')}`)).toEqual(['LIST0001']);
    expect(await households(lead, 'sort=householdNumber&order=desc&pageSize=2')).toEqual(['LIST0004', 'LIST0003']);
    expect(await households(lead, 'sort=memberCount&order=desc&pageSize=1')).toEqual(['LIST0001']);
    expect((await lead.get('/api/v1/households?labourCapacity=全劳力')).statusCode).toBe(400);
  });

  it('lists persons in scope with masked numbers and ages, filtered by name, household, capacity, health, employment, age', async () => {
    const list = async (agent: Agent, q: string) => {
      const res = await agent.get(`/api/v1/persons?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Page<PersonListItem>>();
    };
    const all = await list(lead, 'pageSize=50');
    expect(all.total).toBe(6);
    const head = all.items.find((p) => p.name === '钟长生')!;
    expect(head).toMatchObject({ householdNumber: 'LIST0001', relation: '户主', age: 41, employmentStatus: '省外' });
    expect(head.documentNumber).toBe(`${numbers.head1!.slice(0, 6)}********${numbers.head1!.slice(14)}`);
    expect(JSON.stringify(all)).not.toContain(numbers.head1);
    expect(JSON.stringify(all)).not.toContain('birthDate');

    const names = async (q: string) => (await list(lead, q)).items.map((p) => p.name);
    expect(await names('householdNumber=LIST0001')).toEqual(['钟长生', '温秀兰', '钟小宝']);
    expect(await names(`name=${encodeURIComponent('钟')}`)).toEqual(['钟长生', '钟小宝']);
    expect(await names('labourCapacity=技能劳动力')).toEqual(['温秀兰', '刘建华']);
    expect(await names('health=长期慢性病')).toEqual(['赖福全']);
    expect(await names('employment=employed')).toEqual(['钟长生', '刘建华']);
    // Ages on 2022-03-15: 钟长生 41, 温秀兰 40, 钟小宝 7, 赖福全 62, 刘建华 46, 黄金凤 66.
    expect(await names('ageMin=40&ageMax=46')).toEqual(['钟长生', '温秀兰', '刘建华']);
    expect(await names('ageMin=60')).toEqual(['赖福全', '黄金凤']);
    expect((await lead.get('/api/v1/persons?ageMin=50&ageMax=40')).statusCode).toBe(400);

    const managerB = await agentFor([{ role: 'site_manager', siteId: siteIds.b! }]);
    expect((await list(managerB, '')).items.map((p) => p.name)).toEqual(['刘建华']);
  });

  it('tells every change of a household with who and when, in Chinese, never with a clear ID number', async () => {
    // The clock jumps a day at a time: a fresh sign-in each time (a session idles out).
    const clerkAt = async (instant: string) => {
      t.clock.set(instant);
      return agentFor([{ role: 'township', divisionCode: QINJIANG }], '李四（琴江镇）');
    };
    let clerk = await clerkAt('2022-03-16T06:10:00Z'); // 14:10 in Shanghai
    const babyId = idNumber('20220301', false);
    const joined = await clerk.post(`/api/v1/households/${ids.a1}/members`, {
      relation: '女',
      validFrom: '2022-03-01',
      joinReason: '出生',
      person: { name: '钟小花', idNumber: babyId, labourCapacity: '无劳动力' },
    });
    expect(joined.statusCode, joined.body).toBe(200);
    const household = joined.json<Household>();
    const spouse = household.members.find((m) => m.name === '温秀兰')!;

    clerk = await clerkAt('2022-03-17T01:00:00Z');
    const updated = await clerk.request('PATCH', `/api/v1/households/${ids.a1}`, {
      version: household.version,
      floorArea: 100,
      phone: '13907970002',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    clerk = await clerkAt('2022-03-18T02:30:00Z');
    const left = await clerk.post(`/api/v1/households/${ids.a1}/members/${spouse.personId}/leave`, {
      date: '2022-03-18',
      reason: '婚出',
    });
    expect(left.statusCode, left.body).toBe(200);
    // A reveal is a read, not a change: it stays out of the timeline.
    const reveal = await clerk.post(`/api/v1/persons/${spouse.personId}/reveal`, {
      field: 'idNumber',
      reason: '核对户籍迁出信息',
    });
    expect(reveal.statusCode, reveal.body).toBe(200);

    const res = await clerk.get(`/api/v1/households/${ids.a1}/timeline`);
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json<Timeline>();
    expect(items.map((i) => i.action)).toEqual([
      'household.member.leave',
      'household.update',
      'household.member.join',
      'household.create',
    ]);
    expect(items[0]!.text).toBe('2022-03-18 10:30 李四（琴江镇） 成员 温秀兰 离户（婚出，2022-03-18 起）');
    expect(items[1]!.details).toEqual(['住房面积（㎡）：90 → 100', '联系电话：139****0001 → 139****0002']);
    expect(items[2]!.text).toBe('2022-03-16 14:10 李四（琴江镇） 新增成员 钟小花（女，出生，2022-03-01 起）');
    expect(items[3]!.text).toBe('2022-03-15 10:00 张三（县乡村振兴局） 登记搬迁户 LIST0001（3 名成员）');
    expect(items[3]!.details).toEqual(['户主 钟长生', '配偶 温秀兰', '子 钟小宝']);
    const json = res.body;
    for (const n of [babyId, numbers.head1!, '13907970002']) expect(json).not.toContain(n);

    // Another household's timeline holds none of this.
    const other = (await clerk.get(`/api/v1/households/${ids.a2}/timeline`)).json<Timeline>();
    expect(other.items.map((i) => i.action)).toEqual(['household.create']);
  });

  it('keeps timelines, site counts and persons of other scopes invisible (404)', async () => {
    const managerB = await agentFor([{ role: 'site_manager', siteId: siteIds.b! }]);
    expect((await managerB.get(`/api/v1/households/${ids.a1}/timeline`)).statusCode).toBe(404);
    expect((await managerB.get(`/api/v1/households/${ids.b1}/timeline`)).statusCode).toBe(200);
    expect((await managerB.get(`/api/v1/sites/${siteIds.a}/registry-summary`)).statusCode).toBe(404);
    expect(await households(managerB, `siteId=${siteIds.a}`)).toEqual([]);
    const cadre = await agentFor([{ role: 'help_cadre' }]);
    expect((await cadre.get('/api/v1/persons')).statusCode).toBe(403);
  });

  it('counts a site live: households, persons, categories, labour capacity, employed', async () => {
    const county = await agentFor([{ role: 'county_lead' }]);
    const res = await county.get(`/api/v1/sites/${siteIds.a}/registry-summary`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<SiteRegistrySummary>();
    // Today (2022-03-18) the baby (joined 2022-03-01) counts; her mother left today and no longer does.
    expect(s).toMatchObject({ asOf: '2022-03-18', households: 2, persons: 4, employed: 1, labourers: 2 });
    expect(s.byCategory).toEqual([
      { value: '搬迁脱贫户', count: 1 },
      { value: '同步搬迁户', count: 1 },
    ]);
    expect(s.byLabourCapacity.find((c) => c.value === '无劳动力')?.count).toBe(2);
    expect(s.householdsWithoutEmployment).toBe(1);
  });

  it('exports households masked, and with full numbers only for person.reveal with a reason (audited); LibreOffice reads both', async () => {
    const manager = await agentFor([{ role: 'site_manager', siteId: siteIds.a! }]);
    const masked = await manager.get('/api/v1/households/export.xlsx?sort=householdNumber');
    expect(masked.statusCode, masked.body).toBe(200);
    expect(masked.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const reason = encodeURIComponent('上报县局核对身份信息');
    const full = await manager.get(`/api/v1/households/export.xlsx?reveal=1&reason=${reason}`);
    expect(full.statusCode, full.body).toBe(200);

    const maskedRows = await viaLibreOffice(tmp, 'masked', masked.rawPayload);
    const fullRows = await viaLibreOffice(tmp, 'full', full.rawPayload);
    expect(maskedRows[0]?.[0]).toBe('石城县易地扶贫搬迁搬迁户名单');
    expect(maskedRows[2]?.slice(0, 8)).toEqual([
      '序号',
      '乡镇',
      '安置点（安置村）',
      '户编号',
      '户主姓名',
      '身份证号',
      '家庭人口',
      '搬迁类型',
    ]);
    // Rows 5…: the site manager's own site only (LIST0001, LIST0002), never site b's or the dispersed household.
    const data = (rows: string[][]) => rows.filter((r) => /^LIST\d{4}$/.test(r[3] ?? ''));
    expect(data(maskedRows).map((r) => r[3])).toEqual(['LIST0001', 'LIST0002']);
    const head = data(maskedRows)[0]!;
    expect(head.slice(1, 5)).toEqual(['琴江镇', '名单测试点a', 'LIST0001', '钟长生']);
    expect(head[5]).toBe(`${numbers.head1!.slice(0, 6)}********${numbers.head1!.slice(14)}`);
    expect(maskedRows.flat().join()).not.toContain(numbers.head1);
    expect(data(fullRows)[0]?.[5]).toBe(numbers.head1);

    const events = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'household.export'));
    const mine = events.filter((e) => e.actorId === manager.me?.user.id).map((e) => e.entities[0]!.after);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rows: 2, idNumbers: 'masked' }),
        expect.objectContaining({ rows: 2, idNumbers: 'full', reason: '上报县局核对身份信息' }),
      ]),
    );
    expect(JSON.stringify(events)).not.toContain(numbers.head1);
  }, 150_000);

  it('exports persons in scope; refuses full numbers without person.reveal or a reason, and other roles', async () => {
    const managerB = await agentFor([{ role: 'site_manager', siteId: siteIds.b! }]);
    const res = await managerB.get('/api/v1/persons/export.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const rows = await viaLibreOffice(tmp, 'persons', res.rawPayload);
    expect(rows[0]?.[0]).toBe('石城县易地扶贫搬迁人员名单');
    expect(rows.filter((r) => /^LIST\d{4}$/.test(r[3] ?? '')).map((r) => r[4])).toEqual(['刘建华']);
    // Asking for another site's households gives nothing, never their rows.
    const other = await managerB.get(`/api/v1/households/export.xlsx?siteId=${siteIds.a}`);
    expect(other.statusCode).toBe(200);
    const otherRows = await viaLibreOffice(tmp, 'other', other.rawPayload);
    expect(otherRows.filter((r) => /^LIST\d{4}$/.test(r[3] ?? ''))).toEqual([]);

    expect((await managerB.get('/api/v1/households/export.xlsx?reveal=1')).statusCode).toBe(400);
    const urban = await agentFor([{ role: 'urban_community' }]);
    const refused = await urban.get(
      `/api/v1/persons/export.xlsx?reveal=1&reason=${encodeURIComponent('核对信息用途')}`,
    );
    expect(refused.statusCode).toBe(403);
    const chief = await agentFor([{ role: 'site_chief', siteId: siteIds.a! }]);
    expect((await chief.get('/api/v1/households/export.xlsx')).statusCode).toBe(403);
    const exports = await t.deps.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['household.export', 'person.export']));
    expect(exports.filter((e) => e.actorId === urban.me?.user.id || e.actorId === chief.me?.user.id)).toEqual([]);
  }, 150_000);
});
