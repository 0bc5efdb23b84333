import type { HelpPlan, Measure, MeasureInput } from '@anzhi/contracts/monitoring-help';
import {
  measureTermLabels,
  measureTerms,
  measureTypeLabels,
  measureTypes,
  nationalRuleLabel,
  riskTypeLabels,
  type MeasureType,
  type RiskType,
} from '@anzhi/contracts/monitoring-vocabulary';
import { uuidv7 } from '@anzhi/domain/ids';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../api/feedback';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { FormModal } from '../../components/FormModal';
import { useCurrentMe } from '../auth/hooks/useCurrentMe';
import { usePairingCadres } from '../pairings/api';
import { todayLocal } from '../registry/events/fields';
import {
  useCancelMeasure,
  useCompleteMeasure,
  useCreateMeasure,
  useHelpPlan,
  useUpdateMeasure,
  useUpdatePlan,
} from './help-api';

const statusColors = { planned: 'default', in_progress: 'processing', done: 'success', cancelled: 'default' } as const;

interface MeasureFormValues {
  type: MeasureType;
  riskType?: RiskType | null;
  content: string;
  responsibleUserId?: string | null;
  responsibleName: string;
  startOn: string;
  dueOn: string;
  amount?: number | null;
  term: 'short' | 'long';
  emergency: boolean;
}

function ResponsibleSelect({
  value,
  onChange,
  onPick,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  onPick: (id: string | null, name: string | null) => void;
}) {
  const cadres = usePairingCadres(true);
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder="选择帮扶干部账号"
      loading={cadres.isPending}
      options={(cadres.data?.items ?? []).map((c) => ({ value: c.id, label: c.displayName }))}
      {...(value ? { value } : {})}
      onChange={(v: string | undefined, option) => {
        onChange?.(v ?? null);
        onPick(v ?? null, v && option && !Array.isArray(option) ? String(option.label) : null);
      }}
      data-testid="measure-responsible-user"
    />
  );
}

function MeasureModal({
  caseId,
  plan,
  measure,
  onClose,
}: {
  caseId: string;
  plan: HelpPlan;
  measure: Measure | null;
  onClose: () => void;
}) {
  const me = useCurrentMe();
  const [form] = Form.useForm<MeasureFormValues>();
  const [clientId] = useState(() => uuidv7());
  const create = useCreateMeasure(caseId);
  const update = useUpdateMeasure();
  const mutation = measure ? update : create;
  const today = todayLocal();
  const initial: Partial<MeasureFormValues> = measure
    ? {
        type: measure.type,
        riskType: measure.riskType,
        content: measure.content,
        responsibleUserId: measure.responsibleUserId,
        responsibleName: measure.responsibleName,
        startOn: measure.startOn,
        dueOn: measure.dueOn,
        amount: measure.amount,
        term: measure.term,
        emergency: measure.emergency,
      }
    : {
        riskType: plan.uncoveredRisks[0] ?? plan.riskTypes[0] ?? null,
        startOn: today,
        term: 'short',
        emergency: false,
        responsibleName: me.user.displayName,
        responsibleUserId: me.user.id,
      };
  const submit = (v: MeasureFormValues) => {
    const body: Omit<MeasureInput, 'id'> = {
      ...v,
      riskType: v.riskType ?? null,
      responsibleUserId: v.responsibleUserId ?? null,
      amount: v.amount ?? null,
      emergency: v.emergency ?? false,
    };
    const done = { onSuccess: () => (notifySuccess(measure ? '已保存' : '已新增帮扶措施'), onClose()) };
    if (measure) update.mutate({ id: measure.id, body: { ...body, version: measure.version } }, done);
    else create.mutate({ ...body, id: clientId }, done);
  };
  return (
    <FormModal<MeasureFormValues>
      form={form}
      title={measure ? '修改帮扶措施' : '新增帮扶措施'}
      okText="保存"
      mutation={mutation}
      initialValues={initial}
      onFinish={submit}
      onClose={onClose}
      intro={plan.hints.length > 0 ? plan.hints.join('；') : undefined}
    >
      <Form.Item label="措施类型" name="type" rules={[{ required: true, message: '请选择措施类型' }]}>
        <Select
          data-testid="measure-type"
          options={measureTypes.map((t) => ({ value: t, label: measureTypeLabels[t] }))}
        />
      </Form.Item>
      <Form.Item label="针对的风险" name="riskType">
        <Select allowClear options={plan.riskTypes.map((r) => ({ value: r, label: riskTypeLabels[r] }))} />
      </Form.Item>
      <Form.Item label="措施内容" name="content" rules={[{ required: true, message: '请填写措施内容' }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="measure-content" />
      </Form.Item>
      {me.permissions.includes('pairing.manage') ? (
        <Form.Item label="责任人账号" name="responsibleUserId" extra="到期、逾期提醒发到该账号的我的待办">
          <ResponsibleSelect
            onPick={(_id, name) => {
              if (name) form.setFieldValue('responsibleName', name);
            }}
          />
        </Form.Item>
      ) : (
        <Form.Item name="responsibleUserId" hidden>
          <Input />
        </Form.Item>
      )}
      <Form.Item label="责任人" name="responsibleName" rules={[{ required: true, message: '请填写责任人' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item label="开始日期" name="startOn" rules={[{ required: true, message: '请填写开始日期' }]}>
          <Input type="date" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="完成期限" name="dueOn" rules={[{ required: true, message: '请填写完成期限' }]}>
          <Input type="date" style={{ width: 160 }} data-testid="measure-due" />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item label="金额（元）" name="amount">
          <InputNumber min={0} precision={2} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="期限类型" name="term" rules={[{ required: true }]}>
          <Select
            style={{ width: 120 }}
            options={measureTerms.map((t) => ({ value: t, label: measureTermLabels[t] }))}
          />
        </Form.Item>
      </Flex>
      <Form.Item name="emergency" valuePropName="checked">
        <Checkbox>应急措施（突发困难先行救助）</Checkbox>
      </Form.Item>
    </FormModal>
  );
}

function CompleteModal({ measure, onClose }: { measure: Measure; onClose: () => void }) {
  const [form] = Form.useForm<{ completedOn: string; result: string }>();
  const complete = useCompleteMeasure();
  return (
    <FormModal<{ completedOn: string; result: string }>
      form={form}
      title={`措施落实：${measure.typeLabel}`}
      okText="确认落实"
      mutation={complete}
      initialValues={{ completedOn: todayLocal() }}
      onClose={onClose}
      onFinish={(v) =>
        complete.mutate(
          { id: measure.id, body: { ...v, version: measure.version } },
          { onSuccess: () => (notifySuccess('已登记落实'), onClose()) },
        )
      }
    >
      <Form.Item label="落实日期" name="completedOn" rules={[{ required: true, message: '请填写落实日期' }]}>
        <Input type="date" max={todayLocal()} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item label="落实成效" name="result" rules={[{ required: true, message: '请填写落实成效' }]}>
        <Input.TextArea rows={3} maxLength={500} data-testid="measure-result" />
      </Form.Item>
    </FormModal>
  );
}

function CancelModal({ measure, onClose }: { measure: Measure; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelMeasure();
  return (
    <FormModal<{ reason: string }>
      form={form}
      title={`取消措施：${measure.typeLabel}`}
      okText="取消措施"
      danger
      mutation={cancel}
      initialValues={{}}
      onClose={onClose}
      onFinish={(v) =>
        cancel.mutate(
          { id: measure.id, body: { ...v, version: measure.version } },
          { onSuccess: () => (notifySuccess('已取消'), onClose()) },
        )
      }
    >
      <Form.Item label="取消原因" name="reason" rules={[{ required: true, message: '请填写取消原因' }]}>
        <Input.TextArea rows={2} maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function PlanGoal({ caseId, plan, canWrite }: { caseId: string; plan: HelpPlan; canWrite: boolean }) {
  const [editing, setEditing] = useState(false);
  const [goal, setGoal] = useState(plan.goal ?? '');
  const update = useUpdatePlan(caseId);
  if (!editing)
    return (
      <Space align="start" wrap>
        <Typography.Text strong>帮扶目标：</Typography.Text>
        <Typography.Text data-testid="plan-goal">{plan.goal ?? '（未填写）'}</Typography.Text>
        {plan.updatedOn && <Typography.Text type="secondary">（{plan.updatedOn} 更新）</Typography.Text>}
        {canWrite && (
          <Button size="small" onClick={() => (setGoal(plan.goal ?? ''), setEditing(true))}>
            修改
          </Button>
        )}
      </Space>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ApiErrorAlert error={update.error} />
      <Input.TextArea rows={2} maxLength={500} value={goal} onChange={(e) => setGoal(e.target.value)} />
      <Space>
        <Button
          type="primary"
          loading={update.isPending}
          disabled={goal.trim() === ''}
          onClick={() => update.mutate({ caseVersion: plan.caseVersion, goal }, { onSuccess: () => setEditing(false) })}
        >
          保存
        </Button>
        <Button onClick={() => setEditing(false)}>取消</Button>
      </Space>
    </Space>
  );
}

/** 一户一方案: the plan's goal and measures of one case, with hints (development vs safety net) and R07 gaps. */
export function MeasuresPanel({ caseId }: { caseId: string }) {
  const me = useCurrentMe();
  const plan = useHelpPlan(caseId);
  const [editing, setEditing] = useState<Measure | 'new' | null>(null);
  const [completing, setCompleting] = useState<Measure | null>(null);
  const [cancelling, setCancelling] = useState<Measure | null>(null);
  if (plan.error) return <ApiErrorAlert error={plan.error} />;
  const data = plan.data;
  const open = data ? data.caseStatus === 'monitored' || data.caseStatus === 'identifying' : false;
  const canWrite = me.permissions.includes('help.write') && open;
  const columns: TableColumnsType<Measure> = [
    {
      title: '措施',
      dataIndex: 'typeLabel',
      render: (label: string, m) => (
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <Typography.Text strong>{label}</Typography.Text>
            {m.emergency && <Tag color="red">应急</Tag>}
            <Tag>{measureTermLabels[m.term]}</Tag>
          </Space>
          <Typography.Text type="secondary">{m.content}</Typography.Text>
        </Space>
      ),
    },
    { title: '针对风险', dataIndex: 'riskType', render: (r: RiskType | null) => (r ? riskTypeLabels[r] : '—') },
    { title: '责任人', dataIndex: 'responsibleName' },
    {
      title: '期限',
      dataIndex: 'dueOn',
      render: (due: string, m) => (
        <Space size={4} wrap>
          <span>
            {m.startOn} 至 {due}
          </span>
          {m.overdue && <Tag color="red">已逾期</Tag>}
          {m.dueSoon && <Tag color="orange">即将到期</Tag>}
        </Space>
      ),
    },
    { title: '金额（元）', dataIndex: 'amount', render: (a: number | null) => (a === null ? '—' : a.toFixed(2)) },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: Measure['status'], m) => (
        <Space direction="vertical" size={0}>
          <Tag color={statusColors[s]}>{m.statusLabel}</Tag>
          {m.completedOn && <Typography.Text type="secondary">{m.completedOn}</Typography.Text>}
          {m.result && <Typography.Text type="secondary">{m.result}</Typography.Text>}
        </Space>
      ),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, m: Measure) =>
              m.status === 'planned' || m.status === 'in_progress' ? (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setEditing(m)}>
                    修改
                  </Button>
                  <Button size="small" type="primary" onClick={() => setCompleting(m)} data-testid="measure-complete">
                    落实
                  </Button>
                  <Button size="small" danger onClick={() => setCancelling(m)}>
                    取消
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Card
      title="一户一方案（帮扶计划）"
      extra={
        canWrite && data ? (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="measure-add">
            新增措施
          </Button>
        ) : null
      }
      loading={plan.isPending}
      data-testid="measures-panel"
    >
      {data && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Text type="secondary">{nationalRuleLabel}</Typography.Text>
          <PlanGoal caseId={caseId} plan={data} canWrite={canWrite} />
          <Typography.Text>
            在户 {data.members} 人，有劳动能力 {data.membersAbleToWork} 人；监测风险：
            {data.riskTypes.map((r) => riskTypeLabels[r]).join('、') || '—'}
          </Typography.Text>
          {data.uncoveredRisks.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={`以下风险尚无帮扶措施（R07）：${data.uncoveredRisks.map((r) => riskTypeLabels[r]).join('、')}`}
              data-testid="plan-uncovered"
            />
          )}
          {data.hints.map((h) => (
            <Alert key={h} type="warning" showIcon title={h} data-testid="plan-hint" />
          ))}
          <Table<Measure>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={data.measures}
            pagination={false}
            scroll={{ x: 760 }}
            locale={{ emptyText: '尚无帮扶措施' }}
            data-testid="measures-table"
          />
        </Space>
      )}
      {editing && data && (
        <MeasureModal
          caseId={caseId}
          plan={data}
          measure={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {completing && <CompleteModal measure={completing} onClose={() => setCompleting(null)} />}
      {cancelling && <CancelModal measure={cancelling} onClose={() => setCancelling(null)} />}
    </Card>
  );
}
