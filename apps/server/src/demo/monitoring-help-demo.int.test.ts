import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EliminationView, HelpPlan, Measure } from '@anzhi/contracts/monitoring-help';
import { inboxItems } from '../platform/notifications/notifications.table';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { measureInboxSource } from '../modules/monitoring/measures.service';
import { monitoringCaseEvents, monitoringCases } from '../modules/monitoring/monitoring.table';
import { users } from '../modules/users/users.table';
import { demoPassword } from './accounts';
import { loadDemo } from './seed';

type Page<T> = { items: T[]; total: number };

/** The demo shows help plans with overdue measures in the cadre's inbox, and elimination, rollback and re-flag. */
describe.skipIf(engineUnavailable())(`monitoring help demo on ${engine}`, () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 in Shanghai
    await loadDemo(t.deps);
    for (const username of ['xczx', 'bfgb']) {
      agents[username] = new Agent(t.app);
      expect((await agents[username].login(username, demoPassword)).statusCode).toBe(200);
    }
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = async <T>(who: string, url: string) => {
    const res = await agents[who]!.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };

  it('gives the help cadre measures with overdue ones, each also in their inbox', async () => {
    const overdue = await get<Page<Measure>>('bfgb', '/api/v1/monitoring/measures?mine=1&due=overdue&pageSize=200');
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.every((m) => m.overdue)).toBe(true);
    const [cadre] = await t.deps.db.select().from(users).where(eq(users.username, 'bfgb'));
    const items = await t.deps.db
      .select()
      .from(inboxItems)
      .where(and(eq(inboxItems.userId, cadre!.id), eq(inboxItems.source, measureInboxSource)));
    const refs = new Set(items.map((i) => i.sourceRef));
    expect(overdue.items.filter((m) => refs.has(m.id)).length).toBe(overdue.items.length);
    const plan = await get<HelpPlan>('xczx', `/api/v1/monitoring/cases/${overdue.items[0]!.caseId}/measures`);
    expect(plan.measures.length).toBeGreaterThan(0);
  });

  it('has an eliminated case meeting every condition after all four steps, a rollback and a re-flag', async () => {
    const eliminated = await t.deps.db.select().from(monitoringCases).where(eq(monitoringCases.status, 'eliminated'));
    const views = await Promise.all(
      eliminated.map((c) => get<EliminationView>('xczx', `/api/v1/monitoring/cases/${c.id}/elimination`)),
    );
    const shown = views.find((v) => v.assessment.eligible && v.steps.length === 4 && v.nextCaseId === null);
    expect(shown, '一户风险已消除且各项条件达到').toBeDefined();
    expect(shown!.steps.every((s) => s.outcome === 'passed')).toBe(true);

    const [rolled] = await t.deps.db
      .select()
      .from(monitoringCaseEvents)
      .where(eq(monitoringCaseEvents.kind, 'rolled_back'));
    expect(rolled).toBeDefined();
    const back = await get<EliminationView>('xczx', `/api/v1/monitoring/cases/${rolled!.caseId}/elimination`);
    expect(back).toMatchObject({ caseStatus: 'monitored', round: 2, nextStep: 'elimination_visit' });
    expect(back.history.length).toBe(4);

    const [reflagged] = await t.deps.db.select().from(monitoringCases).where(isNotNull(monitoringCases.previousCaseId));
    expect(reflagged).toMatchObject({ status: 'identifying' });
    const old = await get<EliminationView>('xczx', `/api/v1/monitoring/cases/${reflagged!.previousCaseId}/elimination`);
    expect(old.nextCaseId).toBe(reflagged!.id);
  });
});
