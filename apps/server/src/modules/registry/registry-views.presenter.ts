import type { Household, Member } from '@anzhi/contracts/registry';
import type { PersonListItem } from '@anzhi/contracts/registry-views';
import type { FieldCipher } from '../../platform/crypto/cipher';
import type { PersonListRow } from './registry-lists.repository';
import { ageAt, maskedDocument } from './registry.presenter';

/** Stored code-list values are written only through the contracts' enums; this narrows them back. */
function narrow<T extends string | null>(value: string | null): T {
  return value as T;
}

/** A person of the list: masked number and age on `today`, never the birth date. */
export function presentPersonListItem(row: PersonListRow, cipher: FieldCipher, today: string): PersonListItem {
  return {
    id: row.id,
    name: row.name,
    sex: narrow<Member['sex']>(row.sex),
    age: ageAt(row.birthDate, today),
    documentType: narrow<Member['documentType']>(row.documentType),
    documentNumber: maskedDocument(row, cipher),
    relation: narrow<Member['relation']>(row.relation),
    householdId: row.householdId,
    householdNumber: row.householdNumber,
    category: narrow<Household['category']>(row.category),
    placement: narrow<Household['placement']>(row.placement),
    siteName: row.siteName,
    townshipName: row.townshipName,
    health: narrow<Member['health']>(row.health),
    labourCapacity: narrow<Member['labourCapacity']>(row.labourCapacity),
    employmentStatus: narrow<PersonListItem['employmentStatus']>(row.employmentStatus),
    employer: row.employer,
  };
}
