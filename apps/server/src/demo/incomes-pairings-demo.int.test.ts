import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomeLine, IncomeListItem } from '@anzhi/contracts/incomes';
import type { PairingOverviewItem } from '@anzhi/contracts/pairings';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { demoPassword } from './accounts';
import { demoLineNote } from './incomes-pairings-demo';
import { loadDemo } from './seed';

type Page<T> = { items: T[]; total: number };

/** The demo shows incomes against a labelled demo line and the pairing of monitored households. */
describe.skipIf(engineUnavailable())(`incomes and pairing demo on ${engine}`, () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    await loadDemo(t.deps);
    for (const username of ['xczx', 'bfgb', 'cgb']) {
      agents[username] = new Agent(t.app);
      expect((await agents[username].login(username, demoPassword)).statusCode).toBe(200);
    }
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  const total = async (who: string, url: string) => {
    const res = await agents[who]!.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page<unknown>>().total;
  };

  it('labels the demo line and has households below, near and above it, and some not collected', async () => {
    const lines = (await agents.xczx!.get('/api/v1/settings/income-lines?year=2021')).json<{ items: IncomeLine[] }>();
    expect(lines.items.length).toBe(2);
    expect(lines.items.every((l) => l.note === demoLineNote)).toBe(true);
    for (const status of ['below', 'near', 'above', 'missing'])
      expect(await total('xczx', `/api/v1/incomes?year=2021&status=${status}`)).toBeGreaterThan(0);
  });

  it('pairs monitored households with a few 两不管 and one-side-only; a help cadre sees only paired ones', async () => {
    for (const gap of ['none', 'destination_only', 'origin_only', 'both'])
      expect(await total('xczx', `/api/v1/pairings?gap=${gap}`)).toBeGreaterThan(0);
    const paired = (await agents.bfgb!.get('/api/v1/pairings?households=all&pageSize=200')).json<
      Page<PairingOverviewItem>
    >();
    expect(paired.total).toBeGreaterThan(0);
    expect(paired.items.every((i) => i.destination !== null)).toBe(true);
    const incomes = (await agents.bfgb!.get('/api/v1/incomes?year=2021&pageSize=200')).json<Page<IncomeListItem>>();
    expect(incomes.total).toBe(paired.total);
    expect(await total('cgb', '/api/v1/incomes?year=2021')).toBeGreaterThan(0);
  });
});
