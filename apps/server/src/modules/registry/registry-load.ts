import type {
  documentTypes,
  educationLevels,
  employmentStatuses,
  healthStatuses,
  HouseholdCategory,
  housingTypes,
  labourCapacities,
  landKinds,
  landTransferStatuses,
  MemberRelation,
  MonitoringStatus,
  oldHouseStatuses,
  Placement,
  politicalStatuses,
  sexes,
  studentStatuses,
  disabilityGrades,
} from '@anzhi/contracts/registry';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import type { FieldCipher } from '../../platform/crypto/cipher';
import { copyClientOf } from '../../db/copy';
import { bulkCopy, bulkInsert, type BulkTable } from './registry-bulk.repository';
import type { NewEmployment, NewHousehold, NewLand, NewMember, NewPerson } from './households.repository';
import type { NewHealth, NewLabour, NewPlacement } from './registry-facts.repository';
import { initialPersonFacts, placementRow } from './registry-facts';

/*
 * Bulk loading of already validated households (the data generator, the demo; later the staged import's
 * apply step): rows are prepared in memory — ID and phone numbers through the real encryption and blind
 * index — and written set-based, 1,000 rows per statement, never row by row (architecture.md, bulk paths).
 */

type Of<T extends readonly string[]> = T[number];

export interface BulkPerson {
  name: string;
  documentType: Of<typeof documentTypes>;
  /** Normalised, valid GB 11643 number (居民身份证), else null. */
  idNumber: string | null;
  otherDocumentNo: string | null;
  birthDate: string;
  sex: Of<typeof sexes>;
  ethnicity: string;
  politicalStatus: Of<typeof politicalStatuses>;
  education: Of<typeof educationLevels> | null;
  studentStatus: Of<typeof studentStatuses>;
  health: Of<typeof healthStatuses>;
  disabilityGrade: Of<typeof disabilityGrades> | null;
  labourCapacity: Of<typeof labourCapacities>;
  medicalInsurance: boolean;
  pensionInsurance: boolean;
  dibao: boolean;
  tekun: boolean;
  phone: string | null;
  /**
   * The numbers already encrypted and blind-indexed with the current keys (the staged import), reused as they
   * are instead of encrypting them again; must match `idNumber` and `phone`.
   */
  encrypted?: { idNumberEnc: string | null; idNumberBidx: string | null; phoneEnc: string | null };
  employment: {
    status: Of<typeof employmentStatuses>;
    employer: string | null;
    place: string | null;
    monthlyIncome: number | null;
    validFrom: string;
  } | null;
}

export interface BulkMember {
  relation: MemberRelation;
  validFrom: string;
  validTo: string | null;
  joinReason: string;
  leaveReason: string | null;
  person: BulkPerson;
}

export interface BulkHousehold {
  householdNumber: string;
  category: HouseholdCategory;
  relocationYear: number;
  originVillageCode: string;
  placement: Placement;
  siteId: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  destinationVillageCode: string | null;
  housingType: Of<typeof housingTypes>;
  floorArea: number | null;
  propertyCertificateNo: string | null;
  certificateDate: string | null;
  handoverDate: string | null;
  oldHouseStatus: Of<typeof oldHouseStatuses> | null;
  phone: string | null;
  /** The phone already encrypted with the current key (the staged import), reused as it is; must match `phone`. */
  encrypted?: { phoneEnc: string | null };
  monitoringStatus: MonitoringStatus;
  lands: {
    kind: Of<typeof landKinds>;
    area: number;
    transferStatus: Of<typeof landTransferStatuses>;
    tenant: string | null;
    annualRent: number | null;
  }[];
  members: BulkMember[];
}

/** Rows of each registry table, ready to insert. */
export interface PreparedRows {
  households: NewHousehold[];
  lands: NewLand[];
  persons: NewPerson[];
  members: NewMember[];
  employment: NewEmployment[];
  health: NewHealth[];
  labour: NewLabour[];
  placement: NewPlacement[];
}

export const emptyRows = (): PreparedRows => ({
  households: [],
  lands: [],
  persons: [],
  members: [],
  employment: [],
  health: [],
  labour: [],
  placement: [],
});

export interface LoadContext {
  cipher: FieldCipher;
  countyCode: string;
  /** Stamped as created/updated time (the injected clock's now). */
  now: Date;
}

/** Turns one household into table rows, appending to `out` (encryption and blind index happen here). */
export function prepareHousehold(h: BulkHousehold, ctx: LoadContext, out: PreparedRows): void {
  const { cipher, countyCode, now } = ctx;
  const householdId = uuidv7();
  // The household's phone is usually its head's: its blind index is computed once for both.
  const householdPhoneBidx = h.phone ? cipher.blindIndex(h.phone) : null;
  const phoneBidxOf = (phone: string | null) =>
    !phone ? null : phone === h.phone ? householdPhoneBidx : cipher.blindIndex(phone);
  out.households.push({
    id: householdId,
    countyCode,
    householdNumber: h.householdNumber,
    category: h.category,
    relocationYear: h.relocationYear,
    originVillageCode: h.originVillageCode,
    placement: h.placement,
    siteId: h.siteId,
    building: h.building,
    unit: h.unit,
    room: h.room,
    destinationVillageCode: h.destinationVillageCode,
    housingType: h.housingType,
    floorArea: h.floorArea,
    propertyCertificateNo: h.propertyCertificateNo,
    certificateDate: h.certificateDate,
    handoverDate: h.handoverDate,
    oldHouseStatus: h.oldHouseStatus,
    phoneEnc: h.encrypted ? h.encrypted.phoneEnc : h.phone ? cipher.encrypt(h.phone) : null,
    phoneBidx: householdPhoneBidx,
    monitoringStatus: h.monitoringStatus,
    status: 'active',
    closedReason: null,
    closedOn: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  });
  // The dated facts start when the household moved in (its first member's entry).
  const movedIn = h.members.reduce((min, m) => (m.validFrom < min ? m.validFrom : min), h.members[0]?.validFrom ?? '');
  out.placement.push(
    placementRow(countyCode, householdId, h, movedIn || (h.handoverDate ?? now.toISOString().slice(0, 10)), now),
  );
  for (const l of h.lands) {
    out.lands.push({ id: uuidv7(), countyCode, householdId, ...l, createdAt: now });
  }
  for (const m of h.members) {
    const p = m.person;
    const personId = uuidv7();
    out.persons.push({
      id: personId,
      countyCode,
      name: p.name,
      documentType: p.documentType,
      idNumberEnc: p.encrypted ? p.encrypted.idNumberEnc : p.idNumber ? cipher.encrypt(p.idNumber) : null,
      idNumberBidx: p.encrypted ? p.encrypted.idNumberBidx : p.idNumber ? cipher.blindIndex(p.idNumber) : null,
      otherDocumentNoEnc: p.otherDocumentNo ? cipher.encrypt(p.otherDocumentNo) : null,
      birthDate: p.birthDate,
      sex: p.sex,
      ethnicity: p.ethnicity,
      politicalStatus: p.politicalStatus,
      education: p.education,
      studentStatus: p.studentStatus,
      health: p.health,
      disabilityGrade: p.disabilityGrade,
      labourCapacity: p.labourCapacity,
      medicalInsurance: p.medicalInsurance,
      pensionInsurance: p.pensionInsurance,
      dibao: p.dibao,
      tekun: p.tekun,
      phoneEnc: p.encrypted ? p.encrypted.phoneEnc : p.phone ? cipher.encrypt(p.phone) : null,
      phoneBidx: phoneBidxOf(p.phone),
      version: 1,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    out.members.push({
      id: uuidv7(),
      countyCode,
      householdId,
      personId,
      relation: m.relation,
      validFrom: m.validFrom,
      validTo: m.validTo,
      joinReason: m.joinReason,
      leaveReason: m.leaveReason,
      createdAt: now,
    });
    const facts = initialPersonFacts(countyCode, personId, p, m.validFrom, now);
    out.health.push(facts.health);
    out.labour.push(facts.labour);
    if (p.employment) {
      out.employment.push({
        id: uuidv7(),
        countyCode,
        personId,
        ...p.employment,
        // A member who left (died) has no employment after leaving.
        validTo: m.validTo && m.validTo > p.employment.validFrom ? m.validTo : null,
        createdAt: now,
      });
    }
  }
}

export interface LoadCounts {
  households: number;
  lands: number;
  persons: number;
  members: number;
  employment: number;
  health: number;
  labour: number;
  placement: number;
}

/** Rows per INSERT statement; the households of one batch are gathered until their persons reach it. */
export const bulkChunkRows = 1000;

const order: [keyof PreparedRows, BulkTable][] = [
  ['households', 'households'],
  ['lands', 'household_lands'],
  ['persons', 'persons'],
  ['members', 'household_members'],
  ['employment', 'person_employment'],
  ['health', 'person_health'],
  ['labour', 'person_labour'],
  ['placement', 'household_placement'],
];

/**
 * Writes prepared rows in parent-before-child order, `bulkChunkRows` rows per statement; with `copy`, inside a
 * PostgreSQL transaction, one COPY per table instead (the import's apply; elsewhere the INSERT path is kept).
 */
export async function insertPrepared(ex: Executor, rows: PreparedRows, opts: { copy?: boolean } = {}): Promise<void> {
  const client = opts.copy ? copyClientOf(ex) : null;
  for (const [key, table] of order) {
    const list = rows[key];
    if (client) {
      await bulkCopy(client, table, list);
      continue;
    }
    for (let i = 0; i < list.length; i += bulkChunkRows) {
      await bulkInsert(ex, table, list.slice(i, i + bulkChunkRows));
    }
  }
}

/** Households prepared between two yields to the event loop (lets the in-flight insert's I/O progress). */
const prepareSlice = 4;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Loads generated (or otherwise validated) households: encrypts, blind-indexes and inserts them set-based.
 * Accepts any iterable, so a generator can stream millions of households without holding them in memory.
 * Preparing the next chunk (CPU in Node) overlaps with inserting the previous one (work in the database);
 * chunks are still written one after the other, parents before children.
 * Runs on the executor it is given (inside the caller's transaction, if any); the caller audits the bulk
 * operation as one event with the counts (decisions.md, audit).
 */
export async function loadGenerated(
  deps: { db: Executor; cipher: FieldCipher; countyCode: string; now: Date },
  households: Iterable<BulkHousehold> | AsyncIterable<BulkHousehold>,
): Promise<LoadCounts> {
  const ctx: LoadContext = { cipher: deps.cipher, countyCode: deps.countyCode, now: deps.now };
  const counts: LoadCounts = {
    households: 0,
    lands: 0,
    persons: 0,
    members: 0,
    employment: 0,
    health: 0,
    labour: 0,
    placement: 0,
  };
  let batch = emptyRows();
  let inflight: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const flush = async () => {
    const rows = batch;
    batch = emptyRows();
    await inflight;
    if (failure) throw failure.error;
    // Handled at once (no unhandled rejection while the next chunk is prepared); rethrown at the next flush.
    inflight = insertPrepared(deps.db, rows).then(
      () => {
        for (const [key] of order) counts[key] += rows[key].length;
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };
  let sinceYield = 0;
  for await (const h of households) {
    if (batch.persons.length + h.members.length > bulkChunkRows) await flush();
    prepareHousehold(h, ctx, batch);
    sinceYield += 1;
    if (sinceYield >= prepareSlice) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
  if (batch.households.length > 0) await flush();
  await inflight;
  if (failure) throw (failure as { error: unknown }).error;
  return counts;
}
