import type { Household } from '@anzhi/contracts/registry';
import {
  HousingTransactionInputSchema,
  housingTransactionKinds,
  rectificationStatusLabels,
  type HousingTransaction,
} from '@anzhi/contracts/registry-events';
import { uuidv7 } from '@anzhi/domain/ids';
import { formatLocal } from '@anzhi/domain/periods';
import { Alert, Button, Descriptions, Form, Input, Select, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { showFieldErrors } from '../../../components/formErrors';
import { zodRule } from '../../../components/zodRule';
import { recordHousingTransaction, rectifyHousingTransaction } from './api';
import { blankToNull, EffectiveDateItem, todayLocal } from './fields';
import { useHouseholdHistory, useRegistryWrite } from './hooks';

interface TxValues {
  kind: (typeof housingTransactionKinds)[number] | undefined;
  date: string;
  counterparty: string;
  note: string;
}

/** 登记转让/出租/转借: always recorded; inside the lock it is an R23 violation with a rectification item. */
export function HousingTransactionModal({ household: h, onClose }: { household: Household; onClose: () => void }) {
  const [form] = Form.useForm<TxValues>();
  const [id] = useState(() => uuidv7());
  const record = useRegistryWrite((v: TxValues) =>
    recordHousingTransaction(h.id, {
      id,
      kind: v.kind!,
      date: v.date,
      counterparty: v.counterparty,
      note: blankToNull(v.note),
    }),
  );
  return (
    <FormModal<TxValues>
      form={form}
      title={`登记安置住房转让、出租、转借：户编号 ${h.householdNumber}`}
      okText="登记"
      mutation={record}
      intro="安置住房自不动产权证发证日期（无证时按交房日期）起 20 年内不得转让、出租、转借（§23）。期内发现的须如实登记，系统将生成整改待办。"
      initialValues={{ kind: undefined, date: todayLocal(), counterparty: '', note: '' }}
      onFinish={(v) =>
        record.mutate(v, {
          onSuccess: (t) => {
            notifySuccess(t.violation ? '已登记：违反 20 年禁售规定，已生成整改待办' : '已登记');
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <Form.Item label="类型" name="kind" rules={[{ required: true, message: '请选择类型' }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={housingTransactionKinds.map((k) => ({ value: k, label: k }))}
          style={{ width: 180 }}
        />
      </Form.Item>
      <EffectiveDateItem label="发生日期" />
      <Form.Item
        label="受让方 / 承租方 / 借用方"
        name="counterparty"
        rules={[zodRule(HousingTransactionInputSchema.shape.counterparty)]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label="说明" name="note">
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </FormModal>
  );
}

function RectifyModal({
  householdId,
  tx,
  onClose,
}: {
  householdId: string;
  tx: HousingTransaction;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ note: string }>();
  const rectify = useRegistryWrite((v: { note: string }) => rectifyHousingTransaction(householdId, tx.id, v));
  return (
    <FormModal<{ note: string }>
      form={form}
      title={`整改完成：${tx.date} ${tx.kind}（${tx.counterparty}）`}
      okText="确认整改完成"
      mutation={rectify}
      initialValues={{ note: '' }}
      onFinish={(v) =>
        rectify.mutate(v, {
          onSuccess: () => {
            notifySuccess('已整改完成，整改待办已关闭');
            onClose();
          },
          onError: (e) => showFieldErrors(form, e),
        })
      }
      onClose={onClose}
    >
      <Form.Item label="整改情况" name="note" rules={[{ required: true, min: 2, message: '请填写整改情况' }]}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}

const basisLabel = { certificate: '不动产权证发证日期', handover: '交房日期' } as const;

/** The 20-year lock of a household (R23) with its recorded sales and sublets. */
export function HousingLockSection({ household: h }: { household: Household }) {
  const history = useHouseholdHistory(h.id);
  const [rectifying, setRectifying] = useState<HousingTransaction | null>(null);
  if (history.isPending) return <Spin />;
  if (history.isError) return <ApiErrorAlert error={history.error} />;
  const { housingLock: lock, housingTransactions: list } = history.data;
  const canWrite = h.abilities.manageMembers;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="housing-lock">
      {lock.verdict === 'not_met' && (
        <Alert type="error" showIcon title="违反 R23：禁售期内发生转让、出租或转借，请督促整改" />
      )}
      <Descriptions
        size="small"
        bordered
        column={3}
        items={[
          {
            key: 'start',
            label: '禁售期起算',
            children: lock.start ? `${lock.start}（${basisLabel[lock.basis!]}）` : '无发证和交房日期',
          },
          { key: 'end', label: `禁售期至（${lock.years} 年）`, children: lock.end ? `${lock.end} 前` : '—' },
          { key: 'active', label: '当前', children: lock.active ? <Tag color="blue">禁售期内</Tag> : '不在禁售期' },
        ]}
      />
      <Table<HousingTransaction>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list}
        locale={{ emptyText: '未登记转让、出租、转借' }}
        columns={[
          { title: '日期', dataIndex: 'date' },
          { title: '类型', dataIndex: 'kind' },
          { title: '对方', dataIndex: 'counterparty' },
          { title: '违规', key: 'v', render: (_, t) => (t.violation ? <Tag color="red">违反 R23</Tag> : '否') },
          {
            title: '整改',
            key: 'r',
            render: (_, t) => (
              <Space>
                <span>{rectificationStatusLabels[t.rectificationStatus]}</span>
                {t.rectificationDueAt && t.rectificationStatus === 'open' && (
                  <span>（期限 {formatLocal(t.rectificationDueAt)}）</span>
                )}
                {t.rectificationNote && <span>：{t.rectificationNote}</span>}
                {canWrite && t.rectificationStatus === 'open' && (
                  <Button size="small" onClick={() => setRectifying(t)}>
                    整改完成
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {rectifying && <RectifyModal householdId={h.id} tx={rectifying} onClose={() => setRectifying(null)} />}
    </Space>
  );
}
