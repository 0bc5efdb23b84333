import { chiefKindLabels, chiefKinds, type ChiefKind } from '@anzhi/contracts/chiefs';
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDeferredValue, useState } from 'react';
import { FormModal } from '../../../components/FormModal';
import { fetchUsers, userKeys } from '../../users/api';
import { SiteSelect } from '../../sites/components/SiteSelect';
import { useCreateAssignment } from '../hooks/useChiefs';

interface AssignmentFormValues {
  kind: ChiefKind;
  userId: string;
  siteId?: string | null;
  from: Dayjs;
  to?: Dayjs | null;
}

/** 任命点长/总点长: the plan's default duties are filled in and can be edited afterwards. */
export function AssignmentFormModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<AssignmentFormValues>();
  const mutation = useCreateAssignment();
  const kind = Form.useWatch('kind', form);
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const query = { q: q === '' ? undefined : q, page: 1, pageSize: 30 };
  const users = useQuery({ queryKey: userKeys.list(query), queryFn: ({ signal }) => fetchUsers(query, signal) });
  return (
    <FormModal<AssignmentFormValues>
      form={form}
      title="任命点长或总点长"
      okText="任命"
      mutation={mutation}
      initialValues={{ kind: 'site_chief', from: dayjs() }}
      onClose={onClose}
      intro="任命会沿用（或新建）该人员对应的角色分配；职责默认取自实施方案第 1 条，可在任命后修改。"
      onFinish={(v) =>
        mutation.mutate(
          {
            id: crypto.randomUUID(),
            kind: v.kind,
            userId: v.userId,
            siteId: v.kind === 'site_chief' ? (v.siteId ?? null) : null,
            from: v.from.format('YYYY-MM-DD'),
            to: v.to ? v.to.format('YYYY-MM-DD') : null,
          },
          { onSuccess: onClose },
        )
      }
    >
      <Form.Item name="kind" label="任命">
        <Select options={chiefKinds.map((k) => ({ value: k, label: chiefKindLabels[k] }))} />
      </Form.Item>
      <Form.Item name="userId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          loading={users.isFetching}
          options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
          placeholder="输入姓名或用户名搜索"
        />
      </Form.Item>
      {kind !== 'county_chief' && (
        <Form.Item name="siteId" label="安置点" rules={[{ required: true, message: '请选择安置点' }]}>
          <SiteSelect />
        </Form.Item>
      )}
      <Form.Item name="from" label="任期开始" rules={[{ required: true, message: '请选择开始日期' }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="to" label="任期结束（可不填）">
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}
