import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import {
  identificationSteps,
  monitoringCategoryLabels,
  type ClueSource,
  type IdentificationStep,
  type MonitoringCategory,
  type RiskType,
} from '@anzhi/contracts/monitoring-vocabulary';
import { uuidv7 } from '@anzhi/domain/ids';
import { addDays, localDate } from '@anzhi/domain/periods';
import type { Tx } from '../db/client';
import {
  monitoringCaseEvents,
  monitoringCaseSteps,
  monitoringCases,
  monitoringClues,
} from '../modules/monitoring/monitoring.table';
import { householdMembers, households, persons } from '../modules/registry/registry.table';
import { revisits } from '../modules/revisits/revisits.table';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import type { DemoUser } from './platform-demo';

/*
 * 防返贫监测 identification for the demo (M1): clues from every source (a revisit, a self-declaration, a screening,
 * a department warning), open and dismissed; cases at every identification step (one late, one at risk against the
 * 15-day clock), one not included; every household the registry marks as 三类人员 included with a compatible
 * category after the full procedure. M2's help demo (monitoring-help-demo.ts) adds plans, measures and
 * eliminations to the monitored cases made here — keep it after this one in seed.ts.
 */

type DemoDeps = Pick<Deps, 'clock' | 'config' | 'cipher'>;

const categoryOfStatus: Record<string, MonitoringCategory> = {
  脱贫不稳定户: 'unstable',
  边缘易致贫户: 'marginal',
  突发严重困难户: 'sudden',
};

const riskCycle: RiskType[][] = [
  ['illness'],
  ['unstable_employment'],
  ['illness', 'disability'],
  ['education'],
  ['disaster'],
  ['lack_of_labour'],
  ['accident'],
  ['industry_failure'],
];
const sourceCycle: ClueSource[] = ['revisit', 'self_declaration', 'screening', 'department_warning'];
const reasonOf: Record<ClueSource, (risks: RiskType[]) => string> = {
  revisit: (r) => (r.includes('illness') ? '回访"身体状况"：患大病' : '回访"就业务工"：失业'),
  self_declaration: () => '农户自主申报：家庭收入骤减，生活困难',
  screening: () => '干部排查：家中主要劳动力务工收入不稳定',
  department_warning: () => '部门数据预警：医保自付费用较大',
};

const stepRole: Record<IdentificationStep, string> = {
  household_verification: '安置点工作人员',
  information_check: '安置点工作人员',
  village_review: '社区居委会',
  township_review: '乡镇人民政府',
  county_approval: '县乡村振兴局',
  announcement: '县乡村振兴局',
  registration: '县乡村振兴局',
};

export interface MonitoringDemoResult {
  clues: number;
  cases: number;
  included: number;
  identifying: number;
}

export async function loadMonitoringDemo(
  tx: Tx,
  deps: DemoDeps,
  audit: AuditRecorder,
  loaded: readonly DemoUser[],
): Promise<MonitoringDemoResult> {
  const today = localDate(deps.clock.now());
  const now = deps.clock.now();
  const countyCode = deps.config.countyCode;
  const reporter = loaded.find((u) => u.role === 'site_manager') ?? loaded[0]!;
  let clueCount = 0;
  let caseCount = 0;
  let included = 0;
  let identifying = 0;

  const heads = (status: 'monitored' | 'not') =>
    tx
      .select({
        id: households.id,
        householdNumber: households.householdNumber,
        category: households.category,
        monitoringStatus: households.monitoringStatus,
        headId: persons.id,
        headName: persons.name,
      })
      .from(households)
      .innerJoin(
        householdMembers,
        and(
          eq(householdMembers.householdId, households.id),
          eq(householdMembers.relation, '户主'),
          isNull(householdMembers.validTo),
        ),
      )
      .innerJoin(persons, eq(persons.id, householdMembers.personId))
      .where(
        and(
          eq(households.countyCode, countyCode),
          isNull(households.deletedAt),
          eq(households.status, 'active'),
          isNotNull(households.siteId),
          status === 'monitored'
            ? sql`${households.monitoringStatus} in ('脱贫不稳定户', '边缘易致贫户', '突发严重困难户')`
            : eq(households.monitoringStatus, '未纳入监测'),
          sql`not exists (select 1 from ${monitoringCases} where ${monitoringCases.householdId} = ${households.id})`,
        ),
      )
      .orderBy(asc(households.householdNumber));
  type Head = Awaited<ReturnType<typeof heads>>[number];

  const addClue = async (
    h: Head,
    source: ClueSource,
    risks: RiskType[],
    reportedOn: string,
    status: (typeof monitoringClues.$inferInsert)['status'],
    caseId: string | null,
    extra: Partial<typeof monitoringClues.$inferInsert> = {},
  ) => {
    const id = uuidv7();
    let sourceRef: string | null = `demo:${id}`;
    if (source === 'revisit') {
      const [r] = await tx
        .select({ id: revisits.id })
        .from(revisits)
        .where(eq(revisits.householdId, h.id))
        .orderBy(asc(revisits.visitDate))
        .limit(1);
      sourceRef = r ? `${r.id}:${risks.includes('illness') ? 'serious_illness' : 'job_lost'}` : sourceRef;
    }
    await tx.insert(monitoringClues).values({
      id,
      countyCode,
      householdId: h.id,
      source,
      sourceRef,
      reason: reasonOf[source](risks),
      riskTypes: risks,
      details: { demo: true },
      ...(source === 'self_declaration'
        ? {
            declarantName: h.headName,
            declarantPhoneEnc: deps.cipher.encrypt(`139${String(7000_0000 + clueCount * 37).padStart(8, '0')}`),
            declarantPersonId: h.headId,
          }
        : {}),
      reportedOn,
      reportedBy: reporter.id,
      reportedByName: '演示数据',
      status,
      caseId,
      createdAt: now,
      updatedAt: now,
      ...extra,
    });
    clueCount += 1;
    return id;
  };

  const addEvent = (
    caseId: string,
    householdId: string,
    kind: (typeof monitoringCaseEvents.$inferInsert)['kind'],
    eventDate: string,
    status: (typeof monitoringCaseEvents.$inferInsert)['status'],
    category: MonitoringCategory | null = null,
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

  /**
   * A case started on `startedOn` with the first `stepsDone` identification steps passed (a day or two apart);
   * `result` closes it (included with a category, or not included at the given step).
   */
  const makeCase = async (
    h: Head,
    n: number,
    startedOn: string,
    stepsDone: number,
    result: { included: MonitoringCategory } | { notIncluded: string } | null,
  ) => {
    const id = uuidv7();
    const risks = riskCycle[n % riskCycle.length]!;
    const source = sourceCycle[n % sourceCycle.length]!;
    const clueStatus = result ? 'closed' : 'in_identification';
    const clueId = await addClue(h, source, risks, startedOn, clueStatus, id);
    const steps = identificationSteps.slice(0, result && 'included' in result ? 7 : stepsDone);
    const dates = steps.map((_, i) => addDays(startedOn, Math.min(i * 2 + 1, 14)));
    const lastDate = dates.at(-1) ?? startedOn;
    const failedOn = addDays(lastDate, 1);
    const identifiedOn = result ? ('included' in result ? lastDate : failedOn) : null;
    const category = result && 'included' in result ? result.included : null;
    await tx.insert(monitoringCases).values({
      id,
      countyCode,
      householdId: h.id,
      clueId,
      status: result ? ('included' in result ? 'monitored' : 'not_included') : 'identifying',
      category,
      riskTypes: risks,
      disasterKind: risks.includes('disaster') ? 'flood' : null,
      riskFlags: [],
      startedOn,
      dueOn: addDays(startedOn, 15),
      identifiedOn,
      notIncludedReason: result && 'notIncluded' in result ? result.notIncluded : null,
      incomeAtIdentification: category ? String(5200 + (n % 7) * 300) : null,
      createdAt: now,
      updatedAt: now,
    });
    for (const [i, step] of steps.entries()) {
      const date = dates[i]!;
      await tx.insert(monitoringCaseSteps).values({
        caseId: id,
        stage: 'identification',
        step,
        stepDate: date,
        outcome: 'passed',
        note: step === 'household_verification' ? '入户核实情况属实，户主签字承诺并授权查询' : null,
        participants: step === 'household_verification' ? ['刘志强', '钟丽华'] : [],
        postedFrom: step === 'village_review' ? addDays(date, -5) : null,
        postedTo: step === 'village_review' ? addDays(date, -1) : null,
        actorName: stepRole[step],
        createdAt: now,
      });
    }
    if (result && 'notIncluded' in result) {
      await tx.insert(monitoringCaseSteps).values({
        caseId: id,
        stage: 'identification',
        step: identificationSteps[steps.length]!,
        stepDate: failedOn,
        outcome: 'failed',
        note: result.notIncluded,
        actorName: stepRole[identificationSteps[steps.length]!],
        createdAt: now,
      });
    }
    await addEvent(id, h.id, 'opened', startedOn, 'identifying');
    if (category) {
      await addEvent(id, h.id, 'included', identifiedOn!, 'monitored', category);
      await tx
        .update(households)
        .set({ monitoringStatus: monitoringCategoryLabels[category] })
        .where(eq(households.id, h.id));
      included += 1;
    } else if (result && 'notIncluded' in result)
      await addEvent(id, h.id, 'not_included', identifiedOn!, 'not_included', null, result.notIncluded);
    else identifying += 1;
    caseCount += 1;
    return id;
  };

  // 1. Every household the registry marks as 三类人员: included after the full procedure, months ago.
  const marked = await heads('monitored');
  for (const [n, h] of marked.entries()) {
    const category = categoryOfStatus[h.monitoringStatus]!;
    await makeCase(h, n, addDays(today, -(60 + (n % 9) * 30)), 7, { included: category });
  }

  // 2. Households not monitored: new cases at every step, a not-included one, new inclusions, open clues.
  const pool = await heads('not');
  let next = 0;
  const take = () => pool[next++];
  for (let k = 0; k < identificationSteps.length; k += 1) {
    const h = take();
    if (!h) break;
    // Step k next; the case for step 2 is late (started 20 days ago), the one for step 5 at risk (2 days left).
    const startedOn = k === 2 ? addDays(today, -20) : k === 5 ? addDays(today, -13) : addDays(today, -(k + 2));
    await makeCase(h, k, startedOn, k, null);
  }
  const notIncluded = take();
  if (notIncluded)
    await makeCase(notIncluded, 3, addDays(today, -30), 2, {
      notIncluded: '村级评议认为家庭收入稳定，高于监测线，不予纳入',
    });
  // One new inclusion per category, compatible with the household's 户类别.
  for (const category of ['unstable', 'marginal', 'sudden'] as const) {
    const idx = pool.findIndex(
      (h, i) =>
        i >= next &&
        (category === 'sudden' ||
          (category === 'unstable' ? h.category === '搬迁脱贫户' : h.category === '同步搬迁户')),
    );
    if (idx < 0) continue;
    const [h] = pool.splice(idx, 1);
    await makeCase(h!, idx, addDays(today, -40), 7, { included: category });
  }
  // Open clues from every source, and a dismissed one.
  for (const [i, source] of sourceCycle.entries()) {
    const h = take();
    if (!h) break;
    await addClue(h, source, riskCycle[i]!, addDays(today, -i), 'open', null);
  }
  const dismissed = take();
  if (dismissed)
    await addClue(dismissed, 'screening', ['unstable_employment'], addDays(today, -10), 'dismissed', null, {
      dismissedReason: '核实后已在帮扶车间稳定就业，排除',
    });

  const result = { clues: clueCount, cases: caseCount, included, identifying };
  audit.entity('demo', 'monitoring', null, { ...result });
  return result;
}
