import { incomeComponentLabels } from '@anzhi/contracts/incomes';
import type { HouseholdIncome } from '@anzhi/contracts/incomes';
import { uuidv7 } from '@anzhi/domain/ids';
import { Form, Input, InputNumber } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { FormModal } from '../../../components/FormModal';
import { useCreateIncome, useUpdateIncome } from '../api';

type Key = keyof typeof incomeComponentLabels;
const keys = Object.keys(incomeComponentLabels) as Key[];
type Values = Record<Key, number> & { note: string };

/** 采集/修改年度收入 of one household. Mount only while open. */
export function IncomeFormModal({
  householdId,
  householdNumber,
  year,
  income,
  onClose,
}: {
  householdId: string;
  householdNumber: string;
  year: number;
  income: HouseholdIncome | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [clientId] = useState(() => uuidv7());
  const create = useCreateIncome();
  const update = useUpdateIncome();
  const mutation = income ? update : create;
  const initial = Object.fromEntries(keys.map((k) => [k, income?.[k] ?? 0])) as Record<Key, number>;

  const onFinish = (values: Values) => {
    const done = () => {
      notifySuccess(`已保存 ${householdNumber} 的 ${year} 年收入`);
      onClose();
    };
    if (income) update.mutate({ id: income.id, body: { ...values, version: income.version } }, { onSuccess: done });
    else create.mutate({ id: clientId, householdId, year, ...values }, { onSuccess: done });
  };

  return (
    <FormModal<Values>
      form={form}
      title={`${year} 年度收入 — ${householdNumber}`}
      okText="保存"
      mutation={mutation}
      initialValues={{ ...initial, note: income?.note ?? '' }}
      onFinish={onFinish}
      onClose={onClose}
      intro="金额以元为单位填写整数。人均纯收入 =（四项收入 − 生产经营性支出 − 合规自付支出）÷ 年末家庭人口，保存后自动计算并与当年监测线比较。"
    >
      {keys.map((k) => (
        <Form.Item
          key={k}
          label={`${incomeComponentLabels[k]}（元）`}
          name={k}
          rules={[{ required: true, message: '请填写' }]}
        >
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      ))}
      <Form.Item label="备注" name="note">
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
    </FormModal>
  );
}
