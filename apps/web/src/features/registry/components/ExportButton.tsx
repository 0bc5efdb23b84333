import { DownloadOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { QueryParams } from '../../../api/query';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { exportUrl } from '../api';

export interface ExportButtonProps {
  list: 'households' | 'persons';
  /** The list's current filters: the export has the same rows. */
  filters: QueryParams;
}

interface ExportValues {
  reveal: boolean;
  reason: string;
}

/** 导出 Excel: masked by default; with person.reveal the user may ask for full numbers, with a reason (audited). */
export function ExportButton({ list, filters }: ExportButtonProps) {
  const me = useCurrentMe();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ExportValues>();
  const reveal = Form.useWatch('reveal', form);
  if (!me.permissions.includes('household.export')) return null;
  const canReveal = me.permissions.includes('person.reveal');

  const download = (values: ExportValues) => {
    const q = values.reveal ? { ...filters, reveal: '1', reason: values.reason.trim() } : filters;
    window.location.assign(exportUrl(list, q));
    setOpen(false);
  };

  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={() => setOpen(true)} data-testid={`${list}-export`}>
        导出 Excel
      </Button>
      {open && (
        <Modal
          open
          title="导出名单"
          okText="导出"
          onOk={() => form.submit()}
          onCancel={() => setOpen(false)}
          destroyOnHidden
        >
          <Typography.Paragraph type="secondary">
            按当前筛选条件导出全部结果。身份证号码、电话号码默认脱敏；导出记录留痕。
          </Typography.Paragraph>
          <Form<ExportValues>
            form={form}
            layout="vertical"
            initialValues={{ reveal: false, reason: '' }}
            onFinish={download}
          >
            {canReveal && (
              <Form.Item name="reveal" valuePropName="checked">
                <Checkbox data-testid="export-reveal">导出完整号码（需填写原因，留痕）</Checkbox>
              </Form.Item>
            )}
            {reveal === true && (
              <Form.Item
                name="reason"
                label="导出原因"
                rules={[
                  { required: true, message: '请填写导出原因' },
                  { min: 4, message: '导出原因至少 4 个字' },
                ]}
              >
                <Input.TextArea rows={3} maxLength={200} />
              </Form.Item>
            )}
          </Form>
        </Modal>
      )}
    </>
  );
}
