import { HandoverInputSchema } from '@anzhi/contracts/org';
import type { User } from '@anzhi/contracts/users';
import { Button, Form, Input, Modal, Result } from 'antd';
import { notifySuccess } from '../../../api/feedback';
import { FormModal } from '../../../components/FormModal';
import { zodRule } from '../../../components/zodRule';
import { useHandover, useSetUserActive } from '../hooks/useUsers';
import { UserSelect } from './UserSelect';

const reasonRules = [
  { required: true, whitespace: true, message: '请填写原因' },
  { min: 2, message: '原因至少 2 个字' },
  { max: 200, message: '原因最多 200 个字' },
];

/** 停用 with a reason: the account can no longer sign in and its sessions end. Mount only while open. */
export function DeactivateModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const setActive = useSetUserActive();

  const onFinish = ({ reason }: { reason: string }) =>
    setActive.mutate(
      { userId: user.id, active: false, reason: reason.trim() },
      {
        onSuccess: () => {
          notifySuccess(`已停用“${user.displayName}”`);
          onClose();
        },
      },
    );

  return (
    <FormModal<{ reason: string }>
      form={form}
      title={`停用用户：${user.displayName}`}
      okText="停用"
      danger
      mutation={setActive}
      initialValues={{ reason: '' }}
      onFinish={onFinish}
      onClose={onClose}
      intro="停用后该用户立即退出登录且不能再登录；其角色保留，可随时重新启用。调岗离任请用“工作交接”。"
    >
      <Form.Item label="停用原因" name="reason" rules={reasonRules}>
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="deactivate-reason" />
      </Form.Item>
    </FormModal>
  );
}

interface HandoverValues {
  toUserId: string | null;
  reason: string;
}

/**
 * 工作交接: every role of the departing user goes to the successor (roles the successor already holds
 * are merged) and the departing account is deactivated. Mount only while open.
 */
export function HandoverModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<HandoverValues>();
  const handover = useHandover();

  const onFinish = (values: HandoverValues) => {
    const parsed = HandoverInputSchema.safeParse({ toUserId: values.toUserId ?? '', reason: values.reason });
    if (!parsed.success) return;
    handover.mutate({ fromUserId: user.id, ...parsed.data });
  };

  if (handover.data !== undefined) {
    const { moved, merged } = handover.data;
    return (
      <Modal open title="工作交接" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnHidden>
        <Result
          status="success"
          title="交接完成"
          subTitle={`转给接手人 ${moved} 个角色${merged > 0 ? `，另有 ${merged} 个接手人已有的角色已合并` : ''}；“${user.displayName}”已停用。`}
          data-testid="handover-result"
        />
      </Modal>
    );
  }

  return (
    <FormModal<HandoverValues>
      form={form}
      title={`工作交接：${user.displayName}`}
      okText="确认交接"
      mutation={handover}
      initialValues={{ toUserId: null, reason: '' }}
      onFinish={onFinish}
      onClose={onClose}
      intro="把该用户的全部角色（含负责的安置点、乡镇等范围）转给接手人，并停用该用户。接手人已有的相同角色会合并。"
    >
      <Form.Item label="接手人" name="toUserId" rules={[{ required: true, message: '请选择接手人' }]}>
        <UserSelect excludeId={user.id} data-testid="handover-to" />
      </Form.Item>
      <Form.Item label="交接原因" name="reason" required rules={[zodRule(HandoverInputSchema.shape.reason)]}>
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：调任县人社局" />
      </Form.Item>
    </FormModal>
  );
}
