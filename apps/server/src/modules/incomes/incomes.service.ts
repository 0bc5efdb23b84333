import type {
  HouseholdIncome,
  IncomeInput,
  IncomeLine,
  IncomeLineInput,
  IncomeLineUpdate,
  IncomeListItem,
  IncomeListQuery,
  IncomeUpdate,
} from '@anzhi/contracts/incomes';
import type { Permission } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import { perCapitaNetIncome, type IncomeComponents } from '@anzhi/domain/income';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { getDivision } from '../org/divisions.service';
import { findFollowUpHousehold, memberCountOn } from '../pairings/follow-up.repository';
import { todayOf } from '../registry/persons.service';
import { followUpScope } from '../registry/registry.scope';
import { validationFailed } from '../registry/registry.validation';
import {
  countIncomes,
  countyDivisionCode,
  findIncome,
  findIncomeOf,
  findLine,
  findLineOf,
  insertIncome,
  insertLine,
  linesOf,
  listIncomes,
  updateIncomeVersioned,
  updateLineVersioned,
  type IncomeListFilter,
} from './incomes.repository';
import { presentIncome, presentLine } from './incomes.presenter';

export const staleMessage = '该记录已被他人修改，请刷新后重试';

const scopeOf = (auth: AuthState, permission: Permission) => followUpScope(auth.assignments, permission, auth.user.id);

// ----- monitoring lines -----

export async function listLines(deps: Deps, year?: number): Promise<IncomeLine[]> {
  const rows = await linesOf(deps.db, deps.config.countyCode, year);
  return rows.map((r) => presentLine(r.line, r.divisionName, r.level));
}

async function getLine(deps: Deps, id: string): Promise<IncomeLine> {
  const [row] = (await linesOf(deps.db, deps.config.countyCode)).filter((r) => r.line.id === id);
  if (!row) throw notFound('监测线');
  return presentLine(row.line, row.divisionName, row.level);
}

/** The county (default) or one of its townships (override); anything else is refused. */
async function checkLineDivision(deps: Deps, code: string) {
  if (code === countyDivisionCode(deps.config.countyCode)) return;
  const d = await getDivision(deps.db, code);
  if (!d || d.level !== 'township' || d.parentCode !== countyDivisionCode(deps.config.countyCode))
    throw validationFailed([{ path: 'divisionCode', message: '监测线只能按本县或本县的乡镇设置' }]);
}

export async function createLine(deps: Deps, actor: ActorContext, raw: IncomeLineInput): Promise<IncomeLine> {
  if (raw.id && (await findLine(deps.db, raw.id))) return getLine(deps, raw.id);
  const countyCode = deps.config.countyCode;
  const input = { ...raw, divisionCode: raw.divisionCode ?? countyDivisionCode(countyCode) };
  await checkLineDivision(deps, input.divisionCode);
  if (await findLineOf(deps.db, countyCode, input.year, input.divisionCode))
    throw new AppError('CONFLICT', `${input.year} 年该区划已设置监测线，请修改原记录`);
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'income_line.create', async (tx, audit) => {
    const row = { id, countyCode, ...input, createdAt: now, updatedAt: now };
    await insertLine(tx, row);
    audit.entity('income_line', id, null, {
      year: row.year,
      divisionCode: row.divisionCode,
      amount: row.amount,
      nearMarginPercent: row.nearMarginPercent,
    });
  });
  return getLine(deps, id);
}

export async function changeLine(
  deps: Deps,
  actor: ActorContext,
  id: string,
  input: IncomeLineUpdate,
): Promise<IncomeLine> {
  const before = await findLine(deps.db, id);
  if (!before || before.countyCode !== deps.config.countyCode) throw notFound('监测线');
  await auditedTransaction(deps.db, deps.clock, actor, 'income_line.update', async (tx, audit) => {
    const { version, ...values } = input;
    const ok = await updateLineVersioned(tx, id, version, { ...values, updatedAt: deps.clock.now() });
    if (!ok) throw new AppError('CONFLICT', staleMessage);
    audit.entity(
      'income_line',
      id,
      { amount: before.amount, nearMarginPercent: before.nearMarginPercent, note: before.note },
      values,
    );
  });
  return getLine(deps, id);
}

// ----- yearly incomes -----

/** A household the caller may reach with the permission (registry scope, or as its paired/origin cadre); else 404. */
async function loadHousehold(deps: Deps, auth: AuthState, id: string, permission: Permission) {
  const h = await findFollowUpHousehold(deps.db, deps.config.countyCode, id, scopeOf(auth, permission), todayOf(deps));
  if (!h) throw notFound('搬迁户');
  return h;
}

/**
 * Members counted for a year (decisions.md, income: per-capita over the household's members): those on the year's
 * last day, or on today while the year runs. A future year cannot be collected.
 */
async function membersForYear(deps: Deps, householdId: string, year: number): Promise<number> {
  const today = todayOf(deps);
  const currentYear = Number(today.slice(0, 4));
  if (year > currentYear) throw validationFailed([{ path: 'year', message: '不能采集未来年度的收入' }]);
  return memberCountOn(deps.db, householdId, year < currentYear ? `${year}-12-31` : today);
}

function componentsOf(input: IncomeComponents): IncomeComponents {
  const { wage, business, property, transfer, businessCost, rigidSpending } = input;
  return { wage, business, property, transfer, businessCost, rigidSpending };
}

async function getIncomeOf(deps: Deps, auth: AuthState, householdId: string, year: number) {
  const filter: IncomeListFilter = {
    countyCode: deps.config.countyCode,
    year,
    scope: scopeOf(auth, 'income.read'),
    today: todayOf(deps),
    householdId,
  };
  const [row] = await listIncomes(deps.db, filter, null);
  const income = row ? presentIncome(row) : null;
  if (!income) throw notFound('收入记录');
  return income;
}

export async function getIncome(deps: Deps, auth: AuthState, id: string): Promise<HouseholdIncome> {
  const row = await findIncome(deps.db, id);
  if (!row || row.countyCode !== deps.config.countyCode) throw notFound('收入记录');
  return getIncomeOf(deps, auth, row.householdId, row.year);
}

export async function createIncome(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: IncomeInput,
): Promise<HouseholdIncome> {
  if (input.id && (await findIncome(deps.db, input.id))) return getIncome(deps, auth, input.id);
  await loadHousehold(deps, auth, input.householdId, 'income.write');
  if (await findIncomeOf(deps.db, input.householdId, input.year))
    throw new AppError('CONFLICT', `该户 ${input.year} 年的收入已采集，请修改原记录`);
  const components = componentsOf(input);
  const memberCount = await membersForYear(deps, input.householdId, input.year);
  const id = input.id ?? uuidv7();
  const now = deps.clock.now();
  await auditedTransaction(deps.db, deps.clock, actor, 'income.create', async (tx, audit) => {
    const row = {
      id,
      countyCode: deps.config.countyCode,
      householdId: input.householdId,
      year: input.year,
      ...components,
      memberCount,
      perCapita: perCapitaNetIncome(components, memberCount),
      note: input.note,
      recordedBy: auth.user.id,
      createdAt: now,
      updatedAt: now,
    };
    await insertIncome(tx, row);
    audit.entity('household_income', id, null, { householdId: row.householdId, year: row.year, ...components });
    audit.entity('household', input.householdId, null, null);
  });
  return getIncome(deps, auth, id);
}

export async function changeIncome(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  id: string,
  input: IncomeUpdate,
): Promise<HouseholdIncome> {
  const before = await findIncome(deps.db, id);
  if (!before || before.countyCode !== deps.config.countyCode) throw notFound('收入记录');
  await loadHousehold(deps, auth, before.householdId, 'income.write');
  const components = componentsOf(input);
  const memberCount = await membersForYear(deps, before.householdId, before.year);
  await auditedTransaction(deps.db, deps.clock, actor, 'income.update', async (tx, audit) => {
    const ok = await updateIncomeVersioned(tx, id, input.version, {
      ...components,
      memberCount,
      perCapita: perCapitaNetIncome(components, memberCount),
      note: input.note,
      recordedBy: auth.user.id,
      updatedAt: deps.clock.now(),
    });
    if (!ok) throw new AppError('CONFLICT', staleMessage);
    audit.entity('household_income', id, { ...componentsOf(before) }, { ...components });
    audit.entity('household', before.householdId, null, null);
  });
  return getIncome(deps, auth, id);
}

function filterOf(deps: Deps, auth: AuthState, q: Omit<IncomeListQuery, 'page' | 'pageSize'>): IncomeListFilter {
  return {
    countyCode: deps.config.countyCode,
    year: q.year,
    scope: scopeOf(auth, 'income.read'),
    today: todayOf(deps),
    townshipCode: q.townshipCode,
    siteId: q.siteId,
    householdId: q.householdId,
    status: q.status,
  };
}

export async function listIncomeItems(deps: Deps, auth: AuthState, q: IncomeListQuery) {
  const filter = filterOf(deps, auth, q);
  const [rows, total] = await Promise.all([
    listIncomes(deps.db, filter, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    countIncomes(deps.db, filter),
  ]);
  const items: IncomeListItem[] = rows.map((r) => ({
    householdId: r.householdId,
    householdNumber: r.householdNumber,
    headName: r.headName,
    siteName: r.siteName,
    townshipName: r.townshipName,
    monitoringStatus: r.monitoringStatus,
    income: presentIncome(r),
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** Every row of the list (for the workbook), with the filter as given. */
export async function allIncomeRows(deps: Deps, auth: AuthState, q: Omit<IncomeListQuery, 'page' | 'pageSize'>) {
  return listIncomes(deps.db, filterOf(deps, auth, q), null);
}
