import { ruleKindLabels, rulePeriodLabels, ruleScopeLabels } from '@anzhi/contracts/rules';
import type { Rule } from '@anzhi/contracts/rules';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { ParameterValues } from '../components/ParameterValues';
import { RuleHistoryDrawer } from '../components/RuleHistoryDrawer';
import { RuleParametersModal } from '../components/RuleParametersModal';
import { useRules } from '../hooks/useRules';

type Dialog = { kind: 'edit'; rule: Rule } | { kind: 'history'; rule: Rule } | null;

/** `/settings/rules` (规则与阈值): the registered rules, their thresholds and versions; administrators edit them. */
export function RulesSettingsPage() {
  const rules = useRules();
  const [dialog, setDialog] = useState<Dialog>(null);
  const items = rules.data ?? [];

  const columns: TableColumnsType<Rule> = [
    { title: '编号', dataIndex: 'id', width: 70 },
    {
      title: '规则',
      key: 'title',
      render: (_: unknown, rule: Rule) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{rule.title}</Typography.Text>
          <Typography.Text type="secondary">
            {[rule.clause, ...rule.listRows].join('，')} · 规则 v{rule.version}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '来源',
      dataIndex: 'source',
      width: 150,
      render: (_: unknown, rule: Rule) => (
        <Tag color={rule.source === 'national' ? 'orange' : 'blue'} data-testid="rule-source">
          {rule.sourceLabel}
        </Tag>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 70,
      render: (_: unknown, rule: Rule) => (
        <Tag
          color={rule.kind === 'target' ? 'green' : 'red'}
          title={rule.kind === 'target' ? '目标类规则显示完成进度，不计为违规' : '未达到即为违规'}
        >
          {ruleKindLabels[rule.kind]}
        </Tag>
      ),
    },
    {
      title: '周期 / 对象',
      key: 'period',
      width: 130,
      render: (_: unknown, rule: Rule) => `${rulePeriodLabels[rule.period]} · ${ruleScopeLabels[rule.scope]}`,
    },
    {
      title: '当前参数',
      key: 'parameters',
      render: (_: unknown, rule: Rule) => (
        <ParameterValues descriptors={rule.parameterList} values={rule.current.parameters} />
      ),
    },
    {
      title: '参数版本',
      key: 'version',
      width: 110,
      render: (_: unknown, rule: Rule) =>
        rule.current.version === 0 ? (
          <Typography.Text type="secondary">第 0 版（默认）</Typography.Text>
        ) : (
          `第 ${rule.current.version} 版`
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_: unknown, rule: Rule) => (
        <Space>
          {rule.abilities.configure && rule.parameterList.length > 0 && (
            <Typography.Link onClick={() => setDialog({ kind: 'edit', rule })}>修改参数</Typography.Link>
          )}
          <Typography.Link onClick={() => setDialog({ kind: 'history', rule })}>历史版本</Typography.Link>
        </Space>
      ),
    },
  ];

  return (
    <Card title="规则与阈值">
      <Typography.Paragraph type="secondary">
        {'系统按以下规则检查各项工作。“要求”未达到即为违规；“目标”（原则上、力争）只显示完成进度，不计为违规。' +
          '阈值修改后生成新版本，已有的检查结果仍保留其计算时使用的参数版本。'}
      </Typography.Paragraph>
      <ApiErrorAlert error={rules.error} />
      <Table<Rule>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={rules.isPending}
        size="middle"
        pagination={false}
        data-testid="rules-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无已登记的规则，规则将随各业务功能上线" />
          ),
        }}
      />
      {dialog?.kind === 'edit' && <RuleParametersModal rule={dialog.rule} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'history' && <RuleHistoryDrawer rule={dialog.rule} onClose={() => setDialog(null)} />}
    </Card>
  );
}
