import {
  dataQualityKindLabels,
  dataQualityKinds,
  type DataQualityFinding,
  type DataQualityKind,
  type DataQualityQuery,
  type DataQualityReport,
} from '@anzhi/contracts/registry-events';
import { addYears } from '@anzhi/domain/rules/housing-lock';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { runCheck, type FindingRow } from './data-quality.repository';
import { todayOf } from './persons.service';
import { householdScope } from './registry.scope';

/** Findings kept per kind; beyond it the count says "at least". */
export const findingsCap = 1000;

function describe(kind: DataQualityKind, r: FindingRow): string {
  switch (kind) {
    case 'id_number_reused':
      return `该人员的身份证号码还被另外 ${r.detail ?? '?'} 条人员记录使用`;
    case 'possible_duplicate_person':
      return `另有一条人员记录的姓名、性别、出生日期与之相同（本条证件类型：${r.detail ?? ''}），可能重复登记`;
    case 'person_in_two_households':
      return `在本户的成员期间（${r.detail ?? ''}）同时是另一户的成员`;
    case 'no_valid_id_number':
      return r.detail === '居民身份证' ? '缺少身份证号码' : `证件类型为“${r.detail ?? ''}”，没有 18 位居民身份证号码`;
    case 'household_without_head':
      return '今天没有户主：请办理户主变更';
    case 'household_without_members':
      return '今天没有成员，但仍在安置：请办理注销或成员入户';
    case 'dispersed_without_village':
      return '分散安置，但未登记安置村';
    case 'centralised_without_site':
      return '集中安置，但未登记安置点';
    case 'head_under_16':
      return '户主未满 16 周岁';
  }
}

function present(kind: DataQualityKind, r: FindingRow): DataQualityFinding {
  return {
    kind,
    description: describe(kind, r),
    householdId: r.household_id,
    householdNumber: r.household_number,
    personId: r.person_id,
    personName: r.person_name,
  };
}

/** The registry's data-quality findings in the caller's scope (household.read), grouped by kind, paged. */
export async function registryDataQuality(
  deps: Deps,
  auth: AuthState,
  q: DataQualityQuery,
): Promise<DataQualityReport> {
  const day = todayOf(deps);
  const ctx = {
    countyCode: deps.config.countyCode,
    day,
    sixteenCutoff: addYears(day, -16),
    scope: householdScope(auth.assignments, 'household.read'),
    limit: findingsCap + 1,
  };
  // One check at a time: PGlite serves one query at a time anyway, and a pool stays free for other requests.
  const found = new Map<DataQualityKind, FindingRow[]>();
  for (const kind of dataQualityKinds) found.set(kind, await runCheck(deps.db, kind, ctx));
  const summary = dataQualityKinds.map((kind) => {
    const n = found.get(kind)!.length;
    return { kind, label: dataQualityKindLabels[kind], count: Math.min(n, findingsCap), capped: n > findingsCap };
  });
  const items = (q.kind ? [q.kind] : dataQualityKinds).flatMap((kind) =>
    found
      .get(kind)!
      .slice(0, findingsCap)
      .map((r) => present(kind, r)),
  );
  const start = (q.page - 1) * q.pageSize;
  return {
    asOf: day,
    summary,
    items: items.slice(start, start + q.pageSize),
    total: items.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}
