import { sql } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import { perCapitaNetIncome, type IncomeComponents } from '@anzhi/domain/income';
import { localDate } from '@anzhi/domain/periods';
import type { Tx } from '../db/client';
import { householdIncomes, incomeLines } from '../modules/incomes/incomes.table';
import { householdPairings } from '../modules/pairings/pairings.table';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import type { DemoUser } from './platform-demo';

/** The demo's monitoring line: clearly not an official figure. */
export const demoLineNote = '演示值，非官方标准';
export const demoLine = 7000;
/** A township with its own (demo) line, to show the override. */
export const demoOverrideTownship = '360735102000';
const demoOverrideLine = 7500;

interface DemoHousehold {
  id: string;
  monitoring: string;
  members: number;
  township: string | null;
}

/** A stable number in [0, 1000) from an id, so the demo is the same on every load. */
function hashOf(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return h % 1000;
}

/**
 * Components giving a chosen per-capita figure: about 7 % of households below the line, 8 % near it (临界),
 * 10 % not collected, the rest above; monitored households lean to the lower bands.
 */
function componentsFor(h: DemoHousehold, line: number): IncomeComponents | null {
  const r = hashOf(h.id);
  if (r < 100) return null;
  const monitoredShift = h.monitoring === '未纳入监测' ? 0 : 150;
  const band = r - monitoredShift;
  const perCapita =
    band < 170 ? line - 400 - (r % 30) * 80 : band < 250 ? line + (r % 10) * 60 : line + 1200 + (r % 40) * 450;
  const n = Math.max(h.members, 1);
  const transfer = 900 * n + (r % 5) * 300;
  const property = (r % 7) * 100;
  const business = (r % 3) * 2500;
  const businessCost = Math.round(business * 0.4);
  const rigidSpending = r % 11 === 0 ? 1800 : 0;
  const rest = business - businessCost + property + transfer - rigidSpending;
  const wage = Math.max(perCapita * n - rest, 0);
  return { wage, business, property, transfer, businessCost, rigidSpending };
}

/**
 * Yearly incomes and two-way pairing for the demo: the lines of last year and this year (county, one township
 * override), last year's incomes of most households, and pairings of the monitored households with a few
 * 两不管 and one-side-only cases.
 */
export async function loadIncomesPairingsDemo(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'config'>,
  audit: AuditRecorder,
  loaded: readonly DemoUser[],
): Promise<void> {
  const countyCode = deps.config.countyCode;
  const today = localDate(deps.clock.now());
  const year = Number(today.slice(0, 4)) - 1;
  const now = deps.clock.now();
  for (const y of [year, year + 1]) {
    for (const [divisionCode, amount] of [
      [`${countyCode}000000`, demoLine],
      [demoOverrideTownship, demoOverrideLine],
    ] as const) {
      const id = uuidv7();
      await tx.insert(incomeLines).values({
        id,
        countyCode,
        year: y,
        divisionCode,
        amount,
        nearMarginPercent: 10,
        note: demoLineNote,
        createdAt: now,
        updatedAt: now,
      });
      audit.entity('income_line', id, null, { year: y, divisionCode, amount });
    }
  }

  const yearEnd = `${year}-12-31`;
  const result: unknown = await tx.execute(sql`
    select h.id, h.monitoring_status as monitoring,
      (select count(*)::int from household_members m where m.household_id = h.id and m.valid_from <= ${yearEnd}
        and (m.valid_to is null or m.valid_to > ${yearEnd})) as members,
      coalesce(s.township_code, dv.parent_code) as township
    from households h
    left join sites s on s.id = h.site_id
    left join divisions dv on dv.code = h.destination_village_code
    where h.county_code = ${countyCode} and h.deleted_at is null
    order by h.household_number`);
  const rows = ((result as { rows?: DemoHousehold[] }).rows ?? (result as DemoHousehold[])).map((r) => ({
    ...r,
    members: Number(r.members),
  }));

  const incomes = rows.flatMap((h) => {
    const line = h.township === demoOverrideTownship ? demoOverrideLine : demoLine;
    const c = h.members > 0 ? componentsFor(h, line) : null;
    if (!c) return [];
    return [
      {
        id: uuidv7(),
        countyCode,
        householdId: h.id,
        year,
        ...c,
        memberCount: h.members,
        perCapita: perCapitaNetIncome(c, h.members),
        note: '演示数据',
        createdAt: now,
        updatedAt: now,
      },
    ];
  });
  for (let i = 0; i < incomes.length; i += 500) await tx.insert(householdIncomes).values(incomes.slice(i, i + 500));

  const helpCadre = loaded.find((u) => u.role === 'help_cadre');
  const originCadre = loaded.find((u) => u.role === 'origin_cadre');
  if (!helpCadre || !originCadre) throw new Error('演示数据错误：缺少帮扶干部或迁出地村干部账号');
  const from = `${year}-07-01`;
  const pairings = rows
    .filter((h) => h.monitoring !== '未纳入监测')
    .flatMap((h, i) => {
      const kind = i % 12; // 0: 两不管, 1: destination only, 2: origin only, else both
      const row = (side: 'destination' | 'origin', cadreUserId: string) => ({
        id: uuidv7(),
        countyCode,
        householdId: h.id,
        side,
        cadreUserId,
        fromDate: from,
        createdAt: now,
        updatedAt: now,
      });
      return [
        ...(kind === 0 || kind === 2 ? [] : [row('destination', helpCadre.id)]),
        ...(kind === 0 || kind === 1 ? [] : [row('origin', originCadre.id)]),
      ];
    });
  for (let i = 0; i < pairings.length; i += 500) await tx.insert(householdPairings).values(pairings.slice(i, i + 500));
  audit.entity('demo', 'incomes-pairings', null, { year, incomes: incomes.length, pairings: pairings.length });
}
