import { uuidv7 } from '@anzhi/domain/ids';
import type { NewHealth, NewLabour, NewPlacement } from './registry-facts.repository';

/*
 * Row builders for the dated facts, shared by every path that writes them (a household entered by hand, a
 * member joining, the bulk loader of the generator and the staged import, the events).
 */

export interface PersonFactValues {
  /** Default 健康 (the column's default). */
  health?: string | null | undefined;
  disabilityGrade?: string | null | undefined;
  labourCapacity: string;
}

/** The first health and labour-capacity periods of a person, open from `validFrom`. */
export function initialPersonFacts(
  countyCode: string,
  personId: string,
  v: PersonFactValues,
  validFrom: string,
  createdAt?: Date,
): { health: NewHealth; labour: NewLabour } {
  const known = { countyCode, personId, validFrom, validTo: null, ...(createdAt ? { createdAt } : {}) };
  return {
    health: { id: uuidv7(), ...known, health: v.health ?? '健康', disabilityGrade: v.disabilityGrade ?? null },
    labour: { id: uuidv7(), ...known, labourCapacity: v.labourCapacity },
  };
}

export interface PlacementValues {
  placement: string;
  siteId: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  destinationVillageCode: string | null;
}

type Maybe<T> = T | null | undefined;

/** The placement fields of a household row or input (absent values as null). */
export function placementValuesOf(h: {
  placement: string;
  siteId?: Maybe<string>;
  building?: Maybe<string>;
  unit?: Maybe<string>;
  room?: Maybe<string>;
  destinationVillageCode?: Maybe<string>;
}): PlacementValues {
  return {
    placement: h.placement,
    siteId: h.siteId ?? null,
    building: h.building ?? null,
    unit: h.unit ?? null,
    room: h.room ?? null,
    destinationVillageCode: h.destinationVillageCode ?? null,
  };
}

/** An open placement period of a household from `validFrom`. */
export function placementRow(
  countyCode: string,
  householdId: string,
  v: PlacementValues,
  validFrom: string,
  createdAt?: Date,
): NewPlacement {
  return {
    id: uuidv7(),
    countyCode,
    householdId,
    placement: v.placement,
    siteId: v.siteId,
    building: v.building,
    unit: v.unit,
    room: v.room,
    destinationVillageCode: v.destinationVillageCode,
    validFrom,
    validTo: null,
    ...(createdAt ? { createdAt } : {}),
  };
}
