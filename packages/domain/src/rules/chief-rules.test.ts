import { describe, expect, it } from 'vitest';
import { fixedClock, parsePeriodKey } from '../periods';
import {
  chiefReportsRule,
  siteChiefVisitsRule,
  termOverlaps,
  type ChiefReportFact,
  type ChiefTermFact,
  type ChiefVisitFact,
} from './chief-rules';
import { evaluateRule, RuleError } from './registry';

const clock = fixedClock('2022-08-01T00:00:00Z');
const term = (chiefId: string, siteId: string, from: string, to: string | null = null): ChiefTermFact => ({
  chiefId,
  chiefName: `点长${chiefId}`,
  siteId,
  siteName: `安置点${siteId}`,
  from,
  to,
});
let seq = 0;
const visit = (chiefId: string, siteId: string, iso: string): ChiefVisitFact => ({
  id: `v${++seq}`,
  chiefId,
  siteId,
  visitedAt: new Date(iso),
});
const report = (siteChiefId: string, iso: string): ChiefReportFact => ({
  id: `r${++seq}`,
  siteChiefId,
  heardAt: new Date(iso),
});

const sites = [
  { id: 's1', name: '安置点s1' },
  { id: 's2', name: '安置点s2' },
];

function r01(periodKey: string, terms: ChiefTermFact[], visits: ChiefVisitFact[], minVisitsPerMonth?: number) {
  return evaluateRule(
    siteChiefVisitsRule,
    { sites, terms, visits },
    {
      period: parsePeriodKey(periodKey),
      parameterVersion: 0,
      clock,
      ...(minVisitsPerMonth !== undefined ? { parameters: { minVisitsPerMonth } } : {}),
    },
  ).results;
}

describe('R01: site chiefs visit each site at least twice a month', () => {
  // March 2022 in Asia/Shanghai is [2022-02-28T16:00Z, 2022-03-31T16:00Z).
  const firstInstant = '2022-02-28T16:00:00.000Z';
  const lastInstant = '2022-03-31T15:59:59.999Z';

  it('counts visits on the first and last instant of the month, and not a millisecond outside', () => {
    const terms = [term('c1', 's1', '2022-01-01')];
    const inside = [visit('c1', 's1', firstInstant), visit('c1', 's1', lastInstant)];
    const [met] = r01('2022-03', terms, inside);
    expect(met).toMatchObject({ entityId: 's1', verdict: 'met', presentation: 'met' });
    expect(met!.values).toMatchObject({ visits: 2, shortfall: 0, required: 2 });
    expect(met!.evidence.filter((e) => e.type === 'chief_visit').map((e) => e.id)).toEqual(inside.map((v) => v.id));

    const outside = [visit('c1', 's1', '2022-02-28T15:59:59.999Z'), visit('c1', 's1', '2022-03-31T16:00:00.000Z')];
    const [missed] = r01('2022-03', terms, [inside[0]!, ...outside]);
    expect(missed).toMatchObject({ verdict: 'not_met', presentation: 'violation' });
    expect(missed!.values).toMatchObject({ visits: 1, shortfall: 1 });
    // The visit at April's first instant belongs to April.
    const [april] = r01('2022-04', terms, outside);
    expect(april!.values).toMatchObject({ visits: 1 });
  });

  it('requires every chief of a site to visit; other chiefs and other sites do not count', () => {
    const terms = [term('c1', 's1', '2022-01-01'), term('c2', 's1', '2022-01-01'), term('c2', 's2', '2022-01-01')];
    const visits = [
      visit('c1', 's1', '2022-03-02T01:00:00Z'),
      visit('c1', 's1', '2022-03-20T01:00:00Z'),
      visit('c2', 's2', '2022-03-03T01:00:00Z'),
      visit('c2', 's2', '2022-03-04T01:00:00Z'),
      visit('c3', 's1', '2022-03-05T01:00:00Z'), // not a chief of s1
    ];
    const results = r01('2022-03', terms, visits);
    const s1 = results.find((r) => r.entityId === 's1')!;
    expect(s1.verdict).toBe('not_met');
    expect(s1.values.chiefs).toEqual([
      { chiefId: 'c1', chiefName: '点长c1', visits: 2, shortfall: 0 },
      { chiefId: 'c2', chiefName: '点长c2', visits: 0, shortfall: 2 },
    ]);
    expect(results.find((r) => r.entityId === 's2')!.verdict).toBe('met');
  });

  it('is not applicable without a chief in office during the month; terms count by Shanghai dates', () => {
    // A term ending on 2022-02-28 does not reach March; one starting on 2022-03-31 does.
    expect(termOverlaps({ from: '2021-01-01', to: '2022-02-28' }, parsePeriodKey('2022-03'))).toBe(false);
    expect(termOverlaps({ from: '2022-03-31', to: null }, parsePeriodKey('2022-03'))).toBe(true);
    expect(termOverlaps({ from: '2022-04-01', to: null }, parsePeriodKey('2022-03'))).toBe(false);
    const results = r01('2022-03', [term('c1', 's1', '2021-01-01', '2022-02-28')], []);
    expect(results.map((r) => r.verdict)).toEqual(['not_applicable', 'not_applicable']);
  });

  it('takes the threshold from the parameters', () => {
    const terms = [term('c1', 's1', '2022-01-01')];
    const visits = [visit('c1', 's1', '2022-03-02T01:00:00Z'), visit('c1', 's1', '2022-03-03T01:00:00Z')];
    expect(r01('2022-03', terms, visits, 3)[0]).toMatchObject({ verdict: 'not_met', values: { shortfall: 1 } });
    expect(() => r01('2022-03', terms, visits, 0)).toThrow(RuleError);
  });

  it('refuses a period of the wrong kind', () => {
    expect(() =>
      evaluateRule(
        siteChiefVisitsRule,
        { sites, terms: [], visits: [] },
        {
          period: parsePeriodKey('2022-H1'),
          parameterVersion: 0,
          clock,
        },
      ),
    ).toThrow(/按月评估/);
  });
});

describe('R02: the county chief hears each site chief at least once a half year', () => {
  const r02 = (periodKey: string, terms: ChiefTermFact[], reports: ChiefReportFact[]) =>
    evaluateRule(
      chiefReportsRule,
      { terms, reports },
      { period: parsePeriodKey(periodKey), parameterVersion: 0, clock },
    ).results;

  it('places hearings by the half-year boundary in Asia/Shanghai', () => {
    const terms = [term('c1', 's1', '2022-01-01')];
    // H2 2022 starts at 2022-06-30T16:00Z.
    const lastOfH1 = report('c1', '2022-06-30T15:59:59.999Z');
    const firstOfH2 = report('c1', '2022-06-30T16:00:00.000Z');
    expect(r02('2022-H1', terms, [lastOfH1])[0]).toMatchObject({ entityId: 'c1', verdict: 'met' });
    expect(r02('2022-H1', terms, [firstOfH2])[0]).toMatchObject({ verdict: 'not_met', values: { reports: 0 } });
    const h2 = r02('2022-H2', terms, [lastOfH1, firstOfH2])[0]!;
    expect(h2).toMatchObject({ verdict: 'met', values: { reports: 1, sites: ['安置点s1'] } });
    expect(h2.evidence).toContainEqual({ type: 'chief_report', id: firstOfH2.id });
  });

  it('judges only chiefs in office during the half year; reports of others do not count', () => {
    const terms = [term('c1', 's1', '2022-01-01', '2022-06-30'), term('c2', 's2', '2022-07-01')];
    const results = r02('2022-H2', terms, [report('c1', '2022-08-01T01:00:00Z')]);
    expect(results.map((r) => [r.entityId, r.verdict])).toEqual([['c2', 'not_met']]);
  });

  it('places a chief holding two sites under the site of the latest term (dashboard cell, scope)', () => {
    const terms = [term('c1', 's1', '2022-01-01'), term('c1', 's2', '2022-03-01'), term('c1', 's3', '2021-06-01')];
    const [r] = r02('2022-H1', terms, []);
    expect(r).toMatchObject({
      verdict: 'not_met',
      values: { siteId: 's2', sites: ['安置点s1', '安置点s2', '安置点s3'] },
    });
  });
});
