import {
  comparisonRowStatusLabels,
  comparisonRowStatuses,
  type ComparisonBatch,
  type ComparisonKind,
  type ComparisonRow,
  type ComparisonRowFilter,
  type ComparisonRowStatus,
} from '@anzhi/contracts/comparison';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Segmented, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { comparisonKeys, fetchBatchRows } from '../api';

/** The drawer's choice: a server filter, or `all` (no filter). */
type RowChoice = ComparisonRowFilter | 'all';

const choiceLabels: Record<RowChoice, string> = {
  problem: '问题行（非搬迁人口、无效、重复）',
  all: '全部',
  matched: '匹配',
  unmatched: '非搬迁人口',
  invalid: '无效',
  duplicate: '重复',
};
const choices: RowChoice[] = ['problem', 'all', ...comparisonRowStatuses];

const emptyTexts: Record<RowChoice, string> = {
  problem: '没有问题行：所有行均已匹配',
  all: '该批次没有数据行',
  matched: '没有已匹配的行',
  unmatched: '没有非搬迁人口的行',
  invalid: '没有无效的行',
  duplicate: '没有重复的行',
};

const statusColors: Record<ComparisonRowStatus, string> = {
  matched: 'success',
  unmatched: 'orange',
  invalid: 'error',
  duplicate: 'gold',
};

const columns: TableColumnsType<ComparisonRow> = [
  { title: '行号', dataIndex: 'rowNumber', width: 80, align: 'right' },
  { title: '身份证号码', dataIndex: 'idNumberMasked', width: 190, render: (v: string | null) => v ?? '—' },
  {
    title: '结果',
    dataIndex: 'status',
    width: 110,
    render: (s: ComparisonRowStatus) => <Tag color={statusColors[s]}>{comparisonRowStatusLabels[s]}</Tag>,
  },
  { title: '原因', dataIndex: 'reason', render: (v: string | null) => v ?? '' },
];

const n = (v: number) => v.toLocaleString('zh-CN');

/** The rows exist once the batch is processed (a superseded batch keeps its own). */
const hasRows = (b: ComparisonBatch) => b.status === 'processed' || b.status === 'superseded';

/**
 * 逐行结果 of one batch: the problem rows first (a file can hold a million rows, ~94 % matched), any status on
 * demand, one server page at a time. Mount it with `key={batch.id}` so that the filter and page start afresh.
 */
export function BatchRowsDrawer({
  batch,
  kinds,
  onClose,
}: {
  batch: ComparisonBatch | null;
  kinds: ComparisonKind[];
  onClose: () => void;
}) {
  const [choice, setChoice] = useState<RowChoice>('problem');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const filter = { status: choice === 'all' ? undefined : choice, page, pageSize };
  const rows = useQuery({
    queryKey: comparisonKeys.rows(batch?.id ?? '', filter),
    queryFn: ({ signal }) => fetchBatchRows(batch!.id, filter, signal),
    enabled: batch !== null && hasRows(batch),
    placeholderData: keepPreviousData,
  });
  const kind = kinds.find((k) => k.key === batch?.kindKey);
  const c = batch?.counts;
  return (
    <Drawer open={batch !== null} onClose={onClose} size="large" title={`逐行结果：${batch?.fileName ?? ''}`}>
      {batch && (
        <Typography.Paragraph type="secondary">
          表头在第 {batch.headerRow ?? '—'} 行；列对应：
          {Object.entries(batch.mapping)
            .map(([h, k]) => `${h} → ${kind?.columns.find((col) => col.key === k)?.label ?? k}`)
            .join('，')}
          {batch.ignoredColumns.length > 0 && `；未使用的列：${batch.ignoredColumns.join('、')}`}
        </Typography.Paragraph>
      )}
      {batch && !hasRows(batch) ? (
        <Alert
          type={batch.status === 'failed' ? 'error' : 'info'}
          showIcon
          title={
            batch.status === 'failed'
              ? `比对失败：${batch.error ?? '原因不明'}`
              : batch.status === 'withdrawn'
                ? '该批次已撤回，没有逐行结果'
                : '正在比对，完成后显示逐行结果'
          }
          data-testid="comparison-rows-pending"
        />
      ) : (
        c && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text data-testid="comparison-rows-counts">
              共 {n(c.rows)} 行：匹配 {n(c.matched)}，非搬迁人口 {n(c.unmatched)}，无效 {n(c.invalid)}，重复{' '}
              {n(c.duplicate)}；问题行 {n(c.unmatched + c.invalid + c.duplicate)}
            </Typography.Text>
            <Segmented<RowChoice>
              value={choice}
              onChange={(v) => {
                setChoice(v);
                setPage(1);
              }}
              options={choices.map((value) => ({ value, label: choiceLabels[value] }))}
              data-testid="comparison-rows-filter"
            />
            <ApiErrorAlert error={rows.error} />
            <PagedTable<ComparisonRow>
              rowKey="rowNumber"
              columns={columns}
              query={rows}
              page={page}
              pageSize={pageSize}
              onPageChange={(p) => {
                setPage(p.page);
                if (p.pageSize !== undefined) setPageSize(p.pageSize);
              }}
              unitLabel="行"
              totalTestId="comparison-rows-total"
              emptyText={emptyTexts[choice]}
              data-testid="comparison-rows"
            />
          </Space>
        )
      )}
    </Drawer>
  );
}
