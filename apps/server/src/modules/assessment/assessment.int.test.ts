import { and, asc, eq, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AssessmentEvidenceList,
  AssessmentResult,
  AssessmentWeights,
  AssessmentYearList,
  ExperienceReport,
  ExperienceReportPage,
} from '@anzhi/contracts/assessment';
import type { Site } from '@anzhi/contracts/org';
import { uuidv7 } from '@anzhi/domain/ids';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { chiefAssignments, chiefReports, chiefVisits } from '../chiefs/chiefs.table';
import { units } from '../org/org.table';
import { planItems, taskInstances } from '../supervision/supervision.table';
import { insertAssignment } from '../users/role-assignments.service';
import { computeAssessment, weightedTotal } from './assessment.service';

const QINJIANG = '360735100000';
const PINGSHAN = '360735102000';

describe.skipIf(engineUnavailable())(`assessment and experience reports on ${engine}`, () => {
  let t: TestApp;
  let lead: Agent;
  let qinjiang: Agent;
  let pingshan: Agent;

  async function agentFor(
    assignments: { role: Parameters<typeof insertAssignment>[2]['role']; divisionCode?: string }[],
  ) {
    const u = await buildUser(t, { roles: [] });
    for (const a of assignments) await insertAssignment(t.deps.db, u.id, a, t.clock.now());
    const agent = new Agent(t.app);
    expect((await agent.login(u.username, u.password)).statusCode).toBe(200);
    return agent;
  }

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2022-08-15T02:00:00Z') }); // months Jan–Jul and H1 have ended
    lead = await agentFor([{ role: 'county_lead' }]);
    qinjiang = await agentFor([{ role: 'township', divisionCode: QINJIANG }]);
    pingshan = await agentFor([{ role: 'township', divisionCode: PINGSHAN }]);
    const site = async (name: string, townshipCode: string) => {
      const res = await lead.post('/api/v1/sites', { name, townshipCode, type: '中心集镇' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<Site>().id;
    };
    const a = await site('考核测试点琴江', QINJIANG);
    const p = await site('考核测试点屏山', PINGSHAN);
    const c1 = (await buildUser(t, { roles: [] })).id;
    const c2 = (await buildUser(t, { roles: [] })).id;
    await t.deps.db.insert(chiefAssignments).values([
      { kind: 'site_chief', userId: c1, siteId: a, fromDate: '2022-01-01', duties: [], tasks: [] },
      { kind: 'site_chief', userId: c2, siteId: p, fromDate: '2022-01-01', duties: [], tasks: [] },
    ]);
    const visit = (chiefId: string, siteId: string, iso: string) => ({
      id: uuidv7(),
      chiefId,
      siteId,
      visitedAt: new Date(iso),
      problemsFound: '无',
      problemsSolved: '',
      followUps: '',
      recordedBy: chiefId,
    });
    const rows = [];
    // c1 visits twice every month January–July; c2 only in January.
    for (let m = 1; m <= 7; m++) {
      const mm = String(m).padStart(2, '0');
      rows.push(visit(c1, a, `2022-${mm}-05T02:00:00Z`), visit(c1, a, `2022-${mm}-20T02:00:00Z`));
    }
    rows.push(visit(c2, p, '2022-01-05T02:00:00Z'), visit(c2, p, '2022-01-06T02:00:00Z'));
    await t.deps.db.insert(chiefVisits).values(rows);
    // Part A's list instances: 琴江镇 one on time and one late, 县人社局 one never submitted, one not yet due.
    const [item] = await t.deps.db.select().from(planItems).orderBy(asc(planItems.rowNo)).limit(1);
    const unitId = async (cond: SQL) => (await t.deps.db.select({ id: units.id }).from(units).where(cond))[0]!.id;
    const township = await unitId(and(eq(units.kind, 'township'), eq(units.divisionCode, QINJIANG))!);
    const rsj = await unitId(eq(units.name, '县人社局'));
    const instance = (party: string, periodKey: string, due: string, submitted: string | null) => ({
      planId: item!.planId,
      itemId: item!.id,
      periodKey,
      periodStart: new Date('2022-01-01T00:00:00+08:00'),
      periodEnd: new Date(due),
      dueAt: new Date(due),
      partyUnitId: party,
      status: submitted ? 'submitted' : 'overdue',
      firstSubmittedAt: submitted ? new Date(submitted) : null,
    });
    await t.deps.db
      .insert(taskInstances)
      .values([
        instance(township, 'T-1', '2022-03-01T00:00:00+08:00', '2022-02-28T23:59:59+08:00'),
        instance(township, 'T-2', '2022-04-01T00:00:00+08:00', '2022-04-01T00:00:00+08:00'),
        instance(rsj, 'T-1', '2022-03-01T00:00:00+08:00', null),
        instance(rsj, 'T-3', '2022-09-01T00:00:00+08:00', null),
      ]);
    await t.deps.db.insert(chiefReports).values({
      heardAt: new Date('2022-06-30T08:00:00Z'),
      siteChiefId: c1,
      siteIds: [a],
      summary: '汇报',
      recordedBy: c1,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('renormalises weights over the indicators a unit has data for', () => {
    expect(
      weightedTotal([
        { score: 100, weight: 30 },
        { score: null, weight: 40 },
        { score: 0, weight: 20 },
      ]),
    ).toBe(60);
    expect(weightedTotal([{ score: null, weight: 30 }])).toBeNull();
  });

  it('scores townships per indicator with the evidence behind each score, and ranks them', async () => {
    await computeAssessment(t.deps, 2022);
    const res = await qinjiang.get('/api/v1/assessments/2022');
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<AssessmentResult>();
    const revisit = result.indicators.find((i) => i.id === 'revisit_completion')!;
    expect(revisit).toMatchObject({ available: false, weight: 10 });
    const row = (code: string) => result.rows.find((r) => r.unitKey === code)!;
    const cell = (code: string, id: string) => row(code).cells.find((c) => c.indicatorId === id)!;
    expect(cell(QINJIANG, 'chief_visits').score).toBe(100);
    expect(cell(PINGSHAN, 'chief_visits')).toMatchObject({ score: 14.3, values: { met: 1, total: 7 } });
    expect(cell(QINJIANG, 'chief_reports').score).toBe(100);
    expect(cell(PINGSHAN, 'chief_reports').score).toBe(0);
    // Not connected and no data are "not available", never zero.
    expect(cell(PINGSHAN, 'revisit_completion').score).toBeNull();
    expect(cell(PINGSHAN, 'task_on_time').score).toBeNull();
    // Due instants are exclusive: submitted at the due instant is late.
    expect(cell(QINJIANG, 'task_on_time')).toMatchObject({ score: 50, values: { met: 1, total: 2 } });
    const rsj = result.rows.find((r) => r.unitName === '县人社局')!;
    expect(rsj).toMatchObject({ unitKind: 'unit', rank: 3, total: 0 });
    expect(row(QINJIANG)).toMatchObject({ rank: 1, total: 77.8 }); // (50 × 40 + 100 × 30 + 100 × 20) / 90
    expect(row(PINGSHAN)).toMatchObject({ rank: 2, total: 8.6 }); // (14.3 × 30 + 0 × 20) / 50
    const tasks = (
      await qinjiang.get(
        `/api/v1/assessments/2022/evidence?unitKind=township&unitKey=${QINJIANG}&indicatorId=task_on_time`,
      )
    ).json<AssessmentEvidenceList>();
    expect(tasks.items.map((e) => [e.outcome, e.detail])).toEqual([
      ['met', '按时报送'],
      ['not_met', '逾期报送'],
    ]);

    const evidence = (
      await qinjiang.get(
        `/api/v1/assessments/2022/evidence?unitKind=township&unitKey=${PINGSHAN}&indicatorId=chief_visits`,
      )
    ).json<AssessmentEvidenceList>();
    expect(evidence.items).toHaveLength(7);
    expect(evidence.items.filter((e) => e.outcome === 'met').map((e) => e.label)).toEqual(['考核测试点屏山 2022年1月']);
    expect(evidence.items[1]!.detail).toContain('差 2 次');

    const years = (await lead.get('/api/v1/assessments')).json<AssessmentYearList>();
    expect(years.items[0]).toMatchObject({ year: 2022, units: 3 });
    expect(years.abilities.compute).toBe(true);
  });

  it('keeps weights as versions editable by the county lead; recomputing uses the new weights', async () => {
    expect(
      (await qinjiang.request('PUT', '/api/v1/assessments/weights', { weights: { chief_reports: 0 }, note: 'x' }))
        .statusCode,
    ).toBe(403);
    const bad = await lead.request('PUT', '/api/v1/assessments/weights', { weights: { nope: 1 }, note: '试' });
    expect(bad.statusCode).toBe(400);
    const res = await lead.request('PUT', '/api/v1/assessments/weights', {
      weights: { chief_reports: 0 },
      note: '本年度不计汇报',
      baseVersion: 0,
    });
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json<AssessmentWeights>();
    expect(w.version).toBe(1);
    expect(w.indicators.find((i) => i.id === 'chief_reports')!.weight).toBe(0);
    expect(
      (await lead.request('PUT', '/api/v1/assessments/weights', { weights: {}, note: 'x', baseVersion: 0 })).statusCode,
    ).toBe(409);
    expect((await lead.post('/api/v1/assessments/2022/compute', {})).statusCode).toBe(202);
    await computeAssessment(t.deps, 2022);
    const result = (await lead.get('/api/v1/assessments/2022')).json<AssessmentResult>();
    expect(result.weightVersion).toBe(1);
    expect(result.rows.find((r) => r.unitKey === PINGSHAN)!.total).toBe(14.3);
    expect(result.rows.find((r) => r.unitKey === QINJIANG)!.total).toBe(71.4); // (50 × 40 + 100 × 30) / 70
  });

  it('lets townships submit experience reports, the county mark them, and keeps each township to its own', async () => {
    const id = uuidv7();
    const body = { id, year: 2022, title: '“点长制”推动安置点治理', body: '我镇建立点长每月两次调研指导制度……' };
    const res = await qinjiang.post('/api/v1/experience-reports', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ExperienceReport>()).toMatchObject({
      submitterLabel: '琴江镇',
      score: null,
      abilities: { mark: false },
    });
    expect((await qinjiang.post('/api/v1/experience-reports', body)).statusCode).toBe(201); // replay
    expect((await qinjiang.get('/api/v1/experience-reports')).json<ExperienceReportPage>()).toMatchObject({
      total: 1,
      abilities: { submit: true },
    });
    expect((await pingshan.get('/api/v1/experience-reports')).json<ExperienceReportPage>().total).toBe(0);
    expect((await pingshan.get(`/api/v1/experience-reports/${id}`)).statusCode).toBe(404);
    expect(
      (await qinjiang.request('PUT', `/api/v1/experience-reports/${id}/mark`, { score: 99, grade: null })).statusCode,
    ).toBe(403);
    expect((await lead.post('/api/v1/experience-reports', { ...body, id: uuidv7() })).statusCode).toBe(403);
    expect(
      (await lead.request('PUT', `/api/v1/experience-reports/${id}/mark`, { score: null, grade: null })).statusCode,
    ).toBe(400);
    const marked = await lead.request('PUT', `/api/v1/experience-reports/${id}/mark`, {
      score: 92,
      grade: '优秀',
      comment: '做法可复制，予以通报表扬',
    });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json<ExperienceReport>()).toMatchObject({ score: 92, grade: '优秀', abilities: { mark: true } });
    const seen = (await qinjiang.get(`/api/v1/experience-reports/${id}`)).json<ExperienceReport>();
    expect(seen).toMatchObject({ grade: '优秀', comment: '做法可复制，予以通报表扬' });
    expect(seen.markedByName).not.toBeNull();
  });
});
