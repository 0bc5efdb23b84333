import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, RuleResultPage, Trend } from '@anzhi/contracts/dashboards';
import { and, eq } from 'drizzle-orm';
import { evaluateMonthAndRefresh, rulesMonthJob } from '../modules/dashboards/dashboards.job';
import { jobs } from '../platform/jobs/jobs.table';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { demoPassword } from './accounts';
import { demoTrendMonths } from './dashboards-demo';
import { loadDemo } from './seed';

/** The demo's dashboard shows red cells behind which households are listed, and a 12-month trend. */
describe.skipIf(engineUnavailable())(`dashboards demo on ${engine}`, () => {
  let t: TestApp;
  let county: Agent;
  let township: Agent;

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    await loadDemo(t.deps);
    county = new Agent(t.app);
    expect((await county.login('xczx', demoPassword)).statusCode).toBe(200);
    township = new Agent(t.app);
    expect((await township.login('qinjiang', demoPassword)).statusCode).toBe(200);
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the county overview has figures, red cells for R04 and R11, and the records behind a red cell', async () => {
    const res = await county.get('/api/v1/dashboards/home');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<Dashboard>();
    expect(d.view.scopeType).toBe('county');
    expect(d.source).not.toBe('live');
    expect(d.totals.households).toBeGreaterThan(0);
    expect(d.totals.sites).toBeGreaterThan(0);
    expect(d.totals.revisited).toBeGreaterThan(0);
    expect(d.totals.workableHouseholds).toBeGreaterThan(0);
    for (const ruleId of ['R04', 'R11']) {
      const red = d.cells.filter((c) => c.ruleId === ruleId && c.scopeType === 'site' && c.notMet > 0);
      expect(red.length, ruleId).toBeGreaterThan(0);
      const cell = red[0]!;
      const page = (
        await county.get(
          `/api/v1/rules/results?ruleId=${ruleId}&period=${d.month}&siteId=${cell.scopeId}&verdict=not_met`,
        )
      ).json<RuleResultPage>();
      expect(page.total).toBe(cell.notMet);
      expect(page.items[0]!.evidence[0]!.type).toBe('household');
    }
    expect(d.villages.length).toBeGreaterThan(0);
  });

  it('has a 12-month trend with figures in every month, and the past months queued for the rules job', async () => {
    const trend = (await county.get('/api/v1/dashboards/trend')).json<Trend>();
    expect(trend.points).toHaveLength(demoTrendMonths);
    expect(trend.points.every((p) => p.households > 0 && p.source !== null)).toBe(true);
    expect(trend.points.filter((p) => p.revisited > 0).length).toBeGreaterThan(1);
    const queued = await t.deps.db
      .select({ payload: jobs.payload })
      .from(jobs)
      .where(and(eq(jobs.kind, rulesMonthJob.kind), eq(jobs.status, 'queued')));
    const months = queued.map((j) => (j.payload as { month: string }).month).sort();
    expect(months).toEqual(trend.points.slice(0, -1).map((p) => p.month));
    // The queued job of last month adds its rule matrix (what the job runner does after start-up).
    const last = months[months.length - 1]!;
    await evaluateMonthAndRefresh(t.deps, last);
    const d = (await county.get(`/api/v1/dashboards/county?month=${last}`)).json<Dashboard>();
    expect(d.rules.find((r) => r.ruleId === 'R04')?.runId).toBeTruthy();
  });

  it('a township user lands on their township', async () => {
    const d = (await township.get('/api/v1/dashboards/home')).json<Dashboard>();
    expect(d.view).toMatchObject({ scopeType: 'township', scopeId: '360735100000' });
    expect(d.sites.every((s) => s.townshipCode === '360735100000')).toBe(true);
  });
});
