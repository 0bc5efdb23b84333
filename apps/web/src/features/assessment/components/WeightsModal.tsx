import type { AssessmentWeights } from '@anzhi/contracts/assessment';
import { Form, Input, InputNumber, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormModal } from '../../../components/FormModal';
import { assessmentKeys, saveWeights } from '../api';

interface WeightValues {
  weights: Record<string, number>;
  note: string;
}

/** Edits the indicator weights; saving adds a new version (the old ones stay, runs keep theirs). */
export function WeightsModal({ current, onClose }: { current: AssessmentWeights; onClose: () => void }) {
  const [form] = Form.useForm<WeightValues>();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: saveWeights,
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assessmentKeys.weights }),
  });
  return (
    <FormModal<WeightValues>
      form={form}
      title={`考核指标权重（当前第 ${current.version} 版）`}
      okText="保存为新版本"
      mutation={mutation}
      initialValues={{ weights: Object.fromEntries(current.indicators.map((i) => [i.id, i.weight])), note: '' }}
      onClose={onClose}
      intro="得分按单位有数据的指标加权平均（权重在这些指标间重新归一）；数据尚未接入的指标不计入，也不记零分。修改后需重新计算考核。"
      onFinish={(v) => mutation.mutate({ ...v, baseVersion: current.version }, { onSuccess: onClose })}
    >
      {current.indicators.map((i) => (
        <Form.Item
          key={i.id}
          name={['weights', i.id]}
          label={
            <span>
              {i.name} {!i.available && <Tag>数据尚未接入</Tag>}
            </span>
          }
          extra={i.description}
        >
          <InputNumber min={0} max={100} />
        </Form.Item>
      ))}
      <Form.Item name="note" label="修改说明" rules={[{ required: true, whitespace: true, message: '请填写修改说明' }]}>
        <Input maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
