import { uuidv7 } from '@anzhi/domain/ids';
import type { Clue, ClueInput } from '@anzhi/contracts/monitoring';
import {
  clueSourceLabels,
  clueSources,
  clueStatusLabels,
  clueStatuses,
  riskTypeLabels,
  riskTypes,
  type ClueSource,
  type ClueStatus,
} from '@anzhi/contracts/monitoring-vocabulary';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { notifyError, notifySuccess } from '../../api/feedback';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DivisionSelect } from '../../components/DivisionSelect';
import { useUrlFilters } from '../../components/useUrlFilters';
import { useCurrentMe } from '../auth/hooks/useCurrentMe';
import { fetchHouseholds } from '../registry/api';
import { SiteSelect } from '../sites/components/SiteSelect';
import { dismissClue, monitoringKeys, recordClue, startCase, useClues } from './api';

const statusColor: Record<ClueStatus, string> = {
  open: 'orange',
  in_identification: 'blue',
  attached: 'geekblue',
  dismissed: 'default',
  closed: 'green',
};

/** Household search by 户编号 or 户主姓名 (the registry list, in the caller's scope). */
function HouseholdSearch({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['monitoring', 'household-search', q],
    queryFn: ({ signal }) => fetchHouseholds({ q, pageSize: 20 }, signal),
    enabled: q.length > 0,
  });
  return (
    <Select
      showSearch
      aria-label="搬迁户"
      placeholder="输入户编号或户主姓名"
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((h) => ({
        value: h.id,
        label: `${h.householdNumber} ${h.headName ?? ''} ${h.siteName ?? ''}`,
      }))}
    />
  );
}

interface FormValues {
  source: 'self_declaration' | 'screening';
  householdId?: string;
  reportedOn: dayjs.Dayjs;
  hardship: string;
  riskTypes: string[];
  declarantName?: string;
  declarantPhone?: string;
  declarantIdNumber?: string;
}

/** 登记线索: a household's self-declaration (recorded by a cadre) or a cadre's screening. */
function ClueFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const id = useMemo(() => (open ? uuidv7() : ''), [open]);
  const source = Form.useWatch('source', form);
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const input: ClueInput = {
        id,
        source: v.source,
        ...(v.householdId ? { householdId: v.householdId } : {}),
        reportedOn: v.reportedOn.format('YYYY-MM-DD'),
        hardship: v.hardship,
        riskTypes: v.riskTypes as ClueInput['riskTypes'],
        ...(v.source === 'self_declaration'
          ? {
              declarant: {
                name: v.declarantName ?? '',
                ...(v.declarantPhone ? { phone: v.declarantPhone } : {}),
                ...(v.declarantIdNumber ? { idNumber: v.declarantIdNumber } : {}),
              },
            }
          : {}),
      };
      return recordClue(input);
    },
    onSuccess: async () => {
      notifySuccess('线索已登记');
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      title="登记风险线索"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="登记"
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <ApiErrorAlert error={save.error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ source: 'self_declaration', reportedOn: dayjs(), riskTypes: [] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="source" label="来源">
          <Radio.Group
            options={(['self_declaration', 'screening'] as const).map((s) => ({
              value: s,
              label: clueSourceLabels[s],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="householdId"
          label="搬迁户"
          extra={source === 'self_declaration' ? '也可只填申报人身份证号码，系统自动匹配所在户' : undefined}
          rules={source === 'screening' ? [{ required: true, message: '请选择搬迁户' }] : []}
        >
          <HouseholdSearch />
        </Form.Item>
        {source === 'self_declaration' && (
          <Space wrap>
            <Form.Item
              name="declarantName"
              label="申报人姓名"
              rules={[{ required: true, message: '请填写申报人姓名' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="declarantPhone" label="联系电话">
              <Input />
            </Form.Item>
            <Form.Item name="declarantIdNumber" label="身份证号码">
              <Input />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="reportedOn" label="发现日期" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="hardship" label="困难情况" rules={[{ required: true, message: '请填写困难情况' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="riskTypes" label="风险类型（最多 5 项）">
          <Select
            mode="multiple"
            maxCount={5}
            options={riskTypes.map((r) => ({ value: r, label: riskTypeLabels[r] }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** `/monitoring/clues`: 风险线索 with filters; start identification or dismiss with a reason. */
export function CluesPage() {
  const me = useCurrentMe();
  const canWrite = me.permissions.includes('monitoring.clue.write');
  const { params, update, paging } = useUrlFilters();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [dismissing, setDismissing] = useState<Clue | null>(null);
  const [reason, setReason] = useState('');
  const q = {
    status: params.get('status') ?? undefined,
    source: params.get('source') ?? undefined,
    month: params.get('month') ?? undefined,
    townshipCode: params.get('townshipCode') ?? undefined,
    siteId: params.get('siteId') ?? undefined,
    householdId: params.get('householdId') ?? undefined,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const list = useClues(q);
  const start = useMutation({
    mutationFn: (clue: Clue) => startCase(uuidv7(), clue.id),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
      void navigate(`/monitoring/cases/${c.id}`);
    },
    onError: notifyError,
  });
  const dismiss = useMutation({
    mutationFn: () => dismissClue(dismissing!.id, reason),
    onSuccess: async () => {
      notifySuccess('线索已排除');
      setDismissing(null);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
    },
    onError: notifyError,
  });

  const columns: TableColumnsType<Clue> = [
    { title: '发现日期', dataIndex: 'reportedOn', width: 110 },
    { title: '户编号', dataIndex: 'householdNumber', width: 160 },
    { title: '户主', dataIndex: 'headName', width: 90 },
    { title: '安置点', dataIndex: 'siteName', width: 140, render: (s: string | null) => s ?? '分散安置' },
    { title: '来源', dataIndex: 'source', width: 120, render: (s: ClueSource) => clueSourceLabels[s] },
    { title: '线索内容', dataIndex: 'reason', render: (r: string) => <span data-testid="clue-reason">{r}</span> },
    {
      title: '风险类型',
      dataIndex: 'riskTypes',
      width: 140,
      render: (rs: Clue['riskTypes']) => rs.map((r) => riskTypeLabels[r]).join('、') || '—',
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 120,
      render: (s: ClueStatus, r) => (
        <Space direction="vertical" size={0}>
          <Tag color={statusColor[s]}>{clueStatusLabels[s]}</Tag>
          {r.dismissedReason && <Typography.Text type="secondary">{r.dismissedReason}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 160,
      render: (_, r) =>
        r.caseId ? (
          <Typography.Link onClick={() => void navigate(`/monitoring/cases/${r.caseId}`)}>查看案件</Typography.Link>
        ) : canWrite && r.status === 'open' ? (
          <Space>
            <Typography.Link onClick={() => start.mutate(r)}>启动识别</Typography.Link>
            <Typography.Link type="danger" onClick={() => setDismissing(r)}>
              排除
            </Typography.Link>
          </Space>
        ) : null,
    },
  ];

  return (
    <Card
      title="风险线索"
      extra={
        canWrite && (
          <Button type="primary" onClick={() => setAdding(true)}>
            登记线索
          </Button>
        )
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={q.status}
          onChange={(v?: string) => update({ status: v })}
          options={clueStatuses.map((s) => ({ value: s, label: clueStatusLabels[s] }))}
        />
        <Select
          allowClear
          placeholder="来源"
          style={{ width: 150 }}
          value={q.source}
          onChange={(v?: string) => update({ source: v })}
          options={clueSources.map((s) => ({ value: s, label: clueSourceLabels[s] }))}
        />
        <DatePicker
          picker="month"
          placeholder="发现月份"
          value={q.month ? dayjs(`${q.month}-01`) : null}
          onChange={(d) => update({ month: d ? d.format('YYYY-MM') : undefined })}
        />
        <DivisionSelect
          selectable="township"
          value={q.townshipCode ?? null}
          onChange={(code) => update({ townshipCode: code ?? undefined, siteId: undefined })}
          placeholder="全部乡镇"
          style={{ width: 160 }}
        />
        <div style={{ width: 220 }}>
          <SiteSelect
            value={q.siteId ?? null}
            onChange={(id) => update({ siteId: id ?? undefined })}
            placeholder="全部安置点"
            data-testid="clues-filter-site"
          />
        </div>
      </Flex>
      {q.householdId && (
        <Tag
          closable
          color="blue"
          style={{ marginBottom: 12 }}
          onClose={() => update({ householdId: undefined })}
          data-testid="clues-filter-household"
        >
          仅看一户的线索（各种状态）{list.data?.items[0] ? `：${list.data.items[0].householdNumber}` : ''}
        </Tag>
      )}
      {list.isError && <ApiErrorAlert error={list.error} />}
      <Table<Clue>
        rowKey="id"
        size="small"
        data-testid="clues-table"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 1100 }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 条线索`,
          onChange: (page, pageSize) => paging.onPageChange({ page, pageSize }),
        }}
      />
      <ClueFormModal open={adding} onClose={() => setAdding(false)} />
      <Modal
        title="排除线索"
        open={dismissing !== null}
        onCancel={() => setDismissing(null)}
        onOk={() => dismiss.mutate()}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        confirmLoading={dismiss.isPending}
      >
        <Typography.Paragraph>{dismissing?.reason}</Typography.Paragraph>
        <Input.TextArea placeholder="排除原因" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}
