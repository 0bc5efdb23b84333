import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useUsers } from '../hooks/useUsers';

export interface UserSelectProps {
  value?: string | null;
  onChange?: (userId: string | null) => void;
  /** Left out of the options (e.g. the user handing over). */
  excludeId?: string;
  placeholder?: string;
  'data-testid'?: string;
}

/** Picks an active user, searching by name, username or phone number on the server. */
export function UserSelect({
  value,
  onChange,
  excludeId,
  placeholder = '输入姓名、用户名或手机号搜索',
  ...rest
}: UserSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const users = useUsers({ q: q === '' ? undefined : q, active: 'true', page: 1, pageSize: 20 });
  const options = (users.data?.items ?? [])
    .filter((u) => u.id !== excludeId)
    .map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));

  return (
    <Select<string | null>
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={users.isFetching}
      notFoundContent={users.isError ? '用户加载失败' : '没有匹配的用户'}
      placeholder={placeholder}
      allowClear
      data-testid={rest['data-testid']}
    />
  );
}
