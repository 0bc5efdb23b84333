import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  identificationSteps,
  monitoringCategoryLabels,
  type MeasureType,
  type MonitoringCategory,
  type RiskType,
} from '@anzhi/contracts/monitoring-vocabulary';
import { uuidv7 } from '@anzhi/domain/ids';
import { addMonthsToDate, assessElimination, monthsBefore } from '@anzhi/domain/monitoring/elimination';
import { addDays, localDate, localDateToInstant } from '@anzhi/domain/periods';
import { defaultParameters } from '@anzhi/domain/rules/registry';
import { eliminationRule } from '@anzhi/domain/rules/elimination-rule';
import type { Tx } from '../db/client';
import { householdIncomes } from '../modules/incomes/incomes.table';
import { eliminationFacts } from '../modules/monitoring/elimination.repository';
import { measureInboxSource, measureLink } from '../modules/monitoring/measures.service';
import {
  helpMeasures,
  monitoringCaseEvents,
  monitoringCaseSteps,
  monitoringCases,
  monitoringClues,
} from '../modules/monitoring/monitoring.table';
import { sites } from '../modules/org/org.table';
import { households } from '../modules/registry/registry.table';
import { revisits } from '../modules/revisits/revisits.table';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import { postInboxItem } from '../platform/notifications/notifications.service';
import type { DemoUser } from './platform-demo';

/*
 * 一户一方案 and 风险消除 for the demo (M2): measures for the monitored cases of the monitoring demo (some overdue,
 * in the help cadre's inbox), and three households showing the elimination procedure — one eliminated (conditions
 * met, all four steps), one eliminated and rolled back (回退), one eliminated and re-flagged (再标注).
 */

const measureForRisk: Record<RiskType, { type: MeasureType; content: string }> = {
  illness: { type: 'health', content: '落实大病专项救治、慢病签约服务，协助办理医疗救助' },
  education: { type: 'compulsory_education', content: '落实教育资助，劝返复学并跟踪就读情况' },
  disability: { type: 'social_security', content: '落实残疾人两项补贴，申请低保' },
  disaster: { type: 'housing_safety', content: '灾后住房维修加固，发放临时救助金' },
  accident: { type: 'social_assistance', content: '发放临时救助金，协调社会帮扶资金' },
  industry_failure: { type: 'industry', content: '协调产业奖补，提供技术指导，恢复种养殖' },
  unstable_employment: { type: 'employment', content: '推荐就近务工，安排帮扶车间就业' },
  lack_of_labour: { type: 'social_security', content: '纳入低保兜底，落实特困供养政策' },
  other: { type: 'social_assistance', content: '结对干部上门帮扶，协调解决实际困难' },
};

export async function loadMonitoringHelpDemo(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'config'>,
  audit: AuditRecorder,
  loaded: readonly DemoUser[],
): Promise<void> {
  const today = localDate(deps.clock.now());
  const now = deps.clock.now();
  const countyCode = deps.config.countyCode;
  const helpCadre = loaded.find((u) => u.role === 'help_cadre');
  if (!helpCadre) throw new Error('演示数据错误：缺少帮扶干部账号');
  const cadreName = '谢文斌';
  let measuresCreated = 0;
  let inboxPosted = 0;

  const insertMeasure = async (
    c: { id: string; householdId: string },
    householdNumber: string,
    m: {
      type: MeasureType;
      riskType: RiskType | null;
      content: string;
      startOn: string;
      dueOn: string;
      status: 'planned' | 'in_progress' | 'done';
      completedOn?: string | null;
      emergency?: boolean;
      amount?: number | null;
    },
  ) => {
    const id = uuidv7();
    await tx.insert(helpMeasures).values({
      id,
      countyCode,
      caseId: c.id,
      householdId: c.householdId,
      type: m.type,
      riskType: m.riskType,
      content: m.content,
      responsibleUserId: helpCadre.id,
      responsibleName: cadreName,
      startOn: m.startOn,
      dueOn: m.dueOn,
      status: m.status,
      completedOn: m.completedOn ?? null,
      amount: m.amount == null ? null : m.amount.toFixed(2),
      term: m.type === 'social_security' ? 'long' : 'short',
      emergency: m.emergency ?? false,
      result: m.status === 'done' ? '已按计划落实，户主签字确认' : null,
      createdAt: now,
      updatedAt: now,
    });
    measuresCreated += 1;
    // The daily job's result for today: overdue and due-soon open measures in the cadre's 我的待办.
    if (m.status !== 'done' && m.dueOn <= addDays(today, 7)) {
      await postInboxItem(tx, deps.clock, {
        userId: helpCadre.id,
        title: `${m.dueOn < today ? '帮扶措施已逾期' : '帮扶措施即将到期'}：${m.content.slice(0, 12)}（户号 ${householdNumber}，期限 ${m.dueOn}）`,
        dueAt: localDateToInstant(addDays(m.dueOn, 1)),
        link: measureLink(c.id),
        source: measureInboxSource,
        sourceRef: id,
      });
      inboxPosted += 1;
    }
  };

  // 1. Plans for the monitoring demo's monitored cases that have none yet: one measure per risk type.
  const monitored = await tx
    .select({ c: monitoringCases, householdNumber: households.householdNumber })
    .from(monitoringCases)
    .innerJoin(households, eq(households.id, monitoringCases.householdId))
    .where(
      and(
        eq(monitoringCases.countyCode, countyCode),
        eq(monitoringCases.status, 'monitored'),
        sql`not exists (select 1 from ${helpMeasures} where ${helpMeasures.caseId} = ${monitoringCases.id})`,
      ),
    )
    .orderBy(asc(households.householdNumber));
  for (const [i, { c, householdNumber }] of monitored.entries()) {
    const start = c.identifiedOn ?? c.startedOn;
    const risks: (RiskType | null)[] = c.riskTypes.length > 0 ? c.riskTypes : [null];
    for (const [j, risk] of risks.entries()) {
      const spec = risk ? measureForRisk[risk] : measureForRisk.other;
      const due = addDays(start, 60 + ((i + j) % 4) * 30);
      const kind = (i + j) % 4; // 0: done, 1: overdue (open), else in progress / planned
      await insertMeasure(c, householdNumber, {
        type: spec.type,
        riskType: risk,
        content: spec.content,
        startOn: start,
        dueOn: kind === 1 && due >= today ? addDays(today, -5 - (i % 20)) : due,
        status: kind === 0 && due < today ? 'done' : kind === 2 ? 'in_progress' : 'planned',
        completedOn: kind === 0 && due < today ? addDays(due, -7) : null,
        amount: spec.type === 'social_assistance' || spec.type === 'housing_safety' ? 2000 + (i % 5) * 500 : null,
      });
    }
    await tx
      .update(monitoringCases)
      .set({ planGoal: '消除返贫致贫风险，收入稳定高于监测线，两不愁三保障及饮水安全有保障', planUpdatedOn: start })
      .where(eq(monitoringCases.id, c.id));
  }

  // 2. Three households showing elimination: 风险已消除 at a site, no case yet, income well above the line.
  const lastYear = Number(today.slice(0, 4)) - 1;
  const candidates = await tx
    .select({
      id: households.id,
      householdNumber: households.householdNumber,
      category: households.category,
      siteId: households.siteId,
      townshipCode: sites.townshipCode,
    })
    .from(households)
    .innerJoin(sites, eq(sites.id, households.siteId))
    .innerJoin(
      householdIncomes,
      and(eq(householdIncomes.householdId, households.id), eq(householdIncomes.year, lastYear)),
    )
    .where(
      and(
        eq(households.countyCode, countyCode),
        isNull(households.deletedAt),
        eq(households.status, 'active'),
        eq(households.monitoringStatus, '风险已消除'),
        sql`${householdIncomes.perCapita} >= 9000`,
        sql`not exists (select 1 from ${monitoringCases} where ${monitoringCases.householdId} = ${households.id})`,
      ),
    )
    .orderBy(asc(households.householdNumber))
    .limit(40);

  const params = defaultParameters(eliminationRule);
  const window = monthsBefore(today, params.incomeStableMonths);
  const chosen: typeof candidates = [];
  for (const h of candidates) {
    if (chosen.length === 3) break;
    // Every condition met but the revisits of the window (the demo fills their gaps below); no drop reported.
    const probe = {
      id: uuidv7(),
      countyCode,
      householdId: h.id,
      identifiedOn: addMonthsToDate(today, -8),
      riskFlags: [],
    } as unknown as typeof monitoringCases.$inferSelect;
    const facts = await eliminationFacts(tx, probe, h.townshipCode, today, params.incomeStableMonths);
    const a = assessElimination(
      {
        ...facts,
        measures: [{ id: 'x', type: 'health', status: 'done', completedOn: today, emergency: false, label: 'x' }],
      },
      params,
    );
    const blocking = a.unmet.filter((u) => u.key !== 'income_stable');
    const drops = facts.revisits.some((r) => r.incomeDrops.length > 0 || r.suddenHardship);
    if (blocking.length === 0 && !drops) chosen.push(h);
  }
  if (chosen.length < 3) {
    audit.entity('demo', 'monitoring-help', null, { measures: measuresCreated, inbox: inboxPosted, elimination: 0 });
    return;
  }

  const addStep = (
    caseId: string,
    stage: 'identification' | 'elimination',
    round: number,
    step: (typeof monitoringCaseSteps.$inferInsert)['step'],
    stepDate: string,
    extra: Partial<typeof monitoringCaseSteps.$inferInsert> = {},
  ) =>
    tx.insert(monitoringCaseSteps).values({
      caseId,
      stage,
      round,
      step,
      stepDate,
      outcome: 'passed',
      actorName: stage === 'elimination' && step === 'elimination_county_approval' ? '县乡村振兴局' : '演示数据',
      createdAt: now,
      ...extra,
    });
  const addEvent = (
    caseId: string,
    householdId: string,
    kind: (typeof monitoringCaseEvents.$inferInsert)['kind'],
    eventDate: string,
    status: (typeof monitoringCaseEvents.$inferInsert)['status'],
    category: MonitoringCategory | null,
    reason: string | null = null,
  ) =>
    tx.insert(monitoringCaseEvents).values({
      caseId,
      householdId,
      kind,
      eventDate,
      status,
      category,
      reason,
      actorName: '演示数据',
      createdAt: now,
    });

  /** An included case with its identification steps, a done measure and a passed elimination round. */
  const eliminatedCase = async (
    h: (typeof chosen)[number],
    identifiedOn: string,
    eliminatedOn: string,
  ): Promise<{ id: string; category: MonitoringCategory }> => {
    const id = uuidv7();
    const category: MonitoringCategory = h.category === '搬迁脱贫户' ? 'unstable' : 'marginal';
    const startedOn = addDays(identifiedOn, -12);
    await tx.insert(monitoringCases).values({
      id,
      countyCode,
      householdId: h.id,
      status: 'eliminated',
      category,
      riskTypes: ['illness'],
      startedOn,
      dueOn: addDays(startedOn, 15),
      identifiedOn,
      incomeAtIdentification: '6200.00',
      planGoal: '落实健康帮扶，稳定务工收入，确保收入稳定高于监测线',
      planUpdatedOn: identifiedOn,
      contactUserId: helpCadre.id,
      eliminatedOn,
      eliminationMethod: 'assisted',
      createdAt: now,
      updatedAt: now,
    });
    for (const [k, step] of identificationSteps.entries()) {
      const day = addDays(startedOn, Math.min(k * 2, 12));
      await addStep(
        id,
        'identification',
        1,
        step,
        day,
        step === 'village_review' ? { postedFrom: addDays(day, -5), postedTo: addDays(day, -1) } : {},
      );
    }
    await addEvent(id, h.id, 'opened', startedOn, 'identifying', null);
    await addEvent(id, h.id, 'included', identifiedOn, 'monitored', category);
    await insertMeasure({ id, householdId: h.id }, h.householdNumber, {
      type: 'health',
      riskType: 'illness',
      content: measureForRisk.illness.content,
      startOn: identifiedOn,
      dueOn: addDays(identifiedOn, 60),
      status: 'done',
      completedOn: addDays(identifiedOn, 45),
      amount: 3500,
    });
    await insertMeasure({ id, householdId: h.id }, h.householdNumber, {
      type: 'employment',
      riskType: 'illness',
      content: '推荐配偶到安置点帮扶车间就业',
      startOn: identifiedOn,
      dueOn: addDays(identifiedOn, 90),
      status: 'done',
      completedOn: addDays(identifiedOn, 70),
    });
    const visit = addDays(eliminatedOn, -14);
    await addStep(id, 'elimination', 1, 'elimination_visit', visit, { participants: [cadreName, '村两委干部钟明'] });
    await addStep(id, 'elimination', 1, 'elimination_village_review', addDays(visit, 7), {
      postedFrom: addDays(visit, 1),
      postedTo: addDays(visit, 6),
    });
    await addStep(id, 'elimination', 1, 'elimination_township_review', addDays(visit, 10));
    await addStep(id, 'elimination', 1, 'elimination_county_approval', eliminatedOn);
    await addEvent(
      id,
      h.id,
      'eliminated',
      eliminatedOn,
      'eliminated',
      category,
      '收入稳定，两不愁三保障及饮水安全有保障',
    );
    return { id, category };
  };

  // Revisits for every month of the stability window (unchanged answers) where the revisits demo left a gap.
  for (const h of chosen) {
    for (const month of window) {
      await tx
        .insert(revisits)
        .values({
          countyCode,
          householdId: h.id,
          month,
          visitDate: `${month}-16`,
          method: '入户',
          visitorId: helpCadre.id,
          visitorName: cadreName,
          siteId: h.siteId,
          townshipCode: h.townshipCode,
          changes: Object.fromEntries(
            ['householdSize', 'health', 'industry', 'employment', 'income'].map((k) => [k, { changed: false }]),
          ),
          situations: Object.fromEntries(
            ['policies', 'pairing', 'integration', 'demands', 'suddenHardship'].map((k) => [k, { changed: false }]),
          ),
          riskSignals: [],
          registryChanges: [],
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing();
    }
  }

  const [eliminated, rolledBack, reflagged] = chosen as [
    (typeof chosen)[number],
    (typeof chosen)[number],
    (typeof chosen)[number],
  ];
  // a) Eliminated a month ago, identified eight months ago: every condition met.
  await eliminatedCase(eliminated, addMonthsToDate(today, -8), addDays(today, -30));

  // b) Eliminated, then rolled back by the county (new round open, an overdue measure).
  const back = await eliminatedCase(rolledBack, addMonthsToDate(today, -9), addDays(today, -40));
  const backOn = addDays(today, -12);
  await tx
    .update(monitoringCases)
    .set({ status: 'monitored', eliminatedOn: null, eliminationMethod: null, eliminationRound: 2, version: 2 })
    .where(eq(monitoringCases.id, back.id));
  await addEvent(
    back.id,
    rolledBack.id,
    'rolled_back',
    backOn,
    'monitored',
    back.category,
    '县级抽查发现配偶务工收入中断，收入不稳定',
  );
  await tx
    .update(households)
    .set({ monitoringStatus: monitoringCategoryLabels[back.category] })
    .where(eq(households.id, rolledBack.id));
  await insertMeasure({ id: back.id, householdId: rolledBack.id }, rolledBack.householdNumber, {
    type: 'employment',
    riskType: 'illness',
    content: '联系就业帮扶车间重新安排岗位',
    startOn: backOn,
    dueOn: addDays(today, -2),
    status: 'planned',
  });

  // c) Eliminated five months ago, at risk again: re-flagged into a new identification.
  const old = await eliminatedCase(reflagged, addMonthsToDate(today, -14), addMonthsToDate(today, -5));
  const newId = uuidv7();
  const clueId = uuidv7();
  const flaggedOn = addDays(today, -5);
  await tx.insert(monitoringClues).values({
    id: clueId,
    countyCode,
    householdId: reflagged.id,
    source: 'screening',
    sourceRef: `reflag:${newId}`,
    reason: '再标注：户主突发疾病住院，医疗支出较大',
    riskTypes: ['illness'],
    details: { previousCaseId: old.id },
    reportedOn: flaggedOn,
    reportedBy: helpCadre.id,
    reportedByName: cadreName,
    status: 'in_identification',
    caseId: newId,
    createdAt: now,
    updatedAt: now,
  });
  await tx.insert(monitoringCases).values({
    id: newId,
    countyCode,
    householdId: reflagged.id,
    clueId,
    previousCaseId: old.id,
    status: 'identifying',
    riskTypes: ['illness'],
    startedOn: flaggedOn,
    dueOn: addDays(flaggedOn, 15),
    contactUserId: helpCadre.id,
    createdAt: now,
    updatedAt: now,
  });
  await addEvent(newId, reflagged.id, 'reflagged', flaggedOn, 'identifying', null, '户主突发疾病住院，医疗支出较大');

  audit.entity('demo', 'monitoring-help', null, {
    measures: measuresCreated,
    inbox: inboxPosted,
    eliminated: eliminated.householdNumber,
    rolledBack: rolledBack.householdNumber,
    reflagged: reflagged.householdNumber,
  });
}
