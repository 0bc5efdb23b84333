import { eq } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import { parseDeadline, normalizeDeadlineText } from '@anzhi/domain/deadlines';
import { localDateToInstant } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { resolveUnitName } from '../org/units.service';
import { plan2022Rows, plan2022Title, plan2022Year } from './plan-2022';
import { planItems, plans } from './supervision.table';

/** The urban community committee as the alias table knows it. */
const urbanCommittee = '城市社区党工委、管委会';
const townshipParty = /(?:有关)?乡\(镇\)党委、政府/;
const urbanParty = /(?:有关)?县?城市社区党工委、管委会/;

/**
 * Splits a unit cell of the list into the township party ("有关乡(镇)党委、政府", which means every township with
 * relocated households) and the unit names it lists. Removes the PDF's line-break spaces and folds full-width
 * brackets first; the committee names contain "、" themselves, so they are taken out before splitting.
 */
export function splitUnitCell(cell: string): { townships: boolean; names: string[] } {
  let rest = cell.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  const townships = townshipParty.test(rest);
  rest = rest.split(townshipParty).join('、');
  const names: string[] = [];
  if (urbanParty.test(rest)) names.push(urbanCommittee);
  rest = rest.split(urbanParty).join('、');
  for (const name of rest.split(/[、，,；;]/)) if (name && !names.includes(name)) names.push(name);
  return { townships, names };
}

export interface ResolvedCell {
  unitIds: string[];
  includesTownships: boolean;
  unresolved: string[];
}

/** Resolves a unit cell through the reviewed alias table; names it cannot resolve are returned, not dropped. */
export async function resolveUnitCell(ex: Executor, cell: string): Promise<ResolvedCell> {
  const { townships, names } = splitUnitCell(cell);
  const unitIds: string[] = [];
  const unresolved: string[] = [];
  for (const name of names) {
    const unit = await resolveUnitName(ex, name);
    if (!unit) unresolved.push(name);
    else if (!unitIds.includes(unit.id)) unitIds.push(unit.id);
  }
  return { unitIds, includesTownships: townships, unresolved };
}

export const plan2022SourceKey = 'shicheng-2022';

/**
 * Loads the 2022 list as published (reference data, every deployment): once, identified by its source key.
 * Published on the source's date (2022-03-21); instances are generated only while its year is current.
 */
export async function seedPlan2022(ex: Executor): Promise<{ rows: number; unresolved: string[] }> {
  const [existing] = await ex.select({ id: plans.id }).from(plans).where(eq(plans.sourceKey, plan2022SourceKey));
  if (existing) return { rows: 0, unresolved: [] };
  const publishedAt = localDateToInstant('2022-03-21');
  const planId = uuidv7();
  await ex.insert(plans).values({
    id: planId,
    year: plan2022Year,
    title: plan2022Title,
    status: 'published',
    sourceKey: plan2022SourceKey,
    publishedAt,
    createdAt: publishedAt,
    updatedAt: publishedAt,
  });
  const unresolved: string[] = [];
  for (const r of plan2022Rows) {
    const lead = await resolveUnitCell(ex, r.lead);
    const responsible = await resolveUnitCell(ex, r.responsible);
    const names = [...lead.unresolved, ...responsible.unresolved];
    unresolved.push(...names.map((n) => `第${r.row}行：${n}`));
    await ex.insert(planItems).values({
      id: uuidv7(),
      planId,
      rowNo: r.row,
      groupName: r.group,
      groupFrom: r.groupFrom,
      text: r.text,
      leadUnitIds: lead.unitIds,
      responsibleUnitIds: responsible.unitIds,
      includesTownships: responsible.includesTownships,
      unresolvedNames: names,
      deadlineText: normalizeDeadlineText(r.deadline),
      deadline: parseDeadline(r.deadline),
      note: null,
    });
  }
  return { rows: plan2022Rows.length, unresolved };
}
