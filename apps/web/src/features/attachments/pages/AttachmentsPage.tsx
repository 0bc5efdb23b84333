import { DeleteOutlined, DownloadOutlined, InboxOutlined, LockOutlined } from '@ant-design/icons';
import type { Attachment, AttachmentPurpose } from '@anzhi/contracts/attachments';
import {
  attachmentExtensions,
  attachmentPurposeLabels,
  attachmentPurposePolicies,
  attachmentPurposes,
  formatMegabytes,
} from '@anzhi/contracts/attachments';
import { csrfHeader } from '@anzhi/contracts/auth';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType, UploadProps } from 'antd';
import { useState } from 'react';
import { Watermark } from '../../../components/Watermark';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { formatLocalDateTime } from '../../notifications/time';
import { attachmentKeys, downloadUrl, uploadUrl } from '../api';
import { useDeleteAttachment, useMyUploads } from '../hooks/useAttachments';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function allowedFor(purpose: AttachmentPurpose): readonly string[] {
  return attachmentPurposePolicies[purpose].extensions ?? attachmentExtensions;
}

/** The same checks the server makes, so most refusals come before the upload starts. */
function precheck(file: File, purpose: AttachmentPurpose): string | null {
  const dot = file.name.lastIndexOf('.');
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  const allowed = allowedFor(purpose);
  if (!allowed.includes(ext)) {
    return `不支持的文件类型：${ext || '（无扩展名）'}（允许：${allowed.filter((e) => e !== '.jpeg').join('、')}）`;
  }
  const max = attachmentPurposePolicies[purpose].maxBytes;
  if (file.size > max) return `文件超过 ${formatMegabytes(max)} 上限`;
  if (file.size === 0) return '文件为空';
  return null;
}

function errorMessageOfUpload(response: unknown): string {
  if (response && typeof response === 'object' && 'message' in response && typeof response.message === 'string') {
    return response.message;
  }
  return '上传失败，请稍后重试';
}

/** `/attachments` 附件: upload a file (checked by type and size) and download or delete one's own uploads. */
export function AttachmentsPage() {
  const me = useCurrentMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [purpose, setPurpose] = useState<AttachmentPurpose>('general');
  const [personalData, setPersonalData] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const uploads = useMyUploads(page, pageSize);
  const remove = useDeleteAttachment();
  const policy = attachmentPurposePolicies[purpose];

  const uploadProps: UploadProps = {
    name: 'file',
    action: uploadUrl,
    headers: { [csrfHeader]: me.csrfToken },
    data: { purpose, personalData: String(personalData) },
    accept: allowedFor(purpose).join(','),
    multiple: true,
    beforeUpload: (file) => {
      const problem = precheck(file, purpose);
      if (problem === null) return true;
      void message.error(`${file.name}：${problem}`);
      return Upload.LIST_IGNORE;
    },
    onChange: (info) => {
      if (info.file.status === 'done') {
        void message.success(`${info.file.name} 上传成功`);
        void queryClient.invalidateQueries({ queryKey: attachmentKeys.all });
      } else if (info.file.status === 'error') {
        void message.error(`${info.file.name}：${errorMessageOfUpload(info.file.response)}`);
      }
    },
  };

  const columns: TableColumnsType<Attachment> = [
    {
      title: '文件名',
      dataIndex: 'filename',
      render: (name: string, a) => (
        <Space size={4}>
          {name}
          {a.personalData && (
            <Tag icon={<LockOutlined />} color="gold">
              个人信息 · 加密存储
            </Tag>
          )}
        </Space>
      ),
    },
    { title: '大小', dataIndex: 'size', width: 100, render: (size: number) => formatSize(size) },
    {
      title: '用途',
      dataIndex: 'purpose',
      width: 110,
      render: (p: AttachmentPurpose) => attachmentPurposeLabels[p],
    },
    { title: '上传时间', dataIndex: 'uploadedAt', width: 160, render: (at: string) => formatLocalDateTime(at) },
    {
      title: '保存期限',
      key: 'retention',
      width: 170,
      render: (_: unknown, a) =>
        a.purgedAt !== null ? (
          <Tag>已清除</Tag>
        ) : a.purgeAfter !== null ? (
          `${formatLocalDateTime(a.purgeAfter)} 清除`
        ) : (
          '长期'
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_: unknown, a) => (
        <Space>
          {a.abilities.download && (
            <Button size="small" icon={<DownloadOutlined />} href={downloadUrl(a.id)} data-testid="attachment-download">
              下载
            </Button>
          )}
          {a.abilities.delete && (
            <Popconfirm title="删除这个附件？" okText="删除" cancelText="取消" onConfirm={() => remove.mutate(a.id)}>
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                loading={remove.isPending && remove.variables === a.id}
              >
                删除
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Watermark>
      <Flex vertical gap={16}>
        <Card title="上传附件">
          <Form layout="inline" style={{ marginBottom: 16 }}>
            <Form.Item label="用途">
              <Select<AttachmentPurpose>
                value={purpose}
                onChange={setPurpose}
                style={{ width: 140 }}
                options={attachmentPurposes.map((p) => ({ value: p, label: attachmentPurposeLabels[p] }))}
                data-testid="attachment-purpose"
              />
            </Form.Item>
            <Form.Item>
              <Checkbox
                checked={personalData}
                onChange={(e) => setPersonalData(e.target.checked)}
                data-testid="attachment-personal"
              >
                含身份证号等个人信息（加密存储）
              </Checkbox>
            </Form.Item>
          </Form>
          <Upload.Dragger {...uploadProps} data-testid="attachment-upload">
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽文件到此处上传</p>
            <p className="ant-upload-hint">
              允许：
              {allowedFor(purpose)
                .filter((e) => e !== '.jpeg')
                .join('、')}
              ；单个文件不超过 {formatMegabytes(policy.maxBytes)}
              {policy.retentionDays !== null && `；${policy.retentionDays} 天后自动清除文件内容`}
            </p>
          </Upload.Dragger>
        </Card>
        <Card title="我上传的附件">
          <ApiErrorAlert error={uploads.error} />
          <Table<Attachment>
            rowKey="id"
            size="middle"
            data-testid="attachments-table"
            loading={uploads.isFetching}
            columns={columns}
            dataSource={uploads.data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有上传过附件" /> }}
            pagination={{
              current: page,
              pageSize,
              total: uploads.data?.total ?? 0,
              showTotal: (total) => `共 ${total} 个`,
              onChange: (p, size) => {
                setPage(size === pageSize ? p : 1);
                setPageSize(size);
              },
            }}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            含个人信息的附件在服务器上加密保存，每次下载都记入审计日志。
          </Typography.Paragraph>
        </Card>
      </Flex>
    </Watermark>
  );
}
