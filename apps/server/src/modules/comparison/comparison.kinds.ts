import { and, eq, inArray } from 'drizzle-orm';
import {
  comparisonCatalogue,
  type ComparisonKind,
  type ComparisonRuleDef,
  type ComparisonRuleParameters,
} from '@anzhi/contracts/comparison';
import type { Db, Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import { AppError, notFound } from '../../platform/errors/app-error';
import type { Deps } from '../../platform/deps';
import { units } from '../org/org.table';
import { granting } from '../org/scope';
import { comparisonKinds, comparisonMappings } from './comparison.table';

/*
 * The catalogue (contracts/comparison.ts) is seeded into `comparison_kinds` the first time the module is used
 * on a database (insert-if-absent: parameters changed by the county are kept). Departments are org units.
 */

export type KindRow = typeof comparisonKinds.$inferSelect;

const ensured = new WeakSet<object>();

export async function ensureKinds(db: Db): Promise<void> {
  if (ensured.has(db)) return;
  const names = [...new Set(comparisonCatalogue.map((k) => k.unitName))];
  const rows = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.name, names));
  const unitIds = new Map(rows.map((r) => [r.name, r.id]));
  const values = comparisonCatalogue.flatMap((k) => {
    const unitId = unitIds.get(k.unitName);
    if (!unitId) return [];
    return [
      {
        key: k.key,
        unitId,
        title: k.title,
        inSeed: k.inSeed,
        columns: k.columns,
        rules: k.rules,
        ruleVersions: Object.fromEntries(k.rules.map((r) => [r.id, 1])),
      },
    ];
  });
  if (values.length > 0) await db.insert(comparisonKinds).values(values).onConflictDoNothing();
  ensured.add(db);
}

export async function loadKind(ex: Executor, key: string): Promise<KindRow | undefined> {
  const [row] = await ex.select().from(comparisonKinds).where(eq(comparisonKinds.key, key));
  return row;
}

/** The units through which the user uploads (department assignments). */
export function uploadUnits(auth: AuthState): string[] {
  return granting(auth.assignments, 'comparison.upload')
    .filter((a) => a.kind === 'unit' && a.unitId)
    .map((a) => a.unitId!);
}

export async function savedMapping(ex: Executor, unitId: string, kindKey: string) {
  const [row] = await ex
    .select()
    .from(comparisonMappings)
    .where(and(eq(comparisonMappings.unitId, unitId), eq(comparisonMappings.kindKey, kindKey)));
  return row?.mapping ?? null;
}

export async function listKinds(deps: Deps, auth: AuthState): Promise<{ items: ComparisonKind[] }> {
  await ensureKinds(deps.db);
  const rows = await deps.db
    .select({ kind: comparisonKinds, unitName: units.name })
    .from(comparisonKinds)
    .innerJoin(units, eq(units.id, comparisonKinds.unitId))
    .orderBy(units.name, comparisonKinds.key);
  const mine = new Set(uploadUnits(auth));
  const mappings = mine.size
    ? await deps.db
        .select()
        .from(comparisonMappings)
        .where(inArray(comparisonMappings.unitId, [...mine]))
    : [];
  return {
    items: rows.map(({ kind, unitName }) => ({
      key: kind.key,
      unitId: kind.unitId,
      unitName,
      title: kind.title,
      inSeed: kind.inSeed,
      columns: kind.columns,
      rules: kind.rules.map((r) => ({
        id: r.id,
        title: r.title,
        type: r.type,
        column: r.column ?? null,
        parameters: r.parameters,
        version: kind.ruleVersions[r.id] ?? 1,
        riskType: r.riskType,
      })),
      savedMapping: mappings.find((m) => m.unitId === kind.unitId && m.kindKey === kind.key)?.mapping ?? null,
      canUpload: mine.has(kind.unitId),
    })),
  };
}

/** PUT /comparison/kinds/:key/rules/:ruleId: new parameters, a new rule version (county configures). */
export async function configureRule(
  deps: Deps,
  actor: ActorContext,
  key: string,
  ruleId: string,
  parameters: ComparisonRuleParameters,
): Promise<void> {
  await ensureKinds(deps.db);
  await auditedTransaction(deps.db, deps.clock, actor, 'comparison.rule.configure', async (tx, audit) => {
    const kind = await loadKind(tx, key);
    if (!kind) throw notFound('数据类别');
    const rule = kind.rules.find((r) => r.id === ruleId);
    if (!rule) throw notFound('比对规则');
    const allowed: Record<ComparisonRuleDef['type'], (keyof ComparisonRuleParameters)[]> = {
      any: [],
      value_in: ['values'],
      amount_at_least: ['amount'],
      cumulative_at_least: ['amount'],
      school_age_missing: ['minAge', 'maxAge'],
    };
    const extra = Object.keys(parameters).filter(
      (p) => !allowed[rule.type].includes(p as keyof ComparisonRuleParameters),
    );
    if (extra.length > 0) throw new AppError('VALIDATION_FAILED', `该规则没有参数：${extra.join('、')}`);
    const next = { ...rule.parameters, ...parameters };
    if (next.minAge !== undefined && next.maxAge !== undefined && next.minAge > next.maxAge)
      throw new AppError('VALIDATION_FAILED', '最小年龄不能大于最大年龄');
    const version = (kind.ruleVersions[ruleId] ?? 1) + 1;
    await tx
      .update(comparisonKinds)
      .set({
        rules: kind.rules.map((r) => (r.id === ruleId ? { ...r, parameters: next } : r)),
        ruleVersions: { ...kind.ruleVersions, [ruleId]: version },
        updatedAt: deps.clock.now(),
      })
      .where(eq(comparisonKinds.key, key));
    audit.entity('comparison_rule', `${key}:${ruleId}`, { parameters: rule.parameters }, { parameters: next, version });
  });
}
