import type { RuleParameterDescriptor } from '@anzhi/contracts/rules';
import { Space, Typography } from 'antd';

/** A parameter value as users read it: 是/否 for switches, numbers as they are. */
export function formatParameterValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (value === undefined || value === null) return '—';
  return JSON.stringify(value);
}

export interface ParameterValuesProps {
  descriptors: readonly RuleParameterDescriptor[];
  values: Record<string, unknown>;
  /** Parameters whose value differs from this set are highlighted (e.g. the defaults). */
  compareWith?: Record<string, unknown>;
}

/** "label：value" per parameter, in the rule's order. */
export function ParameterValues({ descriptors, values, compareWith }: ParameterValuesProps) {
  if (descriptors.length === 0) return <Typography.Text type="secondary">无参数</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {descriptors.map((d) => {
        const value = values[d.key];
        const changed = compareWith !== undefined && JSON.stringify(compareWith[d.key]) !== JSON.stringify(value);
        return (
          <span key={d.key} data-testid={`rule-param-${d.key}`}>
            <Typography.Text type="secondary">{d.label}：</Typography.Text>
            <Typography.Text
              strong={changed}
              title={changed ? `默认值：${formatParameterValue(d.default)}` : undefined}
            >
              {formatParameterValue(value)}
            </Typography.Text>
          </span>
        );
      })}
    </Space>
  );
}
