import type { ChiefAssignment, ChiefKind, ChiefReport, ChiefVisit } from '@anzhi/contracts/chiefs';
import type { ChiefAssignmentView, ChiefReportView, ChiefVisitView } from './chiefs.repository';

export function presentAssignment(view: ChiefAssignmentView, today: string, canUpdate: boolean): ChiefAssignment {
  const { a } = view;
  return {
    id: a.id,
    kind: a.kind as ChiefKind,
    userId: a.userId,
    userDisplayName: view.userName,
    siteId: a.siteId,
    siteName: view.siteName,
    townshipName: view.townshipName,
    from: a.fromDate,
    to: a.toDate,
    current: a.fromDate <= today && (a.toDate === null || a.toDate >= today),
    plan: a.plan,
    duties: a.duties,
    tasks: a.tasks,
    abilities: { update: canUpdate },
  };
}

export function presentVisit(view: ChiefVisitView, attachmentIds: string[]): ChiefVisit {
  const { v } = view;
  return {
    id: v.id,
    siteId: v.siteId,
    siteName: view.siteName,
    chiefId: v.chiefId,
    chiefName: view.chiefName,
    visitedAt: v.visitedAt.toISOString(),
    problemsFound: v.problemsFound,
    problemsSolved: v.problemsSolved,
    followUps: v.followUps,
    attachmentIds,
    recordedByName: view.recordedByName,
    createdAt: v.createdAt.toISOString(),
  };
}

export function presentReport(view: ChiefReportView, names: Map<string, string>, attachmentIds: string[]): ChiefReport {
  const { r } = view;
  return {
    id: r.id,
    heardAt: r.heardAt.toISOString(),
    siteChiefId: r.siteChiefId,
    siteChiefName: view.siteChiefName,
    countyChiefId: r.countyChiefId,
    countyChiefName: view.countyChiefName,
    sites: r.siteIds.map((id) => ({ id, name: names.get(id) ?? '（已删除的安置点）' })),
    summary: r.summary,
    attachmentIds,
    recordedByName: view.recordedByName,
    createdAt: r.createdAt.toISOString(),
  };
}
