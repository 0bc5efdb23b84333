import { csrfHeader } from '@anzhi/contracts/auth';
import type { Figure } from '@anzhi/contracts/supervision';
import { uuidv7 } from '@anzhi/domain/ids';
import { Button, Form, Input, InputNumber, Space, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { uploadUrl } from '../../attachments/api';
import { useSubmitReport } from '../hooks/useSupervision';

interface Values {
  text: string;
  figures?: { label?: string; value?: number; unit?: string }[];
}

/** The responsible party's progress form: text, figures, evidence files; saved as progress or submitted. */
export function ReportForm({ taskId }: { taskId: string }) {
  const me = useCurrentMe();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [reportId, setReportId] = useState(() => uuidv7());
  const save = useSubmitReport(taskId);

  const send = async (submit: boolean) => {
    const values = await form.validateFields();
    const figures: Figure[] = (values.figures ?? [])
      .filter((f) => f.label && f.value !== undefined && f.value !== null)
      .map((f) => ({ label: f.label!, value: f.value!, ...(f.unit ? { unit: f.unit } : {}) }));
    const attachmentIds = files
      .map((f) => (f.response as { id?: string } | undefined)?.id)
      .filter((id): id is string => typeof id === 'string');
    save.mutate(
      { id: reportId, text: values.text, figures, attachmentIds, submit },
      {
        onSuccess: () => {
          form.resetFields();
          setFiles([]);
          setReportId(uuidv7());
        },
      },
    );
  };

  return (
    <Form form={form} layout="vertical" data-testid="report-form">
      <ApiErrorAlert error={save.error} />
      <Form.Item name="text" label="进展情况" rules={[{ required: true, min: 2, message: '请填写进展情况' }]}>
        <Input.TextArea rows={4} maxLength={4000} showCount data-testid="report-text" />
      </Form.Item>
      <Form.List name="figures">
        {(fields, { add, remove }) => (
          <Form.Item label="数据（可选）">
            {fields.map((field) => (
              <Space key={field.key} style={{ display: 'flex', marginBottom: 8 }}>
                <Form.Item name={[field.name, 'label']} noStyle>
                  <Input placeholder="指标，如：培训人次" style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} noStyle>
                  <InputNumber placeholder="数值" />
                </Form.Item>
                <Form.Item name={[field.name, 'unit']} noStyle>
                  <Input placeholder="单位" style={{ width: 80 }} />
                </Form.Item>
                <Button type="link" onClick={() => remove(field.name)}>
                  删除
                </Button>
              </Space>
            ))}
            <Button onClick={() => add()}>添加一项数据</Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item label="佐证材料（可选）">
        <Upload
          name="file"
          action={uploadUrl}
          headers={{ [csrfHeader]: me.csrfToken }}
          data={{ purpose: 'evidence' }}
          fileList={files}
          onChange={(info) => setFiles(info.fileList)}
        >
          <Button>上传文件</Button>
        </Upload>
      </Form.Item>
      <Space>
        <Button type="primary" loading={save.isPending} onClick={() => void send(true)} data-testid="report-submit">
          提交审核
        </Button>
        <Button loading={save.isPending} onClick={() => void send(false)} data-testid="report-progress">
          仅保存进展
        </Button>
      </Space>
    </Form>
  );
}
