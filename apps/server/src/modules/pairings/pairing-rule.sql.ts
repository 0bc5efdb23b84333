import { sql, type SQL } from 'drizzle-orm';
import { monitoredCategories } from '@anzhi/domain/rules/pairing-rule';

/*
 * R03 judged set-based: every monitored household of the county with its open pairings on either side, and the
 * verdict, values, evidence and note of the pure rule (packages/domain/src/rules/pairing-rule.ts, judgePairing),
 * written straight into rule_results by one INSERT … SELECT (the month job). A test proves it agrees with the pure
 * rule over the loaded facts (pairingOverview), household by household.
 */

export interface PairingRuleScope {
  countyCode: string;
}

const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** One row per live household under monitoring (未纳入监测 left out) with its open pairings and R03's verdict. */
export function pairingJudged(f: PairingRuleScope, p: { includeEliminated: boolean }): SQL {
  return sql`with h as (
      select h.id as household_id, h.household_number,
        (h.monitoring_status = any(${textArray(monitoredCategories)})
          or (${p.includeEliminated}::boolean and h.monitoring_status = '风险已消除')) as applies,
        dp.id as dest_id, case when dp.id is not null then coalesce(dc.display_name, '') end as dest_name,
        op.id as origin_id, case when op.id is not null then coalesce(oc.display_name, '') end as origin_name
      from households h
      left join household_pairings dp on dp.household_id = h.id and dp.side = 'destination' and dp.to_date is null
      left join users dc on dc.id = dp.cadre_user_id
      left join household_pairings op on op.household_id = h.id and op.side = 'origin' and op.to_date is null
      left join users oc on oc.id = op.cadre_user_id
      where h.county_code = ${f.countyCode} and h.deleted_at is null and h.monitoring_status <> '未纳入监测'
    )
    select h.*,
      case when dest_id is not null then case when origin_id is not null then 'both' else 'destination_only' end
        when origin_id is not null then 'origin_only' else 'none' end as gap
    from h`;
}

/** Inserts R03's results of a run (same verdicts, values, evidence and notes as the pure rule). */
export function insertPairingResults(runId: string, f: PairingRuleScope, p: { includeEliminated: boolean }): SQL {
  return sql`insert into rule_results (run_id, entity_type, entity_id, verdict, progress, values, evidence, note)
    select ${runId}::uuid, 'household', j.household_id::text,
      case when not j.applies then 'not_applicable' when j.gap = 'both' then 'met' else 'not_met' end, null,
      case when not j.applies then '{}'::jsonb
        else jsonb_build_object('gap', j.gap, 'destination', j.dest_name, 'origin', j.origin_name) end,
      jsonb_build_array(jsonb_build_object('type', 'household', 'id', j.household_id, 'label', j.household_number))
        || case when j.dest_id is null then '[]'::jsonb
             else jsonb_build_array(jsonb_build_object('type', 'pairing', 'id', j.dest_id, 'label', j.dest_name)) end
        || case when j.origin_id is null then '[]'::jsonb
             else jsonb_build_array(jsonb_build_object('type', 'pairing', 'id', j.origin_id, 'label', j.origin_name))
           end,
      case when not j.applies then '非三类监测对象'
        when j.gap = 'none' then '两不管：迁出地、安置地均未结对帮扶干部' end
    from (${pairingJudged(f, p)}) j`;
}
