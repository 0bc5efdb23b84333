import type { Plan } from '@anzhi/contracts/supervision';
import { planStatusLabels } from '@anzhi/contracts/supervision';
import { Select } from 'antd';

/** The plan shown by default: the published plan of the latest year, else the latest plan. */
export function defaultPlan(plans: readonly Plan[] | undefined): Plan | undefined {
  if (!plans?.length) return undefined;
  return plans.find((p) => p.status === 'published') ?? plans[0];
}

export function PlanSelect(props: {
  plans: readonly Plan[];
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  return (
    <Select
      style={{ minWidth: 420 }}
      value={props.value}
      onChange={props.onChange}
      data-testid="plan-select"
      options={props.plans.map((p) => ({
        value: p.id,
        label: `${p.title}（${planStatusLabels[p.status]}，${p.itemCount} 项）`,
      }))}
    />
  );
}
