import {
  revisitChangeKeys,
  revisitChangeLabels,
  revisitSituationKeys,
  revisitSituationLabels,
} from '@anzhi/contracts/revisits';
import type { Revisit } from '@anzhi/contracts/revisits';
import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { fetchRevisits, revisitKeys } from '../api';

/** What a revisit found, in the ledger's words: the items that changed or have a problem. */
function findings(r: Revisit): string {
  const changed = revisitChangeKeys
    .filter((k) => r.changes[k].changed)
    .map((k) => `${revisitChangeLabels[k]}：${r.changes[k].what ?? '有变化'}`);
  const problems = revisitSituationKeys
    .filter((k) => r.situations[k].changed)
    .map((k) => `${revisitSituationLabels[k]}：${r.situations[k].what ?? '存在问题'}`);
  const all = [...changed, ...problems];
  return all.length ? all.join('；') : '无变化、正常';
}

/** 每月回访台账 on screen: the month's revisits in the caller's scope, newest first. */
export function RevisitTable({ month }: { month: string }) {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: revisitKeys.list(month, page),
    queryFn: ({ signal }) => fetchRevisits(month, page, signal),
  });
  return (
    <>
      <ApiErrorAlert error={list.error} />
      <Table<Revisit>
        size="small"
        rowKey="id"
        scroll={{ x: 800 }}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 条`,
        }}
        columns={[
          { title: '户编号', dataIndex: 'householdNumber' },
          { title: '户主', dataIndex: 'headName' },
          { title: '安置点', dataIndex: 'siteName', render: (v: string | null) => v ?? '分散安置' },
          { title: '回访日期', dataIndex: 'visitDate' },
          { title: '方式', dataIndex: 'method' },
          { title: '回访人', dataIndex: 'visitorName' },
          { title: '五个变化 / 五种情况', key: 'findings', render: (_: unknown, r) => findings(r) },
          {
            title: '风险信号',
            key: 'risk',
            render: (_: unknown, r) =>
              r.riskSignals.length
                ? r.riskSignals.map((s) => (
                    <Tag key={s.kind} color="red">
                      {s.label}
                    </Tag>
                  ))
                : '—',
          },
        ]}
      />
    </>
  );
}
