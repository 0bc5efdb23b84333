import { sql, type SQL } from 'drizzle-orm';
import { maskIdNumber } from '@anzhi/domain/id-number';
import type { Deps } from '../../platform/deps';
import { divisions, sites } from '../org/org.table';
import { households } from '../registry/registry.table';
import type { LedgerFilter, PlacedRow } from './ledger-definition';

/*
 * The household part of the ledgers that list households (support §1, monitoring §6): where the household belongs
 * (its site, or for a dispersed household its destination village `dv` and that village's township) and its head
 * (户主) on the day, read and printed the same way in both.
 */

/** A valid-dated fact (alias) in force on the day. */
export const inForce = (alias: string, asOf: string) =>
  sql`${sql.raw(alias)}.valid_from <= ${asOf} and (${sql.raw(alias)}.valid_to is null or ${sql.raw(alias)}.valid_to > ${asOf})`;

/** The household's site and destination village (`dv`): what the township, the scope and the filters read. */
export const householdPlaceJoins = sql`left join ${sites} on ${sites.id} = ${households.siteId}
    left join ${divisions} dv on dv.code = ${households.destinationVillageCode}`;

/** The household's township: its site's, or its destination village's. */
export const householdTownship = sql`coalesce(${sites.townshipCode}, dv.parent_code)`;

/** The filter's township and site, as `and …` conditions (nothing when the filter names neither). */
export function placeFilter(f: LedgerFilter): SQL {
  return sql`${f.townshipCode ? sql`and ${householdTownship} = ${f.townshipCode}` : sql``}
      ${f.siteId ? sql`and ${households.siteId} = ${f.siteId}` : sql``}`;
}

/** The township's name (`tw`) and the household's head (`head`) on the day; after `householdPlaceJoins`. */
export function townshipAndHeadJoins(asOf: string): SQL {
  return sql`left join ${divisions} tw on tw.code = ${householdTownship}
    left join household_members hmh on hmh.household_id = ${households.id} and hmh.relation = '户主'
      and ${inForce('hmh', asOf)}
    left join persons head on head.id = hmh.person_id`;
}

/** The columns of `HouseholdPlaceRow`; from the place, township and head joins. */
export const householdPlaceColumns = sql`${sites.id} as site_id, ${sites.name} as site_name, dv.name as village_name,
    coalesce(${sites.name}, dv.name, '') as place_name, ${householdTownship} as township_code,
    tw.name as township_name, head.name as head_name, head.id_number_enc, head.other_document_no_enc`;

export interface HouseholdPlaceRow {
  site_id: string | null;
  site_name: string | null;
  village_name: string | null;
  place_name: string;
  township_code: string | null;
  township_name: string | null;
  head_name: string | null;
  id_number_enc: string | null;
  other_document_no_enc: string | null;
}

/** Where a row belongs (scope, sheet when split per site): the site, or the dispersed household's village. */
export function placeOf(r: HouseholdPlaceRow): Omit<PlacedRow, 'row'> {
  return { townshipCode: r.township_code ?? '', siteId: r.site_id, placeName: r.place_name || '分散安置' };
}

/** The place as the ledger prints it: the site, or the destination village marked 分散安置. */
export const placeLabel = (r: HouseholdPlaceRow): string =>
  r.site_name ?? (r.village_name ? `${r.village_name}（分散安置）` : '分散安置');

/** The head's ID number (else other document number), masked. */
export function maskedHeadId(deps: Deps, r: HouseholdPlaceRow): string | null {
  const idEnc = r.id_number_enc ?? r.other_document_no_enc;
  return idEnc ? maskIdNumber(deps.cipher.decrypt(idEnc)) : null;
}
