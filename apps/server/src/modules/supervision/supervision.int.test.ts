import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@anzhi/contracts/permissions';
import type { PlanItem, TaskInstance, TaskInstanceDetail } from '@anzhi/contracts/supervision';
import { uuidv7 } from '@anzhi/domain/ids';
import { Agent, buildTestApp, buildUser, type TestApp } from '../../test/harness';
import { upload } from '../../platform/files/testing/multipart';
import { inboxItems, notifications } from '../../platform/notifications/notifications.table';
import { sites, units } from '../org/org.table';
import { insertAssignment } from '../users/role-assignments.service';
import { taskInstances, taskReminders } from './supervision.table';
import { runSupervisionSweep } from './task-reminders';
import { taskLink } from './tasks.service';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';

let t: TestApp;
const unitIds = new Map<string, string>();

async function unitId(name: string): Promise<string> {
  if (!unitIds.has(name)) {
    const [u] = await t.deps.db.select().from(units).where(eq(units.name, name));
    unitIds.set(name, u!.id);
  }
  return unitIds.get(name)!;
}

/** A signed-in user holding the given assignments (unit by name, township by code). */
async function userWith(...scopes: { role: Role; unit?: string; divisionCode?: string }[]) {
  const u = await buildUser(t, { roles: [] });
  for (const s of scopes)
    await insertAssignment(
      t.deps.db,
      u.id,
      {
        role: s.role,
        divisionCode: s.divisionCode ?? null,
        siteId: null,
        unitId: s.unit ? await unitId(s.unit) : null,
      },
      t.clock.now(),
    );
  const a = new Agent(t.app);
  expect((await a.login(u.username, u.password)).statusCode).toBe(200);
  const user = { ...u, a };
  signedIn.push(user);
  return user;
}

const signedIn: { username: string; password: string; a: Agent }[] = [];

/** Moves the injected clock; sessions idle out over days, so everyone signs in again. */
async function setClock(iso: string) {
  t.clock.set(iso);
  for (const u of signedIn) expect((await u.a.login(u.username, u.password)).statusCode).toBe(200);
}

async function addSite(name: string, townshipCode: string, urbanCommunity = false) {
  await t.deps.db.insert(sites).values({
    id: uuidv7(),
    name,
    countyCode: '360735',
    townshipCode,
    type: '城镇安置区',
    urbanCommunity,
  });
}

let lead: Awaited<ReturnType<typeof userWith>>; // county_lead + 县乡村振兴局
let rsj: Awaited<ReturnType<typeof userWith>>; // 县人社局: lead of row 14
let jkt: Awaited<ReturnType<typeof userWith>>; // 县教科体局: responsible for row 14
let slj: Awaited<ReturnType<typeof userWith>>; // 县水利局: not on row 14
let qinjiang: Awaited<ReturnType<typeof userWith>>;
let planId: string;
let items: PlanItem[];

beforeAll(async () => {
  t = await buildTestApp({ now: new Date('2022-03-15T02:00:00Z') });
  await addSite('琴江测试安置点', QINJIANG);
  await addSite('屏山测试安置点', PINGSHAN);
  await addSite('县城测试安置区', QINJIANG, true);
  lead = await userWith({ role: 'county_lead' }, { role: 'department', unit: '县乡村振兴局' });
  rsj = await userWith({ role: 'department', unit: '县人社局' });
  jkt = await userWith({ role: 'department', unit: '县教科体局' });
  slj = await userWith({ role: 'department', unit: '县水利局' });
  qinjiang = await userWith({ role: 'township', divisionCode: QINJIANG });
});
afterAll(async () => t?.close());

const byRow = (row: number) => items.find((i) => i.row === row)!;
const names = (refs: { name: string }[]) => refs.map((r) => r.name);

describe('the 2022 plan, loaded as published', () => {
  it('has the 31 rows present in the source (1–29, 36, 37), none invented', async () => {
    const plans = (await lead.a.get('/api/v1/plans')).json<
      { id: string; year: number; itemCount: number; status: string; fromSource: boolean }[]
    >();
    const p2022 = plans.find((p) => p.year === 2022)!;
    expect(p2022).toMatchObject({ itemCount: 31, status: 'published', fromSource: true });
    planId = p2022.id;
    const res = await lead.a.get(`/api/v1/plans/${planId}/items`);
    expect(res.statusCode).toBe(200);
    items = res.json<PlanItem[]>();
    expect(items.map((i) => i.row)).toEqual([...Array.from({ length: 29 }, (_, i) => i + 1), 36, 37]);
  });

  it('keeps the work items verbatim without the PDF line-break spaces', () => {
    expect(byRow(1).text).toBe('制定“点长”的帮扶规划、明确“点长”的工作职责、列好“点长”的任务清单。');
    expect(byRow(17).text).toBe('管好用好安置点内就业帮扶车间,每季度进行一次监测。');
    expect(byRow(29).text).toContain('签订承诺书,，保证');
    expect(items.every((i) => !/\s/.test(i.text))).toBe(true);
  });

  it('fills groups, rows 19–23 from the plan body', () => {
    expect(byRow(3).group).toBe('健全长效管理机制');
    expect(byRow(9).group).toBe('优化后续扶持政策');
    expect(byRow(19)).toMatchObject({ group: '完善配套设施建设', groupFrom: 'body' });
    expect(byRow(23)).toMatchObject({ group: '提升管理服务水平', groupFrom: 'body' });
    expect(byRow(24)).toMatchObject({ group: '提升管理水平', groupFrom: 'list' });
  });

  it('resolves units through the alias table and reports what it cannot resolve', () => {
    expect(names(byRow(14).leadUnits)).toEqual(['县人社局']);
    expect(names(byRow(14).responsibleUnits)).toEqual(
      expect.arrayContaining([
        '县教科体局',
        '县农业农村局',
        '县工商联',
        '县乡村振兴局',
        '县发改委',
        '县城市社区党工委、管委会',
      ]),
    );
    expect(byRow(14).includesTownships).toBe(true);
    expect(names(byRow(5).responsibleUnits)).toContain('县教科体局'); // printed 县教科局
    expect(names(byRow(13).responsibleUnits)).toContain('县发改委'); // printed 县发改局
    expect(names(byRow(19).leadUnits)).toEqual(['县乡村振兴局', '县发改委']);
    expect(byRow(25).unresolvedNames).toEqual(['有关乡(镇)消防救援支队']);
    expect(items.filter((i) => i.unresolvedNames.length).map((i) => i.row)).toEqual([25]);
  });

  it('reads every deadline', () => {
    expect(byRow(1)).toMatchObject({ deadlineText: '2022年3月底前', deadlineKind: 'once' });
    expect(byRow(2).deadlineKind).toBe('ongoing');
    expect(byRow(5).deadlineKind).toBe('monthly');
    expect(byRow(7).deadlineKind).toBe('next_month');
    expect(byRow(17)).toMatchObject({ deadlineText: '每季度最后一个月前', deadlineKind: 'quarterly' });
    expect(byRow(17).deadlineReading).toContain('季度最后一个月月底');
  });

  it('lets only plan managers add rows; a deadline outside the grammar is refused', async () => {
    const body = {
      id: uuidv7(),
      row: 30,
      group: '补充事项',
      text: '测试补充事项',
      leadUnitIds: [await unitId('县乡村振兴局')],
      responsibleUnitIds: [],
      includesTownships: true,
      deadlineText: '尽快',
    };
    expect((await rsj.a.post(`/api/v1/plans/${planId}/items`, body)).statusCode).toBe(403);
    const bad = await lead.a.post(`/api/v1/plans/${planId}/items`, body);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('无法识别的完成时限');
  });
});

async function instancesOf(a: Agent, query: string): Promise<TaskInstance[]> {
  const res = await a.get(`/api/v1/task-instances?pageSize=200&${query}`);
  expect(res.statusCode).toBe(200);
  return res.json<{ items: TaskInstance[] }>().items;
}

describe('instances per period and per party', () => {
  it('are generated for each township with relocated households, the urban committee and each unit', async () => {
    const first = await runSupervisionSweep(t.deps);
    expect(first.created).toBeGreaterThan(0);
    expect((await runSupervisionSweep(t.deps)).created).toBe(0);
    const row1 = await instancesOf(lead.a, `planId=${planId}&row=1`);
    expect(names(row1.map((i) => i.party)).sort()).toEqual(
      ['县发改委', '县城市社区党工委、管委会', '琴江镇党委、政府', '屏山镇党委、政府'].sort(),
    );
    expect(row1.every((i) => i.dueAt === '2022-03-31T16:00:00.000Z' && i.dueLabel === '2022-03-31 24:00')).toBe(true);
    // A township without sites or dispersed households gets none.
    const xiaosong = await unitId('小松镇党委、政府');
    expect(await instancesOf(lead.a, `planId=${planId}&unitId=${xiaosong}`)).toEqual([]);
  });

  it('due dates of rows 5, 7, 17 and 28', async () => {
    const party = await unitId('琴江镇党委、政府');
    const due = async (row: number) =>
      Object.fromEntries(
        (await instancesOf(lead.a, `planId=${planId}&row=${row}&unitId=${party}`)).map((i) => [i.periodKey, i.dueAt]),
      );
    expect(await due(5)).toEqual({
      '2022-01': '2022-01-25T16:00:00.000Z',
      '2022-02': '2022-02-25T16:00:00.000Z',
      '2022-03': '2022-03-25T16:00:00.000Z',
    });
    expect(await due(7)).toMatchObject({ '2022-03': '2022-04-03T16:00:00.000Z' });
    expect(await due(17)).toEqual({ '2022-Q1': '2022-03-31T16:00:00.000Z' });
    expect(await due(28)).toEqual({ '2022': '2022-12-31T16:00:00.000Z' });
  });

  it('are scoped: a township sees its own, a unit its own and the rows it leads', async () => {
    const mine = await instancesOf(qinjiang.a, 'mine=true');
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((i) => i.party.name))).toEqual(new Set(['琴江镇党委、政府']));
    const all = await instancesOf(qinjiang.a, `planId=${planId}&row=1`);
    expect(names(all.map((i) => i.party))).toEqual(['琴江镇党委、政府']);
    const led = await instancesOf(rsj.a, 'leading=true');
    expect(new Set(led.map((i) => i.row))).toEqual(new Set([14, 15, 16, 18]));
  });
});

describe('report → return → resubmit → accept', () => {
  let row14: TaskInstance;

  it('the responsible unit submits progress with figures and an attachment', async () => {
    row14 = (await instancesOf(jkt.a, `planId=${planId}&row=14&mine=true`))[0]!;
    expect(row14).toMatchObject({ status: 'not_started', abilities: { report: true, review: false } });
    expect(row14.dueLabel).toBe('2022-06-30 24:00');
    // Someone without the row: 404; the lead unit may not report for the party: 403.
    expect((await slj.a.get(`/api/v1/task-instances/${row14.id}`)).statusCode).toBe(404);
    const report = {
      id: uuidv7(),
      text: '已在琴江安置点组织电工培训 1 期',
      figures: [{ label: '培训人次', value: 46 }],
    };
    expect((await rsj.a.post(`/api/v1/task-instances/${row14.id}/reports`, report)).statusCode).toBe(403);
    const file = await upload(jkt.a, { filename: '培训签到表.pdf', content: '%PDF-1.4 test' }, { purpose: 'evidence' });
    expect(file.statusCode).toBe(201);
    const res = await jkt.a.post(`/api/v1/task-instances/${row14.id}/reports`, {
      ...report,
      attachmentIds: [file.json<{ id: string }>().id],
    });
    expect(res.statusCode).toBe(200);
    const d = res.json<TaskInstanceDetail>();
    expect(d.status).toBe('submitted');
    expect(d.reports[0]).toMatchObject({ kind: 'submission', figures: [{ label: '培训人次', value: 46 }] });
    expect(d.reports[0]!.attachments.map((f) => f.fileName)).toEqual(['培训签到表.pdf']);
    // A replay of the same report changes nothing; a second submission while under review is refused.
    expect(
      (await jkt.a.post(`/api/v1/task-instances/${row14.id}/reports`, report)).json<TaskInstanceDetail>().reports,
    ).toHaveLength(1);
    expect(
      (await jkt.a.post(`/api/v1/task-instances/${row14.id}/reports`, { ...report, id: uuidv7() })).statusCode,
    ).toBe(409);
    // The lead unit sees the file.
    expect((await rsj.a.get(`/api/v1/attachments/${d.reports[0]!.attachments[0]!.id}`)).statusCode).toBe(200);
  });

  it('only the lead unit reviews; a return needs a comment', async () => {
    expect(
      (await jkt.a.post(`/api/v1/task-instances/${row14.id}/review`, { id: uuidv7(), decision: 'accept' })).statusCode,
    ).toBe(403);
    expect(
      (await lead.a.post(`/api/v1/task-instances/${row14.id}/review`, { id: uuidv7(), decision: 'accept' })).statusCode,
    ).toBe(403);
    expect(
      (await rsj.a.post(`/api/v1/task-instances/${row14.id}/review`, { id: uuidv7(), decision: 'return' })).statusCode,
    ).toBe(400);
    const res = await rsj.a.post(`/api/v1/task-instances/${row14.id}/review`, {
      id: uuidv7(),
      decision: 'return',
      comment: '请补充培训花名册',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<TaskInstanceDetail>().status).toBe('returned');
    const [n] = await t.deps.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, jkt.id), eq(notifications.source, 'supervision.task')));
    expect(n!.n).toBe(1);
  });

  it('the unit resubmits and the lead unit accepts; the inbox item closes', async () => {
    await setClock('2022-03-20T02:00:00Z');
    await runSupervisionSweep(t.deps);
    const openItem = async () =>
      t.deps.db
        .select()
        .from(inboxItems)
        .where(and(eq(inboxItems.userId, jkt.id), eq(inboxItems.sourceRef, row14.id)));
    expect((await openItem())[0]?.status).toBe('open');
    const again = await jkt.a.post(`/api/v1/task-instances/${row14.id}/reports`, {
      id: uuidv7(),
      text: '已补充培训花名册',
    });
    expect(again.json<TaskInstanceDetail>().status).toBe('submitted');
    const accepted = await rsj.a.post(`/api/v1/task-instances/${row14.id}/review`, {
      id: uuidv7(),
      decision: 'accept',
    });
    const d = accepted.json<TaskInstanceDetail>();
    expect(d.status).toBe('accepted');
    expect(d.reports.map((r) => r.kind)).toEqual(['submission', 'returned', 'submission', 'accepted']);
    expect(d.firstSubmittedAt).toBe('2022-03-15T02:00:00.000Z');
    expect(d.submittedAt).toBe('2022-03-20T02:00:00.000Z');
    expect(d.acceptedAt).toBe('2022-03-20T02:00:00.000Z');
    expect((await openItem())[0]?.status).toBe('done');
    expect(
      (await rsj.a.post(`/api/v1/task-instances/${row14.id}/review`, { id: uuidv7(), decision: 'accept' })).statusCode,
    ).toBe(409);
  });

  it('the lead unit grid shows its rows × parties', async () => {
    const res = await rsj.a.get(`/api/v1/task-instances/grid?planId=${planId}`);
    expect(res.statusCode).toBe(200);
    const grid = res.json<{
      parties: { name: string }[];
      rows: { row: number; cells: { status: string; partyId: string }[] }[];
    }>();
    expect(grid.rows.map((r) => r.row)).toEqual([14, 15, 16, 18]);
    const jktId = await unitId('县教科体局');
    expect(grid.rows[0]!.cells.find((c) => c.partyId === jktId)?.status).toBe('accepted');
    expect(names(grid.parties)).toContain('琴江镇党委、政府');
  });
});

describe('reminders and escalation on an injected clock', () => {
  const notes = async (userId: string, prefix: string) =>
    (await t.deps.db.select().from(notifications).where(eq(notifications.userId, userId))).filter(
      (n) => n.title.startsWith(prefix) && n.link === taskLink(row6),
    ).length;
  let row6: string;

  it('3 days before, on the due day, then to the lead unit and after N days to county_lead — each once', async () => {
    const party = await unitId('琴江镇党委、政府');
    const [i] = await t.deps.db
      .select()
      .from(taskInstances)
      .where(
        and(
          eq(taskInstances.partyUnitId, party),
          eq(taskInstances.periodKey, '2022-03'),
          eq(taskInstances.itemId, byRow(6).id),
        ),
      );
    row6 = i!.id; // due 2022-03-31 24:00
    const kinds = async () =>
      (await t.deps.db.select().from(taskReminders).where(eq(taskReminders.instanceId, row6)))
        .map((r) => r.kind)
        .sort();

    await setClock('2022-03-27T02:00:00Z'); // 4 days before: nothing yet
    await runSupervisionSweep(t.deps);
    expect(await kinds()).toEqual([]);

    await setClock('2022-03-29T02:00:00Z');
    await runSupervisionSweep(t.deps);
    await runSupervisionSweep(t.deps);
    expect(await kinds()).toEqual(['due_soon']);
    expect(await notes(qinjiang.id, '即将到期')).toBe(1);

    await setClock('2022-03-31T15:59:00Z'); // 23:59 on the due day
    await runSupervisionSweep(t.deps);
    expect(await notes(qinjiang.id, '今日到期')).toBe(1);
    expect(await notes(lead.id, '已逾期')).toBe(0);

    await setClock('2022-03-31T16:00:00Z'); // the due instant: overdue
    await runSupervisionSweep(t.deps);
    expect(await notes(lead.id, '已逾期')).toBe(1);
    expect(await notes(lead.id, '逾期升级')).toBe(0);
    const overdue = (await lead.a.get(`/api/v1/task-instances/${row6}`)).json<TaskInstance>();
    expect(overdue.status).toBe('overdue');

    await setClock('2022-04-08T02:00:00Z'); // more than 7 days overdue (the default setting)
    await Promise.all([runSupervisionSweep(t.deps), runSupervisionSweep(t.deps)]);
    await runSupervisionSweep(t.deps);
    expect(await kinds()).toEqual(['due_soon', 'due_today', 'escalate_county', 'escalate_lead']);
    expect(await notes(lead.id, '逾期升级')).toBe(1);
    expect(await notes(lead.id, '已逾期')).toBe(1);
    expect(await notes(qinjiang.id, '即将到期')).toBe(1);
  });

  it('every open instance sits once in the party users’ inbox', async () => {
    const rows = await t.deps.db
      .select()
      .from(inboxItems)
      .where(and(eq(inboxItems.userId, qinjiang.id), eq(inboxItems.sourceRef, row6)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dueAt?.toISOString()).toBe('2022-03-31T16:00:00.000Z');
    const [{ n }] = (await t.deps.db.select({ n: count() }).from(taskInstances)) as [{ n: number }];
    const again = await runSupervisionSweep(t.deps);
    const [{ n: after }] = (await t.deps.db.select({ n: count() }).from(taskInstances)) as [{ n: number }];
    expect(after).toBe(n);
    expect(again.created).toBe(0);
  });
});

describe('rolling into a new year', () => {
  it('copies the rows as a draft with one-off dates moved, and publishing generates the year’s instances', async () => {
    const id = uuidv7();
    const res = await lead.a.post(`/api/v1/plans/${planId}/roll`, { id, year: 2023 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ year: 2023, status: 'draft', itemCount: 31, rolledFromId: planId });
    expect((await lead.a.post(`/api/v1/plans/${planId}/roll`, { id, year: 2023 })).statusCode).toBe(201);
    const rolled = (await lead.a.get(`/api/v1/plans/${id}/items`)).json<PlanItem[]>();
    expect(rolled.find((i) => i.row === 1)!.deadlineText).toBe('2023年3月底前');
    expect(rolled.find((i) => i.row === 5)!.deadlineText).toBe('每月25日前');
    await setClock('2023-02-10T02:00:00Z');
    expect((await lead.a.post(`/api/v1/plans/${id}/publish`)).json()).toMatchObject({ status: 'published' });
    const row5 = await instancesOf(lead.a, `planId=${id}&row=5&unitId=${await unitId('琴江镇党委、政府')}`);
    expect(row5.map((i) => i.periodKey)).toEqual(['2023-01', '2023-02']);
  });
});
