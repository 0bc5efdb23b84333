import { PassThrough } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import {
  ledgerNames,
  ledgerSplitLabels,
  noRecordsText,
  type LedgerCatalogue,
  type LedgerColumnDto,
  type LedgerKind,
  type LedgerPage,
  type LedgerSplit,
} from '@anzhi/contracts/ledgers';
import { localDate, parsePeriodKey, periodLabel } from '@anzhi/domain/periods';
import { writeAuditEvent, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors/app-error';
import type { LedgerDownload } from '../../platform/excel/excel.service';
import {
  isColumnGroup,
  leafColumns,
  type LedgerRow,
  type LedgerSheet,
  type LedgerSpec,
} from '../../platform/excel/ledger-spec';
import { writeLedger } from '../../platform/excel/ledger-writer';
import { divisions, sites } from '../org/org.table';
import { siteInScope, siteScope } from '../org/scope';
import { countFrozenRows, currentSnapshots, frozenRows, type SnapshotRow } from '../snapshots/snapshots.repository';
import { frozenScope, townshipGrants } from '../snapshots/snapshots.service';
import { ledgerCatalogue, ledgerOf } from './catalogue';
import {
  ledgerPageSize,
  type LedgerDefinition,
  type LedgerFilter,
  type LedgerReading,
  type PlacedRow,
} from './ledger-definition';

/*
 * The ledger catalogue (issue 9 item 3): every ledger is read township by township — from the month-end snapshot
 * where the township's month is frozen, live otherwise — so a closed month reproduces exactly and the same rows
 * make the page, the one-sheet workbook and the workbooks split per township or per site.
 */

export function ledgerCatalogueDto(): LedgerCatalogue {
  return {
    items: ledgerCatalogue.map((d) => ({
      kind: d.kind,
      name: ledgerNames[d.kind],
      rowUnit: d.rowUnit,
      source: d.source,
      hasSource: d.rows !== undefined,
      frozenOnClose: d.frozenOnClose,
      columns: leafColumns(d.columns).length,
    })),
  };
}

async function countyName(deps: Deps): Promise<string> {
  const [row] = await deps.db
    .select({ name: divisions.name })
    .from(divisions)
    .where(eq(divisions.code, deps.config.countyCode.padEnd(12, '0')));
  return row?.name ?? '本县';
}

interface TownshipSource {
  code: string;
  name: string;
  snapshot: SnapshotRow | null;
}

interface Resolved {
  filter: LedgerFilter;
  townships: TownshipSource[];
  /** 填报单位: the site, the township, or the county. */
  unit: string;
  county: string;
  /** The caller reaches every township (county scope for the ledger's source). */
  wholeCounty: boolean;
}

/**
 * The townships a read covers, in code order: the county's townships the caller reaches (through a township grant
 * or a site in it), narrowed by the township or site asked for. An out-of-scope township or site answers 404.
 */
async function resolve(deps: Deps, auth: AuthState, def: LedgerDefinition, f: LedgerFilter): Promise<Resolved> {
  const permission = def.sourcePermission;
  const county = await countyName(deps);
  let unit = county;
  let townshipCode = f.townshipCode;
  if (f.siteId) {
    const [site] = await deps.db
      .select({
        id: sites.id,
        name: sites.name,
        townshipCode: sites.townshipCode,
        urbanCommunity: sites.urbanCommunity,
      })
      .from(sites)
      .where(eq(sites.id, f.siteId));
    if (!site || !siteInScope(auth.assignments, permission, site)) throw notFound('安置点');
    if (townshipCode && townshipCode !== site.townshipCode) throw notFound('安置点');
    townshipCode = site.townshipCode;
    unit = site.name;
  }
  const grants = townshipGrants(auth.assignments, permission);
  const all = await deps.db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(and(eq(divisions.parentCode, deps.config.countyCode.padEnd(12, '0')), eq(divisions.level, 'township')))
    .orderBy(asc(divisions.code));
  let reach: Set<string> | null = null;
  if (grants !== null) {
    const ofSites = (
      await deps.db
        .selectDistinct({ code: sites.townshipCode })
        .from(sites)
        .where(siteScope(auth.assignments, permission))
    ).map((r) => r.code);
    reach = new Set([...grants, ...ofSites]);
  }
  let townships = all.filter((t) => reach === null || reach.has(t.code));
  if (townshipCode) {
    townships = townships.filter((t) => t.code === townshipCode);
    if (townships.length === 0) throw notFound('乡镇');
    if (!f.siteId) unit = townships[0]!.name;
  }
  const frozen = def.frozenOnClose
    ? await currentSnapshots(
        deps.db,
        deps.config.countyCode,
        f.month,
        townships.map((t) => t.code),
      )
    : [];
  const byTownship = new Map(frozen.map((s) => [s.townshipCode, s]));
  return {
    filter: { month: f.month, townshipCode, siteId: f.siteId },
    townships: townships.map((t) => ({ ...t, snapshot: byTownship.get(t.code) ?? null })),
    unit,
    county,
    wholeCounty: grants === null,
  };
}

const frozenPage = 1000;

async function* townshipRows(
  deps: Deps,
  auth: AuthState,
  def: LedgerDefinition,
  f: LedgerFilter,
  t: TownshipSource,
  reading?: LedgerReading,
): AsyncGenerator<PlacedRow> {
  if (!def.rows) return;
  if (!t.snapshot) {
    yield* def.rows(deps, auth.assignments, { month: f.month, townshipCode: t.code, siteId: f.siteId }, reading);
    return;
  }
  const scope = frozenScope(auth.assignments, def.sourcePermission, t.code);
  const limit = Math.min(frozenPage, reading?.pageSize ?? frozenPage);
  for (let after = 0; ;) {
    const rows = await frozenRows(deps.db, {
      snapshotId: t.snapshot.id,
      kind: def.kind,
      siteId: f.siteId,
      scope,
      afterSeq: after,
      limit,
    });
    for (const r of rows) {
      const { _place: place, ...row } = r.row;
      yield { townshipCode: t.code, siteId: r.siteId, placeName: typeof place === 'string' ? place : '', row };
    }
    const last = rows.at(-1);
    if (!last || rows.length < limit) return;
    after = last.seq;
  }
}

/**
 * Nothing frozen, no township asked for, the whole county in reach: one pass over the county (keyset pages over
 * the household number), instead of one pass per township.
 */
const oneCountyPass = (r: Resolved) => !r.filter.townshipCode && r.wholeCounty && r.townships.every((t) => !t.snapshot);

async function* allRows(
  deps: Deps,
  auth: AuthState,
  def: LedgerDefinition,
  r: Resolved,
  reading?: LedgerReading,
): AsyncGenerator<PlacedRow> {
  if (def.rows && oneCountyPass(r)) {
    yield* def.rows(deps, auth.assignments, { month: r.filter.month, siteId: r.filter.siteId }, reading);
    return;
  }
  for (const t of r.townships) yield* townshipRows(deps, auth, def, r.filter, t, reading);
}

async function countOf(rows: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of rows) n += 1;
  return n;
}

/**
 * How many rows `allRows` yields, without reading them: the frozen rows counted per snapshot, the live ones by the
 * ledger's count query (a ledger without one has its rows walked).
 */
async function countRows(deps: Deps, auth: AuthState, def: LedgerDefinition, r: Resolved): Promise<number> {
  if (!def.rows) return 0;
  const live = (f: LedgerFilter) =>
    def.count ? def.count(deps, auth.assignments, f) : countOf(def.rows!(deps, auth.assignments, f));
  if (oneCountyPass(r)) return live({ month: r.filter.month, siteId: r.filter.siteId });
  let total = 0;
  for (const t of r.townships) {
    total += t.snapshot
      ? await countFrozenRows(deps.db, {
          snapshotId: t.snapshot.id,
          kind: def.kind,
          siteId: r.filter.siteId,
          scope: frozenScope(auth.assignments, def.sourcePermission, t.code),
        })
      : await live({ month: r.filter.month, townshipCode: t.code, siteId: r.filter.siteId });
  }
  return total;
}

function columnsDto(def: LedgerDefinition): LedgerColumnDto[] {
  return def.columns.flatMap((c): LedgerColumnDto[] =>
    isColumnGroup(c)
      ? c.children.map((k) => ({ key: k.key, header: k.header, group: c.header, type: k.type }))
      : [{ key: c.key, header: c.header, group: null, type: c.type }],
  );
}

function frozenDto(r: Resolved): LedgerPage['frozen'] {
  return r.townships.flatMap((t) =>
    t.snapshot
      ? [
          {
            townshipCode: t.code,
            townshipName: t.name,
            frozenAt: t.snapshot.frozenAt.toISOString(),
            trigger: t.snapshot.trigger as 'close' | 'auto',
          },
        ]
      : [],
  );
}

type Cell = string | number | null;
function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.map(String).join('、');
  return JSON.stringify(v);
}

/** One page of a ledger as the page shows it (the same rows the workbook gets). */
export async function ledgerPage(
  deps: Deps,
  auth: AuthState,
  kind: LedgerKind,
  q: LedgerFilter & { page: number; pageSize: number },
): Promise<LedgerPage> {
  const def = ledgerOf(kind);
  const r = await resolve(deps, auth, def, q);
  const from = (q.page - 1) * q.pageSize;
  const until = from + q.pageSize;
  const items: Record<string, Cell>[] = [];
  // The rows up to the page's last only, read in pages no larger than that; the total is counted apart.
  let seq = 0;
  for await (const e of allRows(deps, auth, def, r, { pageSize: Math.min(ledgerPageSize, until) })) {
    seq += 1;
    if (seq > from) items.push({ seq, ...Object.fromEntries(Object.entries(e.row).map(([k, v]) => [k, toCell(v)])) });
    if (seq >= until) break;
  }
  const total = await countRows(deps, auth, def, r);
  const title = `${r.county}易地扶贫搬迁${ledgerNames[kind]}`;
  const columns = columnsDto(def);
  const empty = total === 0;
  return {
    kind,
    title,
    unit: r.unit,
    period: periodLabel(parsePeriodKey(q.month)),
    month: q.month,
    columns,
    items: empty && q.page === 1 ? [{ [columns[1]?.key ?? 'seq']: noRecordsText }] : items,
    total,
    page: q.page,
    pageSize: q.pageSize,
    frozen: frozenDto(r),
    empty,
  };
}

export function ledgerSpecOf(
  kind: LedgerKind,
  county: string,
  unit: string,
  month: string,
  reportDate: string,
): LedgerSpec {
  return {
    title: `${county}易地扶贫搬迁${ledgerNames[kind]}`,
    unit,
    period: periodLabel(parsePeriodKey(month)),
    reportDate,
    columns: ledgerOf(kind).columns,
    emptyText: noRecordsText,
  };
}

async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (let n = await rest.next(); !n.done; n = await rest.next()) yield n.value;
}

const rowsOnly = async function* (rows: AsyncIterable<PlacedRow>): AsyncGenerator<LedgerRow> {
  for await (const e of rows) yield e.row;
};

/** An export reads on the pool (never in a transaction): the next page is read while the workbook is written. */
const exportReading: LedgerReading = { readAhead: true };

/** The sheets of an export: one, one per township, or one per site (a township's dispersed households apart). */
async function* sheetsOf(
  deps: Deps,
  auth: AuthState,
  def: LedgerDefinition,
  r: Resolved,
  split: LedgerSplit,
): AsyncGenerator<LedgerSheet> {
  if (split === 'none') {
    yield {
      name: ledgerNames[def.kind].replace(/[“”"]/g, ''),
      rows: rowsOnly(allRows(deps, auth, def, r, exportReading)),
    };
    return;
  }
  // A township (or place) without rows gets no sheet; a workbook without any sheet gets one `本期无记录` sheet.
  for (const t of r.townships) {
    if (split === 'township') {
      const rows = townshipRows(deps, auth, def, r.filter, t, exportReading);
      const first = await rows.next();
      if (first.done) continue;
      yield { name: t.name, unit: t.name, rows: rowsOnly(prepend(first.value, rows)) };
      continue;
    }
    // Per site (a township's dispersed households under their destination villages), grouped in memory per township.
    const groups = new Map<string, LedgerRow[]>();
    for await (const e of townshipRows(deps, auth, def, r.filter, t, exportReading)) {
      const key = e.placeName || '分散安置';
      const group = groups.get(key) ?? [];
      group.push(e.row);
      groups.set(key, group);
    }
    for (const [place, rows] of groups) yield { name: place, unit: `${t.name}${place}`, rows };
  }
}

/** The workbook of a ledger, streamed; audited before the first byte leaves (masked numbers only). */
export async function exportLedger(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  kind: LedgerKind,
  q: LedgerFilter & { split: LedgerSplit },
): Promise<LedgerDownload> {
  const def = ledgerOf(kind);
  const r = await resolve(deps, auth, def, q);
  const spec = ledgerSpecOf(kind, r.county, r.unit, q.month, localDate(deps.clock.now()));
  await writeAuditEvent(deps.db, deps.clock, actor, 'ledger.export', [
    {
      type: 'ledger',
      id: kind,
      before: null,
      after: {
        ledger: spec.title,
        month: q.month,
        ...(r.filter.townshipCode ? { townshipCode: r.filter.townshipCode } : {}),
        ...(q.siteId ? { siteId: q.siteId } : {}),
        split: ledgerSplitLabels[q.split],
        frozenTownships: r.townships.filter((t) => t.snapshot).map((t) => t.code),
        idNumbers: 'masked',
      },
    },
  ]);
  const out = new PassThrough();
  void writeLedger(out, spec, sheetsOf(deps, auth, def, r, q.split)).catch((err: unknown) =>
    deps.log.warn({ err }, '台账未能写完'),
  );
  return {
    filename: `${spec.title.replace(/[“”"]/g, '')}-${q.month}.xlsx`,
    asciiFilename: `ledger-${kind}-${q.month}.xlsx`,
    stream: out,
  };
}

/** Used by the benchmark: writes a ledger with the caller's scope to a target without HTTP. */
export async function writeLedgerTo(
  deps: Deps,
  auth: Pick<AuthState, 'assignments'>,
  kind: LedgerKind,
  q: LedgerFilter & { split: LedgerSplit },
  target: Parameters<typeof writeLedger>[0],
) {
  const def = ledgerOf(kind);
  const a = auth as AuthState;
  const r = await resolve(deps, a, def, q);
  const spec = ledgerSpecOf(kind, r.county, r.unit, q.month, localDate(deps.clock.now()));
  return writeLedger(target, spec, sheetsOf(deps, a, def, r, q.split));
}
