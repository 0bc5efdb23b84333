import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uuidv7 } from '@anzhi/domain/ids';
import { effectiveStatus } from '../modules/supervision/supervision.presenter';
import { plans, taskInstances, taskReports } from '../modules/supervision/supervision.table';
import { sites } from '../modules/org/org.table';
import { auditedTransaction, systemActor } from '../platform/audit/audit.service';
import { buildTestApp, type TestApp } from '../test/harness';
import { loadSupervisionDemo } from './supervision-demo';

let t: TestApp;
beforeAll(async () => {
  // 2026-11-20 10:00 in Shanghai.
  t = await buildTestApp({ now: new Date('2026-11-20T02:00:00Z') });
  for (const [name, townshipCode] of [
    ['琴江演示点', '360735100000'],
    ['屏山演示点', '360735102000'],
  ] as const)
    await t.deps.db
      .insert(sites)
      .values({ id: uuidv7(), name, countyCode: '360735', townshipCode, type: '城镇安置区' });
});
afterAll(async () => t?.close());

it('rolls the 2022 plan into the demo year with accepted, submitted, returned, in-progress and overdue instances', async () => {
  await auditedTransaction(t.deps.db, t.clock, systemActor, 'demo.load', (tx, audit) =>
    loadSupervisionDemo(tx, t.deps, audit),
  );
  const all = await t.deps.db.select().from(plans);
  expect(all.map((p) => [p.year, p.status]).sort()).toEqual([
    [2022, 'published'],
    [2026, 'published'],
  ]);
  const plan2026 = all.find((p) => p.year === 2026)!;
  const rows = await t.deps.db.select().from(taskInstances).where(eq(taskInstances.planId, plan2026.id));
  const now = t.clock.now();
  const statuses = new Set(rows.map((r) => effectiveStatus(r.status, r.dueAt, now)));
  for (const s of ['accepted', 'submitted', 'returned', 'in_progress', 'overdue', 'not_started'])
    expect(statuses, s).toContain(s);
  const accepted = rows.filter((r) => r.status === 'accepted');
  expect(accepted.every((r) => r.firstSubmittedAt! < r.dueAt && r.acceptedAt! > r.dueAt)).toBe(true);
  expect((await t.deps.db.select().from(taskReports)).length).toBeGreaterThanOrEqual(accepted.length * 2);
});
