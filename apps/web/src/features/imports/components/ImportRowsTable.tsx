import { importRowClassLabels, importRowClasses } from '@anzhi/contracts/imports';
import type { ImportBatch, ImportFieldChange, ImportRowClass, ImportRowResult } from '@anzhi/contracts/imports';
import { Flex, Input, Segmented, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useImportRows } from '../hooks/useImports';

const classColors: Record<ImportRowClass, string> = {
  new: 'green',
  changed: 'gold',
  unchanged: 'default',
  error: 'red',
};

const dash = (v: string | null) => v ?? '—';

function Changes({ changes }: { changes: ImportFieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <Flex vertical gap={2}>
      {changes.map((c) => (
        <span key={c.field}>
          <Typography.Text strong>{c.label}</Typography.Text>：<Typography.Text delete>{dash(c.old)}</Typography.Text>
          {' → '}
          {dash(c.new)}
        </span>
      ))}
    </Flex>
  );
}

const columns: TableColumnsType<ImportRowResult> = [
  { title: '行号', dataIndex: 'rowNumber', width: 70, align: 'right' },
  { title: '户编号', dataIndex: 'householdNumber', width: 170, render: dash },
  { title: '姓名', dataIndex: 'personName', width: 90, render: dash },
  { title: '身份证号', dataIndex: 'idNumber', width: 180, render: dash },
  {
    title: '分类',
    key: 'class',
    width: 130,
    render: (_, r) => (
      <Space size={4} wrap>
        <Tag color={classColors[r.class]}>{importRowClassLabels[r.class]}</Tag>
        {r.householdSkipped && r.class !== 'error' && <Tag color="red">整户跳过</Tag>}
      </Space>
    ),
  },
  {
    title: '变更内容 / 错误',
    key: 'detail',
    render: (_, r) =>
      r.errors.length > 0 ? (
        <Flex vertical gap={2} data-testid="import-row-errors">
          {r.errors.map((e) => (
            <Typography.Text type="danger" key={e}>
              {e}
            </Typography.Text>
          ))}
        </Flex>
      ) : r.class === 'changed' ? (
        <Changes changes={r.changes} />
      ) : r.householdSkipped ? (
        <Typography.Text type="secondary">同户其他行有错误，本户不导入</Typography.Text>
      ) : null,
  },
];

function classOf(value: string | null): ImportRowClass | undefined {
  return importRowClasses.find((c) => c === value);
}

/** The dry run row by row, filtered by class (kept in the address) and searched by 户编号 or 姓名. */
export function ImportRowsTable({ batch }: { batch: ImportBatch }) {
  const { params, update, paging } = useUrlFilters();
  const rowClass = classOf(params.get('class'));
  const q = params.get('q') ?? undefined;
  const rows = useImportRows(batch.id, { class: rowClass, q, page: paging.page, pageSize: paging.pageSize });
  const count = (c: ImportRowClass) => batch.counts[c];

  return (
    <>
      <Flex wrap gap={12} style={{ marginBottom: 12 }}>
        <Segmented<string>
          value={rowClass ?? 'all'}
          onChange={(v) => update({ class: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: `全部 ${batch.counts.rows}` },
            ...importRowClasses.map((c) => ({ value: c, label: `${importRowClassLabels[c]} ${count(c)}` })),
          ]}
          data-testid="import-rows-class"
        />
        <Input.Search
          placeholder="户编号或姓名"
          allowClear
          key={q ?? ''}
          defaultValue={q}
          onSearch={(v) => update({ q: v.trim() })}
          style={{ width: 220 }}
        />
      </Flex>
      <ApiErrorAlert error={rows.error} />
      <PagedTable<ImportRowResult>
        rowKey="rowNumber"
        columns={columns}
        query={rows}
        {...paging}
        unitLabel="行"
        totalTestId="import-rows-total"
        emptyText="文件中没有数据行"
        filteredEmptyText="没有符合条件的行"
        filtered={rowClass !== undefined || q !== undefined}
        scrollX={1100}
        data-testid="import-rows-table"
      />
    </>
  );
}
