import type { PlanItem } from '@anzhi/contracts/supervision';
import { Alert, App, Button, Card, InputNumber, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { uuidv7 } from '@anzhi/domain/ids';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { errorMessageOf } from '../../../api/feedback';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { PlanItemModal } from '../components/PlanItemModal';
import { PlanSelect, defaultPlan } from '../components/PlanSelect';
import { usePlanItems, usePlans, usePublishPlan, useRollPlan } from '../hooks/useSupervision';

const groupFromLabel: Record<PlanItem['groupFrom'], string | null> = {
  list: null,
  body: '清单原文此行无类别，取自实施方案正文章节',
  manual: '管理员补充',
};

const columns: TableColumnsType<PlanItem> = [
  { title: '序号', dataIndex: 'row', width: 64 },
  {
    title: '类别',
    dataIndex: 'group',
    width: 140,
    render: (group: string, item) =>
      groupFromLabel[item.groupFrom] ? (
        <Tooltip title={groupFromLabel[item.groupFrom]}>
          <span>
            {group} <Typography.Text type="secondary">*</Typography.Text>
          </span>
        </Tooltip>
      ) : (
        group
      ),
  },
  { title: '工作计划', dataIndex: 'text' },
  {
    title: '牵头单位',
    width: 140,
    render: (_: unknown, item) => item.leadUnits.map((u) => u.name).join('、'),
  },
  {
    title: '责任单位',
    width: 260,
    render: (_: unknown, item) => (
      <Space orientation="vertical" size={2}>
        <span>
          {[
            ...item.responsibleUnits.map((u) => u.name),
            ...(item.includesTownships ? ['有关乡(镇)党委、政府'] : []),
          ].join('、')}
        </span>
        {item.unresolvedNames.map((n) => (
          <Tooltip key={n} title="单位别名表无法识别此名称，已保留待核实">
            <Tag color="warning">未识别：{n}</Tag>
          </Tooltip>
        ))}
      </Space>
    ),
  },
  {
    title: '完成时限',
    width: 220,
    render: (_: unknown, item) => (
      <Space orientation="vertical" size={2}>
        <span>{item.deadlineText}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.deadlineReading}
        </Typography.Text>
      </Space>
    ),
  },
];

/** 责任清单: the plan's rows with group, units and the deadline with its reading; plan managers publish and roll. */
export function PlanPage() {
  const me = useCurrentMe();
  const { message } = App.useApp();
  const canManage = me.permissions.includes('plan.manage');
  const plans = usePlans();
  const [params, setParams] = useSearchParams();
  const planId = params.get('plan') ?? defaultPlan(plans.data)?.id;
  const plan = plans.data?.find((p) => p.id === planId);
  const items = usePlanItems(planId);
  const publish = usePublishPlan();
  const roll = useRollPlan();
  const [rollYear, setRollYear] = useState<number | null>(null);
  /** The row being edited; 'new' while adding one. */
  const [editing, setEditing] = useState<PlanItem | 'new' | null>(null);
  const tableColumns: TableColumnsType<PlanItem> = canManage
    ? [
        ...columns,
        {
          title: '操作',
          width: 72,
          render: (_: unknown, item) => (
            <Button type="link" size="small" onClick={() => setEditing(item)} data-testid="plan-item-edit">
              修改
            </Button>
          ),
        },
      ]
    : columns;

  return (
    <Card
      title="责任清单"
      extra={
        plans.data?.length ? (
          <PlanSelect plans={plans.data} value={planId} onChange={(id) => setParams({ plan: id }, { replace: true })} />
        ) : null
      }
    >
      <ApiErrorAlert error={plans.error ?? items.error} />
      {plan && (
        <Space style={{ marginBottom: 16 }} wrap>
          <Typography.Text>
            {plan.year} 年 · {plan.status === 'published' ? '已发布' : '草稿'}
            {plan.fromSource ? ' · 按原文加载（缺失的第30–35项未补造，可由管理员补充）' : ''}
          </Typography.Text>
          {canManage && plan.status === 'draft' && (
            <Popconfirm
              title="发布后，本年度的清单将按期生成任务"
              onConfirm={() =>
                publish.mutate(plan.id, {
                  onSuccess: () => void message.success('已发布'),
                  onError: (e) => void message.error(errorMessageOf(e)),
                })
              }
            >
              <Button type="primary" loading={publish.isPending} data-testid="plan-publish">
                发布
              </Button>
            </Popconfirm>
          )}
          {canManage && (
            <Space.Compact>
              <InputNumber
                min={plan.year + 1}
                max={2100}
                placeholder={`${plan.year + 1}`}
                value={rollYear}
                onChange={(v) => setRollYear(v)}
                data-testid="plan-roll-year"
              />
              <Button
                loading={roll.isPending}
                disabled={!rollYear}
                onClick={() =>
                  roll.mutate(
                    { planId: plan.id, year: rollYear!, id: uuidv7() },
                    {
                      onSuccess: (p) => {
                        void message.success(`已生成 ${p.year} 年清单（草稿）`);
                        setParams({ plan: p.id }, { replace: true });
                      },
                      onError: (e) => void message.error(errorMessageOf(e)),
                    },
                  )
                }
              >
                滚动到新年度
              </Button>
            </Space.Compact>
          )}
          {canManage && (
            <Button onClick={() => setEditing('new')} data-testid="plan-item-add">
              新增事项
            </Button>
          )}
        </Space>
      )}
      {items.data?.some((i) => i.unresolvedNames.length > 0) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="部分责任单位名称无法通过单位别名表识别，已原样保留，请核实后在单位管理中登记别名。"
        />
      )}
      <Table<PlanItem>
        rowKey="id"
        size="small"
        columns={tableColumns}
        dataSource={items.data ?? []}
        loading={plans.isLoading || items.isFetching}
        pagination={false}
        locale={{ emptyText: '暂无清单事项' }}
        data-testid="plan-items"
      />
      {editing && plan && (
        <PlanItemModal
          planId={plan.id}
          {...(editing === 'new' ? {} : { item: editing })}
          nextRow={Math.max(0, ...(items.data ?? []).map((i) => i.row)) + 1}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
