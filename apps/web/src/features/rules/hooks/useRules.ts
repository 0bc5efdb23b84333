import type { RuleParametersUpdateInput } from '@anzhi/contracts/rules';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchRuleHistory, fetchRules, ruleKeys, updateRuleParameters } from '../api';

/** The registered rules with their current parameters (a short list: loaded whole). */
export function useRules() {
  return useQuery({ queryKey: ruleKeys.all, queryFn: fetchRules, meta: { inlineError: true } });
}

export function useRuleHistory(ruleId: string) {
  return useQuery({
    queryKey: ruleKeys.history(ruleId),
    queryFn: () => fetchRuleHistory(ruleId),
    meta: { inlineError: true },
  });
}

export function useUpdateRuleParameters(ruleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RuleParametersUpdateInput) => updateRuleParameters(ruleId, input),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}
