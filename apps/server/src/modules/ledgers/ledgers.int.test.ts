import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerCatalogue, LedgerKind, LedgerPage, Snapshot } from '@anzhi/contracts/ledgers';
import type { MonthClose } from '@anzhi/contracts/revisits';
import type { Site } from '@anzhi/contracts/org';
import type { Household } from '@anzhi/contracts/registry';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { helpMeasures, monitoringCases } from '../monitoring/monitoring.table';
import { ruleResults, ruleRuns } from '../rules/rules.table';
import { autoFreezeLastMonth } from '../snapshots/snapshots-daily.job';
import { currentSnapshots } from '../snapshots/snapshots.repository';
import { freezeAssignments } from '../snapshots/snapshots.service';
import { insertAssignment } from '../users/role-assignments.service';
import type { LedgerDefinition, LedgerReading } from './ledger-definition';
import { monitoringLedger } from './monitoring.ledger';
import { supportLedger } from './support.ledger';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';
const PINGSHAN_VILLAGE = '360735102201';
const ORIGIN_VILLAGE = '360735101002';
const MONTH = '2022-02';

/** The column names of ledgers.md, in order (leaf columns; 每月回访台账's groups checked apart). */
const expectedHeaders: Record<LedgerKind, string[]> = {
  support: [
    '序号',
    '乡镇',
    '安置点',
    '户编号',
    '户主姓名',
    '身份证号',
    '家庭人口',
    '搬迁类型',
    '安置方式',
    '安置房类型',
    '安置地址',
    '搬迁年份',
    '劳动力人数',
    '务工人数',
    '就业去向',
    '上年家庭人均纯收入（元）',
    '是否监测对象',
    '监测类别',
    '享受政策项数',
    '结对帮扶干部',
    '联系电话',
    '备注',
  ],
  safety: [
    '序号',
    '乡镇',
    '安置点',
    '排查日期',
    '排查类别',
    '排查对象',
    '隐患名称',
    '隐患详情',
    '隐患等级',
    '责任人',
    '整治措施',
    '整改时限',
    '整改情况',
    '验收时间',
    '验收单位',
    '验收结论',
    '销账时间',
    '备注',
  ],
  governance: [
    '序号',
    '乡镇',
    '安置点',
    '日期',
    '工作类别',
    '工作内容',
    '参与人数',
    '责任人',
    '成效',
    '附件数',
    '备注',
  ],
  facilities: [
    '序号',
    '乡镇',
    '安置点',
    '设施类别',
    '设施名称',
    '数量',
    '状态',
    '管护责任人',
    '巡查日期',
    '发现问题',
    '维修措施',
    '完成日期',
    '费用（元）',
    '备注',
  ],
  grievances: [
    '序号',
    '编号',
    '受理日期',
    '渠道',
    '诉求人',
    '联系电话',
    '安置点',
    '诉求类别',
    '诉求内容',
    '承办单位',
    '办理时限',
    '办理进度',
    '办理结果',
    '回访日期',
    '满意度',
    '办结日期',
    '备注',
  ],
  monitoring: [
    '序号',
    '乡镇',
    '安置点/村',
    '户编号',
    '户主姓名',
    '身份证号',
    '家庭人口',
    '监测类别',
    '识别时间',
    '风险类型',
    '识别时人均纯收入（元）',
    '帮扶措施',
    '措施落实情况',
    '迁出地结对干部',
    '迁入地结对干部',
    '风险是否消除',
    '消除方式',
    '消除时间',
    '监测联系人',
    '联系电话',
    '备注',
  ],
  revisits: [
    '序号',
    '乡镇',
    '安置点',
    '户编号',
    '户主姓名',
    '回访日期',
    '回访方式',
    '回访人',
    '家庭成员数量',
    '身体状况',
    '产业发展',
    '就业务工',
    '人均收入',
    '政策享受落实',
    '干部结对帮扶',
    '社区生活融入',
    '合理诉求解决',
    '突发困难问题',
    '发现问题',
    '处理措施',
    '是否触发监测',
    '备注',
  ],
  policies: [
    '序号',
    '乡镇',
    '安置点',
    '户编号',
    '户主姓名',
    '户类别',
    '政策名称',
    '政策类别',
    '享受人',
    '享受标准或金额（元）',
    '享受期间',
    '发放单位',
    '备注',
  ],
};
const names: Record<LedgerKind, string> = {
  support: '后续扶持台账',
  safety: '安全隐患排查台账',
  governance: '社区治理工作台账',
  facilities: '设施管护工作台账',
  grievances: '群众诉求处理台账',
  monitoring: '“三类人员”监测帮扶台账',
  revisits: '每月回访台账',
  policies: '政策享受台账',
};
const kinds = Object.keys(names) as LedgerKind[];

// ---------------------------------------------------------------------------------------------------------
// LibreOffice: all workbooks converted in ONE soffice call, every sheet to its own CSV.
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

async function convertAll(dir: string, books: string[]): Promise<void> {
  if (!soffice) throw new Error('找不到 soffice（LibreOffice）：请安装 libreoffice-calc-nogui');
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
        ...books,
      ],
      { timeout: 240_000, env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } },
      (err, _o, stderr) => (err ? reject(new Error(`soffice failed: ${err.message}\n${stderr}`)) : resolve()),
    );
  });
}

function sheetsOf(dir: string, book: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith(`${book}-`) && f.endsWith('.csv'))
      out.set(f.slice(book.length + 1, -4), parseCsv(fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  return out;
}

const trimRow = (row: string[] | undefined) => {
  const r = [...(row ?? [])];
  while (r.length && r.at(-1) === '') r.pop();
  return r;
};

// ---------------------------------------------------------------------------------------------------------

let serial = 300;
function idNumber(birth: string, male: boolean): string {
  serial += 1;
  return makeIdNumber('360735', birth, ((serial * 2) % 1000) + (male ? 1 : 0));
}
const member = (relation: string, name: string, birth: string, male: boolean, extra: Record<string, unknown> = {}) => ({
  relation,
  validFrom: '2019-10-01',
  person: { name, idNumber: idNumber(birth, male), labourCapacity: '普通劳动力', ...extra },
});

describe.skipIf(engineUnavailable())(`ledgers, month-end snapshots and the monthly report on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let clerk: Agent;
  let manager: Agent;
  let tmp: string;
  const site: Record<string, string> = {};
  const hh: Record<string, Household> = {};

  async function agentFor(
    assignments: {
      role: 'county_lead' | 'township' | 'site_manager' | 'help_cadre';
      divisionCode?: string;
      siteId?: string;
    }[],
  ) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return agent;
  }

  let counter = 0;
  function body(siteId: string | null, members: unknown[], extra: Record<string, unknown> = {}) {
    counter += 1;
    return {
      householdNumber: `LG${String(counter).padStart(6, '0')}`,
      category: '搬迁脱贫户',
      relocationYear: 2019,
      originVillageCode: ORIGIN_VILLAGE,
      ...(siteId
        ? { placement: '集中安置', siteId, building: '3栋', unit: '2单元', room: '501' }
        : { placement: '分散安置', destinationVillageCode: PINGSHAN_VILLAGE }),
      housingType: siteId ? '套房' : '一户一宅',
      handoverDate: '2019-10-01',
      phone: '13907970001',
      members,
      ...extra,
    };
  }

  async function page(agent: Agent, kind: LedgerKind, query = `month=${MONTH}`) {
    const res = await agent.get(`/api/v1/ledgers/${kind}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<LedgerPage>();
  }

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-ledgers-'));
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const [key, township] of [
      ['a', QINJIANG],
      ['b', QINJIANG],
      ['p', PINGSHAN],
    ] as const) {
      const res = await a.post('/api/v1/sites', { name: `台账测试点${key}`, townshipCode: township, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      site[key] = res.json<Site>().id;
    }
    lead = await agentFor([{ role: 'county_lead' }]);
    clerk = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    manager = await agentFor([{ role: 'site_manager', siteId: site.a! }]);
    const bodies: [string, unknown][] = [
      ['a1', body(site.a!, [member('户主', '赖春生', '19700304', true), member('配偶', '温秀英', '19720811', false)])],
      ['a2', body(site.a!, [member('户主', '黄建国', '19650101', true)])],
      ['b1', body(site.b!, [member('户主', '李冬梅', '19800505', false)])],
      ['p1', body(site.p!, [member('户主', '曾福来', '19750606', true)])],
      ['d1', body(null, [member('户主', '刘满堂', '19680909', true)], { category: '同步搬迁户' })],
    ];
    for (const [key, b] of bodies) {
      const res = await lead.post('/api/v1/households', b);
      expect(res.statusCode, res.body).toBe(201);
      hh[key] = res.json<Household>();
    }
    // February: a1 and p1 revisited; the others not.
    for (const key of ['a1', 'p1']) {
      const res = await lead.post('/api/v1/revisits', {
        id: uuidv7(),
        householdId: hh[key]!.id,
        visitDate: '2022-02-20',
        method: '入户',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // A monitored household (monitoring cases are written by the monitoring module; here as fixtures).
    const caseId = uuidv7();
    await t.deps.db.insert(monitoringCases).values({
      id: caseId,
      countyCode: t.deps.config.countyCode,
      householdId: hh.a2!.id,
      status: 'monitored',
      category: 'unstable',
      riskTypes: ['illness', 'education'],
      startedOn: '2022-01-05',
      dueOn: '2022-01-20',
      identifiedOn: '2022-01-15',
      incomeAtIdentification: '5200.00',
    });
    await t.deps.db.insert(helpMeasures).values({
      countyCode: t.deps.config.countyCode,
      caseId,
      householdId: hh.a2!.id,
      type: 'health',
      content: '落实大病保险报销',
      responsibleName: '钟干部',
      startOn: '2022-01-16',
      dueOn: '2022-06-30',
      status: 'in_progress',
      term: 'short',
    });
    // A rule run of February: site a did not meet R04.
    const runId = uuidv7();
    await t.deps.db.insert(ruleRuns).values({
      id: runId,
      ruleId: 'R04',
      ruleVersion: 1,
      parameterVersion: 1,
      parameters: {},
      periodKey: MONTH,
      scopeKey: 'county',
      evaluatedAt: t.clock.now(),
      summary: { total: 2, met: 1, notMet: 1, notApplicable: 0, rate: 0.5, averageProgress: null },
    });
    await t.deps.db.insert(ruleResults).values([
      { runId, entityType: 'site', entityId: site.a!, verdict: 'not_met', values: {}, evidence: [] },
      { runId, entityType: 'site', entityId: site.p!, verdict: 'met', values: {}, evidence: [] },
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the eight ledgers of ledgers.md in order; roles without ledger.read are refused', async () => {
    const res = await clerk.get('/api/v1/ledgers');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<LedgerCatalogue>().items;
    expect(items.map((i) => i.name)).toEqual(kinds.map((k) => names[k]));
    for (const i of items) expect(i.columns).toBe(expectedHeaders[i.kind].length);
    expect(items.filter((i) => !i.hasSource).map((i) => i.kind)).toEqual([
      'safety',
      'governance',
      'facilities',
      'grievances',
      'policies',
    ]);
    const cadre = await agentFor([{ role: 'help_cadre' }]);
    expect((await cadre.get('/api/v1/ledgers')).statusCode).toBe(403);
    expect((await cadre.get(`/api/v1/ledgers/support/export?month=${MONTH}`)).statusCode).toBe(403);
  });

  it('shows 后续扶持台账 per household in scope, with masked numbers; out-of-scope filters answer 404', async () => {
    const all = await page(lead, 'support');
    expect(all.title).toMatch(/易地扶贫搬迁后续扶持台账$/);
    expect(all.columns.map((c) => c.header)).toEqual(expectedHeaders.support);
    expect(all.total).toBe(5);
    const a1 = all.items.find((r) => r.householdNumber === hh.a1!.householdNumber)!;
    expect(a1).toMatchObject({
      headName: '赖春生',
      members: 2,
      placement: '集中',
      category: '搬迁脱贫户',
      monitored: '否',
    });
    expect(a1.idNumber).toMatch(/^360735\*{8}\d{3}[\dX]$/);
    expect(a1.phone).toMatch(/^139\*{4}0001$/);
    const a2 = all.items.find((r) => r.householdNumber === hh.a2!.householdNumber)!;
    expect(a2).toMatchObject({ monitored: '是', monitoringCategory: '脱贫不稳定户' });
    const d1 = all.items.find((r) => r.householdNumber === hh.d1!.householdNumber)!;
    expect(d1).toMatchObject({ placement: '分散', category: '同步搬迁户' });
    expect(String(d1.site)).toMatch(/（分散安置）$/);

    const mine = await page(clerk, 'support');
    expect(mine.items.map((r) => r.householdNumber).sort()).toEqual(
      [hh.a1!, hh.a2!, hh.b1!].map((h) => h.householdNumber).sort(),
    );
    const own = await page(manager, 'support');
    expect(own.total).toBe(2);
    expect((await manager.get(`/api/v1/ledgers/support?month=${MONTH}&siteId=${site.b}`)).statusCode).toBe(404);
    expect((await clerk.get(`/api/v1/ledgers/support?month=${MONTH}&townshipCode=${PINGSHAN}`)).statusCode).toBe(404);
    const paged = await page(lead, 'support', `month=${MONTH}&pageSize=2&page=3`);
    expect(paged.items).toHaveLength(1);
    expect(paged.items[0]?.seq).toBe(5);

    const empty = await page(lead, 'safety');
    expect(empty).toMatchObject({ empty: true, total: 0 });
    expect(empty.items).toEqual([{ township: '本期无记录' }]);
  });

  it('every ledger exports a workbook LibreOffice opens (one soffice call): title, headers, sample cells', async () => {
    const books: string[] = [];
    const save = async (name: string, url: string) => {
      const res = await lead.get(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      const file = path.join(tmp, `${name}.xlsx`);
      fs.writeFileSync(file, res.rawPayload);
      books.push(file);
    };
    for (const k of kinds) await save(k, `/api/v1/ledgers/${k}/export?month=${MONTH}`);
    await save('split_township', `/api/v1/ledgers/support/export?month=${MONTH}&split=township`);
    await save('split_site', `/api/v1/ledgers/support/export?month=${MONTH}&townshipCode=${QINJIANG}&split=site`);
    await convertAll(tmp, books);

    for (const k of kinds) {
      const sheets = sheetsOf(tmp, k);
      expect(sheets.size, k).toBe(1);
      const rows = [...sheets.values()][0]!;
      expect(rows[0]?.[0], k).toBe(`石城县易地扶贫搬迁${names[k]}`);
      expect(rows[1]?.[0], k).toBe('填报单位：石城县');
      expect(rows[1]).toContain('统计期间：2022年2月');
      const headerAt = k === 'revisits' ? 3 : 2;
      if (k === 'revisits') {
        expect(rows[2]).toContain('五个变化');
        expect(rows[2]).toContain('五种情况');
        // Leaf headers: the ungrouped columns' names sit in the group row (merged down), the others in the next.
        const leaves = rows[3]!.map((h, i) => h || rows[2]![i]!);
        expect(trimRow(leaves)).toEqual(expectedHeaders.revisits);
      } else {
        expect(trimRow(rows[headerAt]), k).toEqual(expectedHeaders[k]);
      }
      expect(rows.at(-1)?.[0], k).toMatch(/^填报人：.*填报日期：2022-03-15$/);
      const data = rows.slice(headerAt + 1, -1).filter((r) => r[0] !== '合计');
      if (['safety', 'governance', 'facilities', 'grievances', 'policies'].includes(k)) {
        expect(data, k).toHaveLength(1);
        expect(data[0]?.[0], k).toBe('');
        expect(data[0]?.[1], k).toBe('本期无记录');
      }
    }
    const support = [...sheetsOf(tmp, 'support').values()][0]!;
    const a1 = support.find((r) => r[3] === hh.a1!.householdNumber)!;
    expect(a1[4]).toBe('赖春生');
    expect(a1[5]).toMatch(/^360735\*{8}\d{3}[\dX]$/);
    expect(a1[6]).toBe('2');
    const total = support.find((r) => r[0] === '合计')!;
    expect(total[6]).toBe('6'); // 家庭人口: 2 + 1 + 1 + 1 + 1

    const monitoring = [...sheetsOf(tmp, 'monitoring').values()][0]!;
    const m = monitoring.find((r) => r[3] === hh.a2!.householdNumber)!;
    expect(m[7]).toBe('脱贫不稳定户');
    expect(m[8]).toBe('2022-01-15');
    expect(m[9]).toBe('因病、因学');
    expect(m[11]).toBe('健康帮扶：落实大病保险报销');
    expect(m[15]).toBe('否');

    const revisitRows = [...sheetsOf(tmp, 'revisits').values()][0]!;
    const visited = revisitRows.filter((r) => r[5] === '2022-02-20');
    const missed = revisitRows.filter((r) => r[5] === '未回访');
    expect(visited.map((r) => r[3]).sort()).toEqual([hh.a1!, hh.p1!].map((h) => h.householdNumber).sort());
    expect(missed.map((r) => r[3]).sort()).toEqual([hh.a2!, hh.b1!, hh.d1!].map((h) => h.householdNumber).sort());

    expect(sheetsOf(tmp, 'split_township').size).toBe(2); // 琴江 and 屏山
    const perSite = sheetsOf(tmp, 'split_site');
    expect(perSite.size).toBe(2);
    expect([...perSite.keys()].sort()).toEqual(['台账测试点a', '台账测试点b']);
  }, 300_000);

  it('a closed month reads its snapshot: an edit after close leaves it unchanged, a reopen shows it', async () => {
    const before = await page(clerk, 'support');
    const a1Before = before.items.find((r) => r.householdNumber === hh.a1!.householdNumber)!;
    expect(a1Before.address).toBe('台账测试点a3栋2单元501');

    const close = await clerk.post('/api/v1/month-closes', { townshipCode: QINJIANG, month: MONTH });
    expect(close.statusCode, close.body).toBe(201);
    const snaps = await clerk.get(`/api/v1/snapshots?month=${MONTH}`);
    expect(snaps.statusCode, snaps.body).toBe(200);
    const [snap] = snaps.json<{ items: Snapshot[] }>().items;
    expect(snap).toMatchObject({ townshipCode: QINJIANG, status: 'current', trigger: 'close' });
    expect(snap!.rowCounts).toMatchObject({ support: 3, monitoring: 1, revisits: 3 });
    // The dashboards' computeFigures output is frozen too (the dashboards read a closed township from it).
    expect(snap!.figuresSource).toBe('dashboards');
    expect(snap!.figures).toMatchObject({ month: MONTH, townshipCode: QINJIANG, totals: { households: 3 } });
    expect(snap!.figures).toMatchObject({
      households: 3,
      persons: 4,
      monitoredHouseholds: 1,
      revisits: { due: 3, revisited: 1 },
      ruleResults: { R04: { met: 0, notMet: 1, notApplicable: 0 } },
    });

    // Edit after close: the household moves to another room.
    const current = await lead.get(`/api/v1/households/${hh.a1!.id}`);
    const version = current.json<Household>().version;
    const edit = await lead.request('PATCH', `/api/v1/households/${hh.a1!.id}`, {
      version,
      building: '9栋',
      unit: '1单元',
      room: '909',
    });
    expect(edit.statusCode, edit.body).toBe(200);

    const frozen = await page(clerk, 'support');
    expect(frozen.frozen.map((f) => f.townshipCode)).toEqual([QINJIANG]);
    expect(frozen.items).toEqual(before.items);
    // County-wide: 琴江 from the snapshot, 屏山 live; the same rows as before the edit.
    const county = await page(lead, 'support');
    expect(county.items.find((r) => r.householdNumber === hh.a1!.householdNumber)?.address).toBe(
      '台账测试点a3栋2单元501',
    );
    // The site manager reads the frozen rows of its own site only.
    expect((await page(manager, 'support')).total).toBe(2);

    const closes = await lead.get(`/api/v1/month-closes?month=${MONTH}&townshipCode=${QINJIANG}`);
    const closeId = closes.json<{ items: MonthClose[] }>().items[0]!.id;
    const reopen = await lead.post(`/api/v1/month-closes/${closeId}/reopen`, { reason: '补录门牌号变更' });
    expect(reopen.statusCode, reopen.body).toBe(200);
    const reopened = await page(clerk, 'support');
    expect(reopened.frozen).toEqual([]);
    expect(reopened.items.find((r) => r.householdNumber === hh.a1!.householdNumber)?.address).toBe(
      '台账测试点a9栋1单元909',
    );

    // Closing again freezes anew; the first snapshot is kept as superseded.
    expect((await clerk.post('/api/v1/month-closes', { townshipCode: QINJIANG, month: MONTH })).statusCode).toBe(201);
    const history = await clerk.get(`/api/v1/snapshots?month=${MONTH}&includeSuperseded=true`);
    const statuses = history.json<{ items: Snapshot[] }>().items.map((s) => s.status);
    expect(statuses.sort()).toEqual(['current', 'superseded']);
    const again = await page(clerk, 'support');
    expect(again.frozen).toHaveLength(1);
    expect(again.items.find((r) => r.householdNumber === hh.a1!.householdNumber)?.address).toBe(
      '台账测试点a9栋1单元909',
    );
  });

  it('the monthly report shows figures, rule results and changes per township', async () => {
    const res = await lead.get(`/api/v1/reports/monthly?month=${MONTH}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.body;
    expect(html).toContain('石城县易地扶贫搬迁后续扶持工作月度报告');
    expect(html).toContain('统计期间：2022年2月');
    for (const heading of [
      '一、主要指标',
      '二、规则结果',
      '三、逾期未完成的责任清单任务',
      '四、较上月（2022年1月）变化',
    ])
      expect(html).toContain(heading);
    expect(html).toMatch(/<td>已确认<\/td><td class="n">3<\/td>/); // 琴江: frozen, 3 households
    expect(html).toMatch(/<td>未确认<\/td><td class="n">2<\/td>/); // 屏山: p1 and the dispersed d1
    expect(html).toContain('R04');
    expect(html).toMatch(/琴江镇1/);
    // Site managers reach only their site's township; help cadres hold no ledger.read.
    const cadre = await agentFor([{ role: 'help_cadre' }]);
    expect((await cadre.get(`/api/v1/reports/monthly?month=${MONTH}`)).statusCode).toBe(403);
  });

  it('on the 4th, townships that did not close last month are frozen automatically (once)', async () => {
    t.clock.set(new Date('2022-04-04T01:00:00Z'));
    try {
      const first = await autoFreezeLastMonth(t.deps);
      expect(first.month).toBe('2022-03');
      expect(first.frozen).toContain(PINGSHAN);
      expect(first.frozen).toContain(QINJIANG);
      const again = await autoFreezeLastMonth(t.deps);
      expect(again.frozen).toEqual([]);
      // (Read from the table: the sessions of this test have expired by April.)
      const snaps = await currentSnapshots(t.deps.db, t.deps.config.countyCode, '2022-03');
      expect(snaps.find((s) => s.townshipCode === PINGSHAN)).toMatchObject({ trigger: 'auto', status: 'current' });
    } finally {
      t.clock.set(new Date('2022-03-15T02:00:00Z'));
    }
  });

  it('keyset pages never split a household with two cases; the page totals are counts', async () => {
    // A household with two cases in February: one eliminated on the 10th (still on the ledger: not eliminated
    // before the month began) and the next one identified on the 20th. Two rows of one household number.
    const res = await lead.post('/api/v1/households', body(site.p!, [member('户主', '邱两案', '19760707', true)]));
    expect(res.statusCode, res.body).toBe(201);
    const twice = res.json<Household>();
    const base = { countyCode: t.deps.config.countyCode, householdId: twice.id, startedOn: '2022-01-05' };
    await t.deps.db.insert(monitoringCases).values([
      {
        ...base,
        id: uuidv7(),
        status: 'eliminated',
        category: 'marginal',
        dueOn: '2022-01-20',
        identifiedOn: '2022-01-18',
        eliminatedOn: '2022-02-10',
        eliminationMethod: 'natural',
      },
      {
        ...base,
        id: uuidv7(),
        status: 'monitored',
        category: 'sudden',
        dueOn: '2022-02-25',
        identifiedOn: '2022-02-20',
      },
    ]);

    const f = { month: MONTH };
    const read = async (def: LedgerDefinition, reading?: LedgerReading) => {
      const out: { number: unknown; row: Record<string, unknown> }[] = [];
      for await (const e of def.rows!(t.deps, freezeAssignments, f, reading))
        out.push({ number: e.row.householdNumber, row: e.row });
      return out;
    };
    const monitoring = await read(monitoringLedger);
    expect(monitoring.filter((r) => r.number === twice.householdNumber).map((r) => r.row.identifiedOn)).toEqual([
      '2022-01-18',
      '2022-02-20',
    ]);
    expect(monitoring.map((r) => r.number)).toEqual([
      hh.a2!.householdNumber,
      twice.householdNumber,
      twice.householdNumber,
    ]);
    // Pages of one and two rows put a boundary between the household's two rows: same rows, none lost or repeated.
    for (const pageSize of [1, 2])
      for (const readAhead of [false, true])
        expect(await read(monitoringLedger, { pageSize, readAhead }), `page size ${pageSize}`).toEqual(monitoring);
    expect(await monitoringLedger.count!(t.deps, freezeAssignments, f)).toBe(3);

    // 后续扶持台账 read set-based page by page: the same rows whatever the page size.
    const support = await read(supportLedger);
    expect(support).toHaveLength(6);
    for (const pageSize of [1, 4])
      for (const readAhead of [false, true])
        expect(await read(supportLedger, { pageSize, readAhead }), `page size ${pageSize}`).toEqual(support);
    expect(await supportLedger.count!(t.deps, freezeAssignments, f)).toBe(6);

    // The page's total (a count: 琴江's month is frozen, 屏山 live) is the number of rows, for every scope.
    for (const agent of [lead, clerk, manager]) {
      for (const kind of ['support', 'monitoring', 'revisits'] as const) {
        const all = await page(agent, kind, `month=${MONTH}&pageSize=200`);
        expect(all.total, kind).toBe(all.items.length);
        const last = await page(agent, kind, `month=${MONTH}&pageSize=1&page=${all.total}`);
        expect(last.items, kind).toEqual(all.items.slice(-1));
      }
    }
    const county = await page(lead, 'monitoring', `month=${MONTH}&pageSize=200`);
    expect(county.frozen.map((x) => x.townshipCode)).toEqual([QINJIANG]);
    expect(county.total).toBe(3);
  });
});
