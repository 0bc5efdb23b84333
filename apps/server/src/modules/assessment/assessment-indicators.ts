import { chiefReportsIndicator, chiefVisitsIndicator } from '../chiefs/chief-indicators';
import type { AssessmentIndicatorDef } from './indicator';
import { revisitCompletionIndicator } from './indicators/revisit-completion';
import { taskOnTimeIndicator } from './indicators/task-on-time';

/** Every assessment indicator of this deployment (§27). Features add theirs here. */
export const assessmentIndicators: readonly AssessmentIndicatorDef[] = [
  taskOnTimeIndicator,
  chiefVisitsIndicator,
  chiefReportsIndicator,
  revisitCompletionIndicator,
];

export function findIndicator(id: string): AssessmentIndicatorDef | undefined {
  return assessmentIndicators.find((i) => i.id === id);
}
