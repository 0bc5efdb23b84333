import type { Executor } from '../../db/client';
import type { FieldCipher } from '../../platform/crypto/cipher';
import { employmentOf, membershipsOfPerson } from '../registry/households.repository';
import { findPersonsByIdBidx } from '../registry/persons.repository';
import type { ClassifyContext, GroupRow, RegistryPerson, StagedData } from './classify';
import { householdsByNumber, rowsAfter, type ImportRowRow, type RowOutcome } from './imports.repository';

/*
 * Walking a batch's staged rows household by household (ordered by 户编号, then row), a page at a time, and
 * loading the slice of the registry those households touch.
 */

/** Staged rows read per page; a household never spans two pages. */
export const pageRows = 2500;

export interface HouseholdGroup {
  householdNumber: string | null;
  rows: ImportRowRow[];
}

function groupsOf(rows: ImportRowRow[]): HouseholdGroup[] {
  const out: HouseholdGroup[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    // Rows without a household number stand alone (each is an error).
    if (last && r.householdNumber !== '' && last.householdNumber === r.householdNumber) last.rows.push(r);
    else out.push({ householdNumber: r.householdNumber || null, rows: [r] });
  }
  return out;
}

/** The complete households of each page, in order. */
async function* householdPages(ex: Executor, batchId: string): AsyncGenerator<HouseholdGroup[]> {
  let cursor: { householdNumber: string; rowNumber: number } | null = null;
  for (;;) {
    const rows = await rowsAfter(ex, batchId, cursor, pageRows);
    if (rows.length === 0) return;
    let groups = groupsOf(rows);
    // A full page may end inside a household: keep its last household for the next page.
    if (rows.length === pageRows && groups.length > 1) groups = groups.slice(0, -1);
    yield groups;
    const lastGroup = groups[groups.length - 1]!;
    const lastRow = lastGroup.rows[lastGroup.rows.length - 1]!;
    cursor = { householdNumber: lastRow.householdNumber, rowNumber: lastRow.rowNumber };
  }
}

/** Calls `fn` with the complete households of each page, in order. */
export async function forEachHouseholdPage(
  ex: Executor,
  batchId: string,
  fn: (groups: HouseholdGroup[]) => Promise<void>,
): Promise<void> {
  for await (const groups of householdPages(ex, batchId)) await fn(groups);
}

/**
 * Pages in order, each through `prepare` (reading and work in Node) and then `handle` (writing); with `overlap`,
 * the next page is read and prepared while the current one is handled, so the database's work and Node's
 * overlap (at most two pages in memory). Without it (PGlite: one connection, one thread) one after the other.
 */
export async function forEachPreparedPage<T>(
  ex: Executor,
  batchId: string,
  opts: { overlap: boolean },
  prepare: (groups: HouseholdGroup[]) => Promise<T>,
  handle: (page: T) => Promise<void>,
): Promise<void> {
  const pages = householdPages(ex, batchId);
  const nextPage = async (): Promise<{ page: T } | null> => {
    const r = await pages.next();
    return r.done ? null : { page: await prepare(r.value) };
  };
  if (!opts.overlap) {
    for (let p = await nextPage(); p; p = await nextPage()) await handle(p.page);
    return;
  }
  let next = nextPage();
  try {
    for (;;) {
      const current = await next;
      if (!current) return;
      next = nextPage();
      // Observed now; its failure is reported when it is awaited (or dropped if handling failed first).
      next.catch(() => undefined);
      await handle(current.page);
    }
  } finally {
    // A handling failure leaves the read-ahead running: let it settle before the caller goes on.
    await next.catch(() => undefined);
    await pages.return(undefined);
  }
}

/**
 * A staged row for classification. Its numbers are decrypted when first read, once: the classification
 * compares by blind index, and the staged ciphertexts are written as they are, so most rows never need them in
 * clear (a phone compared with the registry's, a phone's blind index, a joining member's audit image do).
 */
export function decryptRow(cipher: FieldCipher, r: ImportRowRow): GroupRow {
  let idNumber: string | null | undefined;
  let phone: string | null | undefined;
  return {
    id: r.id,
    rowNumber: r.rowNumber,
    householdNumber: r.householdNumber || null,
    data: r.data as StagedData,
    get idNumber() {
      if (idNumber === undefined) idNumber = r.idNumberEnc ? cipher.decrypt(r.idNumberEnc) : null;
      return idNumber;
    },
    idNumberBidx: r.idNumberBidx,
    idNumberEnc: r.idNumberEnc,
    phoneEnc: r.phoneEnc,
    get phone() {
      if (phone === undefined) phone = r.phoneEnc ? cipher.decrypt(r.phoneEnc) : null;
      return phone;
    },
    stagedErrors: r.errors,
  };
}

/** The households (by number) and persons (by ID number) of these groups as the registry has them now. */
export async function registrySlice(
  ex: Executor,
  cipher: FieldCipher,
  countyCode: string,
  groups: HouseholdGroup[],
): Promise<Pick<ClassifyContext, 'existing' | 'persons'>> {
  const numbers = groups.flatMap((g) => (g.householdNumber ? [g.householdNumber] : []));
  const bidxs = groups.flatMap((g) => g.rows.flatMap((r) => (r.idNumberBidx ? [r.idNumberBidx] : [])));
  const [existingRows, personRows] = await Promise.all([
    householdsByNumber(ex, countyCode, numbers),
    findPersonsByIdBidx(ex, bidxs),
  ]);
  const ids = personRows.map((p) => p.id);
  const [memberships, employment] = await Promise.all([membershipsOfPerson(ex, ids), employmentOf(ex, ids)]);
  const persons = new Map<string, RegistryPerson>();
  for (const row of personRows) {
    persons.set(row.idNumberBidx!, {
      row,
      phone: row.phoneEnc ? cipher.decrypt(row.phoneEnc) : null,
      memberships: memberships.filter((m) => m.member.personId === row.id),
      employment: employment.find((e) => e.personId === row.id && e.validTo === null) ?? null,
    });
  }
  return { existing: new Map(existingRows.map((e) => [e.household.householdNumber, e])), persons };
}

/** Outcome of a row that has no household number: an error of its own. */
export function orphanOutcome(r: ImportRowRow): RowOutcome {
  const errors = r.errors.length > 0 ? r.errors : [`第${r.rowNumber}行：户编号不能为空`];
  return { id: r.id, class: 'error', changes: [], errors, householdSkipped: true };
}
