import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentResult, ExperienceReportPage } from '@anzhi/contracts/assessment';
import type { ChiefOverview } from '@anzhi/contracts/chiefs';
import { uuidv7 } from '@anzhi/domain/ids';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { auditedTransaction, systemActor } from '../platform/audit/audit.service';
import { computeAssessment } from '../modules/assessment/assessment.service';
import { computeChiefRule } from '../modules/chiefs/chief-rules.service';
import { sites } from '../modules/org/org.table';
import { resolveUnitName } from '../modules/org/units.service';
import { insertAssignment } from '../modules/users/role-assignments.service';
import { insertUser } from '../modules/users/users.service';
import { demoAccounts, demoPassword } from './accounts';
import { demoShortSiteKey, demoUnheardChief, loadChiefsDemo } from './chiefs-demo';
import type { DemoUser } from './platform-demo';
import { demoSites } from './sites';

/**
 * The chiefs part of the demo on its own (the demo sites and accounts, then loadChiefsDemo and the
 * assessment as loadDemo runs them): it must show one site short this month and last month, one chief
 * not heard, an assessment with scores and evidence, and two experience reports (one marked).
 */
describe.skipIf(engineUnavailable())(`chiefs demo on ${engine}`, () => {
  let t: TestApp;
  const siteIds = new Map<string, string>();

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    await auditedTransaction(t.deps.db, t.deps.clock, systemActor, 'demo.load', async (tx, audit) => {
      for (const { key, ...fields } of demoSites) {
        const id = uuidv7();
        await tx.insert(sites).values({ id, ...fields, countyCode: t.deps.config.countyCode, status: 'active' });
        siteIds.set(key, id);
      }
      const loaded: DemoUser[] = [];
      for (const a of demoAccounts) {
        const id = await insertUser(tx, t.deps, {
          username: a.username,
          displayName: a.displayName,
          password: demoPassword,
          roles: a.assignments ? [] : [a.role],
          mustChangePassword: false,
          isDemo: true,
        });
        for (const s of a.assignments ?? []) {
          const unit = s.unit ? await resolveUnitName(tx, s.unit) : undefined;
          const scope = { divisionCode: s.divisionCode ?? null, unitId: unit?.id ?? null };
          await insertAssignment(
            tx,
            id,
            { role: s.role, ...scope, siteId: s.site ? siteIds.get(s.site)! : null },
            t.clock.now(),
          );
        }
        loaded.push({ id, username: a.username, role: a.role });
      }
      await loadChiefsDemo(tx, t.deps, audit, siteIds, loaded);
    });
    await computeAssessment(t.deps, 2022);
  });
  afterAll(async () => {
    await t?.close();
  });

  const signIn = async (username: string) => {
    const agent = new Agent(t.app);
    expect((await agent.login(username, demoPassword)).statusCode).toBe(200);
    return agent;
  };

  it('has a chief for every demo site and one site short this month and last month', async () => {
    const lead = await signIn('xczx');
    const overview = (await lead.get('/api/v1/site-chiefs/overview')).json<ChiefOverview>();
    expect(overview.sites).toHaveLength(demoSites.length);
    expect(overview.sites.filter((s) => s.verdict === 'not_applicable')).toEqual([]);
    const short = overview.sites.filter((s) => s.verdict === 'not_met').map((s) => s.siteId);
    expect(short).toEqual([siteIds.get(demoShortSiteKey)]);
    const lastMonth = await computeChiefRule(t.deps, 'R01', '2022-02');
    expect(lastMonth.results.filter((r) => r.verdict === 'not_met').map((r) => r.entityId)).toEqual(short);
    const h2 = await computeChiefRule(t.deps, 'R02', '2021-H2');
    const unheard = h2.results.filter((r) => r.verdict === 'not_met').map((r) => String(r.values.chiefName));
    expect(unheard).toHaveLength(1);
    expect(unheard[0]).toBe(demoAccounts.find((a) => a.username === demoUnheardChief)!.displayName);
    // The chief of the short site sees it on their own page.
    const chief = (await (await signIn('dianzhang4')).get('/api/v1/site-chiefs/overview')).json<ChiefOverview>();
    expect(chief).toMatchObject({ sitesShort: 1, abilities: { logVisit: true } });
    expect(chief.mySites).toHaveLength(4);
  });

  it('computes the year’s assessment and holds two experience reports, one marked', async () => {
    const lead = await signIn('xczx');
    const result = (await lead.get('/api/v1/assessments/2022')).json<AssessmentResult>();
    expect(result.rows.length).toBeGreaterThan(3);
    expect(result.rows.every((r) => r.total !== null)).toBe(true);
    const reports = (await lead.get('/api/v1/experience-reports')).json<ExperienceReportPage>();
    expect(reports.items).toHaveLength(2);
    expect(reports.items.filter((r) => r.markedAt !== null)).toHaveLength(1);
  });
});
