import { UnitSchema } from '@anzhi/contracts/org';
import type { Unit, UnitKind } from '@anzhi/contracts/org';
import { apiRequest } from '../../api/client';

export interface UnitInput {
  id?: string;
  name: string;
  kind: UnitKind;
  divisionCode?: string | null;
}

export const unitKeys = { all: ['units'] as const };

export function fetchUnits(): Promise<Unit[]> {
  return apiRequest('/units', UnitSchema.array());
}

export function createUnit(input: UnitInput): Promise<Unit> {
  return apiRequest('/units', UnitSchema, { method: 'POST', body: input });
}

export function addUnitAlias(unitId: string, alias: string): Promise<Unit> {
  return apiRequest(`/units/${unitId}/aliases`, UnitSchema, { method: 'POST', body: { alias } });
}
