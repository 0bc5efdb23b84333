/**
 * `dashboard`: GET /api/v1/dashboards/county of the real app (session, scope, the pre-aggregated row of the month
 * the rules job stored, response validation and serialisation) over N generated persons, sequential requests
 * through Fastify's inject (no network), p50/p95 against the 100 ms target; beside it, the live computation of the
 * same figures (`computeFigures`) that the pre-aggregation avoids. Default 100,000 persons (`--persons N`).
 */
import { pathToFileURL } from 'node:url';
import { sessionCookie } from '@anzhi/contracts/auth';
import { buildApp } from '../apps/server/src/app';
import { computeFigures } from '../apps/server/src/modules/dashboards/figures.service';
import { evaluateMonthAndRefresh } from '../apps/server/src/modules/dashboards/dashboards.job';
import { insertUser } from '../apps/server/src/modules/users/users.service';
import { dec, figure, log, optionInt, percentile, sig, type Figure } from './lib';
import { benchMonth, openRulesBenchData } from './rules-data';

const bench = 'dashboard';
const requests = 300;

export async function* run(): AsyncIterable<Figure> {
  const persons = optionInt('--persons', 'BENCH_DASHBOARD_PERSONS', 100_000, 1_000, 2_000_000);
  const data = await openRulesBenchData(persons);
  try {
    const { deps } = data;
    log('规则月度评估并预汇总看板…');
    let t0 = performance.now();
    await evaluateMonthAndRefresh(deps, benchMonth);
    const jobS = (performance.now() - t0) / 1000;
    log(`月度评估与汇总：${dec(jobS, 1)} 秒`);

    t0 = performance.now();
    await computeFigures(deps.db, { month: benchMonth, now: deps.clock.now() });
    const liveMs = performance.now() - t0;

    const app = await buildApp({
      config: deps.config,
      database: deps.database,
      clock: deps.clock,
      cipher: deps.cipher,
    });
    await app.ready();
    try {
      const password = 'Passw0rd!bench';
      await insertUser(deps.db, deps, {
        username: 'benchlead',
        displayName: '看板压测',
        password,
        roles: ['county_lead'],
        mustChangePassword: false,
        isDemo: true,
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'benchlead', password },
      });
      const cookie = login.cookies.find((c) => c.name === sessionCookie)?.value;
      if (login.statusCode !== 200 || !cookie) throw new Error(`登录失败：${login.statusCode} ${login.body}`);
      const get = () =>
        app.inject({
          method: 'GET',
          url: `/api/v1/dashboards/county?month=${benchMonth}`,
          headers: { cookie: `${sessionCookie}=${cookie}` },
        });
      for (let i = 0; i < 20; i += 1) {
        const res = await get();
        if (res.statusCode !== 200) throw new Error(`看板请求失败：${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < requests; i += 1) {
        const s = performance.now();
        const res = await get();
        times.push(performance.now() - s);
        bytes = res.body.length;
      }
      times.sort((a, b) => a - b);
      const params = `persons=${data.persons} households=${data.households} sites=${data.sites} month=${benchMonth} body=${bytes}B inject`;
      yield figure({
        bench,
        figure: 'county_overview_p95',
        value: sig(percentile(times, 95)),
        unit: 'ms',
        baseline: 'target 100 ms',
        baseline_value: 100,
        engine: 'postgres',
        samples: requests,
        params: `${params} p50=${sig(percentile(times, 50))}ms`,
      });
      yield figure({
        bench,
        figure: 'county_figures_live_compute',
        value: sig(liveMs),
        unit: 'ms',
        engine: 'postgres',
        params: `${params} (what pre-aggregation avoids per request)`,
      });
      yield figure({
        bench,
        figure: 'rules_job_with_aggregation',
        value: sig(jobS),
        unit: 's',
        engine: 'postgres',
        params,
      });
    } finally {
      await app.close();
    }
  } finally {
    await data.release();
  }
}

/** Direct run (no watchdog), e.g. `node --import tsx bench/dashboard.bench.ts --persons 1000000`. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void (async () => {
    try {
      for await (const f of run()) process.stdout.write(`${JSON.stringify(f)}\n`);
    } catch (err) {
      log(`失败：${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  })();
}
