import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch, ImportRowPage, ImportRowResult } from '@anzhi/contracts/imports';
import type { Site } from '@anzhi/contracts/org';
import type { Household, HouseholdListItem } from '@anzhi/contracts/registry';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { auditEvents } from '../../platform/audit/audit.table';
import { multipart } from '../../platform/files/testing/multipart';
import { startJobRunner, type JobRunner } from '../../platform/jobs/job-runner';
import { appJobRegistry } from '../../platform/jobs/job-kinds';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { divisions } from '../org/org.table';
import { personLabour } from '../registry/registry-facts.table';
import { householdMembers, households, persons } from '../registry/registry.table';
import { insertAssignment } from '../users/role-assignments.service';
import { importRows } from './imports.table';
import { registryCsv, registryXlsx, type SheetValues } from './sample-workbook';

const QINJIANG = '360735100000';
const GANJIANGYUAN_NAME = '赣江源镇';

let seq = 0;
/** A fresh valid ID number. */
function idNo(birth: string, male = true): string {
  seq += 1;
  return makeIdNumber('360735', birth, ((seq * 2) % 1000) + (male ? 1 : 0));
}
let hh = 0;
const nextNumber = () => `IMP${String((hh += 1)).padStart(6, '0')}`;

describe.skipIf(engineUnavailable())(`staged registry import on ${engine}`, () => {
  let t: TestApp;
  let runner: JobRunner;
  let lead: Agent;
  let managerA: Agent;
  const site: Record<'a' | 'b', Site> = {} as never;
  let originText: string;
  let dispersedVillage: { code: string; name: string; shortName: string };

  async function agentFor(assignments: { role: Parameters<typeof insertAssignment>[2]['role']; siteId?: string }[]) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return agent;
  }

  async function upload(agent: Agent, filename: string, content: Buffer | string): Promise<ImportBatch> {
    const { body, headers } = multipart({}, { filename, content });
    const res = await agent.request('POST', '/api/v1/imports', body, headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ImportBatch>();
  }

  async function waitFor(agent: Agent, id: string, statuses: ImportBatch['status'][]): Promise<ImportBatch> {
    for (let i = 0; i < 1200; i += 1) {
      const res = await agent.get(`/api/v1/imports/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      const b = res.json<ImportBatch>();
      if (statuses.includes(b.status)) return b;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`batch ${id} never reached ${statuses.join('/')}`);
  }

  async function dryRun(agent: Agent, filename: string, content: Buffer | string) {
    const b = await upload(agent, filename, content);
    return waitFor(agent, b.id, ['parsed', 'failed']);
  }

  async function rowsOf(agent: Agent, id: string, cls?: string): Promise<ImportRowResult[]> {
    const res = await agent.get(`/api/v1/imports/${id}/rows?pageSize=200${cls ? `&class=${cls}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ImportRowPage>().items;
  }

  async function confirm(agent: Agent, id: string): Promise<ImportBatch> {
    const res = await agent.post(`/api/v1/imports/${id}/confirm`);
    expect(res.statusCode, res.body).toBe(200);
    return waitFor(agent, id, ['applied', 'failed']);
  }

  async function registryCounts() {
    const count = async (table: typeof households | typeof persons | typeof householdMembers | typeof personLabour) =>
      (await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
    return {
      households: await count(households),
      persons: await count(persons),
      members: await count(householdMembers),
      labour: await count(personLabour),
    };
  }

  async function findHousehold(agent: Agent, number: string): Promise<Household | null> {
    const res = await agent.get(`/api/v1/households?q=${number}`);
    const items = res.json<{ items: HouseholdListItem[] }>().items;
    if (items.length === 0) return null;
    return (await agent.get(`/api/v1/households/${items[0]!.id}`)).json<Household>();
  }

  /** A household of the site: head, spouse, child (household columns on the head's row only). */
  function family(number: string, siteName: string, extra: SheetValues = {}): SheetValues[] {
    return [
      {
        householdNumber: number,
        township: '琴江镇',
        site: siteName,
        placement: '集中安置',
        address: '3栋2单元1203',
        originVillage: originText,
        relocationYear: 2019,
        category: '搬迁脱贫户',
        housingType: '套房',
        floorArea: 100,
        name: '赖建国',
        idNumber: idNo('19800520'),
        relation: '户主',
        labourCapacity: '普通劳动力',
        employmentStatus: '省外务工',
        employmentPlace: '广东省东莞市',
        monthlyIncome: 5200,
        phone: '13807971111',
        ...extra,
      },
      {
        name: '黄秀英',
        idNumber: idNo('19820311', false),
        relation: '配偶',
        labourCapacity: '普通劳动力',
        health: '长期慢性病',
      },
      {
        name: '赖子轩',
        idNumber: idNo('20100101'),
        relation: '之子',
        labourCapacity: '无劳动力',
        studentStatus: '小学',
      },
    ];
  }

  beforeAll(async () => {
    t = await buildTestApp(); // today is 2022-03-15 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const key of ['a', 'b'] as const) {
      const res = await a.post('/api/v1/sites', { name: `导入测试点${key}`, townshipCode: QINJIANG, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      site[key] = res.json<Site>();
    }
    const [origin] = await t.deps.db
      .select()
      .from(divisions)
      .where(and(eq(divisions.level, 'village'), eq(divisions.parentCode, QINJIANG)))
      .limit(1);
    originText = `琴江镇${origin!.shortName}`;
    const [gjy] = await t.deps.db.select().from(divisions).where(eq(divisions.name, GANJIANGYUAN_NAME)).limit(1);
    const [v] = await t.deps.db
      .select()
      .from(divisions)
      .where(and(eq(divisions.level, 'village'), eq(divisions.parentCode, gjy!.code)))
      .limit(1);
    dispersedVillage = { code: v!.code, name: v!.name, shortName: v!.shortName };
    lead = await agentFor([{ role: 'county_lead' }]);
    managerA = await agentFor([{ role: 'site_manager', siteId: site.a.id }]);
    runner = startJobRunner(t.deps, appJobRegistry, { pollMs: 20, heartbeatMs: 50, schedule: false });
  });
  afterAll(async () => {
    await runner?.stop();
    await t?.close();
  });

  it('serves a template with the registry columns, instructions and code lists; a filled template imports', async () => {
    const res = await lead.get('/api/v1/imports/registry/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['花名册', '说明', '代码表']);
    const sheet = wb.getWorksheet('花名册')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['户编号', '乡镇', '安置点', '安置方式']);
    expect(headers).toContain('身份证号');
    expect(sheet.getColumn(headers.indexOf('身份证号') + 1).numFmt).toBe('@');
    expect((wb.getWorksheet('代码表')!.getRow(1).values as unknown[]).slice(1)).toContain('劳动能力');

    // The clerk fills the template itself.
    const number = nextNumber();
    const rows = family(number, site.a.name);
    rows.forEach((r, i) => {
      const row = sheet.getRow(i + 2);
      headers.forEach((h, c) => {
        const key = Object.entries({
          户编号: 'householdNumber',
          乡镇: 'township',
          安置点: 'site',
          安置方式: 'placement',
          安置地址: 'address',
          '迁出地（村）': 'originVillage',
          搬迁年份: 'relocationYear',
          搬迁类型: 'category',
          安置房类型: 'housingType',
          '住房面积（㎡）': 'floorArea',
          姓名: 'name',
          身份证号: 'idNumber',
          与户主关系: 'relation',
          劳动能力: 'labourCapacity',
          健康状况: 'health',
          在校生情况: 'studentStatus',
          务工状态: 'employmentStatus',
          务工地点: 'employmentPlace',
          '月收入（元）': 'monthlyIncome',
          联系电话: 'phone',
        }).find(([label]) => label === h)?.[1] as keyof SheetValues | undefined;
        if (key && r[key] !== undefined) row.getCell(c + 1).value = r[key];
      });
      row.commit();
    });
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await registryCounts();
    const batch = await dryRun(lead, '花名册.xlsx', filled);
    expect(batch.status, batch.error ?? '').toBe('parsed');
    expect(batch.counts).toMatchObject({ rows: 3, new: 3, changed: 0, unchanged: 0, error: 0, households: 1 });
    // The dry run wrote nothing to the registry.
    expect(await registryCounts()).toEqual(before);
    const listed = await rowsOf(lead, batch.id);
    expect(listed[0]!.idNumber).toMatch(/^360735\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(listed)).not.toContain(rows[0]!.idNumber as string);

    const applied = await confirm(lead, batch.id);
    expect(applied.counts).toMatchObject({ new: 3, householdsApplied: 1 });
    const h = await findHousehold(lead, number);
    expect(h).toMatchObject({ placement: '集中安置', siteId: site.a.id, building: '3栋', unit: '2单元', room: '1203' });
    expect(h!.members.map((m) => m.relation).sort()).toEqual(['子', '户主', '配偶'].sort());
    const head = h!.members.find((m) => m.relation === '户主')!;
    expect(head.employment).toMatchObject({ status: '省外', place: '广东省东莞市', monthlyIncome: 5200 });
    // The staged ciphertexts are written as they are; the household's phone is its head's (one blind index).
    const { cipher } = t.deps;
    const [headRow] = await t.deps.db.select().from(persons).where(eq(persons.id, head.personId));
    const [householdRow] = await t.deps.db.select().from(households).where(eq(households.id, h!.id));
    expect(cipher.decrypt(headRow!.idNumberEnc!)).toBe(rows[0]!.idNumber);
    expect(headRow!.idNumberBidx).toBe(cipher.blindIndex(rows[0]!.idNumber as string));
    expect(cipher.decrypt(headRow!.phoneEnc!)).toBe('13807971111');
    expect(headRow!.phoneBidx).toBe(cipher.blindIndex('13807971111'));
    expect(cipher.decrypt(householdRow!.phoneEnc!)).toBe('13807971111');
    expect(householdRow!.phoneBidx).toBe(cipher.blindIndex('13807971111'));
    const events = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'import.applied'));
    const batchEvent = events.find((e) => e.entities.some((x) => x.id === batch.id))!;
    expect(batchEvent.entities[0]!.after).toMatchObject({ new: 3, rows: 3, fileName: '花名册.xlsx' });
    const perHousehold = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'import.apply'));
    expect(perHousehold.some((e) => e.entities.some((x) => x.type === 'household' && x.id === h!.id))).toBe(true);
  }, 180_000);

  it('re-importing the same file changes nothing; a changed file shows and applies the changed fields', async () => {
    const number = nextNumber();
    const rows = family(number, site.a.name);
    const file = await registryXlsx(rows);
    await confirm(lead, (await dryRun(lead, 'first.xlsx', file)).id);
    const before = await registryCounts();
    const again = await dryRun(lead, 'again.xlsx', file);
    expect(again.counts).toMatchObject({ rows: 3, new: 0, changed: 0, unchanged: 3, error: 0 });
    const appliedAgain = await confirm(lead, again.id);
    expect(appliedAgain.status).toBe('applied');
    expect(await registryCounts()).toEqual(before);

    // Labour capacity of the spouse and the floor area change; a fourth member is added; nobody is removed.
    const changedRows = rows.map((r) => ({ ...r }));
    changedRows[0]!.floorArea = 120;
    changedRows[1]!.labourCapacity = '弱劳动力或半劳动力';
    const newcomer = {
      name: '赖小梅',
      idNumber: idNo('20210301', false),
      relation: '之女',
      labourCapacity: '无劳动力',
    };
    const withoutChild = [changedRows[0]!, changedRows[1]!, newcomer];
    const changed = await dryRun(lead, 'changed.xlsx', await registryXlsx(withoutChild));
    expect(changed.counts).toMatchObject({ rows: 3, new: 1, changed: 2, unchanged: 0, error: 0 });
    const result = await rowsOf(lead, changed.id, 'changed');
    expect(result.find((r) => r.personName === '黄秀英')!.changes).toEqual([
      { field: 'labourCapacity', label: '劳动能力', old: '普通劳动力', new: '弱劳动力或半劳动力' },
    ]);
    expect(result.find((r) => r.personName === '赖建国')!.changes).toEqual([
      { field: 'floorArea', label: '住房面积（㎡）', old: '100', new: '120' },
    ]);
    await confirm(lead, changed.id);
    const h = (await findHousehold(lead, number))!;
    expect(h.floorArea).toBe(120);
    expect(h.memberCount).toBe(4); // the child absent from the file stays
    expect(h.members.find((m) => m.name === '黄秀英')!.labourCapacity).toBe('弱劳动力或半劳动力');
    const spouse = h.members.find((m) => m.name === '黄秀英')!;
    const facts = await t.deps.db.select().from(personLabour).where(eq(personLabour.personId, spouse.personId));
    expect(facts.map((f) => [f.labourCapacity, f.validTo]).sort()).toEqual(
      [
        ['普通劳动力', '2022-03-15'],
        ['弱劳动力或半劳动力', null],
      ].sort(),
    );
  }, 240_000);

  it('reports every error class with a Chinese reason naming the row and skips those households whole', async () => {
    const elsewhere = nextNumber();
    const elsewhereId = idNo('19700101');
    // A person registered at site b (outside site manager a's scope).
    const created = await lead.post('/api/v1/households', {
      householdNumber: elsewhere,
      category: '搬迁脱贫户',
      relocationYear: 2019,
      originVillageCode: (await t.deps.db.select().from(divisions).where(eq(divisions.level, 'village')).limit(1))[0]!
        .code,
      placement: '集中安置',
      siteId: site.b.id,
      housingType: '套房',
      members: [{ relation: '户主', person: { name: '外点人', idNumber: elsewhereId, labourCapacity: '普通劳动力' } }],
    });
    expect(created.statusCode, created.body).toBe(201);

    const good = nextNumber();
    const base = (number: string, extra: SheetValues = {}): SheetValues => ({
      ...family(number, site.a.name)[0]!,
      ...extra,
    });
    const dup = idNo('19900101');
    const bad = idNo('19850101');
    const cases: [string, SheetValues[], RegExp][] = [
      [
        'check digit',
        [base(nextNumber(), { idNumber: `${bad.slice(0, 17)}${bad[17] === '0' ? '1' : '0'}` })],
        /身份证号.*校验码错误/,
      ],
      [
        'excel number',
        [base(nextNumber(), { idNumber: 3.60735199001011e17 })],
        /身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重新填写/,
      ],
      ['excel text', [base(nextNumber(), { idNumber: '3.60735E+17' })], /身份证号被 Excel 存成了数字/],
      ['15 digits', [base(nextNumber(), { idNumber: '360735800101001' })], /15 位/],
      ['no name', [base(nextNumber(), { name: null })], /姓名不能为空/],
      ['code list', [base(nextNumber(), { labourCapacity: '很强' })], /劳动能力“很强”不在代码表中/],
      ['date', [base(nextNumber(), { certificateDate: '2022-02-30' })], /发证日期“2022-02-30”不是有效日期/],
      ['future date', [base(nextNumber(), { certificateDate: '2023-01-01' })], /发证日期不能晚于今天/],
      ['unknown site', [base(nextNumber(), { site: '不存在的安置点' })], /安置点“不存在的安置点”未找到/],
      ['site without placement rule', [base(nextNumber(), { site: null })], /集中安置的户须填写安置点/],
      [
        'dispersed with site',
        [base(nextNumber(), { placement: '分散安置', destinationVillage: null })],
        /分散安置的户不填安置点/,
      ],
      ['unknown origin', [base(nextNumber(), { originVillage: '火星村' })], /迁出地（村）“火星村”未找到/],
      ['phone', [base(nextNumber(), { phone: '12345' })], /联系电话/],
      ['other scope', [base(nextNumber(), { idNumber: elsewhereId })], /^第\d+行：已在其他辖区登记$/],
      ['out of scope site', [base(nextNumber(), { site: site.b.name })], /不能导入本人负责范围以外的搬迁户/],
      [
        'two heads',
        ((n) => [
          base(n),
          {
            householdNumber: n,
            name: '二号户主',
            idNumber: idNo('19810101'),
            relation: '户主',
            labourCapacity: '普通劳动力',
          },
        ])(nextNumber()),
        /应有且只有一名户主（表中有 2 名）/,
      ],
      [
        'duplicate in file',
        [
          base(nextNumber(), { idNumber: dup }),
          { name: '重复', idNumber: dup, relation: '配偶', labourCapacity: '普通劳动力' },
        ],
        /身份证号与第\d+行重复/,
      ],
      ['disability grade', [base(nextNumber(), { health: '残疾' })], /健康状况为残疾时需填写残疾等级/],
      ['relocation year', [base(nextNumber(), { relocationYear: 1990 })], /搬迁年份“1990”无效/],
    ];
    const goodRows = family(good, site.a.name);
    const all = [...goodRows, ...cases.flatMap(([, r]) => r)];
    const batch = await dryRun(managerA, 'errors.xlsx', await registryXlsx(all));
    expect(batch.status, batch.error ?? '').toBe('parsed');
    const results = await rowsOf(managerA, batch.id);
    let row = 3 + 2; // header on row 1, the good household on rows 2–4
    for (const [label, r, pattern] of cases) {
      const messages = results
        .filter((x) => x.rowNumber >= row && x.rowNumber < row + r.length)
        .flatMap((x) => x.errors);
      expect(
        messages.some((m) => pattern.test(m) && m.startsWith('第')),
        `${label}: ${messages.join(' | ')}`,
      ).toBe(true);
      row += r.length;
    }
    expect(
      results.filter((r) => r.householdNumber === good).every((r) => r.class === 'new' && !r.householdSkipped),
    ).toBe(true);
    // Rows of an erroneous household that have no error themselves are still skipped.
    const twoHeads = results.filter(
      (r) => r.householdNumber === results.find((x) => x.errors.some((m) => /2 名/.test(m)))!.householdNumber,
    );
    expect(twoHeads.length).toBe(2);
    expect(twoHeads.every((r) => r.householdSkipped)).toBe(true);
    expect(batch.counts.householdsWithErrors).toBe(cases.length);

    const before = await registryCounts();
    const applied = await confirm(managerA, batch.id);
    expect(applied.counts.householdsApplied).toBe(1);
    const after = await registryCounts();
    expect(after.households - before.households).toBe(1);
    expect(after.persons - before.persons).toBe(3);

    // The error report is the uploaded workbook with an error column.
    const res = await managerA.get(`/api/v1/imports/${batch.id}/errors.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const lastCol = sheet.columnCount;
    expect(sheet.getCell(1, lastCol).value).toBe('错误信息');
    expect(sheet.getCell(2, lastCol).value ?? null).toBeNull();
    expect(sheet.getCell(5, lastCol).text).toMatch(/^第5行：身份证号.*校验码错误/);
    expect(sheet.getCell(5, 1).value).toBe(all[3]!.householdNumber);

    // LibreOffice opens it, and the error column is there.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-import-errors-'));
    try {
      const xlsx = path.join(dir, 'errors.xlsx');
      fs.writeFileSync(xlsx, res.rawPayload);
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/profile`,
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          dir,
          xlsx,
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const csv = fs.readFileSync(path.join(dir, 'errors.csv'), 'utf8');
      expect(csv.split('\n')[0]).toContain('错误信息');
      expect(csv).toContain('第5行：身份证号');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('takes county files as they are: title rows, a two-row merged header, full-width text, old township names, dates', async () => {
    const dispersed = nextNumber();
    const central = nextNumber();
    const headId = idNo('19750505');
    const rows: SheetValues[] = [
      {
        householdNumber: ` ${dispersed} `,
        township: '岩岭乡', // the old name of 赣江源镇
        placement: '分散安置',
        destinationVillage: `岩岭乡${dispersedVillage.shortName}`,
        originVillage: `\u3000${originText}\u3000`, // ideographic spaces
        relocationYear: '２０１８年',
        category: '同步搬迁户',
        housingType: '一户一宅',
        floorArea: '１２０.５',
        certificateDate: '2020年3月1日',
        oldHouseStatus: '已拆除已复垦',
        name: '刘 德 华',
        idNumber: headId.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)), // full-width digits
        relation: '户主',
        labourCapacity: ' 技能劳动力 ',
        politicalStatus: '中共党员',
        education: '大专及以上',
        medicalInsurance: '是',
        dibao: '否',
      },
      { name: '刘妻', idNumber: idNo('19770707', false), relation: '配偶', labourCapacity: '普通劳动力' },
      {
        householdNumber: central,
        township: '琴江镇',
        site: site.a.name,
        placement: '集中',
        address: '５栋１单元３０１',
        originVillage: originText,
        relocationYear: 2020,
        category: '搬迁脱贫户',
        housingType: '套房',
        certificateDate: new Date(Date.UTC(2021, 5, 1)),
        name: '张三',
        idNumber: idNo('19600101'),
        relation: '户主',
        labourCapacity: '普通劳动力',
      },
      { name: '张四', idNumber: idNo('19620202', false), relation: '之儿媳', labourCapacity: '普通劳动力' },
    ];
    const file = await registryXlsx(rows, {
      titleRows: ['石城县易地扶贫搬迁户花名册', '填报单位：赣江源镇'],
      twoRowHeader: true,
    });
    const batch = await dryRun(lead, '县里的花名册.xlsx', file);
    expect(batch.status, batch.error ?? '').toBe('parsed');
    const results = await rowsOf(lead, batch.id);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(batch.counts).toMatchObject({ rows: 4, new: 4, households: 2 });
    expect(results.map((r) => r.rowNumber)).toEqual([5, 6, 7, 8]); // two title rows, two header rows
    await confirm(lead, batch.id);
    const d = (await findHousehold(lead, dispersed))!;
    expect(d).toMatchObject({
      placement: '分散安置',
      destinationVillageCode: dispersedVillage.code,
      category: '同步搬迁户',
      relocationYear: 2018,
      floorArea: 120.5,
      certificateDate: '2020-03-01',
      oldHouseStatus: '已拆除复垦',
    });
    expect(d.members.map((m) => m.name).sort()).toEqual(['刘德华', '刘妻'].sort());
    expect(d.members.find((m) => m.name === '刘德华')!.documentNumber).toBe(`360735********${headId.slice(14)}`);
    const c = (await findHousehold(lead, central))!;
    expect(c).toMatchObject({ building: '5栋', unit: '1单元', room: '301', certificateDate: '2021-06-01' });
    expect(c.members.find((m) => m.name === '张四')!.relation).toBe('其他');
  }, 180_000);

  it('reads CSV in UTF-8 (with BOM, quoted fields) and in GBK', async () => {
    const n1 = nextNumber();
    const rows = family(n1, site.a.name, { employmentPlace: '广东省东莞市, 长安镇 "五金厂"' });
    const utf8 = await dryRun(lead, 'utf8.csv', `\uFEFF${registryCsv(rows)}`);
    expect(utf8.counts, JSON.stringify(await rowsOf(lead, utf8.id))).toMatchObject({ rows: 3, new: 3, error: 0 });
    await confirm(lead, utf8.id);
    const h = (await findHousehold(lead, n1))!;
    expect(h.members.find((m) => m.relation === '户主')!.employment?.place).toBe('广东省东莞市, 长安镇 "五金厂"');

    const n2 = nextNumber();
    const text = registryCsv(family(n2, site.a.name));
    const encoded = gbkEncode(text);
    const batch = await dryRun(lead, 'gbk.csv', encoded);
    expect(batch.counts, JSON.stringify(await rowsOf(lead, batch.id))).toMatchObject({ rows: 3, new: 3, error: 0 });
    expect((await rowsOf(lead, batch.id))[0]!.personName).toBe('赖建国');
  }, 180_000);

  it('documents the import endpoints in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/imports',
        '/api/v1/imports/registry/template',
        '/api/v1/imports/{id}',
        '/api/v1/imports/{id}/rows',
        '/api/v1/imports/{id}/confirm',
        '/api/v1/imports/{id}/cancel',
        '/api/v1/imports/{id}/errors.xlsx',
      ]),
    );
  });

  it('a cancelled import writes nothing and cannot be confirmed', async () => {
    const before = await registryCounts();
    const batch = await dryRun(lead, 'cancel.xlsx', await registryXlsx(family(nextNumber(), site.a.name)));
    const res = await lead.post(`/api/v1/imports/${batch.id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ImportBatch>().status).toBe('cancelled');
    expect((await lead.post(`/api/v1/imports/${batch.id}/confirm`)).statusCode).toBe(409);
    expect(await registryCounts()).toEqual(before);
  }, 180_000);

  it('a site manager sees only their own batches; a file without a header fails with a reason', async () => {
    const mine = await upload(lead, 'lead.xlsx', await registryXlsx(family(nextNumber(), site.a.name)));
    expect((await managerA.get(`/api/v1/imports/${mine.id}`)).statusCode).toBe(404);
    const list = (await managerA.get('/api/v1/imports')).json<{ items: ImportBatch[] }>();
    expect(list.items.some((b) => b.id === mine.id)).toBe(false);
    expect(
      (await lead.get('/api/v1/imports')).json<{ items: ImportBatch[] }>().items.some((b) => b.id === mine.id),
    ).toBe(true);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['随便', '什么']);
    const failed = await dryRun(lead, 'noheader.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/未找到表头/);
    const staged = await t.deps.db.select().from(importRows).where(eq(importRows.batchId, failed.id));
    expect(staged).toEqual([]);
    // Only .xlsx and .csv are accepted.
    const { body, headers } = multipart({ id: uuidv7() }, { filename: 'x.pdf', content: '%PDF-1.4' });
    expect((await lead.request('POST', '/api/v1/imports', body, headers)).statusCode).toBe(400);
  }, 180_000);
});

/** GBK bytes of a string (Node has no GBK encoder: the CSV is written the way Excel on Chinese Windows saves it). */
function gbkEncode(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi += 1) {
    for (let lo = 0x40; lo <= 0xfe; lo += 1) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.from([hi, lo]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
