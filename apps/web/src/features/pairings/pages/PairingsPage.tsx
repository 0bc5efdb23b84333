import { pairingGapLabels, pairingGaps, pairingSideLabels, pairingSides } from '@anzhi/contracts/pairings';
import type { Pairing, PairingOverviewItem, PairingOverviewQuery, PairingSide } from '@anzhi/contracts/pairings';
import { uuidv7 } from '@anzhi/domain/ids';
import { SwapOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { useCreatePairing, useHandover, usePairingCadres, usePairings } from '../api';
import { OriginContactsCard } from '../components/OriginContactsCard';

const gapColors = { none: 'red', destination_only: 'orange', origin_only: 'orange', both: 'green' } as const;

function CadreSelect({
  side,
  value,
  onChange,
}: {
  side?: PairingSide;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const cadres = usePairingCadres(true);
  const options = (cadres.data?.items ?? [])
    .filter((c) => !side || c.sides.includes(side))
    .map((c) => ({ value: c.id, label: c.displayName }));
  return (
    <Select
      showSearch
      optionFilterProp="label"
      loading={cadres.isPending}
      placeholder="输入姓名查找"
      {...(value === undefined ? {} : { value })}
      {...(onChange ? { onChange } : {})}
      options={options}
    />
  );
}

function PairModal({ item, side, onClose }: { item: PairingOverviewItem; side: PairingSide; onClose: () => void }) {
  const [form] = Form.useForm<{ cadreUserId: string }>();
  const [clientId] = useState(() => uuidv7());
  const create = useCreatePairing();
  return (
    <FormModal<{ cadreUserId: string }>
      form={form}
      title={`${item.householdNumber}：${pairingSideLabels[side]}`}
      okText="结对"
      mutation={create}
      initialValues={{}}
      intro="已有干部结对的，自今日起由新干部替换（原结对留存记录）。"
      onFinish={(v) =>
        create.mutate(
          { id: clientId, householdId: item.householdId, side, cadreUserId: v.cadreUserId },
          {
            onSuccess: () => {
              notifySuccess('已结对');
              onClose();
            },
          },
        )
      }
      onClose={onClose}
    >
      <Form.Item label="帮扶干部" name="cadreUserId" rules={[{ required: true, message: '请选择干部' }]}>
        <CadreSelect side={side} />
      </Form.Item>
    </FormModal>
  );
}

interface HandoverValues {
  fromUserId: string;
  toUserId: string;
  reason: string;
}

function HandoverModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<HandoverValues>();
  const handover = useHandover();
  return (
    <FormModal<HandoverValues>
      form={form}
      title="移交结对户"
      okText="移交"
      mutation={handover}
      initialValues={{ reason: '' }}
      intro="将一名干部在您管辖范围内的全部结对户一次移交给另一名干部，自今日起生效，留痕。"
      onFinish={(v) =>
        handover.mutate(v, {
          onSuccess: (r) => {
            notifySuccess(`已移交 ${r.moved} 户`);
            onClose();
          },
        })
      }
      onClose={onClose}
    >
      <Form.Item label="原帮扶干部" name="fromUserId" rules={[{ required: true, message: '请选择' }]}>
        <CadreSelect />
      </Form.Item>
      <Form.Item label="接手干部" name="toUserId" rules={[{ required: true, message: '请选择' }]}>
        <CadreSelect />
      </Form.Item>
      <Form.Item label="移交原因" name="reason" rules={[{ required: true, min: 2, message: '请填写移交原因' }]}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

/** `/pairings`: two-way help pairing of the households in scope; 两不管 and one-side-only lists; handover. */
export function PairingsPage() {
  const me = useCurrentMe();
  const canManage = me.permissions.includes('pairing.manage');
  const [q, setQ] = useState<PairingOverviewQuery>({ households: 'monitored', page: 1, pageSize: 50 });
  const [pairing, setPairing] = useState<{ item: PairingOverviewItem; side: PairingSide } | null>(null);
  const [handover, setHandover] = useState(false);
  const list = usePairings(q);

  const sideColumn = (side: PairingSide) => ({
    title: pairingSideLabels[side],
    key: side,
    width: 200,
    render: (_: unknown, r: PairingOverviewItem) => {
      const p: Pairing | null = r[side];
      return (
        <Space>
          {p ? `${p.cadreName}（${p.fromDate} 起）` : <Typography.Text type="danger">未结对</Typography.Text>}
          {canManage && (
            <Typography.Link onClick={() => setPairing({ item: r, side })}>{p ? '更换' : '结对'}</Typography.Link>
          )}
        </Space>
      );
    },
  });

  const columns: TableColumnsType<PairingOverviewItem> = [
    {
      title: '户编号',
      dataIndex: 'householdNumber',
      width: 170,
      render: (no: string, r) =>
        me.permissions.includes('household.read') ? <Link to={`/households/${r.householdId}`}>{no}</Link> : no,
    },
    { title: '户主', dataIndex: 'headName', width: 90 },
    { title: '安置点', dataIndex: 'siteName', width: 150, render: (s: string | null) => s ?? '分散安置' },
    { title: '监测状态', dataIndex: 'monitoringStatus', width: 120 },
    ...pairingSides.map(sideColumn),
    {
      title: '结对情况',
      dataIndex: 'gap',
      width: 140,
      render: (g: PairingOverviewItem['gap']) => <Tag color={gapColors[g]}>{pairingGapLabels[g]}</Tag>,
    },
  ];

  return (
    <Card
      title="双向结对帮扶"
      extra={
        canManage && (
          <Button icon={<SwapOutlined />} onClick={() => setHandover(true)}>
            移交结对户
          </Button>
        )
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Segmented<'monitored' | 'all'>
          value={q.households}
          onChange={(v) => setQ((p) => ({ ...p, households: v, page: 1 }))}
          options={[
            { value: 'monitored', label: '监测户' },
            { value: 'all', label: '全部搬迁户' },
          ]}
        />
        <Select
          allowClear
          placeholder="全部结对情况"
          style={{ width: 180 }}
          value={q.gap}
          onChange={(v) => setQ((p) => ({ ...p, gap: v, page: 1 }))}
          options={pairingGaps.map((g) => ({ value: g, label: pairingGapLabels[g] }))}
        />
      </Flex>
      <ApiErrorAlert error={list.error} />
      <Table<PairingOverviewItem>
        rowKey="householdId"
        size="small"
        loading={list.isPending}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="没有符合条件的搬迁户" /> }}
        pagination={{
          current: q.page,
          pageSize: q.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 户`,
          onChange: (page, pageSize) => setQ((p) => ({ ...p, page, pageSize })),
        }}
      />
      {pairing && <PairModal item={pairing.item} side={pairing.side} onClose={() => setPairing(null)} />}
      {handover && <HandoverModal onClose={() => setHandover(false)} />}
      {me.permissions.includes('site.read') && <OriginContactsCard canManage={canManage} />}
    </Card>
  );
}
