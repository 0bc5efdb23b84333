import { sql } from 'drizzle-orm';
import type { Snapshot } from '@anzhi/contracts/ledgers';
import type { Permission } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { computeFigures } from '../dashboards/figures.service';
import { ledgerCatalogue } from '../ledgers/catalogue';
import { granting, hasCountyScope, siteScope, type Assignment } from '../org/scope';
import { rowsOf } from '../ledgers/ledger-definition';
import { listSnapshotRows, supersedeSnapshot, type SnapshotRow } from './snapshots.repository';
import { monthSnapshots, snapshotLedgerRows } from './snapshots.table';

/*
 * 月末快照 (issue 9 item 4). `freezeMonth` runs inside the caller's transaction (the township's month close, or
 * the 4th-of-month job): it supersedes the township's current snapshot of the month, then writes every frozen
 * ledger's rows (read county-wide for that township, as presented: masked numbers, labels) and the figures.
 */

/** The scope the freeze reads with: the whole county (the township filter narrows it). */
export const freezeAssignments: readonly Assignment[] = [
  { id: 'month-snapshot', role: 'county_lead', kind: 'county', divisionCode: null, siteId: null, unitId: null },
];

const batchSize = 500;

export type SnapshotTrigger = 'close' | 'auto';

/** Rows of a ledger row object that are numbers (for the figures). */
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * The snapshot's own figures for the township's month, from the frozen rows and the rule results (used until the
 * dashboards' computeFigures exists): households, persons, labourers, employed, monitored households by category,
 * revisit coverage, and the verdict counts of each rule's latest run of the month for entities in the township.
 */
async function ownFigures(
  ex: Executor,
  townshipCode: string,
  month: string,
  frozen: Map<string, Record<string, unknown>[]>,
): Promise<Record<string, unknown>> {
  const support = frozen.get('support') ?? [];
  const monitoring = frozen.get('monitoring') ?? [];
  const revisits = frozen.get('revisits') ?? [];
  const byCategory: Record<string, number> = {};
  for (const r of monitoring) {
    const c = typeof r.category === 'string' ? r.category : '';
    if (r.eliminated !== '是') byCategory[c] = (byCategory[c] ?? 0) + 1;
  }
  const revisited = revisits.filter((r) => r.visitDate !== '未回访').length;
  const rules = rowsOf<{ rule_id: string; verdict: string; n: number; not_met: string[] | null }>(
    await ex.execute(sql`with latest as (
        select distinct on (rule_id) id, rule_id from rule_runs where period_key = ${month}
        order by rule_id, evaluated_at desc)
      select l.rule_id, r.verdict, count(*)::int as n,
        (array_agg(r.entity_type || ':' || r.entity_id order by r.entity_id)
          filter (where r.verdict = 'not_met'))[1:200] as not_met
      from latest l join rule_results r on r.run_id = l.id
      where (r.entity_type = 'township' and r.entity_id = ${townshipCode})
        or (r.entity_type = 'site' and r.entity_id in (select id::text from sites where township_code = ${townshipCode}))
        or (r.entity_type = 'household' and r.entity_id in (
          select h.id::text from households h left join sites s on s.id = h.site_id
          left join divisions dv on dv.code = h.destination_village_code
          where coalesce(s.township_code, dv.parent_code) = ${townshipCode}))
      group by l.rule_id, r.verdict order by l.rule_id, r.verdict`),
  );
  const ruleResults: Record<string, { met: number; notMet: number; notApplicable: number; notMetEntities: string[] }> =
    {};
  for (const r of rules) {
    const entry = (ruleResults[r.rule_id] ??= { met: 0, notMet: 0, notApplicable: 0, notMetEntities: [] });
    if (r.verdict === 'met') entry.met = Number(r.n);
    else if (r.verdict === 'not_met') {
      entry.notMet = Number(r.n);
      entry.notMetEntities = r.not_met ?? [];
    } else entry.notApplicable = Number(r.n);
  }
  return {
    households: support.length,
    persons: support.reduce((n, r) => n + num(r.members), 0),
    labourers: support.reduce((n, r) => n + num(r.labourers), 0),
    employed: support.reduce((n, r) => n + num(r.employed), 0),
    monitoredHouseholds: Object.values(byCategory).reduce((a, b) => a + b, 0),
    monitoredByCategory: byCategory,
    revisits: { due: revisits.length, revisited, rate: revisits.length ? revisited / revisits.length : null },
    ruleResults,
  };
}

/**
 * The dashboards' figures of the township's month (`computeFigures`, modules/dashboards), frozen together with the
 * snapshot's own counts. Read in a savepoint: should it fail, the close still freezes the ledgers and
 * the own counts (and says so: `figures_source = 'snapshot'`).
 */
async function dashboardFigures(deps: Deps, tx: Executor, townshipCode: string, month: string) {
  try {
    return await tx.transaction(async (sp) => computeFigures(sp, { month, townshipCode, now: deps.clock.now() }));
  } catch (err) {
    deps.log?.warn({ err, townshipCode, month }, '月末快照：看板指标计算失败，只冻结台账和快照自身的统计');
    return null;
  }
}

/**
 * Freezes a township's month inside `tx`: supersedes its current snapshot and writes a new one. Returns its id.
 */
export async function freezeMonth(
  deps: Deps,
  tx: Executor,
  input: { townshipCode: string; month: string; trigger: SnapshotTrigger },
): Promise<{ id: string; rowCounts: Record<string, number> }> {
  const now = deps.clock.now();
  await supersedeSnapshot(tx, input.townshipCode, input.month, now);
  const id = uuidv7();
  await tx.insert(monthSnapshots).values({
    id,
    countyCode: deps.config.countyCode,
    townshipCode: input.townshipCode,
    month: input.month,
    status: 'current',
    trigger: input.trigger,
    frozenAt: now,
    figuresSource: 'snapshot',
    figures: {},
    rowCounts: {},
  });
  const txDeps: Deps = { ...deps, db: tx };
  const rowCounts: Record<string, number> = {};
  const frozen = new Map<string, Record<string, unknown>[]>();
  for (const def of ledgerCatalogue) {
    if (!def.frozenOnClose || !def.rows) continue;
    const kept: Record<string, unknown>[] = [];
    let batch: (typeof snapshotLedgerRows.$inferInsert)[] = [];
    let seq = 0;
    for await (const e of def.rows(txDeps, freezeAssignments, {
      month: input.month,
      townshipCode: input.townshipCode,
    })) {
      seq += 1;
      const row = { ...e.row, _place: e.placeName };
      kept.push(row);
      batch.push({ snapshotId: id, kind: def.kind, seq, siteId: e.siteId, row });
      if (batch.length >= batchSize) {
        await tx.insert(snapshotLedgerRows).values(batch);
        batch = [];
      }
    }
    if (batch.length) await tx.insert(snapshotLedgerRows).values(batch);
    rowCounts[def.kind] = seq;
    frozen.set(def.kind, kept);
  }
  const own = await ownFigures(tx, input.townshipCode, input.month, frozen);
  const dashboards = await dashboardFigures(deps, tx, input.townshipCode, input.month);
  // The dashboards read `figures` as computeFigures' output (figures_source 'dashboards'); the own counts (the
  // monthly report's) sit beside its keys, which they do not overlap.
  const figures: Record<string, unknown> = dashboards ? { ...dashboards, ...own } : own;
  await tx
    .update(monthSnapshots)
    .set({ figures, rowCounts, figuresSource: dashboards ? 'dashboards' : 'snapshot' })
    .where(sql`${monthSnapshots.id} = ${id}`);
  return { id, rowCounts };
}

/** The same figures computed from live records (a month not frozen): used by the monthly report. */
export async function liveFigures(deps: Deps, townshipCode: string, month: string): Promise<Record<string, unknown>> {
  const frozen = new Map<string, Record<string, unknown>[]>();
  for (const def of ledgerCatalogue) {
    if (!def.frozenOnClose || !def.rows) continue;
    const rows: Record<string, unknown>[] = [];
    for await (const e of def.rows(deps, freezeAssignments, { month, townshipCode })) rows.push(e.row);
    frozen.set(def.kind, rows);
  }
  return ownFigures(deps.db, townshipCode, month, frozen);
}

/** A reopen: the month reads live data again until the township closes it again (which freezes anew). */
export async function thawMonth(deps: Deps, tx: Executor, townshipCode: string, month: string): Promise<number> {
  return (await supersedeSnapshot(tx, townshipCode, month, deps.clock.now())).length;
}

// ---------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------

/** Townships the caller reaches with the permission (null: the whole county). */
export function townshipGrants(assignments: readonly Assignment[], permission: Permission): string[] | null {
  if (hasCountyScope(assignments, permission)) return null;
  return granting(assignments, permission)
    .filter((a) => a.kind === 'township' && a.divisionCode)
    .map((a) => a.divisionCode!);
}

/** The condition on frozen rows (left-joined with `sites`) of a township's snapshot the caller may read. */
export function frozenScope(assignments: readonly Assignment[], permission: Permission, townshipCode: string) {
  const townships = townshipGrants(assignments, permission);
  if (townships === null || townships.includes(townshipCode)) return sql`true`;
  return siteScope(assignments, permission);
}

export function presentSnapshot(row: SnapshotRow, townshipName: string | null): Snapshot {
  return {
    id: row.id,
    townshipCode: row.townshipCode,
    townshipName,
    month: row.month,
    status: row.status as Snapshot['status'],
    trigger: row.trigger as Snapshot['trigger'],
    frozenAt: row.frozenAt.toISOString(),
    supersededAt: row.supersededAt?.toISOString() ?? null,
    rowCounts: row.rowCounts,
    figuresSource: row.figuresSource as Snapshot['figuresSource'],
    figures: row.figures,
  };
}

/**
 * Snapshots the caller sees: all for county-wide readers; a township's own; site-level readers see the
 * snapshots of their sites' townships (the figures are township-wide counts, no personal data).
 */
export async function listSnapshots(
  deps: Deps,
  auth: AuthState,
  q: { month?: string | undefined; townshipCode?: string | undefined; includeSuperseded?: boolean | undefined },
) {
  let townships = townshipGrants(auth.assignments, 'ledger.read');
  if (townships !== null) {
    const ofSites = rowsOf<{ township_code: string }>(
      await deps.db.execute(
        sql`select distinct township_code from sites where ${siteScope(auth.assignments, 'ledger.read')}`,
      ),
    ).map((r) => r.township_code);
    townships = [...new Set([...townships, ...ofSites])];
  }
  if (q.townshipCode) townships = townships === null ? [q.townshipCode] : townships.filter((t) => t === q.townshipCode);
  const rows = await listSnapshotRows(deps.db, {
    countyCode: deps.config.countyCode,
    month: q.month,
    townships,
    includeSuperseded: q.includeSuperseded ?? false,
  });
  return { items: rows.map((r) => presentSnapshot(r.snapshot, r.townshipName)) };
}
