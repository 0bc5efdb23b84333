import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChiefAssignment, ChiefOverview, ChiefReport, ChiefVisit } from '@anzhi/contracts/chiefs';
import type { Site } from '@anzhi/contracts/org';
import type { RuleResultPage } from '@anzhi/contracts/dashboards';
import type { RuleRunList } from '@anzhi/contracts/rules';
import { uuidv7 } from '@anzhi/domain/ids';
import { parsePeriodKey } from '@anzhi/domain/periods';
import { insertAssignment } from '../users/role-assignments.service';
import { roleAssignments } from '../users/users.table';
import { auditEvents } from '../../platform/audit/audit.table';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { serverRuleRegistry } from '../rules/rules.registry';
import { evaluateWithCurrentParameters } from '../rules/rules.service';
import { upload } from '../../platform/files/testing/multipart';
import { resultsOfRun } from '../rules/rules.repository';
import { computeFigures } from '../dashboards/figures.service';
import { computeChiefRule, runChiefRule } from './chief-rules.service';
import { siteFacts, reportFacts, termFacts, visitFacts } from './chiefs.repository';
import { chiefAssignments, chiefReports, chiefVisits } from './chiefs.table';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';

describe.skipIf(engineUnavailable())(`site chiefs, visits, R01/R02 on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let chief: Agent & { userId: string };
  let countyChief: Agent & { userId: string };
  const siteIds: Record<string, string> = {};

  async function agentFor(
    assignments: { role: Parameters<typeof insertAssignment>[2]['role']; divisionCode?: string; siteId?: string }[],
    displayName?: string,
  ) {
    const u = await buildUser(t, { roles: [], ...(displayName ? { displayName } : {}) });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return Object.assign(agent, { userId: u.id });
  }

  async function appoint(body: Record<string, unknown>) {
    const res = await lead.post('/api/v1/site-chiefs', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ChiefAssignment>();
  }

  const visitBody = (siteKey: string, visitedAt: string, extra: Record<string, unknown> = {}) => ({
    siteId: siteIds[siteKey],
    visitedAt,
    problemsFound: '楼道照明损坏',
    problemsSolved: '已协调物业更换',
    followUps: '下月复查',
    ...extra,
  });

  beforeAll(async () => {
    t = await buildTestApp(); // today is 2022-03-15 10:00 in Shanghai
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const [key, townshipCode] of [
      ['a', QINJIANG],
      ['b', QINJIANG],
      ['p', PINGSHAN],
    ] as const) {
      const res = await a.post('/api/v1/sites', { name: `点长测试点${key}`, townshipCode, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      siteIds[key] = res.json<Site>().id;
    }
    lead = await agentFor([{ role: 'county_lead' }]);
    const chiefUser = await buildUser(t, { roles: [], displayName: '点长甲' });
    const countyUser = await buildUser(t, { roles: [], displayName: '总点长乙' });
    await appoint({ kind: 'site_chief', userId: chiefUser.id, siteId: siteIds.a, from: '2022-01-01' });
    await appoint({ kind: 'county_chief', userId: countyUser.id, from: '2022-01-01' });
    chief = Object.assign(new Agent(t.app), { userId: chiefUser.id });
    expect((await chief.login(chiefUser.username, chiefUser.password)).statusCode).toBe(200);
    countyChief = Object.assign(new Agent(t.app), { userId: countyUser.id });
    expect((await countyChief.login(countyUser.username, countyUser.password)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('appoints chiefs through role assignments, with the plan duties as defaults, and refuses overlaps', async () => {
    const list = (await lead.get('/api/v1/site-chiefs')).json<{ items: ChiefAssignment[] }>().items;
    const mine = list.find((x) => x.userId === chief.userId)!;
    expect(mine).toMatchObject({
      kind: 'site_chief',
      siteName: '点长测试点a',
      from: '2022-01-01',
      to: null,
      current: true,
    });
    expect(mine.duties.some((d) => d.includes('每月至少到安置点调研指导 2 次'))).toBe(true);
    const [ra] = await t.deps.db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, chief.userId), eq(roleAssignments.role, 'site_chief')));
    expect(ra?.siteId).toBe(siteIds.a);
    const clash = await lead.post('/api/v1/site-chiefs', {
      kind: 'site_chief',
      userId: chief.userId,
      siteId: siteIds.a,
      from: '2022-03-01',
    });
    expect(clash.statusCode).toBe(409);
    // The chief keeps their own task list but cannot change their dates.
    const tasks = [{ id: 't1', title: '制定安置点帮扶规划', due: '2022-03-31', done: true }];
    const ok = await chief.request('PATCH', `/api/v1/site-chiefs/${mine.id}`, { tasks, plan: '重点推进就业帮扶' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<ChiefAssignment>()).toMatchObject({ tasks, plan: '重点推进就业帮扶' });
    expect((await chief.request('PATCH', `/api/v1/site-chiefs/${mine.id}`, { to: '2022-03-01' })).statusCode).toBe(403);
    // A township user sees the chiefs of its own sites only (and the county chief).
    const pingshan = await agentFor([{ role: 'township', divisionCode: PINGSHAN }]);
    const seen = (await pingshan.get('/api/v1/site-chiefs')).json<{ items: ChiefAssignment[] }>().items;
    expect(seen.map((s) => s.kind)).toEqual(['county_chief']);
  });

  it('validates visits: own site within the term, not in the future; a chief cannot log for a site not theirs', async () => {
    const auditBefore = (
      await t.deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'chief.visit.create'))
    )[0]!.n;
    const id = uuidv7();
    const res = await chief.post('/api/v1/chief-visits', visitBody('a', '2022-03-10T09:00:00+08:00', { id }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ChiefVisit>()).toMatchObject({
      id,
      siteName: '点长测试点a',
      chiefName: '点长甲',
      recordedByName: '点长甲',
    });
    // A replay creates nothing twice.
    expect(
      (await chief.post('/api/v1/chief-visits', visitBody('a', '2022-03-10T09:00:00+08:00', { id }))).statusCode,
    ).toBe(201);
    expect((await t.deps.db.select({ n: count() }).from(chiefVisits).where(eq(chiefVisits.id, id)))[0]!.n).toBe(1);
    const auditAfter = (
      await t.deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'chief.visit.create'))
    )[0]!.n;
    expect(auditAfter - auditBefore).toBe(1);

    // Another site (not theirs, not in their scope) is invisible: 404.
    expect((await chief.post('/api/v1/chief-visits', visitBody('p', '2022-03-10T09:00:00+08:00'))).statusCode).toBe(
      404,
    );
    // In the future (now is 2022-03-15 10:00 Shanghai).
    const future = await chief.post('/api/v1/chief-visits', visitBody('a', '2022-03-15T10:00:01+08:00'));
    expect(future.statusCode).toBe(400);
    expect(future.json<{ details: { path: string }[] }>().details[0]!.path).toBe('visitedAt');
    // Before the term began.
    const early = await chief.post('/api/v1/chief-visits', visitBody('a', '2021-12-31T23:59:59+08:00'));
    expect(early.statusCode).toBe(400);
    expect(early.json<{ details: { path: string }[] }>().details[0]!.path).toBe('siteId');
    // Someone else's visit can only be recorded by a manager.
    const other = await chief.post(
      '/api/v1/chief-visits',
      visitBody('a', '2022-03-10T09:00:00+08:00', { chiefId: countyChief.userId }),
    );
    expect(other.statusCode).toBe(403);
    // Roles without the permission: 403.
    const pingshan = await agentFor([{ role: 'township', divisionCode: PINGSHAN }]);
    expect((await pingshan.post('/api/v1/chief-visits', visitBody('p', '2022-03-10T09:00:00+08:00'))).statusCode).toBe(
      403,
    );
    // Out-of-scope visits are omitted from lists and 404 by id.
    expect((await pingshan.get('/api/v1/chief-visits')).json<{ total: number }>().total).toBe(0);
    expect((await pingshan.get(`/api/v1/chief-visits/${id}`)).statusCode).toBe(404);
    expect((await lead.get('/api/v1/chief-visits?month=2022-03')).json<{ total: number }>().total).toBe(1);
  });

  it('links uploaded evidence to a visit; the file is visible where the visit is', async () => {
    const up = await upload(
      chief,
      { filename: '走访照片.csv', content: '问题,处理\n照明,已修\n' },
      { purpose: 'evidence' },
    );
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json<{ id: string }>().id;
    const res = await chief.post(
      '/api/v1/chief-visits',
      visitBody('a', '2022-03-12T09:00:00+08:00', { attachmentIds: [fileId] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const visit = res.json<ChiefVisit>();
    expect(visit.attachmentIds).toEqual([fileId]);
    expect((await lead.get(`/api/v1/attachments/${fileId}`)).statusCode).toBe(200);
    const pingshan = await agentFor([{ role: 'township', divisionCode: PINGSHAN }]);
    expect((await pingshan.get(`/api/v1/attachments/${fileId}`)).statusCode).toBe(404);
    // Clean up so the month's counts below stay as the next test expects.
    await t.deps.db.delete(chiefVisits).where(eq(chiefVisits.id, visit.id));
  });

  it('shows the chief this month’s shortfall and lets it close with a second visit', async () => {
    const before = (await chief.get('/api/v1/site-chiefs/overview')).json<ChiefOverview>();
    expect(before).toMatchObject({ month: '2022-03', halfYear: '2022-H1', abilities: { logVisit: true } });
    expect(before.sites.map((s) => [s.siteName, s.verdict, s.visits, s.shortfall])).toEqual([
      ['点长测试点a', 'not_met', 1, 1],
    ]);
    expect(before.visitsShort).toBe(1);
    expect((await chief.post('/api/v1/chief-visits', visitBody('a', '2022-03-01T00:00:00+08:00'))).statusCode).toBe(
      201,
    );
    const after = (await chief.get('/api/v1/site-chiefs/overview')).json<ChiefOverview>();
    expect(after.sites[0]).toMatchObject({ verdict: 'met', visits: 2, shortfall: 0 });
    expect(after.visitsShort).toBe(0);
    // The county lead sees every site: b and p have no chief (not applicable).
    const all = (await lead.get('/api/v1/site-chiefs/overview')).json<ChiefOverview>();
    expect(all.sites.map((s) => s.verdict).sort()).toEqual(['met', 'not_applicable', 'not_applicable']);
  });

  it('records the county chief hearing a site chief (R02) and refuses one for a non-chief', async () => {
    const res = await countyChief.post('/api/v1/chief-reports', {
      heardAt: '2022-03-01T15:00:00+08:00',
      siteChiefId: chief.userId,
      summary: '汇报一季度安置点就业和矛盾调处情况',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ChiefReport>()).toMatchObject({
      siteChiefName: '点长甲',
      countyChiefName: '总点长乙',
      sites: [{ id: siteIds.a, name: '点长测试点a' }],
    });
    const bad = await countyChief.post('/api/v1/chief-reports', {
      heardAt: '2022-03-01T15:00:00+08:00',
      siteChiefId: countyChief.userId,
      summary: '并非点长',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await chief.post('/api/v1/chief-reports', {
          heardAt: '2022-03-01T15:00:00+08:00',
          siteChiefId: chief.userId,
          summary: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const overview = (await chief.get('/api/v1/site-chiefs/overview')).json<ChiefOverview>();
    expect(overview.reports).toEqual([
      expect.objectContaining({ chiefId: chief.userId, verdict: 'met', reports: 1, required: 1 }),
    ]);
  });

  it('stores R01 and R02 runs with their results and evidence', async () => {
    const r01 = await runChiefRule(t.deps, 'R01', '2022-03');
    const rows = await resultsOfRun(t.deps.db, r01.runId);
    expect(rows.map((r) => r.entityId).sort()).toEqual(Object.values(siteIds).sort());
    const a = rows.find((r) => r.entityId === siteIds.a)!;
    expect(a.verdict).toBe('met');
    expect(a.evidence.filter((e) => e.type === 'chief_visit')).toHaveLength(2);
    const r02 = await runChiefRule(t.deps, 'R02', '2022-H1');
    expect((await resultsOfRun(t.deps.db, r02.runId)).map((r) => [r.entityId, r.verdict])).toEqual([
      [chief.userId, 'met'],
    ]);
    // The chief's result sits under the chief's site: in the dashboard matrix and behind its cell.
    const figures = await computeFigures(t.deps.db, { month: '2022-06' });
    expect(figures.cells.find((c) => c.ruleId === 'R02' && c.scopeType === 'site')).toMatchObject({
      scopeId: siteIds.a,
      met: 1,
    });
    const listed = await lead.get(`/api/v1/rules/results?ruleId=R02&period=2022-06&siteId=${siteIds.a}`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json<RuleResultPage>().items.map((i) => [i.entityId, i.siteId])).toEqual([[chief.userId, siteIds.a]]);
    const runs = (await lead.get('/api/v1/rules/R01/runs')).json<RuleRunList>().items;
    expect(runs[0]).toMatchObject({ periodKey: '2022-03', summary: { met: 1, notMet: 0, notApplicable: 2 } });
    // On demand through the jobs: the period is checked before queueing.
    expect((await lead.post('/api/v1/site-chiefs/rule-runs', { ruleId: 'R01', periodKey: '2022-H1' })).statusCode).toBe(
      400,
    );
    expect((await lead.post('/api/v1/site-chiefs/rule-runs', { ruleId: 'R01', periodKey: '2022-02' })).statusCode).toBe(
      202,
    );
    expect(
      (await chief.post('/api/v1/site-chiefs/rule-runs', { ruleId: 'R01', periodKey: '2022-02' })).statusCode,
    ).toBe(403);
  });

  it('agrees between the set-based SQL and the pure rules on a generated dataset', async () => {
    let seed = 20220315;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const genSites: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await lead.post('/api/v1/sites', {
        name: `生成点${i}`,
        townshipCode: i % 2 ? QINJIANG : PINGSHAN,
        type: '中心村',
      });
      expect(res.statusCode, res.body).toBe(201);
      genSites.push(res.json<Site>().id);
    }
    const chiefs: string[] = [];
    for (let i = 0; i < 6; i++) chiefs.push((await buildUser(t, { roles: [], displayName: `生成点长${i % 3}` })).id);
    const starts = ['2021-10-01', '2021-12-16', '2022-01-01', '2022-02-28', '2022-03-01'];
    const ends = [null, null, '2022-01-31', '2022-02-28', '2022-03-01'];
    const terms = [];
    for (const siteId of genSites.slice(0, 10)) {
      for (const userId of [pick(chiefs), pick(chiefs)]) {
        const from = pick(starts);
        const to = pick(ends);
        terms.push({
          id: uuidv7(),
          kind: 'site_chief',
          userId,
          siteId,
          fromDate: from,
          toDate: to && to < from ? null : to,
          duties: [],
          tasks: [],
        });
      }
    }
    await t.deps.db.insert(chiefAssignments).values(terms);
    const boundaries = [
      '2021-11-30T16:00:00.000Z',
      '2021-12-31T15:59:59.999Z',
      '2021-12-31T16:00:00.000Z',
      '2022-01-31T16:00:00.000Z',
      '2022-02-28T15:59:59.999Z',
      '2022-02-28T16:00:00.000Z',
    ];
    const visits = [];
    for (let i = 0; i < 160; i++) {
      const term = pick(terms);
      const at =
        i < 30 ? new Date(pick(boundaries)) : new Date(Date.UTC(2021, 11, 1) + Math.floor(rand() * 104 * 86_400_000));
      visits.push({
        id: uuidv7(),
        siteId: term.siteId,
        chiefId: rand() < 0.9 ? term.userId : pick(chiefs),
        visitedAt: at,
        problemsFound: '无',
        problemsSolved: '',
        followUps: '',
        recordedBy: term.userId,
      });
    }
    await t.deps.db.insert(chiefVisits).values(visits);
    const reports = [];
    for (let i = 0; i < 8; i++) {
      const at =
        i < 2
          ? new Date(['2021-12-31T15:59:59.999Z', '2021-12-31T16:00:00.000Z'][i]!)
          : new Date(Date.UTC(2021, 9, 1) + Math.floor(rand() * 160 * 86_400_000));
      reports.push({
        id: uuidv7(),
        heardAt: at,
        siteChiefId: pick(chiefs),
        siteIds: [],
        summary: '汇报',
        recordedBy: chiefs[0]!,
      });
    }
    await t.deps.db.insert(chiefReports).values(reports);

    const rulesDeps = { ...t.deps, rules: serverRuleRegistry };
    const comparable = (r: {
      entityId: string;
      verdict: string;
      values: unknown;
      evidence: unknown;
      note: string | null;
    }) => ({
      entityId: r.entityId,
      verdict: r.verdict,
      values: r.values,
      evidence: r.evidence,
      note: r.note,
    });
    let notMet = 0;
    for (const key of ['2021-12', '2022-01', '2022-02', '2022-03']) {
      const period = parsePeriodKey(key);
      const bySql = await computeChiefRule(t.deps, 'R01', key);
      const input = {
        sites: await siteFacts(t.deps.db, undefined),
        terms: await termFacts(t.deps.db, period),
        visits: await visitFacts(t.deps.db, period),
      };
      const pure = await evaluateWithCurrentParameters(rulesDeps, 'R01', input, { periodKey: key });
      expect(bySql.results.map(comparable)).toEqual(
        [...pure.results].sort((x, y) => (x.entityId < y.entityId ? -1 : 1)).map(comparable),
      );
      notMet += bySql.results.filter((r) => r.verdict === 'not_met').length;
    }
    expect(notMet).toBeGreaterThan(0);
    for (const key of ['2021-H2', '2022-H1']) {
      const period = parsePeriodKey(key);
      const bySql = await computeChiefRule(t.deps, 'R02', key);
      const input = { terms: await termFacts(t.deps.db, period), reports: await reportFacts(t.deps.db, period) };
      const pure = await evaluateWithCurrentParameters(rulesDeps, 'R02', input, { periodKey: key });
      expect(bySql.results.map(comparable)).toEqual(pure.results.map(comparable));
      expect(bySql.results.length).toBeGreaterThan(0);
    }
    expect((await t.deps.db.select({ n: count() }).from(chiefAssignments))[0]!.n).toBeGreaterThan(20);
  });
});
