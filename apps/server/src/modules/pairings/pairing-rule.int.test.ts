import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@anzhi/domain/ids';
import { systemActor } from '../../platform/audit/audit.service';
import { buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { generatedRegistry, resultShape, storedAndPure, withRules } from '../../test/rule-twins';
import { updateParameters, type RulesDeps } from '../rules/rules.service';
import { evaluatePairingRule, runPairingRule } from './pairing-rule.service';
import { householdPairings } from './pairings.table';

const county = '360735';
const day = '2022-03-15';

/** R03 over a generated registry: the set-based INSERT … SELECT stores what the pure rule says, household by household. */
describe.skipIf(engineUnavailable())(`R03 set-based and pure on ${engine}`, () => {
  let t: TestApp;
  let deps: RulesDeps;

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    deps = withRules(t);
    const db = t.deps.db;
    const { householdIds: ids } = await generatedRegistry(t, {
      countyCode: county,
      seed: 3,
      households: 160,
      sites: 3,
      villages: 30,
    });
    // Every monitoring status in turn, so each verdict and the 风险已消除 setting are exercised.
    const statuses = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户', '风险已消除', '未纳入监测'];
    for (const [i, id] of ids.entries()) {
      await db.execute(sql`update households set monitoring_status = ${statuses[i % statuses.length]!}
        where id = ${id}::uuid`);
    }
    // Two cadres, and pairings on either side, both, or none; some ended (to_date set) and so not counted.
    const cadres = [
      await buildUser(t, { roles: [], displayName: '结对干部甲' }),
      await buildUser(t, { roles: [], displayName: '结对干部乙' }),
    ];
    for (const [i, id] of ids.entries()) {
      const pattern = Math.floor(i / statuses.length) % 5; // 0 none, 1 destination, 2 origin, 3 both, 4 ended
      const sides =
        pattern === 1 ? ['destination'] : pattern === 2 ? ['origin'] : pattern >= 3 ? ['destination', 'origin'] : [];
      for (const side of sides) {
        await db.insert(householdPairings).values({
          id: uuidv7(),
          countyCode: county,
          householdId: id,
          side,
          cadreUserId: cadres[i % 2]!.id,
          fromDate: '2021-01-01',
          toDate: pattern === 4 && side === 'origin' ? '2022-01-01' : null,
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
      () => runPairingRule(deps, day),
      () => evaluatePairingRule(t.deps, day),
    );

  it('stores, per household, the verdict, values, evidence and note the pure rule gives', async () => {
    const { stored, rows, pure } = await twins();
    expect(pure.length).toBe(128); // 未纳入监测 left out
    expect(rows).toEqual(pure);
    expect(new Set(pure.map((r) => r.verdict))).toEqual(new Set(['met', 'not_met', 'not_applicable']));
    expect(new Set(pure.map((r) => r.values.gap))).toEqual(
      new Set([undefined, 'none', 'destination_only', 'origin_only', 'both']),
    );
    expect(stored).toMatchObject({ results: pure.length, notMet: pure.filter((r) => r.verdict === 'not_met').length });
    const one = rows.find((r) => r.values.gap === 'both')!;
    expect((await evaluatePairingRule(t.deps, day, [one.entityId])).results.map(resultShape)).toEqual([one]);
  });

  it('agrees when 风险已消除 households must be paired too', async () => {
    await updateParameters(deps, systemActor, 'R03', {
      parameters: { includeEliminated: true },
      note: '测试：风险已消除户仍须结对',
    });
    const { rows, pure } = await twins();
    expect(rows).toEqual(pure);
    expect(pure.filter((r) => r.verdict === 'not_applicable')).toEqual([]);
  });
});
