import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  placeKey,
  unmetByPlace,
  type Dashboard,
  type DashboardFigures,
  type DashboardQuery,
  type PlaceOrder,
  type RuleCell,
  type RuleColumn,
  type ScopeFigures,
  type Trend,
} from '@anzhi/contracts/dashboards';
import { currentPeriod, parsePeriodKey, previousPeriod } from '@anzhi/domain/periods';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { divisions, sites } from '../org/org.table';
import { granting, hasCountyScope, siteInScope } from '../org/scope';
import { dashboardFigures } from './dashboards.table';
import { computeFigures } from './figures.service';

/*
 * 数据看板: the county, township and site views of a month's figures. The figures come from, in order: the current
 * month-end snapshot of a closed month (per township, frozen by the snapshots module), the pre-aggregated row the
 * rules job stored, or (no row yet) a live computation that is then stored. A township or site view is the county's
 * figures narrowed to it.
 */

type Source = Dashboard['source'];

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Stores (replaces) the county's pre-aggregated figures of a month. */
export async function storeFigures(deps: Pick<Deps, 'db' | 'clock'>, figures: DashboardFigures, scopeKey = 'county') {
  await deps.db
    .insert(dashboardFigures)
    .values({ month: figures.month, scopeKey, figures, computedAt: deps.clock.now() })
    .onConflictDoUpdate({
      target: [dashboardFigures.month, dashboardFigures.scopeKey],
      set: { figures, computedAt: deps.clock.now() },
    });
}

/** Recomputes and stores the county's figures of a month (the rules job's last step). */
export async function refreshFigures(deps: Pick<Deps, 'db' | 'clock'>, month: string): Promise<DashboardFigures> {
  const figures = await computeFigures(deps.db, { month, now: deps.clock.now() });
  await storeFigures(deps, figures);
  return figures;
}

/** Current snapshots' figures of closed months, by township (only those frozen from computeFigures). */
async function snapshotFigures(deps: Pick<Deps, 'db'>, months: readonly string[]) {
  const out = new Map<string, Map<string, DashboardFigures>>();
  if (months.length === 0) return out;
  const [exists] = rowsOf<{ t: string | null }>(
    await deps.db.execute(sql`select to_regclass('month_snapshots')::text as t`),
  );
  if (!exists?.t) return out;
  const rows = rowsOf<{ month: string; township_code: string; figures: DashboardFigures }>(
    await deps.db.execute(sql`select month, township_code, figures from month_snapshots
      where status = 'current' and figures_source = 'dashboards' and month in (${sql.join(
        months.map((m) => sql`${m}`),
        sql`, `,
      )})`),
  );
  for (const r of rows) {
    const f = typeof r.figures === 'string' ? (JSON.parse(r.figures) as DashboardFigures) : r.figures;
    if (!f || !Array.isArray(f.sites)) continue;
    const byTownship = out.get(r.month) ?? new Map<string, DashboardFigures>();
    byTownship.set(r.township_code, f);
    out.set(r.month, byTownship);
  }
  return out;
}

const additiveKeys = [
  'households',
  'persons',
  'monitored',
  'revisitDue',
  'revisited',
  'workableHouseholds',
  'employedHouseholds',
] as const;

function sumScopes(base: ScopeFigures, parts: readonly ScopeFigures[]): ScopeFigures {
  const out: ScopeFigures = {
    ...base,
    sites: 0,
    monitoredByCategory: {},
    monitoredByRiskType: {},
    ...Object.fromEntries(additiveKeys.map((k) => [k, 0])),
  };
  for (const p of parts) {
    out.sites += p.sites;
    for (const k of additiveKeys) out[k] += p[k];
    for (const [k, v] of Object.entries(p.monitoredByCategory)) {
      out.monitoredByCategory[k] = (out.monitoredByCategory[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(p.monitoredByRiskType)) {
      out.monitoredByRiskType[k] = (out.monitoredByRiskType[k] ?? 0) + v;
    }
  }
  return out;
}

/** Rule columns recomputed from township cells (rules judged per site chief have none and keep their totals). */
function columnsFromCells(columns: readonly RuleColumn[], cells: readonly RuleCell[]): RuleColumn[] {
  return columns.map((c) => {
    const mine = cells.filter((x) => x.ruleId === c.ruleId && x.scopeType === 'township');
    if (mine.length === 0) return c;
    const met = mine.reduce((s, x) => s + x.met, 0);
    const notMet = mine.reduce((s, x) => s + x.notMet, 0);
    const notApplicable = mine.reduce((s, x) => s + x.notApplicable, 0);
    const weighted = mine.filter((x) => x.progress !== null);
    const w = weighted.reduce((s, x) => s + x.met + x.notMet, 0);
    return {
      ...c,
      met,
      notMet,
      notApplicable,
      rate: met + notMet > 0 ? met / (met + notMet) : null,
      averageProgress: w > 0 ? weighted.reduce((s, x) => s + (x.progress ?? 0) * (x.met + x.notMet), 0) / w : null,
    };
  });
}

/**
 * The county figures with each township that has a current snapshot replaced by its frozen figures (its
 * township row, sites, villages, cells and units), totals and rule columns summed again.
 */
export function overlaySnapshots(county: DashboardFigures, frozen: ReadonlyMap<string, DashboardFigures>) {
  if (frozen.size === 0) return county;
  const keep = <T extends { townshipCode?: string | null }>(list: readonly T[]) =>
    list.filter((x) => !x.townshipCode || !frozen.has(x.townshipCode));
  const townshipOfSite = new Map(county.sites.map((s) => [s.scopeId, s.townshipCode]));
  const townshipOfVillage = new Map(county.villages.map((v) => [v.scopeId, v.townshipCode]));
  const cellTownship = (c: RuleCell) =>
    c.scopeType === 'township'
      ? c.scopeId
      : c.scopeType === 'site'
        ? townshipOfSite.get(c.scopeId)
        : townshipOfVillage.get(c.scopeId);
  const snaps = [...frozen.values()];
  const townships = [...keep(county.townships), ...snaps.flatMap((f) => f.townships)].sort((a, b) =>
    a.scopeId.localeCompare(b.scopeId),
  );
  const cells = [
    ...county.cells.filter((c) => {
      const t = cellTownship(c);
      return !t || !frozen.has(t);
    }),
    ...snaps.flatMap((f) => f.cells),
  ];
  return {
    ...county,
    totals: sumScopes(county.totals, townships),
    townships,
    sites: [...keep(county.sites), ...snaps.flatMap((f) => f.sites)],
    villages: [...keep(county.villages), ...snaps.flatMap((f) => f.villages)],
    cells,
    rules: columnsFromCells(county.rules, cells),
    overdue: [
      ...county.overdue.filter((o) => !o.divisionCode || !frozen.has(o.divisionCode)),
      ...snaps.flatMap((f) => f.overdue.filter((o) => o.divisionCode && frozen.has(o.divisionCode))),
    ],
  };
}

/** The county's figures narrowed to one township. */
export function narrowToTownship(f: DashboardFigures, code: string, name: string): DashboardFigures {
  const township = f.townships.find((t) => t.scopeId === code);
  const sitesOf = f.sites.filter((s) => s.townshipCode === code);
  const villagesOf = f.villages.filter((v) => v.townshipCode === code);
  const ids = new Set([...sitesOf.map((s) => s.scopeId), ...villagesOf.map((v) => v.scopeId), code]);
  const cells = f.cells.filter((c) => ids.has(c.scopeId));
  return {
    ...f,
    townshipCode: code,
    totals: township ?? sumScopes({ ...f.totals, scopeType: 'township', scopeId: code, name, townshipCode: code }, []),
    townships: township ? [township] : [],
    sites: sitesOf,
    villages: villagesOf,
    cells,
    rules: columnsFromCells(f.rules, cells),
    overdue: f.overdue.filter((o) => o.divisionCode === code),
  };
}

/** The figures narrowed to one site. */
export function narrowToSite(f: DashboardFigures, siteId: string): DashboardFigures {
  const site = f.sites.find((s) => s.scopeId === siteId);
  const cells = f.cells.filter((c) => c.scopeType === 'site' && c.scopeId === siteId);
  const rules = f.rules.map((r) => {
    const c = cells.find((x) => x.ruleId === r.ruleId);
    const met = c?.met ?? 0;
    const notMet = c?.notMet ?? 0;
    return {
      ...r,
      met,
      notMet,
      notApplicable: c?.notApplicable ?? 0,
      rate: met + notMet > 0 ? met / (met + notMet) : null,
      averageProgress: c?.progress ?? null,
    };
  });
  return {
    ...f,
    townshipCode: site?.townshipCode ?? f.townshipCode,
    totals: site ?? sumScopes({ ...f.totals, scopeType: 'site', scopeId: siteId, name: '', townshipCode: null }, []),
    townships: [],
    sites: site ? [site] : [],
    villages: [],
    cells,
    rules,
    overdue: [],
  };
}

/**
 * A month's figures as last read: the pre-aggregated county row (null: none yet), the current snapshots by township,
 * the two overlaid, and the matrix's places in both orders. At county scale the row is megabytes of JSON (≈ 3,000
 * sites × rules), so it is parsed once per change, not per request: each request asks only for the month's stamp
 * (the ids and row versions — `xmin`, new on every write — of the row and the current snapshots) and reuses what it
 * read while the stamp is the same.
 */
interface MonthFigures {
  stamp: string;
  row: DashboardFigures | null;
  frozen: Map<string, DashboardFigures>;
  merged: DashboardFigures | null;
  ordered?: Record<PlaceOrder, ScopeFigures[]>;
}

/** Per database (tests run several apps in one process), by month; a few dozen months at most. */
const monthCache = new WeakMap<object, Map<string, MonthFigures>>();
const cachedMonthsMax = 36;

async function monthFigures(deps: Pick<Deps, 'db'>, months: readonly string[]): Promise<Map<string, MonthFigures>> {
  const out = new Map<string, MonthFigures>();
  if (months.length === 0) return out;
  let cache = monthCache.get(deps.db);
  if (!cache) {
    cache = new Map();
    monthCache.set(deps.db, cache);
  }
  const stamps = rowsOf<{ month: string; county: string | null; snaps: string | null }>(
    await deps.db.execute(sql`select m.month,
        (select f.id::text || '@' || f.xmin::text from dashboard_figures f
          where f.month = m.month and f.scope_key = 'county') as county,
        (select string_agg(s.id::text || '@' || s.xmin::text, ',' order by s.id) from month_snapshots s
          where s.month = m.month and s.status = 'current' and s.figures_source = 'dashboards') as snaps
      from unnest(array[${sql.join(
        months.map((m) => sql`${m}`),
        sql`, `,
      )}]::text[]) as m(month)`),
  );
  const stale: string[] = [];
  for (const r of stamps) {
    const stamp = `${r.county ?? ''}|${r.snaps ?? ''}`;
    const hit = cache.get(r.month);
    if (hit && hit.stamp === stamp) out.set(r.month, hit);
    else stale.push(r.month);
  }
  if (stale.length > 0) {
    const rows = await deps.db
      .select()
      .from(dashboardFigures)
      .where(and(eq(dashboardFigures.scopeKey, 'county'), inArray(dashboardFigures.month, stale)));
    const snaps = await snapshotFigures(deps, stale);
    for (const month of stale) {
      const r = rows.find((x) => x.month === month);
      const stamp = stamps.find((x) => x.month === month)!;
      const frozen = snaps.get(month) ?? new Map<string, DashboardFigures>();
      const row = r?.figures ?? null;
      const entry: MonthFigures = {
        stamp: `${stamp.county ?? ''}|${stamp.snaps ?? ''}`,
        row,
        frozen,
        merged: row ? overlaySnapshots(row, frozen) : null,
      };
      cache.delete(month);
      cache.set(month, entry);
      out.set(month, entry);
    }
    while (cache.size > cachedMonthsMax) cache.delete(cache.keys().next().value!);
  }
  return out;
}

/** The county's figures of a month, with closed townships read from their snapshots. */
export async function countyFigures(deps: Deps, month: string): Promise<{ figures: DashboardFigures; source: Source }> {
  let entry = (await monthFigures(deps, [month])).get(month)!;
  let source: Source = 'aggregate';
  if (!entry.merged) {
    await refreshFigures(deps, month);
    entry = (await monthFigures(deps, [month])).get(month)!;
    source = 'live';
  }
  const figures = entry.merged!;
  if (entry.frozen.size > 0 && figures.townships.every((t) => entry.frozen.has(t.scopeId))) source = 'snapshot';
  return { figures, source };
}

export type PlacePaging = Pick<DashboardQuery, 'placePage' | 'placePageSize' | 'placeOrder'>;
const firstPage: PlacePaging = { placePage: 1, placePageSize: 50, placeOrder: 'worst' };

const placeCollator = new Intl.Collator('zh-CN');
const byPlace = (a: ScopeFigures, b: ScopeFigures) =>
  (a.townshipCode ?? '').localeCompare(b.townshipCode ?? '') ||
  (a.scopeType === b.scopeType ? 0 : a.scopeType === 'site' ? -1 : 1) ||
  placeCollator.compare(a.name, b.name);

/** The matrix's places (sites, then dispersed households' villages) by township and name, or worst first. */
export function orderPlaces(f: DashboardFigures, order: PlaceOrder): ScopeFigures[] {
  const places = [...f.sites, ...f.villages].sort(byPlace);
  if (order === 'place') return places;
  const unmet = unmetByPlace(f.rules, f.cells);
  // Stable: equal counts keep the place order.
  return places.sort((a, b) => (unmet.get(placeKey(b)) ?? 0) - (unmet.get(placeKey(a)) ?? 0));
}

/** One page of the matrix: its places and their cells; township cells stay whole. */
export function pagePlaces(
  f: DashboardFigures,
  paging: PlacePaging,
  ordered: ScopeFigures[] = orderPlaces(f, paging.placeOrder),
): Pick<Dashboard, 'sites' | 'villages' | 'cells' | 'places'> {
  const from = (paging.placePage - 1) * paging.placePageSize;
  const page = ordered.slice(from, from + paging.placePageSize);
  const keys = new Set(page.map(placeKey));
  return {
    sites: page.filter((x) => x.scopeType === 'site'),
    villages: page.filter((x) => x.scopeType === 'village'),
    cells: f.cells.filter((c) => c.scopeType === 'township' || keys.has(placeKey(c))),
    places: {
      total: ordered.length,
      page: paging.placePage,
      pageSize: paging.placePageSize,
      order: paging.placeOrder,
    },
  };
}

/** The county view's page, with the orders computed once per cached month. */
function countyPage(deps: Deps, month: string, figures: DashboardFigures, paging: PlacePaging) {
  const entry = monthCache.get(deps.db)?.get(month);
  if (entry?.merged !== figures) return pagePlaces(figures, paging);
  entry.ordered ??= { worst: orderPlaces(figures, 'worst'), place: orderPlaces(figures, 'place') };
  return pagePlaces(figures, paging, entry.ordered[paging.placeOrder]);
}

function monthOr(deps: Deps, month: string | undefined): string {
  if (!month) return currentPeriod('month', deps.clock).key;
  const p = parsePeriodKey(month);
  if (p.kind !== 'month') throw new AppError('BAD_REQUEST', `不是月份：${month}`);
  return month;
}

/** Townships the viewer sees the dashboard of (null: all). */
function townshipsOf(auth: AuthState): string[] | null {
  if (hasCountyScope(auth.assignments, 'dashboard.read')) return null;
  return granting(auth.assignments, 'dashboard.read')
    .filter((a) => a.kind === 'township' && a.divisionCode)
    .map((a) => a.divisionCode!);
}

export async function countyDashboard(
  deps: Deps,
  auth: AuthState,
  month?: string,
  paging: PlacePaging = firstPage,
): Promise<Dashboard> {
  if (!hasCountyScope(auth.assignments, 'dashboard.read')) throw notFound('全县看板');
  const m = monthOr(deps, month);
  const { figures, source } = await countyFigures(deps, m);
  return {
    ...figures,
    ...countyPage(deps, m, figures, paging),
    source,
    view: { scopeType: 'county', scopeId: 'county', name: '全县' },
  };
}

export async function townshipDashboard(
  deps: Deps,
  auth: AuthState,
  code: string,
  month?: string,
  paging: PlacePaging = firstPage,
): Promise<Dashboard> {
  const allowed = townshipsOf(auth);
  if (allowed && !allowed.includes(code)) throw notFound('乡镇');
  const [d] = await deps.db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(and(eq(divisions.code, code), eq(divisions.level, 'township')))
    .limit(1);
  if (!d) throw notFound('乡镇');
  const m = monthOr(deps, month);
  const { figures, source } = await countyFigures(deps, m);
  const frozen = (await monthFigures(deps, [m])).get(m)?.frozen;
  const narrowed = narrowToTownship(figures, code, d.name);
  return {
    ...narrowed,
    ...pagePlaces(narrowed, paging),
    source: frozen?.has(code) ? 'snapshot' : source === 'snapshot' ? 'aggregate' : source,
    view: { scopeType: 'township', scopeId: code, name: d.name },
  };
}

export async function siteDashboard(deps: Deps, auth: AuthState, siteId: string, month?: string): Promise<Dashboard> {
  const [s] = await deps.db.select().from(sites).where(eq(sites.id, siteId)).limit(1);
  if (!s || !siteInScope(auth.assignments, 'dashboard.read', s)) throw notFound('安置点');
  const m = monthOr(deps, month);
  const { figures, source } = await countyFigures(deps, m);
  const frozen = (await monthFigures(deps, [m])).get(m)?.frozen;
  const narrowed = narrowToSite(figures, siteId);
  return {
    ...narrowed,
    ...pagePlaces(narrowed, firstPage),
    source: frozen?.has(s.townshipCode) ? 'snapshot' : source === 'snapshot' ? 'aggregate' : source,
    view: { scopeType: 'site', scopeId: siteId, name: s.name },
  };
}

/** The caller's widest view: the county, else their (first) township, else their (first) site. */
export async function homeDashboard(
  deps: Deps,
  auth: AuthState,
  month?: string,
  paging: PlacePaging = firstPage,
): Promise<Dashboard> {
  if (hasCountyScope(auth.assignments, 'dashboard.read')) return countyDashboard(deps, auth, month, paging);
  const townships = townshipsOf(auth) ?? [];
  if (townships[0]) return townshipDashboard(deps, auth, townships[0], month, paging);
  const grants = granting(auth.assignments, 'dashboard.read');
  const siteGrant = grants.find((a) => a.kind === 'site' && a.siteId);
  if (siteGrant?.siteId) return siteDashboard(deps, auth, siteGrant.siteId, month);
  const urban = grants.some((a) => a.kind === 'urban');
  if (urban) {
    const [s] = await deps.db
      .select({ id: sites.id })
      .from(sites)
      .where(and(eq(sites.urbanCommunity, true), eq(sites.status, 'active')))
      .orderBy(asc(sites.name))
      .limit(1);
    if (s) return siteDashboard(deps, auth, s.id, month);
  }
  throw notFound('看板');
}

/** The last `months` months up to `month` (oldest first) from the pre-aggregated rows and snapshots. */
export async function trend(
  deps: Deps,
  auth: AuthState,
  q: { month?: string | undefined; townshipCode?: string | undefined; siteId?: string | undefined; months: number },
): Promise<Trend> {
  const last = monthOr(deps, q.month);
  const keys: string[] = [];
  for (let p = parsePeriodKey(last); keys.length < q.months; p = previousPeriod(p)) keys.unshift(p.key);
  let scopeType: Trend['scopeType'] = 'county';
  let scopeId = 'county';
  let siteTownship: string | null = null;
  if (q.siteId) {
    const [s] = await deps.db.select().from(sites).where(eq(sites.id, q.siteId)).limit(1);
    if (!s || !siteInScope(auth.assignments, 'dashboard.read', s)) throw notFound('安置点');
    scopeType = 'site';
    scopeId = s.id;
    siteTownship = s.townshipCode;
  } else if (q.townshipCode) {
    const allowed = townshipsOf(auth);
    if (allowed && !allowed.includes(q.townshipCode)) throw notFound('乡镇');
    scopeType = 'township';
    scopeId = q.townshipCode;
  } else if (!hasCountyScope(auth.assignments, 'dashboard.read')) {
    throw notFound('全县看板');
  }
  const cached = await monthFigures(deps, keys);
  const points = keys.map((month) => {
    const entry = cached.get(month);
    let f = entry?.merged ?? undefined;
    const frozen = entry && entry.frozen.size > 0 ? entry.frozen : undefined;
    let source: Trend['points'][number]['source'] = f ? 'aggregate' : null;
    if (!f && frozen && scopeType !== 'county') {
      const t = scopeType === 'township' ? scopeId : siteTownship;
      const one = t ? frozen.get(t) : undefined;
      if (one) f = one;
    }
    if (frozen && (scopeType === 'county' ? false : frozen.has(scopeType === 'township' ? scopeId : siteTownship!))) {
      source = 'snapshot';
    }
    let view = f;
    if (f && scopeType === 'township') view = narrowToTownship(f, scopeId, scopeId);
    if (f && scopeType === 'site') view = narrowToSite(f, scopeId);
    const t = view?.totals;
    const violations = view ? view.rules.filter((r) => r.kind === 'requirement').reduce((s, r) => s + r.notMet, 0) : 0;
    return {
      month,
      source: view ? source : null,
      households: t?.households ?? 0,
      persons: t?.persons ?? 0,
      monitored: t?.monitored ?? 0,
      revisitDue: t?.revisitDue ?? 0,
      revisited: t?.revisited ?? 0,
      workableHouseholds: t?.workableHouseholds ?? 0,
      employedHouseholds: t?.employedHouseholds ?? 0,
      violations,
    };
  });
  return { scopeType, scopeId, points };
}
