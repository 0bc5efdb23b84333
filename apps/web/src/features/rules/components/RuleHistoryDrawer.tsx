import type { Rule, RuleParameterSet } from '@anzhi/contracts/rules';
import { Drawer, Empty, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useRuleHistory } from '../hooks/useRules';
import { ParameterValues } from './ParameterValues';

export interface RuleHistoryDrawerProps {
  rule: Rule;
  onClose: () => void;
}

/** 历史版本: every stored version of a rule's parameters, newest first, with the defaults below. */
export function RuleHistoryDrawer({ rule, onClose }: RuleHistoryDrawerProps) {
  const history = useRuleHistory(rule.id);
  const defaults = history.data?.defaults;

  const columns: TableColumnsType<RuleParameterSet> = [
    {
      title: '版本',
      dataIndex: 'version',
      width: 90,
      render: (version: number) => (
        <>
          第 {version} 版
          {version === rule.current.version && (
            <Tag color="green" style={{ marginLeft: 4 }}>
              当前
            </Tag>
          )}
        </>
      ),
    },
    {
      title: '参数',
      key: 'parameters',
      render: (_: unknown, set: RuleParameterSet) => (
        <ParameterValues descriptors={rule.parameterList} values={set.parameters} compareWith={defaults} />
      ),
    },
    { title: '修改说明', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
    {
      title: '修改人 / 时间',
      key: 'by',
      width: 150,
      render: (_: unknown, set: RuleParameterSet) => (
        <>
          <div>{set.createdByName ?? '—'}</div>
          <Typography.Text type="secondary">
            {set.createdAt ? dayjs(set.createdAt).format('YYYY-MM-DD HH:mm') : ''}
          </Typography.Text>
        </>
      ),
    },
  ];

  return (
    <Drawer open title={`参数历史版本：${rule.id} ${rule.title}`} size={760} onClose={onClose} destroyOnHidden>
      <ApiErrorAlert error={history.error} />
      <Table<RuleParameterSet>
        rowKey="version"
        columns={columns}
        dataSource={history.data?.versions ?? []}
        loading={history.isPending}
        size="small"
        pagination={false}
        data-testid="rule-history"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未修改过参数，一直使用默认值" />,
        }}
      />
      {defaults && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>默认值（第 0 版）</Typography.Title>
          <ParameterValues descriptors={rule.parameterList} values={defaults} />
        </div>
      )}
    </Drawer>
  );
}
