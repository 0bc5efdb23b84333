import { eq, sql } from 'drizzle-orm';
import { localDate } from '@anzhi/domain/periods';
import type { Tx } from '../../db/client';
import { auditedTransaction, type ActorContext, type AuditRecorder } from '../../platform/audit/audit.service';
import { touchHousehold, updateHouseholdVersioned } from '../registry/households.repository';
import {
  emptyRows,
  insertPrepared,
  prepareHousehold,
  type BulkHousehold,
  type BulkMember,
  type PreparedRows,
} from '../registry/registry-load';
import { applyPersonFactChange } from '../registry/person-edit.service';
import { persons } from '../registry/registry.table';
import { classifyHousehold, type ClassifyContext, type HouseholdPlan, type PersonUpdate } from './classify';
import { decryptRow, forEachPreparedPage, registrySlice, type HouseholdGroup } from './imports.groups';
import {
  outcomeDiffers,
  saveOutcomes,
  transitionBatch,
  updateBatch,
  type ImportBatchRow,
  type RowOutcome,
} from './imports.repository';
import { batchProgressWriter, classifyContextBase, countsOf, type ImportDeps, type RunControl } from './imports.parse';

/*
 * The apply: households page by page, each page one transaction that re-classifies its households against the
 * registry as it is now, writes them (new households through the registry's bulk loader, so the dated facts are
 * written in one place), marks their staged rows applied and records one audit event. A process killed in the
 * middle leaves whole pages written; the rerun skips rows already applied and re-classifies the rest, so it
 * converges without duplicates. Households with an error row are never written; nothing is ever deleted.
 */

async function updatePerson(tx: Tx, deps: ImportDeps, countyCode: string, u: PersonUpdate, today: string, now: Date) {
  const columns: Record<string, unknown> = { ...u.patch };
  if (u.phone !== undefined) {
    columns.phoneEnc = u.phone ? deps.cipher.encrypt(u.phone) : null;
    columns.phoneBidx = u.phone ? deps.cipher.blindIndex(u.phone) : null;
  }
  await tx
    .update(persons)
    .set({ ...columns, updatedAt: now, version: sql`${persons.version} + 1` })
    .where(eq(persons.id, u.personId));
  // Dated facts change from today, through the registry's own transaction-level form.
  if (u.health) await applyPersonFactChange(tx, countyCode, u.personId, today, { kind: 'health', ...u.health });
  if (u.labourCapacity)
    await applyPersonFactChange(tx, countyCode, u.personId, today, {
      kind: 'labour',
      labourCapacity: u.labourCapacity,
    });
  if (u.employment) {
    const { status, employer, place, monthlyIncome } = u.employment;
    await applyPersonFactChange(tx, countyCode, u.personId, today, {
      kind: 'employment',
      status,
      employer,
      place,
      monthlyIncome,
    });
  }
}

/** A placeholder household carrying members who join an existing one (its own rows are discarded). */
function joiningHousehold(members: BulkMember[]): BulkHousehold {
  return {
    householdNumber: '',
    category: '搬迁脱贫户',
    relocationYear: 2000,
    originVillageCode: '',
    placement: '分散安置',
    siteId: null,
    building: null,
    unit: null,
    room: null,
    destinationVillageCode: null,
    housingType: '一户一宅',
    floorArea: null,
    propertyCertificateNo: null,
    certificateDate: null,
    handoverDate: null,
    oldHouseStatus: null,
    phone: null,
    monitoringStatus: '未纳入监测',
    lands: [],
    members,
  };
}

/** A new household's rows, prepared in memory (written with the page); returns its id. */
function prepareNew(
  deps: ImportDeps,
  countyCode: string,
  plan: Extract<HouseholdPlan, { kind: 'new' }>,
  prepared: PreparedRows,
  now: Date,
): string {
  const before = prepared.households.length;
  prepareHousehold(plan.household, { cipher: deps.cipher, countyCode, now }, prepared);
  return prepared.households[before]!.id!;
}

async function applyExisting(
  tx: Tx,
  deps: ImportDeps,
  countyCode: string,
  plan: Extract<HouseholdPlan, { kind: 'existing' }>,
  prepared: PreparedRows,
  audit: AuditRecorder,
  today: string,
  now: Date,
) {
  const ctx = { cipher: deps.cipher, countyCode, now };
  if (Object.keys(plan.patch).length > 0) {
    const ok = await updateHouseholdVersioned(tx, plan.householdId, plan.version, { ...plan.patch, updatedAt: now });
    if (!ok) throw new Error('搬迁户在导入过程中被他人修改，请重新导入');
  } else await touchHousehold(tx, plan.householdId, now);
  if (plan.newMembers.length > 0) {
    // New members go through the loader too; only their person, membership and fact rows are kept.
    const rows = emptyRows();
    prepareHousehold(joiningHousehold(plan.newMembers), ctx, rows);
    for (const m of rows.members) m.householdId = plan.householdId;
    prepared.persons.push(...rows.persons);
    prepared.members.push(...rows.members);
    prepared.employment.push(...rows.employment);
    prepared.health.push(...rows.health);
    prepared.labour.push(...rows.labour);
  }
  for (const u of plan.personUpdates) await updatePerson(tx, deps, countyCode, u, today, now);
  audit.entity('household', plan.householdId, null, {
    ...plan.patch,
    newMembers: plan.newMembers.map((m) => ({
      name: m.person.name,
      idNumber: m.person.idNumber,
      relation: m.relation,
    })),
    source: 'import',
  });
  for (const u of plan.personUpdates) audit.entity('person', u.personId, null, { ...u.image, source: 'import' });
}

/** One page of the apply, classified and with its new households' rows prepared, ready to be written. */
interface ApplyPage {
  rows: number;
  now: Date;
  /** In the file's order: a new household (already in `prepared`) or changes to an existing one. */
  steps: (
    | { kind: 'new'; householdId: string; plan: Extract<HouseholdPlan, { kind: 'new' }> }
    | Extract<HouseholdPlan, { kind: 'existing' }>
  )[];
  prepared: PreparedRows;
  outcomes: RowOutcome[];
  applied: string[];
}

export async function applyBatch(
  deps: ImportDeps,
  batch: ImportBatchRow,
  actor: ActorContext,
  run: RunControl,
): Promise<void> {
  const base = await classifyContextBase(deps, batch);
  const today = localDate(deps.clock.now());
  const total =
    batch.counts && typeof batch.counts === 'object' ? ((batch.counts as { rows?: number }).rows ?? null) : null;
  let done = 0;
  const writeProgress = batchProgressWriter(deps, batch.id);
  await updateBatch(deps.db, batch.id, {
    phase: 'applying',
    rowsRead: 0,
    totalRowsEstimate: total,
    updatedAt: deps.clock.now(),
  });
  // Each page is classified against the registry as it is just before its transaction (the previous page's
  // write overlaps: pages never share a household, and a number used in two households is an error in both).
  const prepare = async (groups: HouseholdGroup[]): Promise<ApplyPage> => {
    run.throwIfCancelled();
    const now = deps.clock.now();
    const page: ApplyPage = {
      rows: groups.reduce((s, g) => s + g.rows.length, 0),
      now,
      steps: [],
      prepared: emptyRows(),
      outcomes: [],
      applied: [],
    };
    // A household's first row carries its applied stamp (set in the transaction that wrote the household).
    const pending = groups.filter((g) => g.householdNumber !== null && g.rows[0]!.appliedAt === null);
    if (pending.length === 0) return page;
    const slice = await registrySlice(deps.db, deps.cipher, batch.countyCode, pending);
    const ctx: ClassifyContext = { ...base, ...slice };
    for (const g of pending) {
      const { outcomes: o, plan } = classifyHousehold(
        g.rows.map((r) => decryptRow(deps.cipher, r)),
        ctx,
      );
      // Only outcomes that differ from the dry run's (the registry changed meanwhile) are rewritten.
      g.rows.forEach((r, i) => {
        if (outcomeDiffers(o[i]!, r)) page.outcomes.push(o[i]!);
      });
      if (plan.kind === 'new')
        page.steps.push({
          kind: 'new',
          plan,
          householdId: prepareNew(deps, batch.countyCode, plan, page.prepared, now),
        });
      else if (plan.kind === 'existing') page.steps.push(plan);
      if (!o.some((x) => x.householdSkipped)) page.applied.push(g.rows[0]!.id);
    }
    return page;
  };
  const write = async (page: ApplyPage) => {
    run.throwIfCancelled();
    done += page.rows;
    if (page.applied.length > 0 || page.outcomes.length > 0) {
      await auditedTransaction(deps.db, deps.clock, actor, 'import.apply', async (tx, audit) => {
        const { prepared, now } = page;
        for (const step of page.steps) {
          if (step.kind === 'existing') {
            await applyExisting(tx, deps, batch.countyCode, step, prepared, audit, today, now);
            continue;
          }
          const { members, lands: _l, encrypted: _e, ...fields } = step.plan.household;
          audit.entity('household', step.householdId, null, {
            ...fields,
            memberCount: members.length,
            source: 'import',
          });
        }
        await insertPrepared(tx, prepared, { copy: true });
        await saveOutcomes(tx, page.outcomes, { ids: new Set(page.applied), at: now });
      });
    }
    await writeProgress({ rowsRead: done });
    await run.progress(done, total, '写入花名册');
  };
  await forEachPreparedPage(deps.db, batch.id, { overlap: deps.database?.engine === 'postgres' }, prepare, write);
  const counts = await countsOf(deps.db, batch.id);
  await auditedTransaction(deps.db, deps.clock, actor, 'import.applied', async (tx, audit) => {
    const now = deps.clock.now();
    await transitionBatch(tx, batch.id, ['applying'], {
      status: 'applied',
      phase: 'done',
      rowsRead: counts.rows,
      counts,
      appliedAt: now,
      updatedAt: now,
    });
    audit.entity('import_batch', batch.id, null, {
      kind: batch.kind,
      fileName: batch.fileName,
      fileSha256: batch.fileSha256,
      ...counts,
    });
  });
}
