import { ruleSourceLabels, type Rule, type RuleParameterSet, type RuleRunDto } from '@anzhi/contracts/rules';
import { defaultParameters, describeParameters, type AnyRule } from '@anzhi/domain/rules/registry';
import type { RuleParameterSetWithAuthor, RuleRunRow } from './rules.repository';
import type { CurrentParameters } from './rules.service';

export function presentParameterSet(row: RuleParameterSetWithAuthor): RuleParameterSet {
  return {
    ruleId: row.ruleId,
    version: row.version,
    parameters: row.parameters,
    ruleVersion: row.ruleVersion,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    createdByName: row.createdByName,
  };
}

/** Version 0: the rule's defaults, nothing stored. */
export function presentDefaultSet(rule: AnyRule): RuleParameterSet {
  return {
    ruleId: rule.id,
    version: 0,
    parameters: defaultParameters(rule),
    ruleVersion: null,
    note: null,
    createdAt: null,
    createdByName: null,
  };
}

export function presentRule(rule: AnyRule, current: CurrentParameters, canConfigure: boolean): Rule {
  return {
    id: rule.id,
    title: rule.title,
    clause: rule.clause,
    listRows: [...rule.listRows],
    source: rule.source,
    sourceLabel: ruleSourceLabels[rule.source],
    version: rule.version,
    kind: rule.kind,
    period: rule.period,
    scope: rule.scope,
    parameterList: describeParameters(rule.parameters),
    current: current.stored
      ? { ...presentParameterSet(current.stored), parameters: current.parameters }
      : presentDefaultSet(rule),
    abilities: { configure: canConfigure },
  };
}

export function presentRun(row: RuleRunRow): RuleRunDto {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleVersion: row.ruleVersion,
    parameterVersion: row.parameterVersion,
    parameters: row.parameters,
    periodKey: row.periodKey,
    scopeKey: row.scopeKey,
    evaluatedAt: row.evaluatedAt.toISOString(),
    summary: row.summary,
  };
}
