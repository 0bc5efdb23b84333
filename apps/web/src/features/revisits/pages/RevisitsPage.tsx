import type { MonthClose, RevisitCompletion } from '@anzhi/contracts/revisits';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Input,
  List,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { notifyError, notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import {
  closeMonth,
  fetchCompletion,
  fetchMonthCloses,
  fetchPending,
  ledgerUrl,
  reopenMonth,
  revisitKeys,
} from '../api';
import { RevisitTable } from '../components/RevisitTable';

const percent = (rate: number) => Math.round(rate * 1000) / 10;

function CompletionTable({
  data,
  siteId,
  onSite,
}: {
  data: RevisitCompletion;
  siteId?: string;
  onSite: (id: string) => void;
}) {
  return (
    <Table
      size="small"
      rowKey="siteId"
      pagination={false}
      dataSource={data.sites}
      locale={{ emptyText: <Empty description="本月没有需回访的集中安置户" /> }}
      rowClassName={(r) => (r.siteId === siteId ? 'ant-table-row-selected' : '')}
      onRow={(r) => ({ onClick: () => onSite(r.siteId) })}
      columns={[
        { title: '安置点', dataIndex: 'siteName' },
        { title: '应回访', dataIndex: 'households', align: 'right' },
        { title: '已回访', dataIndex: 'revisited', align: 'right' },
        {
          title: '完成率',
          dataIndex: 'rate',
          render: (rate: number) => <Progress percent={percent(rate)} size="small" />,
        },
      ]}
    />
  );
}

function MonthCloses({ month, townships }: { month: string; townships: RevisitCompletion['townships'] }) {
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const closes = useQuery({
    queryKey: revisitKeys.closes(month),
    queryFn: ({ signal }) => fetchMonthCloses(month, signal),
  });
  const [reopening, setReopening] = useState<MonthClose | null>(null);
  const [reason, setReason] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: revisitKeys.all });
  const close = useMutation({
    mutationFn: (townshipCode: string) => closeMonth(townshipCode, month),
    onSuccess: async () => {
      notifySuccess('已完成月度确认');
      await refresh();
    },
    onError: notifyError,
  });
  const reopen = useMutation({
    mutationFn: () => reopenMonth(reopening!.id, reason),
    onSuccess: async () => {
      notifySuccess('已重新打开');
      setReopening(null);
      setReason('');
      await refresh();
    },
    onError: notifyError,
  });
  const byTownship = new Map((closes.data?.items ?? []).map((c) => [c.townshipCode, c]));
  return (
    <Card size="small" title="月度确认（每月 3 日前确认上月）" style={{ marginTop: 12 }}>
      <ApiErrorAlert error={closes.error} />
      <List
        dataSource={townships}
        locale={{ emptyText: '无' }}
        renderItem={(t) => {
          const c = byTownship.get(t.townshipCode);
          return (
            <List.Item
              actions={[
                c?.status !== 'closed' && me.permissions.includes('month.close') && (
                  <Button
                    key="close"
                    size="small"
                    loading={close.isPending}
                    onClick={() => close.mutate(t.townshipCode)}
                  >
                    确认本月
                  </Button>
                ),
                c?.status === 'closed' && me.permissions.includes('month.reopen') && (
                  <Button key="reopen" size="small" danger onClick={() => setReopening(c)}>
                    重新打开
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <Space wrap>
                <span>{t.townshipName ?? t.townshipCode}</span>
                {c?.status === 'closed' ? (
                  <Tag color={c.onTime ? 'green' : 'orange'}>
                    已确认 {dayjs(c.closedAt).format('MM-DD HH:mm')}
                    {c.onTime ? '' : '（逾期）'}
                  </Tag>
                ) : c?.status === 'reopened' ? (
                  <Tag color="blue">已重新打开：{c.reopenReason}</Tag>
                ) : (
                  <Tag>未确认</Tag>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
      <Modal
        title="重新打开已确认的月份"
        open={reopening !== null}
        okText="重新打开"
        confirmLoading={reopen.isPending}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={() => reopen.mutate()}
        onCancel={() => setReopening(null)}
      >
        <Input.TextArea placeholder="原因（必填，留痕）" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}

/** 每月回访: completion per site for a month, the households not yet revisited (回访 button each), month close. */
export function RevisitsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useCurrentMe();
  const month = params.get('month') ?? dayjs().format('YYYY-MM');
  const siteId = params.get('siteId') ?? undefined;
  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next))
      if (v) p.set(k, v);
      else p.delete(k);
    setParams(p);
  };
  const completion = useQuery({
    queryKey: revisitKeys.completion(month),
    queryFn: ({ signal }) => fetchCompletion(month, signal),
  });
  const place = siteId ? { siteId } : {};
  const pending = useQuery({
    queryKey: revisitKeys.pending(month, place),
    queryFn: ({ signal }) => fetchPending(month, place, signal),
  });
  const canWrite = me.permissions.includes('revisit.write');
  const c = completion.data;
  const sites = c?.sites ?? [];

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          每月回访
        </Typography.Title>
        <DatePicker
          picker="month"
          allowClear={false}
          inputReadOnly
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
        />
        <Select
          allowClear
          placeholder="全部安置点"
          style={{ minWidth: 160 }}
          value={siteId}
          options={sites.map((s) => ({ value: s.siteId, label: s.siteName }))}
          onChange={(v: string | undefined) => set({ siteId: v })}
        />
        <Button href={ledgerUrl(month, place)}>导出回访台账</Button>
      </Space>
      <ApiErrorAlert error={completion.error} />
      {c && (
        <Card size="small" loading={completion.isPending}>
          <Space wrap size="large">
            <span>
              应回访 <b>{c.county.households}</b> 户
            </span>
            <span>
              已回访 <b>{c.county.revisited}</b> 户
            </span>
            <Progress type="circle" size={56} percent={percent(c.county.rate)} />
          </Space>
          <CompletionTable data={c} {...(siteId ? { siteId } : {})} onSite={(id) => set({ siteId: id })} />
        </Card>
      )}
      <Card size="small" title={`本月未回访（${pending.data?.items.length ?? 0} 户）`} style={{ marginTop: 12 }}>
        <ApiErrorAlert error={pending.error} />
        <List
          data-testid="revisit-pending"
          loading={pending.isPending}
          dataSource={pending.data?.items ?? []}
          locale={{ emptyText: <Empty description="本月已全部回访" /> }}
          pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
          renderItem={(h) => (
            <List.Item
              actions={
                canWrite
                  ? [
                      <Button
                        key="go"
                        data-testid="revisit-go"
                        type="primary"
                        onClick={() => void navigate(`/revisits/new?household=${h.householdId}`)}
                      >
                        回访
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={`${h.headName ?? '—'} · ${h.householdNumber}`}
                description={`${h.siteName ?? '分散安置'} ${h.address ?? ''}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="回访记录" style={{ marginTop: 12 }}>
        <RevisitTable month={month} />
      </Card>
      {c && <MonthCloses month={month} townships={c.townships} />}
    </div>
  );
}
