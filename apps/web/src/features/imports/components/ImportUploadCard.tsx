import { importXlsxMaxRows } from '@anzhi/contracts/imports';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { uuidv7 } from '@anzhi/domain/ids';
import { Alert, Button, Card, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { templateUrl } from '../api';
import { useUploadImport } from '../hooks/useImports';

const accepted = ['.xlsx', '.csv'];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot).toLowerCase() : '';
}

/** 下载模板 and the upload; a successful upload opens the batch, whose dry run starts on the server. */
export function ImportUploadCard() {
  const navigate = useNavigate();
  const upload = useUploadImport();
  /** The picked file and the id it is sent under: 重试 sends the same id, so no second batch appears. */
  const [picked, setPicked] = useState<{ file: File; id: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const send = (p: { file: File; id: string }) =>
    upload.mutate({ ...p, kind: 'registry' }, { onSuccess: (batch) => void navigate(`/imports/${batch.id}`) });

  return (
    <Card
      title="上传花名册"
      extra={
        <Button icon={<DownloadOutlined />} href={templateUrl} data-testid="import-template">
          下载模板
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        按模板填写（一行一人，户的信息可只填在户主行），或直接上传已有的花名册：表头上方的标题行、两行表头、列的顺序不同都可以识别。
        上传后系统先试导入，逐行列出新增、变更、无变化和错误，确认后才写入花名册。
      </Typography.Paragraph>
      <Upload.Dragger
        accept={accepted.join(',')}
        multiple={false}
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(file) => {
          setProblem(null);
          upload.reset();
          if (!accepted.includes(extensionOf(file.name))) {
            setProblem(`不支持的文件类型：${extensionOf(file.name) || '（无扩展名）'}，请上传 .xlsx 或 .csv 文件`);
          } else if (file.size === 0) {
            setProblem('文件为空');
          } else {
            const next = { file, id: uuidv7() };
            setPicked(next);
            send(next);
          }
          return Upload.LIST_IGNORE; // sent by the mutation, not by the Upload itself
        }}
        data-testid="import-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">
          {upload.isPending ? `正在上传 ${picked?.file.name ?? ''}…` : '点击或拖拽文件到此处上传'}
        </p>
        <p className="ant-upload-hint">
          .xlsx（最多 {importXlsxMaxRows.toLocaleString('zh-CN')} 行）或 .csv（UTF-8 或 GBK，行数不限）
        </p>
      </Upload.Dragger>
      {problem !== null && <Alert type="warning" showIcon title={problem} style={{ marginTop: 12 }} />}
      {upload.error !== null && (
        <div style={{ marginTop: 12 }}>
          <ApiErrorAlert
            error={upload.error}
            description={
              picked !== null && (
                <Button size="small" onClick={() => send(picked)} data-testid="import-upload-retry">
                  重新上传 {picked.file.name}
                </Button>
              )
            }
          />
        </div>
      )}
    </Card>
  );
}
