import { currentPeriod, previousPeriod } from '@anzhi/domain/periods';
import type { Deps } from '../platform/deps';
import { enqueue } from '../platform/jobs/jobs.service';
import { evaluateMonthAndRefresh, rulesMonthJob } from '../modules/dashboards/dashboards.job';
import { refreshFigures } from '../modules/dashboards/dashboards.service';

/** Months of the demo's trend: the current month and the eleven before it. */
export const demoTrendMonths = 12;

/**
 * The dashboards' demo, after the other features' demo data: the rules job for the current month (the county
 * overview shows red cells: sites with households not revisited, households without employment), the
 * pre-aggregated figures of the eleven months before it (so the 12-month trend is there at once), and a queued
 * rules job per past month (`rules.evaluate_month`, run by the job runner after start-up) that adds their rule
 * matrices and violations. Evaluating twelve months inline would delay start-up by about a minute on PGlite.
 */
export async function loadDashboardsDemo(deps: Pick<Deps, 'db' | 'clock' | 'cipher' | 'config'>) {
  const current = currentPeriod('month', deps.clock);
  const past: string[] = [];
  for (let p = previousPeriod(current); past.length < demoTrendMonths - 1; p = previousPeriod(p)) past.unshift(p.key);
  for (const month of past) await refreshFigures(deps, month);
  const now = await evaluateMonthAndRefresh(deps as Deps, current.key);
  for (const month of [...past].reverse()) {
    await enqueue(deps, rulesMonthJob, { month }, { dedupeKey: `demo:rules.evaluate_month:${month}` });
  }
  return { current: now, queued: past };
}
