import { Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { FormModal } from '../../../components/FormModal';
import { useReveal } from '../hooks/useRegistry';

export interface RevealNumberProps {
  personId: string;
  name: string;
  masked: string | null;
  /** The server's ability: the viewer may reveal numbers of this household. */
  canReveal: boolean;
  field?: 'idNumber' | 'phone';
}

interface ReasonValues {
  reason: string;
}

/**
 * A masked number with a 查看 link: the viewer gives a reason, the server records it and answers the full number,
 * which is shown in this view only (kept in component state, never cached, gone on reload).
 */
export function RevealNumber({ personId, name, masked, canReveal, field = 'idNumber' }: RevealNumberProps) {
  const [asking, setAsking] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const reveal = useReveal(personId);
  const [form] = Form.useForm<ReasonValues>();
  if (masked === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const label = field === 'idNumber' ? '证件号码' : '电话号码';
  return (
    <Space size="small">
      <span data-testid={value === null ? 'masked-number' : 'revealed-number'} style={{ fontFamily: 'monospace' }}>
        {value ?? masked}
      </span>
      {canReveal && value === null && (
        <Typography.Link onClick={() => setAsking(true)} data-testid="reveal-button">
          查看
        </Typography.Link>
      )}
      {asking && (
        <FormModal<ReasonValues>
          form={form}
          title={`查看 ${name} 的完整${label}`}
          okText="查看"
          mutation={reveal}
          initialValues={{ reason: '' }}
          intro="查看完整号码将记录您的姓名、时间和原因。号码只在本页面显示，刷新后恢复脱敏。"
          onClose={() => setAsking(false)}
          onFinish={(values) =>
            reveal.mutate(
              { field, reason: values.reason },
              {
                onSuccess: (result) => {
                  setValue(result.value ?? '（未登记）');
                  setAsking(false);
                },
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label="查看原因"
            rules={[
              { required: true, message: '请填写查看原因' },
              { min: 4, message: '查看原因至少 4 个字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} placeholder="例如：核对医保报销信息" data-testid="reveal-reason" />
          </Form.Item>
        </FormModal>
      )}
    </Space>
  );
}
