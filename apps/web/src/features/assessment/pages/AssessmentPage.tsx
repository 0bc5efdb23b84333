import type { AssessmentRankRow } from '@anzhi/contracts/assessment';
import { assessmentUnitKindLabels } from '@anzhi/contracts/assessment';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { formatLocalDateTime } from '../../notifications/time';
import { assessmentKeys, computeYear, fetchResult, fetchWeights, fetchYears } from '../api';
import { EvidenceDrawer, type EvidenceTarget } from '../components/EvidenceDrawer';
import { WeightsModal } from '../components/WeightsModal';

/** `/assessment`: the yearly ranking of townships and units (§27) with the evidence behind each score. */
export function AssessmentPage() {
  const queryClient = useQueryClient();
  const years = useQuery({
    queryKey: assessmentKeys.years,
    queryFn: ({ signal }) => fetchYears(signal),
    meta: { inlineError: true },
  });
  const weights = useQuery({ queryKey: assessmentKeys.weights, queryFn: ({ signal }) => fetchWeights(signal) });
  const [picked, setPicked] = useState<number | null>(null);
  const year = picked ?? years.data?.items[0]?.year ?? null;
  const hasRun = !!years.data?.items.find((y) => y.year === year)?.runId;
  const result = useQuery({
    queryKey: assessmentKeys.result(year ?? 0),
    queryFn: ({ signal }) => fetchResult(year!, signal),
    enabled: year !== null && hasRun,
    meta: { inlineError: true },
  });
  const compute = useMutation({
    mutationFn: computeYear,
    meta: { inlineError: true },
    onSuccess: () => setTimeout(() => void queryClient.invalidateQueries({ queryKey: assessmentKeys.all }), 3000),
  });
  const [evidence, setEvidence] = useState<EvidenceTarget | null>(null);
  const [editing, setEditing] = useState(false);
  const r = result.data;
  const columns: TableColumnsType<AssessmentRankRow> = [
    { title: '名次', dataIndex: 'rank', width: 70, render: (n: number | null) => n ?? '—' },
    {
      title: '单位',
      dataIndex: 'unitName',
      render: (n: string, row) => (
        <span>
          {n} <Tag>{assessmentUnitKindLabels[row.unitKind]}</Tag>
        </span>
      ),
    },
    {
      title: '综合得分',
      dataIndex: 'total',
      width: 100,
      render: (t: number | null) => (t === null ? '—' : <b>{t}</b>),
    },
    ...(r?.indicators ?? []).map((ind, i) => ({
      title: (
        <span>
          {ind.name}
          <br />
          <Typography.Text type="secondary">权重 {ind.weight}</Typography.Text>
        </span>
      ),
      key: ind.id,
      width: 150,
      render: (_: unknown, row: AssessmentRankRow) => {
        if (!ind.available) return <Typography.Text type="secondary">数据尚未接入</Typography.Text>;
        const cell = row.cells[i];
        if (!cell || cell.score === null) return <Typography.Text type="secondary">无数据</Typography.Text>;
        return (
          <Button
            type="link"
            size="small"
            onClick={() => setEvidence({ unitKind: row.unitKind, unitKey: row.unitKey, indicatorId: ind.id })}
          >
            {cell.score}
          </Button>
        );
      },
    })),
  ];
  return (
    <Card
      title="年度考核（实施方案第 27 条）"
      extra={
        <Space>
          <Select
            value={year}
            style={{ width: 120 }}
            options={(years.data?.items ?? []).map((y) => ({ value: y.year, label: `${y.year} 年` }))}
            onChange={setPicked}
          />
          {weights.data && (
            <Button onClick={() => setEditing(true)} disabled={!weights.data.abilities.update}>
              指标权重
            </Button>
          )}
          {years.data?.abilities.compute && year !== null && (
            <Button type="primary" loading={compute.isPending} onClick={() => compute.mutate(year)}>
              {hasRun ? '重新计算' : '计算'}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <ApiErrorAlert error={years.error ?? result.error ?? compute.error} />
        {compute.isSuccess && (
          <Alert type="info" showIcon title="已提交计算任务，完成后自动刷新（可在“后台任务”查看进度）" />
        )}
        {r && (
          <Typography.Text type="secondary">
            计算于 {formatLocalDateTime(r.computedAt)}，权重第 {r.weightVersion}{' '}
            版。综合得分为该单位有数据的指标按权重加权平均；点击分数查看依据。
          </Typography.Text>
        )}
        {year !== null && !hasRun && <Alert type="warning" showIcon title={`${year} 年尚未计算考核`} />}
        <Table<AssessmentRankRow>
          rowKey={(row) => `${row.unitKind}:${row.unitKey}`}
          size="small"
          columns={columns}
          dataSource={r?.rows ?? []}
          loading={result.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: '暂无考核结果' }}
          data-testid="assessment-ranking"
        />
      </Space>
      {evidence && year !== null && <EvidenceDrawer year={year} target={evidence} onClose={() => setEvidence(null)} />}
      {editing && weights.data && <WeightsModal current={weights.data} onClose={() => setEditing(false)} />}
    </Card>
  );
}
