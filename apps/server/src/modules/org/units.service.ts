import { asc, eq, inArray } from 'drizzle-orm';
import type { Unit, UnitKind } from '@anzhi/contracts/org';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors/app-error';
import { unitAliases, units } from './org.table';

type UnitRow = typeof units.$inferSelect;

function present(r: UnitRow, aliases: string[]): Unit {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as UnitKind,
    divisionCode: r.divisionCode,
    inSeed: r.inSeed,
    aliases,
    active: r.active,
  };
}

/** Units are reference data: every signed-in user may read the list. */
export async function listUnits(deps: Deps): Promise<Unit[]> {
  const rows = await deps.db.select().from(units).orderBy(asc(units.kind), asc(units.name));
  const aliasRows = rows.length
    ? await deps.db
        .select()
        .from(unitAliases)
        .where(
          inArray(
            unitAliases.unitId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) =>
    present(
      r,
      aliasRows.filter((a) => a.unitId === r.id).map((a) => a.alias),
    ),
  );
}

/** Resolves a unit name as written in the source or a workbook (canonical or reviewed alias). */
export async function resolveUnitName(ex: Executor, name: string): Promise<UnitRow | undefined> {
  const clean = name.trim();
  const [direct] = await ex
    .select()
    .from(units)
    .where(eq(units.name, clean.replace(/\s+/g, '')))
    .limit(1);
  if (direct) return direct;
  for (const candidate of [clean, clean.replace(/\s+/g, '')]) {
    const [alias] = await ex.select().from(unitAliases).where(eq(unitAliases.alias, candidate)).limit(1);
    if (alias) {
      const [row] = await ex.select().from(units).where(eq(units.id, alias.unitId)).limit(1);
      return row;
    }
  }
  return undefined;
}

export async function getUnit(ex: Executor, id: string): Promise<UnitRow | undefined> {
  const [row] = await ex.select().from(units).where(eq(units.id, id)).limit(1);
  return row;
}

export async function createUnit(
  deps: Deps,
  actor: ActorContext,
  input: { id?: string | undefined; name: string; kind: UnitKind; divisionCode?: string | null | undefined },
): Promise<Unit> {
  if (input.id) {
    const existing = await getUnit(deps.db, input.id);
    if (existing) return present(existing, []);
  }
  if (await resolveUnitName(deps.db, input.name))
    throw new AppError('CONFLICT', `单位“${input.name}”已存在（或是已登记的别名）`);
  const id = input.id ?? uuidv7();
  await auditedTransaction(deps.db, deps.clock, actor, 'unit.create', async (tx, audit) => {
    await tx
      .insert(units)
      .values({ id, name: input.name, kind: input.kind, divisionCode: input.divisionCode ?? null, inSeed: false });
    audit.entity('unit', id, null, { name: input.name, kind: input.kind });
  });
  return present((await getUnit(deps.db, id))!, []);
}

export async function addUnitAlias(deps: Deps, actor: ActorContext, unitId: string, alias: string): Promise<Unit> {
  const unit = await getUnit(deps.db, unitId);
  if (!unit) throw new AppError('NOT_FOUND', '单位不存在');
  const clash = await resolveUnitName(deps.db, alias);
  if (clash) throw new AppError('CONFLICT', `“${alias}”已指向单位“${clash.name}”`);
  await auditedTransaction(deps.db, deps.clock, actor, 'unit.alias_add', async (tx, audit) => {
    const id = uuidv7();
    await tx.insert(unitAliases).values({ id, alias, unitId, note: '管理员添加' });
    audit.entity('unit_alias', id, null, { alias, unitId, unitName: unit.name });
  });
  const aliases = await deps.db.select().from(unitAliases).where(eq(unitAliases.unitId, unitId));
  return present(
    unit,
    aliases.map((a) => a.alias),
  );
}
