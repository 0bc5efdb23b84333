import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Division, DivisionAlias, DivisionLevel } from '@anzhi/contracts/org';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { divisionAliases, divisions } from './org.table';

type DivisionRow = typeof divisions.$inferSelect;

export const presentDivision = (r: DivisionRow): Division => ({
  code: r.code,
  name: r.name,
  shortName: r.shortName,
  level: r.level as DivisionLevel,
  parentCode: r.parentCode,
});

export async function listDivisions(
  deps: Deps,
  q: { parentCode?: string | undefined; level?: DivisionLevel | undefined; q?: string | undefined },
) {
  const where: SQL[] = [eq(divisions.countyCode, deps.config.countyCode)];
  if (q.parentCode) where.push(eq(divisions.parentCode, q.parentCode));
  if (q.level) where.push(eq(divisions.level, q.level));
  if (q.q) where.push(or(ilike(divisions.name, `%${q.q}%`), eq(divisions.code, q.q))!);
  const rows = await deps.db
    .select()
    .from(divisions)
    .where(and(...where))
    .orderBy(asc(divisions.code))
    .limit(1000);
  return rows.map(presentDivision);
}

export async function getDivision(ex: Executor, code: string): Promise<DivisionRow | undefined> {
  const [row] = await ex.select().from(divisions).where(eq(divisions.code, code)).limit(1);
  return row;
}

/**
 * Resolves a name used in county records (full, short or an old name via the alias table) to a division
 * of the given level, optionally under a parent. Returns undefined when nothing or more than one matches.
 */
export async function resolveDivisionName(
  ex: Executor,
  name: string,
  level: DivisionLevel,
  parentCode?: string,
): Promise<DivisionRow | undefined> {
  const clean = name.replace(/\s+/g, '');
  if (!clean) return undefined;
  const [alias] = await ex.select().from(divisionAliases).where(eq(divisionAliases.alias, clean)).limit(1);
  if (alias) {
    const target = await getDivision(ex, alias.divisionCode);
    if (target?.level === level) return target;
  }
  const where: SQL[] = [eq(divisions.level, level), or(eq(divisions.name, clean), eq(divisions.shortName, clean))!];
  if (parentCode) where.push(eq(divisions.parentCode, parentCode));
  const rows = await ex
    .select()
    .from(divisions)
    .where(and(...where))
    .limit(2);
  return rows.length === 1 ? rows[0] : undefined;
}

export async function listDivisionAliases(deps: Deps): Promise<DivisionAlias[]> {
  const rows = await deps.db
    .select({
      alias: divisionAliases.alias,
      divisionCode: divisionAliases.divisionCode,
      divisionName: divisions.name,
      note: divisionAliases.note,
    })
    .from(divisionAliases)
    .innerJoin(divisions, eq(divisions.code, divisionAliases.divisionCode))
    .orderBy(asc(divisionAliases.alias));
  return rows;
}

export async function addDivisionAlias(
  deps: Deps,
  actor: ActorContext,
  input: { alias: string; divisionCode: string; note?: string | undefined },
) {
  const target = await getDivision(deps.db, input.divisionCode);
  if (!target) throw new AppError('VALIDATION_FAILED', `行政区划代码 ${input.divisionCode} 不存在`);
  const [existing] = await deps.db
    .select()
    .from(divisionAliases)
    .where(eq(divisionAliases.alias, input.alias))
    .limit(1);
  if (existing) throw new AppError('CONFLICT', `别名“${input.alias}”已登记`);
  await auditedTransaction(deps.db, deps.clock, actor, 'division.alias_add', async (tx, audit) => {
    const id = uuidv7();
    await tx
      .insert(divisionAliases)
      .values({ id, alias: input.alias, divisionCode: input.divisionCode, note: input.note ?? null });
    audit.entity('division_alias', id, null, { alias: input.alias, divisionCode: input.divisionCode });
  });
  return { alias: input.alias, divisionCode: target.code, divisionName: target.name, note: input.note ?? null };
}
