import { RuleListSchema, RuleParameterHistorySchema, RuleParameterSetSchema } from '@anzhi/contracts/rules';
import type { Rule, RuleParameterHistory, RuleParameterSet, RuleParametersUpdateInput } from '@anzhi/contracts/rules';
import { apiRequest } from '../../api/client';

export const ruleKeys = {
  all: ['rules'] as const,
  history: (ruleId: string) => ['rules', ruleId, 'parameters'] as const,
};

export async function fetchRules(): Promise<Rule[]> {
  return (await apiRequest('/rules', RuleListSchema)).items;
}

export function fetchRuleHistory(ruleId: string): Promise<RuleParameterHistory> {
  return apiRequest(`/rules/${encodeURIComponent(ruleId)}/parameters`, RuleParameterHistorySchema);
}

export function updateRuleParameters(ruleId: string, input: RuleParametersUpdateInput): Promise<RuleParameterSet> {
  return apiRequest(`/rules/${encodeURIComponent(ruleId)}/parameters`, RuleParameterSetSchema, {
    method: 'PUT',
    body: input,
  });
}
