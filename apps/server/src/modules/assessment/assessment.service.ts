import { and, asc, desc, eq, max } from 'drizzle-orm';
import type {
  AssessmentEvidenceList,
  AssessmentIndicator,
  AssessmentRankRow,
  AssessmentResult,
  AssessmentWeights,
  AssessmentWeightsInput,
  AssessmentYearList,
} from '@anzhi/contracts/assessment';
import { uuidv7 } from '@anzhi/domain/ids';
import { localDate } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import { auditedTransaction, systemActor, type ActorContext } from '../../platform/audit/audit.service';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors/app-error';
import { users } from '../users/users.table';
import { assessmentIndicators, findIndicator } from './assessment-indicators';
import { assessmentRuns, assessmentScores, assessmentWeightSets } from './assessment.table';
import { indicatorContext, type AssessmentDeps } from './indicator';

// ---------------------------------------------------------------------------------------------
// Weights (versioned like rule parameters)
// ---------------------------------------------------------------------------------------------

interface CurrentWeights {
  version: number;
  weights: Record<string, number>;
  note: string | null;
  createdAt: Date | null;
  createdByName: string | null;
}

async function currentWeights(ex: Executor): Promise<CurrentWeights> {
  const [row] = await ex
    .select({ set: assessmentWeightSets, name: users.displayName })
    .from(assessmentWeightSets)
    .leftJoin(users, eq(users.id, assessmentWeightSets.createdBy))
    .orderBy(desc(assessmentWeightSets.version))
    .limit(1);
  const defaults = Object.fromEntries(assessmentIndicators.map((i) => [i.id, i.defaultWeight]));
  if (!row) return { version: 0, weights: defaults, note: null, createdAt: null, createdByName: null };
  return {
    version: row.set.version,
    // An indicator added after the set was saved takes its default weight.
    weights: { ...defaults, ...row.set.weights },
    note: row.set.note,
    createdAt: row.set.createdAt,
    createdByName: row.name,
  };
}

function presentIndicators(weights: Record<string, number>): AssessmentIndicator[] {
  return assessmentIndicators.map((i) => ({
    id: i.id,
    name: i.name,
    description: i.description,
    unitKinds: [...i.unitKinds],
    defaultWeight: i.defaultWeight,
    weight: weights[i.id] ?? i.defaultWeight,
    available: i.available,
  }));
}

export async function getWeights(deps: Deps, auth: AuthState): Promise<AssessmentWeights> {
  const c = await currentWeights(deps.db);
  return {
    version: c.version,
    note: c.note,
    createdAt: c.createdAt?.toISOString() ?? null,
    createdByName: c.createdByName,
    indicators: presentIndicators(c.weights),
    abilities: { update: auth.permissions.includes('assessment.manage') },
  };
}

/** Saves weights as version N+1 (audited); unknown indicators are refused, left-out ones keep their weight. */
export async function updateWeights(
  deps: Deps,
  auth: AuthState,
  actor: ActorContext,
  input: AssessmentWeightsInput,
): Promise<AssessmentWeights> {
  const unknown = Object.keys(input.weights).filter((id) => !findIndicator(id));
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `未知的考核指标：${unknown.join('、')}`,
      unknown.map((id) => ({ path: `weights.${id}`, message: '未知的考核指标' })),
    );
  }
  const current = await currentWeights(deps.db);
  if (input.baseVersion !== undefined && input.baseVersion !== current.version) {
    throw new AppError('CONFLICT', `考核权重已被修改（当前为第 ${current.version} 版），请刷新后重试`);
  }
  const weights = { ...current.weights, ...input.weights };
  if (Object.values(weights).every((w) => w === 0)) {
    throw new AppError('VALIDATION_FAILED', '至少一项指标的权重应大于 0', [
      { path: 'weights', message: '权重不能全为 0' },
    ]);
  }
  const version = current.version + 1;
  await auditedTransaction(deps.db, deps.clock, actor, 'assessment.weights.update', async (tx, audit) => {
    const id = uuidv7();
    await tx.insert(assessmentWeightSets).values({
      id,
      version,
      weights,
      note: input.note,
      createdBy: auth.user.id,
      createdAt: deps.clock.now(),
    });
    audit.entity(
      'assessment_weight_set',
      id,
      { version: current.version, weights: current.weights },
      { version, weights },
    );
  });
  return getWeights(deps, auth);
}

// ---------------------------------------------------------------------------------------------
// Computing a year
// ---------------------------------------------------------------------------------------------

/** Computes every indicator for the year and stores the run with its scores and evidence (the job's work). */
export async function computeAssessment(deps: AssessmentDeps, year: number, createdBy: string | null = null) {
  const now = deps.clock.now();
  const ctx = indicatorContext(year, now);
  const weights = await currentWeights(deps.db);
  const rows: (typeof assessmentScores.$inferInsert)[] = [];
  const unavailable: string[] = [];
  const runId = uuidv7();
  for (const indicator of assessmentIndicators) {
    if (!indicator.available) {
      unavailable.push(indicator.id);
      continue;
    }
    for (const s of await indicator.compute(deps, ctx)) {
      rows.push({ runId, indicatorId: indicator.id, ...s, score: Math.min(100, Math.max(0, s.score)) });
    }
  }
  await auditedTransaction(deps.db, deps.clock, systemActor, 'assessment.compute', async (tx, audit) => {
    await tx.insert(assessmentRuns).values({
      id: runId,
      year,
      weightVersion: weights.version,
      weights: weights.weights,
      unavailable,
      computedAt: now,
      createdBy,
      createdAt: now,
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insert(assessmentScores).values(rows.slice(i, i + 500));
    audit.entity('assessment_run', runId, null, { year, weightVersion: weights.version, scores: rows.length });
  });
  return { runId, scores: rows.length };
}

export async function listAssessmentYears(deps: Deps, auth: AuthState): Promise<AssessmentYearList> {
  const latest = await deps.db
    .select({ year: assessmentRuns.year, at: max(assessmentRuns.computedAt) })
    .from(assessmentRuns)
    .groupBy(assessmentRuns.year);
  const thisYear = Number(localDate(deps.clock.now()).slice(0, 4));
  const years = new Set([thisYear, ...latest.map((l) => l.year)]);
  const items = await Promise.all(
    [...years]
      .sort((a, b) => b - a)
      .map(async (year) => {
        const run = await latestRun(deps.db, year);
        return {
          year,
          runId: run?.id ?? null,
          computedAt: run?.computedAt.toISOString() ?? null,
          weightVersion: run?.weightVersion ?? null,
          units: run ? await unitCount(deps.db, run.id) : 0,
        };
      }),
  );
  return {
    items,
    abilities: { compute: auth.permissions.includes('assessment.manage') },
  };
}

async function unitCount(ex: Executor, runId: string): Promise<number> {
  const rows = await ex
    .selectDistinct({ k: assessmentScores.unitKind, u: assessmentScores.unitKey })
    .from(assessmentScores)
    .where(eq(assessmentScores.runId, runId));
  return rows.length;
}

async function latestRun(ex: Executor, year: number) {
  const [run] = await ex
    .select()
    .from(assessmentRuns)
    .where(eq(assessmentRuns.year, year))
    .orderBy(desc(assessmentRuns.computedAt), desc(assessmentRuns.id))
    .limit(1);
  return run;
}

/** Weighted mean over the indicators with a score for the unit; weights renormalised over those. */
export function weightedTotal(cells: readonly { score: number | null; weight: number }[]): number | null {
  const scored = cells.filter((c) => c.score !== null && c.weight > 0);
  const weight = scored.reduce((s, c) => s + c.weight, 0);
  if (weight === 0) return null;
  return Math.round((scored.reduce((s, c) => s + c.score! * c.weight, 0) / weight) * 10) / 10;
}

/** The ranking of a year's latest run: totals, rank (ties share a rank) and each indicator's score. */
export async function assessmentResult(deps: Deps, year: number): Promise<AssessmentResult> {
  const run = await latestRun(deps.db, year);
  if (!run) throw notFound(`${year} 年的考核结果`);
  const scores = await deps.db
    .select({
      unitKind: assessmentScores.unitKind,
      unitKey: assessmentScores.unitKey,
      unitName: assessmentScores.unitName,
      indicatorId: assessmentScores.indicatorId,
      score: assessmentScores.score,
      values: assessmentScores.values,
    })
    .from(assessmentScores)
    .where(eq(assessmentScores.runId, run.id))
    .orderBy(asc(assessmentScores.unitKind), asc(assessmentScores.unitKey));
  const indicators = presentIndicators(run.weights).map((i) => ({
    ...i,
    available: i.available && !run.unavailable.includes(i.id),
  }));
  const units = new Map<string, AssessmentRankRow>();
  for (const s of scores) {
    const id = `${s.unitKind}:${s.unitKey}`;
    if (!units.has(id)) {
      units.set(id, {
        rank: null,
        unitKind: s.unitKind as AssessmentRankRow['unitKind'],
        unitKey: s.unitKey,
        unitName: s.unitName,
        total: null,
        cells: indicators.map((i) => ({ indicatorId: i.id, score: null, weight: i.weight, values: {} })),
      });
    }
    const cell = units.get(id)!.cells.find((c) => c.indicatorId === s.indicatorId);
    if (cell) Object.assign(cell, { score: s.score, values: s.values });
  }
  const rows = [...units.values()].map((r) => ({ ...r, total: weightedTotal(r.cells) }));
  rows.sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  rows.forEach((r, i) => {
    if (r.total === null) return;
    const prev = rows[i - 1];
    r.rank = prev && prev.total === r.total ? prev.rank : i + 1;
  });
  return {
    year,
    runId: run.id,
    computedAt: run.computedAt.toISOString(),
    weightVersion: run.weightVersion,
    indicators,
    rows,
  };
}

export async function assessmentEvidence(
  deps: Deps,
  year: number,
  q: { unitKind: string; unitKey: string; indicatorId: string },
): Promise<AssessmentEvidenceList> {
  const run = await latestRun(deps.db, year);
  const indicator = findIndicator(q.indicatorId);
  if (!run || !indicator) throw notFound('考核依据');
  const [row] = await deps.db
    .select()
    .from(assessmentScores)
    .where(
      and(
        eq(assessmentScores.runId, run.id),
        eq(assessmentScores.unitKind, q.unitKind),
        eq(assessmentScores.unitKey, q.unitKey),
        eq(assessmentScores.indicatorId, q.indicatorId),
      ),
    )
    .limit(1);
  if (!row) throw notFound('考核依据');
  return {
    unitName: row.unitName,
    indicatorName: indicator.name,
    score: row.score,
    values: row.values,
    items: row.evidence,
  };
}
