import type { ImportFieldChange, ImportRowClass } from '@anzhi/contracts/imports';
import { maskPhone } from '@anzhi/domain/id-number';
import type { Assignment } from '../org/scope';
import type { BulkHousehold, BulkMember, BulkPerson } from '../registry/registry-load';
import type { EmploymentRow, NewHousehold, PersonMembership, PersonRow } from '../registry/households.repository';
import { householdInScope, type PlacementRef } from '../registry/registry.scope';
import type { ExistingHousehold, RowOutcome } from './imports.repository';
import type { PlaceIndex, ResolvedSite } from './places';
import { columnLabel } from './registry-columns';
import type { HouseholdCells, PersonCells } from './registry-rows';

/*
 * Classification of one household of the file against the registry (the dry run, and again inside each apply
 * transaction so an apply after a crash or after someone else's edit still does the right thing): every row is
 * new, changed (with the fields), unchanged or an error; a household with any error row is skipped whole.
 */

export interface StagedData {
  household: HouseholdCells;
  person: PersonCells;
}

/** A staged row with its numbers in clear (in memory only; `decryptRow` decrypts them when first read). */
export interface GroupRow {
  id: string;
  rowNumber: number;
  householdNumber: string | null;
  data: StagedData;
  idNumber: string | null;
  idNumberBidx: string | null;
  phone: string | null;
  /** The staged ciphertexts (current keys), written as they are instead of encrypting the numbers again. */
  idNumberEnc?: string | null;
  phoneEnc?: string | null;
  stagedErrors: string[];
}

export interface RegistryPerson {
  row: PersonRow;
  phone: string | null;
  memberships: PersonMembership[];
  employment: EmploymentRow | null;
}

export interface ClassifyContext {
  countyCode: string;
  today: string;
  places: PlaceIndex;
  assignments: readonly Assignment[];
  /** Blind index → first row of the file using it (only for numbers used more than once). */
  duplicates: ReadonlyMap<string, number>;
  existing: ReadonlyMap<string, ExistingHousehold>;
  persons: ReadonlyMap<string, RegistryPerson>;
  /** Decrypts a stored phone. */
  phoneOf(enc: string | null): string | null;
}

export interface PersonUpdate {
  personId: string;
  patch: Partial<PersonRow>;
  health: { health: string; disabilityGrade: string | null } | null;
  labourCapacity: string | null;
  employment: BulkPerson['employment'] | null;
  phone: string | null | undefined;
  image: Record<string, unknown>;
}

export type HouseholdPlan =
  | { kind: 'none' }
  | { kind: 'new'; household: BulkHousehold; rowIds: string[] }
  | {
      kind: 'existing';
      householdId: string;
      version: number;
      patch: Partial<NewHousehold>;
      newMembers: BulkMember[];
      personUpdates: PersonUpdate[];
      rowIds: string[];
    };

export interface HouseholdResult {
  outcomes: RowOutcome[];
  plan: HouseholdPlan;
}

type Of<T> = T;
function display(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** "3栋2单元1203" → building, unit, room. */
export function splitAddress(address: string | null): {
  building: string | null;
  unit: string | null;
  room: string | null;
} {
  if (!address) return { building: null, unit: null, room: null };
  const m = /^(.*?栋)?(.*?单元)?(.*)$/.exec(address.replace(/\s+/g, ''))!;
  return { building: m[1] || null, unit: m[2] || null, room: m[3]?.replace(/[室号]$/, '') || null };
}

interface Place {
  ref: PlacementRef;
  site: ResolvedSite | null;
  destinationVillageCode: string | null;
  originVillageCode: string | null;
}

function resolvePlace(h: HouseholdCells, places: PlaceIndex, err: (m: string) => void): Place | null {
  let townshipCode: string | null = null;
  if (h.township) {
    const t = places.township(h.township);
    if (t === 'none') err(`乡镇“${h.township}”未找到`);
    else if (t === 'ambiguous') err(`乡镇“${h.township}”对应多个乡镇，请写全称`);
    else townshipCode = t.code;
  }
  let originVillageCode: string | null = null;
  if (h.originVillage) {
    const v = places.village(h.originVillage);
    if (v === 'none') err(`迁出地（村）“${h.originVillage}”未找到（请写作乡镇名+村名，如“珠坑乡塘台村”）`);
    else if (v === 'ambiguous') err(`迁出地（村）“${h.originVillage}”对应多个村，请在村名前加乡镇名`);
    else originVillageCode = v.code;
  }
  if (h.placement === '集中安置') {
    if (h.destinationVillage) err('集中安置的户不填迁入村（分散安置）');
    if (!h.site) {
      err('集中安置的户须填写安置点');
      return null;
    }
    const s = places.site(h.site);
    if (s === 'none') err(`安置点“${h.site}”未找到（或已撤销）`);
    else if (s === 'ambiguous') err(`安置点“${h.site}”重名，请联系管理员`);
    else {
      if (townshipCode && s.townshipCode !== townshipCode) err(`安置点“${h.site}”不在乡镇“${h.township}”`);
      return {
        ref: { site: s, destinationTownshipCode: null },
        site: s,
        destinationVillageCode: null,
        originVillageCode,
      };
    }
    return null;
  }
  if (h.placement === '分散安置') {
    if (h.site) err('分散安置的户不填安置点');
    if (!h.destinationVillage) {
      err('分散安置的户须填写迁入村');
      return null;
    }
    const v = places.village(h.destinationVillage, townshipCode);
    if (v === 'none') err(`迁入村“${h.destinationVillage}”未找到`);
    else if (v === 'ambiguous') err(`迁入村“${h.destinationVillage}”对应多个村，请在村名前加乡镇名`);
    else {
      if (townshipCode && v.townshipCode !== townshipCode)
        err(`迁入村“${h.destinationVillage}”不在乡镇“${h.township}”`);
      return {
        ref: { site: null, destinationTownshipCode: v.townshipCode },
        site: null,
        destinationVillageCode: v.code,
        originVillageCode,
      };
    }
  }
  return null;
}

/** Membership start of an imported member: the relocation year's first day, or the birth date if later. */
function memberStart(year: number, birthDate: string): { validFrom: string; joinReason: string } {
  const start = `${year}-01-01`;
  return birthDate > start
    ? { validFrom: birthDate, joinReason: '出生' }
    : { validFrom: start, joinReason: '搬迁入住' };
}

function bulkPerson(r: GroupRow, employmentFrom: string): BulkPerson {
  const p = r.data.person;
  return {
    name: p.name!,
    documentType: '居民身份证',
    // Read through to the row: a number is decrypted only if the write needs it in clear (see decryptRow).
    get idNumber() {
      return r.idNumber;
    },
    otherDocumentNo: null,
    birthDate: p.birthDate!,
    sex: p.sex!,
    ethnicity: p.ethnicity,
    politicalStatus: p.politicalStatus as BulkPerson['politicalStatus'],
    education: p.education as BulkPerson['education'],
    studentStatus: p.studentStatus as BulkPerson['studentStatus'],
    health: p.health as BulkPerson['health'],
    disabilityGrade: p.disabilityGrade as BulkPerson['disabilityGrade'],
    labourCapacity: p.labourCapacity as BulkPerson['labourCapacity'],
    medicalInsurance: p.medicalInsurance,
    pensionInsurance: p.pensionInsurance,
    dibao: p.dibao,
    tekun: p.tekun,
    get phone() {
      return r.phone;
    },
    ...(r.idNumberEnc !== undefined && r.phoneEnc !== undefined
      ? { encrypted: { idNumberEnc: r.idNumberEnc, idNumberBidx: r.idNumberBidx, phoneEnc: r.phoneEnc } }
      : {}),
    employment: employmentOfRow(p, employmentFrom),
  };
}

function employmentOfRow(p: PersonCells, validFrom: string): BulkPerson['employment'] {
  if (!p.employmentStatus) return null;
  return {
    status: p.employmentStatus as NonNullable<BulkPerson['employment']>['status'],
    employer: null,
    place: p.employmentPlace,
    monthlyIncome: p.monthlyIncome,
    validFrom,
  };
}

const openOn = (m: PersonMembership, today: string) =>
  m.member.validFrom <= today && (m.member.validTo === null || m.member.validTo > today);

/** Field-by-field comparison; returns the changes (labels in Chinese, personal numbers masked). */
function diff(pairs: [string, string, unknown, unknown][]): ImportFieldChange[] {
  return pairs
    .filter(([, , a, b]) => display(a) !== display(b))
    .map(([field, label, a, b]) => ({ field, label, old: display(a), new: display(b) }));
}

function personChanges(r: GroupRow, reg: RegistryPerson): { changes: ImportFieldChange[]; update: PersonUpdate } {
  const p = r.data.person;
  const row = reg.row;
  const changes = diff([
    ['name', columnLabel('name'), row.name, p.name],
    ['ethnicity', columnLabel('ethnicity'), row.ethnicity, p.ethnicity],
    ['politicalStatus', columnLabel('politicalStatus'), row.politicalStatus, p.politicalStatus],
    ['education', columnLabel('education'), row.education, p.education],
    ['studentStatus', columnLabel('studentStatus'), row.studentStatus, p.studentStatus],
    ['health', columnLabel('health'), row.health, p.health],
    ['disabilityGrade', columnLabel('disabilityGrade'), row.disabilityGrade, p.disabilityGrade],
    ['labourCapacity', columnLabel('labourCapacity'), row.labourCapacity, p.labourCapacity],
    ['medicalInsurance', columnLabel('medicalInsurance'), row.medicalInsurance, p.medicalInsurance],
    ['pensionInsurance', columnLabel('pensionInsurance'), row.pensionInsurance, p.pensionInsurance],
    ['dibao', columnLabel('dibao'), row.dibao, p.dibao],
    ['tekun', columnLabel('tekun'), row.tekun, p.tekun],
    ...(r.phone !== null
      ? [['phone', columnLabel('phone'), reg.phone, r.phone] as [string, string, unknown, unknown]]
      : []),
  ]);
  const e = reg.employment;
  const employmentChanges = p.employmentStatus
    ? diff([
        ['employmentStatus', columnLabel('employmentStatus'), e?.status ?? null, p.employmentStatus],
        ...(p.employmentPlace !== null
          ? [
              ['employmentPlace', columnLabel('employmentPlace'), e?.place ?? null, p.employmentPlace] as [
                string,
                string,
                unknown,
                unknown,
              ],
            ]
          : []),
        ...(p.monthlyIncome !== null
          ? [
              ['monthlyIncome', columnLabel('monthlyIncome'), e?.monthlyIncome ?? null, p.monthlyIncome] as [
                string,
                string,
                unknown,
                unknown,
              ],
            ]
          : []),
      ])
    : [];
  const all = [...changes, ...employmentChanges].map((c) =>
    c.field === 'phone' ? { ...c, old: c.old && maskPhone(c.old), new: c.new && maskPhone(c.new) } : c,
  );
  const changed = new Set(all.map((c) => c.field));
  const patch: Partial<PersonRow> = {};
  for (const f of [
    'name',
    'ethnicity',
    'politicalStatus',
    'education',
    'studentStatus',
    'medicalInsurance',
    'pensionInsurance',
    'dibao',
    'tekun',
  ] as const) {
    if (changed.has(f)) (patch as Record<string, unknown>)[f] = p[f];
  }
  const healthChanged = changed.has('health') || changed.has('disabilityGrade');
  const update: PersonUpdate = {
    personId: row.id,
    patch,
    health: healthChanged ? { health: p.health, disabilityGrade: p.disabilityGrade } : null,
    labourCapacity: changed.has('labourCapacity') ? p.labourCapacity : null,
    employment: employmentChanges.length > 0 ? employmentOfRow(p, '') : null,
    phone: changed.has('phone') ? r.phone : undefined,
    image: Object.fromEntries(
      all.map((c) => [c.field, c.field === 'phone' ? r.phone : (p as unknown as Record<string, unknown>)[c.field]]),
    ),
  };
  return { changes: all, update };
}

export function classifyHousehold(rows: GroupRow[], ctx: ClassifyContext): HouseholdResult {
  const errors = new Map<string, string[]>(rows.map((r) => [r.id, [...r.stagedErrors]]));
  const changes = new Map<string, ImportFieldChange[]>();
  const rowErr = (r: GroupRow, m: string) => errors.get(r.id)!.push(`第${r.rowNumber}行：${m}`);
  const heads = rows.filter((r) => r.data.person.relation === '户主');
  const lead = heads[0] ?? rows[0]!;
  const householdErr = (m: string) => rowErr(lead, m);
  const number = lead.householdNumber;
  if (number === null && errors.get(lead.id)!.length === 0) householdErr('户编号不能为空');
  if (heads.length !== 1) householdErr(`户编号 ${number ?? ''} 应有且只有一名户主（表中有 ${heads.length} 名）`);

  for (const r of rows) {
    if (r.idNumberBidx) {
      const first = ctx.duplicates.get(r.idNumberBidx);
      if (first !== undefined && first !== r.rowNumber) rowErr(r, `身份证号与第${first}行重复（一人只能登记一次）`);
    }
  }

  const h = lead.data.household;
  const place = resolvePlace(h, ctx.places, householdErr);
  if (place && !householdInScope(ctx.assignments, 'household.write', place.ref))
    householdErr(`不能导入本人负责范围以外的搬迁户（${h.site ?? h.destinationVillage ?? ''}）`);
  const existing = number ? ctx.existing.get(number) : undefined;
  const address = place?.site ? splitAddress(h.address) : { building: null, unit: null, room: null };

  if (existing) {
    const ref = { site: existing.site, destinationTownshipCode: existing.destinationTownshipCode };
    if (!householdInScope(ctx.assignments, 'household.write', ref)) {
      householdErr(
        householdInScope(ctx.assignments, 'household.read', ref)
          ? '您对该搬迁户只有查看权限'
          : `户编号 ${number} 已被使用`,
      );
    } else if (existing.household.status !== 'active') householdErr(`户编号 ${number} 的搬迁户已注销`);
    else if (
      place &&
      (existing.household.placement !== h.placement ||
        existing.household.siteId !== (place.site?.id ?? null) ||
        existing.household.destinationVillageCode !== place.destinationVillageCode)
    )
      householdErr(
        `安置信息与花名册不一致（花名册中为${existing.site?.name ?? existing.household.placement}）：搬迁、调整安置请在系统中办理`,
      );
  }

  // Persons against the registry.
  const newMembers: GroupRow[] = [];
  const personUpdates: PersonUpdate[] = [];
  for (const r of rows) {
    if (!r.idNumberBidx) continue;
    const reg = ctx.persons.get(r.idNumberBidx);
    if (!reg) {
      newMembers.push(r);
      continue;
    }
    const open = reg.memberships.find((m) => openOn(m, ctx.today));
    const visible = (m: PersonMembership) =>
      householdInScope(ctx.assignments, 'household.read', {
        site: m.site,
        destinationTownshipCode: m.destinationTownshipCode,
      });
    if (open && existing && open.member.householdId === existing.household.id) {
      if (open.member.relation !== r.data.person.relation)
        rowErr(r, `与户主关系与花名册不一致（花名册中为“${open.member.relation}”），户主变更请在系统中办理`);
      const { changes: c, update } = personChanges(r, reg);
      changes.set(r.id, c);
      if (c.length > 0) personUpdates.push(update);
    } else if (open) {
      rowErr(
        r,
        visible(open) ? `该人员已是户编号 ${open.householdNumber} 的成员（一人只能属于一户）` : '已在其他辖区登记',
      );
    } else {
      rowErr(
        r,
        reg.memberships.some(visible) ? '该人员已登记但目前不在任何户中，请在系统中办理入户' : '已在其他辖区登记',
      );
    }
  }

  // Household fields.
  let patch: Partial<NewHousehold> = {};
  if (existing && place) {
    const e = existing.household;
    const c = diff([
      ['category', columnLabel('category'), e.category, h.category],
      ['relocationYear', columnLabel('relocationYear'), e.relocationYear, h.relocationYear],
      [
        'originVillage',
        columnLabel('originVillage'),
        ctx.places.nameOf(e.originVillageCode),
        place.originVillageCode ? ctx.places.nameOf(place.originVillageCode) : null,
      ],
      ['housingType', columnLabel('housingType'), e.housingType, h.housingType],
      ['floorArea', columnLabel('floorArea'), e.floorArea, h.floorArea],
      ['propertyCertificateNo', columnLabel('propertyCertificateNo'), e.propertyCertificateNo, h.propertyCertificateNo],
      ['certificateDate', columnLabel('certificateDate'), e.certificateDate, h.certificateDate],
      ['oldHouseStatus', columnLabel('oldHouseStatus'), e.oldHouseStatus, h.oldHouseStatus],
      ...(place.site
        ? ([
            ['building', '楼栋', e.building, address.building],
            ['unit', '单元', e.unit, address.unit],
            ['room', '房号', e.room, address.room],
          ] as [string, string, unknown, unknown][])
        : []),
    ]);
    if (c.length > 0) {
      changes.set(lead.id, [...c, ...(changes.get(lead.id) ?? [])]);
      const values: Record<string, unknown> = {
        category: h.category,
        relocationYear: h.relocationYear,
        originVillage: place.originVillageCode,
        housingType: h.housingType,
        floorArea: h.floorArea,
        propertyCertificateNo: h.propertyCertificateNo,
        certificateDate: h.certificateDate,
        oldHouseStatus: h.oldHouseStatus,
        ...address,
      };
      patch = Object.fromEntries(
        c.map((x) => [x.field === 'originVillage' ? 'originVillageCode' : x.field, values[x.field]]),
      );
    }
  }

  const failed = rows.some((r) => errors.get(r.id)!.length > 0);
  const isNewHousehold = !existing;
  const classOf = (r: GroupRow): ImportRowClass => {
    if (errors.get(r.id)!.length > 0) return 'error';
    if (isNewHousehold || newMembers.includes(r)) return 'new';
    return (changes.get(r.id)?.length ?? 0) > 0 ? 'changed' : 'unchanged';
  };
  const outcomes: RowOutcome[] = rows.map((r) => ({
    id: r.id,
    class: classOf(r),
    changes: changes.get(r.id) ?? [],
    errors: errors.get(r.id)!,
    householdSkipped: failed,
  }));
  if (failed || !place) return { outcomes, plan: { kind: 'none' } };

  const rowIds = rows.map((r) => r.id);
  const year = h.relocationYear!;
  if (isNewHousehold) {
    const members: BulkMember[] = rows.map((r) => {
      const start = memberStart(year, r.data.person.birthDate!);
      return {
        relation: r.data.person.relation as BulkMember['relation'],
        ...start,
        validTo: null,
        leaveReason: null,
        person: bulkPerson(r, start.validFrom),
      };
    });
    const household: BulkHousehold = {
      householdNumber: number!,
      category: h.category as BulkHousehold['category'],
      relocationYear: year,
      originVillageCode: place.originVillageCode!,
      placement: h.placement as BulkHousehold['placement'],
      siteId: place.site?.id ?? null,
      ...address,
      destinationVillageCode: place.destinationVillageCode,
      housingType: h.housingType as BulkHousehold['housingType'],
      floorArea: h.floorArea,
      propertyCertificateNo: h.propertyCertificateNo,
      certificateDate: h.certificateDate,
      handoverDate: null,
      oldHouseStatus: h.oldHouseStatus as Of<BulkHousehold['oldHouseStatus']>,
      get phone() {
        return lead.phone;
      },
      ...(lead.phoneEnc !== undefined ? { encrypted: { phoneEnc: lead.phoneEnc } } : {}),
      monitoringStatus: '未纳入监测',
      lands: [],
      members,
    };
    return { outcomes, plan: { kind: 'new', household, rowIds } };
  }
  const joining: BulkMember[] = newMembers.map((r) => ({
    relation: r.data.person.relation as BulkMember['relation'],
    validFrom: ctx.today,
    joinReason: '新登记',
    validTo: null,
    leaveReason: null,
    person: bulkPerson(r, ctx.today),
  }));
  if (joining.length === 0 && personUpdates.length === 0 && Object.keys(patch).length === 0)
    return { outcomes, plan: { kind: 'none' } };
  return {
    outcomes,
    plan: {
      kind: 'existing',
      householdId: existing.household.id,
      version: existing.household.version,
      patch,
      newMembers: joining,
      personUpdates,
      rowIds,
    },
  };
}
