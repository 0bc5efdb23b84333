import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthClose, PendingList, RevisitCompletion } from '@anzhi/contracts/revisits';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { demoPassword } from './accounts';
import { loadDemo } from './seed';

/** The whole demo loads with revisits: past months nearly complete, gaps this month, a closed and an open month. */
describe.skipIf(engineUnavailable())(`revisits demo on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let manager: Agent;

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    await loadDemo(t.deps);
    lead = new Agent(t.app);
    expect((await lead.login('xczx', demoPassword)).statusCode).toBe(200);
    manager = new Agent(t.app);
    expect((await manager.login('gly', demoPassword)).statusCode).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows past months nearly complete and gaps at some sites this month', async () => {
    const feb = (await lead.get('/api/v1/revisits/completion?month=2022-02')).json<RevisitCompletion>();
    expect(feb.county.households).toBeGreaterThan(1000);
    expect(feb.county.rate).toBeGreaterThan(0.9);
    expect(feb.county.rate).toBeLessThan(1);
    const mar = (await lead.get('/api/v1/revisits/completion?month=2022-03')).json<RevisitCompletion>();
    expect(mar.sites.some((s) => s.rate === 1)).toBe(true);
    expect(mar.sites.some((s) => s.rate < 0.6)).toBe(true);
    const mine = (await manager.get('/api/v1/revisits/pending?month=2022-03')).json<PendingList>();
    expect(mine.items.length).toBeGreaterThan(0);
  });

  it('has a month every township closed and a month still open for most', async () => {
    const jan = (await lead.get('/api/v1/month-closes?month=2022-01')).json<{ items: MonthClose[] }>();
    expect(jan.items.length).toBeGreaterThan(1);
    expect(jan.items.every((c) => c.status === 'closed' && c.onTime)).toBe(true);
    const feb = (await lead.get('/api/v1/month-closes?month=2022-02')).json<{ items: MonthClose[] }>();
    expect(feb.items.map((c) => c.townshipCode)).toEqual(['360735100000']);
  });
});
