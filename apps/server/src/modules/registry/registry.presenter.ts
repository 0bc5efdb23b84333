import type { Household, HouseholdListItem, Member, Person } from '@anzhi/contracts/registry';

type Land = Household['lands'][number];
type EmploymentStatus = NonNullable<Member['employment']>['status'];
import { ageOn, maskIdNumber, maskPhone } from '@anzhi/domain/id-number';
import type { FieldCipher } from '../../platform/crypto/cipher';
import type {
  EmploymentRow,
  HouseholdWithPlace,
  LandRow,
  MembershipWithPerson,
  PersonRow,
} from './households.repository';
import type { HouseholdListRow } from './registry-lists.repository';

/*
 * Row → DTO, whitelisting fields. ID and phone numbers leave the server masked; where a number is masked the
 * DTO carries an age, never the birth date (birth date + masked number would rebuild the number).
 */

/** Stored code-list values are written only through the contracts' enums; this narrows them back. */
function narrow<T extends string | null>(value: string | null): T {
  return value as T;
}

export function ageAt(birthDate: string, day: string): number {
  return day < birthDate ? 0 : ageOn(birthDate, day);
}

export function maskedDocument(p: Pick<PersonRow, 'idNumberEnc' | 'otherDocumentNoEnc'>, cipher: FieldCipher) {
  if (p.idNumberEnc) return maskIdNumber(cipher.decrypt(p.idNumberEnc));
  if (p.otherDocumentNoEnc) return maskIdNumber(cipher.decrypt(p.otherDocumentNoEnc));
  return null;
}

export function maskedPhone(enc: string | null, cipher: FieldCipher): string | null {
  return enc ? maskPhone(cipher.decrypt(enc)) : null;
}

export function presentHouseholdListItem(row: HouseholdListRow, cipher: FieldCipher): HouseholdListItem {
  return {
    id: row.id,
    householdNumber: row.householdNumber,
    category: narrow<Household['category']>(row.category),
    placement: narrow<Household['placement']>(row.placement),
    relocationYear: row.relocationYear,
    siteId: row.siteId,
    siteName: row.siteName,
    townshipCode: row.townshipCode,
    townshipName: row.townshipName,
    destinationVillageName: row.destinationVillageName,
    headName: row.headName,
    headIdNumber: maskedDocument(
      { idNumberEnc: row.headIdNumberEnc, otherDocumentNoEnc: row.headOtherDocumentEnc },
      cipher,
    ),
    memberCount: row.memberCount,
    monitoringStatus: narrow<Household['monitoringStatus']>(row.monitoringStatus),
    status: narrow<Household['status']>(row.status),
  };
}

function presentEmployment(e: EmploymentRow) {
  return {
    status: narrow<EmploymentStatus>(e.status),
    employer: e.employer,
    place: e.place,
    monthlyIncome: e.monthlyIncome,
    validFrom: e.validFrom,
    validTo: e.validTo,
  };
}

/** The employment period in force on `day`, if any. */
export function employmentOn(rows: EmploymentRow[], personId: string, day: string): EmploymentRow | undefined {
  return rows.find((e) => e.personId === personId && e.validFrom <= day && (e.validTo === null || e.validTo > day));
}

export function isMemberOn(m: { validFrom: string; validTo: string | null }, day: string): boolean {
  return m.validFrom <= day && (m.validTo === null || m.validTo > day);
}

const relationOrder = ['户主', '配偶', '父母', '子', '女', '孙子女', '其他'];

export function presentHousehold(
  h: HouseholdWithPlace,
  lands: LandRow[],
  memberships: MembershipWithPerson[],
  employment: EmploymentRow[],
  asOf: string,
  cipher: FieldCipher,
  abilities: Household['abilities'],
): Household {
  const row = h.household;
  const current = memberships
    .filter((m) => isMemberOn(m.member, asOf))
    .sort((a, b) => relationOrder.indexOf(a.member.relation) - relationOrder.indexOf(b.member.relation));
  const members: Member[] = current.map(({ member, person }) => {
    const job = employmentOn(employment, person.id, asOf);
    return {
      personId: person.id,
      name: person.name,
      relation: narrow<Member['relation']>(member.relation),
      sex: narrow<Member['sex']>(person.sex),
      age: ageAt(person.birthDate, asOf),
      documentType: narrow<Member['documentType']>(person.documentType),
      documentNumber: maskedDocument(person, cipher),
      health: narrow<Member['health']>(person.health),
      disabilityGrade: narrow<Member['disabilityGrade']>(person.disabilityGrade),
      labourCapacity: narrow<Member['labourCapacity']>(person.labourCapacity),
      studentStatus: narrow<Member['studentStatus']>(person.studentStatus),
      employment: job ? presentEmployment(job) : null,
      validFrom: member.validFrom,
      validTo: member.validTo,
      joinReason: member.joinReason,
      leaveReason: member.leaveReason,
    };
  });
  return {
    id: row.id,
    householdNumber: row.householdNumber,
    category: narrow<Household['category']>(row.category),
    relocationYear: row.relocationYear,
    originVillageCode: row.originVillageCode,
    originVillageName: h.originVillageName,
    placement: narrow<Household['placement']>(row.placement),
    siteId: row.siteId,
    siteName: h.site?.name ?? null,
    building: row.building,
    unit: row.unit,
    room: row.room,
    destinationVillageCode: row.destinationVillageCode,
    destinationVillageName: h.destinationVillageName,
    townshipCode: h.site?.townshipCode ?? h.destinationTownshipCode,
    townshipName: h.townshipName,
    housingType: narrow<Household['housingType']>(row.housingType),
    floorArea: row.floorArea,
    propertyCertificateNo: row.propertyCertificateNo,
    certificateDate: row.certificateDate,
    handoverDate: row.handoverDate,
    oldHouseStatus: narrow<Household['oldHouseStatus']>(row.oldHouseStatus),
    phone: maskedPhone(row.phoneEnc, cipher),
    monitoringStatus: narrow<Household['monitoringStatus']>(row.monitoringStatus),
    status: narrow<Household['status']>(row.status),
    closedReason: row.closedReason,
    lands: lands.map((l) => ({
      kind: narrow<Land['kind']>(l.kind),
      area: l.area,
      transferStatus: narrow<Land['transferStatus']>(l.transferStatus),
      tenant: l.tenant,
      annualRent: l.annualRent,
    })),
    asOf,
    members,
    memberCount: members.length,
    membershipHistory: memberships.map(({ member, person }) => ({
      personId: person.id,
      name: person.name,
      relation: narrow<Member['relation']>(member.relation),
      validFrom: member.validFrom,
      validTo: member.validTo,
      joinReason: member.joinReason,
      leaveReason: member.leaveReason,
    })),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    abilities,
  };
}

export function presentPerson(
  p: PersonRow,
  cipher: FieldCipher,
  today: string,
  household: Person['household'],
  employment: EmploymentRow[],
  abilities: Person['abilities'],
): Person {
  return {
    id: p.id,
    name: p.name,
    sex: narrow<Member['sex']>(p.sex),
    age: ageAt(p.birthDate, today),
    documentType: narrow<Member['documentType']>(p.documentType),
    documentNumber: maskedDocument(p, cipher),
    ethnicity: p.ethnicity,
    politicalStatus: narrow<Person['politicalStatus']>(p.politicalStatus),
    education: narrow<Person['education']>(p.education),
    studentStatus: narrow<Member['studentStatus']>(p.studentStatus),
    health: narrow<Member['health']>(p.health),
    disabilityGrade: narrow<Member['disabilityGrade']>(p.disabilityGrade),
    labourCapacity: narrow<Member['labourCapacity']>(p.labourCapacity),
    medicalInsurance: p.medicalInsurance,
    pensionInsurance: p.pensionInsurance,
    dibao: p.dibao,
    tekun: p.tekun,
    phone: maskedPhone(p.phoneEnc, cipher),
    household,
    employment: employment.filter((e) => e.personId === p.id).map(presentEmployment),
    version: p.version,
    abilities,
  };
}
