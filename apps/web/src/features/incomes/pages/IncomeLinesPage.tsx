import type { IncomeLine } from '@anzhi/contracts/incomes';
import { uuidv7 } from '@anzhi/domain/ids';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, InputNumber, Radio, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { FormModal } from '../../../components/FormModal';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { collectionYear, useCreateIncomeLine, useIncomeLines, useUpdateIncomeLine } from '../api';
import { yuan } from '../components/incomeFormat';

interface LineValues {
  year: number;
  level: 'county' | 'township';
  townshipCode: string | null;
  amount: number;
  nearMarginPercent: number;
  note: string;
}

function LineModal({ line, onClose }: { line: IncomeLine | null; onClose: () => void }) {
  const [form] = Form.useForm<LineValues>();
  const [clientId] = useState(() => uuidv7());
  const create = useCreateIncomeLine();
  const update = useUpdateIncomeLine();
  const level = Form.useWatch('level', form);
  const onFinish = (v: LineValues) => {
    const done = () => {
      notifySuccess('监测线已保存');
      onClose();
    };
    const values = { amount: v.amount, nearMarginPercent: v.nearMarginPercent, note: v.note ?? '' };
    if (line) update.mutate({ id: line.id, body: { ...values, version: line.version } }, { onSuccess: done });
    else
      create.mutate(
        {
          id: clientId,
          year: v.year,
          ...(v.level === 'township' && v.townshipCode ? { divisionCode: v.townshipCode } : {}),
          ...values,
        },
        { onSuccess: done },
      );
  };
  return (
    <FormModal<LineValues>
      form={form}
      title={line ? `修改 ${line.year} 年 ${line.divisionName} 监测线` : '设置监测线'}
      okText="保存"
      mutation={line ? update : create}
      initialValues={{
        year: line?.year ?? collectionYear(),
        level: line?.level ?? 'county',
        townshipCode: line?.level === 'township' ? line.divisionCode : null,
        amount: line?.amount ?? 0,
        nearMarginPercent: line?.nearMarginPercent ?? 10,
        note: line?.note ?? '',
      }}
      onFinish={onFinish}
      onClose={onClose}
      intro="监测线为家庭年人均纯收入（元）。全县设一条默认线，乡镇可单独设置；高于监测线但不足临界幅度的户标为“临界”。"
    >
      {!line && (
        <>
          <Form.Item label="年度" name="year" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item label="适用范围" name="level">
            <Radio.Group
              options={[
                { value: 'county', label: '全县（默认）' },
                { value: 'township', label: '某乡镇（单独设置）' },
              ]}
            />
          </Form.Item>
          {level === 'township' && (
            <Form.Item label="乡镇" name="townshipCode" rules={[{ required: true, message: '请选择乡镇' }]}>
              <DivisionSelect selectable="township" />
            </Form.Item>
          )}
        </>
      )}
      <Form.Item label="监测线（元/人·年）" name="amount" rules={[{ required: true, message: '请填写监测线' }]}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label="临界幅度（%）" name="nearMarginPercent">
        <InputNumber min={0} max={100} precision={0} />
      </Form.Item>
      <Form.Item label="说明" name="note">
        <Input maxLength={200} placeholder="如：省定标准文号；演示数据请注明“演示值，非官方标准”" />
      </Form.Item>
    </FormModal>
  );
}

/** `/settings/income-lines`: the monitoring line per year and division. */
export function IncomeLinesPage() {
  const me = useCurrentMe();
  const canManage = me.permissions.includes('income_line.manage');
  const lines = useIncomeLines();
  const [dialog, setDialog] = useState<{ line: IncomeLine | null } | null>(null);
  const columns: TableColumnsType<IncomeLine> = [
    { title: '年度', dataIndex: 'year', width: 80 },
    {
      title: '范围',
      key: 'division',
      width: 200,
      render: (_, l) => (
        <>
          {l.divisionName} {l.level === 'county' ? <Tag color="blue">默认</Tag> : <Tag>乡镇单设</Tag>}
        </>
      ),
    },
    { title: '监测线', dataIndex: 'amount', width: 120, render: (n: number) => yuan(n) },
    { title: '临界幅度', dataIndex: 'nearMarginPercent', width: 100, render: (n: number) => `${n}%` },
    { title: '说明', dataIndex: 'note' },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_: unknown, l: IncomeLine) => (
              <Typography.Link onClick={() => setDialog({ line: l })}>修改</Typography.Link>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      title="防返贫监测线"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ line: null })}>
            设置监测线
          </Button>
        )
      }
    >
      <ApiErrorAlert error={lines.error} />
      <Table<IncomeLine>
        rowKey="id"
        size="small"
        loading={lines.isPending}
        columns={columns}
        dataSource={lines.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="尚未设置监测线" /> }}
      />
      {dialog && <LineModal line={dialog.line} onClose={() => setDialog(null)} />}
    </Card>
  );
}
