import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonBatch, ComparisonCalendar, ComparisonWarning, Deliberation } from '@anzhi/contracts/comparison';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { demoPassword } from './accounts';
import { loadDemo } from './seed';

/** The demo shows department comparison: two months of batches, warnings in every state, a deliberation. */
describe.skipIf(engineUnavailable())(`comparison demo on ${engine}`, () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    await loadDemo(t.deps);
    for (const u of ['xczx', 'yibao', 'gly', 'qinjiang']) {
      agents[u] = new Agent(t.app);
      expect((await agents[u].login(u, demoPassword)).statusCode).toBe(200);
    }
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has batches of two months from several departments; 医保 sees only its own', async () => {
    const all = (await agents.xczx!.get('/api/v1/comparison/batches?pageSize=100')).json<{
      items: ComparisonBatch[];
    }>();
    expect(new Set(all.items.map((b) => b.month))).toEqual(new Set(['2022-02', '2022-03']));
    expect(new Set(all.items.map((b) => b.unitName)).size).toBeGreaterThanOrEqual(3);
    expect(all.items.every((b) => b.status === 'processed')).toBe(true);
    const sum = (k: keyof ComparisonBatch['counts']) => all.items.reduce((n, b) => n + b.counts[k], 0);
    expect(sum('matched')).toBeGreaterThan(0);
    expect(sum('unmatched')).toBeGreaterThan(0);
    expect(sum('invalid')).toBeGreaterThan(0);
    expect(sum('duplicate')).toBeGreaterThan(0);
    const mine = (await agents.yibao!.get('/api/v1/comparison/batches?pageSize=100')).json<{
      items: ComparisonBatch[];
    }>();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((b) => b.unitName === '县医保局')).toBe(true);
  });

  it('has warnings in every state and a deliberation that escalated one into a clue', async () => {
    const ws = (await agents.gly!.get('/api/v1/comparison/warnings?pageSize=200')).json<{
      items: ComparisonWarning[];
    }>().items;
    expect(new Set(ws.map((w) => w.status))).toEqual(new Set(['new', 'verified', 'dismissed', 'escalated']));
    expect(ws.some((w) => w.ruleId === 'YB01' && w.month === '2022-03' && Number(w.values.cumulative) >= 10000)).toBe(
      true,
    );
    const d = (await agents.qinjiang!.get('/api/v1/comparison/deliberations')).json<{ items: Deliberation[] }>().items;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ month: '2022-02', escalated: 1 });
    expect(d[0]!.clueIds).toHaveLength(1);
  });

  it('the calendar shows last month done by the 25th at 城南 and who delivered', async () => {
    const cal = (await agents.xczx!.get('/api/v1/comparison/calendar?month=2022-02')).json<ComparisonCalendar>();
    expect(cal.departments.find((d) => d.unitName === '县医保局')?.verdict).toBe('met');
    expect(cal.departments.find((d) => d.unitName === '县水利局')?.verdict).toBe('not_met');
    expect(cal.sites.find((s) => s.name === '城南幸福家园安置区')?.verdict).toBe('met');
  });
});
