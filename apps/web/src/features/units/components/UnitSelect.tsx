import { unitKindLabels, unitKinds } from '@anzhi/contracts/org';
import { Select } from 'antd';
import { useUnits } from '../hooks/useUnits';

export interface UnitSelectProps {
  value?: string | null;
  onChange?: (unitId: string | null) => void;
  placeholder?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

/** Picks an active unit, grouped by kind; aliases are searchable too. */
export function UnitSelect({ value, onChange, placeholder = '请选择单位', disabled, ...rest }: UnitSelectProps) {
  const units = useUnits();
  const active = (units.data ?? []).filter((u) => u.active);
  const groups = unitKinds
    .map((kind) => ({
      label: unitKindLabels[kind],
      title: unitKindLabels[kind],
      options: active
        .filter((u) => u.kind === kind)
        .map((u) => ({ value: u.id, label: u.name, search: [u.name, ...u.aliases].join(' ') })),
    }))
    .filter((g) => g.options.length > 0);

  return (
    <Select<string | null>
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      showSearch={{ optionFilterProp: 'search' }}
      options={groups}
      loading={units.isPending}
      notFoundContent={units.isError ? '单位加载失败' : '没有匹配的单位'}
      placeholder={placeholder}
      allowClear
      disabled={disabled}
      data-testid={rest['data-testid']}
    />
  );
}
