import { asc, eq } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import type { RuleRunResult } from '@anzhi/domain/rules/registry';
import { generateHouseholds } from '../demo/generator/registry-generator';
import { demoSites } from '../demo/sites';
import { divisions, sites } from '../modules/org/org.table';
import { loadGenerated } from '../modules/registry/registry-load';
import { households } from '../modules/registry/registry.table';
import { serverRuleRegistry } from '../modules/rules/rules.registry';
import { resultsOfRun } from '../modules/rules/rules.repository';
import type { RulesDeps } from '../modules/rules/rules.service';
import type { TestApp } from './harness';

/*
 * For tests that hold a rule's set-based SQL twin against its pure rule: a generated registry to judge, the test
 * app's deps with the rules, and results reduced to what both forms must agree on.
 */

/** What a stored (or SQL-computed) result and the pure rule's result must agree on. */
export type ResultShape = Pick<RuleRunResult, 'entityId' | 'values' | 'evidence' | 'note'> & { verdict: string };

export const resultShape = (r: ResultShape): ResultShape => ({
  entityId: r.entityId,
  verdict: r.verdict,
  values: r.values,
  evidence: r.evidence,
  note: r.note,
});

export const byEntity = (a: { entityId: string }, b: { entityId: string }) => (a.entityId < b.entityId ? -1 : 1);

/** Results shaped and ordered by entity, so that two forms' results compare with `toEqual`. */
export const comparable = (results: readonly ResultShape[]): ResultShape[] => results.map(resultShape).sort(byEntity);

/**
 * Stores a run (`store`, the SQL twin), then reads its rows back and the pure rule's results (`evaluate`), both
 * comparable.
 */
export async function storedAndPure<Stored extends { runId: string }>(
  t: TestApp,
  store: () => Promise<Stored>,
  evaluate: () => Promise<{ results: readonly ResultShape[] }>,
): Promise<{ stored: Stored; rows: ResultShape[]; pure: ResultShape[] }> {
  const stored = await store();
  const rows = comparable(await resultsOfRun(t.deps.db, stored.runId));
  const pure = comparable((await evaluate()).results);
  return { stored, rows, pure };
}

/** The test app's deps with the server's rules (what storing a run needs). */
export const withRules = (t: TestApp): RulesDeps => ({ ...t.deps, rules: serverRuleRegistry });

export interface GeneratedRegistry {
  /** The demo sites inserted, in their order. */
  sites: { id: string; townshipCode: string }[];
  /** The county's households, ordered by id. */
  householdIds: string[];
}

/**
 * A county registry for the twins to judge: the first `sites` demo sites, and `households` households generated
 * (from `seed`) over them and the first `villages` villages, as of 2022-01-31.
 */
export async function generatedRegistry(
  t: TestApp,
  o: { countyCode: string; seed: number; households: number; sites: number; villages: number },
): Promise<GeneratedRegistry> {
  const db = t.deps.db;
  const siteRefs: { id: string; townshipCode: string }[] = [];
  for (const s of demoSites.slice(0, o.sites)) {
    const { key: _key, ...fields } = s;
    const id = uuidv7();
    await db.insert(sites).values({ id, ...fields, countyCode: o.countyCode });
    siteRefs.push({ id, townshipCode: s.townshipCode });
  }
  const villages = (await db.select().from(divisions)).filter((d) => d.level === 'village').slice(0, o.villages);
  await loadGenerated(
    { db, cipher: t.deps.cipher, countyCode: o.countyCode, now: t.deps.clock.now() },
    generateHouseholds({
      seed: o.seed,
      households: o.households,
      countyCode: o.countyCode,
      sites: siteRefs,
      villages: villages.map((v) => ({ code: v.code, townshipCode: v.parentCode! })),
      asOf: '2022-01-31',
    }),
  );
  const householdIds = (
    await db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.countyCode, o.countyCode))
      .orderBy(asc(households.id))
  ).map((r) => r.id);
  return { sites: siteRefs, householdIds };
}
