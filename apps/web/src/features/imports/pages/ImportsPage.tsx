import { importRowClassLabels } from '@anzhi/contracts/imports';
import type { ImportBatch } from '@anzhi/contracts/imports';
import { Card, Flex, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Watermark } from '../../../components/Watermark';
import { formatLocalDateTime } from '../../notifications/time';
import { ImportProgressBar } from '../components/ImportProgressBar';
import { ImportStatusTag } from '../components/ImportStatusTag';
import { ImportUploadCard } from '../components/ImportUploadCard';
import { isImportActive } from '../api';
import { useImports } from '../hooks/useImports';

function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const columns: TableColumnsType<ImportBatch> = [
  {
    title: '文件',
    dataIndex: 'fileName',
    render: (name: string, b) => (
      <Space orientation="vertical" size={0}>
        <Link to={`/imports/${b.id}`}>{name}</Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {b.format.toUpperCase()} · {formatFileSize(b.fileSize)}
        </Typography.Text>
      </Space>
    ),
  },
  {
    title: '状态',
    key: 'status',
    width: 200,
    render: (_, b) => (isImportActive(b) ? <ImportProgressBar batch={b} /> : <ImportStatusTag status={b.status} />),
  },
  {
    title: '行数',
    key: 'counts',
    width: 300,
    render: (_, { counts: c }) =>
      c.rows === 0 ? (
        '—'
      ) : (
        <span>
          共 {c.rows} 行 · {importRowClassLabels.new} {c.new} · {importRowClassLabels.changed} {c.changed} ·{' '}
          <Typography.Text type={c.error > 0 ? 'danger' : undefined}>
            {importRowClassLabels.error} {c.error}
          </Typography.Text>
        </span>
      ),
  },
  { title: '上传人', dataIndex: 'createdByName', width: 150, render: (n: string | null) => n ?? '—' },
  { title: '上传时间', dataIndex: 'createdAt', width: 150, render: (at: string) => formatLocalDateTime(at) },
  { title: '操作', key: 'actions', width: 80, render: (_, b) => <Link to={`/imports/${b.id}`}>查看</Link> },
];

/** `/imports` 花名册导入: the template, the upload, and the batches (polled while one is parsing or applying). */
export function ImportsPage() {
  const { paging } = useUrlFilters();
  const batches = useImports({ page: paging.page, pageSize: paging.pageSize });
  return (
    <Watermark>
      <Flex vertical gap={16}>
        <ImportUploadCard />
        <Card title="导入记录">
          <ApiErrorAlert error={batches.error} />
          <PagedTable<ImportBatch>
            rowKey="id"
            columns={columns}
            query={batches}
            loading={batches.isLoading}
            {...paging}
            unitLabel="个批次"
            totalTestId="imports-total"
            emptyText="还没有导入记录：下载模板，填好后上传"
            scrollX={1000}
            data-testid="imports-table"
          />
        </Card>
      </Flex>
    </Watermark>
  );
}
