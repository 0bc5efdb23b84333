import { RuleParametersUpdateInputSchema } from '@anzhi/contracts/rules';
import type { Rule, RuleParameterDescriptor } from '@anzhi/contracts/rules';
import { Alert, Form, Input, InputNumber, Modal, Switch, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../../../api/client';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { zodRule } from '../../../components/zodRule';
import { useUpdateRuleParameters } from '../hooks/useRules';
import { formatParameterValue } from './ParameterValues';

interface FormValues {
  parameters: Record<string, unknown>;
  note: string;
}

/**
 * The control for one parameter, from its descriptor: numbers and switches (text for the rare string).
 * Returned as an element, not wrapped in a component, so Form.Item injects value/onChange/id into it.
 */
function parameterControl(descriptor: RuleParameterDescriptor) {
  switch (descriptor.type) {
    case 'boolean':
      return <Switch checkedChildren="是" unCheckedChildren="否" />;
    case 'integer':
    case 'number':
      return (
        <InputNumber
          style={{ width: 200 }}
          precision={descriptor.type === 'integer' ? 0 : undefined}
          min={descriptor.minimum}
          max={descriptor.maximum}
        />
      );
    case 'string':
      return <Input style={{ width: 320 }} />;
    default:
      return <Input disabled style={{ width: 320 }} />;
  }
}

/** Puts the server's per-parameter messages (`parameters.<key>`) under the matching inputs. */
function showParameterErrors(form: FormInstance<FormValues>, rule: Rule, error: unknown) {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return;
  const keys = new Set(rule.parameterList.map((d) => d.key));
  const fields: { name: [string, string] | 'note'; errors: string[] }[] = [];
  for (const detail of error.details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { path, message } = detail as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    const key = path.replace(/^parameters\./, '');
    if (path.startsWith('parameters.') && keys.has(key)) fields.push({ name: ['parameters', key], errors: [message] });
    if (path === 'note') fields.push({ name: 'note', errors: [message] });
  }
  if (fields.length > 0) form.setFields(fields);
}

export interface RuleParametersModalProps {
  rule: Rule;
  onClose: () => void;
}

/** 修改参数: a new version of the rule's thresholds, with a required note. Mount only while open. */
export function RuleParametersModal({ rule, onClose }: RuleParametersModalProps) {
  const [form] = Form.useForm<FormValues>();
  const update = useUpdateRuleParameters(rule.id);
  const editable = rule.parameterList.filter((d) => d.type !== 'other');

  const onFinish = (values: FormValues) => {
    const parsed = RuleParametersUpdateInputSchema.safeParse({
      // Parameters the form cannot edit keep their current values (left out, they would reset to defaults).
      parameters: { ...rule.current.parameters, ...values.parameters },
      note: values.note,
      baseVersion: rule.current.version,
    });
    if (!parsed.success) return;
    update.mutate(parsed.data, {
      onSuccess: (saved) => {
        notifySuccess(
          saved.version === rule.current.version
            ? `参数未变化，仍为第 ${saved.version} 版`
            : `已保存为第 ${saved.version} 版参数`,
        );
        onClose();
      },
      onError: (error) => showParameterErrors(form, rule, error),
    });
  };

  return (
    <Modal
      open
      title={`修改参数：${rule.id} ${rule.title}`}
      okText="保存为新版本"
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary">
        当前为第 {rule.current.version} 版{rule.current.version === 0 ? '（默认值）' : ''}
        。保存后生成新版本，原有版本及按原版本计算的结果均保留。
      </Typography.Paragraph>
      {rule.source === 'national' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="此规则来自国家监测帮扶规定，修改前请确认符合上级要求。"
        />
      )}
      <ApiErrorAlert error={update.error} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ parameters: rule.current.parameters, note: '' }}
        onFinish={onFinish}
        disabled={update.isPending}
      >
        {editable.map((d) => (
          <Form.Item
            key={d.key}
            label={d.label}
            name={['parameters', d.key]}
            valuePropName={d.type === 'boolean' ? 'checked' : 'value'}
            extra={`默认值：${formatParameterValue(d.default)}`}
            rules={d.type === 'boolean' ? [] : [{ required: true, message: `请填写${d.label}` }]}
          >
            {parameterControl(d)}
          </Form.Item>
        ))}
        <Form.Item label="修改说明" name="note" required rules={[zodRule(RuleParametersUpdateInputSchema.shape.note)]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：根据县政府 2022 年第 3 次常务会议调整" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
