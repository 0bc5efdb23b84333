import type { AssessmentIndicatorDef } from '../indicator';

/**
 * Monthly revisit completion (§3, L6, R04). The monthly revisit cycle is not built yet: the slot exists
 * with its weight so the settings can be prepared, and it shows as 数据尚未接入 (not as zero) until the
 * revisit feature replaces `compute` and sets `available`.
 */
export const revisitCompletionIndicator: AssessmentIndicatorDef = {
  id: 'revisit_completion',
  name: '每月回访完成率',
  description: '搬迁户每月至少回访 1 次的完成情况（数据尚未接入：每月回访功能上线后自动计入）',
  unitKinds: ['township', 'unit'],
  defaultWeight: 10,
  available: false,
  compute: () => Promise.resolve([]),
};
