import { DownloadOutlined } from '@ant-design/icons';
import { importKindLabels } from '@anzhi/contracts/imports';
import type { ImportBatch } from '@anzhi/contracts/imports';
import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Space } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Watermark } from '../../../components/Watermark';
import { formatLocalDateTime } from '../../notifications/time';
import { errorsUrl, isImportActive } from '../api';
import { ConfirmImportButtons } from '../components/ConfirmImportButtons';
import { ImportCounts } from '../components/ImportCounts';
import { ImportProgressBar } from '../components/ImportProgressBar';
import { ImportRowsTable } from '../components/ImportRowsTable';
import { ImportStatusTag } from '../components/ImportStatusTag';
import { useImport } from '../hooks/useImports';

/** Statuses in which the dry run's rows exist. */
const classified: readonly ImportBatch['status'][] = ['parsed', 'applying', 'applied'];

function BatchFacts({ batch }: { batch: ImportBatch }) {
  const when = (label: string, at: string | null) =>
    at === null ? [] : [{ key: label, label, children: formatLocalDateTime(at) }];
  return (
    <Descriptions
      size="small"
      column={3}
      items={[
        { key: 'kind', label: '类型', children: importKindLabels[batch.kind] },
        { key: 'by', label: '上传人', children: batch.createdByName ?? '—' },
        { key: 'status', label: '状态', children: <ImportStatusTag status={batch.status} /> },
        { key: 'at', label: '上传时间', children: formatLocalDateTime(batch.createdAt) },
        ...when('试导入完成', batch.parsedAt),
        ...when('导入完成', batch.appliedAt),
        ...when('取消时间', batch.cancelledAt),
      ]}
    />
  );
}

/** What happened to the batch, in one block: progress, the failure, the cancellation or the applied result. */
function BatchOutcome({ batch }: { batch: ImportBatch }) {
  if (isImportActive(batch)) return <ImportProgressBar batch={batch} />;
  if (batch.status === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        title="导入失败"
        description={batch.error ?? '未知错误'}
        data-testid="import-failed"
      />
    );
  }
  if (batch.status === 'cancelled') {
    return <Alert type="info" showIcon title="本次导入已取消，花名册没有任何改动。" data-testid="import-cancelled" />;
  }
  if (batch.status === 'applied') {
    const c = batch.counts;
    return (
      <Result
        status="success"
        title={`已导入 ${c.householdsApplied} 户`}
        subTitle={`新增 ${c.new} 人，变更 ${c.changed} 人${c.householdsWithErrors > 0 ? `；${c.householdsWithErrors} 户因有错误未导入` : ''}。`}
        extra={
          <Link to="/households">
            <Button type="primary">查看搬迁户名单</Button>
          </Link>
        }
        data-testid="import-applied"
      />
    );
  }
  return null;
}

/** `/imports/:id`: one batch — progress while the server works, the dry run to check, then confirm or cancel. */
export function ImportDetailPage() {
  const { id = '' } = useParams();
  const query = useImport(id);
  const batch = query.data;

  if (query.error) {
    return (
      <Card title="导入批次">
        <ApiErrorAlert error={query.error} />
        <Link to="/imports">返回导入记录</Link>
      </Card>
    );
  }
  if (batch === undefined) return <Skeleton active />;

  return (
    <Watermark>
      <Flex vertical gap={16}>
        <Card
          title={batch.fileName}
          extra={
            <Space>
              {batch.abilities.downloadErrors && (
                <Button icon={<DownloadOutlined />} href={errorsUrl(batch.id)} data-testid="import-errors-download">
                  下载错误清单
                </Button>
              )}
              <Link to="/imports">返回导入记录</Link>
            </Space>
          }
        >
          <BatchFacts batch={batch} />
          <BatchOutcome batch={batch} />
          {batch.unknownColumns.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              title={`文件中有 ${batch.unknownColumns.length} 列不属于花名册，已忽略：${batch.unknownColumns.join('、')}`}
            />
          )}
        </Card>
        {classified.includes(batch.status) && (
          <Card title="试导入结果" extra={<ConfirmImportButtons batch={batch} />}>
            <ImportCounts counts={batch.counts} applied={batch.status === 'applied'} />
            <div style={{ marginTop: 16 }}>
              <ImportRowsTable batch={batch} />
            </div>
          </Card>
        )}
      </Flex>
    </Watermark>
  );
}
