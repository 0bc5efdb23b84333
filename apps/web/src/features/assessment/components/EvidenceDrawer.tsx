import type { AssessmentEvidence, AssessmentUnitKind } from '@anzhi/contracts/assessment';
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Table, Tag } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { assessmentKeys, fetchEvidence } from '../api';

const numberText = (v: unknown) => (typeof v === 'number' ? String(v) : '—');

export interface EvidenceTarget {
  unitKind: AssessmentUnitKind;
  unitKey: string;
  indicatorId: string;
}

/** The records behind one unit's score on one indicator. */
export function EvidenceDrawer({
  year,
  target,
  onClose,
}: {
  year: number;
  target: EvidenceTarget;
  onClose: () => void;
}) {
  const q = useQuery({
    queryKey: assessmentKeys.evidence(year, target.unitKind, target.unitKey, target.indicatorId),
    queryFn: ({ signal }) => fetchEvidence(year, target, signal),
    meta: { inlineError: true },
  });
  const d = q.data;
  return (
    <Drawer open size="large" title={d ? `${d.unitName} · ${d.indicatorName}` : '得分依据'} onClose={onClose}>
      <ApiErrorAlert error={q.error} />
      {d && (
        <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="得分">{d.score ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="达标/应计">
            {numberText(d.values.met)}/{numberText(d.values.total)}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Table<AssessmentEvidence>
        rowKey={(r, i) => `${r.label}-${String(i)}`}
        size="small"
        loading={q.isFetching}
        dataSource={d?.items ?? []}
        pagination={{ pageSize: 50 }}
        data-testid="assessment-evidence"
        columns={[
          { title: '事项', dataIndex: 'label' },
          {
            title: '结果',
            dataIndex: 'outcome',
            width: 90,
            render: (o: AssessmentEvidence['outcome']) =>
              o === 'met' ? (
                <Tag color="green">达标</Tag>
              ) : o === 'not_met' ? (
                <Tag color="red">未达标</Tag>
              ) : (
                <Tag>说明</Tag>
              ),
          },
          { title: '说明', dataIndex: 'detail' },
        ]}
      />
    </Drawer>
  );
}
