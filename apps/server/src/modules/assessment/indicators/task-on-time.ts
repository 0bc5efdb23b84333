import { and, asc, eq, gte, lt, lte } from 'drizzle-orm';
import { parsePeriodKey } from '@anzhi/domain/periods';
import { divisions, units } from '../../org/org.table';
import { planItems, taskInstances } from '../../supervision/supervision.table';
import { UnitTally, type AssessmentIndicatorDef } from '../indicator';

/**
 * On-time rate of the responsibility list's instances (part A's task instances): among instances of the
 * year whose due instant has passed, the share first submitted before it. A township's own party unit
 * answers as the township; every other unit as itself.
 */
export const taskOnTimeIndicator: AssessmentIndicatorDef = {
  id: 'task_on_time',
  name: '责任清单按时完成率',
  description: '本年已到期的责任清单任务中，在截止时间前首次报送的占比',
  unitKinds: ['township', 'unit'],
  defaultWeight: 40,
  available: true,
  async compute(deps, ctx) {
    const year = parsePeriodKey(String(ctx.year));
    const rows = await deps.db
      .select({
        id: taskInstances.id,
        periodKey: taskInstances.periodKey,
        dueAt: taskInstances.dueAt,
        firstSubmittedAt: taskInstances.firstSubmittedAt,
        rowNo: planItems.rowNo,
        unitId: units.id,
        unitName: units.name,
        unitKind: units.kind,
        divisionCode: units.divisionCode,
        townshipName: divisions.name,
      })
      .from(taskInstances)
      .innerJoin(planItems, eq(planItems.id, taskInstances.itemId))
      .innerJoin(units, eq(units.id, taskInstances.partyUnitId))
      .leftJoin(divisions, eq(divisions.code, units.divisionCode))
      .where(
        and(gte(taskInstances.dueAt, year.start), lt(taskInstances.dueAt, year.end), lte(taskInstances.dueAt, ctx.now)),
      )
      .orderBy(asc(taskInstances.dueAt), asc(planItems.rowNo), asc(taskInstances.id));
    const tally = new UnitTally();
    for (const r of rows) {
      const onTime = r.firstSubmittedAt !== null && r.firstSubmittedAt.getTime() < r.dueAt.getTime();
      const owner =
        r.unitKind === 'township' && r.divisionCode
          ? { kind: 'township' as const, key: r.divisionCode, name: r.townshipName ?? r.unitName }
          : { kind: 'unit' as const, key: r.unitId, name: r.unitName };
      tally.add(owner, onTime, {
        label: `清单第 ${r.rowNo} 项 ${r.periodKey}`,
        outcome: onTime ? 'met' : 'not_met',
        detail: r.firstSubmittedAt ? (onTime ? '按时报送' : '逾期报送') : '到期未报送',
        ref: { type: 'task_instance', id: r.id },
      });
    }
    return tally.scores((met, total) => ({ met, total }));
  },
};
