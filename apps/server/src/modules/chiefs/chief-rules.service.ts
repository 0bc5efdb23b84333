import { and, asc, eq } from 'drizzle-orm';
import type { ChiefOverview } from '@anzhi/contracts/chiefs';
import { currentPeriod, localDate, periodLabel, periodOf, previousPeriod, type Period } from '@anzhi/domain/periods';
import {
  chiefReportsRule,
  judgeChiefReports,
  judgeSiteVisits,
  siteChiefVisitsRule,
  type ChiefVisitCount,
} from '@anzhi/domain/rules/chief-rules';
import {
  periodForRule,
  resolveParameters,
  RuleError,
  type AnyRule,
  type RuleRun,
  type RuleRunResult,
} from '@anzhi/domain/rules/registry';
import { systemActor } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { divisions, sites } from '../org/org.table';
import { siteScope } from '../org/scope';
import { serverRuleRegistry } from '../rules/rules.registry';
import { latestParameterSet } from '../rules/rules.repository';
import { recordRun, ruleErrorToAppError, type RulesDeps } from '../rules/rules.service';
import { chiefReportsBySql, siteVisitsBySql } from './chief-rules.sql';
import { lastReports, lastVisits, reportFacts, sitesOfChief, termFacts, visitFacts } from './chiefs.repository';

export type ChiefRuleId = 'R01' | 'R02';

const rulesDepsOf = (deps: Deps): RulesDeps => ({ ...deps, rules: serverRuleRegistry });

/**
 * The parameters in force for R01/R02 (the latest stored version, or the defaults as version 0). Reads
 * only the database, so the assessment can run without a server (the demo loader).
 */
export async function thresholdOf(deps: Pick<Deps, 'db'>, ruleId: ChiefRuleId) {
  const rule: Pick<AnyRule, 'id' | 'parameters'> = ruleId === 'R01' ? siteChiefVisitsRule : chiefReportsRule;
  const stored = await latestParameterSet(deps.db, ruleId);
  try {
    const parameters: Record<string, unknown> = resolveParameters(rule, stored?.parameters ?? {});
    const key = ruleId === 'R01' ? 'minVisitsPerMonth' : 'minReportsPerHalfYear';
    return { version: stored?.version ?? 0, parameters, required: Number(parameters[key]) };
  } catch (error) {
    throw ruleErrorToAppError(error);
  }
}

export function periodOfRule(ruleId: ChiefRuleId, periodKey: string): Period {
  const rule = ruleId === 'R01' ? siteChiefVisitsRule : chiefReportsRule;
  try {
    const period = periodForRule(rule, periodKey);
    if (period.kind === 'as_of') throw new RuleError('invalid_period', `规则 ${ruleId} 需要按期间评估`);
    return period;
  } catch (error) {
    throw ruleErrorToAppError(error);
  }
}

/** Bulk results of R01 or R02 for the whole county, computed in SQL with the parameters in force. */
export async function computeChiefRule(deps: Deps, ruleId: ChiefRuleId, periodKey: string): Promise<RuleRun> {
  const rule = ruleId === 'R01' ? siteChiefVisitsRule : chiefReportsRule;
  const period = periodOfRule(ruleId, periodKey);
  const t = await thresholdOf(deps, ruleId);
  const results: RuleRunResult[] =
    ruleId === 'R01'
      ? await siteVisitsBySql(deps.db, period, t.required)
      : await chiefReportsBySql(deps.db, period, t.required);
  return {
    ruleId,
    ruleVersion: rule.version,
    kind: rule.kind,
    scope: rule.scope,
    parameterVersion: t.version,
    parameters: t.parameters,
    period: { kind: period.kind, key: period.key },
    scopeKey: 'all',
    evaluatedAt: deps.clock.now(),
    results,
  };
}

/** Computes and stores a run (the job's work); answers the run id and its counts. */
export async function runChiefRule(deps: Deps, ruleId: ChiefRuleId, periodKey: string, actor = systemActor) {
  const run = await computeChiefRule(deps, ruleId, periodKey);
  const { runId } = await recordRun(rulesDepsOf(deps), run, actor);
  return { runId, results: run.results.length, notMet: run.results.filter((r) => r.verdict === 'not_met').length };
}

/** The periodic sweep: last month's R01, and R02 for the half year that month belongs to. */
export async function runMonthlyChiefRules(deps: Deps) {
  const month = previousPeriod(currentPeriod('month', deps.clock));
  const half = periodOf('half_year', month.start);
  return {
    r01: await runChiefRule(deps, 'R01', month.key),
    r02: await runChiefRule(deps, 'R02', half.key),
  };
}

// ---------------------------------------------------------------------------------------------
// "Where do I fall short this month": R01 and R02 explained by the pure rules for the viewer's sites
// ---------------------------------------------------------------------------------------------

export async function chiefOverview(deps: Deps, auth: AuthState, monthKey?: string): Promise<ChiefOverview> {
  const now = deps.clock.now();
  const month = monthKey ? periodOfRule('R01', monthKey) : currentPeriod('month', deps.clock);
  const half = periodOf('half_year', month.start);
  const siteRows = await deps.db
    .select({ id: sites.id, name: sites.name, townshipName: divisions.name })
    .from(sites)
    .innerJoin(divisions, eq(divisions.code, sites.townshipCode))
    .where(and(eq(sites.status, 'active'), siteScope(auth.assignments, 'chief.read')))
    .orderBy(asc(sites.townshipCode), asc(sites.name));
  const siteIds = siteRows.map((s) => s.id);
  const [terms, visits, last] = await Promise.all([
    termFacts(deps.db, month, siteIds),
    visitFacts(deps.db, month, siteIds),
    lastVisits(deps.db, siteIds),
  ]);
  const r01 = await thresholdOf(deps, 'R01');
  const siteResults = siteRows.map((s) => {
    const v = judgeSiteVisits(s, { terms, visits }, r01.required, month);
    const chiefs = (v.values.chiefs as ChiefVisitCount[] | undefined) ?? [];
    return {
      siteId: s.id,
      siteName: s.name,
      townshipName: s.townshipName,
      verdict: v.verdict,
      required: r01.required,
      visits: Number(v.values.visits ?? 0),
      shortfall: Number(v.values.shortfall ?? 0),
      chiefs,
      lastVisitAt: last.get(s.id)?.toISOString() ?? null,
    };
  });
  const halfTerms = await termFacts(deps.db, half, siteIds);
  const chiefIds = [...new Set(halfTerms.map((t) => t.chiefId))].sort();
  const [reports, lastHeard] = await Promise.all([
    reportFacts(deps.db, half, chiefIds),
    lastReports(deps.db, chiefIds),
  ]);
  const r02 = await thresholdOf(deps, 'R02');
  const reportResults = chiefIds.map((id) => {
    const v = judgeChiefReports(id, { terms: halfTerms, reports }, r02.required, half);
    return {
      chiefId: id,
      chiefName: typeof v.values.chiefName === 'string' ? v.values.chiefName : '',
      verdict: v.verdict,
      reports: Number(v.values.reports ?? 0),
      required: r02.required,
      lastHeardAt: lastHeard.get(id)?.toISOString() ?? null,
    };
  });
  const mySites = await sitesOfChief(deps.db, auth.user.id, localDate(now));
  return {
    month: month.key,
    monthLabel: periodLabel(month),
    halfYear: half.key,
    halfYearLabel: periodLabel(half),
    sites: siteResults,
    sitesShort: siteResults.filter((s) => s.verdict === 'not_met').length,
    visitsShort: siteResults.reduce((n, s) => n + s.shortfall, 0),
    reports: reportResults,
    abilities: {
      logVisit: auth.permissions.includes('chief.visit.write') && mySites.length > 0,
      recordReport: auth.permissions.includes('chief.report.write'),
      manage: auth.permissions.includes('chief.manage'),
    },
    mySites,
  };
}
