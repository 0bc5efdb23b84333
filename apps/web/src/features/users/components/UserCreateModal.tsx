import { passwordPolicyText } from '@anzhi/contracts/auth';
import { UserCreateInputSchema } from '@anzhi/contracts/users';
import { uuidv7 } from '@anzhi/domain/ids';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Flex, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { FormModal } from '../../../components/FormModal';
import { showFieldErrors } from '../../../components/formErrors';
import { zodRule } from '../../../components/zodRule';
import { useCreateUser } from '../hooks/useUsers';
import { RoleScopeFields, toAssignmentInput } from './RoleScopeFields';
import type { AssignmentValues } from './RoleScopeFields';

interface UserFormValues {
  username: string;
  displayName: string;
  phone: string;
  password: string;
  assignments: AssignmentValues[];
}

const shape = UserCreateInputSchema.shape;

/** 新建用户: account, initial password (changed at first login) and one or more role assignments. */
export function UserCreateModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<UserFormValues>();
  const [clientId] = useState(() => uuidv7());
  const create = useCreateUser();

  const onFinish = (values: UserFormValues) => {
    const assignments = values.assignments.map(toAssignmentInput).filter((a) => a !== null);
    const phone = values.phone.trim();
    const parsed = UserCreateInputSchema.safeParse({
      id: clientId,
      username: values.username,
      displayName: values.displayName,
      password: values.password,
      roles: [],
      assignments,
      ...(phone === '' ? {} : { phone }),
    });
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: (user) => {
        notifySuccess(`已创建用户“${user.displayName}”，首次登录须修改密码`);
        onClose();
      },
      onError: (error) => showFieldErrors(form, error),
    });
  };

  return (
    <FormModal<UserFormValues>
      form={form}
      title="新建用户"
      okText="创建"
      width={760}
      mutation={create}
      initialValues={{ username: '', displayName: '', phone: '', password: '', assignments: [{}] }}
      onFinish={onFinish}
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label="用户名" name="username" required rules={[zodRule(shape.username)]}>
            <Input maxLength={64} autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="姓名" name="displayName" required rules={[zodRule(shape.displayName)]}>
            <Input maxLength={64} data-testid="user-form-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="手机号" name="phone" rules={[zodRule(shape.phone)]}>
            <Input maxLength={20} inputMode="tel" placeholder="选填" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="初始密码"
            name="password"
            required
            extra={`${passwordPolicyText}；用户首次登录时须修改`}
            rules={[zodRule(shape.password)]}
          >
            <Input.Password autoComplete="new-password" data-testid="user-form-password" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        角色与范围
      </Divider>
      <Form.List
        name="assignments"
        rules={[
          {
            validator: async (_rule, list: unknown[] | undefined) => {
              if (!list || list.length === 0) throw new Error('至少分配一个角色');
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="flex-start">
                <RoleScopeFields
                  form={form}
                  name={[field.name]}
                  path={['assignments', field.name]}
                  testIdPrefix={`user-form-assignment-${field.name}`}
                />
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label="删除该角色"
                  onClick={() => remove(field.name)}
                  style={{ marginTop: 30 }}
                  disabled={fields.length === 1}
                />
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
              再分配一个角色
            </Button>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              一人可兼多个角色，每个角色有各自的范围（如乡镇用户兼某安置点点长）。
            </Typography.Paragraph>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}
