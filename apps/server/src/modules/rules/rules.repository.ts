import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../users/users.table';
import { ruleParameterSets, ruleResults, ruleRuns } from './rules.table';

export type RuleParameterSetRow = typeof ruleParameterSets.$inferSelect;
export type RuleRunRow = typeof ruleRuns.$inferSelect;
export type RuleResultRow = typeof ruleResults.$inferSelect;
export type NewRuleRun = typeof ruleRuns.$inferInsert;
export type NewRuleResult = typeof ruleResults.$inferInsert;

/** A stored parameter set with the name of who saved it. */
export type RuleParameterSetWithAuthor = RuleParameterSetRow & { createdByName: string | null };

/** Rows per INSERT statement when storing results (8 columns → 8,000 bind parameters, well under 65,535). */
export const resultChunkSize = 1000;

const withAuthor = {
  id: ruleParameterSets.id,
  ruleId: ruleParameterSets.ruleId,
  version: ruleParameterSets.version,
  parameters: ruleParameterSets.parameters,
  ruleVersion: ruleParameterSets.ruleVersion,
  note: ruleParameterSets.note,
  createdBy: ruleParameterSets.createdBy,
  createdAt: ruleParameterSets.createdAt,
  createdByName: users.displayName,
};

export async function latestParameterSet(
  ex: Executor,
  ruleId: string,
): Promise<RuleParameterSetWithAuthor | undefined> {
  const [row] = await ex
    .select(withAuthor)
    .from(ruleParameterSets)
    .leftJoin(users, eq(users.id, ruleParameterSets.createdBy))
    .where(eq(ruleParameterSets.ruleId, ruleId))
    .orderBy(desc(ruleParameterSets.version))
    .limit(1);
  return row;
}

/** The latest stored set of each rule that has one. */
export async function latestParameterSets(
  ex: Executor,
  ruleIds: readonly string[],
): Promise<Map<string, RuleParameterSetWithAuthor>> {
  if (ruleIds.length === 0) return new Map();
  const rows = await ex
    .selectDistinctOn([ruleParameterSets.ruleId], withAuthor)
    .from(ruleParameterSets)
    .leftJoin(users, eq(users.id, ruleParameterSets.createdBy))
    .where(inArray(ruleParameterSets.ruleId, [...ruleIds]))
    .orderBy(asc(ruleParameterSets.ruleId), desc(ruleParameterSets.version));
  return new Map(rows.map((r) => [r.ruleId, r]));
}

/** Every stored version of a rule's parameters, newest first. */
export async function parameterSetHistory(ex: Executor, ruleId: string): Promise<RuleParameterSetWithAuthor[]> {
  return ex
    .select(withAuthor)
    .from(ruleParameterSets)
    .leftJoin(users, eq(users.id, ruleParameterSets.createdBy))
    .where(eq(ruleParameterSets.ruleId, ruleId))
    .orderBy(desc(ruleParameterSets.version));
}

export async function findParameterSet(
  ex: Executor,
  ruleId: string,
  version: number,
): Promise<RuleParameterSetRow | undefined> {
  const [row] = await ex
    .select()
    .from(ruleParameterSets)
    .where(and(eq(ruleParameterSets.ruleId, ruleId), eq(ruleParameterSets.version, version)))
    .limit(1);
  return row;
}

export async function insertParameterSet(ex: Executor, row: typeof ruleParameterSets.$inferInsert): Promise<void> {
  await ex.insert(ruleParameterSets).values(row);
}

export async function insertRun(ex: Executor, row: NewRuleRun): Promise<void> {
  await ex.insert(ruleRuns).values(row);
}

/** Stores results in chunks (one multi-row INSERT per chunk). */
export async function insertResults(ex: Executor, rows: readonly NewRuleResult[]): Promise<void> {
  for (let i = 0; i < rows.length; i += resultChunkSize) {
    await ex.insert(ruleResults).values(rows.slice(i, i + resultChunkSize));
  }
}

export async function latestRuns(ex: Executor, ruleId: string, limit: number): Promise<RuleRunRow[]> {
  return ex
    .select()
    .from(ruleRuns)
    .where(eq(ruleRuns.ruleId, ruleId))
    .orderBy(desc(ruleRuns.evaluatedAt), desc(ruleRuns.id))
    .limit(limit);
}

export async function findRun(ex: Executor, runId: string): Promise<RuleRunRow | undefined> {
  const [row] = await ex.select().from(ruleRuns).where(eq(ruleRuns.id, runId)).limit(1);
  return row;
}

export async function resultsOfRun(ex: Executor, runId: string): Promise<RuleResultRow[]> {
  return ex.select().from(ruleResults).where(eq(ruleResults.runId, runId)).orderBy(asc(ruleResults.entityId));
}
