import type { ExperienceReport } from '@anzhi/contracts/assessment';
import { experienceGrades } from '@anzhi/contracts/assessment';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { AttachmentPicker } from '../../../components/AttachmentPicker';
import { FormModal } from '../../../components/FormModal';
import { PagedTable } from '../../../components/PagedTable';
import { AttachmentLinks } from '../../../components/AttachmentLinks';
import { formatLocalDateTime } from '../../notifications/time';
import { assessmentKeys, fetchExperience, markExperience, submitExperience } from '../api';

function useExperienceMutation<V>(fn: (v: V) => Promise<ExperienceReport>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assessmentKeys.experienceAll }),
  });
}

function SubmitModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ year: number; title: string; body: string; attachmentIds?: string[] }>();
  const mutation = useExperienceMutation(submitExperience);
  return (
    <FormModal
      form={form}
      title="报送经验做法材料"
      okText="报送"
      width={720}
      mutation={mutation}
      initialValues={{ year: new Date().getFullYear() }}
      onClose={onClose}
      onFinish={(v) =>
        mutation.mutate({ ...v, id: crypto.randomUUID(), attachmentIds: v.attachmentIds ?? [] }, { onSuccess: onClose })
      }
    >
      <Form.Item name="year" label="年度" rules={[{ required: true }]}>
        <InputNumber min={2000} max={2100} />
      </Form.Item>
      <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
        <Input.TextArea rows={10} maxLength={20000} />
      </Form.Item>
      <Form.Item name="attachmentIds" label="附件">
        <AttachmentPicker />
      </Form.Item>
    </FormModal>
  );
}

function MarkModal({ report, onClose }: { report: ExperienceReport; onClose: () => void }) {
  const [form] = Form.useForm<{
    score: number | null;
    grade: (typeof experienceGrades)[number] | null;
    comment: string;
  }>();
  const mutation = useExperienceMutation(
    (v: { score: number | null; grade: (typeof experienceGrades)[number] | null; comment: string }) =>
      markExperience(report.id, v),
  );
  return (
    <FormModal
      form={form}
      title={`评定：${report.title}`}
      okText="保存评定"
      mutation={mutation}
      initialValues={{ score: report.score, grade: report.grade, comment: report.comment ?? '' }}
      onClose={onClose}
      onFinish={(v) =>
        mutation.mutate(
          { score: v.score ?? null, grade: v.grade ?? null, comment: v.comment ?? '' },
          { onSuccess: onClose },
        )
      }
    >
      <Form.Item name="score" label="分数（0–100）">
        <InputNumber min={0} max={100} />
      </Form.Item>
      <Form.Item name="grade" label="等次">
        <Select allowClear options={experienceGrades.map((g) => ({ value: g, label: g }))} />
      </Form.Item>
      <Form.Item name="comment" label="评语">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

/** `/experience-reports`: §28 — townships submit their good practices, the county marks them. */
export function ExperienceReportsPage() {
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = useQuery({
    queryKey: assessmentKeys.experience(paging.page, paging.pageSize),
    queryFn: ({ signal }) => fetchExperience(paging.page, paging.pageSize, signal),
    meta: { inlineError: true },
  });
  const [submitting, setSubmitting] = useState(false);
  const [marking, setMarking] = useState<ExperienceReport | null>(null);
  const [reading, setReading] = useState<ExperienceReport | null>(null);
  const columns: TableColumnsType<ExperienceReport> = [
    { title: '年度', dataIndex: 'year', width: 70 },
    {
      title: '标题',
      dataIndex: 'title',
      render: (t: string, r) => (
        <Button type="link" onClick={() => setReading(r)}>
          {t}
        </Button>
      ),
    },
    { title: '报送单位', dataIndex: 'submitterLabel', width: 120 },
    { title: '报送时间', dataIndex: 'submittedAt', width: 150, render: formatLocalDateTime },
    {
      title: '评定',
      width: 160,
      render: (_, r) =>
        r.markedAt ? (
          <Space>
            {r.grade && <Tag color="gold">{r.grade}</Tag>}
            {r.score !== null && <span>{r.score} 分</span>}
          </Space>
        ) : (
          <Tag>待评定</Tag>
        ),
    },
    {
      title: '',
      width: 90,
      render: (_, r) =>
        r.abilities.mark && (
          <Button size="small" onClick={() => setMarking(r)}>
            评定
          </Button>
        ),
    },
  ];
  return (
    <Card
      title="经验做法（实施方案第 28 条）"
      extra={
        query.data?.abilities.submit && (
          <Button type="primary" onClick={() => setSubmitting(true)}>
            报送材料
          </Button>
        )
      }
    >
      <ApiErrorAlert error={query.error} />
      <PagedTable<ExperienceReport>
        rowKey="id"
        columns={columns}
        query={query}
        page={paging.page}
        pageSize={paging.pageSize}
        onPageChange={(c) => setPaging({ page: c.page, pageSize: c.pageSize ?? paging.pageSize })}
        unitLabel="份材料"
        emptyText="暂无经验做法材料"
        data-testid="experience-reports"
      />
      {submitting && <SubmitModal onClose={() => setSubmitting(false)} />}
      {marking && <MarkModal report={marking} onClose={() => setMarking(null)} />}
      {reading && (
        <Drawer open size="large" title={reading.title} onClose={() => setReading(null)}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="报送单位">
              {reading.submitterLabel}（{reading.submittedByName}）
            </Descriptions.Item>
            {reading.markedAt && (
              <Descriptions.Item label="评定">
                {reading.grade ?? ''} {reading.score !== null ? `${reading.score} 分` : ''}（{reading.markedByName}）
              </Descriptions.Item>
            )}
            {reading.comment && <Descriptions.Item label="评语">{reading.comment}</Descriptions.Item>}
            <Descriptions.Item label="附件">
              <AttachmentLinks ids={reading.attachmentIds} />
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 16 }}>{reading.body}</Typography.Paragraph>
        </Drawer>
      )}
    </Card>
  );
}
