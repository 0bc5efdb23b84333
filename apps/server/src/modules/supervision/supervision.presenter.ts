import type {
  Plan,
  PlanItem,
  TaskInstance,
  TaskReport,
  TaskReportKind,
  TaskStatus,
  UnitRef,
} from '@anzhi/contracts/supervision';
import { cadenceOfKind, deadlineReading } from '@anzhi/domain/deadlines';
import { formatDeadline, parsePeriodKey, periodLabel } from '@anzhi/domain/periods';
import {
  openStatuses,
  type InstanceWithItem,
  type PlanItemRow,
  type PlanRow,
  type ReportRow,
  type UnitRow,
} from './supervision.repository';

export function effectiveStatus(stored: string, dueAt: Date, now: Date): TaskStatus {
  if ((openStatuses as readonly string[]).includes(stored) && now.getTime() >= dueAt.getTime()) return 'overdue';
  return stored as TaskStatus;
}

const refs = (ids: readonly string[], unitsById: Map<string, UnitRow>): UnitRef[] =>
  ids.map((id) => ({ id, name: unitsById.get(id)?.name ?? '（已删除的单位）' }));

export function presentPlan(row: PlanRow & { itemCount: number }): Plan {
  return {
    id: row.id,
    year: row.year,
    title: row.title,
    status: row.status as Plan['status'],
    rolledFromId: row.rolledFromId,
    fromSource: row.sourceKey !== null,
    itemCount: row.itemCount,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

export function presentItem(row: PlanItemRow, unitsById: Map<string, UnitRow>): PlanItem {
  return {
    id: row.id,
    planId: row.planId,
    row: row.rowNo,
    group: row.groupName,
    groupFrom: row.groupFrom as PlanItem['groupFrom'],
    text: row.text,
    leadUnits: refs(row.leadUnitIds, unitsById),
    responsibleUnits: refs(row.responsibleUnitIds, unitsById),
    includesTownships: row.includesTownships,
    unresolvedNames: row.unresolvedNames,
    deadlineText: row.deadlineText,
    deadlineKind: row.deadline.kind,
    deadlineReading: deadlineReading(row.deadline),
    note: row.note,
  };
}

/** The label of an instance's period: one-off rows report for their plan year. */
export function instancePeriodLabel(row: PlanItemRow, periodKey: string): string {
  const label = periodLabel(parsePeriodKey(periodKey));
  return cadenceOfKind[row.deadline.kind] === 'year' ? `${label}（一次性）` : label;
}

export interface Abilities {
  report: boolean;
  review: boolean;
}

export function presentInstance(
  r: InstanceWithItem,
  unitsById: Map<string, UnitRow>,
  now: Date,
  abilities: Abilities,
): TaskInstance {
  const i = r.instance;
  return {
    id: i.id,
    planId: i.planId,
    planYear: r.planYear,
    itemId: r.item.id,
    row: r.item.rowNo,
    group: r.item.groupName,
    itemText: r.item.text,
    deadlineText: r.item.deadlineText,
    periodKey: i.periodKey,
    periodLabel: instancePeriodLabel(r.item, i.periodKey),
    dueAt: i.dueAt.toISOString(),
    dueLabel: formatDeadline(i.dueAt),
    party: refs([i.partyUnitId], unitsById)[0]!,
    leadUnits: refs(r.item.leadUnitIds, unitsById),
    status: effectiveStatus(i.status, i.dueAt, now),
    firstSubmittedAt: i.firstSubmittedAt?.toISOString() ?? null,
    submittedAt: i.submittedAt?.toISOString() ?? null,
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
    abilities,
  };
}

export function presentReport(row: ReportRow, files: { id: string; fileName: string }[]): TaskReport {
  return {
    id: row.id,
    kind: row.kind as TaskReportKind,
    text: row.text,
    figures: row.figures,
    attachments: files,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
  };
}
