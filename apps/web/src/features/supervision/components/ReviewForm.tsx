import { uuidv7 } from '@anzhi/domain/ids';
import { Button, Form, Input, Space } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useReviewTask } from '../hooks/useSupervision';

/** The lead unit's review: accept, or return with a comment. */
export function ReviewForm({ taskId }: { taskId: string }) {
  const [form] = Form.useForm<{ comment?: string }>();
  const review = useReviewTask(taskId);

  const decide = async (decision: 'accept' | 'return') => {
    const { comment = '' } =
      decision === 'return'
        ? await form.validateFields()
        : { comment: form.getFieldValue('comment') as string | undefined };
    review.mutate({ id: uuidv7(), decision, comment: comment ?? '' }, { onSuccess: () => form.resetFields() });
  };

  return (
    <Form form={form} layout="vertical" data-testid="review-form">
      <ApiErrorAlert error={review.error} />
      <Form.Item
        name="comment"
        label="审核意见（退回时必填）"
        rules={[{ required: true, min: 2, message: '退回时请填写退回意见' }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="review-comment" />
      </Form.Item>
      <Space>
        <Button
          type="primary"
          loading={review.isPending}
          onClick={() => void decide('accept')}
          data-testid="review-accept"
        >
          审核通过
        </Button>
        <Button danger loading={review.isPending} onClick={() => void decide('return')} data-testid="review-return">
          退回
        </Button>
      </Space>
    </Form>
  );
}
