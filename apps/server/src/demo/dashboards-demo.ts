import { currentPeriod, previousPeriod } from '@anzhi/domain/periods';
import type { Deps } from '../platform/deps';
import { evaluateMonthAndRefresh } from '../modules/dashboards/dashboards.job';

/** Months of the demo's trend: the current month and the eleven before it. */
export const demoTrendMonths = 12;

/**
 * The dashboards' demo: the rules job run for the current month and the eleven before it (as the daily job would
 * have), so the county overview shows red cells (sites with households not revisited, households without
 * employment), the rule matrix and a 12-month trend. Runs after the other features' demo data.
 */
export async function loadDashboardsDemo(deps: Pick<Deps, 'db' | 'clock' | 'cipher' | 'config'>) {
  const months: string[] = [];
  for (let p = currentPeriod('month', deps.clock); months.length < demoTrendMonths; p = previousPeriod(p)) {
    months.unshift(p.key);
  }
  const out = [];
  for (const month of months) out.push(await evaluateMonthAndRefresh(deps as Deps, month));
  return out;
}
