import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useSites } from '../hooks/useSites';

export interface SiteSelectProps {
  value?: string | null;
  onChange?: (siteId: string | null) => void;
  placeholder?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

/** Picks one of the sites in the viewer's scope, searching by name on the server. */
export function SiteSelect({ value, onChange, placeholder = '请选择安置点', disabled, ...rest }: SiteSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const sites = useSites({ q: q === '' ? undefined : q, status: 'active', page: 1, pageSize: 50 });

  return (
    <Select<string | null>
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.townshipName}）` }))}
      loading={sites.isFetching}
      notFoundContent={sites.isError ? '安置点加载失败' : '没有匹配的安置点'}
      placeholder={placeholder}
      allowClear
      disabled={disabled}
      onClear={() => setSearch('')}
      data-testid={rest['data-testid']}
    />
  );
}
