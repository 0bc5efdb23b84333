import type { PlanItem, PlanItemInput } from '@anzhi/contracts/supervision';
import { PlanItemInputSchema } from '@anzhi/contracts/supervision';
import { Checkbox, Form, Input, InputNumber, Select } from 'antd';
import { FormModal } from '../../../components/FormModal';
import { zodRule } from '../../../components/zodRule';
import { useUnits } from '../../units/hooks/useUnits';
import { useSavePlanItem } from '../hooks/useSupervision';

type Values = Omit<PlanItemInput, 'id'>;

const field = PlanItemInputSchema.shape;

/**
 * 新增 / 修改清单事项. The deadline is free text read by the server's grammar ("每月25日前", "2022年12月底前" …);
 * a text it cannot read comes back as a field error in Chinese.
 */
export function PlanItemModal({
  planId,
  item,
  nextRow,
  onClose,
}: {
  planId: string;
  /** The row being changed; absent for a new row. */
  item?: PlanItem;
  nextRow: number;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const save = useSavePlanItem();
  const units = useUnits();
  const unitOptions = (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const initialValues: Partial<Values> = item
    ? {
        row: item.row,
        group: item.group,
        text: item.text,
        leadUnitIds: item.leadUnits.map((u) => u.id),
        responsibleUnitIds: item.responsibleUnits.map((u) => u.id),
        includesTownships: item.includesTownships,
        deadlineText: item.deadlineText,
        note: item.note,
      }
    : { row: nextRow, responsibleUnitIds: [], includesTownships: false };
  return (
    <FormModal<Values>
      form={form}
      title={item ? `修改第 ${item.row} 项` : '新增清单事项'}
      okText="保存"
      width={720}
      mutation={save}
      initialValues={initialValues}
      onClose={onClose}
      onFinish={(values) =>
        save.mutate(
          { planId, ...(item ? { itemId: item.id } : {}), input: { ...values, note: values.note ?? null } },
          { onSuccess: onClose },
        )
      }
    >
      <Form.Item name="row" label="序号" rules={[zodRule(field.row)]}>
        <InputNumber min={1} max={999} data-testid="plan-item-row" />
      </Form.Item>
      <Form.Item name="group" label="类别" rules={[zodRule(field.group)]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="text" label="工作计划" rules={[zodRule(field.text)]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
      <Form.Item name="leadUnitIds" label="牵头单位" rules={[zodRule(field.leadUnitIds)]}>
        <Select mode="multiple" options={unitOptions} optionFilterProp="label" loading={units.isLoading} />
      </Form.Item>
      <Form.Item name="responsibleUnitIds" label="责任单位">
        <Select mode="multiple" options={unitOptions} optionFilterProp="label" loading={units.isLoading} />
      </Form.Item>
      <Form.Item name="includesTownships" valuePropName="checked">
        <Checkbox>含“有关乡(镇)党委、政府”（每个有搬迁户的乡镇各一份任务）</Checkbox>
      </Form.Item>
      <Form.Item
        name="deadlineText"
        label="完成时限"
        extra="如：2022年3月底前、每月25日前、每月月底前、次月3日前、每季度最后一个月前、长期坚持"
        rules={[zodRule(field.deadlineText)]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="note" label="备注">
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
