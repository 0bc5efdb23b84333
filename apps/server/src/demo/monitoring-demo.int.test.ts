import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Clue, MonitoringCase } from '@anzhi/contracts/monitoring';
import { clueSources, identificationSteps, monitoringCategories } from '@anzhi/contracts/monitoring-vocabulary';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { demoPassword } from './accounts';
import { loadDemo } from './seed';

/** The monitoring demo: clues from every source, cases at every identification step, the three categories. */
describe.skipIf(engineUnavailable())(`monitoring demo on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    await loadDemo(t.deps);
    lead = new Agent(t.app);
    expect((await lead.login('xczx', demoPassword)).statusCode).toBe(200);
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  const all = async <T>(path: string): Promise<T[]> => {
    const res = await lead.get(`${path}${path.includes('?') ? '&' : '?'}pageSize=200`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: T[] }>().items;
  };

  it('has clues from every source, open and dismissed ones', async () => {
    const clues = await all<Clue>('/api/v1/monitoring/clues');
    for (const source of clueSources) expect(clues.some((c) => c.source === source)).toBe(true);
    expect(clues.some((c) => c.status === 'open')).toBe(true);
    expect(clues.some((c) => c.status === 'dismissed' && c.dismissedReason)).toBe(true);
    const declared = clues.find((c) => c.source === 'self_declaration' && c.declarantPhone);
    expect(declared?.declarantPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('has cases waiting at every identification step, one late and one at risk', async () => {
    const running = await all<MonitoringCase>('/api/v1/monitoring/cases?status=identifying');
    for (const step of identificationSteps) expect(running.some((c) => c.nextStep === step)).toBe(true);
    expect(running.some((c) => c.clock.late)).toBe(true);
    expect(running.some((c) => c.clock.atRisk)).toBe(true);
    expect((await all<MonitoringCase>('/api/v1/monitoring/cases?clock=late')).length).toBeGreaterThan(0);
  });

  it('has a not-included case and included cases of each category, compatible with the household', async () => {
    const notIncluded = await all<MonitoringCase>('/api/v1/monitoring/cases?status=not_included');
    expect(notIncluded.some((c) => c.notIncludedReason)).toBe(true);
    const monitored = await all<MonitoringCase>('/api/v1/monitoring/cases?status=monitored');
    for (const category of monitoringCategories) expect(monitored.some((c) => c.category === category)).toBe(true);
    for (const c of monitored) {
      if (c.category === 'unstable') expect(c.householdCategory).toBe('搬迁脱贫户');
      if (c.category === 'marginal') expect(c.householdCategory).toBe('同步搬迁户');
    }
    const detail = (await lead.get(`/api/v1/monitoring/cases/${monitored[0]!.id}`)).json<CaseDetail>();
    expect(detail.steps.filter((s) => s.stage === 'identification')).toHaveLength(identificationSteps.length);
  });
});
