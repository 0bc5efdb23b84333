import { Empty, Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';

/** What the table reads from a TanStack query of one server page (`{ items, total, … }`). */
export interface PageQueryResult<T> {
  data: { items: readonly T[]; total: number } | undefined;
  isFetching: boolean;
}

/** A page turn gives `{ page }`; a new page size gives `{ page: 1, pageSize }`. */
export type PageChange = { page: number; pageSize?: number };

/** The paging state a list keeps (in the address or in component state). */
export interface Paging {
  page: number;
  pageSize: number;
  onPageChange: (change: PageChange) => void;
}

export interface PagedTableProps<T> extends Paging {
  rowKey: TableProps<T>['rowKey'];
  columns: TableColumnsType<T>;
  query: PageQueryResult<T>;
  /** Defaults to `query.isFetching`; a polling list passes `isLoading` so that a poll does not flash the spinner. */
  loading?: boolean;
  /** The pagination shows `共 {total} {unitLabel}`, e.g. `个安置点`. */
  unitLabel: string;
  totalTestId?: string;
  emptyText: string;
  /** Shown instead of `emptyText` while `filtered`. */
  filteredEmptyText?: string;
  filtered?: boolean;
  scrollX?: number;
  onRow?: TableProps<T>['onRow'];
  /** Server-side sorting: called when a sortable column's header is clicked (no key: back to the default). */
  onSortChange?: (sort: { key: string | undefined; order: 'asc' | 'desc' | undefined }) => void;
  'data-testid': string;
}

/** An antd Table over one page of a server-paged list, with the page controls every list uses. */
export function PagedTable<T extends object>({
  rowKey,
  columns,
  query,
  loading = query.isFetching,
  page,
  pageSize,
  onPageChange,
  unitLabel,
  totalTestId,
  emptyText,
  filteredEmptyText,
  filtered = false,
  scrollX,
  onRow,
  onSortChange,
  'data-testid': testId,
}: PagedTableProps<T>) {
  return (
    <Table<T>
      rowKey={rowKey}
      columns={columns}
      dataSource={query.data?.items ?? []}
      loading={loading}
      size="middle"
      {...(scrollX === undefined ? {} : { scroll: { x: scrollX } })}
      {...(onRow === undefined ? {} : { onRow })}
      {...(onSortChange === undefined
        ? {}
        : {
            onChange: (_pagination, _filters, sorter, extra) => {
              if (extra.action !== 'sort' || Array.isArray(sorter)) return;
              const order = sorter.order === 'descend' ? 'desc' : sorter.order === 'ascend' ? 'asc' : undefined;
              onSortChange({ key: order === undefined ? undefined : String(sorter.columnKey), order });
            },
          })}
      locale={{
        emptyText: (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered && filteredEmptyText !== undefined ? filteredEmptyText : emptyText}
          />
        ),
      }}
      pagination={{
        current: page,
        pageSize,
        total: query.data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => (
          <span data-testid={totalTestId}>
            共 {total} {unitLabel}
          </span>
        ),
        onChange: (nextPage, nextSize) =>
          onPageChange(nextSize === pageSize ? { page: nextPage } : { page: 1, pageSize: nextSize }),
      }}
      data-testid={testId}
    />
  );
}
