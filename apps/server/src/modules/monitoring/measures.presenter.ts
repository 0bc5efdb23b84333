import type { Measure } from '@anzhi/contracts/monitoring-help';
import { measureStatusLabels, measureTypeLabels } from '@anzhi/contracts/monitoring-vocabulary';
import type { MeasureRow } from './measures.repository';
import { openMeasureStatuses } from './measures.repository';

export interface MeasureHouseholdSide {
  householdNumber: string;
  headName: string | null;
}

/** A measure row as the API shows it; `overdue`/`dueSoon` are judged on the Shanghai calendar day `today`. */
export function presentMeasure(
  row: MeasureRow,
  household: MeasureHouseholdSide,
  today: string,
  dueSoonUntil: string,
): Measure {
  const open = openMeasureStatuses.includes(row.status);
  return {
    id: row.id,
    caseId: row.caseId,
    householdId: row.householdId,
    householdNumber: household.householdNumber,
    headName: household.headName,
    type: row.type,
    typeLabel: measureTypeLabels[row.type],
    riskType: row.riskType ?? null,
    content: row.content,
    responsibleUserId: row.responsibleUserId,
    responsibleName: row.responsibleName,
    unitId: row.unitId,
    startOn: row.startOn,
    dueOn: row.dueOn,
    status: row.status,
    statusLabel: measureStatusLabels[row.status],
    completedOn: row.completedOn,
    amount: row.amount === null ? null : Number(row.amount),
    term: row.term,
    emergency: row.emergency,
    result: row.result,
    overdue: open && row.dueOn < today,
    dueSoon: open && row.dueOn >= today && row.dueOn <= dueSoonUntil,
    version: row.version,
  };
}

/** The audit image of a measure (no personal data: the responsible cadre is named, as on the paper plan). */
export function measureImage(row: MeasureRow) {
  const { createdAt: _c, updatedAt: _u, ...image } = row;
  return image;
}
