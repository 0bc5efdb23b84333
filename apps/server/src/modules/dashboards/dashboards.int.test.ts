import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeKey, unmetByPlace, type Dashboard, type RuleResultPage, type Trend } from '@anzhi/contracts/dashboards';
import { fixedClock, parsePeriodKey } from '@anzhi/domain/periods';
import { householdEmploymentRule } from '@anzhi/domain/rules/employment-rule';
import { evaluateRule } from '@anzhi/domain/rules/registry';
import { monthlyRevisitRule } from '@anzhi/domain/rules/revisit-rule';
import { demoSites } from '../../demo/sites';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { byEntity, comparable, generatedRegistry } from '../../test/rule-twins';
import { insertAssignment } from '../users/role-assignments.service';
import { employmentFacts, employmentRuleBySql, revisitFacts, revisitRuleBySql } from '../rules/household-rules.sql';
import { explainHousehold } from '../rules/rule-evaluations';
import { serverRuleRegistry } from '../rules/rules.registry';
import { resultsOfRun } from '../rules/rules.repository';
import { evaluateMonthAndRefresh } from './dashboards.job';
import { refreshFigures } from './dashboards.service';
import { computeFigures } from './figures.service';

const month = '2022-02';
const county = '360735';

/** Rules R04 and R11 over a generated registry: the pure rules and their SQL twins agree; the dashboard reads them. */
describe.skipIf(engineUnavailable())(`rules engine and dashboards on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let townshipAgent: Agent;
  let townshipCode: string;

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    const db = t.deps.db;
    const registry = await generatedRegistry(t, {
      countyCode: county,
      seed: 7,
      households: 240,
      sites: 4,
      villages: 40,
    });
    townshipCode = registry.sites[0]!.townshipCode;
    // Revisit about two households in three in February (every third one is missed).
    await db.execute(sql`insert into revisits (id, county_code, household_id, month, visit_date, method, visitor_name,
        site_id, township_code, changes, situations, risk_signals, registry_changes)
      select gen_random_uuid(), ${county}, hp.household_id, ${month}, ('2022-02-' || lpad(((row_number() over (order by hp.household_id)) % 27 + 1)::text, 2, '0'))::date,
        '入户', '测试回访员', hp.site_id, coalesce(s.township_code, dv.parent_code), '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, '[]'::jsonb
      from household_placement hp left join sites s on s.id = hp.site_id
      left join divisions dv on dv.code = hp.destination_village_code
      where hp.valid_to is null and (get_byte(uuid_send(hp.household_id), 15) % 3) <> 0`);
    lead = new Agent(t.app);
    const leadUser = await buildUser(t, { roles: ['county_lead'], isDemo: true });
    expect((await lead.login(leadUser.username, leadUser.password)).statusCode).toBe(200);
    townshipAgent = new Agent(t.app);
    const tUser = await buildUser(t, { roles: [], isDemo: true });
    await insertAssignment(
      t.deps.db,
      tUser.id,
      { role: 'township', divisionCode: townshipCode, siteId: null, unitId: null },
      t.deps.clock.now(),
    );
    expect((await townshipAgent.login(tUser.username, tUser.password)).statusCode).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const opts = { parameterVersion: 0, period: parsePeriodKey(month), clock: fixedClock('2022-03-15T02:00:00Z') };

  it('R04: the pure rule over loaded facts and the set-based SQL agree on every household', async () => {
    const f = { countyCode: county, month };
    const pure = evaluateRule(monthlyRevisitRule, await revisitFacts(t.deps.db, f), opts).results.sort(byEntity);
    const bySql = (await revisitRuleBySql(t.deps.db, f, { minRevisitsPerMonth: 1 })).sort(byEntity);
    expect(pure.length).toBeGreaterThan(200);
    expect(new Set(pure.map((r) => r.verdict))).toEqual(new Set(['met', 'not_met']));
    expect(bySql).toEqual(pure);
  });

  it('R11: the pure rule over loaded facts and the set-based SQL agree, with all three verdicts', async () => {
    const f = { countyCode: county, month };
    const pure = evaluateRule(householdEmploymentRule, await employmentFacts(t.deps.db, f), opts).results.sort(
      byEntity,
    );
    const bySql = (
      await employmentRuleBySql(t.deps.db, f, {
        smallHouseholdMax: 5,
        largeHouseholdRequired: 2,
        minCanWorkForLarge: 2,
      })
    ).sort(byEntity);
    expect(pure.length).toBeGreaterThan(200);
    expect(bySql).toEqual(pure);
    const verdicts = new Set(pure.map((r) => r.verdict));
    expect(verdicts.has('met')).toBe(true);
    expect(verdicts.has('not_met') || verdicts.has('not_applicable')).toBe(true);
    // Narrowed to one township, the twins still agree.
    const narrowed = { ...f, townshipCode };
    const pureT = evaluateRule(householdEmploymentRule, await employmentFacts(t.deps.db, narrowed), opts).results;
    const sqlT = await employmentRuleBySql(t.deps.db, narrowed, {
      smallHouseholdMax: 5,
      largeHouseholdRequired: 2,
      minCanWorkForLarge: 2,
    });
    expect(sqlT.sort(byEntity)).toEqual(pureT.sort(byEntity));
    expect(sqlT.length).toBeLessThan(pure.length);
  });

  it('the month job stores a run per rule and the figures; the county overview reads them', async () => {
    const done = await evaluateMonthAndRefresh(t.deps, month);
    expect(done.failed).toEqual([]);
    expect(done.runs.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['R04', 'R06', 'R11']));
    // The job stores R04 and R11 straight from SQL (INSERT … SELECT): the stored rows are the twins' results.
    const f = { countyCode: county, month };
    const twins = {
      R04: await revisitRuleBySql(t.deps.db, f, { minRevisitsPerMonth: 1 }),
      R11: await employmentRuleBySql(t.deps.db, f, {
        smallHouseholdMax: 5,
        largeHouseholdRequired: 2,
        minCanWorkForLarge: 2,
      }),
    };
    for (const ruleId of ['R04', 'R11'] as const) {
      const stored = await resultsOfRun(t.deps.db, done.runs.find((r) => r.ruleId === ruleId)!.runId);
      expect(comparable(stored)).toEqual(comparable(twins[ruleId]));
    }
    const res = await lead.get(`/api/v1/dashboards/county?month=${month}&placePageSize=200`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<Dashboard>();
    expect(d.places.total).toBe(d.sites.length + d.villages.length);
    expect(d.source).toBe('aggregate');
    const live = await computeFigures(t.deps.db, { month });
    expect(d.totals.households).toBe(live.totals.households);
    expect(d.totals.households).toBeGreaterThan(200);
    expect(d.totals.revisitDue).toBe(d.totals.households);
    expect(d.totals.revisited).toBeGreaterThan(0);
    expect(d.totals.revisited).toBeLessThan(d.totals.revisitDue);
    const r04 = d.rules.find((r) => r.ruleId === 'R04')!;
    expect(r04.notMet).toBe(d.totals.revisitDue - d.totals.revisited);
    const r11 = d.rules.find((r) => r.ruleId === 'R11')!;
    expect(r11.met).toBe(d.totals.employedHouseholds);
    expect(r11.met + r11.notMet).toBe(d.totals.workableHouseholds);
    // Sites and villages add up to the county; a red cell's count is the households listed behind it.
    const siteSum = d.sites.reduce((s, x) => s + x.households, 0) + d.villages.reduce((s, x) => s + x.households, 0);
    expect(siteSum).toBe(d.totals.households);
    const red = d.cells.find((c) => c.ruleId === 'R04' && c.scopeType === 'site' && c.notMet > 0)!;
    expect(red).toBeDefined();
    const list = await lead.get(
      `/api/v1/rules/results?ruleId=R04&period=${month}&siteId=${red.scopeId}&verdict=not_met&pageSize=500`,
    );
    expect(list.statusCode, list.body).toBe(200);
    const page = list.json<RuleResultPage>();
    expect(page.total).toBe(red.notMet);
    expect(page.items.every((i) => i.entityType === 'household' && i.presentation === 'violation')).toBe(true);
    // The shared TypeScript function explains one of them the same way.
    const explained = await explainHousehold(
      { ...t.deps, rules: serverRuleRegistry },
      'R04',
      month,
      page.items[0]!.entityId,
    );
    expect(explained?.verdict).toBe('not_met');
  });

  it('a township sees its own view and not the county or another township (404)', async () => {
    const own = await townshipAgent.get(`/api/v1/dashboards/township/${townshipCode}?month=${month}`);
    expect(own.statusCode, own.body).toBe(200);
    const d = own.json<Dashboard>();
    expect(d.sites.every((s) => s.townshipCode === townshipCode)).toBe(true);
    expect((await townshipAgent.get(`/api/v1/dashboards/county?month=${month}`)).statusCode).toBe(404);
    const other = demoSites.find((s) => s.townshipCode !== townshipCode)!.townshipCode;
    expect((await townshipAgent.get(`/api/v1/dashboards/township/${other}?month=${month}`)).statusCode).toBe(404);
    const home = (await townshipAgent.get(`/api/v1/dashboards/home?month=${month}`)).json<Dashboard>();
    expect(home.view).toMatchObject({ scopeType: 'township', scopeId: townshipCode });
    const results = (
      await townshipAgent.get(`/api/v1/rules/results?ruleId=R11&period=${month}&pageSize=500`)
    ).json<RuleResultPage>();
    expect(results.items.every((i) => i.townshipCode === townshipCode)).toBe(true);
  });

  it('pages the matrix worst first (or by place) and sees a refresh at once', async () => {
    const whole = (await lead.get(`/api/v1/dashboards/county?month=${month}&placePageSize=200`)).json<Dashboard>();
    const all = [...whole.sites, ...whole.villages];
    expect(all.length).toBeGreaterThan(10);
    const unmet = unmetByPlace(whole.rules, whole.cells);
    const pages: Dashboard[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 4); page += 1) {
      const res = await lead.get(`/api/v1/dashboards/county?month=${month}&placePage=${page}&placePageSize=4`);
      expect(res.statusCode, res.body).toBe(200);
      pages.push(res.json<Dashboard>());
    }
    const seen = pages.flatMap((p) => [...p.sites, ...p.villages]);
    // Every place once; each page carries only its places' cells (and every township's), totals stay whole.
    expect(new Set(seen.map(placeKey)).size).toBe(all.length);
    for (const p of pages) {
      expect(p.places).toMatchObject({ total: all.length, pageSize: 4, order: 'worst' });
      expect(p.totals).toEqual(whole.totals);
      const keys = new Set([...p.sites, ...p.villages].map(placeKey));
      expect(p.cells.every((c) => c.scopeType === 'township' || keys.has(placeKey(c)))).toBe(true);
    }
    // Worst first: the unmet counts never rise from page to page.
    const worst = pages.map((p) => Math.max(...[...p.sites, ...p.villages].map((x) => unmet.get(placeKey(x)) ?? 0)));
    const least = pages.map((p) => Math.min(...[...p.sites, ...p.villages].map((x) => unmet.get(placeKey(x)) ?? 0)));
    for (let i = 1; i < pages.length; i += 1) expect(worst[i]!).toBeLessThanOrEqual(least[i - 1]!);
    expect(worst[0]!).toBeGreaterThan(0);
    const byPlace = (
      await lead.get(`/api/v1/dashboards/county?month=${month}&placePageSize=200&placeOrder=place`)
    ).json<Dashboard>();
    expect(byPlace.sites.map((x) => x.townshipCode)).toEqual(byPlace.sites.map((x) => x.townshipCode).sort());
    expect((await lead.get(`/api/v1/dashboards/county?month=${month}&placePageSize=500`)).statusCode).toBe(400);

    // The overview reuses what it parsed while the month's row is unchanged; a refresh is seen on the next request.
    await t.deps.db.execute(sql`update dashboard_figures set figures = jsonb_set(figures, '{totals,households}', '7')
        where month = ${month} and scope_key = 'county'`);
    const edited = (await lead.get(`/api/v1/dashboards/county?month=${month}`)).json<Dashboard>();
    expect(edited.totals.households).toBe(7);
    await refreshFigures(t.deps, month);
    const fresh = (await lead.get(`/api/v1/dashboards/county?month=${month}`)).json<Dashboard>();
    expect(fresh.totals.households).toBe(whole.totals.households);
  });

  it('the trend has a point per month, filled where the job ran', async () => {
    const res = await lead.get(`/api/v1/dashboards/trend?month=${month}&months=3`);
    expect(res.statusCode, res.body).toBe(200);
    const trendBody = res.json<Trend>();
    expect(trendBody.points.map((p) => p.month)).toEqual(['2021-12', '2022-01', '2022-02']);
    expect(trendBody.points[2]!.households).toBeGreaterThan(0);
    expect(trendBody.points[0]!.source).toBeNull();
  });
});
