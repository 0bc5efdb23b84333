import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@anzhi/domain/ids';
import type { RuleRunResult } from '@anzhi/domain/rules/registry';
import { demoSites } from '../../demo/sites';
import { generateHouseholds } from '../../demo/generator/registry-generator';
import { systemActor } from '../../platform/audit/audit.service';
import { buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { divisions, sites } from '../org/org.table';
import { loadGenerated } from '../registry/registry-load';
import { households } from '../registry/registry.table';
import { resultsOfRun } from '../rules/rules.repository';
import { serverRuleRegistry } from '../rules/rules.registry';
import { updateParameters } from '../rules/rules.service';
import { evaluatePairingRule, runPairingRule } from './pairing-rule.service';
import { householdPairings } from './pairings.table';

const county = '360735';
const day = '2022-03-15';

type Shape = Pick<RuleRunResult, 'entityId' | 'values' | 'evidence' | 'note'> & { verdict: string };
const shape = (r: Shape): Shape => ({
  entityId: r.entityId,
  verdict: r.verdict,
  values: r.values,
  evidence: r.evidence,
  note: r.note,
});
const byEntity = (a: Shape, b: Shape) => (a.entityId < b.entityId ? -1 : 1);

/** R03 over a generated registry: the set-based INSERT … SELECT stores what the pure rule says, household by household. */
describe.skipIf(engineUnavailable())(`R03 set-based and pure on ${engine}`, () => {
  let t: TestApp;
  let deps: TestApp['deps'] & { rules: typeof serverRuleRegistry };

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    deps = { ...t.deps, rules: serverRuleRegistry };
    const db = t.deps.db;
    const siteRefs: { id: string; townshipCode: string }[] = [];
    for (const s of demoSites.slice(0, 3)) {
      const { key: _key, ...fields } = s;
      const id = uuidv7();
      await db.insert(sites).values({ id, ...fields, countyCode: county });
      siteRefs.push({ id, townshipCode: s.townshipCode });
    }
    const villages = (await db.select().from(divisions)).filter((d) => d.level === 'village').slice(0, 30);
    await loadGenerated(
      { db, cipher: t.deps.cipher, countyCode: county, now: t.deps.clock.now() },
      generateHouseholds({
        seed: 3,
        households: 160,
        countyCode: county,
        sites: siteRefs,
        villages: villages.map((v) => ({ code: v.code, townshipCode: v.parentCode! })),
        asOf: '2022-01-31',
      }),
    );
    const ids = (
      await db
        .select({ id: households.id })
        .from(households)
        .where(eq(households.countyCode, county))
        .orderBy(asc(households.id))
    ).map((r) => r.id);
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

  async function storedAndPure() {
    const stored = await runPairingRule(deps, day);
    const rows = (await resultsOfRun(t.deps.db, stored.runId)).map(shape).sort(byEntity);
    const pure = (await evaluatePairingRule(t.deps, day)).results.map(shape).sort(byEntity);
    return { stored, rows, pure };
  }

  it('stores, per household, the verdict, values, evidence and note the pure rule gives', async () => {
    const { stored, rows, pure } = await storedAndPure();
    expect(pure.length).toBe(128); // 未纳入监测 left out
    expect(rows).toEqual(pure);
    expect(new Set(pure.map((r) => r.verdict))).toEqual(new Set(['met', 'not_met', 'not_applicable']));
    expect(new Set(pure.map((r) => r.values.gap))).toEqual(
      new Set([undefined, 'none', 'destination_only', 'origin_only', 'both']),
    );
    expect(stored).toMatchObject({ results: pure.length, notMet: pure.filter((r) => r.verdict === 'not_met').length });
    const one = rows.find((r) => r.values.gap === 'both')!;
    expect((await evaluatePairingRule(t.deps, day, [one.entityId])).results.map(shape)).toEqual([one]);
  });

  it('agrees when 风险已消除 households must be paired too', async () => {
    await updateParameters(deps, systemActor, 'R03', {
      parameters: { includeEliminated: true },
      note: '测试：风险已消除户仍须结对',
    });
    const { rows, pure } = await storedAndPure();
    expect(rows).toEqual(pure);
    expect(pure.filter((r) => r.verdict === 'not_applicable')).toEqual([]);
  });
});
