/**
 * `rules`: every implemented rule evaluated for one month over N generated persons and stored (the month job:
 * one run per rule with its results), against a hand-written SQL of the two heaviest rules (R04 monthly revisit,
 * R11 household employment) in the same run: each one INSERT … SELECT judging every household straight into
 * rule_results. The engine's figure for the same two rules (their SQL twins written by one INSERT … SELECT each, in
 * an audited transaction per run) is compared with it (target ≤ 1.5×). The month job's log gives each rule's seconds
 * (two rules run side by side, so they overlap). Default 100,000 persons (`--persons N`).
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from '../apps/server/src/db/client';
import { uuidv7 } from '@anzhi/domain/ids';
import { canWorkCapacities, notEmployedStatuses } from '@anzhi/domain/rules/employment-rule';
import { evaluateMonth, storeEmploymentRun, storeRevisitRun } from '../apps/server/src/modules/rules/rule-evaluations';
import { serverRuleRegistry } from '../apps/server/src/modules/rules/rules.registry';
import { dec, figure, log, optionInt, sig, type Figure } from './lib';
import { benchMonth, openRulesBenchData } from './rules-data';

const bench = 'rules';

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', '));

/** R04 and R11 written by hand: two INSERT … SELECT statements, same verdicts, values and evidence. */
async function handWritten(db: Db, county: string) {
  const r04 = uuidv7();
  const r11 = uuidv7();
  const day = '2022-12-31';
  await db.transaction(async (tx) => {
    for (const [id, rule] of [
      [r04, 'R04'],
      [r11, 'R11'],
    ] as const) {
      await tx.execute(sql`insert into rule_runs (id, rule_id, rule_version, parameter_version, parameters, period_key,
          scope_key, evaluated_at, summary) values (${id}, ${rule}, 1, 0, '{}'::jsonb, ${benchMonth}, 'bench', now(), '{}'::jsonb)`);
    }
    await tx.execute(sql`insert into rule_results (run_id, entity_type, entity_id, verdict, progress, values, evidence, note)
      select ${r04}::uuid, 'household', d.household_id::text,
        case when r.id is null then 'not_met' else 'met' end, null,
        jsonb_build_object('revisits', (r.id is not null)::int, 'required', 1, 'siteId', d.site_id,
          'townshipCode', d.township_code, 'villageCode', d.village_code),
        jsonb_build_array(jsonb_build_object('type', 'household', 'id', d.household_id, 'label', d.household_number))
          || case when r.id is null then '[]'::jsonb else jsonb_build_array(jsonb_build_object('type', 'revisit', 'id', r.id, 'label', r.visit_date::text)) end,
        case when r.id is null then '本月未回访' end
      from (select distinct on (hp.household_id) hp.household_id, h.household_number, hp.site_id,
              coalesce(s.township_code, dv.parent_code) as township_code, hp.destination_village_code as village_code
            from household_placement hp join households h on h.id = hp.household_id and h.deleted_at is null
            left join sites s on s.id = hp.site_id left join divisions dv on dv.code = hp.destination_village_code
            where h.county_code = ${county} and hp.valid_from < '2023-01-01' and (hp.valid_to is null or hp.valid_to > '2022-12-01')
            order by hp.household_id, hp.valid_from desc) d
      left join revisits r on r.household_id = d.household_id and r.month = ${benchMonth}`);
    await tx.execute(sql`insert into rule_results (run_id, entity_type, entity_id, verdict, progress, values, evidence, note)
      select ${r11}::uuid, 'household', x.household_id::text,
        case when x.required = 0 then 'not_applicable' when x.employed >= x.required then 'met' else 'not_met' end, null,
        jsonb_build_object('persons', x.persons, 'canWork', x.can_work, 'employed', x.employed, 'required', x.required,
          'siteId', x.site_id, 'townshipCode', x.township_code, 'villageCode', x.village_code),
        jsonb_build_array(jsonb_build_object('type', 'household', 'id', x.household_id, 'label', x.household_number)) || x.refs,
        case when x.required = 0 then '家庭无劳动力' end
      from (
        select hh.*, count(m.person_id) as persons,
          count(*) filter (where pl.labour_capacity in (${list(canWorkCapacities)})) as can_work,
          count(*) filter (where pe.status not in (${list(notEmployedStatuses)})) as employed,
          coalesce(jsonb_agg(jsonb_build_object('type', 'person', 'id', m.person_id, 'label', p.name) order by m.person_id)
            filter (where pe.status not in (${list(notEmployedStatuses)})), '[]'::jsonb) as refs,
          case when count(*) filter (where pl.labour_capacity in (${list(canWorkCapacities)})) = 0 then 0
               when count(m.person_id) <= 5 then 1
               when count(*) filter (where pl.labour_capacity in (${list(canWorkCapacities)})) >= 2 then 2 else 1 end as required
        from (select hp.household_id, h.household_number, hp.site_id, coalesce(s.township_code, dv.parent_code) as township_code,
                hp.destination_village_code as village_code
              from household_placement hp join households h on h.id = hp.household_id and h.deleted_at is null
              left join sites s on s.id = hp.site_id left join divisions dv on dv.code = hp.destination_village_code
              where h.county_code = ${county} and hp.valid_from <= ${day} and (hp.valid_to is null or hp.valid_to > ${day})) hh
        left join household_members m on m.household_id = hh.household_id and m.valid_from <= ${day}
          and (m.valid_to is null or m.valid_to > ${day})
        left join persons p on p.id = m.person_id
        left join person_labour pl on pl.person_id = m.person_id and pl.valid_from <= ${day} and (pl.valid_to is null or pl.valid_to > ${day})
        left join person_employment pe on pe.person_id = m.person_id and pe.valid_from <= ${day} and (pe.valid_to is null or pe.valid_to > ${day})
        group by hh.household_id, hh.household_number, hh.site_id, hh.township_code, hh.village_code
      ) x`);
  });
}

export async function* run(): AsyncIterable<Figure> {
  const persons = optionInt('--persons', 'BENCH_RULES_PERSONS', 100_000, 1_000, 2_000_000);
  const data = await openRulesBenchData(persons);
  try {
    const deps = { ...data.deps, rules: serverRuleRegistry };
    const params = `persons=${data.persons} households=${data.households} sites=${data.sites} month=${benchMonth}`;

    // Warm the caches once (first touches of the tables), unmeasured: the hand-written form first.
    await handWritten(data.deps.db, deps.config.countyCode);

    log('手写 SQL（R04、R11）…');
    let t0 = performance.now();
    await handWritten(data.deps.db, deps.config.countyCode);
    const handS = (performance.now() - t0) / 1000;

    log('规则引擎 R04、R11（SQL 孪生判断并以 INSERT … SELECT 写入，审计事务）…');
    t0 = performance.now();
    await storeRevisitRun(deps, benchMonth);
    await storeEmploymentRun(deps, benchMonth);
    const engineTwoS = (performance.now() - t0) / 1000;

    log('全部规则月度评估…');
    t0 = performance.now();
    const all = await evaluateMonth(deps, benchMonth);
    const allS = (performance.now() - t0) / 1000;
    if (all.failed.length > 0) throw new Error(`规则评估失败：${JSON.stringify(all.failed)}`);
    log(`全部规则：${all.runs.map((r) => `${r.ruleId}=${r.results}`).join(' ')}，${dec(allS, 1)} 秒`);
    log(`各规则用时（秒）：${all.runs.map((r) => `${r.ruleId}=${dec((r.ms ?? 0) / 1000, 2)}`).join(' ')}`);

    yield figure({
      bench,
      figure: 'r04_r11_engine_vs_hand_sql',
      value: sig(engineTwoS),
      unit: 's',
      baseline: 'hand-written INSERT … SELECT of R04 and R11',
      baseline_value: sig(handS),
      engine: 'postgres',
      params,
    });
    yield figure({
      bench,
      figure: 'all_rules_one_month',
      value: sig(allS),
      unit: 's',
      engine: 'postgres',
      samples: all.runs.length,
      params: `${params} rules=${all.runs.map((r) => r.ruleId).join(',')} results=${all.runs.reduce((s, r) => s + r.results, 0)}`,
    });
  } finally {
    await data.release();
  }
}

/** Direct run (no watchdog), e.g. `node --import tsx bench/rules.bench.ts --persons 1000000`. */
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
