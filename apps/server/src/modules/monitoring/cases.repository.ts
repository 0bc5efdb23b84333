import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { CaseStatus, ClueSource, ClueStatus, MonitoringCategory } from '@anzhi/contracts/monitoring-vocabulary';
import type { Executor } from '../../db/client';
import { sites } from '../org/org.table';
import {
  householdColumns,
  liveHouseholdsOf,
  townshipCodeOf,
  withHouseholdJoins,
} from '../pairings/follow-up.repository';
import { households } from '../registry/registry.table';
import type { HouseholdSide } from './cases.presenter';
import { monitoringCaseEvents, monitoringCaseSteps, monitoringCases, monitoringClues } from './monitoring.table';

/*
 * Reads of clues and cases with their household (number, head, site, township) under a scope condition
 * (followUpScope: the registry's scope widened to paired help cadres and origin-village cadres).
 */

export const monitoringHouseholdColumns = () => {
  const c = householdColumns();
  return {
    householdId: c.householdId,
    householdNumber: c.householdNumber,
    headName: c.headName,
    householdCategory: sql<string | null>`${households.category}`,
    siteId: c.siteId,
    siteName: c.siteName,
    townshipCode: c.townshipCode,
    townshipName: c.townshipName,
  };
};

export function householdSideOf(r: HouseholdSide): HouseholdSide {
  return {
    householdId: r.householdId,
    householdNumber: r.householdNumber,
    headName: r.headName,
    householdCategory: r.householdCategory,
    siteId: r.siteId,
    siteName: r.siteName,
    townshipCode: r.townshipCode,
    townshipName: r.townshipName,
  };
}

export interface PlaceFilter {
  countyCode: string;
  scope: SQL;
  today: string;
  townshipCode?: string;
  siteId?: string;
  householdId?: string;
}

function placeConditions(f: PlaceFilter): SQL[] {
  const where: SQL[] = [liveHouseholdsOf(f.countyCode), f.scope];
  if (f.townshipCode) where.push(sql`${townshipCodeOf} = ${f.townshipCode}`);
  if (f.siteId) where.push(eq(sites.id, f.siteId));
  if (f.householdId) where.push(eq(households.id, f.householdId));
  return where;
}

// ----- clues -----

export interface ClueFilter extends PlaceFilter {
  status?: ClueStatus;
  source?: ClueSource;
  month?: { from: string; to: string };
  ids?: string[];
  caseId?: string;
}

function clueConditions(f: ClueFilter): SQL {
  const where = placeConditions(f);
  if (f.status) where.push(eq(monitoringClues.status, f.status));
  if (f.source) where.push(eq(monitoringClues.source, f.source));
  if (f.month) where.push(gte(monitoringClues.reportedOn, f.month.from), lt(monitoringClues.reportedOn, f.month.to));
  if (f.ids)
    where.push(inArray(monitoringClues.id, f.ids.length > 0 ? f.ids : ['00000000-0000-0000-0000-000000000000']));
  if (f.caseId) where.push(eq(monitoringClues.caseId, f.caseId));
  return and(...where)!;
}

export async function listClueRows(ex: Executor, f: ClueFilter, limit: number | null, offset = 0) {
  const q = withHouseholdJoins(
    ex
      .select({ clue: monitoringClues, ...monitoringHouseholdColumns() })
      .from(households)
      .$dynamic(),
    f.today,
  )
    .innerJoin(monitoringClues, eq(monitoringClues.householdId, households.id))
    .where(clueConditions(f))
    .orderBy(desc(monitoringClues.reportedOn), desc(monitoringClues.id));
  return limit === null ? q : q.limit(limit).offset(offset);
}

export async function countClues(ex: Executor, f: ClueFilter): Promise<number> {
  const [row] = await withHouseholdJoins(
    ex
      .select({ n: sql<number>`count(*)::int` })
      .from(households)
      .$dynamic(),
    f.today,
  )
    .innerJoin(monitoringClues, eq(monitoringClues.householdId, households.id))
    .where(clueConditions(f));
  return row?.n ?? 0;
}

// ----- cases -----

export interface CaseFilter extends PlaceFilter {
  status?: CaseStatus;
  category?: MonitoringCategory;
  /** Identifying cases past their due day (late) or with few days left (at risk). */
  clock?: { kind: 'late' | 'at_risk'; today: string; atRiskFrom: string };
  id?: string;
}

function caseConditions(f: CaseFilter): SQL {
  const where = placeConditions(f);
  if (f.id) where.push(eq(monitoringCases.id, f.id));
  if (f.status) where.push(eq(monitoringCases.status, f.status));
  if (f.category) where.push(eq(monitoringCases.category, f.category));
  if (f.clock) {
    where.push(eq(monitoringCases.status, 'identifying'));
    if (f.clock.kind === 'late') where.push(lt(monitoringCases.dueOn, f.clock.today));
    else where.push(gte(monitoringCases.dueOn, f.clock.today), sql`${monitoringCases.dueOn} <= ${f.clock.atRiskFrom}`);
  }
  return and(...where)!;
}

export async function listCaseRows(ex: Executor, f: CaseFilter, limit: number | null, offset = 0) {
  const q = withHouseholdJoins(
    ex
      .select({ case: monitoringCases, ...monitoringHouseholdColumns() })
      .from(households)
      .$dynamic(),
    f.today,
  )
    .innerJoin(monitoringCases, eq(monitoringCases.householdId, households.id))
    .where(caseConditions(f))
    .orderBy(desc(monitoringCases.startedOn), desc(monitoringCases.id));
  return limit === null ? q : q.limit(limit).offset(offset);
}

export async function countCases(ex: Executor, f: CaseFilter): Promise<number> {
  const [row] = await withHouseholdJoins(
    ex
      .select({ n: sql<number>`count(*)::int` })
      .from(households)
      .$dynamic(),
    f.today,
  )
    .innerJoin(monitoringCases, eq(monitoringCases.householdId, households.id))
    .where(caseConditions(f));
  return row?.n ?? 0;
}

export async function stepsOf(ex: Executor, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return ex
    .select()
    .from(monitoringCaseSteps)
    .where(inArray(monitoringCaseSteps.caseId, caseIds))
    .orderBy(asc(monitoringCaseSteps.stepDate), asc(monitoringCaseSteps.createdAt));
}

export async function eventsOf(ex: Executor, caseId: string) {
  return ex
    .select()
    .from(monitoringCaseEvents)
    .where(eq(monitoringCaseEvents.caseId, caseId))
    .orderBy(asc(monitoringCaseEvents.eventDate), asc(monitoringCaseEvents.createdAt));
}

export async function findCase(ex: Executor, id: string) {
  const [row] = await ex.select().from(monitoringCases).where(eq(monitoringCases.id, id));
  return row;
}

export async function findClue(ex: Executor, id: string) {
  const [row] = await ex.select().from(monitoringClues).where(eq(monitoringClues.id, id));
  return row;
}
