import type { Deps } from '../deps';
import type { JobRegistry } from './job-definition';
import { periodicDedupeKey, schedulePeriodOf } from './job-schedule';
import { enqueue } from './jobs.service';

/**
 * One scheduler tick: for each periodic job, enqueues the current period's run unless it exists. The dedupe key
 * carries the period (Asia/Shanghai, from `deps.clock`), so ticks repeated in one process or running in several
 * processes enqueue each period once. `lastKeys` only saves queries: the database decides.
 * Returns the ids of the jobs this tick created.
 */
export async function enqueuePeriodicJobs(
  deps: Deps,
  registry: JobRegistry,
  lastKeys: Map<string, string> = new Map(),
): Promise<string[]> {
  const created: string[] = [];
  for (const def of registry.periodic()) {
    const every = typeof def.every === 'function' ? def.every(deps) : def.every;
    const period = schedulePeriodOf(every, deps.clock.now());
    if (lastKeys.get(def.kind) === period.key) continue;
    // Nothing to do this period yet: ask again at the next tick.
    if (def.when && !(await def.when(deps))) continue;
    const result = await enqueue(
      deps,
      def,
      { periodKey: period.key },
      { dedupeKey: periodicDedupeKey(def.kind, period.key) },
    );
    lastKeys.set(def.kind, period.key);
    if (result.created) created.push(result.job.id);
  }
  return created;
}
