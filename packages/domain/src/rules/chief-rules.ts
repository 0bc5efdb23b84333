/**
 * R01 and R02 (domain.md §16; plan §1, list row L2): the site-chief system (点长制).
 *
 * R01: each site chief visits each assigned site at least twice a month (每月至少到安置点调研指导 2 次).
 * R02: the county chief (总点长) hears each site chief's report at least once each half year.
 *
 * These functions judge from facts already loaded (terms, visits, report records). The server computes
 * bulk runs with set-based SQL of the same meaning; a test proves both agree. Dates of terms are Shanghai
 * calendar dates (inclusive); visits and hearings are instants, placed in half-open periods.
 */
import { z } from 'zod';
import { contains, localDate, type Period } from '../periods';
import { defineRule, RuleError, type EvaluationPeriod, type EvidenceRef, type RequirementVerdict } from './registry';

/** A chief's term at a site (or, for the county chief, with no site). Dates 'YYYY-MM-DD', `to` inclusive. */
export interface ChiefTermFact {
  chiefId: string;
  chiefName: string;
  siteId: string;
  siteName: string;
  from: string;
  to: string | null;
}

export interface ChiefVisitFact {
  id: string;
  siteId: string;
  chiefId: string;
  visitedAt: Date;
}

export interface ChiefReportFact {
  id: string;
  siteChiefId: string;
  heardAt: Date;
}

export interface SiteFact {
  id: string;
  name: string;
}

export interface SiteVisitsInput {
  sites: readonly SiteFact[];
  terms: readonly ChiefTermFact[];
  visits: readonly ChiefVisitFact[];
}

export interface ChiefReportsInput {
  terms: readonly ChiefTermFact[];
  reports: readonly ChiefReportFact[];
}

/** One chief's figures at one site in R01's values. */
export interface ChiefVisitCount {
  chiefId: string;
  chiefName: string;
  visits: number;
  shortfall: number;
}

function periodOfContext(ruleId: string, period: EvaluationPeriod): Period {
  if (period.kind === 'as_of') throw new RuleError('invalid_period', `规则 ${ruleId} 需要按期间评估`);
  return period;
}

/** Shanghai calendar dates of a period: first day, and the day after the last (exclusive). */
export function periodDates(period: Period): { first: string; endExclusive: string } {
  return { first: localDate(period.start), endExclusive: localDate(period.end) };
}

/** True when a term (inclusive dates) overlaps the period (half-open instants). */
export function termOverlaps(term: Pick<ChiefTermFact, 'from' | 'to'>, period: Period): boolean {
  const { first, endExclusive } = periodDates(period);
  return term.from < endExclusive && (term.to === null || term.to >= first);
}

/** The distinct chiefs holding a term at `siteId` during the period, ordered by name then id. */
function chiefsAt(siteId: string, terms: readonly ChiefTermFact[], period: Period) {
  const byId = new Map<string, string>();
  for (const t of terms) if (t.siteId === siteId && termOverlaps(t, period)) byId.set(t.chiefId, t.chiefName);
  return [...byId].map(([chiefId, chiefName]) => ({ chiefId, chiefName })).sort(byChief);
}

const byChief = (a: { chiefId: string; chiefName: string }, b: { chiefId: string; chiefName: string }) =>
  a.chiefName === b.chiefName ? (a.chiefId < b.chiefId ? -1 : 1) : a.chiefName < b.chiefName ? -1 : 1;

/**
 * R01 for one site: met when every chief in office during the month visited it at least `required`
 * times; not applicable when no chief held a term there that month.
 */
export function judgeSiteVisits(
  site: SiteFact,
  input: Omit<SiteVisitsInput, 'sites'>,
  required: number,
  period: Period,
): RequirementVerdict {
  const chiefs = chiefsAt(site.id, input.terms, period);
  if (chiefs.length === 0) {
    return { entityId: site.id, verdict: 'not_applicable', values: { required }, evidence: [], note: '本期无在任点长' };
  }
  const evidence: EvidenceRef[] = [{ type: 'site', id: site.id, label: site.name }];
  const counts: ChiefVisitCount[] = chiefs.map((c) => {
    const mine = input.visits
      .filter((v) => v.siteId === site.id && v.chiefId === c.chiefId && contains(period, v.visitedAt))
      .sort((a, b) => a.visitedAt.getTime() - b.visitedAt.getTime() || (a.id < b.id ? -1 : 1));
    evidence.push(...mine.map((v) => ({ type: 'chief_visit', id: v.id })));
    return { ...c, visits: mine.length, shortfall: Math.max(0, required - mine.length) };
  });
  const shortfall = counts.reduce((s, c) => s + c.shortfall, 0);
  return {
    entityId: site.id,
    verdict: shortfall === 0 ? 'met' : 'not_met',
    values: { required, visits: counts.reduce((s, c) => s + c.visits, 0), shortfall, chiefs: counts },
    evidence,
  };
}

/** R01: 点长每月至少到安置点调研指导 2 次 (§1, L2). One verdict per site. */
export const siteChiefVisitsRule = defineRule({
  id: 'R01',
  title: '点长每月到安置点调研指导次数',
  clause: '§1',
  listRows: ['L2'],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'month',
  scope: 'site',
  parameters: z.object({
    minVisitsPerMonth: z.number().int().min(1, '应至少为 1').max(31).default(2).describe('每位点长每月最少走访次数'),
  }),
  evaluate(input: SiteVisitsInput, p, ctx) {
    const period = periodOfContext(ctx.ruleId, ctx.period);
    return input.sites.map((site) => judgeSiteVisits(site, input, p.minVisitsPerMonth, period));
  },
});

/**
 * R02 for one site chief: met when the county chief heard their report at least `required` times in
 * the half year; not applicable when they held no site-chief term during it.
 */
export function judgeChiefReports(
  chiefId: string,
  input: ChiefReportsInput,
  required: number,
  period: Period,
): RequirementVerdict {
  const terms = input.terms.filter((t) => t.chiefId === chiefId && termOverlaps(t, period));
  if (terms.length === 0) {
    return { entityId: chiefId, verdict: 'not_applicable', values: { required }, evidence: [], note: '本期未任点长' };
  }
  const reports = input.reports
    .filter((r) => r.siteChiefId === chiefId && contains(period, r.heardAt))
    .sort((a, b) => a.heardAt.getTime() - b.heardAt.getTime() || (a.id < b.id ? -1 : 1));
  const siteNames = [...new Set(terms.map((t) => t.siteName))].sort();
  // The site the chief's result is shown under (dashboard cell, scope): that of the latest term in the period.
  const latest = [...terms]
    .sort((a, b) => (a.from === b.from ? (a.siteId < b.siteId ? -1 : 1) : a.from < b.from ? -1 : 1))
    .at(-1)!;
  return {
    entityId: chiefId,
    verdict: reports.length >= required ? 'met' : 'not_met',
    values: {
      required,
      reports: reports.length,
      chiefName: terms[0]!.chiefName,
      sites: siteNames,
      siteId: latest.siteId,
    },
    evidence: [
      { type: 'user', id: chiefId, label: terms[0]!.chiefName },
      ...reports.map((r) => ({ type: 'chief_report', id: r.id })),
    ],
  };
}

/** R02: 总点长每半年听取 1 次点长的工作汇报 (§1, L2). One verdict per site chief. */
export const chiefReportsRule = defineRule({
  id: 'R02',
  title: '总点长每半年听取点长工作汇报',
  clause: '§1',
  listRows: ['L2'],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'half_year',
  scope: 'site_chief',
  parameters: z.object({
    minReportsPerHalfYear: z.number().int().min(1, '应至少为 1').max(6).default(1).describe('每半年最少听取汇报次数'),
  }),
  evaluate(input: ChiefReportsInput, p, ctx) {
    const period = periodOfContext(ctx.ruleId, ctx.period);
    const chiefIds = [...new Set(input.terms.filter((t) => termOverlaps(t, period)).map((t) => t.chiefId))].sort();
    return chiefIds.map((id) => judgeChiefReports(id, input, p.minReportsPerHalfYear, period));
  },
});
