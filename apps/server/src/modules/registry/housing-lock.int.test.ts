import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@anzhi/domain/ids';
import { systemActor } from '../../platform/audit/audit.service';
import { buildTestApp, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { generatedRegistry, resultShape, storedAndPure, withRules } from '../../test/rule-twins';
import { updateParameters, type RulesDeps } from '../rules/rules.service';
import { evaluateHousingLock, runHousingLockRule } from './housing-lock.service';
import { housingTransactions } from './registry-facts.table';

const county = '360735';
const day = '2022-03-15';

/** R23 over a generated registry: the set-based INSERT … SELECT stores what the pure rule says, household by household. */
describe.skipIf(engineUnavailable())(`R23 set-based and pure on ${engine}`, () => {
  let t: TestApp;
  let deps: RulesDeps;

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    deps = withRules(t);
    const db = t.deps.db;
    const { householdIds: ids } = await generatedRegistry(t, {
      countyCode: county,
      seed: 23,
      households: 160,
      sites: 3,
      villages: 30,
    });
    // Dates the generator does not make: no date at all (not applicable), a lock starting on 29 February, a
    // certificate without a handover date.
    const set = (id: string, certificate: string | null, handover: string | null) =>
      db.execute(sql`update households set certificate_date = ${certificate}::date, handover_date = ${handover}::date
        where id = ${id}::uuid`);
    for (const id of ids.slice(0, 8)) await set(id, null, null);
    for (const id of ids.slice(8, 14)) await set(id, '2020-02-29', '2019-06-01');
    for (const id of ids.slice(14, 18)) await set(id, null, '2020-02-29');
    await set(ids[18]!, '2021-01-10', null);
    // Sales and sublets: inside the window, before it starts, after the judged day, rectified or still open,
    // several on one household, and some on households without a lock.
    const kinds = ['转让', '出租', '转借'];
    const dates = ['2010-05-01', '2020-03-01', '2021-02-28', '2021-03-01', '2022-03-15', '2022-03-16', '2023-01-01'];
    let n = 0;
    for (const id of ids.filter((_, i) => i % 3 === 0 || (i >= 8 && i < 19))) {
      for (let k = 0; k <= n % 3; k += 1) {
        n += 1;
        await db.insert(housingTransactions).values({
          id: uuidv7(),
          countyCode: county,
          householdId: id,
          kind: kinds[n % 3]!,
          transactionDate: dates[n % dates.length]!,
          counterparty: `测试对方${n}`,
          violation: false,
          rectificationStatus: n % 4 === 0 ? 'done' : n % 4 === 1 ? 'none' : 'open',
        });
      }
    }
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const twins = () =>
    storedAndPure(
      t,
      () => runHousingLockRule(deps, day),
      () => evaluateHousingLock(t.deps, day),
    );

  it('stores, per household, the verdict, values, evidence and note the pure rule gives', async () => {
    const { stored, rows, pure } = await twins();
    expect(pure.length).toBeGreaterThanOrEqual(160);
    expect(rows).toEqual(pure);
    expect(new Set(pure.map((r) => r.verdict))).toEqual(new Set(['met', 'not_met', 'not_applicable']));
    expect(stored.results).toBe(pure.length);
    expect(stored.notMet).toBe(pure.filter((r) => r.verdict === 'not_met').length);
    // Some households carry several transactions as evidence, and rectified ones are not open.
    expect(pure.some((r) => r.evidence.length > 2)).toBe(true);
    expect(pure.some((r) => Number(r.values.transactions) > Number(r.values.openRectifications))).toBe(true);
    // One household explained alone reads the same as its stored row.
    const one = rows.find((r) => r.verdict === 'not_met')!;
    const explained = (await evaluateHousingLock(t.deps, day, [one.entityId])).results.map(resultShape);
    expect(explained).toEqual([one]);
  });

  it('agrees with other parameters: a one-year lock from the handover (29 February ends on 1 March)', async () => {
    await updateParameters(deps, systemActor, 'R23', {
      parameters: { lockYears: 1, startBasis: 'handover', rectificationDays: 10 },
      note: '测试：一年、按交房日期起算',
    });
    const { rows, pure } = await twins();
    expect(rows).toEqual(pure);
    const leap = pure.filter((r) => r.values.lockStart === '2020-02-29');
    expect(leap.length).toBeGreaterThan(0);
    expect(leap.every((r) => r.values.lockEnd === '2021-03-01' && r.values.basis === 'handover')).toBe(true);
    // A certificate alone does not start the lock when the handover is the basis.
    expect(new Set(pure.map((r) => r.verdict))).toEqual(new Set(['met', 'not_met', 'not_applicable']));
  });
});
