import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataQualityReport, HouseholdHistory } from '@anzhi/contracts/registry-events';
import { inboxItems } from '../platform/notifications/notifications.table';
import { householdEvents } from '../modules/registry/registry-facts.table';
import { users } from '../modules/users/users.table';
import { Agent, buildTestApp, type TestApp } from '../test/harness';
import { demoPassword } from './accounts';
import { loadDemo } from './seed';

// The demo's household events: what each role sees of them (one engine: the demo is the same on both).
describe('registry events demo', () => {
  let t: TestApp;
  const login = async (username: string) => {
    const a = new Agent(t.app);
    expect((await a.login(username, demoPassword)).statusCode).toBe(200);
    return a;
  };

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-03-15T02:00:00Z') });
    await loadDemo(t.deps);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has a split, a move and a closed household at the site manager’s site', async () => {
    const events = await t.deps.db.select().from(householdEvents);
    expect(new Set(events.map((e) => e.kind))).toEqual(
      new Set(['split', 'split_from', 'move', 'close', 'housing_transaction']),
    );
    const gly = await login('gly');
    for (const kind of ['split', 'move', 'close']) {
      const e = events.find((x) => x.kind === kind)!;
      const res = await gly.get(`/api/v1/households/${e.householdId}/history`);
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
      expect(res.json<HouseholdHistory>().events.some((x) => x.kind === kind)).toBe(true);
    }
  });

  it('gives the 屏山镇 user the R23 rectification item and the household’s lock verdict', async () => {
    const [pingshanUser] = await t.deps.db.select().from(users).where(eq(users.username, 'pingshan'));
    const items = await t.deps.db.select().from(inboxItems).where(eq(inboxItems.userId, pingshanUser!.id));
    const item = items.find((i) => i.source === 'registry.r23');
    expect(item).toMatchObject({ status: 'open' });
    const pingshan = await login('pingshan');
    const householdId = item!.link!.split('/').pop()!;
    const history = (await pingshan.get(`/api/v1/households/${householdId}/history`)).json<HouseholdHistory>();
    expect(history.housingLock.verdict).toBe('not_met');
    expect(history.housingTransactions[0]).toMatchObject({ violation: true, rectificationStatus: 'open' });
  });

  it('shows data-quality findings to the county and to the township in scope', async () => {
    const xczx = await login('xczx');
    const report = (await xczx.get('/api/v1/data-quality/registry')).json<DataQualityReport>();
    const count = (kind: string) => report.summary.find((s) => s.kind === kind)!.count;
    expect(count('no_valid_id_number')).toBeGreaterThanOrEqual(2);
    expect(count('dispersed_without_village')).toBe(1);
    const qinjiang = await login('qinjiang');
    const own = (await qinjiang.get('/api/v1/data-quality/registry?kind=no_valid_id_number')).json<DataQualityReport>();
    expect(own.total).toBeGreaterThanOrEqual(2);
  });
});
