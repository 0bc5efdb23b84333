import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerCatalogue, LedgerPage, Snapshot } from '@anzhi/contracts/ledgers';
import type { MonthClose } from '@anzhi/contracts/revisits';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { demoPassword } from './accounts';
import { loadDemo } from './seed';

/** The demo's closed months come with their snapshots, and the ledgers are filled from the demo's records. */
describe.skipIf(engineUnavailable())(`ledgers and snapshots demo on ${engine}`, () => {
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

  it('freezes every closed month of the demo, and the closed month’s ledger reads the snapshot', async () => {
    const closes = (await lead.get('/api/v1/month-closes?month=2022-02')).json<{ items: MonthClose[] }>().items;
    const closed = closes.filter((c) => c.status === 'closed').map((c) => c.townshipCode);
    expect(closed.length).toBeGreaterThan(0);
    const snaps = (await lead.get('/api/v1/snapshots?month=2022-02')).json<{ items: Snapshot[] }>().items;
    expect(snaps.map((s) => s.townshipCode).sort()).toEqual([...closed].sort());
    const snap = snaps[0]!;
    expect(snap.rowCounts.support).toBeGreaterThan(0);
    expect(snap.rowCounts.revisits).toBeGreaterThanOrEqual(snap.rowCounts.support!);
    expect(snap.figures).toMatchObject({ households: snap.rowCounts.support });

    const page = (
      await lead.get(`/api/v1/ledgers/support?month=2022-02&townshipCode=${snap.townshipCode}&pageSize=5`)
    ).json<LedgerPage>();
    expect(page.frozen.map((f) => f.townshipCode)).toEqual([snap.townshipCode]);
    expect(page.total).toBe(snap.rowCounts.support);
    expect(page.items[0]?.householdNumber).toBeTruthy();
    expect(String(page.items[0]?.idNumber ?? '')).toMatch(/^$|\*{8}/);
  });

  it('fills the ledgers with sources from the demo records; the others say 本期无记录', async () => {
    const catalogue = (await lead.get('/api/v1/ledgers')).json<LedgerCatalogue>().items;
    for (const l of catalogue) {
      const res = await lead.get(`/api/v1/ledgers/${l.kind}?month=2022-03&pageSize=1`);
      expect(res.statusCode, `${l.kind}: ${res.body.slice(0, 200)}`).toBe(200);
      const page = res.json<LedgerPage>();
      if (!l.hasSource) expect(page.empty, l.kind).toBe(true);
      else if (l.kind !== 'monitoring') expect(page.total, l.kind).toBeGreaterThan(0);
    }
    const report = await lead.get('/api/v1/reports/monthly?month=2022-02');
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('已确认');
  });
});
