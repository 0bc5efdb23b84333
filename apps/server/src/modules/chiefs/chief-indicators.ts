import { asc, eq } from 'drizzle-orm';
import { periodLabel } from '@anzhi/domain/periods';
import { UnitTally, type AssessmentDeps, type AssessmentIndicatorDef } from '../assessment/indicator';
import { divisions, sites, units } from '../org/org.table';
import { chiefReportsBySql, siteVisitsBySql } from './chief-rules.sql';
import { thresholdOf } from './chief-rules.service';
import { termFacts } from './chiefs.repository';

type UnitRef = { kind: 'township' | 'unit'; key: string; name: string };

/**
 * Which assessed unit answers for each site: the township it lies in, or — for the county-town sites —
 * the 城市社区党工委、管委会 that governs them (decisions.md, scope), never both.
 */
async function siteOwners(deps: AssessmentDeps): Promise<Map<string, UnitRef>> {
  const [urban] = await deps.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.kind, 'community_committee'))
    .orderBy(asc(units.name))
    .limit(1);
  const rows = await deps.db
    .select({ id: sites.id, code: sites.townshipCode, township: divisions.name, urban: sites.urbanCommunity })
    .from(sites)
    .innerJoin(divisions, eq(divisions.code, sites.townshipCode));
  return new Map(
    rows.map((r) => [
      r.id,
      r.urban && urban
        ? { kind: 'unit' as const, key: urban.id, name: urban.name }
        : { kind: 'township' as const, key: r.code, name: r.township },
    ]),
  );
}

/** R01 compliance: the share of site-months (finished months of the year) where every chief visited enough. */
export const chiefVisitsIndicator: AssessmentIndicatorDef = {
  id: 'chief_visits',
  name: '点长走访达标率（R01）',
  description: '本年已结束各月中，安置点“点长每月至少调研指导 2 次”达标的点·月占比',
  unitKinds: ['township', 'unit'],
  defaultWeight: 30,
  available: true,
  async compute(deps, ctx) {
    const owners = await siteOwners(deps);
    const { required } = await thresholdOf(deps, 'R01');
    const tally = new UnitTally();
    for (const month of ctx.endedPeriods('month')) {
      for (const r of await siteVisitsBySql(deps.db, month, required)) {
        const owner = owners.get(r.entityId);
        if (!owner || r.verdict === 'not_applicable') continue;
        const site = r.evidence.find((e) => e.type === 'site');
        tally.add(owner, r.verdict === 'met', {
          label: `${site?.label ?? ''} ${periodLabel(month)}`,
          outcome: r.verdict === 'met' ? 'met' : 'not_met',
          detail: `走访 ${String(r.values.visits)} 次，差 ${String(r.values.shortfall)} 次（每位点长每月应 ${required} 次）`,
          ref: { type: 'site', id: r.entityId },
        });
      }
    }
    return tally.scores((met, total) => ({ met, total }));
  },
};

/** R02 compliance: the share of site chiefs × finished half years heard by the county chief. */
export const chiefReportsIndicator: AssessmentIndicatorDef = {
  id: 'chief_reports',
  name: '总点长听取汇报达标率（R02）',
  description: '本年已结束的半年中，各点长“每半年向总点长汇报 1 次”达标的占比（按点长所联系安置点归属计）',
  unitKinds: ['township', 'unit'],
  defaultWeight: 20,
  available: true,
  async compute(deps, ctx) {
    const owners = await siteOwners(deps);
    const { required } = await thresholdOf(deps, 'R02');
    const tally = new UnitTally();
    for (const half of ctx.endedPeriods('half_year')) {
      const terms = await termFacts(deps.db, half);
      for (const r of await chiefReportsBySql(deps.db, half, required)) {
        const chiefUnits = new Map<string, UnitRef>();
        for (const t of terms.filter((x) => x.chiefId === r.entityId)) {
          const owner = owners.get(t.siteId);
          if (owner) chiefUnits.set(`${owner.kind}:${owner.key}`, owner);
        }
        for (const owner of chiefUnits.values()) {
          tally.add(owner, r.verdict === 'met', {
            label: `${String(r.values.chiefName)} ${periodLabel(half)}`,
            outcome: r.verdict === 'met' ? 'met' : 'not_met',
            detail: `听取汇报 ${String(r.values.reports)} 次（应 ${required} 次）`,
            ref: { type: 'user', id: r.entityId },
          });
        }
      }
    }
    return tally.scores((met, total) => ({ met, total }));
  },
};
