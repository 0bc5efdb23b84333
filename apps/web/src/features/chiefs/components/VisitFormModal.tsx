import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { AttachmentPicker } from '../../../components/AttachmentPicker';
import { FormModal } from '../../../components/FormModal';
import { useCreateVisit } from '../hooks/useChiefs';

interface VisitFormValues {
  siteId: string;
  visitedAt: Dayjs;
  problemsFound: string;
  problemsSolved?: string;
  followUps?: string;
  attachmentIds?: string[];
}

export interface VisitFormModalProps {
  sites: readonly { id: string; name: string }[];
  onClose: () => void;
}

/** 登记走访: the chief's own visit to one of their sites (the server checks the term and the date). */
export function VisitFormModal({ sites, onClose }: VisitFormModalProps) {
  const [form] = Form.useForm<VisitFormValues>();
  const mutation = useCreateVisit();
  return (
    <FormModal<VisitFormValues>
      form={form}
      title="登记走访（调研指导）"
      okText="保存"
      mutation={mutation}
      initialValues={{ siteId: sites.length === 1 ? sites[0]!.id : undefined, visitedAt: dayjs() }}
      onClose={onClose}
      onFinish={(v) =>
        mutation.mutate(
          {
            id: crypto.randomUUID(),
            siteId: v.siteId,
            visitedAt: v.visitedAt.toISOString(),
            problemsFound: v.problemsFound,
            problemsSolved: v.problemsSolved ?? '',
            followUps: v.followUps ?? '',
            attachmentIds: v.attachmentIds ?? [],
          },
          { onSuccess: onClose },
        )
      }
    >
      <Form.Item name="siteId" label="安置点" rules={[{ required: true, message: '请选择安置点' }]}>
        <Select
          data-testid="visit-site"
          showSearch={{ optionFilterProp: 'label' }}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
          placeholder="请选择本人联系的安置点"
        />
      </Form.Item>
      <Form.Item name="visitedAt" label="走访时间" rules={[{ required: true, message: '请填写走访时间' }]}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          data-testid="visit-time"
        />
      </Form.Item>
      <Form.Item
        name="problemsFound"
        label="发现的问题"
        rules={[{ required: true, whitespace: true, message: '请填写发现的问题（没有问题请写“无”）' }]}
      >
        <Input.TextArea rows={3} maxLength={5000} data-testid="visit-found" />
      </Form.Item>
      <Form.Item name="problemsSolved" label="解决的问题">
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      <Form.Item name="followUps" label="后续跟进事项">
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      <Form.Item name="attachmentIds" label="附件（照片、记录等）">
        <AttachmentPicker />
      </Form.Item>
    </FormModal>
  );
}
