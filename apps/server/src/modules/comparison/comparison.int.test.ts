import { and, desc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonBatch, ComparisonKind, ComparisonWarning, Deliberation } from '@anzhi/contracts/comparison';
import type { Site } from '@anzhi/contracts/org';
import type { Household } from '@anzhi/contracts/registry';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { multipart, upload as uploadFile } from '../../platform/files/testing/multipart';
import { startJobRunner, type JobRunner } from '../../platform/jobs/job-runner';
import { appJobRegistry } from '../../platform/jobs/job-kinds';
import { inboxItems } from '../../platform/notifications/notifications.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { monitoringClues } from '../monitoring/monitoring.table';
import { divisions } from '../org/org.table';
import { resolveUnitName } from '../org/units.service';
import { insertAssignment } from '../users/role-assignments.service';
import { evaluateChainRule } from './comparison.service';
import { comparisonBatches, comparisonRows, comparisonWarnings } from './comparison.table';

const QINJIANG = '360735100000';
const ORIGIN_VILLAGE = '360735101002';

let counter = 300;
function idNumber(birth: string, male: boolean): string {
  counter += 1;
  return makeIdNumber('360735', birth, ((counter * 2) % 1000) + (male ? 1 : 0));
}
/** Full-width digits, as some department exports carry them. */
const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe.skipIf(engineUnavailable())(`department data comparison on ${engine}`, () => {
  let t: TestApp;
  let runner: JobRunner;
  let lead: Agent;
  let yibao: Agent;
  let minzheng: Agent;
  let manager: Agent;
  let clerk: Agent;
  let siteId: string;
  const ids = {
    head: idNumber('19700304', true),
    spouse: idNumber('19720811', false),
    child: idNumber('20150601', true),
    other: idNumber('19650101', true),
    dispersed: idNumber('19800505', false),
  };
  const hh: Record<string, Household> = {};

  async function agentFor(
    assignments: {
      role: 'county_lead' | 'township' | 'site_manager' | 'department';
      divisionCode?: string;
      siteId?: string;
      unitId?: string;
    }[],
  ) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return agent;
  }

  async function upload(
    agent: Agent,
    kindKey: string,
    month: string,
    filename: string,
    content: Buffer | string,
    extra: Record<string, string> = {},
  ) {
    const { body, headers } = multipart({ id: uuidv7(), kindKey, month, ...extra }, { filename, content });
    return agent.request('POST', '/api/v1/comparison/batches', body, headers);
  }

  async function waitFor(agent: Agent, id: string): Promise<ComparisonBatch> {
    for (let i = 0; i < 600; i += 1) {
      const res = await agent.get(`/api/v1/comparison/batches/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      const b = res.json<ComparisonBatch>();
      if (['processed', 'failed', 'withdrawn'].includes(b.status)) return b;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`batch ${id} never finished`);
  }

  async function process(agent: Agent, kindKey: string, month: string, filename: string, content: Buffer | string) {
    const res = await upload(agent, kindKey, month, filename, content);
    expect(res.statusCode, res.body).toBe(201);
    return waitFor(agent, res.json<ComparisonBatch>().id);
  }

  const warningsOf = async (agent: Agent, query: string) => {
    const res = await agent.get(`/api/v1/comparison/warnings?pageSize=200&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: ComparisonWarning[]; total: number }>();
  };

  const medicalCsv = (rows: [string, string, number][]) =>
    [
      '身份证号码,姓名,就诊日期,个人自付',
      ...rows.map(([id, name, amount]) => `${id},${name},2026-03-02,${amount}`),
    ].join('\n');

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-03-10T02:00:00Z') });
    runner = startJobRunner(t.deps, appJobRegistry, { pollMs: 20, heartbeatMs: 50, schedule: false });
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    const s = await a.post('/api/v1/sites', { name: '比对测试安置点', townshipCode: QINJIANG, type: '中心集镇' });
    expect(s.statusCode, s.body).toBe(201);
    siteId = s.json<Site>().id;
    const [village] = await t.deps.db.select().from(divisions).where(eq(divisions.parentCode, QINJIANG)).limit(1);
    const yb = (await resolveUnitName(t.deps.db, '县医保局'))!;
    const mz = (await resolveUnitName(t.deps.db, '县民政局'))!;
    lead = await agentFor([{ role: 'county_lead' }]);
    yibao = await agentFor([{ role: 'department', unitId: yb.id }]);
    minzheng = await agentFor([{ role: 'department', unitId: mz.id }]);
    manager = await agentFor([{ role: 'site_manager', siteId }]);
    clerk = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    const member = (relation: string, name: string, idNo: string) => ({
      relation,
      validFrom: '2019-10-01',
      person: { name, idNumber: idNo, labourCapacity: '普通劳动力' },
    });
    const base = {
      category: '搬迁脱贫户',
      relocationYear: 2019,
      originVillageCode: ORIGIN_VILLAGE,
      housingType: '套房',
      handoverDate: '2019-10-01',
    };
    const bodies: [string, unknown][] = [
      [
        'a',
        {
          ...base,
          householdNumber: 'CMP000001',
          placement: '集中安置',
          siteId,
          members: [
            member('户主', '赖春生', ids.head),
            member('配偶', '温秀英', ids.spouse),
            member('子', '赖小明', ids.child),
          ],
        },
      ],
      [
        'b',
        {
          ...base,
          householdNumber: 'CMP000002',
          placement: '集中安置',
          siteId,
          members: [member('户主', '黄建国', ids.other)],
        },
      ],
      [
        'd',
        {
          ...base,
          householdNumber: 'CMP000003',
          placement: '分散安置',
          destinationVillageCode: village!.code,
          housingType: '一户一宅',
          members: [member('户主', '李冬梅', ids.dispersed)],
        },
      ],
    ];
    for (const [key, body] of bodies) {
      const res = await lead.post('/api/v1/households', body);
      expect(res.statusCode, res.body).toBe(201);
      hh[key] = res.json<Household>();
    }
  });
  afterAll(async () => {
    await runner?.stop();
    await t?.close();
  });

  it('lists the kinds as configuration, each department seeing which it may upload', async () => {
    const res = await yibao.get('/api/v1/comparison/kinds');
    expect(res.statusCode, res.body).toBe(200);
    const kinds = res.json<{ items: ComparisonKind[] }>().items;
    const units = new Set(kinds.map((k) => k.unitName));
    for (const u of [
      '县人社局',
      '县农业农村局',
      '县教科体局',
      '县住建局',
      '县水利局',
      '县民政局',
      '县卫健委',
      '县医保局',
      '县残联',
      '县公安局',
      '县应急管理局',
    ])
      expect(units.has(u), u).toBe(true);
    expect(kinds.find((k) => k.unitName === '县残联')?.inSeed).toBe(false);
    expect(kinds.filter((k) => k.canUpload).map((k) => k.unitName)).toEqual(['县医保局']);
    const medical = kinds.find((k) => k.key === 'yb_medical')!;
    expect(medical.rules[0]).toMatchObject({ id: 'YB01', type: 'cumulative_at_least', version: 1 });
  });

  it('maps a real-looking department sheet (title rows, extra and reordered columns, full-width) and reports every class', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('明细');
    ws.addRow(['县民政局2026年3月低保特困变动明细表']);
    ws.mergeCells('A1:F1');
    ws.addRow(['填报单位：县民政局', '', '', '填报日期：2026年3月5日']);
    ws.addRow(['序号', '变动情况', '保障类型', '姓  名', '公民身份号码', '备注']);
    ws.addRow([1, '停发', '低保', '赖春生', fullWidth(ids.head), '']); // matched (full-width ID), fires MZ01
    ws.addRow([2, '新增', '低保', '黄建国', ids.other.toLowerCase(), '']); // matched, no warning
    ws.addRow([3, '停发', '低保', '外县人', idNumber('19900101', true), '']); // unmatched
    ws.addRow([4, '停发', '低保', '错号', `${ids.head.slice(0, 17)}${ids.head.endsWith('0') ? '1' : '0'}`, '']); // invalid
    ws.addRow([5, '停发', '', '缺类型', ids.spouse, '']); // invalid: required column empty
    ws.addRow([6, '新增', '低保', '黄建国', ids.other, '']); // duplicate of row 5 (same number and values)
    ws.addRow([]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const b = await process(minzheng, 'mz_assistance', '2026-03', '民政3月.xlsx', buf);
    expect(b.status, b.error ?? '').toBe('processed');
    expect(b.headerRow).toBe(3);
    expect(b.mapping).toMatchObject({
      变动情况: 'change',
      保障类型: 'assistance',
      '姓  名': 'name',
      公民身份号码: 'idNumber',
    });
    expect(b.ignoredColumns).toEqual(expect.arrayContaining(['序号', '备注']));
    expect(b.counts).toEqual({ rows: 6, matched: 2, unmatched: 1, invalid: 2, duplicate: 1, warnings: 1 });

    const rows = await minzheng.get(`/api/v1/comparison/batches/${b.id}/rows?pageSize=50`);
    const items = rows.json<{
      items: { rowNumber: number; status: string; reason: string | null; idNumberMasked: string | null }[];
    }>().items;
    expect(items.find((r) => r.rowNumber === 6)).toMatchObject({ status: 'unmatched' });
    expect(items.find((r) => r.rowNumber === 7)?.status).toBe('invalid');
    expect(items.find((r) => r.rowNumber === 7)?.reason).toContain('校验码');
    expect(items.find((r) => r.rowNumber === 8)?.status).toBe('invalid');
    expect(items.find((r) => r.rowNumber === 8)?.reason).toContain('救助类型');
    expect(items.find((r) => r.rowNumber === 9)?.status).toBe('duplicate');
    expect(items.find((r) => r.rowNumber === 9)?.reason).toContain('第 5 行');
    for (const r of items) if (r.idNumberMasked) expect(r.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    // Unmatched rows keep the masked number only.
    const [stored] = await t.deps.db
      .select()
      .from(comparisonRows)
      .where(and(eq(comparisonRows.batchId, b.id), eq(comparisonRows.rowNumber, 6)));
    expect(stored).toMatchObject({ personName: null, values: null, personId: null, householdId: null });
    expect(stored!.idMasked).toContain('********');
    // So do duplicates; the first of the identical rows keeps its match.
    const [dup, first] = await t.deps.db
      .select()
      .from(comparisonRows)
      .where(and(eq(comparisonRows.batchId, b.id), inArray(comparisonRows.rowNumber, [9, 5])))
      .orderBy(desc(comparisonRows.rowNumber));
    expect(dup).toMatchObject({ personName: null, values: null, personId: null, householdId: null });
    expect(first).toMatchObject({ status: 'matched', personName: '黄建国', values: { assistance: '低保' } });
    expect(first!.personId).not.toBeNull();

    // The mapping is saved: next month's file with the same odd headers maps itself.
    const kinds = (await minzheng.get('/api/v1/comparison/kinds')).json<{ items: ComparisonKind[] }>().items;
    expect(kinds.find((k) => k.key === 'mz_assistance')?.savedMapping).toMatchObject({ 公民身份号码: 'idNumber' });

    const w = await warningsOf(manager, `batchId=${b.id}`);
    expect(w.items).toHaveLength(1);
    // Warnings are written set-based in SQL and still get UUIDv7 ids: version 7, the time of writing in front.
    const warningId = w.items[0]!.id;
    expect(warningId[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(warningId[19]);
    const writtenAt = parseInt(warningId.slice(0, 8) + warningId.slice(9, 13), 16);
    expect(Math.abs(writtenAt - Date.now())).toBeLessThan(10 * 60_000);
    expect(w.items[0]).toMatchObject({
      householdId: hh.a!.id,
      ruleId: 'MZ01',
      ruleVersion: 1,
      siteId,
      townshipCode: QINJIANG,
      status: 'new',
      overdue: false,
      values: { change: '停发', assistance: '低保', rowNumber: 4 },
    });
    expect(w.items[0]!.dueAt).toBe('2026-03-25T16:00:00.000Z');
    // The site manager got a to-do for the place.
    const inbox = await t.deps.db.select().from(inboxItems).where(eq(inboxItems.source, 'comparison'));
    expect(inbox.some((i) => i.title.includes('比对测试安置点'))).toBe(true);
  });

  it('lists the problem rows (every row not matched) in row order, a page at a time', async () => {
    // Its own kind-month (民政, December 2025) and no 停发: no warning that another case counts.
    const fresh = idNumber('19880808', false);
    const csv = [
      '身份证号码,姓名,救助类型,变动类型',
      `${ids.head},赖春生,低保,新增`, // row 2: matched
      `${idNumber('19910202', true)},外县人,低保,新增`, // row 3: unmatched
      `${ids.other},黄建国,低保,新增`, // row 4: matched
      `${ids.spouse.slice(0, 17)}${ids.spouse.endsWith('0') ? '1' : '0'},错号,低保,新增`, // row 5: invalid
      `${ids.child},赖小明,特困,新增`, // row 6: matched
      `${ids.other},黄建国,低保,新增`, // row 7: duplicate of row 4
      `${ids.dispersed},李冬梅,,新增`, // row 8: invalid, no 救助类型
      `${fresh},外县人二,特困,新增`, // row 9: unmatched
      `${ids.dispersed},李冬梅,特困,新增`, // row 10: matched
    ].join('\n');
    const b = await process(minzheng, 'mz_assistance', '2025-12', '民政12月.csv', csv);
    expect(b.status, b.error ?? '').toBe('processed');
    expect(b.counts).toEqual({ rows: 9, matched: 4, unmatched: 2, invalid: 2, duplicate: 1, warnings: 0 });

    type RowsPage = { items: { rowNumber: number; status: string }[]; total: number; page: number; pageSize: number };
    const rowsOf = async (query: string) => {
      const res = await minzheng.get(`/api/v1/comparison/batches/${b.id}/rows?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<RowsPage>();
    };
    const problem = await rowsOf('status=problem&pageSize=50');
    expect(problem.total).toBe(5);
    expect(problem.items.map((r) => [r.rowNumber, r.status])).toEqual([
      [3, 'unmatched'],
      [5, 'invalid'],
      [7, 'duplicate'],
      [8, 'invalid'],
      [9, 'unmatched'],
    ]);
    // Paged: the second page of two continues in row order, the total stays that of the filter.
    const second = await rowsOf('status=problem&page=2&pageSize=2');
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(second.items.map((r) => r.rowNumber)).toEqual([7, 8]);
    expect((await rowsOf('status=problem&page=3&pageSize=2')).items.map((r) => r.rowNumber)).toEqual([9]);
    // The single statuses and no filter still answer as before.
    const matched = await rowsOf('status=matched');
    expect(matched.total).toBe(4);
    expect(matched.items.map((r) => r.rowNumber)).toEqual([2, 4, 6, 10]);
    expect((await rowsOf('status=invalid')).items.map((r) => r.rowNumber)).toEqual([5, 8]);
    const all = await rowsOf('pageSize=50');
    expect(all.total).toBe(9);
    expect(all.items.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // An unknown filter is refused in Chinese, and the OpenAPI description lists `problem`.
    const bad = await minzheng.get(`/api/v1/comparison/batches/${b.id}/rows?status=wrong`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('结果筛选');
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const params = doc.json<{
      paths: Record<string, { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }>;
    }>().paths['/api/v1/comparison/batches/{id}/rows']!.get.parameters;
    expect(params.find((p) => p.name === 'status')?.schema.enum).toEqual([
      'matched',
      'unmatched',
      'invalid',
      'duplicate',
      'problem',
    ]);
  });

  it('a header the catalogue does not know needs a mapping; given once, it is used', async () => {
    const csv = `单位：县民政局\n证件号,人员,保障,变动原因\n${ids.spouse},温秀英,特困,停发\n`;
    const failed = await process(minzheng, 'mz_assistance', '2026-02', '民政2月.csv', csv);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('救助类型');
    const res = await upload(minzheng, 'mz_assistance', '2026-02', '民政2月.csv', csv, {
      mapping: JSON.stringify({ 保障: 'assistance', 变动原因: 'change' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const ok = await waitFor(minzheng, res.json<ComparisonBatch>().id);
    expect(ok.status, ok.error ?? '').toBe('processed');
    expect(ok.counts).toMatchObject({ rows: 1, matched: 1, warnings: 1 });
    // February's chain ended on 25 February: the warning is overdue.
    const w = await warningsOf(lead, `batchId=${ok.id}`);
    expect(w.items[0]).toMatchObject({ overdue: true, month: '2026-02' });
    expect((await warningsOf(lead, 'overdue=true')).items.map((x) => x.id)).toContain(w.items[0]!.id);
  });

  it('a cumulative rule fires across two months with its values', async () => {
    const feb = await process(
      yibao,
      'yb_medical',
      '2026-02',
      '医保2月.csv',
      medicalCsv([[ids.spouse, '温秀英', 6000]]),
    );
    expect(feb.counts).toMatchObject({ matched: 1, warnings: 0 });
    const mar = await process(
      yibao,
      'yb_medical',
      '2026-03',
      '医保3月.csv',
      medicalCsv([
        [ids.spouse, '温秀英', 2500],
        [ids.spouse, '温秀英', 2500.5],
        [ids.other, '黄建国', 800],
      ]),
    );
    expect(mar.counts).toMatchObject({ rows: 3, matched: 3, warnings: 1 });
    const w = (await warningsOf(manager, `batchId=${mar.id}`)).items;
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ ruleId: 'YB01', personName: '温秀英', householdId: hh.a!.id });
    expect(Number(w[0]!.values.cumulative)).toBeCloseTo(11000.5);
    expect(Number(w[0]!.values.threshold)).toBe(10000);
    expect(Object.keys(w[0]!.values.months as object).sort()).toEqual(['2026-02', '2026-03']);
  });

  it('a cumulative rule decides at the cent: exactly the amount fires, a cent below does not', async () => {
    // 3,333.33 + 3,333.32 + 3,333.35 is 10,000.00 exactly (not in binary floating point). In 2025: the rule sums by
    // year, and warns a person once a year.
    const apr = await process(
      yibao,
      'yb_medical',
      '2025-04',
      '医保2025年4月.csv',
      medicalCsv([
        [ids.head, '赖春生', 3333.33],
        [ids.head, '赖春生', 3333.32],
        [ids.head, '赖春生', 3333.35],
        [ids.other, '黄建国', 800],
        [ids.other, '黄建国', 9199.99],
      ]),
    );
    expect(apr.status, apr.error ?? '').toBe('processed');
    const w = (await warningsOf(lead, `batchId=${apr.id}`)).items;
    expect(w.map((x) => x.personName)).toEqual(['赖春生']);
    expect(Number(w[0]!.values.cumulative)).toBe(10000);
  });
  it('the same file again changes nothing; a later file supersedes the earlier and verified warnings stay', async () => {
    const csv = medicalCsv([
      [ids.head, '赖春生', 12000],
      [ids.dispersed, '李冬梅', 15000],
    ]);
    const first = await process(yibao, 'yb_medical', '2026-01', '医保1月.csv', csv);
    expect(first.counts.warnings).toBe(2);
    const again = await upload(yibao, 'yb_medical', '2026-01', '医保1月.csv', csv);
    expect(again.statusCode).toBe(200);
    expect(again.json<ComparisonBatch>().id).toBe(first.id);
    const batches = await t.deps.db.select().from(comparisonBatches).where(eq(comparisonBatches.month, '2026-01'));
    expect(batches).toHaveLength(1);

    // The dispersed household's warning went to the township; the site's to the site.
    const ws = (await warningsOf(lead, `batchId=${first.id}`)).items;
    const dispersed = ws.find((w) => w.householdId === hh.d!.id)!;
    expect(dispersed).toMatchObject({ siteId: null, townshipCode: QINJIANG });
    expect((await warningsOf(manager, `batchId=${first.id}`)).items.map((w) => w.householdId)).toEqual([hh.a!.id]);
    const verified = ws.find((w) => w.householdId === hh.a!.id)!;
    // The on-site verification carries its evidence: the file is then visible where the warning is, and only there.
    const evidence = await uploadFile(
      manager,
      { filename: '入户核实记录.csv', content: '核实事项,结果\n住院费用,属实\n' },
      { purpose: 'evidence' },
    );
    expect(evidence.statusCode, evidence.body).toBe(201);
    const evidenceId = evidence.json<{ id: string }>().id;
    const v = await manager.post(`/api/v1/comparison/warnings/${verified.id}/verification`, {
      result: 'confirmed',
      notes: '入户核实属实',
      attachmentId: evidenceId,
    });
    expect(v.statusCode, v.body).toBe(200);
    const seen = (await warningsOf(lead, `batchId=${first.id}`)).items.find((w) => w.id === verified.id)!;
    expect(seen.verification).toMatchObject({ result: 'confirmed', attachmentId: evidenceId });
    expect((await lead.get(`/api/v1/attachments/${evidenceId}`)).statusCode).toBe(200);
    expect((await yibao.get(`/api/v1/attachments/${evidenceId}`)).statusCode).toBe(404);
    // The site manager may not verify the township's dispersed household.
    expect(
      (await manager.post(`/api/v1/comparison/warnings/${dispersed.id}/verification`, { result: 'confirmed' }))
        .statusCode,
    ).toBe(404);

    const corrected = await process(
      yibao,
      'yb_medical',
      '2026-01',
      '医保1月（更正）.csv',
      medicalCsv([
        [ids.head, '赖春生', 12000],
        [ids.dispersed, '李冬梅', 300],
      ]),
    );
    expect(corrected.status).toBe('processed');
    const old = (await yibao.get(`/api/v1/comparison/batches/${first.id}`)).json<ComparisonBatch>();
    expect(old).toMatchObject({ status: 'superseded', supersededBy: corrected.id });
    const all = await t.deps.db.select().from(comparisonWarnings).where(eq(comparisonWarnings.month, '2026-01'));
    expect(all.map((w) => [w.id, w.status])).toEqual([[verified.id, 'verified']]);
  });

  it('a batch can be withdrawn before processing', async () => {
    await runner.stop();
    try {
      const res = await upload(yibao, 'yb_medical', '2026-04', '医保4月.csv', medicalCsv([[ids.head, '赖春生', 1]]));
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<ComparisonBatch>().id;
      const w = await yibao.post(`/api/v1/comparison/batches/${id}/withdraw`);
      expect(w.statusCode, w.body).toBe(200);
      expect(w.json<ComparisonBatch>().status).toBe('withdrawn');
    } finally {
      runner = startJobRunner(t.deps, appJobRegistry, { pollMs: 20, heartbeatMs: 50, schedule: false });
    }
  });

  it('a department user sees its own batches only, never the registry or the warnings', async () => {
    expect((await yibao.get('/api/v1/households')).statusCode).toBe(403);
    expect((await yibao.get(`/api/v1/households/${hh.a!.id}`)).statusCode).toBe(403);
    expect((await warningsOf(yibao, '')).total).toBe(0);
    const own = (await yibao.get('/api/v1/comparison/batches?pageSize=100')).json<{ items: ComparisonBatch[] }>().items;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((b) => b.unitName === '县医保局')).toBe(true);
    const mz = (await minzheng.get('/api/v1/comparison/batches?pageSize=100')).json<{ items: ComparisonBatch[] }>()
      .items;
    expect((await yibao.get(`/api/v1/comparison/batches/${mz[0]!.id}`)).statusCode).toBe(404);
    // Uploading another department's kind is refused.
    expect((await upload(yibao, 'mz_assistance', '2026-03', 'x.csv', 'a,b\n')).statusCode).toBe(403);
    // Verification and deliberation are not a department's.
    const anyWarning = (await warningsOf(lead, '')).items[0]!;
    expect(
      (await yibao.post(`/api/v1/comparison/warnings/${anyWarning.id}/verification`, { result: 'confirmed' }))
        .statusCode,
    ).toBe(403);
  });

  it('verified warnings go to the deliberation, which escalates chosen ones into monitoring clues in one action', async () => {
    const march = (await warningsOf(manager, 'month=2026-03&status=new')).items;
    expect(march.length).toBe(2); // MZ01 (赖春生) and YB01 (温秀英)
    const [confirm, reject] = march;
    expect(
      (
        await manager.post(`/api/v1/comparison/warnings/${confirm!.id}/verification`, {
          result: 'confirmed',
          notes: '住院属实',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await manager.post(`/api/v1/comparison/warnings/${reject!.id}/verification`, { result: 'already_known' }))
        .statusCode,
    ).toBe(200);
    // A site manager cannot deliberate; the township can.
    const body = {
      id: uuidv7(),
      townshipCode: QINJIANG,
      month: '2026-03',
      heldOn: '2026-03-10',
      participants: '镇党委书记、镇长、安置点管理员',
      notes: '研判3月部门比对预警',
      escalateWarningIds: [confirm!.id],
    };
    expect((await manager.post('/api/v1/comparison/deliberations', body)).statusCode).toBe(403);
    // Only confirmed warnings can be escalated.
    expect(
      (
        await clerk.post('/api/v1/comparison/deliberations', {
          ...body,
          id: uuidv7(),
          escalateWarningIds: [reject!.id],
        })
      ).statusCode,
    ).toBe(409);
    const res = await clerk.post('/api/v1/comparison/deliberations', body);
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json<Deliberation>();
    expect(d).toMatchObject({ escalated: 1, dismissed: 1 });
    expect(d.clueIds).toHaveLength(1);
    const replay = await clerk.post('/api/v1/comparison/deliberations', body);
    expect(replay.statusCode).toBe(200);
    expect(replay.json<Deliberation>().id).toBe(d.id);

    const after = (await warningsOf(clerk, 'month=2026-03')).items;
    expect(after.find((w) => w.id === confirm!.id)).toMatchObject({
      status: 'escalated',
      clueId: d.clueIds[0],
      deliberationId: d.id,
    });
    expect(after.find((w) => w.id === reject!.id)).toMatchObject({ status: 'dismissed', deliberationId: d.id });
    // The clue follows the monitoring workflow: an open department_warning clue of the household.
    const [clue] = await t.deps.db.select().from(monitoringClues).where(eq(monitoringClues.id, d.clueIds[0]!));
    expect(clue).toMatchObject({
      householdId: confirm!.householdId,
      source: 'department_warning',
      sourceRef: confirm!.id,
      status: 'open',
      reportedOn: '2026-03-10',
    });
    expect(clue!.details).toMatchObject({ warningId: confirm!.id, ruleId: confirm!.ruleId });
  });

  it('the calendar shows per department and per place whether the chain was done by the 25th (R05)', async () => {
    const res = await lead.get('/api/v1/comparison/calendar?month=2026-03');
    expect(res.statusCode, res.body).toBe(200);
    const cal = res.json<{
      departments: { unitName: string; verdict: string; deliveredByDeadline: boolean }[];
      sites: {
        siteId: string | null;
        verdict: string;
        warnings: number;
        verifiedByDeadline: number;
        deliberationHeldOn: string | null;
      }[];
    }>();
    expect(cal.departments.find((d) => d.unitName === '县医保局')).toMatchObject({
      deliveredByDeadline: true,
      verdict: 'met',
    });
    expect(cal.departments.find((d) => d.unitName === '县水利局')).toMatchObject({
      deliveredByDeadline: false,
      verdict: 'pending',
    });
    const place = cal.sites.find((s) => s.siteId === siteId)!;
    expect(place).toMatchObject({ verdict: 'met', deliberationHeldOn: '2026-03-10' });
    expect(place.verifiedByDeadline).toBe(place.warnings);
    // The rules engine's month run of R05 judges the same departments and places for the whole county.
    const run = await evaluateChainRule(t.deps, '2026-03');
    expect(run.ruleId).toBe('R05');
    expect(run.results.length).toBe(cal.departments.length + cal.sites.length);
    // February's chain is over (today is 10 March): not delivered, or delivered late, is not met.
    const feb = (await lead.get('/api/v1/comparison/calendar?month=2026-02')).json<typeof cal>();
    expect(feb.departments.find((d) => d.unitName === '县水利局')?.verdict).toBe('not_met');
    expect(feb.departments.find((d) => d.unitName === '县医保局')).toMatchObject({
      deliveredByDeadline: false,
      verdict: 'not_met',
    });
    expect(feb.sites.every((s) => s.verdict === 'not_met')).toBe(true);
  });
});
