import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { AttachmentPicker } from '../../../components/AttachmentPicker';
import { FormModal } from '../../../components/FormModal';
import { useCreateReport } from '../hooks/useChiefs';

interface ReportFormValues {
  siteChiefId: string;
  heardAt: Dayjs;
  summary: string;
  attachmentIds?: string[];
}

export interface ReportFormModalProps {
  chiefs: readonly { id: string; name: string; sites: string }[];
  onClose: () => void;
}

/** 登记听取汇报: the county chief heard one site chief's report (R02). */
export function ReportFormModal({ chiefs, onClose }: ReportFormModalProps) {
  const [form] = Form.useForm<ReportFormValues>();
  const mutation = useCreateReport();
  return (
    <FormModal<ReportFormValues>
      form={form}
      title="登记总点长听取点长工作汇报"
      okText="保存"
      mutation={mutation}
      initialValues={{ heardAt: dayjs() }}
      onClose={onClose}
      onFinish={(v) =>
        mutation.mutate(
          {
            id: crypto.randomUUID(),
            siteChiefId: v.siteChiefId,
            heardAt: v.heardAt.toISOString(),
            summary: v.summary,
            siteIds: [],
            attachmentIds: v.attachmentIds ?? [],
          },
          { onSuccess: onClose },
        )
      }
    >
      <Form.Item name="siteChiefId" label="汇报的点长" rules={[{ required: true, message: '请选择点长' }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={chiefs.map((c) => ({ value: c.id, label: `${c.name}（${c.sites}）` }))}
        />
      </Form.Item>
      <Form.Item name="heardAt" label="汇报时间" rules={[{ required: true, message: '请填写汇报时间' }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item
        name="summary"
        label="汇报摘要"
        rules={[{ required: true, whitespace: true, message: '请填写汇报摘要' }]}
      >
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
      <Form.Item name="attachmentIds" label="附件（汇报材料等）">
        <AttachmentPicker />
      </Form.Item>
    </FormModal>
  );
}
